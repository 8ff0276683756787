# shellcheck shell=bash
# Helpers for serve's tests: tcpdoc serve in a namespace of the test's own,
# read with curl from inside it, samples picked out of the exposition.
#
#	. "$TCPD_ROOT/tests/integration/lib/serve.bash"
#	sv_start NS PORT ARGS...   serve in NS on 127.0.0.1:PORT; SV_PID
#	sv_get NS PORT PATH FILE [CURL_ARGS]  the body into FILE; SV_CODE the HTTP status
#	sv_value FILE 'NAME{...}'  the value of the sample written exactly so
#	sv_stop PID                SIGTERM, wait; SV_RC its exit code
#	sv_prometheus NS PORT CONFIG DIR  a real Prometheus in NS on 127.0.0.1:PORT
#	                           reading CONFIG, its TSDB and log in DIR; SV_PROM its
#	                           pid (ended at exit)
#	sv_scrape NS PORT DIR TARGET [SECS]  sv_prometheus with DIR/prometheus.yml:
#	                           one job, tcpdoc, scraping 127.0.0.1:TARGET every
#	                           SECS seconds (10, Prometheus's default timeout)
#	sv_query EXPR              the value of EXPR's first series from it, "" while
#	                           there is none
#
# Over TLS: SV_SCHEME=https and SV_CURL=(--cacert FILE), which every curl
# of sv_start and sv_get then takes.

# shellcheck source=../../lib/netns.bash
declare -F ns_add >/dev/null || . "$TCPD_ROOT/tests/lib/netns.bash"

SV_PIDS=()
SV_SCHEME=http
SV_CURL=()

sv_kill_all() {
	local pid
	for pid in "${SV_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	SV_PIDS=()
}
on_exit sv_kill_all

sv_start() {
	local ns=$1 port=$2 i
	shift 2
	# ip netns exec execs tcpdoc, so $! is serve itself.
	ip netns exec "$ns" "$TCPDOC" serve --listen "127.0.0.1:$port" "$@" 2>>"${SV_LOG:-/dev/null}" &
	SV_PID=$!
	SV_PIDS+=("$SV_PID")
	for ((i = 0; i < 100; i++)); do
		ip netns exec "$ns" curl -sf -o /dev/null "${SV_CURL[@]}" \
			"$SV_SCHEME://127.0.0.1:$port/-/healthy" && return 0
		kill -0 "$SV_PID" 2>/dev/null || tap_die "serve exited before it answered"
		sleep 0.1
	done
	tap_die "serve not answering on $port after 10 s"
}

sv_get() {
	local ns=$1 port=$2 path=$3 file=$4
	shift 4
	SV_CODE=$(ip netns exec "$ns" curl -s -o "$file" -w '%{http_code}' "${SV_CURL[@]}" "$@" \
		"$SV_SCHEME://127.0.0.1:$port$path")
}

sv_value() {
	awk -v k="$2" 'index($0, k " ") == 1 { print substr($0, length(k) + 2); found = 1 }
		END { exit !found }' "$1"
}

sv_stop() {
	local pid=$1 p rest=()
	kill -TERM "$pid"
	wait "$pid"
	SV_RC=$?
	for p in "${SV_PIDS[@]}"; do
		[[ $p == "$pid" ]] || rest+=("$p")
	done
	SV_PIDS=("${rest[@]}")
}

sv_prometheus() {
	SV_PROM_NS=$1
	SV_PROM_PORT=$2
	mkdir -p "$4/tsdb"
	ip netns exec "$1" prometheus --config.file="$3" --storage.tsdb.path="$4/tsdb" \
		--web.listen-address="127.0.0.1:$2" >"$4/prometheus.log" 2>&1 &
	SV_PROM=$!
	on_exit "kill -TERM $SV_PROM 2>/dev/null; wait $SV_PROM 2>/dev/null"
}

sv_scrape() {
	local secs=${5:-10}
	cat >"$3/prometheus.yml" <<YML
global:
  scrape_interval: ${secs}s
  scrape_timeout: ${secs}s
scrape_configs:
  - job_name: tcpdoc
    static_configs:
      - targets: ['127.0.0.1:$4']
YML
	sv_prometheus "$1" "$2" "$3/prometheus.yml" "$3"
}

sv_query() {
	ip netns exec "$SV_PROM_NS" curl -s --get --data-urlencode "query=$1" \
		"http://127.0.0.1:$SV_PROM_PORT/api/v1/query" | python3 -c '
import json, sys
try:
    r = json.load(sys.stdin)["data"]["result"]
    print(r[0]["value"][1] if r else "")
except Exception:
    print("")'
}

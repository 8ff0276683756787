#!/usr/bin/env bash
# tcpdoc serve against clients that misbehave: malformed requests written
# as raw bytes get a 4xx (or, for a request line with no space at all, a
# close) and serve goes on answering; 1,000 idle and slow (slowloris)
# clients from 20 addresses do not stop curl and a real Prometheus from
# scraping, idle ones are closed, slow ones held; one address holds at
# most 64 connections. Bad --listen values, a port in use and a web config
# it may not read: one line, exit 3. Everything runs in a namespace of the
# test's own, on its loopback.
. "$TCPD_ROOT/tests/lib/netns.bash"
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

command -v prometheus >/dev/null || tap_die "prometheus not installed (scripts/deps.sh installs it)"
command -v curl >/dev/null || tap_die "curl not installed (scripts/deps.sh installs it)"
PORT=10127
PROM=9090
CLIENTS=$TCPD_ROOT/tests/integration/lib/serve_clients.py
tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"

ns_add srv
SRV=$NS
SV_LOG=$tmp/serve.log
sv_start "$SRV" "$PORT" --interval 0 --config /dev/null

# Raw requests: what each must get.
declare -A want=(
	[no-space]=closed [no-version]=400 [bad-version]=400 [header-no-colon]=400
	[header-folded]=400 [bad-content-length]=400 [huge-header]=431 [huge-target]=414
	[http11-no-host]=400 [http2]=505 [unknown-path]=404 [put]=405 [options]=405
	[http10-no-host]=200
)
ip netns exec "$SRV" python3 "$CLIENTS" raw "$PORT" >"$tmp/raw" 2>"$tmp/raw.err"
check "raw requests sent" || sed 's/^/# /' "$tmp/raw.err"
for name in "${!want[@]}"; do
	got=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/raw")
	expect_eq "$got" "${want[$name]}" "raw request $name: ${want[$name]}"
done
sv_get "$SRV" "$PORT" /metrics "$tmp/after"
expect_eq "$SV_CODE" 200 "after the malformed requests a scrape gets 200"

# Prometheus's default timeout: a collection on a loaded machine may take
# more than a second, and this test is about the clients, not the latency.
sv_scrape "$SRV" "$PROM" "$tmp" "$PORT"
prom_pid=$SV_PROM
query() { sv_query "$1"; }

# wait_for EXPR: until EXPR has a value (60 s at most).
wait_for() {
	local i
	for ((i = 0; i < 600; i++)); do
		[[ -n $(query "$1") ]] && return 0
		kill -0 "$prom_pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

wait_for 'up{job="tcpdoc"} == 1'
check "Prometheus scrapes serve" || tail -n 5 "$tmp/prometheus.log" | sed 's/^/# /'

# 1,000 clients from 127.0.0.10-29 (50 each, under the per-address limit).
addrs=()
for i in {10..29}; do addrs+=("127.0.0.$i"); done
ip netns exec "$SRV" python3 "$CLIENTS" hold "$PORT" 1000 mixed "${addrs[@]}" \
	"$tmp/ready" "$tmp/done" >"$tmp/held" 2>"$tmp/held.err" &
held=$!
on_exit "touch '$tmp/done'; kill $held 2>/dev/null; wait $held 2>/dev/null"
for ((i = 0; i < 600; i++)); do
	[[ -e $tmp/ready ]] && break
	kill -0 "$held" 2>/dev/null || break
	sleep 0.1
done
[[ -e $tmp/ready ]]
check "1,000 clients connected: 500 idle, 500 trickling a request" || sed 's/^/# /' "$tmp/held.err"
since=$(date +%s)
n=$(ip netns exec "$SRV" ss -Htn state established "( sport = :$PORT )" | wc -l)
(( n >= 1000 ))
check "serve's side holds the 1,000 connections ($n)"
for i in 1 2 3; do
	sv_get "$SRV" "$PORT" /metrics "$tmp/busy" --max-time 30
	expect_eq "$SV_CODE" 200 "curl beside 1,000 idle and slow clients: 200 ($i)"
done
wait_for "up{job=\"tcpdoc\"} == 1 and timestamp(up{job=\"tcpdoc\"}) > $since"
check "Prometheus scrapes serve beside 1,000 idle and slow clients"
# Idle clients are closed after 10 s of silence (all of them: at most the
# 500 slow ones, Prometheus's and curl's are left); slow ones are still
# held and Prometheus still gets through.
for ((i = 0; i < 600; i++)); do
	n=$(ip netns exec "$SRV" ss -Htn state established "( sport = :$PORT )" | wc -l)
	(( n <= 502 )) && break
	sleep 0.1
done
(( n >= 500 && n <= 502 ))
check "the idle clients are closed, the slow ones held ($n left)"
sleep 2
expect_eq "$(query "min_over_time(up{job=\"tcpdoc\"}[$(( $(date +%s) - since ))s])")" 1 \
	"every scrape Prometheus made while they were held succeeded" ||
	ip netns exec "$SRV" curl -s "http://127.0.0.1:$PROM/api/v1/targets" | head -c 1000 | sed 's/^/# /'
sv_get "$SRV" "$PORT" /metrics "$tmp/busy" --max-time 30
expect_eq "$SV_CODE" 200 "curl beside 500 slow clients: 200"
touch "$tmp/done"
wait "$held"
expect_eq "$(awk '$1 == "idle_open" { print $2 }' "$tmp/held")" 0 "all 500 idle clients were closed by serve"
expect_eq "$(awk '$1 == "slow_open" { print $2 }' "$tmp/held")" 500 "all 500 slow clients were still held"

# One address holds at most 64 connections: the others are closed at once.
rm -f "$tmp/ready" "$tmp/done"
ip netns exec "$SRV" python3 "$CLIENTS" hold "$PORT" 100 slow 127.0.0.5 \
	"$tmp/ready" "$tmp/done" >"$tmp/held" 2>"$tmp/held.err" &
held=$!
for ((i = 0; i < 600; i++)); do
	[[ -e $tmp/ready ]] && break
	kill -0 "$held" 2>/dev/null || break
	sleep 0.1
done
sv_get "$SRV" "$PORT" /metrics "$tmp/busy" --max-time 30
expect_eq "$SV_CODE" 200 "curl from 127.0.0.1 beside 100 slow clients of 127.0.0.5: 200"
touch "$tmp/done"
wait "$held"
expect_eq "$(awk '$1 == "slow_open" { print $2 }' "$tmp/held")" 64 \
	"100 slow clients from one address: 64 held, the rest closed"
kill -TERM "$prom_pid"
wait "$prom_pid"

# Bad --listen values, a port in use, a web config it may not read.
serve() { ip netns exec "$SRV" "$TCPDOC" serve --interval 0 --config /dev/null "$@"; }
for l in 127.0.0.1:0 127.0.0.1:65536 127.0.0.1: :10128 '[::1]' '[::1]:' ::1:10128 \
	127.0.0.1:10128x 127.0.0.1:-1 '127.0.0.1: 10128' 999.0.0.1:10128 '%%%:abc' \
	'[127.0.0.1:10128' ''; do
	bad_input "serve --listen '$l'" serve --listen "$l"
done
bad_input_says "serve --listen a name that does not resolve" "cannot resolve 'no-such-host.invalid'" \
	serve --listen no-such-host.invalid:10128
bad_input_says "serve --listen on a port in use names it" "cannot listen on 127.0.0.1:$PORT: " \
	serve --listen "127.0.0.1:$PORT"
# root reads any file: without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH it may not.
printf 'basic_auth_users: {}\n' >"$tmp/web.yml"
chmod 000 "$tmp/web.yml"
bad_input_says "serve --web-config it may not read" "cannot read .*web.yml: Permission denied" \
	ip netns exec "$SRV" setpriv --bounding-set=-dac_override,-dac_read_search \
	"$TCPDOC" serve --interval 0 --config /dev/null --listen 127.0.0.1:10128 --web-config "$tmp/web.yml"

# A name and an IPv6 address that do work.
sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "SIGTERM: exit 0"
for host in localhost '[::1]'; do
	ip netns exec "$SRV" "$TCPDOC" serve --listen "$host:$PORT" --interval 0 --config /dev/null \
		2>>"$SV_LOG" &
	SV_PID=$!
	SV_PIDS+=("$SV_PID")
	for ((i = 0; i < 100; i++)); do
		code=$(ip netns exec "$SRV" curl -s -o /dev/null -w '%{http_code}' "http://$host:$PORT/-/healthy")
		[[ $code == 200 ]] && break
		sleep 0.1
	done
	expect_eq "$code" 200 "serve --listen $host:$PORT answers"
	sv_stop "$SV_PID"
	expect_eq "$SV_RC" 0 "serve --listen $host:$PORT: SIGTERM, exit 0"
done

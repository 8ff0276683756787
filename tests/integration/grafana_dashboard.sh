#!/usr/bin/env bash
# contrib/grafana/tcpdoc.json against a real Prometheus (Grafana is not in
# Debian): the dashboard's shape (schema, the datasource, instance and
# namespace variables, every panel on the datasource variable), then every
# panel's query, its template variables replaced by the lab's values or
# .*, asked of a Prometheus that scrapes tcpdoc serve while a lab
# namespace holds a CLOSE_WAIT leak and idle connections. Each must
# succeed and return data. Queries of the eBPF families (tcpdoc_state_*,
# time in state) are excepted only when serve reports its tracer absent
# (tcpdoc_state_timer_up 0, or a serve without those families at all),
# and the output says so. serve and Prometheus run inside the lab's namespace, on
# its loopback, so the scrapes are traffic the counters' rates see; both
# are ended by PID.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

command -v prometheus >/dev/null || tap_die "prometheus not installed (scripts/deps.sh installs it)"
command -v curl >/dev/null || tap_die "curl not installed (scripts/deps.sh installs it)"
DASH=$TCPD_ROOT/contrib/grafana/tcpdoc.json
PORT=10127
PROM=9090
RATE=30s

# The dashboard's shape; prints one query per line: "PANEL<TAB>EXPR".
exprs=$(mktemp)
on_exit "rm -f '$exprs'"
python3 - "$DASH" >"$exprs" <<'PY'
import json, sys

d = json.load(open(sys.argv[1]))
bad = []
if not isinstance(d.get("schemaVersion"), int) or d["schemaVersion"] < 36:
    bad.append("schemaVersion %r is not a current Grafana's (36 or later)" % d.get("schemaVersion"))
var = {v["name"]: v for v in d.get("templating", {}).get("list", [])}
ds = var.get("datasource", {})
if ds.get("type") != "datasource" or ds.get("query") != "prometheus":
    bad.append("no datasource variable of type datasource for prometheus")
for name in ("instance", "netns"):
    if var.get(name, {}).get("type") != "query":
        bad.append("no %s query variable" % name)
ids = set()
def panels(ps):
    for p in ps:
        yield p
        yield from panels(p.get("panels", []))
for p in panels(d.get("panels", [])):
    if p.get("id") in ids:
        bad.append("panel id %r twice" % p.get("id"))
    ids.add(p.get("id"))
    if p.get("type") == "row":
        continue
    title = p.get("title", "?")
    if p.get("datasource", {}).get("uid") != "${datasource}":
        bad.append("panel %r not on ${datasource}" % title)
    if not p.get("targets"):
        bad.append("panel %r has no query" % title)
    for t in p.get("targets", []):
        if not t.get("expr", "").strip():
            bad.append("panel %r: a target without expr" % title)
            continue
        print("%s\t%s" % (title, " ".join(t["expr"].split())))
for v in var.values():
    if v.get("type") == "query":
        q = v["query"]["query"] if isinstance(v["query"], dict) else v["query"]
        print("variable $%s\t%s" % (v["name"], q))
for b in bad:
    print("BAD\t" + b)
PY
check "contrib/grafana/tcpdoc.json is JSON" || tap_die "the dashboard does not load"
expect_eq "$(awk -F'\t' '$1 == "BAD" { print $2 }' "$exprs")" "" \
	"the dashboard: schemaVersion, datasource/instance/netns variables, every panel on \${datasource}"
n=$(grep -vc '^BAD' "$exprs")
[ "$n" -ge 20 ]
check "the dashboard has $n queries (20 or more)"

dl_up
dl_start close-wait 25 8080
lab_start_scenario "$DL_LAB" healthy 10 8081
SV_LOG=$DL_DIR/serve.log
sv_start "$DL_NS" "$PORT" -N "$DL_NS" --interval 0 --config /dev/null --top 1000
sv_scrape "$DL_NS" "$PROM" "$DL_DIR" "$PORT" 1
prom_pid=$SV_PROM

# ask EXPR: Prometheus's answer, as "error: ..." or "N SERIES" (how many
# series, the values of the first three).
ask() {
	ip netns exec "$DL_NS" curl -s --get --data-urlencode "query=$1" \
		"http://127.0.0.1:$PROM/api/v1/query" | python3 -c '
import json, sys
try:
    d = json.load(sys.stdin)
except Exception as e:
    print("error: no JSON from Prometheus"); sys.exit()
if d.get("status") != "success":
    print("error: %s: %s" % (d.get("errorType"), d.get("error"))); sys.exit()
r = d["data"]["result"]
if d["data"]["resultType"] == "scalar":
    r = [{"value": r}]
print(len(r), " ".join(x["value"][1] for x in r[:3]))'
}

# Rates need a few samples in their window: wait for five scrapes.
for ((i = 0; i < 300; i++)); do
	[[ $(ask 'count_over_time(up{job="tcpdoc"}[1m]) >= 5') == 1\ * ]] && break
	kill -0 "$prom_pid" 2>/dev/null || break
	sleep 0.1
done
expect_eq "$(ask 'min(up{job="tcpdoc"})')" "1 1" "Prometheus scrapes serve (up == 1)" ||
	tail -n 5 "$DL_DIR/prometheus.log" | sed 's/^/# /'

instance=127.0.0.1:$PORT
sv_get "$DL_NS" "$PORT" /metrics "$DL_DIR/metrics"
# The tracer: 1 up; 0 absent (no root or BPF); no line: this serve has
# no time-in-state families.
timer=$(sv_value "$DL_DIR/metrics" tcpdoc_state_timer_up) || timer=none
case $timer in
1) ebpf_absent=0 why="" ;;
0) ebpf_absent=1 why="serve reports its tracer absent (tcpdoc_state_timer_up 0)" ;;
*) ebpf_absent=1 why="serve exports no tcpdoc_state_timer_up: no time-in-state families in this build" ;;
esac

# Template variables: the lab's instance; .* for the multi-value ones
# (netns, state); Grafana's intervals a window holding the scrapes.
# shellcheck disable=SC2016 # the patterns are Grafana's variables, literally
subst() {
	local e=$1
	e=${e//'$__rate_interval'/$RATE}
	e=${e//'$__interval'/$RATE}
	e=${e//'${instance}'/$instance}
	e=${e//'$instance'/$instance}
	e=${e//'${netns}'/.*}
	e=${e//'$netns'/.*}
	e=${e//'${state}'/.*}
	e=${e//'$state'/.*}
	printf '%s' "$e"
}

# label_values(METRIC_SELECTOR, LABEL) -> the selector, asked for its LABEL.
excepted=0
while IFS=$'\t' read -r panel expr; do
	[[ $panel == BAD ]] && continue
	q=$(subst "$expr")
	if [[ $q =~ ^label_values\((.*),\ *([a-z_]+)\)$ ]]; then
		q="count by (${BASH_REMATCH[2]}) (${BASH_REMATCH[1]})"
	fi
	if [[ $q == *'$'* ]]; then
		echo "not ok - $panel: a template variable the test does not know: $q"
		continue
	fi
	got=$(ask "$q")
	if [[ $got == error:* ]]; then
		echo "not ok - $panel: $q: $got"
	elif [[ $q == *tcpdoc_state_* && $ebpf_absent == 1 && $got == 0\ * ]]; then
		excepted=$((excepted + 1))
		echo "# excepted: $panel: $q: no data, and $why"
	elif [[ $got == 0\ * ]]; then
		echo "not ok - $panel: $q: no data"
	else
		echo "ok - $panel: $q: ${got%% *} series"
	fi
done <"$exprs"
if ((ebpf_absent)); then
	echo "# $excepted eBPF queries excepted: $why"
fi

# The namespace variable lists the lab's namespace.
got=$(ask "count(tcpdoc_sockets{instance=\"$instance\",netns=\"$DL_NS\"})")
expect_eq "$got" "1 11" "the netns variable's query finds the lab's namespace (11 states)"
# The findings panels' series name the lab's leak, a warning (2).
got=$(ask "max by (id) (tcpdoc_finding_severity{instance=\"$instance\",id=\"close-wait-leak\"}) > 0")
expect_eq "$got" "1 2" "the findings panels show close-wait-leak, a warning"

kill -TERM "$prom_pid"
wait "$prom_pid"
sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "serve: SIGTERM after being scraped, exit 0"

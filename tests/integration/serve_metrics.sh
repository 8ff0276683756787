#!/usr/bin/env bash
# tcpdoc serve against a lab with sockets in every state and a CLOSE_WAIT
# leak: promtool-clean exposition, the lab's exact counts per state, port
# and process, the finding raised, the HTTP contract and a clean SIGTERM.
# serve runs in a namespace of its own and reads the lab's with -N, so its
# own scrapes never change the counts it is checked on.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

command -v promtool >/dev/null || tap_die "promtool not installed (scripts/deps.sh installs prometheus)"
command -v curl >/dev/null || tap_die "curl not installed (scripts/deps.sh installs it)"
PORT=10127

dl_up
lab_start_scenario "$TCPD_BUILD/tests/scenario"
dl_start close-wait 25 8080
ns_add srv
SRV=$NS
SV_LOG=$DL_DIR/serve.log
sv_start "$SRV" "$PORT" -N "$DL_NS" --interval 0 --config /dev/null
out=$DL_DIR/metrics
sv_get "$SRV" "$PORT" /metrics "$out"
expect_eq "$SV_CODE" 200 "GET /metrics: 200"

lint=$(promtool check metrics <"$out" 2>&1)
check "promtool check metrics is clean" || echo "# $lint"

# Every state against ss in the lab, zeros included.
while read -r state want; do
	got=$(sv_value "$out" "tcpdoc_sockets{netns=\"$DL_NS\",state=\"$state\"}") || got=missing
	expect_eq "$got" "$want" "tcpdoc_sockets $state is what ss counts in the lab"
done < <(lab_ss_counts)

v() { sv_value "$out" "$1" || echo missing; }
expect_eq "$(v 'tcpdoc_finding_raised{id="close-wait-leak"}')" 1 "close-wait-leak raised: 1"
dl_diag
want=$(DL_ID=close-wait-leak pyjson 'next(f["count"] for f in d["findings"] if f["id"] == "close-wait-leak")' <<<"$DL_JSON")
expect_eq "$(v 'tcpdoc_finding_affected{id="close-wait-leak"}')" "$want" \
	"close-wait-leak counts what diagnose counts ($want)"
expect_eq "$(v 'tcpdoc_finding_severity{id="close-wait-leak"}')" 2 "close-wait-leak is a warning (2)"
expect_eq "$(v 'tcpdoc_finding_raised{id="syn-flood"}')" 0 "syn-flood not raised: 0"
expect_eq "$(v 'tcpdoc_status')" 1 "status: warning (1)"
expect_eq "$(v 'tcpdoc_port_sockets{port="8080",state="CLOSE_WAIT"}')" 25 "port 8080 holds the 25 CLOSE_WAIT"
expect_eq "$(v "tcpdoc_process_sockets{process=\"$DL_COMM\",state=\"CLOSE_WAIT\"}")" 25 \
	"process $DL_COMM holds the 25 CLOSE_WAIT"
expect_eq "$(v "tcpdoc_listener_backlog{netns=\"$DL_NS\",address=\"127.0.0.1\",port=\"8080\"}")" 128 \
	"listener 127.0.0.1:8080: backlog 128"
expect_eq "$(v 'tcpdoc_source_info{source="netlink"}')" 1 "source: netlink"
expect_eq "$(v 'tcpdoc_collection_success')" 1 "collection succeeded"

# Ports and processes stay bounded by --top.
rows=$(grep -c '^tcpdoc_port_sockets{.*state="ESTABLISHED"' "$out")
(( rows <= 11 ))
check "at most --top 10 ports and other ($rows rows)"

body=$DL_DIR/body
sv_get "$SRV" "$PORT" /nope "$body"
expect_eq "$SV_CODE" 404 "unknown path: 404"
sv_get "$SRV" "$PORT" /metrics "$body" -X POST
expect_eq "$SV_CODE" 405 "POST /metrics: 405"
sv_get "$SRV" "$PORT" /metrics "$body" -X DELETE
expect_eq "$SV_CODE" 405 "DELETE /metrics: 405"
sv_get "$SRV" "$PORT" / "$body"
expect_eq "$SV_CODE" 200 "GET /: 200"
grep -q 'href="/metrics"' "$body"
check "/ links to /metrics"
sv_get "$SRV" "$PORT" /-/healthy "$body"
expect_eq "$SV_CODE" 200 "GET /-/healthy: 200"
type=$(ip netns exec "$SRV" curl -s -o /dev/null -w '%{content_type}' \
	-H 'Accept: application/openmetrics-text; version=1.0.0' "http://127.0.0.1:$PORT/metrics")
expect_eq "$type" "application/openmetrics-text; version=1.0.0; charset=utf-8" \
	"OpenMetrics when Accept asks for it"
sv_get "$SRV" "$PORT" /metrics "$body" -H 'Accept: application/openmetrics-text'
expect_eq "$(tail -n 1 "$body")" "# EOF" "OpenMetrics ends with # EOF"

# Bad flags and a port in use: one line, exit 3.
bad_input "serve --listen nonsense" ip netns exec "$SRV" "$TCPDOC" serve --listen nonsense
bad_input "serve --listen 127.0.0.1:70000" ip netns exec "$SRV" "$TCPDOC" serve --listen 127.0.0.1:70000
bad_input "serve --listen 127.0.0.1 (no port)" ip netns exec "$SRV" "$TCPDOC" serve --listen 127.0.0.1
bad_input "serve on a port in use" ip netns exec "$SRV" "$TCPDOC" serve --listen "127.0.0.1:$PORT" --interval 0
bad_input "serve --top 0" "$TCPDOC" serve --top 0
bad_input "serve --min-interval -1" "$TCPDOC" serve --min-interval -1
bad_input "serve with an argument" "$TCPDOC" serve extra
bad_input "serve --config missing" ip netns exec "$SRV" "$TCPDOC" serve --listen 127.0.0.1:10128 \
	--interval 0 --config /nonexistent/tcpdoc.conf

sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "SIGTERM: exit 0"

# Single flight: scrapes that come while a collection runs (two seconds of
# counter sampling) share it; within --min-interval the result is reused.
sv_start "$SRV" 10129 -N "$DL_NS" --interval 2 --config /dev/null
first=$DL_DIR/first
sv_get "$SRV" 10129 /metrics "$first"
before=$(sv_value "$first" tcpdoc_collections_total)
par=()
for i in 1 2 3 4; do
	sv_get "$SRV" 10129 /metrics "$DL_DIR/par.$i" &
	par+=("$!")
done
wait "${par[@]}"
after=$(for i in 1 2 3 4; do sv_value "$DL_DIR/par.$i" tcpdoc_collections_total; done | sort -n | tail -n 1)
(( after - before <= 2 ))
check "4 concurrent scrapes shared their collections: $((after - before)) for 4"
sv_stop "$SV_PID"
# Under a locale whose decimal separator is a comma, numbers keep the dot.
LC_ALL=de_DE.UTF-8 sv_start "$SRV" 10129 -N "$DL_NS" --interval 0 --config /dev/null --min-interval 3600
sv_get "$SRV" 10129 /metrics "$first"
dur=$(sv_value "$first" tcpdoc_collection_duration_seconds)
[[ $dur =~ ^[0-9]+(\.[0-9]+)?(e-?[0-9]+)?$ ]]
check "under de_DE.UTF-8 a duration is written with a dot ($dur)"
sv_get "$SRV" 10129 /metrics "$DL_DIR/second"
expect_eq "$(sv_value "$DL_DIR/second" tcpdoc_collections_total)" \
	"$(sv_value "$first" tcpdoc_collections_total)" "--min-interval: a second scrape reuses the first collection"

# Idle and slow clients, malformed requests: serve_robust.sh.
sv_stop "$SV_PID"

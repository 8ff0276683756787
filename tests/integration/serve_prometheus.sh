#!/usr/bin/env bash
# A real Prometheus server scrapes tcpdoc serve while a lab namespace holds
# a CLOSE_WAIT leak; its HTTP API must give the lab's exact counts and the
# finding. Prometheus and serve run in a namespace of the test's own, on
# its loopback; both are ended by PID.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

command -v prometheus >/dev/null || tap_die "prometheus not installed (scripts/deps.sh installs it)"
command -v curl >/dev/null || tap_die "curl not installed (scripts/deps.sh installs it)"
PORT=10127
PROM=9090

dl_up
dl_start close-wait 25 8080
ns_add srv
SRV=$NS
SV_LOG=$DL_DIR/serve.log
sv_start "$SRV" "$PORT" -N "$DL_NS" --interval 0 --config /dev/null

# Prometheus's default timeout: a collection on a loaded machine may take
# more than a second.
sv_scrape "$SRV" "$PROM" "$DL_DIR" "$PORT"
prom_pid=$SV_PROM
query() { sv_query "$1"; }

for ((i = 0; i < 300; i++)); do
	[[ $(query 'up{job="tcpdoc"}') == 1 ]] && break
	kill -0 "$prom_pid" 2>/dev/null || break
	sleep 0.1
done
expect_eq "$(query 'up{job="tcpdoc"}')" 1 "Prometheus scrapes serve (up == 1)" ||
	tail -n 5 "$DL_DIR/prometheus.log" | sed 's/^/# /'

want=$(lab_ss_counts | awk '$1 == "CLOSE_WAIT" { print $2 }')
expect_eq "$(query "tcpdoc_sockets{state=\"CLOSE_WAIT\",netns=\"$DL_NS\"}")" "$want" \
	"Prometheus: CLOSE_WAIT is the lab's $want"
want=$(lab_ss_counts | awk '$1 == "FIN_WAIT2" { print $2 }')
expect_eq "$(query "tcpdoc_sockets{state=\"FIN_WAIT2\",netns=\"$DL_NS\"}")" "$want" \
	"Prometheus: FIN_WAIT2 is the lab's $want"
expect_eq "$(query 'sum(tcpdoc_sockets{state="LISTEN"})')" 1 "Prometheus: one LISTEN"
expect_eq "$(query 'tcpdoc_port_sockets{port="8080",state="CLOSE_WAIT"}')" 25 \
	"Prometheus: port 8080 holds 25 CLOSE_WAIT"
expect_eq "$(query 'tcpdoc_finding_raised{id="close-wait-leak"}')" 1 \
	"Prometheus: close-wait-leak raised"
expect_eq "$(query 'tcpdoc_status')" 1 "Prometheus: status warning"
# Prometheus asks for OpenMetrics first: the counters arrived as counters.
expect_eq "$(query 'count(tcpdoc_kernel_retrans_segs_total) > 0')" 1 \
	"Prometheus: a kernel counter, parsed from OpenMetrics"

kill -TERM "$prom_pid"
wait "$prom_pid"
sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "serve: SIGTERM after being scraped, exit 0"

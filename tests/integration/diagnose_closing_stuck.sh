#!/usr/bin/env bash
# closing-stuck: tests/lab/scenario holds CLOSING sockets (simultaneous
# closes whose FIN ACKs nft drops).
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
lab_start_scenario "$TCPD_BUILD/tests/scenario" --count 4
n=$(lab_ready_count CLOSING) || dl_die "the scenario's ready file has no CLOSING count"
pid=${LAB_PIDS[0]}
ports=$(awk '$1 == "port" && $2 == "CLOSING" { printf "%s%s", s, $3; s = "," }' "$LAB_READY")
[[ $n -ge 4 && -n $ports ]] || dl_die "the scenario holds $n CLOSING sockets on ports '$ports'"
DL_ID=closing-stuck
# The FINs are retransmitted from about 200 ms after the scenario is ready.
for ((i = 0; i < 30; i++)); do
	dl_diag --set closing_warn="$n"
	dl_py 'f["evidence"]["max_retransmits"] >= 1' && break
	sleep 0.2
done
dl_ok "closing-stuck: $n sockets in CLOSING at closing_warn=$n" \
	"f['count'] == $n and d['states']['CLOSING'] == $n and f['severity'] == 'warning' and f['evidence']['sockets'] == $n"
dl_ok "closing-stuck: names the scenario (pid $pid) and its ports ($ports)" \
	"f['owners'][0]['pid'] == $pid and f['owners'][0]['comm'] == 'scenario' and set(f['ports']) & {$ports}"
dl_ok "closing-stuck: FINs being retransmitted, tcp_orphan_retries shown" \
	'f["evidence"]["max_retransmits"] >= 1 and "tcp_orphan_retries" in f["evidence"]'
dl_diag --set closing_warn=$((n + 1))
dl_ok "closing-stuck: quiet at closing_warn=$((n + 1))" 'f is None'
dl_diag
dl_ok "closing-stuck: $n is below the default 20" 'f is None'

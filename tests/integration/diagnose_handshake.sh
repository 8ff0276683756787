#!/usr/bin/env bash
# syn-sent-stuck, syn-sent-scan, accept-queue-overflow.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_drop_syn 9999
dl_start syn-sent 12 9999
DL_ID=syn-sent-stuck
dl_diag
dl_ok "syn-sent-stuck: 12 toward 127.0.0.1:9999" \
	'f["count"] == 12 and f["peers"][0] == "127.0.0.1:9999"'
dl_ok "syn-sent-stuck: names pid $DL_PID ($DL_COMM)" \
	"f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['comm'] == '$DL_COMM' and f['owners'][0]['count'] == 12"
dl_ok "syn-sent-stuck: tcp_syn_retries in evidence" '"tcp_syn_retries" in f["evidence"]'
DL_ID=syn-sent-scan
dl_ok "syn-sent-stuck: not a scan (one host)" 'f is None'
dl_down

dl_up
dl_drop_syn 9999
dl_start syn-scan 60 9999
DL_ID=syn-sent-scan
dl_diag
dl_ok "syn-sent-scan: 60 distinct hosts" 'f["count"] == 60 and f["evidence"]["distinct_hosts"] == 60'
dl_ok "syn-sent-scan: names pid $DL_PID ($DL_COMM) with 60 hosts" \
	"f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['comm'] == '$DL_COMM' and f['owners'][0]['count'] == 60"
DL_ID=syn-sent-stuck
dl_ok "syn-sent-scan: no single peer is stuck" 'f is None'
dl_down

dl_up
dl_start accept-overflow 6 8083
DL_ID=accept-queue-overflow
dl_diag
dl_ok "accept-queue-overflow: the listener on 8083" \
	'f["count"] == 1 and f["ports"] == [8083] and f["evidence"]["backlog"] == 1 and f["evidence"]["accept_queue"] >= 1'
dl_ok "accept-queue-overflow: names pid $DL_PID ($DL_COMM)" \
	"f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['comm'] == '$DL_COMM'"
dl_ok "accept-queue-overflow: ListenOverflows since boot > 0" \
	'f["evidence"]["ListenOverflows_since_boot"] > 0'

#!/usr/bin/env bash
# recv-queue-backlog: a reader that stops reading.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_start recv-backlog 3 8084
DL_ID=recv-queue-backlog
dl_diag --set recv_q_bytes=10000
dl_ok "recv-queue-backlog: 3 connections" 'f["count"] == 3 and f["evidence"]["largest_recv_q_bytes"] >= 10000'
dl_ok "recv-queue-backlog: names pid $DL_PID ($DL_COMM) on port 8084" \
	"f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['comm'] == '$DL_COMM' and 8084 in f['ports']"
dl_diag --set recv_q_bytes=100000000
dl_ok "recv-queue-backlog: quiet above the threshold" 'f is None'

# The writer of those connections probes a zero window.
DL_ID=send-queue-stalled
dl_diag
dl_ok "send-queue-stalled: 3 writers probing a zero window" \
	'f["count"] == 3 and f["evidence"]["zero_window_probing"] == 3 and f["evidence"]["largest_send_q_bytes"] > 0'
dl_ok "send-queue-stalled: peers are 127.0.0.1:8084" '"127.0.0.1:8084" in f["peers"]'
dl_ok "send-queue-stalled: the kernel's probe timer makes it certain; tcp_info last_ack_recv as evidence" \
	'f["certainty"] == "certain" and "zero window" in f["because"] and "longest_without_ack_s" in f["evidence"]'

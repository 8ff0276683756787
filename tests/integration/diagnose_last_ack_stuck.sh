#!/usr/bin/env bash
# last-ack-stuck: the peer's final ACK is dropped by nft.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_start last-ack 8 8086
DL_ID=last-ack-stuck
dl_diag --set last_ack_warn=5
dl_ok "last-ack-stuck: 8 sockets in LAST_ACK" \
	'f["count"] == 8 and d["states"]["LAST_ACK"] == 8 and "tcp_orphan_retries" in f["evidence"]'
dl_ok "last-ack-stuck: port 8086" 'f["ports"] == [8086]'
dl_diag
dl_ok "last-ack-stuck: 8 is below the default 50" 'f is None'
# Issue 15: across the two looks (--interval 2) the same 8 sockets are still
# in LAST_ACK and re-sent their FIN: certain, whatever the count threshold.
DL_JSON=$(dl_exec "$TCPDOC" diagnose --json --interval 2 --config /dev/null)
dl_ok "last-ack-stuck: 8, below the default 50, stuck across both looks: certain" \
	'f["count"] == 8 and f["certainty"] == "certain" and f["evidence"]["stuck_across_looks"] == 8 and f["evidence"]["seen_in_both_looks"] == 8'
dl_ok "last-ack-stuck: FINs re-sent, counted" \
	'f["evidence"]["fin_resent"] == 8 and f["evidence"]["max_retransmits"] >= 2 and "re-sending their FIN" in f["because"]'

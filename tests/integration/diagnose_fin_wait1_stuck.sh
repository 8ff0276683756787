#!/usr/bin/env bash
# fin-wait1-stuck: this host closed and its FIN goes unacknowledged, two
# ways. The peers' ACKs are dropped by nft, so the FIN is re-sent; or the
# FIN waits behind data the peer, which stopped reading, will not take, so
# the kernel probes a zero window. Few sockets, below the count threshold:
# certain only because they stay stuck across the two looks.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"

dl_up
dl_start fin-wait1 6 8088
DL_ID=fin-wait1-stuck
dl_diag
dl_ok "fin-wait1-stuck: 6 is below the default 50, one look: not raised" 'f is None'
dl_diag --set fin_wait1_warn=5
dl_ok "fin-wait1-stuck: 6 sockets in FIN_WAIT1, port 8088, the peers named" \
	'f["count"] == 6 and d["states"]["FIN_WAIT1"] == 6 and f["ports"] == [8088] and len(f["peers"]) >= 1 and "tcp_orphan_retries" in f["evidence"]'
dl_ok "fin-wait1-stuck: FINs re-sent, none behind data" \
	'f["evidence"]["fin_resent"] == 6 and f["evidence"]["fin_behind_unsent_data"] == 0 and f["evidence"]["zero_window_probing"] == 0'
DL_JSON=$(dl_exec "$TCPDOC" diagnose --json --interval 2 --config /dev/null)
dl_ok "fin-wait1-stuck: 6, below 50, re-sending their FIN across both looks: certain" \
	'f["count"] == 6 and f["certainty"] == "certain" and f["evidence"]["stuck_across_looks"] == 6 and "FIN_WAIT1" in f["because"]'
dl_ok "fin-wait1-stuck: look is ls -s fin-wait-1" '"ls -s fin-wait-1" in f["look"]'
text=$(dl_exec "$TCPDOC" diagnose --interval 0 --config /dev/null --set fin_wait1_warn=5)
grep -q "fin-wait1-stuck" <<<"$text" && grep -q "peers do not acknowledge our FIN" <<<"$text"
check "fin-wait1-stuck: the text report says it"
dl_down

dl_up
dl_start fin-wait1-window 4 8089
DL_JSON=$(dl_exec "$TCPDOC" diagnose --json --interval 2 --config /dev/null)
DL_ID=fin-wait1-stuck
dl_ok "fin-wait1-stuck: 4 FINs behind unread data, probing a zero window" \
	'f["count"] == 4 and f["evidence"]["fin_behind_unsent_data"] == 4 and f["evidence"]["zero_window_probing"] == 4'
dl_ok "fin-wait1-stuck: behind a zero window across both looks: certain" \
	'f["certainty"] == "certain" and f["evidence"]["stuck_across_looks"] == 4'

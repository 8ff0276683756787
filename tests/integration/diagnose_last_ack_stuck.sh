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

#!/usr/bin/env bash
# retransmission-rate: a bulk transfer loses 3 in 10 data segments (nft).
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_start bulk 4 8090
DL_ID=retransmission-rate
dl_diag --interval 1
dl_ok "retransmission-rate: a lossless bulk transfer raises nothing" \
	'd["counters"] == "per_second" and f is None'
dl_lossy 8090 3
dl_diag --interval 1
dl_ok "retransmission-rate: raised with 3 in 10 data segments dropped" \
	'f is not None and f["severity"] == "warning" and d["counters"] == "per_second"'
dl_ok "retransmission-rate: evidence per second, share of at least 5 percent" \
	'f["evidence"]["retrans_percent"] >= 5 and f["evidence"]["OutSegs_per_s"] >= 100 and f["evidence"]["RetransSegs_per_s"] > 0'
dl_diag --interval 1 --set retrans_warn_pct=90
dl_ok "retransmission-rate: quiet under a 90 percent threshold" 'f is None'
dl_diag
dl_ok "retransmission-rate: never raised from counters since boot (--interval 0)" \
	'd["counters"] == "since_boot" and f is None'

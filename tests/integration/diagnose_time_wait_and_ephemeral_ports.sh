#!/usr/bin/env bash
# time-wait-server-close, time-wait-bucket-overflow and
# ephemeral-port-exhaustion (whose idle connections also show keepalive-missing).
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_start time-wait-server 30 8081
DL_ID=time-wait-server-close
dl_diag --set time_wait_server_warn=20
dl_ok "time-wait-server-close: found, 30 on port 8081" \
	'f["count"] == 30 and f["ports"] == [8081] and f["severity"] == "warning"'
dl_ok "time-wait-server-close: TIME_WAIT has no owner; the listener's, pid $DL_PID, is named" \
	"f['owners'] == [{'pid': $DL_PID, 'comm': '$DL_COMM', 'count': 30}] and f['evidence']['owners_from'] == 'listener'"
expect_eq "$DL_RC" 1 "time-wait-server-close: exit 1"
DL_ID=time-wait-bucket-overflow
dl_ok "time-wait-bucket-overflow: not at 30 of the default limit" 'f is None'
dl_diag
dl_ok "time-wait-server-close: 30 is below the default 1000" 'f is None and d["status"] == "ok"'
dl_down

# A namespace with room for 10 TIME_WAIT: the rest overflow.
dl_up
dl_exec sysctl -qw net.ipv4.tcp_max_tw_buckets=10 || dl_die "cannot set tcp_max_tw_buckets"
dl_start time-wait-server 30 8081
DL_ID=time-wait-bucket-overflow
dl_diag
dl_ok "time-wait-bucket-overflow: 10 of 10 buckets, TCPTimeWaitOverflow counted" \
	'f["count"] == 10 and f["evidence"]["tcp_max_tw_buckets"] == 10 and f["evidence"]["TCPTimeWaitOverflow_since_boot"] == 20'
dl_down

dl_up
dl_exec sysctl -qw net.ipv4.ip_local_port_range="40000 40019" || dl_die "cannot set ip_local_port_range"
dl_start ephemeral 16 8082
DL_ID=ephemeral-port-exhaustion
dl_diag
dl_ok "ephemeral-port-exhaustion: 16 of 20 ports to 127.0.0.1:8082" \
	'f["count"] == 16 and f["peers"][0] == "127.0.0.1:8082" and f["evidence"]["local_port_range_size"] == 20 and f["evidence"]["percent_used"] == 80'
dl_ok "ephemeral-port-exhaustion: warning below 90%" 'f["severity"] == "warning"'
dl_ok "ephemeral-port-exhaustion: names pid $DL_PID, the owner of the sockets to 127.0.0.1:8082" \
	"f['owners'] == [{'pid': $DL_PID, 'comm': '$DL_COMM', 'count': 16}] and f['evidence']['owners_from'] == 'open socket to the destination'"
dl_diag --set ephemeral_crit_pct=75
dl_ok "ephemeral-port-exhaustion: critical at 75%" 'f["severity"] == "critical" and d["status"] == "critical"'
expect_eq "$DL_RC" 2 "ephemeral-port-exhaustion: exit 2"

# Those 16 connections are idle without keepalive.
DL_ID=keepalive-missing
dl_diag --set keepalive_idle_s=0 --set keepalive_warn=10
dl_ok "keepalive-missing: 32 idle ends without keepalive, info only" \
	'f["count"] == 32 and f["severity"] == "info" and f["evidence"]["tcp_keepalive_time"] == 7200'

#!/usr/bin/env bash
# False alarms are bugs (issue 15): a busy, healthy service on loopback -
# short connections as fast as two clients make them (the clients close
# first: client-side TIME_WAIT), a keep-alive pool, a burst of 300 at once -
# raises nothing above info, with and without the interval's two looks.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
# A busy client host widens its port range; TIME_WAIT then stays far from it.
dl_exec sysctl -qw net.ipv4.ip_local_port_range="1024 65535" || dl_die "cannot set ip_local_port_range"
dl_start busy 40 8096
for run in 1 2; do
	DL_JSON=$(dl_exec "$TCPDOC" diagnose --json --interval 1 --config /dev/null 2>"$DL_DIR/stderr")
	dl_ok "busy healthy ($run): status ok, no finding above info" \
		'd["status"] == "ok" and all(x["severity"] == "info" for x in d["findings"])'
	dl_ok "busy healthy ($run): the traffic is real (1000+ TIME_WAIT, the pool ESTABLISHED)" \
		'd["states"]["TIME_WAIT"] >= 1000 and d["states"]["ESTABLISHED"] >= 80'
done
dl_diag
dl_ok "busy healthy: nothing above info from one look either" \
	'd["status"] == "ok" and all(x["severity"] == "info" for x in d["findings"])'

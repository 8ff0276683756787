#!/usr/bin/env bash
# tcpdoc pcap on captures of real connections: each scenario runs inside a
# private namespace while tcpdump records its loopback, then the states
# rebuilt for both ends are compared with what was expected and with what
# `ss` showed at known moments during the scenario.
# shellcheck source=tests/integration/pcap/lib.sh
source "$(dirname "$0")/pcap/lib.sh"
pl_up

run() {
	local name=$1; shift
	pl_scenario "$name" || { tap_not_ok "pcap $name: scenario did not run"; return; }
	pl_check "$name" "$@"
}

run normal \
	'one connection::len(conns) == 1' \
	'client states::states(conn(8080), "client") == ["SYN_SENT","ESTABLISHED","FIN_WAIT1","FIN_WAIT2","TIME_WAIT"]' \
	'server states::states(conn(8080), "server") == ["LISTEN","SYN_RECV","ESTABLISHED","CLOSE_WAIT","LAST_ACK","CLOSE"]' \
	'outcome closed by the client::conn(8080)["outcome"] == "closed" and conn(8080)["closed_first_by"] == "client"' \
	'bytes each way::conn(8080)["bytes"] == {"client": 5, "server": 6}' \
	'CLOSE_WAIT about 300 ms::250 < conn(8080)["ends"]["server"][3]["ms"] < 1000' \
	'agrees with ss::ss_agrees(conn(8080))'
run server_first \
	'server closed first::conn(8081)["closed_first_by"] == "server"' \
	'client went through CLOSE_WAIT and LAST_ACK::states(conn(8081), "client")[-3:] == ["CLOSE_WAIT","LAST_ACK","CLOSE"]' \
	'server ends in TIME_WAIT::states(conn(8081), "server")[-1] == "TIME_WAIT"' \
	'agrees with ss::ss_agrees(conn(8081))'
run refused \
	'refused::conn(9)["outcome"] == "refused"' \
	'rst-to-syn by server::ev(conn(9), "rst-to-syn", "server") == 1' \
	'client SYN_SENT then CLOSE::states(conn(9), "client") == ["SYN_SENT","CLOSE"]' \
	'summary counts the RST::d["summary"]["rst_by"]["server"] == 1'
run syn_retrans \
	'timed out::conn(8082)["outcome"] == "timeout"' \
	'SYN retransmitted at least twice::ev(conn(8082), "syn-retransmit", "client") >= 2' \
	'handshake incomplete::ev(conn(8082), "handshake-incomplete") == 1' \
	'client stayed in SYN_SENT::states(conn(8082), "client") == ["SYN_SENT"]' \
	'agrees with ss::ss_agrees(conn(8082), ends=("client",))'
run lost_fin \
	'FIN retransmitted::ev(conn(8083), "fin-retransmit", "client") >= 1' \
	'closed in the end::conn(8083)["outcome"] == "closed"' \
	'agrees with ss::ss_agrees(conn(8083))'
run lost_final_ack \
	'final ACK lost::ev(conn(8084), "final-ack-lost", "server") >= 1' \
	'server retransmitted its FIN::ev(conn(8084), "fin-retransmit", "server") >= 2' \
	'server LAST_ACK for over a second::[h for h in conn(8084)["ends"]["server"] if h["state"] == "LAST_ACK"][0]["ms"] > 900' \
	'server closed in the end::states(conn(8084), "server")[-1] == "CLOSE"' \
	'agrees with ss::ss_agrees(conn(8084))'
run reset \
	'reset by the server::conn(8085)["outcome"] == "reset" and conn(8085)["reset_by"] == "server"' \
	'both ends CLOSE::states(conn(8085), "client")[-1] == states(conn(8085), "server")[-1] == "CLOSE"'
run keepalive \
	'keepalive probes by the client::ev(conn(8086), "keepalive", "client") >= 1' \
	'no false retransmission::ev(conn(8086), "data-retransmit") == 0' \
	'agrees with ss::ss_agrees(conn(8086))'
run zero_window \
	'zero window by the server::ev(conn(8087), "zero-window", "server") >= 1' \
	'window probes by the client::ev(conn(8087), "window-probe", "client") >= 1'
run tw_reuse \
	'two connections on one 4-tuple::len(conns) == 2 and conns[0]["client"] == conns[1]["client"]' \
	'second says time-wait-reuse::ev(conns[1], "time-wait-reuse") == 1 and ev(conns[0], "time-wait-reuse") == 0' \
	'first closed normally::conns[0]["outcome"] == "closed"'
run data_retrans \
	'data retransmitted::ev(conn(8090), "data-retransmit", "client") >= 1' \
	'bytes not double-counted::conn(8090)["bytes"]["client"] == 500'
run half_close \
	'half-close data by server::ev(conn(8091), "half-close-data", "server") >= 1' \
	'bytes from the server::conn(8091)["bytes"]["server"] == 14' \
	'agrees with ss::ss_agrees(conn(8091))'
run ipv6 \
	'IPv6 addresses::conn(8089)["client"]["addr"] == "::1"' \
	'IPv6 states::states(conn(8089), "server") == ["LISTEN","SYN_RECV","ESTABLISHED","CLOSE_WAIT","LAST_ACK","CLOSE"]' \
	'agrees with ss::ss_agrees(conn(8089))'

# The same capture through stdin, a file or a pipe, gives the same report.
# shellcheck disable=SC2002 # the pipe is the point
"$TCPDOC" pcap --json - <"$PL_DIR/normal.pcap" | cmp -s - "$PL_DIR/normal.json" &&
	cat "$PL_DIR/normal.pcap" | "$TCPDOC" pcap --json - | cmp -s - "$PL_DIR/normal.json"
check "pcap reads stdin ('-', file or pipe) the same as the file"

# Live: tcpdoc captures loopback itself (-i, a BPF filter, --duration).
pl_exec "$TCPDOC" pcap -i lo -f "tcp port 8095" --duration 4 --json \
	>"$PL_DIR/live.json" 2>"$PL_DIR/live.err" &
live_pid=$!
pl_exec python3 "$PL_LIB_DIR/scenarios.py" live "$PL_DIR/live.ss.json" >/dev/null 2>&1
wait "$live_pid"
echo $? >"$PL_DIR/live.rc"
pl_check live \
	'live capture exits 0::open("'"$PL_DIR"'/live.rc").read().strip() == "0"' \
	'live capture rebuilds the connection::states(conn(8095), "server") == ["LISTEN","SYN_RECV","ESTABLISHED","CLOSE_WAIT","LAST_ACK","CLOSE"]' \
	'the filter kept other traffic out::len(conns) == 1' \
	'agrees with ss::ss_agrees(conn(8095))'

# The fuzz campaigns (fuzz_campaigns.sh, run after every other test) start
# from these real captures.
if [ -n "${TCPD_BUILD:-}" ] && mkdir -p "$TCPD_BUILD/fuzz-seeds/pcap"; then
	cp "$PL_DIR"/*.pcap "$TCPD_BUILD/fuzz-seeds/pcap/"
fi

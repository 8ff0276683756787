#!/usr/bin/env bash
# tcpdoc probe against the real kernel, inside a private network namespace:
# open, refused, timeout (SYNs dropped by nftables), unreachable, denied
# (prohibit route), no local port, bad input, JSON, Ctrl-C.
# Only loopback addresses and routes inside the namespace are used.
set -u
: "${TCPDOC:?set TCPDOC to the tcpdoc binary}"
. "$TCPD_ROOT/tests/lib/netns.bash"

TMP=
PIDS=()

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	[ -n "$TMP" ] && rm -rf "$TMP"
}
on_exit cleanup

for tool in ip nft python3 ss timeout; do
	command -v "$tool" >/dev/null || tap_die "probe tests because $tool is missing"
done
ns_add probe
TMP=$(mktemp -d /tmp/tcpd-probe.XXXXXX)

in_ns() { ip netns exec "$NS" "$@"; }

# spawn NAME CODE: run python CODE in the namespace, in the background,
# once its set-up is done it writes its own pid (python3 may be a wrapper
# script, so $! is not always the python process). Its output goes nowhere,
# so it cannot hold tests/run.sh's pipe open.
spawn() {
	local name=$1 code=$2 pid
	in_ns python3 -c "$code"'
import os, time
open("'"$TMP/$name.pid"'", "w").write(str(os.getpid()))
time.sleep(120)' >/dev/null 2>&1 &
	for _ in $(seq 100); do
		[ -s "$TMP/$name.pid" ] && break
		sleep 0.1
	done
	pid=$(cat "$TMP/$name.pid" 2>/dev/null) || { tap_not_ok "$name did not start"; return 1; }
	PIDS+=("$pid")
}

# A dual-stack listener on port 8080.
spawn listener '
import socket
s = socket.socket(socket.AF_INET6)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 8080)); s.listen(64)'

# SYNs to 9001 are dropped; unreachable, prohibit routes to addresses that
# exist only in this namespace's routing table.
in_ns nft -f - <<'NFT' || tap_not_ok "nft rules in the namespace"
table inet tcpd_probe {
	chain input {
		type filter hook input priority 0;
		tcp dport 9001 tcp flags & (syn | ack) == syn drop
	}
}
NFT
in_ns ip route add unreachable 10.98.0.0/24
in_ns ip route add prohibit 10.97.0.0/24
in_ns ip -6 route add unreachable fd00:98::/64

# probe ARGS...: run in the namespace; stdout in $TMP/out, stderr in
# $TMP/err, the exit code in $rc. Never more than 30 s.
probe() {
	timeout 30 ip netns exec "$NS" "$TCPDOC" "$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
}

# jq-like checks with python: jcheck 'EXPR' is true of the JSON in $TMP/out.
jcheck() {
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
a = d["attempts"]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$TMP/out" "$1"
}

shape='set(d) == {"target", "attempts", "summary", "advice"} and all(set(x) == {"addr", "port", "outcome", "errno", "errno_name", "ms", "syn_retransmits"} for x in a) and d["summary"]["sent"] == len(a) and len(d["advice"]) > 0'

ip netns exec "$NS" ss -Hltn 'sport = :8080' | grep -q . || tap_not_ok "the listener listens"

# open
probe probe 127.0.0.1:8080
expect "open: exit 0 (got $rc)" test "$rc" -eq 0
expect "open: the attempt line says open" grep -q '^127.0.0.1:8080: open, ' "$TMP/out"
expect "open: a summary with min/avg/max" grep -q 'min/avg/max' "$TMP/out"
probe -j probe 127.0.0.1:8080 -c 2 -i 0.1
expect "open --json: shape per DESIGN.md" jcheck "$shape"
expect "open --json: two attempts, both open, errno 0" \
	jcheck 'd["target"] == "127.0.0.1:8080" and [x["outcome"] for x in a] == ["open"] * 2 and d["summary"]["open"] == 2 and a[0]["errno"] == 0 and a[0]["errno_name"] is None and a[0]["port"] == 8080'
probe -6 -j probe '[::1]:8080'
expect "open over IPv6 with -6 (exit $rc)" jcheck 'a[0]["addr"] == "::1" and a[0]["outcome"] == "open"'
probe -j probe --source 127.0.0.2 127.0.0.1:8080
expect "--source 127.0.0.2: open (exit $rc)" jcheck 'a[0]["outcome"] == "open"'

# refused
probe probe 127.0.0.1:8081
expect "refused: exit 2 (got $rc)" test "$rc" -eq 2
expect "refused: ECONNREFUSED 111 on the attempt line" grep -q 'ECONNREFUSED 111' "$TMP/out"
probe --json probe 127.0.0.1:8081
expect "refused --json: outcome refused, errno 111" \
	jcheck "$shape"' and a[0]["outcome"] == "refused" and a[0]["errno"] == 111 and a[0]["errno_name"] == "ECONNREFUSED" and d["summary"]["refused"] == 1'

# timeout: SYNs dropped; the kernel resends the SYN after about 1 s
probe -j probe 127.0.0.1:9001 -t 2.5
expect "timeout: exit 2 within the 30 s guard (got $rc)" test "$rc" -eq 2
expect "timeout --json: outcome timeout, errno 110, SYN retransmits > 0" \
	jcheck "$shape"' and a[0]["outcome"] == "timeout" and a[0]["errno"] == 110 and a[0]["syn_retransmits"] > 0'

# unreachable
probe -j probe 10.98.0.5:80
expect "unreachable route (v4): exit 2, outcome unreachable, EHOSTUNREACH 113" \
	jcheck '"'"$rc"'" == "2" and a[0]["outcome"] == "unreachable" and a[0]["errno"] == 113'
probe -j probe '[fd00:98::5]:80'
expect "unreachable route (v6): outcome unreachable" jcheck 'a[0]["outcome"] == "unreachable"'
probe -j probe 192.0.2.1:80
expect "no route at all: outcome unreachable, ENETUNREACH 101" \
	jcheck 'a[0]["outcome"] == "unreachable" and a[0]["errno"] == 101'

# denied: a prohibit route gives EACCES
probe -j probe 10.97.0.5:80
expect "prohibit route: outcome denied, EACCES 13" \
	jcheck 'a[0]["outcome"] == "denied" and a[0]["errno"] == 13'

# no local port: a range of two ports, both held towards the listener
in_ns sysctl -qw net.ipv4.ip_local_port_range="40000 40001"
spawn holder '
import socket
cs = [socket.create_connection(("127.0.0.1", 8080)) for _ in range(2)]'
probe -j probe 127.0.0.1:8080
expect "ports exhausted: outcome ports_exhausted, EADDRNOTAVAIL 99 (exit $rc)" \
	jcheck '"'"$rc"'" == "2" and a[0]["outcome"] == "ports_exhausted" and a[0]["errno"] == 99'
kill "${PIDS[-1]}" 2>/dev/null
unset 'PIDS[-1]'
in_ns sysctl -qw net.ipv4.ip_local_port_range="32768 60999"

# bad input: exit 3, one line on stderr, nothing on stdout
for arg in nohost.invalid:80 127.0.0.1:70000 127.0.0.1 '::1:80' '127.0.0.1:0'; do
	probe probe "$arg"
	expect "bad input '$arg': exit 3 (got $rc)" test "$rc" -eq 3
	expect "bad input '$arg': one stderr line, empty stdout" \
		test "$(wc -l <"$TMP/err")" -eq 1 -a ! -s "$TMP/out"
done
probe probe 127.0.0.1:8080 -t 0
expect "bad -t 0: exit 3" test "$rc" -eq 3
probe probe --source 10.1.1.1 127.0.0.1:8080
expect "--source not on this host: exit 3, one stderr line" \
	test "$rc" -eq 3 -a "$(wc -l <"$TMP/err")" -eq 1 -a ! -s "$TMP/out"

# Ctrl-C during a multi-count probe prints the summary
ip netns exec "$NS" "$TCPDOC" probe 127.0.0.1:9001 -c 10 -t 1 >"$TMP/out" 2>"$TMP/err" &
pid=$!
PIDS+=($pid)
sleep 1.6
kill -INT "$pid"
wait "$pid"
rc=$?
unset 'PIDS[-1]'
expect "Ctrl-C: exit 2 (got $rc)" test "$rc" -eq 2
expect "Ctrl-C: the summary is printed" grep -q -- '--- 127.0.0.1:9001 probe ---' "$TMP/out"
expect "Ctrl-C: fewer than 10 attempts were made" \
	test "$(grep -c '^127.0.0.1:9001: ' "$TMP/out")" -lt 10

[ "$TAP_NOT_OK" -eq 0 ]

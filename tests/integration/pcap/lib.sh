# shellcheck shell=bash
# Helpers for the pcap tests: a private network namespace with only
# loopback (tests/lib/netns.bash), tcpdump inside it, and checks on
# `tcpdoc pcap --json`. Everything made here is removed on exit, even on
# failure.
. "$TCPD_ROOT/tests/lib/netns.bash"

PL_NS=
PL_DIR=$(mktemp -d /tmp/tcpdoc-pcap.XXXXXX)
PL_TCPDUMP=""
PL_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

pl_cleanup() {
	[ -n "$PL_TCPDUMP" ] && kill "$PL_TCPDUMP" 2>/dev/null
	rm -rf "$PL_DIR"
}
on_exit pl_cleanup

pl_need() {
	local t
	for t in ip tcpdump python3 nft ss; do
		command -v "$t" >/dev/null || tap_die "pcap tests need $t, which is missing"
	done
	[ -x "${TCPDOC:-}" ] || tap_die "pcap tests need \$TCPDOC (the built binary)"
}

pl_up() {
	pl_need
	ns_add pcap
	PL_NS=$NS
}

pl_exec() {
	ip netns exec "$PL_NS" "$@"
}

# Start tcpdump on the namespace's loopback, writing $1.
pl_capture_start() {

	# Not through pl_exec: $! must be tcpdump itself (ip execs it).
	ip netns exec "$PL_NS" tcpdump -i lo -s 0 -w "$1" --immediate-mode -U tcp \
		2>"$PL_DIR/tcpdump.err" &
	PL_TCPDUMP=$!
	for _ in $(seq 50); do
		grep -q "listening on" "$PL_DIR/tcpdump.err" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "# tcpdump did not start: $(cat "$PL_DIR/tcpdump.err")"
	return 1
}

pl_capture_stop() {
	sleep 0.3
	kill -INT "$PL_TCPDUMP" 2>/dev/null
	wait "$PL_TCPDUMP" 2>/dev/null
	PL_TCPDUMP=""
}

# Run a scenario (python3 file in this directory) inside the namespace,
# capturing to $PL_DIR/NAME.pcap; it writes its ss snapshots to NAME.ss.json.
pl_scenario() {
	local name=$1; shift
	pl_capture_start "$PL_DIR/$name.pcap" || return 1
	pl_exec python3 "$PL_LIB_DIR/scenarios.py" "$name" "$PL_DIR/$name.ss.json" "$@" \
		>"$PL_DIR/$name.out" 2>&1
	local rc=$?
	pl_capture_stop
	[ $rc -eq 0 ] || { echo "# scenario $name failed: $(cat "$PL_DIR/$name.out")"; return 1; }
	"$TCPDOC" pcap --json "$PL_DIR/$name.pcap" >"$PL_DIR/$name.json" 2>"$PL_DIR/$name.err"
}

# pl_check NAME 'what::python expression' ...: one TAP line per expression.
pl_check() {
	local name=$1; shift
	python3 "$PL_LIB_DIR/check.py" "$PL_DIR/$name.json" "$PL_DIR/$name.ss.json" "$name" "$@"
}

#!/usr/bin/env bash
# tcpdoc watch against a known conversation in a private network namespace:
# BPF (watch -N NS, filtered in the kernel by the namespace's inode) and the
# sock_diag sampler (--sample) must report the same transitions for both
# ends, in order, with durations at least the hold times, the owners' pids,
# TIME_WAIT, lower bounds for sockets older than watch, and filters that drop
# what they should. Only loopback inside the namespace; it is removed at exit.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}"
. "$TCPD_ROOT/tests/lib/netns.bash"
HERE="$TCPD_ROOT/tests/integration"
WATCHERS=()
DUR=60	# a bound only: the watchers are stopped with SIGINT once the flow is done

command -v python3 >/dev/null || tap_die "watch tests because python3 is missing"

DIR=$(mktemp -d)
PIDS=()

cleanup() {
	local p
	for p in "${PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	[ -n "${WATCH_KEEP:-}" ] || rm -rf "$DIR"
}
on_exit cleanup
ns_add watch

# Not a function: started with &, $! is then the python itself (ip execs it).
NSRUN=(ip netns exec "$NS")

wait_file() {	# FILE [SECONDS [PATTERN]]: until it exists (and matches)
	local i
	for ((i = 0; i < ${2:-10} * 100; i++)); do
		if [ -n "${3:-}" ]; then
			grep -q "$3" "$1" 2>/dev/null && return 0
		elif [ -e "$1" ]; then
			return 0
		fi
		sleep 0.01
	done
	return 1
}

# Sockets older than watch: an established pair on 7070.
"${NSRUN[@]}" python3 "$HERE/watch_flow.py" hold 127.0.0.1 7070 "$DIR" &
PIDS+=($!)
# The servers exist first, so --pid can name one; they listen on "go".
"${NSRUN[@]}" python3 "$HERE/watch_flow.py" server 127.0.0.1 8080 "$DIR" &
PIDS+=($!)
"${NSRUN[@]}" python3 "$HERE/watch_flow.py" server ::1 9090 "$DIR" v6 &
PIDS+=($!)
wait_file "$DIR/held" && wait_file "$DIR/server.pid" && wait_file "$DIR/v6server.pid" ||
	tap_die "watch: the lab processes did not start"
SPID=$(cat "$DIR/server.pid")

start_watch() {	# NAME ARGS...: output in $DIR/NAME.json, notes in NAME.err
	local name=$1; shift
	"$@" >"$DIR/$name.json" 2>"$DIR/$name.err" &
	PIDS+=($!)
	WATCHERS+=($!)
}
W="$TCPDOC watch --json --duration $DUR"
start_watch all $W -N "$NS" --bpf
start_watch port $W -N "$NS" --bpf --port 8080
start_watch v4 $W -N "$NS" --bpf -4
start_watch pid $W -N "$NS" --bpf --pid "$SPID"
start_watch cw $W -N "$NS" --bpf -s close-wait
start_watch sample ip netns exec "$NS" $W --sample
start_watch text $TCPDOC watch --duration $DUR -N "$NS" --bpf
for n in all port v4 pid cw sample text; do
	if ! wait_file "$DIR/$n.err" 10 'watching\|sampling'; then
		tap_not_ok "watch ($n) did not start: $(head -c 300 "$DIR/$n.err")"
	fi
done
sleep 0.3	# the sampler's first look is its seed

touch "$DIR/release" "$DIR/go"
wait_file "$DIR/listening" && wait_file "$DIR/v6listening" ||
	tap_die "watch: the servers did not listen"
"${NSRUN[@]}" python3 "$HERE/watch_flow.py" client 127.0.0.1 8080 "$DIR" &
PIDS+=($!)
"${NSRUN[@]}" python3 "$HERE/watch_flow.py" client ::1 9090 "$DIR" v6 &
PIDS+=($!)
# The flow says when it is done: waiting on PIDs is unreliable when
# python3 is a wrapper script (pyenv).
for f in server.done v6server.done client.done v6client.done hold.done; do
	wait_file "$DIR/$f" 30 || tap_not_ok "watch: the flow did not finish ($f)"
done
# Let the last changes arrive: the TIME_WAIT follow-up and the sampler dump
# sock_diag, and a dump walks the kernel's whole hash table, every
# namespace's sockets included, so on a busy host it takes a while. Then
# SIGTERM (background jobs of a script ignore SIGINT).
count_in() { grep -c "$2" "$DIR/$1.json" 2>/dev/null; }
for ((i = 0; i < 200; i++)); do
	[[ $(count_in all '"new":"TIME_WAIT"') -ge 3 && $(count_in all '"old":"LAST_ACK"') -ge 3 &&
	   $(count_in sample '"new":"TIME_WAIT"') -ge 3 && $(count_in sample '"new":"CLOSE"') -ge 5 ]] && break
	sleep 0.1
done
sleep 1.5
kill -TERM "${WATCHERS[@]}" 2>/dev/null
for p in "${WATCHERS[@]}"; do
	wait "$p" 2>/dev/null
done
PIDS=()

python3 "$HERE/watch_check.py" "$DIR"

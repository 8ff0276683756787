# shellcheck shell=bash
# tests/lab/lab.sh - a private network namespace with real TCP sockets in it.
#
# Source it from a bash test script:
#
#	. tests/lab/lab.sh
#	lab_up                                  # LAB_NS is the namespace
#	lab_start_scenario build/scenario --v6  # LAB_READY is its ready file
#	lab_exec ss -tan
#	lab_ss_counts                           # "STATE COUNT" lines
#	lab_down                                # also runs at exit
#
# Only loopback addresses inside the namespace are ever used.  The
# namespace comes from tests/lib/netns.bash, which removes it at exit even
# after a failure; add clean-up of your own with on_exit, not trap.
# Failures that would make a test meaningless (not root, no namespace, no
# scenario) print "not ok - lab: why" and exit: the lab never skips.

# shellcheck source=../lib/netns.bash
. "$(dirname "${BASH_SOURCE[0]}")/../lib/netns.bash"

LAB_NS=
LAB_DIR=
LAB_READY=
LAB_PIDS=()
LAB_ON_EXIT=

# The states in kernel order, with ss's names for them.
LAB_STATES=(ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 TIME_WAIT
	CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING)
LAB_SS_NAMES=(ESTAB SYN-SENT SYN-RECV FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT
	UNCONN CLOSE-WAIT LAST-ACK LISTEN CLOSING)

lab_die() {
	tap_die "lab: $*"
}

lab_up() {
	[[ $EUID -eq 0 ]] || lab_die "must run as root (ip netns add, nft)"
	[[ -z $LAB_NS ]] || lab_die "lab_up called twice (namespace $LAB_NS exists)"
	local tool
	for tool in ip nft ss; do
		command -v "$tool" >/dev/null || lab_die "$tool not found"
	done

	if [[ -z $LAB_ON_EXIT ]]; then
		on_exit lab_down
		LAB_ON_EXIT=1
	fi
	ns_add lab
	LAB_NS=$NS
	LAB_DIR=$(mktemp -d /tmp/tcpd-lab.XXXXXX) || lab_die "mktemp failed"
}

lab_exec() {
	[[ -n $LAB_NS ]] || lab_die "lab_exec before lab_up"
	ip netns exec "$LAB_NS" "$@"
}

# lab_start_scenario BIN [ARGS...]: start BIN --ready FILE ARGS in the
# namespace and wait until it has written FILE (at most 10 s).
lab_start_scenario() {
	[[ -n $LAB_NS ]] || lab_die "lab_start_scenario before lab_up"
	local bin=$1 pid i
	shift
	[[ -x $bin ]] || lab_die "scenario program $bin is not executable"

	LAB_READY="$LAB_DIR/ready.${#LAB_PIDS[@]}"
	# ip netns exec execs the program, so $! is the scenario itself.
	ip netns exec "$LAB_NS" "$bin" --ready "$LAB_READY" "$@" &
	pid=$!
	LAB_PIDS+=("$pid")
	for ((i = 0; i < 100; i++)); do
		[[ -e $LAB_READY ]] && return 0
		kill -0 "$pid" 2>/dev/null ||
			lab_die "scenario $bin exited before it was ready"
		sleep 0.1
	done
	lab_die "scenario $bin not ready after 10 s"
}

# Ends what lab_start_scenario started, by PID, then the namespace.
# Safe to call more than once.
lab_down() {
	local pid i
	for pid in "${LAB_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${LAB_PIDS[@]}"; do
		for ((i = 0; i < 30; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	LAB_PIDS=()
	if [[ -n $LAB_NS ]]; then
		ip netns exec "$LAB_NS" nft delete table inet tcpdoc_lab 2>/dev/null
		ns_del "$LAB_NS" || tap_not_ok "lab: could not delete $LAB_NS"
		LAB_NS=
	fi
	[[ -n $LAB_DIR ]] && rm -rf -- "$LAB_DIR"
	LAB_DIR=
	return 0
}

# Prints "STATE COUNT" for all eleven states, kernel names, zeros included.
lab_ss_counts() {
	[[ -n $LAB_NS ]] || lab_die "lab_ss_counts before lab_up"
	lab_exec ss -tanH | awk -v ss="${LAB_SS_NAMES[*]}" \
		-v kern="${LAB_STATES[*]}" '
		BEGIN { n = split(ss, s, " "); split(kern, k, " ")
			for (i = 1; i <= n; i++) name[s[i]] = k[i] }
		{ if (!($1 in name)) { print "lab: unknown ss state " $1 > "/dev/stderr"; bad = 1 }
		  c[name[$1]]++ }
		END { for (i = 1; i <= n; i++) print k[i], c[k[i]] + 0; exit bad }'
}

# lab_ready_count STATE: the count the scenario expects (from LAB_READY).
lab_ready_count() {
	awk -v st="$1" '$1 == st { print $2; found = 1 } END { exit !found }' \
		"$LAB_READY"
}

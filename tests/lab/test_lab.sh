#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# tests/lab/test_lab.sh - self-test of the lab: does ss inside the namespace
# see exactly the sockets the scenario says it built, and do they hold still?
#
# usage: test_lab.sh [SCENARIO_BIN] [SCENARIO_ARGS...]
# Without SCENARIO_BIN, scenario.c and sockets.c are compiled with gcc.
# Default arguments: --v6.  Needs root.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lab.sh
. "$here/lab.sh"

bin=${1:-}
[[ $# -gt 0 ]] && shift
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(--v6)

lab_up
if [[ -z $bin ]]; then
	bin=$LAB_DIR/scenario
	gcc -Wall -Wextra -Werror -O2 -o "$bin" "$here/scenario.c" "$here/sockets.c" ||
		lab_die "cannot build scenario.c"
fi

fails=0

# compare LABEL: every state's ready-file count against ss right now.
compare() {
	local state want got
	while read -r state got; do
		want=$(lab_ready_count "$state") || want=missing
		if [[ $want == "$got" ]]; then
			echo "ok   $1 $state $got"
		else
			echo "FAIL $1 $state: ready file says $want, ss sees $got"
			fails=$((fails + 1))
		fi
	done < <(lab_ss_counts)
}

lab_start_scenario "$bin" "${args[@]}"
sleep 1
compare "1s"
# Held still: nothing but TIME_WAIT (60 s) has a clock this short.
sleep 4
compare "5s"

ns=$LAB_NS
pid=${LAB_PIDS[0]}
lab_down
if [[ -e /run/netns/$ns ]] || ip netns list | grep -q "^$ns\b"; then
	echo "FAIL namespace $ns still exists after lab_down"
	fails=$((fails + 1))
else
	echo "ok   namespace gone after lab_down"
fi
if kill -0 "$pid" 2>/dev/null; then
	echo "FAIL scenario $pid still runs after lab_down"
	fails=$((fails + 1))
else
	echo "ok   scenario ended"
fi

[[ $fails -eq 0 ]] || { echo "test_lab: $fails failures"; exit 1; }
echo "test_lab: all ok"

#!/usr/bin/env bash
# The lab itself (tests/lab): does ss inside the namespace see exactly the
# sockets the scenario says it built, do they hold still, and does lab_down
# end the scenario and remove the namespace?
#
# usage: lab_scenario_matches_ss.sh [SCENARIO_BIN] [SCENARIO_ARGS...]
# Without SCENARIO_BIN: $TCPD_BUILD/tests/scenario when it is built, else
# scenario.c and sockets.c compiled with gcc. Default arguments: --v6.
# Needs root.
set -u

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../lab/lab.sh
. "$root/tests/lab/lab.sh"

bin=${1:-}
[[ $# -gt 0 ]] && shift
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(--v6)
[[ -z $bin && -x ${TCPD_BUILD:-}/tests/scenario ]] && bin=$TCPD_BUILD/tests/scenario

lab_up
if [[ -z $bin ]]; then
	bin=$LAB_DIR/scenario
	gcc -Wall -Wextra -Werror -O2 -o "$bin" "$root/tests/lab/scenario.c" \
		"$root/tests/lab/sockets.c" || lab_die "cannot build scenario.c"
fi

# compare LABEL: every state's ready-file count against ss right now.
compare() {
	local state want got
	while read -r state got; do
		want=$(lab_ready_count "$state") || want=missing
		expect_eq "$got" "$want" "lab after $1: ss sees the $want $state sockets the ready file says"
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
! [[ -e /run/netns/$ns ]] && ! ip netns list | grep -q "^$ns\b"
check "lab_down removes namespace $ns"
! kill -0 "$pid" 2>/dev/null
check "lab_down ends the scenario ($pid)"

# Counts at the scale where `summary` picks the BPF iterator by itself
# (60k+ sockets): every state equals ss's, orphaned FIN_WAIT2 included
# (the kernel parks those in time-wait mini-sockets; their substate, not
# TIME_WAIT, is the state sock_diag and ss report).
. "$TCPD_ROOT/tests/lib/netns.bash"

WORK=$(mktemp -d)
on_exit "rm -rf '$WORK'"
ns_add scale
# Started by ip itself (it execs them), not through a function, so $! is
# their pid; their stdout is not ours, or $(...) around this script waits.
ip netns exec "$NS" "$TCPD_BUILD/tests/sockgen" --total 70000 --ready "$WORK/ready" \
	>/dev/null 2>"$WORK/sockgen.err" &
sockgen=$!
on_exit "kill $sockgen 2>/dev/null; wait $sockgen 2>/dev/null"
for _ in $(seq 600); do
	[[ -s "$WORK/ready" ]] && break
	kill -0 "$sockgen" 2>/dev/null || break
	sleep 0.2
done
[[ -s "$WORK/ready" ]]
check "sockgen filled a namespace with 70000 sockets $(head -c 200 "$WORK/sockgen.err")"

# 800 orphaned FIN_WAIT2 facing CLOSE_WAIT; they last tcp_fin_timeout (60 s).
mkfifo "$WORK/hold"
ip netns exec "$NS" python3 "$TCPD_ROOT/tests/integration/lib/orphans.py" 5999 800 \
	<"$WORK/hold" >"$WORK/orphans" 2>&1 &
orphans=$!
on_exit "kill $orphans 2>/dev/null; wait $orphans 2>/dev/null"
exec 3>"$WORK/hold"
for _ in $(seq 300); do
	grep -q ready "$WORK/orphans" 2>/dev/null && break
	sleep 0.1
done
grep -q ready "$WORK/orphans"
check "800 orphaned FIN_WAIT2 sockets made"

ss_counts() {
	ns_exec "$NS" ss -Htan | awk '{ n[$1]++ } END { for (s in n) print s, n[s] }' |
		sed 's/ESTAB/ESTABLISHED/; s/SYN-RECV/SYN_RECV/; s/-/_/g; s/FIN_WAIT_\([12]\)/FIN_WAIT\1/' | sort
}
tcpdoc_counts() {
	ns_exec "$NS" "$TCPDOC" summary --json "$@" |
		pyjson '"\n".join(f"{k} {v}" for k, v in sorted(d["states"].items()) if v)'
}

fw2=$(ss_counts | awk '$1 == "FIN_WAIT2" { print $2 }')
half=$(awk '$1 == "FIN_WAIT2" { print $2 }' "$WORK/ready")
expect_eq "${fw2:-0}" "$((half + 800))" "ss sees sockgen's $half half-closed clients and the 800 orphans as FIN_WAIT2"
for src in auto bpf netlink; do
	before=$(ss_counts)
	got=$(tcpdoc_counts --source "$src")
	after=$(ss_counts)
	# sockgen renews TIME_WAIT once a minute: judge only a table ss saw still.
	if [[ "$before" != "$after" ]]; then
		before=$(ss_counts); got=$(tcpdoc_counts --source "$src"); after=$(ss_counts)
	fi
	[[ "$before" == "$after" ]]
	check "--source $src: the table held still around the count"
	expect_eq "$(tr '\n' ' ' <<<"$got")" "$(tr '\n' ' ' <<<"$before")" "summary --source $src: every state as ss counts it"
done
n=$(ns_exec "$NS" "$TCPDOC" ls --source bpf -s fin-wait-2 --json 2>/dev/null | pyjson 'len(d)')
expect_eq "$n" "$fw2" "ls --source bpf -s fin-wait-2 finds the orphans too (the state filter sees the substate)"
n=$(ns_exec "$NS" "$TCPDOC" ls --source bpf -s time-wait --json 2>/dev/null | pyjson 'len(d)')
expect_eq "$n" "$(ss_counts | awk '$1 == "TIME_WAIT" { print $2 }')" "ls --source bpf -s time-wait leaves them out"

# ls --json carries timers, which the iterator lacks: auto must not pick it.
tw=$(ss_counts | awk '$1 == "TIME_WAIT" { print $2 }')
n=$(ns_exec "$NS" "$TCPDOC" ls --json 2>"$WORK/err" |
	pyjson 'len([s for s in d if s["state"] == "TIME_WAIT" and s["timer"]["kind"] == "timewait"])')
expect_eq "$n" "$tw" "ls --json at scale (auto): every TIME_WAIT has its real timer"
expect_eq "$(grep -c 'note: --source' "$WORK/err")" 0 "ls --json at scale (auto): no field missing"
exec 3>&-

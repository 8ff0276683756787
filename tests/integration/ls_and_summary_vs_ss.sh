# The socket table (ls and summary, every source and filter): tcpdoc against
# ss in a lab holding every state.
. "$TCPD_ROOT/tests/lab/lab.sh"

lab_up
lab_start_scenario "$TCPD_BUILD/tests/scenario" --v6
sleep 1
T() { "$TCPDOC" -N "$LAB_NS" "$@"; }

# summary --json equals ss -tan, state by state, through every source.
ss_counts=$(lab_ss_counts)
for src in netlink proc bpf auto; do
	ours=$(T summary --json --source "$src" |
		pyjson '"\n".join(f"{k} {v}" for k, v in d["states"].items())')
	while read -r st n; do
		got=$(awk -v s="$st" '$1 == s { print $2 }' <<<"$ours")
		expect_eq "$got" "$n" "summary --source $src: $st matches ss"
	done <<<"$ss_counts"
	total=$(T summary --json --source "$src" | pyjson 'd["total"]')
	expect_eq "$total" "$(lab_exec ss -tanH | wc -l)" "summary --source $src: total matches ss"
done
for st in LISTEN ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2 CLOSE_WAIT LAST_ACK TIME_WAIT CLOSING; do
	n=$(awk -v s="$st" '$1 == s { print $2 }' <<<"$ss_counts")
	[[ ${n:-0} -gt 0 ]]
	check "the lab holds sockets in $st"
done

# The BPF iterator lists the same sockets as sock_diag, field by field,
# with full queues and a non-root owner added (an accept queue, unread
# data, a closed window). Timers and tcp_info are netlink's alone.
scenario_ready=$LAB_READY
lab_start_scenario "$TCPD_ROOT/tests/integration/lib/queues_lab.py"
LAB_READY=$scenario_ready
lsrecs() {
	T ls --json --source "$@" | python3 -c '
import json, sys
for s in json.load(sys.stdin):
	print(s["family"], s["state"], s["local"]["addr"], s["local"]["port"],
	      s["remote"]["addr"], s["remote"]["port"], s["recv_q"], s["send_q"],
	      s["uid"], s["inode"])' | sort
}
for try in 1 2 3; do
	nl_recs=$(lsrecs netlink)
	bpf_recs=$(lsrecs bpf)
	[[ "$nl_recs" == "$bpf_recs" ]] && break
	sleep 0.5
done
[[ -n "$nl_recs" && "$nl_recs" == "$bpf_recs" ]]
check "ls --source bpf: the same $(wc -l <<<"$nl_recs") records as netlink (4-tuple, state, queues, uid, inode)" ||
	diff <(echo "$nl_recs") <(echo "$bpf_recs") | head -10 | sed 's/^/# /'
T ls --json --source bpf | pyjson 'sum(s["uid"] == 65534 for s in d) == 5 and
	max(s["recv_q"] for s in d if s["state"] == "ESTABLISHED") > 0 and
	max(s["send_q"] for s in d if s["state"] == "ESTABLISHED") > 0 and
	any(s["recv_q"] == 1 and s["state"] == "LISTEN" for s in d) or sys.exit(1)' >/dev/null
check "ls --source bpf: queues and a non-root uid are read (the comparison above covers them)"
expect_eq "$(T ls --json --source bpf -s close-wait,listen -6 | pyjson 'len(d)')" \
	"$(lab_exec ss -tanH -6 state close-wait state listening | wc -l)" \
	"ls --source bpf: the state and family filter run in the kernel"
expect_eq "$(T ls --json --source bpf | pyjson 'sorted(set(s["local"]["addr"] for s in d if s["family"] == 4))')" \
	"['127.0.0.1']" "ls -N --source bpf reads the namespace's sockets (loopback only)"
"$TCPDOC" summary --json --source bpf >/dev/null
check "summary --source bpf runs outside the lab too"
host=$("$TCPDOC" ls --json --source bpf | pyjson 'sorted(set(s["inode"] for s in d))')
lab=$(T ls --json --source bpf | pyjson 'sorted(set(s["inode"] for s in d))')
python3 -c "import sys; sys.exit(bool(set($host) & set($lab) - {0}))"
check "ls --source bpf: the host's sockets and the lab's are apart"

# Each filter selects exactly what ss selects.
lscount() { T ls --json "$@" | pyjson 'len(d)'; }
sscount() { lab_exec ss -tanH "$@" | wc -l; }
expect_eq "$(lscount -s close-wait)" "$(sscount state close-wait)" "ls -s close-wait"
expect_eq "$(lscount -s FIN_WAIT_1,last-ack)" "$(( $(sscount state fin-wait-1) + $(sscount state last-ack) ))" "ls -s FIN_WAIT_1,last-ack"
expect_eq "$(lscount -s synchronized)" "$(sscount state synchronized)" "ls -s synchronized"
expect_eq "$(lscount -4)" "$(sscount -4)" "ls -4"
expect_eq "$(lscount -6)" "$(sscount -6)" "ls -6"
lport=$(awk '$1 == "port" && $2 == "CLOSE_WAIT" { print $3; exit }' "$LAB_READY")
[[ -n $lport ]]
check "the scenario names its CLOSE_WAIT port"
expect_eq "$(lscount --sport "$lport")" "$(sscount sport = :"$lport")" "ls --sport $lport"
expect_eq "$(lscount --dport "$lport")" "$(sscount dport = :"$lport")" "ls --dport $lport"
expect_eq "$(lscount --port "$lport")" "$(sscount '(' sport = :"$lport" or dport = :"$lport" ')')" "ls --port $lport"
expect_eq "$(lscount --dst ::1)" "$(sscount dst "[::1]")" "ls --dst ::1"
expect_eq "$(lscount --src 127.0.0.0/8)" "$(sscount -4 src 127.0.0.0/8)" "ls --src 127.0.0.0/8"
expect_eq "$(lscount -n 3)" 3 "ls -n 3 stops at three"

# -e: a TIME_WAIT timer counts down; a SYN_SENT socket retransmits.
tw1=$(T ls -e --json -s time-wait | pyjson 'min(s["timer"]["expires_ms"] for s in d)')
kind=$(T ls -e --json -s time-wait | pyjson 'set(s["timer"]["kind"] for s in d)')
expect_eq "$kind" "{'timewait'}" "TIME_WAIT sockets carry the timewait timer"
sleep 1.2
tw2=$(T ls -e --json -s time-wait | pyjson 'min(s["timer"]["expires_ms"] for s in d)')
[[ $tw2 -lt $tw1 && $tw1 -le 60000 ]]
check "the TIME_WAIT timer counts down ($tw1 ms, then $tw2 ms)"
retrans=$(T ls -e --json -s syn-sent | pyjson 'min(s["timer"]["retrans"] for s in d)')
[[ $retrans -ge 1 ]]
check "SYN_SENT sockets show SYN retransmits ($retrans)"
T ls -e -s syn-sent | grep -q 'on,.*s,[1-9]'
check "the text timer column reads on,TIME,RETRANS"

# -i: tcp_info on ESTABLISHED sockets.
rtt=$(T ls -i --json -s established | pyjson 'min(s["info"]["rtt_us"] for s in d)')
[[ $rtt -gt 0 ]]
check "every ESTABLISHED socket has tcp_info with an rtt ($rtt us)"
T ls -i -s established | grep -q 'rtt:'
check "ls -i prints tcp_info in text"

# Text output: aligned columns, IPv6 in brackets.
T ls -s listen | awk 'NR > 1 { if (index($0, $4) != p && p) bad = 1; p = index($0, $4) } END { exit bad }'
check "ls columns line up"
T ls -6 -s listen | grep -q '\[::1\]:'
check "IPv6 endpoints print as [::1]:PORT"

# Bad input: one line on stderr, exit 3.
bad_input "unknown state" T ls -s bogus
bad_input "port 70000" T ls --sport 70000
bad_input "malformed address" T ls --src 1.2.3
bad_input "prefix too long" T ls --dst 10.0.0.0/33
bad_input "namespace that does not exist" "$TCPDOC" -N tcpd-no-such-ns summary
bad_input "unknown command" "$TCPDOC" frobnicate
bad_input "unknown option" "$TCPDOC" ls --frob
bad_input "-N without CAP_SYS_ADMIN" setpriv --reuid=65534 --regid=65534 --clear-groups "$TCPDOC" -N "$LAB_NS" summary

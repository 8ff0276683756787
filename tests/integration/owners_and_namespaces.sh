# Owners and namespaces: who holds each socket, in every namespace at once.
. "$TCPD_ROOT/tests/lab/lab.sh"

OWN=()	# OWN[i]: the namespace holding i listeners
HOLDERS=()
cleanup() {
	local p
	for p in "${HOLDERS[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
}
lab_up
on_exit cleanup
lab_start_scenario "$TCPD_BUILD/tests/scenario"
scen_pid=${LAB_PIDS[0]}
T() { "$TCPDOC" -N "$LAB_NS" "$@"; }

# Every socket with a file belongs to the scenario, at a distinct fd.
out=$(T ls -p --json)
bad=$(pyjson "[s for s in d if s['inode'] and [(o['pid'], o['comm']) for o in s['owners']] != [($scen_pid, 'scenario')]]" <<<"$out")
expect_eq "$bad" "[]" "ls -p: every socket's owner is the scenario (pid $scen_pid)"
fds=$(pyjson "len(set(s['owners'][0]['fd'] for s in d if s['inode'])) == len([s for s in d if s['inode']])" <<<"$out")
expect_eq "$fds" True "ls -p: each socket at its own fd"
fdok=$(pyjson "all(__import__('os').readlink(f\"/proc/$scen_pid/fd/{s['owners'][0]['fd']}\") == f\"socket:[{s['inode']}]\" for s in d if s['inode'])" <<<"$out")
expect_eq "$fdok" True "ls -p: each fd really is that socket (/proc/PID/fd)"
tw=$(pyjson "all(not s['owners'] for s in d if s['state'] == 'TIME_WAIT')" <<<"$out")
expect_eq "$tw" True "TIME_WAIT sockets have no owner"
T ls -p -s listen | grep -q "scenario(pid=$scen_pid,fd="
check "ls -p text shows scenario(pid=$scen_pid,fd=N)"
expect_eq "$(T ls --pid "$scen_pid" --json | pyjson 'len(d)')" \
	"$(T ls --json | pyjson 'len([s for s in d if s["inode"]])')" "--pid selects exactly the scenario's sockets"
expect_eq "$(T ls --pid 1 --json | pyjson 'len(d)')" 0 "--pid 1 selects nothing in the lab"
byp=$(T summary --by process --json | pyjson "[(g['pid'], g['comm']) for g in d['groups'] if g['pid']]")
expect_eq "$byp" "[($scen_pid, 'scenario')]" "summary --by process names the scenario"

# A socket shared by parent and child after fork lists both.
ready=$(mktemp)
lab_exec python3 -c '
import os, socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 41000)); s.listen()
if os.fork() == 0:
    time.sleep(60); os._exit(0)
open(sys.argv[1], "w").write(str(os.getpid()))
time.sleep(60)' "$ready" &
HOLDERS+=($!)
for _ in $(seq 50); do [[ -s $ready ]] && break; sleep 0.1; done
owners=$(T ls -p --sport 41000 --json | pyjson 'sorted(o["pid"] for o in d[0]["owners"])')
parent=$(cat "$ready")
child=$(pgrep -P "$parent" | head -1)
expect_eq "$owners" "[$((parent < child ? parent : child)), $((parent < child ? child : parent))]" "a socket shared after fork lists parent and child"
rm -f "$ready"

# Three namespaces with 1, 2 and 3 listeners: -A counts each exactly.
for i in 1 2 3; do
	ns_add own
	OWN[i]=$NS
	ns_exec "$NS" python3 -c '
import socket, sys, time
socks = []
for p in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 42000 + p)); s.listen(); socks.append(s)
time.sleep(60)' "$i" &
	HOLDERS+=($!)
done
sleep 0.5
all=$("$TCPDOC" -A summary --by netns -n 1000 --json)
for i in 1 2 3; do
	got=$(pyjson "[g['total'] for g in d['groups'] if g['netns'] == '${OWN[i]}']" <<<"$all")
	expect_eq "$got" "[$i]" "-A: namespace ${OWN[i]} holds exactly $i sockets"
done
lab_total=$(T summary --json | pyjson 'd["total"]')
got=$(pyjson "[g['total'] for g in d['groups'] if g['netns'] == '$LAB_NS']" <<<"$all")
expect_eq "$got" "[$lab_total]" "-A: the lab namespace counted as with -N"
inode=$(stat -L -c %i "/run/netns/${OWN[2]}")
got=$(pyjson "[n['inode'] for n in d['netns'] if n['name'] == '${OWN[2]}']" <<<"$all")
expect_eq "$got" "[$inode]" "-A: each namespace reported with its inode"
# Only this run's namespaces: on a shared machine another run of this test
# may hold the same port elsewhere (a record of ours labelled wrongly would
# be left out, and the list come out short).
labels=$("$TCPDOC" -A ls -p --sport 42001 --json |
	pyjson "[(s['netns'], s['owners'][0]['comm']) for s in d if s['netns'] in ('${OWN[2]}', '${OWN[3]}')]")
# Sorted by name: ns_add numbers them in the order they were made.
expect_eq "$labels" "[('${OWN[2]}', 'python3'), ('${OWN[3]}', 'python3')]" "-A ls -p: records say their namespace and owner"
expect_eq "$(ns_exec "${OWN[1]}" "$TCPDOC" summary --json | pyjson 'd["total"]')" 1 "no -A inside a namespace: only its own sockets"

# Without root: still works, and says what it could not see.
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
err=$(nobody "$TCPDOC" ls -p 2>&1 >/dev/null)
rc=$?
[[ $rc -eq 0 && $err == *"could not be seen"*"root"* ]]
check "ls -p as nobody: exit 0 and says others' owners could not be seen ($err)"
err=$(nobody "$TCPDOC" -A summary 2>&1 >/dev/null)
rc=$?
[[ $rc -eq 0 && $err == *"could not be read"*"CAP_SYS_ADMIN"* ]]
check "-A as nobody: exit 0 and says which namespaces could not be read ($err)"

# The BPF iterator and /proc give the same owner map (in the lab: the rest
# of the host may change between the two runs).
strip='[(s["netns"], s["local"]["addr"], s["local"]["port"], s["remote"]["addr"], s["remote"]["port"], s["inode"], s["owners"]) for s in d]'
by_proc=$(TCPDOC_OWNERS=proc T ls -p --json | pyjson "sorted($strip, key=str)")
by_bpf=$(TCPDOC_OWNERS=bpf T ls -p --json | pyjson "sorted($strip, key=str)")
[[ -n $by_bpf && $by_bpf == "$by_proc" ]]
check "the iter/task_file BPF owner map equals the /proc one"
n=$(TCPDOC_OWNERS=bpf T ls -p --json | pyjson "len([s for s in d if s['owners']])")
[[ $n -gt 10 ]]
check "the BPF owner map finds the lab's owners ($n sockets)"

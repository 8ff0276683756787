# A source that cannot give a field the output shows says so, once, on
# stderr: /proc has no tcp_info and no listen backlog, the BPF iterator no
# tcp_info and no timers. Netlink, and auto (which never picks a source
# that lacks what the query needs), say nothing.
. "$TCPD_ROOT/tests/lib/netns.bash"

WORK=$(mktemp -d)
on_exit "rm -rf '$WORK'"
ns_add lacks
ip netns exec "$NS" python3 -c '
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 7100)); s.listen(77)
c = socket.create_connection(("127.0.0.1", 7100)); a, _ = s.accept()
print("ready", flush=True); time.sleep(120)' >"$WORK/ready" &
holder=$!
on_exit "kill $holder 2>/dev/null; wait $holder 2>/dev/null"
for _ in $(seq 100); do grep -q ready "$WORK/ready" && break; sleep 0.1; done
grep -q ready "$WORK/ready"
check "a listener with backlog 77 and one connection"

# notes CMD...: the notes tcpdoc prints on stderr, one per line, "" if none.
notes() {
	"$TCPDOC" -N "$NS" "$@" 2>&1 >/dev/null | sed -n 's/^tcpdoc: note: //p'
}
timers="--source bpf gives no timers: every timer shows as off"
info_bpf="--source bpf gives no tcp_info: what needs it is left out"
info_proc="--source proc gives no tcp_info: what needs it is left out"
backlog="--source proc gives no listen backlog: listeners' Send-Q shows 0"

expect_eq "$(notes ls --source bpf -e)" "$timers" "ls --source bpf -e: no timers, said once"
expect_eq "$(notes ls --source bpf --json)" "$timers" "ls --source bpf --json (which carries timers): said once"
expect_eq "$(notes ls --source bpf -i)" "$info_bpf" "ls --source bpf -i: no tcp_info, said once"
expect_eq "$(notes ls --source proc)" "$backlog" "ls --source proc: no backlog, said once"
expect_eq "$(notes ls --source proc -i)" "$info_proc"$'\n'"$backlog" "ls --source proc -i: no tcp_info and no backlog"
expect_eq "$(notes ls --source proc -s estab)" "" "ls --source proc -s estab: no listener, nothing missing"
expect_eq "$(notes diagnose --source proc --interval 0)" "$info_proc"$'\n'"$backlog" "diagnose --source proc: what its checks miss"
expect_eq "$(notes summary --source proc)" "" "summary --source proc: counts need nothing missing"
expect_eq "$(notes ls -e -i)" "" "ls -e -i (auto): nothing missing"
expect_eq "$(notes ls --source netlink -e -i)" "" "ls --source netlink -e -i: nothing missing"
# The fields really are what the notes say.
q=$("$TCPDOC" -N "$NS" ls --source proc -s listen --json 2>/dev/null | pyjson '[s["send_q"] for s in d if s["local"]["port"] == 7100]')
expect_eq "$q" "[0]" "proc: the listener's Send-Q is 0, as the note says"
q=$("$TCPDOC" -N "$NS" ls -s listen --json | pyjson '[s["send_q"] for s in d if s["local"]["port"] == 7100]')
expect_eq "$q" "[77]" "netlink: the listener's Send-Q is its backlog"

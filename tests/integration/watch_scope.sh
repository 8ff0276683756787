# shellcheck shell=bash
# watch --src/--dst with an interface scope (issue 12, item 7): "fe80::1%v0"
# keeps the changes of sockets bound to v0, "%lo" keeps none of them, with
# BPF and with the sampler; with -A a scope is refused in one line. Two
# private namespaces joined by a veth pair, link-local addresses only.
. "$TCPD_ROOT/tests/lib/netns.bash"

ns_add wscopeA
A=$NS
ns_add wscopeB
B=$NS
# The client's source must be fe80::2: the only address of its end.
ns_veth "$A" v0 fe80::1/64 "$B" v1 fe80::2/64

WORK=$(mktemp -d)
[ -n "${KEEP:-}" ] || on_exit "rm -rf '$WORK'"
cat >"$WORK/flow.py" <<'PY'
import socket, sys, time
if sys.argv[1] == "server":
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.bind(("fe80::1", 9031, 0, socket.if_nametoindex("v0")))
    s.listen(8)
    print("ready", flush=True)
    c, _ = s.accept()
    while c.recv(100):
        pass
    c.close()
    s.close()
else:
    c = socket.create_connection(("fe80::1%v1", 9031))
    time.sleep(1.0)	# several sampler periods, even on a busy machine
    c.close()
print("done", flush=True)
PY

WATCHERS=()
start_watch() {	# NAME ARGS...: JSON Lines in $WORK/NAME.json
	local name=$1
	shift
	"$@" >"$WORK/$name.json" 2>"$WORK/$name.err" &
	WATCHERS+=($!)
	on_exit "kill $! 2>/dev/null"
}
W="$TCPDOC watch --json --duration 60"
start_watch bpf_v0 $W -N "$A" --bpf --src fe80::1%v0
start_watch bpf_lo $W -N "$A" --bpf --src fe80::1%lo
start_watch bpf_dst $W -N "$A" --bpf --dst fe80::2%v0
start_watch sample_v0 $W -N "$A" --sample --src fe80::1%v0
start_watch sample_lo $W -N "$A" --sample --src fe80::1%lo
for n in bpf_v0 bpf_lo bpf_dst sample_v0 sample_lo; do
	for _ in $(seq 300); do grep -q 'watching\|sampling' "$WORK/$n.err" && break; sleep 0.1; done
	grep -q 'watching\|sampling' "$WORK/$n.err" || tap_die "watch ($n) did not start: $(head -c 300 "$WORK/$n.err")"
done
sleep 0.3	# the sampler's first look is its seed

ip netns exec "$A" python3 "$WORK/flow.py" server >"$WORK/a.out" &
on_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do grep -q ready "$WORK/a.out" && break; sleep 0.1; done
ip netns exec "$B" python3 "$WORK/flow.py" client >"$WORK/b.out" &
on_exit "kill $! 2>/dev/null"
for _ in $(seq 100); do grep -q done "$WORK/a.out" && grep -q done "$WORK/b.out" && break; sleep 0.1; done
grep -q done "$WORK/a.out" || tap_die "the link-local flow did not finish"
# The sampler sees the end at its next look, BPF at once.
for _ in $(seq 100); do
	grep -q '"old":"ESTABLISHED"' "$WORK/sample_v0.json" && grep -q '"old":"LAST_ACK"' "$WORK/bpf_v0.json" &&
		grep -q '"old":"LAST_ACK"' "$WORK/bpf_dst.json" && break
	sleep 0.1
done
sleep 0.5
kill -TERM "${WATCHERS[@]}" 2>/dev/null
wait "${WATCHERS[@]}" 2>/dev/null

# "LISTEN,ESTABLISHED,..." for port 9031: the states the listener and the child left.
left() {
	python3 -c '
import json, sys
out = []
for line in open(sys.argv[1]):
    e = json.loads(line)
    if "summary" in e or e["local"]["port"] != 9031:
        continue
    out.append(e["old"] + ">" + e["new"])
print(" ".join(sorted(set(out))))' "$1"
}
want="CLOSE>LISTEN CLOSE_WAIT>LAST_ACK ESTABLISHED>CLOSE_WAIT LAST_ACK>CLOSE LISTEN>CLOSE LISTEN>SYN_RECV SYN_RECV>ESTABLISHED"
expect_eq "$(left "$WORK/bpf_v0.json")" "$want" "watch --bpf --src fe80::1%v0: the v0 listener and connection"
expect_eq "$(left "$WORK/bpf_lo.json")" "" "watch --bpf --src fe80::1%lo: nothing of the v0 sockets"
# The listener has no peer: --dst keeps only the connection.
expect_eq "$(left "$WORK/bpf_dst.json")" "CLOSE_WAIT>LAST_ACK ESTABLISHED>CLOSE_WAIT LAST_ACK>CLOSE LISTEN>SYN_RECV SYN_RECV>ESTABLISHED" \
	"watch --bpf --dst fe80::2%v0: the connection on v0"
sv0=$(left "$WORK/sample_v0.json")
[[ $sv0 == *"CLOSE>LISTEN"* && $sv0 == *"SYN_RECV>ESTABLISHED"* ]]
check "watch --sample --src fe80::1%v0: the v0 listener and connection ($sv0)"
expect_eq "$(left "$WORK/sample_lo.json")" "" "watch --sample --src fe80::1%lo: nothing of the v0 sockets"

bad_input_says "watch -A --src fe80::1%v0" "INTERFACE" "$TCPDOC" watch -A --src fe80::1%v0 --duration 1

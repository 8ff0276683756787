# shellcheck shell=bash
# Addresses as ss shows them (issue 12, item 6): an IPv6 link-local socket
# carries its interface ("[fe80::1]%v0:9030"), a dual-stack listener shows
# as "*:9003", and JSON says both ("scope", "v6only"). Two private
# namespaces joined by a veth pair, link-local addresses only.
. "$TCPD_ROOT/tests/lib/netns.bash"

ns_add scopeA
A=$NS
ns_add scopeB
B=$NS
ns_veth "$A" v0 fe80::1/64 "$B" v1 fe80::2/64

WORK=$(mktemp -d)
on_exit "rm -rf '$WORK'"
cat >"$WORK/sockets.py" <<'PY'
import socket, sys, time
side = sys.argv[1]
keep = []
def listener(family, addr, v6only=None):
    s = socket.socket(family, socket.SOCK_STREAM)
    if v6only is not None:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, v6only)
    s.bind(addr)
    s.listen(8)
    keep.append(s)
if side == "A":
    listener(socket.AF_INET6, ("::", 9003), 0)
    listener(socket.AF_INET6, ("::", 9004), 1)
    listener(socket.AF_INET, ("0.0.0.0", 9005))
    listener(socket.AF_INET6, ("fe80::1", 9030, 0, socket.if_nametoindex("v0")))
    print("ready", flush=True)
    conn, _ = keep[-1].accept()
    keep.append(conn)
else:
    c = socket.create_connection(("fe80::1%v1", 9030))
    keep.append(c)
    print("ready", flush=True)
time.sleep(120)
PY
ip netns exec "$A" python3 "$WORK/sockets.py" A >"$WORK/a.out" &
pa=$!
on_exit "kill $pa 2>/dev/null"
for _ in $(seq 50); do grep -q ready "$WORK/a.out" && break; sleep 0.1; done
ip netns exec "$B" python3 "$WORK/sockets.py" B >"$WORK/b.out" &
pb=$!
on_exit "kill $pb 2>/dev/null"
for _ in $(seq 50); do grep -q ready "$WORK/b.out" && grep -q . "$WORK/a.out" && break; sleep 0.1; done
sleep 0.3
[[ $(ip netns exec "$A" ss -tanH state established | wc -l) -eq 1 ]] ||
	tap_die "the link-local connection did not come up"

T() { "$TCPDOC" -N "$A" "$@"; }
# The local and peer columns, sorted: ss's against ours, per source.
ss_eps=$(ip netns exec "$A" ss -tanH | awk '{ print $4, $5 }' | sort)
for src in netlink bpf auto; do
	ours=$(T ls --source "$src" 2>/dev/null | awk 'NR > 1 { print $4, $5 }' | sort)
	[[ -n $ours && $ours == "$ss_eps" ]]
	check "ls --source $src: local and peer columns as ss prints them" ||
		diff <(echo "$ss_eps") <(echo "$ours") | sed 's/^/# /'
done
grep -q '^\*:9003 \*:\*$' <<<"$ss_eps" && grep -q '^\[::\]:9004 \[::\]:\*$' <<<"$ss_eps" &&
	grep -q '^\[fe80::1\]%v0:9030 ' <<<"$ss_eps"
check "ss itself shows *:9003, [::]:9004 and [fe80::1]%v0:9030 (what the comparison covers)"

# /proc/net/tcp6 has neither: --source proc says so, once.
n=$(T ls --source proc 2>&1 >/dev/null | grep -c 'note: --source proc gives no interface and no v6only')
expect_eq "$n" 1 "ls --source proc: no interface and no v6only, said once"

# JSON: "scope" in local, "v6only" where the kernel says it.
for src in netlink bpf; do
	got=$(T ls --json --source "$src" 2>/dev/null | pyjson '" ".join(sorted(
		"%s/%s/%s/%s" % (s["local"]["port"], s["state"], s["local"]["scope"], s["v6only"]) for s in d))')
	expect_eq "$got" "9003/LISTEN/None/False 9004/LISTEN/None/True 9005/LISTEN/None/None 9030/ESTABLISHED/v0/None 9030/LISTEN/v0/True" \
		"ls --json --source $src: scope and v6only"
done

# --src/--dst take ADDR%IFACE, by name or index.
idx=$(ip -n "$A" -o link show v0 | awk -F': ' '{ print $1 }')
cnt() { T ls --json "$@" | pyjson 'len(d)'; }
expect_eq "$(cnt --src fe80::1%v0)" 2 "ls --src fe80::1%v0: the listener and the connection"
expect_eq "$(cnt --src "fe80::1%$idx")" 2 "ls --src fe80::1%$idx (the index)"
expect_eq "$(cnt --src '[fe80::1]%v0/128')" 2 "ls --src [fe80::1]%v0/128"
expect_eq "$(cnt --src fe80::1%lo)" 0 "ls --src fe80::1%lo: another interface matches nothing"
expect_eq "$(cnt --dst fe80::2%v0)" 1 "ls --dst fe80::2%v0: the connection"
expect_eq "$(cnt --src fe80::/10)" 2 "ls --src fe80::/10 without a scope matches as before"
bad_input "ls --src fe80::1%" T ls --src 'fe80::1%'
bad_input "ls --src 127.0.0.1%lo" T ls --src 127.0.0.1%lo

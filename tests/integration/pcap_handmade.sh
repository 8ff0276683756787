#!/usr/bin/env bash
# tcpdoc pcap on captures built by hand (pcap/gen.py): what loopback cannot
# produce (simultaneous open and close, challenge ACKs, other link types,
# mid-connection starts), bad input, and the bound on memory.
set -u
. "$TCPD_ROOT/tests/lib/tap.bash"
DIR=$(mktemp -d /tmp/tcpdoc-pcaphm.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
HERE=$(cd "$(dirname "$0")" && pwd)

if [ ! -x "${TCPDOC:-}" ] || ! command -v python3 >/dev/null; then
	tap_die "pcap hand-made captures need \$TCPDOC and python3"
fi

gen() {
	python3 "$HERE/pcap/gen.py" "$1" "$DIR/$1.pcap"
	"$TCPDOC" pcap --json "$DIR/$1.pcap" >"$DIR/$1.json" 2>"$DIR/$1.err"
	echo $? >"$DIR/$1.rc"
}

# pcheck NAME 'what::python expression' ...: one TAP line per expression.
pcheck() {
	local name=$1; shift
	python3 "$HERE/pcap/check.py" "$DIR/$name.json" /dev/null "$name" "$@"
}

gen simul_close
pcheck simul_close \
	'both ends through CLOSING::states(conns[0], "client")[-3:] == states(conns[0], "server")[-3:] == ["FIN_WAIT1","CLOSING","TIME_WAIT"]' \
	'simultaneous-close once::ev(conns[0], "simultaneous-close", "both") == 1'
gen simul_open
pcheck simul_open \
	'both ends SYN_SENT, SYN_RECV, ESTABLISHED::states(conns[0], "client")[:3] == states(conns[0], "server")[:3] == ["SYN_SENT","SYN_RECV","ESTABLISHED"]' \
	'simultaneous-open::ev(conns[0], "simultaneous-open") == 1'
gen challenge
pcheck challenge \
	'challenge ACKs after in-window SYN and RST::ev(conns[0], "challenge-ack", "server") == 2' \
	'the bad RST did not reset::conns[0]["outcome"] == "closed" and conns[0]["reset_by"] == "none"'
gen mid
pcheck mid \
	'started mid-connection::conns[0]["outcome"] == "partial" and conns[0]["mid_connection"]' \
	'server is the low port::conns[0]["server"]["port"] == 443 and conns[0]["closed_first_by"] == "server"'
# The server's FIN was not captured, but the client's ACK shows it: the
# server closed first, and what that FIN changed is marked inferred.
gen mid_fin
inferred='lambda c, e: [h["state"] + ("?" if h.get("inferred") else "") for h in c["ends"][e]]'
pcheck mid_fin \
	'the server closed first::conns[0]["closed_first_by"] == "server"' \
	"server: FIN_WAIT1 inferred, then what it saw::($inferred)(conns[0], 'server') == ['ESTABLISHED', 'FIN_WAIT1?', 'FIN_WAIT2', 'TIME_WAIT']" \
	"client: CLOSE_WAIT inferred, 2.1 s of it::($inferred)(conns[0], 'client') == ['ESTABLISHED', 'CLOSE_WAIT?', 'LAST_ACK', 'CLOSE'] and conns[0]['close_wait_ms'] == 2100" \
	'the event is marked inferred::[(e["kind"], e["by"], e.get("inferred")) for e in conns[0]["events"] if e["kind"] == "fin-not-captured"] == [("fin-not-captured", "server", True)]' \
	'nothing else is::not any(e.get("inferred") for c in conns for e in c["events"] if e["kind"] != "fin-not-captured")'
"$TCPDOC" pcap "$DIR/mid_fin.pcap" >"$DIR/mid_fin.txt"
expect "pcap mid_fin: text marks the inferred states and event" \
	grep -q 'FIN_WAIT1 1.000s (0.000 ms, inferred).*event   fin-not-captured by server, 1 time(s), first at 1.000s (inferred)' <(tr '\n' ' ' <"$DIR/mid_fin.txt")
gen mechanisms
pcheck mechanisms \
	'SYN-ACK retransmitted::ev(conns[0], "synack-retransmit", "server") == 1' \
	'FIN with data::ev(conns[0], "fin-with-data", "client") == 1' \
	'FIN merged with the ACK::ev(conns[0], "fin-ack-merged", "server") == 1' \
	'idle gap::ev(conns[0], "idle") == 1' \
	'slowest handshake in summary::d["summary"]["slowest_handshakes"][0]["ms"] > 1000'
for lt in eth_vlan sll sll2 null raw; do
	gen $lt
	pcheck $lt \
		'IPv4 and IPv6 connections::[c["client"]["addr"] for c in conns] == ["10.0.0.1", "fd00::1"]' \
		'both closed, 3 bytes::[c["outcome"] for c in conns] == ["closed"] * 2 and conns[0]["bytes"]["client"] == 3'
done
gen pppoe
pcheck pppoe \
	'TCP over PPPoE, IPv4 and IPv6, and inside a VLAN::[c["client"]["addr"] for c in conns] == ["10.0.0.1", "fd00::1", "10.0.0.3"]' \
	'all three closed, none skipped::[c["outcome"] for c in conns] == ["closed"] * 3 and d["summary"]["not_tcp"] == 0'

gen pcapng
pcheck pcapng \
	'pcapng read::[c["outcome"] for c in conns] == ["closed"] * 2 and conns[1]["client"]["addr"] == "fd00::1"'
# Nanosecond time stamps, interface options, a block to skip: the same report.
gen pcapng_ns
expect "pcap pcapng with ns time stamps, options and a skipped block: same report" \
	cmp -s "$DIR/pcapng.json" "$DIR/pcapng_ns.json"
# Several sections (of either byte order) and interfaces of different link
# types, which libpcap refuses: every connection, at its time.
gen pcapng_multi
pcheck pcapng_multi \
	'one connection per interface::[c["client"]["addr"] for c in conns] == ["10.0.0.1", "fd00::1", "10.0.0.3"]' \
	'all closed, nothing skipped::[c["outcome"] for c in conns] == ["closed"] * 3 and d["summary"]["not_tcp"] == 0' \
	'times from each interface (us, ns, a big-endian section)::[c["first"] for c in conns] == [0, 0.1, 0.4]' \
	"complete, exit 0::d['complete'] and open('$DIR/pcapng_multi.rc').read().strip() == '0'"
gen new_isn
pcheck new_isn \
	'a new ISN is a new connection::[c["outcome"] for c in conns] == ["timeout", "closed"]' \
	'SYN retransmitted twice in the first::ev(conns[0], "syn-retransmit") == 2'

# A clock that steps back: counted, said, exit 1, and no negative time.
gen backwards
nonneg='all(h["at"] >= 0 and h["ms"] >= 0 for c in conns for e in ("client", "server") for h in c["ends"][e])'
pcheck backwards \
	"no negative time or duration::$nonneg and all(c['last'] >= c['first'] >= 0 for c in conns)" \
	'the four packets dated early are counted::d["summary"]["time_backwards"] == 4 and d["summary"]["time_backwards_s"] == 7.5' \
	'still one closed connection::[c["outcome"] for c in conns] == ["closed"]' \
	"exit code 1::open('$DIR/backwards.rc').read().strip() == '1'" \
	"a note says so::'dated before' in open('$DIR/backwards.err').read()"

# Packets that cannot be decoded are counted by cause, each said plainly;
# only the one cut by the snap length is blamed on it.
gen undecodable
pcheck undecodable \
	'500 chained IPv6 extension headers decode::len(conns) == 2 and conns[1]["client"] == {"addr": "fd00::1", "port": 40002}' \
	'too short though captured whole: the chain past the end, 15-byte VLAN, empty::d["summary"]["too_short"] == 3' \
	'bad headers (IPv4 header length, TCP data offset)::d["summary"]["bad_header"] == 2' \
	'one cut by the snap length::d["summary"]["cut_by_snaplen"] == 1 and d["summary"]["not_tcp"] == 0' \
	"each cause said::all(w in open('$DIR/undecodable.err').read() for w in ('1 packets had their headers cut by the snap length', '3 packets were captured whole', '2 packets have an IP or TCP header'))"
gen zero_then_cut
pcheck zero_then_cut \
	'a zero-length record is too short, not cut by the snap length::d["summary"]["too_short"] == 1 and d["summary"]["cut_by_snaplen"] == 0' \
	'the file cut inside a record is truncated::d["summary"]["truncated"] and len(conns) == 1' \
	"a note names the file and says it ends inside a record::'zero_then_cut.pcap\' ends inside a record' in open('$DIR/zero_then_cut.err').read() and 'snap length' not in open('$DIR/zero_then_cut.err').read()" \
	"exit code 1::open('$DIR/zero_then_cut.rc').read().strip() == '1'"

# Memory follows the connections alive at once, not the file.
gen many
pcheck many \
	'20000 connections::d["summary"]["connections"] == 20000' \
	'at most ~660 held at once (60 s linger, one every 0.1 s)::d["summary"]["max_live"] <= 660'

# Connections abandoned without a close are forgotten after 300 s of silence
# (capture time), reported open with an idle event by both ends: memory
# follows the connections alive at once even then.
gen abandoned
expired='[c for c in conns if ev(c, "idle", "both")]'
by_client='lambda a, p: [c["outcome"] + ("/idle" if ev(c, "idle", "both") else "") for c in conns if c["client"]["addr"] == a and c["client"]["port"] == p]'
pcheck abandoned \
	'20003 connections::d["summary"]["connections"] == 20003' \
	'at most ~3300 held at once (300 s limit, one every 0.1 s)::d["summary"]["max_live"] <= 3400' \
	"those silent 300 s before the end expire, as open::len($expired) > 16000 and all(c['outcome'] in ('open', 'partial') for c in $expired)" \
	"an expired connection's last states end 300 s after its last packet::all(abs(h['at'] + h['ms'] / 1000 - c['last'] - 300) < 0.002 for c in $expired for h in (c['ends']['client'][-1], c['ends']['server'][-1]))" \
	"one talking every 200 s is kept whole::($by_client)('10.255.0.1', 5555) == ['open']" \
	"one silent for 499 s is reported, then seen again mid-connection::($by_client)('10.255.0.2', 5556) == ['open/idle', 'partial/idle']"
"$TCPDOC" pcap --json --idle-expire 0 "$DIR/abandoned.pcap" >"$DIR/noexp.json"
pcheck noexp \
	'--idle-expire 0 keeps every connection::d["summary"]["max_live"] == 20002 and not any(ev(c, "idle", "both") for c in conns)'
"$TCPDOC" pcap --idle-expire 60 "$DIR/abandoned.pcap" >"$DIR/exp60.txt"
expect "pcap --idle-expire 60: text names the idle event by both" \
	grep -q 'event   idle by both, 1 time(s)' "$DIR/exp60.txt"

# Filters and the ladder.
"$TCPDOC" pcap --json --port 80 --host fd00::/64 "$DIR/raw.pcap" >"$DIR/f.json"
pcheck f '--port and --host select::[c["id"] for c in conns] == [2]'
"$TCPDOC" pcap --json --conn 1 "$DIR/raw.pcap" >"$DIR/f1.json"
pcheck f1 '--conn selects::[c["id"] for c in conns] == [1]'
"$TCPDOC" pcap --ladder 1 "$DIR/simul_close.pcap" >"$DIR/l.svg" &&
	python3 -c 'import sys, xml.etree.ElementTree as E
t = E.parse(sys.argv[1]).getroot()
txt = [e.text for e in t.iter() if e.text]
assert sum("SYN" in x for x in txt) >= 2 and "CLOSING" in txt and "TIME_WAIT" in txt' "$DIR/l.svg"
check "pcap --ladder draws a valid SVG with flags and states"

# Bad input: one line on stderr and exit 3, or a marked partial result.
bad() {
	local what=$1 file=$2 want=$3 out rc
	out=$("$TCPDOC" pcap "$file" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" -eq "$want" ] && [ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] && [ -n "$out" ]; then
		tap_ok "pcap $what: exit $rc, one line on stderr"
	else
		tap_not_ok "pcap $what: exit $rc (want $want), stderr: $out"
	fi
}
bad "missing file" "$DIR/nonexistent.pcap" 3
head -c 4096 /dev/urandom >"$DIR/garbage"
bad "garbage" "$DIR/garbage" 3
: >"$DIR/empty"
bad "empty file" "$DIR/empty" 3
head -c 10 "$DIR/raw.pcap" >"$DIR/short_header"
bad "file header cut" "$DIR/short_header" 3
python3 "$HERE/pcap/gen.py" snap40 "$DIR/snap40.pcap"
bad "snap length cutting TCP headers" "$DIR/snap40.pcap" 3
python3 - "$DIR/raw.pcap" "$DIR/unknown_link.pcap" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[20:24] = (147).to_bytes(4, "little")   # LINKTYPE_USER0
open(sys.argv[2], "wb").write(d)
PY
bad "unknown link type" "$DIR/unknown_link.pcap" 3
python3 "$HERE/pcap/gen.py" huge_caplen "$DIR/huge_caplen.pcap"
bad "a record claiming a 4 GB packet mid-file" "$DIR/huge_caplen.pcap" 3
"$TCPDOC" pcap "$DIR/huge_caplen.pcap" 2>&1 >/dev/null | grep -qF "'$DIR/huge_caplen.pcap'"
check "pcap a record-level error names the file"
"$TCPDOC" pcap "$DIR/nonexistent.pcap" --bogus >/dev/null 2>&1
expect_eq $? 3 "pcap bad option: exit 3"

# An error after output started: the JSON document is still whole, says
# what was read, and says it is incomplete and why; the exit code is 3.
gen huge_caplen
pcheck huge_caplen \
	'the connection before the bad record is reported::len(conns) == 1 and conns[0]["outcome"] == "closed"' \
	'marked incomplete, with the error::d["complete"] is False and "invalid packet capture length" in d["error"]' \
	"exit code 3::open('$DIR/huge_caplen.rc').read().strip() == '3'"
gen snap40
pcheck snap40 \
	'every header cut: a whole document, incomplete::d["complete"] is False and "snap length" in d["error"] and d["summary"]["cut_by_snaplen"] == 15' \
	"exit code 3::open('$DIR/snap40.rc').read().strip() == '3'"
pcheck raw 'a whole read is complete, with no error::d["complete"] is True and "error" not in d'

# Cut inside a packet after good ones: what was read, marked, exit 1.
size=$(stat -c %s "$DIR/raw.pcap")
head -c $((size - 10)) "$DIR/raw.pcap" >"$DIR/trunc.pcap"
"$TCPDOC" pcap --json "$DIR/trunc.pcap" >"$DIR/trunc.json" 2>"$DIR/trunc.err"
echo $? >"$DIR/trunc.rc"
pcheck trunc \
	'truncated file gives a partial result marked truncated::d["summary"]["truncated"] and len(conns) == 2' \
	"and exit code 1::open('$DIR/trunc.rc').read().strip() == '1'"

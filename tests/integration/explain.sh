#!/usr/bin/env bash
# tcpdoc explain: every topic the issue names, the unknown-topic path, JSON,
# the Chinese catalogue (complete against the current sources, used under
# LANG=zh_CN.UTF-8 and under LANGUAGE=zh_CN with a C locale) and the
# alignment of Chinese tables.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
# The build tree's catalogues (BUILD/po/LANG/LC_MESSAGES/tcpdoc.mo).
export TCPDOC_LOCALEDIR="$TCPD_BUILD/po"
export LC_ALL= LANGUAGE= LANG=C.UTF-8 NO_COLOR=1
. "$TCPD_ROOT/tests/lib/tap.bash"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# explain TOPIC: exit 0, the canonical name in the first line, and a body.
topic_ok() {
	local topic=$1 want=$2 out rc
	out=$("$TCPDOC" explain "$topic" 2>"$tmp/err"); rc=$?
	[ "$rc" -eq 0 ] && [ "$(wc -l <<<"$out")" -ge 5 ] &&
		head -1 <<<"$out" | grep -q -- "^$want" && [ ! -s "$tmp/err" ]
}

states=(
	"LISTEN LISTEN listen listening"
	"SYN_SENT SYN_SENT syn-sent SYN-SENT syn_sent"
	"SYN_RECV SYN_RECV syn-recv SYN-RECEIVED SYN_RECEIVED syn-rcvd"
	"ESTABLISHED ESTABLISHED established estab Estab"
	"FIN_WAIT1 FIN_WAIT1 fin-wait-1 FIN_WAIT_1 FIN-WAIT-1 finwait1"
	"FIN_WAIT2 FIN_WAIT2 fin-wait-2 FIN_WAIT_2 FIN-WAIT-2"
	"TIME_WAIT TIME_WAIT time-wait TIME-WAIT timewait"
	"CLOSE CLOSE close closed CLOSED"
	"CLOSE_WAIT CLOSE_WAIT close-wait CLOSE-WAIT closewait"
	"LAST_ACK LAST_ACK last-ack LAST-ACK"
	"CLOSING CLOSING closing"
)
for row in "${states[@]}"; do
	read -r want spellings <<<"$row"
	for s in $spellings; do
		expect "explain state '$s' is $want" topic_ok "$s" "$want"
	done
done

errnos=(ECONNREFUSED ETIMEDOUT ECONNRESET EPIPE EHOSTUNREACH ENETUNREACH EADDRINUSE
	EADDRNOTAVAIL ECONNABORTED EMFILE ENFILE ENOBUFS EINPROGRESS EAGAIN ENOTCONN
	EALREADY EISCONN EINTR EACCES EPERM ENETDOWN ENOMEM EAFNOSUPPORT)
for e in "${errnos[@]}"; do
	n=$(python3 -c "import errno; print(errno.$e)")
	expect "explain errno $e" topic_ok "$e" "$e ($n)"
	expect "explain errno $n is $e" topic_ok "$n" "$e ($n)"
done
expect "explain EWOULDBLOCK is EAGAIN" topic_ok EWOULDBLOCK "EAGAIN"

sysctls=(tcp_tw_reuse tcp_tw_recycle tcp_max_tw_buckets tcp_fin_timeout tcp_keepalive_time
	tcp_keepalive_intvl tcp_keepalive_probes tcp_syn_retries tcp_synack_retries
	tcp_max_syn_backlog tcp_syncookies tcp_orphan_retries tcp_max_orphans tcp_retries1
	tcp_retries2 ip_local_port_range somaxconn tcp_abort_on_overflow)
for s in "${sysctls[@]}"; do
	expect "explain sysctl $s" topic_ok "$s" "$s"
done
# The value shown is the one in /proc/sys right now.
now=$(tr -s ' \t' '  ' </proc/sys/net/ipv4/ip_local_port_range)
expect "explain ip_local_port_range shows this host's value" \
	grep -qx "On this host now: $now" <("$TCPDOC" explain net.ipv4.ip_local_port_range)
now=$(cat /proc/sys/net/core/somaxconn)
expect "explain somaxconn --json has the current value" python3 -c "
import json, subprocess, sys
d = json.loads(subprocess.run([sys.argv[1], 'explain', '--json', 'somaxconn'], capture_output=True).stdout)
sys.exit(not (d['kind'] == 'sysctl' and d['current'] == sys.argv[2] and d['path'] == '/proc/sys/net/core/somaxconn'))
" "$TCPDOC" "$now"
expect "a sysctl this kernel lacks says so and still exits 0" \
	grep -q "On this host now: unknown" <("$TCPDOC" explain tcp_tw_recycle)

mechanisms=("handshake handshake" "three-way-handshake handshake" "four-way-close four-way-close"
	"2msl 2msl" "keepalive keepalive" "delayed-ack delayed-ack" "challenge-ack challenge-ack"
	"so-linger so-linger" "SO_LINGER so-linger" "half-open half-open" "syn-cookies syn-cookies")
for m in "${mechanisms[@]}"; do
	read -r name want <<<"$m"
	expect "explain mechanism $name" topic_ok "$name" "$want"
done
expect "explain delayed ack as two words" bash -c '"$0" explain delayed ack | head -1 | grep -q ^delayed-ack' "$TCPDOC"

# The diagram, alone and with a state highlighted.
expect "explain diagram draws every state" bash -c '
	out=$("$0" explain diagram) || exit 1
	for s in LISTEN SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT1 FIN_WAIT2 TIME_WAIT CLOSED CLOSE_WAIT LAST_ACK CLOSING; do
		grep -q "$s" <<<"$out" || exit 1
	done
	! grep -q "#" <<<"$out"' "$TCPDOC"
expect "explain diagram close-wait highlights CLOSE_WAIT" \
	grep -q "# CLOSE_WAIT #" <("$TCPDOC" explain diagram close-wait)
expect "explain close-wait shows where it sits" bash -c '
	out=$("$0" explain close-wait) &&
	grep -q "# CLOSE_WAIT #" <<<"$out" && grep -q "ESTABLISHED -> CLOSE_WAIT" <<<"$out" &&
	! grep -q "# LAST_ACK #" <<<"$out"' "$TCPDOC"
expect "explain diagram with a colour terminal uses reverse video" bash -c '
	script -qec "NO_COLOR= $0 explain diagram fin-wait-2" /dev/null | grep -q $'"'"'\e\[1;7m| FIN_WAIT2 |'"'"'' "$TCPDOC"
expect "explain diagram --json names the highlight" python3 -c "
import json, subprocess, sys
d = json.loads(subprocess.run([sys.argv[1], '-j', 'explain', 'diagram', 'syn-recv'], capture_output=True).stdout)
sys.exit(not (d['kind'] == 'diagram' and d['highlight'] == 'SYN_RECV' and '# SYN_RECV #' in d['diagram']))
" "$TCPDOC"

# The list, and JSON for each kind.
expect "explain without a topic lists every kind" bash -c '
	out=$("$0" explain) && for k in state errno sysctl mechanism diagram; do grep -q " $k " <<<"$out" || exit 1; done' "$TCPDOC"
expect "explain --json documents are valid and complete" python3 -c "
import json, subprocess, sys
def get(*a):
    p = subprocess.run([sys.argv[1], 'explain', '--json', *a], capture_output=True)
    assert p.returncode == 0, a
    return json.loads(p.stdout)
lst = get()['topics']
assert len(lst) >= 50 and all({'topic', 'kind', 'title'} <= set(x) for x in lst)
for x in lst:
    d = get(x['topic'])
    assert d['topic'] == x['topic'] and d['kind'] == x['kind'] and d['text'], x
d = get('close-wait'); assert d['rfc_name'] == 'CLOSE-WAIT' and d['transitions']
d = get('111'); assert d['errno'] == 111 and d['topic'] == 'ECONNREFUSED'
" "$TCPDOC"

# Unknown topics: one line on stderr with the closest topics, exit 3.
unknown_ok() {
	local topic=$1 want=$2 rc
	"$TCPDOC" explain "$topic" >"$tmp/out" 2>"$tmp/err"; rc=$?
	[ "$rc" -eq 3 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
		grep -q "did you mean.*$want" "$tmp/err"
}
expect "unknown 'close-wiat' suggests CLOSE_WAIT, exit 3" unknown_ok close-wiat CLOSE_WAIT
expect "unknown 'tcp_tw_reus' suggests tcp_tw_reuse, exit 3" unknown_ok tcp_tw_reus tcp_tw_reuse
expect "unknown 'ECONNREFUSE' suggests ECONNREFUSED, exit 3" unknown_ok ECONNREFUSE ECONNREFUSED
expect "unknown 'keepalve' suggests keepalive, exit 3" unknown_ok keepalve keepalive
expect "unknown 'diagram bogus' exits 3" bash -c '"$0" explain diagram bogus 2>/dev/null; [ $? -eq 3 ]' "$TCPDOC"
expect "unknown 'qqqqqqqqqqqq' exits 3 with a hint" bash -c '
	"$0" explain qqqqqqqqqqqq 2>&1 >/dev/null | grep -q "tcpdoc explain"; [ "${PIPESTATUS[0]}" -eq 3 ]' "$TCPDOC"

# Chinese.
han() { python3 -c 'import sys; s = sys.stdin.read(); sys.exit(sum("\u4e00" <= c <= "\u9fff" for c in s) < 20)'; }
expect "LANG=zh_CN.UTF-8 gives Chinese" han < <(LANG=zh_CN.UTF-8 "$TCPDOC" explain close-wait)
expect "LANGUAGE=zh_CN with LANG=C gives Chinese" han < <(LANG=C LANGUAGE=zh_CN "$TCPDOC" explain 110)
expect "LANGUAGE=zh_CN with no LANG gives Chinese" han < <(env -u LANG -u LC_ALL -u LC_MESSAGES LANGUAGE=zh_CN "$TCPDOC" explain tcp_tw_reuse)
expect "LANGUAGE=zh_CN with LANG=POSIX gives Chinese help" han < <(LANG=POSIX LANGUAGE=zh_CN "$TCPDOC" --help)
expect "LANG=C alone stays English" bash -c '! LANG=C "$0" explain close-wait | grep -q "对端"' "$TCPDOC"
expect "Chinese errors too" bash -c 'LANG=zh_CN.UTF-8 "$0" explain close-wiat 2>&1 | grep -q "未知"' "$TCPDOC"

# The catalogue is complete for the sources as they are now.
(cd "$TCPD_ROOT" && find src -name '*.[ch]' | LC_ALL=C sort) >"$tmp/files"
if (cd "$TCPD_ROOT" && xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 \
	--files-from="$tmp/files" --output="$tmp/now.pot") &&
   msgmerge --quiet --no-fuzzy-matching "$TCPD_ROOT/po/zh_CN.po" "$tmp/now.pot" -o "$tmp/merged.po"; then
	stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$tmp/merged.po" 2>&1)
	if grep -Eq 'untranslated|fuzzy' <<<"$stats"; then
		tap_not_ok "zh_CN.po translates every string of the sources ($stats; run scripts/po-sync.sh)"
		msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep '^msgid' | sed 's/^/#   /' | head -20
	else
		tap_ok "zh_CN.po translates every string of the sources ($stats)"
	fi
else
	tap_not_ok "zh_CN.po could be merged with the sources' strings"
fi
expect "zh_CN.po has no fuzzy entry" bash -c '! msgattrib --only-fuzzy --no-obsolete "$0" | grep -q "^msgid"' "$TCPD_ROOT/po/zh_CN.po"
expect "zh_CN.po passes msgfmt --check" msgfmt --check -o /dev/null "$TCPD_ROOT/po/zh_CN.po"

# Chinese tables line up by display width.
aligned() { # the start of each column at the same display column, on every line
	python3 -c '
import re, sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
mode, ncols = sys.argv[1], int(sys.argv[2])
rows = [l.rstrip("\n") for l in sys.stdin if l.strip()]
rows = [r for r in rows if len(re.findall(r"\S+", r)) >= ncols][:40]
if len(rows) < 3 or not any(w(r) != len(r) for r in rows): sys.exit(1)
if mode == "right":
    sys.exit(len({w(r) for r in rows}) != 1)
starts = set()
for r in rows:
    cols = [m.start() for m in re.finditer(r"(?:^|(?<=  ))\S", r)][:ncols]
    starts.add(tuple(w(r[:c]) for c in cols))
sys.exit(len(starts) != 1)' "$@"
}
expect "zh_CN explain list is aligned" aligned left 3 < <(LANG=zh_CN.UTF-8 "$TCPDOC" explain | head -40)
expect "zh_CN summary table is aligned" aligned right 2 < <(LANG=zh_CN.UTF-8 "$TCPDOC" summary --source proc)

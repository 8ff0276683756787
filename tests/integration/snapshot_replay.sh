#!/usr/bin/env bash
# tcpdoc snapshot and --from: lab scenarios diagnosed live and again from
# their snapshot, outside their namespace and as a user without privilege;
# summary and ls --from equal to live; -A over two namespaces; sampled
# counters; and every kind of bad file refused in one line.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/snap.bash"

SAME="$TCPD_ROOT/tests/integration/lib/snap_same.py"
snap_pub snap

# snap_take NAME [SNAPSHOT ARGS]: a snapshot of the lab namespace in $PUB/NAME.snap.
snap_take() {
	local name=$1
	shift
	dl_exec "$TCPDOC" snapshot -o "$PUB/$name.snap" "$@" >"$PUB/out" 2>"$PUB/err"
	tap_result $? "$name: snapshot written ($(cat "$PUB/out"))" || cat "$PUB/err" | sed 's/^/# /'
	chmod 644 "$PUB/$name.snap"
	snap_seed "$PUB/$name.snap"
}

# snap_same NAME KIND LIVE-ARGS -- FROM-ARGS: KIND's JSON live in the lab
# namespace, then from the snapshot outside it, as nobody: the same.
snap_same() {
	local name=$1 kind=$2 live=() from=()
	shift 2
	while [[ $# -gt 0 && $1 != -- ]]; do live+=("$1"); shift; done
	shift
	from=("$@")
	dl_exec "$TCPDOC" "$kind" --json "${live[@]}" >"$PUB/live.json" 2>/dev/null
	"${NOBODY[@]}" "$PUB/tcpdoc" "$kind" --json --from "$PUB/$name.snap" "${from[@]}" \
		>"$PUB/off.json" 2>"$PUB/err"
	python3 "$SAME" "$kind" "$PUB/live.json" "$PUB/off.json"
	tap_result $? "$name: $kind ${from[*]} --from the snapshot, as nobody, says what it said live"
}

# --- close-wait-leak, named process, exit code
dl_up
dl_start close-wait 25 8080
snap_take close-wait --interval 0
snap_same close-wait diagnose --interval 0 --config /dev/null -- --config /dev/null
"${NOBODY[@]}" "$PUB/tcpdoc" diagnose --from "$PUB/close-wait.snap" --config /dev/null >/dev/null 2>&1
expect_eq $? 1 "close-wait: diagnose --from exits 1 (warning), as live"
DL_JSON=$("${NOBODY[@]}" "$PUB/tcpdoc" diagnose --json --from "$PUB/close-wait.snap" --config /dev/null 2>/dev/null)
DL_ID=close-wait-leak
dl_ok "close-wait: offline names pid $DL_PID ($DL_COMM) with all 25, and ages" \
	"f['count'] == 25 and f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['comm'] == '$DL_COMM' and 'oldest_age_s' in f['evidence']"
snap_same close-wait diagnose --interval 0 --set close_wait_crit=20 --config /dev/null -- --set close_wait_crit=20 --config /dev/null
snap_same close-wait summary -- 
snap_same close-wait summary --by process -- --by process
snap_same close-wait summary --by peer -s close-wait -- --by peer -s close-wait
snap_same close-wait ls -p -e -- -p -e
snap_same close-wait ls -p --sport 8080 -s close-wait -- -p --sport 8080 -s close-wait
snap_same close-wait ls -4 -n 5 -- -4 -n 5
n=$("${NOBODY[@]}" "$PUB/tcpdoc" ls --json -i --from "$PUB/close-wait.snap" -s close-wait 2>/dev/null |
	pyjson 'sum(1 for s in d if "rtt_us" in s.get("info", {}) or "rtt" in str(s.get("info")))')
expect_eq "$n" 25 "close-wait: ls -i --from keeps every socket's tcp_info"
out=$("${NOBODY[@]}" "$PUB/tcpdoc" ls --from "$PUB/close-wait.snap" -p -s close-wait --no-color 2>/dev/null)
grep -q "$DL_COMM" <<<"$out"
check "close-wait: ls -p --from as text names $DL_COMM" || echo "# $out" | head -5
err=$("${NOBODY[@]}" "$PUB/tcpdoc" summary --from "$PUB/close-wait.snap" 2>&1 >/dev/null)
grep -q "a snapshot taken .* by tcpdoc" <<<"$err"
check "close-wait: --from says where the snapshot came from" || echo "# $err"
dl_down
# Its process is gone from this host: --pid asks the snapshot, not the host.
n=$("${NOBODY[@]}" "$PUB/tcpdoc" ls --json --from "$PUB/close-wait.snap" --pid "$DL_PID" 2>/dev/null |
	pyjson 'sum(1 for s in d if s["state"] == "CLOSE_WAIT")')
expect_eq "$n" 25 "close-wait: ls --pid $DL_PID --from, the process gone: its 25 sockets from the snapshot"

# --- TIME_WAIT on the server side, and ephemeral ports
dl_up
dl_start time-wait-server 30 8081
snap_take time-wait --interval 0
snap_same time-wait diagnose --interval 0 --set time_wait_server_warn=20 --config /dev/null -- --set time_wait_server_warn=20 --config /dev/null
DL_JSON=$("$TCPDOC" diagnose --json --from "$PUB/time-wait.snap" --set time_wait_server_warn=20 --config /dev/null 2>/dev/null)
DL_ID=time-wait-server-close
dl_ok "time-wait: offline, the listener's owner pid $DL_PID is named for 30 TIME_WAIT" \
	"f['count'] == 30 and f['owners'][0]['pid'] == $DL_PID and f['evidence']['owners_from'] == 'listener'"
snap_same time-wait summary --by port -- --by port
dl_down

dl_up
dl_exec sysctl -qw net.ipv4.ip_local_port_range="40000 40099" || dl_die "cannot set ip_local_port_range"
dl_start ephemeral 90 8082
snap_take ephemeral --interval 0
snap_same ephemeral diagnose --interval 0 --config /dev/null -- --config /dev/null
DL_JSON=$("$TCPDOC" diagnose --json --from "$PUB/ephemeral.snap" --config /dev/null 2>/dev/null)
DL_ID=ephemeral-port-exhaustion
dl_ok "ephemeral: offline, the port range is the snapshot's (40000-40099), not this host's" \
	'f is not None and f["count"] >= 90'
dl_down

# --- handshake: SYN_SENT toward a port that drops SYNs
dl_up
dl_drop_syn 9999
dl_start syn-sent 12 9999
snap_take syn-sent --interval 0
snap_same syn-sent diagnose --interval 0 --config /dev/null -- --config /dev/null
DL_JSON=$("$TCPDOC" diagnose --json --from "$PUB/syn-sent.snap" --config /dev/null 2>/dev/null)
DL_ID=syn-sent-stuck
dl_ok "syn-sent: offline, 12 toward 127.0.0.1:9999 by pid $DL_PID" \
	"f['count'] == 12 and f['owners'][0]['pid'] == $DL_PID"
dl_down

# --- counters sampled over an interval: the rates are the snapshot's
dl_up
dl_start healthy 20 8083
snap_take sampled --interval 0.3
DL_JSON=$("${NOBODY[@]}" "$PUB/tcpdoc" diagnose --json --from "$PUB/sampled.snap" --config /dev/null 2>/dev/null)
dl_ok "sampled: rates per second over the recorded interval" \
	'd["counters"] == "per_second" and 0.25 < d["interval_s"] < 5'
snap_same sampled summary -- 
dl_down

# --- -A: two namespaces in one snapshot
dl_up
dl_start close-wait 7 8080
ns_add snap2
NS2=$NS
# Started directly, not through a function, so $! is python itself (ip
# netns exec execs it); away from stdout, which tests/run.sh waits on.
ip netns exec "$NS2" python3 -c 'import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 7070)); s.listen(); time.sleep(120)' >/dev/null 2>&1 &
on_exit "kill $! 2>/dev/null"
for _ in $(seq 50); do
	[[ $("$TCPDOC" -N "$NS2" summary --json -s listen | pyjson 'd["total"]') == 1 ]] && break
	sleep 0.1
done
"$TCPDOC" -A snapshot -o "$PUB/all.snap" --interval 0 >"$PUB/out" 2>"$PUB/err"
check "-A: snapshot of every namespace written" || sed 's/^/# /' "$PUB/err"
chmod 644 "$PUB/all.snap"
"${NOBODY[@]}" "$PUB/tcpdoc" summary --json --by netns --from "$PUB/all.snap" >"$PUB/off.json" 2>/dev/null
for ns in "$DL_NS" "$NS2"; do
	want=$("$TCPDOC" -N "$ns" summary --json | pyjson 'd["total"]')
	got=$(pyjson "[g['total'] for g in d['groups'] if g['netns'] == '$ns']" <"$PUB/off.json")
	expect_eq "$got" "[$want]" "-A: summary --by netns --from counts $ns as live ($want)"
done
DL_JSON=$("${NOBODY[@]}" "$PUB/tcpdoc" diagnose --json --from "$PUB/all.snap" --config /dev/null --set close_wait_warn=5 2>/dev/null)
DL_ID=close-wait-leak
dl_ok "-A: diagnose --from names the namespace of the leak" \
	"any(x['id'] == 'close-wait-leak' and x['evidence'].get('netns') == '$DL_NS' and x['count'] == 7 for x in d['findings'])"
# Other namespaces on the host may use port 7070 too: ours holds one, a LISTEN.
n=$("${NOBODY[@]}" "$PUB/tcpdoc" ls --json --from "$PUB/all.snap" --sport 7070 2>/dev/null |
	pyjson "[s['state'] for s in d if s['netns'] == '$NS2']")
expect_eq "$n" "['LISTEN']" "-A: ls --from finds the listener of the second namespace there"
dl_down

# --- bad files: one line naming the file, exit 3
good="$PUB/close-wait.snap"
: >"$PUB/empty.snap"
bad_input_says "empty file" "empty.snap: not a tcpdoc snapshot" "$TCPDOC" diagnose --from "$PUB/empty.snap"
bad_input_says "foreign file" "passwd: not a tcpdoc snapshot" "$TCPDOC" summary --from /etc/passwd
bad_input_says "missing file" "cannot open .*nothing-here" "$TCPDOC" ls --from "$PUB/nothing-here"
size=$(stat -c %s "$good")
head -c $((size / 2)) "$good" >"$PUB/half.snap"
bad_input_says "half a file" "half.snap: (truncated|corrupt)" "$TCPDOC" diagnose --from "$PUB/half.snap"
head -c 12 "$good" >"$PUB/head.snap"
bad_input_says "only a header" "head.snap: truncated" "$TCPDOC" summary --from "$PUB/head.snap"
cp "$good" "$PUB/flip.snap"
printf '\x55' | dd of="$PUB/flip.snap" bs=1 seek=$((size / 2)) conv=notrunc status=none
bad_input_says "a flipped byte" "flip.snap: corrupt" "$TCPDOC" ls --from "$PUB/flip.snap"
cp "$good" "$PUB/new.snap"
printf '\x63' | dd of="$PUB/new.snap" bs=1 seek=8 conv=notrunc status=none
bad_input_says "a newer format" "new.snap: snapshot format 99 is newer" "$TCPDOC" diagnose --from "$PUB/new.snap"
bad_input_says "watch --from" "--from reads a snapshot for" "$TCPDOC" watch --from "$good"
bad_input_says "-N with --from" "-N and --source are for the live host" "$TCPDOC" ls -N x --from "$good"
bad_input_says "--interval with --from" "--from replays the snapshot as it was taken: --interval is for the live host" \
	"$TCPDOC" diagnose --from "$good" --interval 2
bad_input_says "check --interval before --from" "--interval is for the live host" \
	"$TCPDOC" check --interval=0 --from "$good"
bad_input_says "snapshot without -o" "needs -o FILE" "$TCPDOC" snapshot
bad_input_says "snapshot into a missing directory" "cannot create" "$TCPDOC" snapshot -o "$PUB/no/such/dir.snap"
[[ ! -e "$PUB/no/such/dir.snap" ]]
check "no file is left behind by a failed snapshot"

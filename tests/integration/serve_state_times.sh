#!/usr/bin/env bash
# serve's time-in-state families (issue 13): known connections in a lab
# namespace go through known states, and the histograms, the untimed
# counts and the changes by kind move exactly as they should; the output
# passes promtool. serve runs in a namespace of its own and reads the lab's
# with -N, so its own scrapes are not traced. Without root the families
# are absent and serve says so once, with tcpdoc_state_timer_up 0.
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

command -v promtool >/dev/null || tap_die "promtool not installed (scripts/deps.sh installs prometheus)"
command -v curl >/dev/null || tap_die "curl not installed (scripts/deps.sh installs it)"
PORT=10127

ns_add times
LAB=$NS
ns_add timesrv
SRV=$NS
DIR=$(mktemp -d)
on_exit "rm -rf '$DIR'"
cat >"$DIR/flow.py" <<'PY'
"""hold: a connected pair made before serve, closed on DIR/go (both ends).
flow: three connections whose client closes after 0.3 s while the server
holds CLOSE_WAIT 1.2 s, and one connect refused. Marks DIR/NAME.done."""
import os, socket, sys, threading, time
mode, d = sys.argv[1], sys.argv[2]
def mark(name):
    open(os.path.join(d, name), "w").close()
def wait_for(name):
    while not os.path.exists(os.path.join(d, name)):
        time.sleep(0.01)
if mode == "hold":
    ls = socket.socket()
    ls.bind(("127.0.0.1", 7001)); ls.listen(1)
    c = socket.create_connection(("127.0.0.1", 7001))
    s, _ = ls.accept(); ls.close()
    mark("held"); wait_for("go")
    c.close(); time.sleep(0.2); s.close(); time.sleep(0.2)
    mark("hold.done")
else:
    ls = socket.socket()
    ls.bind(("127.0.0.1", 7000)); ls.listen(8)
    def serve_one(s):
        while s.recv(100):
            pass
        time.sleep(1.2)
        s.close()
    def client():
        c = socket.create_connection(("127.0.0.1", 7000))
        time.sleep(0.3)
        c.close()
    ts = [threading.Thread(target=client) for _ in range(3)]
    for t in ts:
        t.start()
    ss = []
    for _ in range(3):
        s, _ = ls.accept()
        ss.append(threading.Thread(target=serve_one, args=(s,)))
        ss[-1].start()
    for t in ts + ss:
        t.join()
    try:
        socket.create_connection(("127.0.0.1", 7009))
    except ConnectionRefusedError:
        pass
    ls.close()
    time.sleep(0.2)
    mark("flow.done")
PY
ip netns exec "$LAB" python3 "$DIR/flow.py" hold "$DIR" &
on_exit "kill $! 2>/dev/null"
for _ in $(seq 100); do [ -e "$DIR/held" ] && break; sleep 0.1; done
[ -e "$DIR/held" ] || tap_die "the lab's pair did not come up"

SV_LOG=$DIR/serve.log
sv_start "$SRV" "$PORT" -N "$LAB" --interval 0 --config /dev/null
touch "$DIR/go"
ip netns exec "$LAB" python3 "$DIR/flow.py" flow "$DIR" &
on_exit "kill $! 2>/dev/null"
for _ in $(seq 300); do [ -e "$DIR/flow.done" ] && [ -e "$DIR/hold.done" ] && break; sleep 0.1; done
[ -e "$DIR/flow.done" ] || tap_die "the lab's flow did not finish"

out=$DIR/metrics
sv_get "$SRV" "$PORT" /metrics "$out"
expect_eq "$SV_CODE" 200 "GET /metrics: 200"
lint=$(promtool check metrics <"$out" 2>&1)
check "promtool check metrics is clean with the time-in-state families" || echo "# $lint"
expect_eq "$(grep -c 'time-in-state' "$SV_LOG")" 0 "as root serve has no note about time in state"

v() { sv_value "$out" "$1" || echo missing; }
expect_eq "$(v tcpdoc_state_timer_up)" 1 "the state timer is up"
# Each kind the lab made, exactly; hand-overs of orphans still in FIN_WAIT2
# to a mini socket are no change (docs/metrics.md).
while read -r from to want; do
	expect_eq "$(v "tcpdoc_state_changes_total{from=\"$from\",to=\"$to\"}")" "$want" \
		"changes $from -> $to: $want"
done <<'EOF_KINDS'
CLOSE LISTEN 1
LISTEN CLOSE 1
CLOSE SYN_SENT 4
SYN_SENT ESTABLISHED 3
SYN_SENT CLOSE 1
LISTEN SYN_RECV 3
SYN_RECV ESTABLISHED 3
ESTABLISHED FIN_WAIT1 4
FIN_WAIT1 FIN_WAIT2 4
ESTABLISHED CLOSE_WAIT 4
CLOSE_WAIT LAST_ACK 4
LAST_ACK CLOSE 4
EOF_KINDS
kinds=$(grep -c '^tcpdoc_state_changes_total{' "$out")
expect_eq "$kinds" 12 "no other kind of change"

h() { v "tcpdoc_state_time_seconds_$1{state=\"$2\"${3:+,le=\"$3\"}}"; }
# Timed: every change out of a state entered while serve ran. The pair made
# before serve leaves ESTABLISHED untimed (2); its server end's CLOSE_WAIT
# began after, so it is timed.
expect_eq "$(h count SYN_SENT)" 4 "SYN_SENT: 4 timed (3 connected, 1 refused)"
expect_eq "$(h count SYN_RECV)" 3 "SYN_RECV: 3 timed"
expect_eq "$(h count ESTABLISHED)" 6 "ESTABLISHED: 6 timed (both ends of 3)"
expect_eq "$(v 'tcpdoc_state_untimed_changes_total{state="ESTABLISHED"}')" 2 \
	"ESTABLISHED: 2 untimed (the pair older than serve)"
expect_eq "$(h count FIN_WAIT1)" 4 "FIN_WAIT1: 4 timed"
expect_eq "$(h count CLOSE_WAIT)" 4 "CLOSE_WAIT: 4 timed"
expect_eq "$(h count LAST_ACK)" 4 "LAST_ACK: 4 timed"
expect_eq "$(h count FIN_WAIT2)" 0 "FIN_WAIT2: none (orphans hand over to a mini socket in FIN_WAIT2)"
# Lower bounds only (never an upper bound on time): ESTABLISHED lasted at
# least 0.3 s in the three flows, CLOSE_WAIT at least 1.2 s in them.
expect_eq "$(h bucket ESTABLISHED 0.1)" 0 "ESTABLISHED: none of the 6 under 0.1 s"
under1=$(h bucket CLOSE_WAIT 1)
(( under1 <= 1 ))
check "CLOSE_WAIT: none of the three held 1.2 s is under 1 s ($under1, at most the pair's)"
expect_eq "$(h bucket CLOSE_WAIT +Inf)" 4 "CLOSE_WAIT: +Inf bucket is the count"
sum=$(h sum CLOSE_WAIT)
awk -v s="$sum" 'BEGIN { exit !(s >= 3.6) }'
check "CLOSE_WAIT: sum at least 3 x 1.2 s ($sum)"
expect_eq "$(v tcpdoc_state_timer_lost_total)" 0 "no socket lost by the bounded map"
hist_rows=$(grep -c '^tcpdoc_state_time_seconds_bucket{' "$out")
expect_eq "$hist_rows" 128 "8 states x 16 buckets: fixed cardinality"
sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "SIGTERM: exit 0"

# Without root: serve works, says once why, and exports up 0 only.
SV_LOG=$DIR/serve-nobody.log
: >"$SV_LOG"
ip netns exec "$SRV" setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$TCPDOC" serve --listen "127.0.0.1:$PORT" --interval 0 --config /dev/null 2>"$SV_LOG" &
npid=$!
on_exit "kill $npid 2>/dev/null"
for _ in $(seq 100); do
	ip netns exec "$SRV" curl -sf -o "$out" "http://127.0.0.1:$PORT/metrics" && break
	sleep 0.1
done
expect_eq "$(v tcpdoc_state_timer_up)" 0 "without root: tcpdoc_state_timer_up 0"
grep -q '^tcpdoc_state_time_seconds' "$out"
expect_eq "$?" 1 "without root: no time-in-state samples"
expect_eq "$(grep -c 'no time-in-state metrics' "$SV_LOG")" 1 \
	"without root: one line says why ($(grep -m1 "time-in-state" "$SV_LOG"))"
promtool check metrics <"$out" >/dev/null 2>&1
check "without root: promtool check metrics is clean"
kill -TERM "$npid"
wait "$npid"
expect_eq "$?" 0 "without root: SIGTERM, exit 0"

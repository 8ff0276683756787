#!/usr/bin/env bash
# Issue 15: each lab scenario of the doctor's evidence diagnosed live and
# again offline from its snapshot, with the same findings - the pair across
# two namespaces (-A), handshakes whose clients are ESTABLISHED, LAST_ACK
# and FIN_WAIT1 stuck across two looks, a busy healthy service, a stalled
# send queue, and a short-connection client named only by the connect()
# trace.
#
# The comparison is exact: `snapshot --findings FILE` writes the findings of
# the very doctor run the snapshot records, as diagnose --json prints them,
# so live and offline judge the same sockets, owners and counter reads. A
# live diagnose taken beside the snapshot would not be: the busy service's
# TIME_WAIT count moves every millisecond, and the certainty of stuck
# sockets rises with their retransmissions. Only what moves with the clock
# is left out (lib/snap_same.py, as snapshot_replay.sh compares): ages and
# times left on timers, the measured interval, the "oldest" tail of a
# summary, the advice that may quote ages. Ids, severity, certainty,
# because, counts, owners, ports, peers and other_end must be equal. The
# offline run is a user without privilege, outside every namespace, with the
# same --interval, --set and --config as the live one. Each scenario also
# checks that its live finding is there, so two empty lists never pass.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/snap.bash"

SAME="$TCPD_ROOT/tests/integration/lib/snap_same.py"
snap_pub snapall

# snap_live NAME CMD...: CMD (a tcpdoc snapshot run, in or around the lab)
# writes $PUB/NAME.snap and the findings it judged into $PUB/NAME.live.json.
snap_live() {
	local name=$1
	shift
	"$@" -o "$PUB/$name.snap" --findings "$PUB/$name.live.json" >"$PUB/out" 2>"$PUB/err"
	tap_result $? "$name: snapshot and its own findings written" || sed 's/^/# /' "$PUB/err"
	chmod 644 "$PUB/$name.snap"
	DL_JSON=$(cat "$PUB/$name.live.json")
}

# snap_offline NAME [DIAGNOSE ARGS]: diagnose --from the snapshot as nobody
# gives the findings the snapshot's own run gave.
snap_offline() {
	local name=$1
	shift
	"${NOBODY[@]}" "$PUB/tcpdoc" diagnose --json --from "$PUB/$name.snap" "$@" \
		>"$PUB/$name.off.json" 2>"$PUB/err"
	python3 "$SAME" diagnose "$PUB/$name.live.json" "$PUB/$name.off.json"
	tap_result $? "$name: diagnose --from as nobody gives the live findings" ||
		sed 's/^/# /' "$PUB/err"
}

# --- FIN_WAIT2 in the pool's namespace facing CLOSE_WAIT in the service's, -A
dl_up
SVC_NS=$DL_NS
ns_add snapool
POOL_NS=$NS
ns_veth "$POOL_NS" tcpdv2 10.231.16.1/24 "$SVC_NS" tcpdv3 10.231.16.2/24
dl_start service-no-close 20 8097
SVC_PID=$DL_PID
DL_PEER=10.231.16.2 dl_start_in "$POOL_NS" pool-half-close 20 8097
POOL_PID=$DL_PID2
for ((i = 0; i < 50; i++)); do
	[[ $(ip netns exec "$SVC_NS" ss -tanH state close-wait | wc -l) -eq 20 ]] && break
	sleep 0.1
done
snap_live pair "$TCPDOC" -A snapshot --interval 0 --config /dev/null --set fin_wait2_warn=5
export SVC_NS POOL_NS
dl_ok "pair: live, CLOSE_WAIT of pid $SVC_PID faces FIN_WAIT2 of pid $POOL_PID, certain" \
	"any(x['id'] == 'close-wait-leak' and x['evidence'].get('netns') == os.environ['SVC_NS'] and x['certainty'] == 'certain' and x['other_end']['netns'] == os.environ['POOL_NS'] and x['other_end']['owners'][0]['pid'] == $POOL_PID for x in d['findings']) and any(x['id'] == 'fin-wait2-stuck' and x['other_end']['owners'][0]['pid'] == $SVC_PID for x in d['findings'])"
snap_offline pair --config /dev/null --set fin_wait2_warn=5
dl_down

# --- SYN_RECV whose clients are ESTABLISHED: the final ACK is dropped
dl_up
dl_drop_ack 8087
dl_start syn-recv-few 12 8087
dl_wait_resent 8087
snap_live handshake dl_exec "$TCPDOC" snapshot --interval 0 --config /dev/null
DL_ID=handshake-ack-lost
dl_ok "handshake: live, 12 SYN_RECV certain with their 12 ESTABLISHED clients" \
	'f["count"] == 12 and f["certainty"] == "certain" and f["other_end"]["count"] == 12'
snap_offline handshake --config /dev/null
dl_down

# --- LAST_ACK stuck across the two looks, below the count threshold
dl_up
dl_start last-ack 8 8086
snap_live last-ack dl_exec "$TCPDOC" snapshot --interval 2 --config /dev/null
DL_ID=last-ack-stuck
dl_ok "last-ack: live, 8 stuck across both looks, FINs re-sent: certain" \
	'f["count"] == 8 and f["certainty"] == "certain" and f["evidence"]["stuck_across_looks"] == 8 and f["evidence"]["fin_resent"] == 8'
snap_offline last-ack --config /dev/null
dl_down

# --- FIN_WAIT1 behind a zero window across the two looks, below the count
dl_up
dl_start fin-wait1-window 4 8089
snap_live fin-wait1 dl_exec "$TCPDOC" snapshot --interval 2 --config /dev/null
DL_ID=fin-wait1-stuck
dl_ok "fin-wait1: live, 4 FINs behind unread data, probing across both looks: certain" \
	'f["count"] == 4 and f["certainty"] == "certain" and f["evidence"]["zero_window_probing"] == 4'
snap_offline fin-wait1 --config /dev/null
dl_down

# --- a busy healthy service: nothing above info, live or offline
dl_up
dl_exec sysctl -qw net.ipv4.ip_local_port_range="1024 65535" || dl_die "cannot set ip_local_port_range"
dl_start busy 40 8096
snap_live busy dl_exec "$TCPDOC" snapshot --interval 1 --config /dev/null
dl_ok "busy: live, real traffic (1000+ TIME_WAIT) and no finding above info" \
	'd["states"]["TIME_WAIT"] >= 1000 and d["status"] == "ok" and all(x["severity"] == "info" for x in d["findings"])'
snap_offline busy --config /dev/null
dl_down

# --- a reader that stops reading: its writers probe a zero window
dl_up
dl_start recv-backlog 3 8084
snap_live send-queue dl_exec "$TCPDOC" snapshot --interval 0 --config /dev/null
DL_ID=send-queue-stalled
dl_ok "send-queue: live, 3 writers probing a zero window, certain" \
	'f["count"] == 3 and f["evidence"]["zero_window_probing"] == 3 and f["certainty"] == "certain"'
snap_offline send-queue --config /dev/null
dl_down

# --- a client holding no socket, named only by the connect() trace: the
# trace is recorded with the snapshot (its EVENTS section), not watched again
dl_up
dl_exec sysctl -qw net.ipv4.ip_local_port_range="40000 40019" || dl_die "cannot set ip_local_port_range"
dl_exec sysctl -qw net.ipv4.tcp_tw_reuse=0 || dl_die "cannot set tcp_tw_reuse"
dl_start short-connects 50 8083
snap_live short-conn dl_exec "$TCPDOC" snapshot --interval 1 --config /dev/null
DL_ID=ephemeral-port-exhaustion
dl_ok "short-conn: live, the connect trace names pid $DL_PID" \
	"f['owners'][0]['pid'] == $DL_PID and f['evidence']['owners_from'] == 'connect_trace' and d['connect_trace']['state'] == 'traced'"
snap_offline short-conn --config /dev/null
DL_JSON=$(cat "$PUB/short-conn.off.json")
dl_ok "short-conn: offline, named from the recorded trace" \
	"f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['connects'] >= 1 and f['evidence']['owners_from'] == 'connect_trace'"
dl_down

# --- --findings into a missing directory: one line, exit 3, no snapshot left
bad_input_says "findings into a missing directory" "cannot create .*no/such" \
	"$TCPDOC" snapshot -o "$PUB/x.snap" --findings "$PUB/no/such/f.json" --interval 0
[[ ! -e "$PUB/x.snap" ]]
check "no snapshot is taken when its findings file cannot be created"

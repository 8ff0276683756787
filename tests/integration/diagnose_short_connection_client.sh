#!/usr/bin/env bash
# A culprit for client-side TIME_WAIT (issue 15, item 3): a client that
# connects and closes in a loop, holding no socket between two connects,
# exhausts a narrowed ip_local_port_range. No open socket names it; the
# doctor names it by watching connect() during its sampling interval, and
# says plainly when it cannot (not root, or TCPDOC_TRACE=off).
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/snap.bash"

# sc_diag [ENV=V...] -- ARGS: diagnose --json with a 1 s interval (the trace
# runs during it), DL_JSON and DL_ERR.
sc_diag() {
	DL_JSON=$(env "$@" --config /dev/null 2>"$DL_DIR/stderr")
	DL_RC=$?
	DL_ERR=$(cat "$DL_DIR/stderr")
}


dl_up
dl_exec sysctl -qw net.ipv4.ip_local_port_range="40000 40019" || dl_die "cannot set ip_local_port_range"
# Loopback TIME_WAIT is reused by default (tcp_tw_reuse=2): not here.
dl_exec sysctl -qw net.ipv4.tcp_tw_reuse=0 || dl_die "cannot set tcp_tw_reuse"
dl_start short-connects 50 8083
DL_ID=ephemeral-port-exhaustion

# The premise: the client holds no socket, so no open socket can name it.
sc_diag TCPDOC_TRACE=off ip netns exec "$DL_NS" "$TCPDOC" diagnose --json --interval 1
dl_ok "premise: 20 TIME_WAIT to 127.0.0.1:8083 fill the 20 ports" \
	'f and f["count"] == 20 and f["peers"] == ["127.0.0.1:8083"] and f["evidence"]["time_wait_to_destination"] == 20 and f["severity"] == "critical"'
dl_ok "TCPDOC_TRACE=off: nobody named, owners_from none, connect_trace off" \
	'f["owners"] == [] and f["evidence"]["owners_from"] == "none" and f["evidence"]["connect_trace"] == "off" and d["connect_trace"] == {"state": "off"}'
out=$(TCPDOC_TRACE=off dl_exec "$TCPDOC" diagnose --interval 1 --config /dev/null 2>&1)
grep -q "processes: could not be named (connect trace: off)" <<<"$out"
check "TCPDOC_TRACE=off: the text says the process could not be named"

# Traced: the connecting process by pid and name, with its connects.
sc_diag ip netns exec "$DL_NS" "$TCPDOC" diagnose --json --interval 1
dl_ok "connect trace names the client, shortconn pid $DL_PID, with its connects in the interval" \
	"len(f['owners']) == 1 and f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['comm'] == 'shortconn' and f['owners'][0]['connects'] >= 1 and f['owners'][0]['count'] == 0"
dl_ok "owners_from: connect_trace, with connects_traced and the time traced" \
	'f["evidence"]["owners_from"] == "connect_trace" and f["evidence"]["connects_traced"] == f["owners"][0]["connects"] and f["evidence"]["connect_trace_s"] > 0'
dl_ok "the document says connect() was traced, and how many calls it saw" \
	'd["connect_trace"]["state"] == "traced" and d["connect_trace"]["connects"] >= f["owners"][0]["connects"] and d["connect_trace"]["uncounted"] == 0'
out=$(dl_exec "$TCPDOC" diagnose --interval 1 --config /dev/null 2>&1)
grep -Eq "processes: shortconn\($DL_PID\) \([0-9]+ connects\)" <<<"$out"
check "text: processes: shortconn($DL_PID) (N connects)"

# A snapshot records the trace (issue 15, item 6): diagnosed from it
# elsewhere, as nobody, the same client is named with the same owners_from.
snap_pub shortconn
dl_exec "$TCPDOC" snapshot -o "$PUB/sc.snap" --interval 1 >/dev/null 2>"$PUB/err"
tap_result $? "snapshot of the scenario written" || sed 's/^/# /' "$PUB/err"
chmod 644 "$PUB/sc.snap"
snap_seed "$PUB/sc.snap"
sc_diag "${NOBODY[@]}" "$PUB/tcpdoc" diagnose --json --from "$PUB/sc.snap"
dl_ok "--from the snapshot, as nobody: the client is named, shortconn pid $DL_PID, with its connects" \
	"[(o['pid'], o['comm']) for o in f['owners']] == [($DL_PID, 'shortconn')] and f['owners'][0]['connects'] >= 1 and f['evidence']['owners_from'] == 'connect_trace'"
dl_ok "--from: the document says connect() was traced when the snapshot was taken" \
	'd["connect_trace"]["state"] == "traced" and d["connect_trace"]["connects"] >= f["owners"][0]["connects"] and f["evidence"]["connect_trace_s"] > 0'
out=$("${NOBODY[@]}" "$PUB/tcpdoc" diagnose --from "$PUB/sc.snap" --config /dev/null 2>&1)
grep -Eq "processes: shortconn\($DL_PID\) \([0-9]+ connects\)" <<<"$out"
check "--from, text: processes: shortconn($DL_PID) (N connects)"

# -N enters the namespace: the trace watches that namespace.
sc_diag "$TCPDOC" -N "$DL_NS" diagnose --json --interval 1
dl_ok "-N: the client is named too" \
	"[o['pid'] for o in f['owners']] == [$DL_PID] and f['evidence']['owners_from'] == 'connect_trace'"

# -A watches every namespace and names, in each, only that namespace's
# client. A second namespace has a finding of its own (16 held connections
# to one destination): each finding carries its own namespace, once.
ns_add other
OTHER=$NS
ip netns exec "$OTHER" sysctl -qw net.ipv4.ip_local_port_range="40000 40019" ||
	dl_die "cannot set ip_local_port_range in $OTHER"
ip netns exec "$OTHER" python3 "$DL_LAB" --ready "$DL_DIR/other.ready" ephemeral 16 8082 &
OTHER_PID=$!
on_exit "kill $OTHER_PID 2>/dev/null"
for _ in $(seq 100); do [[ -e $DL_DIR/other.ready ]] && break; sleep 0.1; done
read -r OTHER_OWNER _ <"$DL_DIR/other.ready" || dl_die "the second namespace's scenario is not ready"
sc_diag "$TCPDOC" -A diagnose --json --interval 1
dl_ok "-A: in the lab's namespace, the client is named" \
	"any(x['id'] == '$DL_ID' and x['evidence'].get('netns') == '$DL_NS' and [o['pid'] for o in x['owners']] == [$DL_PID] for x in d['findings'])"
dl_ok "-A: in the other namespace, its own owner, from its open sockets" \
	"any(x['id'] == '$DL_ID' and x['evidence'].get('netns') == '$OTHER' and x['owners'][0]['pid'] == $OTHER_OWNER and x['evidence']['owners_from'] == 'open socket to the destination' for x in d['findings'])"
dups=$(python3 -c '
import json, sys
bad = []
def hook(pairs):
    keys = [k for k, _ in pairs]
    bad.extend(k for k in set(keys) if keys.count(k) > 1)
    return dict(pairs)
json.loads(sys.stdin.read(), object_pairs_hook=hook)
print(",".join(sorted(set(bad))))' <<<"$DL_JSON")
expect_eq "$dups" "" "-A: no finding names its namespace twice (findings of each namespace labelled before sorting)"
kill "$OTHER_PID"
wait "$OTHER_PID" 2>/dev/null

# The same client TIME_WAIT against a limit of 10 buckets: its maker is named.
dl_exec sysctl -qw net.ipv4.tcp_max_tw_buckets=10 || dl_die "cannot set tcp_max_tw_buckets"
sc_diag ip netns exec "$DL_NS" "$TCPDOC" diagnose --json --interval 1
DL_ID=time-wait-bucket-overflow dl_ok "time-wait-bucket-overflow: the client that makes the TIME_WAIT is named by the trace" \
	"f and [o['pid'] for o in f['owners']] == [$DL_PID] and f['evidence']['owners_from'] == 'connect_trace' and f['evidence']['time_wait_client_side'] == 20"

# Without root there is no BPF: said on stderr and in the finding.
sc_diag ip netns exec "$DL_NS" "${NOBODY[@]}" "$TCPDOC" diagnose --json --interval 1
dl_ok "not root: the finding stands, nobody named, connect_trace unavailable" \
	'f and f["owners"] == [] and f["evidence"]["owners_from"] == "none" and f["evidence"]["connect_trace"] == "unavailable"'
dl_ok "not root: the document says the trace failed, and why" \
	'd["connect_trace"]["state"] == "failed" and "permission denied" in d["connect_trace"]["why"]'
grep -q "note: could not trace connect() (.*permission denied.*): a process that holds no socket to its destination cannot be named" <<<"$DL_ERR"
check "not root: one note on stderr says connect() could not be traced"
dl_down

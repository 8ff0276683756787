# shellcheck shell=bash
# Helpers for the doctor's integration tests: a private namespace with only
# loopback in it, scenarios from doctor_lab.py, and JSON checks.
#
#	. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
#	dl_up                       # tests/lab/lab.sh's namespace: DL_NS
#	dl_drop_syn 9999            # nft in DL_NS drops SYNs to that port
#	dl_lossy 8090 3             # nft drops 3 in 10 data segments to 8090
#	dl_start close-wait 20 8080 # DL_PID, DL_COMM: the process to name
#	dl_diag --set k=v           # DL_JSON: diagnose --json output, DL_RC
#	dl_py 'f["count"] == 20'    # python on the finding/doc; exit status
#	dl_ok NAME 'EXPR'           # one TAP line (tests/lib/tap.bash)

DL_LAB="$TCPD_ROOT/tests/integration/lib/doctor_lab.py"
. "$TCPD_ROOT/tests/lab/lab.sh"

dl_die() {
	tap_die "$@"
}

# The lab's namespace (removed on exit by lab_down, with our scenarios).
dl_up() {
	command -v python3 >/dev/null || dl_die "lab needs python3 because scenarios are python"
	lab_up
	DL_NS=$LAB_NS
	DL_DIR=$LAB_DIR
}

dl_down() {
	lab_down
}

dl_exec() {
	ip netns exec "$DL_NS" "$@"
}

# dl_nft TABLE RULE: RULE on the input hook, in its own table inet TABLE.
dl_nft() {
	command -v nft >/dev/null || dl_die "nft not found, needed for: $2"
	dl_exec nft -f - <<-NFT || dl_die "nft rules failed: $2"
	table inet $1 {
		chain input {
			type filter hook input priority 0; policy accept;
			$2
		}
	}
	NFT
}

dl_drop_syn() {
	dl_nft tcpd_doc "tcp dport $1 tcp flags & (syn | ack) == syn drop"
}

dl_drop_ack() {
	dl_nft tcpd_doc_ack "tcp dport $1 tcp flags & (fin | syn | rst) == 0 drop"
}

# dl_lossy PORT TENTHS: drop TENTHS in 10 of the data segments sent to PORT
# (segments longer than a bare header; handshake, ACKs and FINs pass).
dl_lossy() {
	dl_nft tcpd_doc_loss "tcp dport $1 meta length > 200 numgen random mod 10 < $2 drop"
}

# dl_start SCENARIO [N] [PORT]: start it in the namespace, wait until ready;
# DL_PID and DL_COMM name the process the finding should name.
dl_start() {
	lab_start_scenario "$DL_LAB" "$1" "${2:-20}" "${3:-8080}"
	read -r DL_PID DL_COMM <"$LAB_READY" || dl_die "scenario $1 wrote no ready line"
}

# dl_diag [ARGS]: diagnose --json inside the namespace, no sampling.
dl_diag() {
	DL_JSON=$(dl_exec "$TCPDOC" diagnose --json --interval 0 --config /dev/null "$@" 2>"$DL_DIR/stderr")
	DL_RC=$?
}

# dl_py EXPR: evaluate EXPR with d = the JSON document, f = finding $DL_ID.
dl_py() {
	DL_ID="${DL_ID:-}" DL_EXPR="$1" python3 -c '
import json, os, sys
d = json.loads(sys.stdin.read())
f = next((x for x in d["findings"] if x["id"] == os.environ.get("DL_ID")), None)
sys.exit(0 if eval(os.environ["DL_EXPR"]) else 1)' <<<"$DL_JSON" 2>/dev/null
}

# dl_ok NAME EXPR: one TAP line; the document follows a failure.
dl_ok() {
	local rc

	dl_py "$2"
	rc=$?
	tap_result "$rc" "$1"
	[[ $rc -eq 0 ]] || { echo "# json: $DL_JSON" | head -c 3000; echo; }
}

# dl_wait_resent PORT: wait (at most 10 s) until every SYN_RECV on PORT has
# had its SYN-ACK re-sent at least once (ss shows the timer's count).
dl_wait_resent() {
	local i
	for ((i = 0; i < 100; i++)); do
		dl_exec ss -tanoH state syn-recv "( sport = :$1 )" |
			awk '{ n++ } /timer:\(on,[^,]*,0\)/ { fresh++ } END { exit !(n && !fresh) }' &&
			return 0
		sleep 0.1
	done
	dl_die "SYN-ACKs on port $1 were not re-sent within 10 s"
}

# dl_start_in NS SCENARIO N PORT: like dl_start, in namespace NS (stopped by
# lab_down with the rest); DL_PID2 and DL_COMM2 name it. The scenario gets
# the environment (DL_PEER).
dl_start_in() {
	local ready="$DL_DIR/ready.in.$1" pid i
	ip netns exec "$1" python3 "$DL_LAB" --ready "$ready" "$2" "$3" "$4" &
	pid=$!
	LAB_PIDS+=("$pid")
	for ((i = 0; i < 100; i++)); do
		[[ -e $ready ]] && break
		kill -0 "$pid" 2>/dev/null || dl_die "scenario $2 in $1 exited before it was ready"
		sleep 0.1
	done
	read -r DL_PID2 DL_COMM2 <"$ready" || dl_die "scenario $2 in $1 wrote no ready line"
}

# shellcheck shell=bash
# Helpers for the doctor's integration tests: a private namespace with only
# loopback in it, scenarios from doctor_lab.py, and JSON checks.
#
#	. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
#	dl_up                       # DL_NS: the namespace; removed on exit
#	dl_drop_syn 9999            # nft in DL_NS drops SYNs to that port
#	dl_start close-wait 20 8080 # DL_PID, DL_COMM: the process to name
#	dl_diag --set k=v           # DL_JSON: diagnose --json output, DL_RC
#	dl_py 'f["count"] == 20'    # python on the finding/doc; exit status

DL_NS=
DL_DIR=
DL_PIDS=()
DL_LAB="$TCPD_ROOT/tests/integration/lib/doctor_lab.py"

dl_die() {
	echo "not ok - $*"
	exit 1
}

dl_down() {
	local p
	for p in "${DL_PIDS[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	DL_PIDS=()
	[[ -n $DL_NS ]] && ip netns del "$DL_NS" 2>/dev/null
	[[ -n $DL_DIR ]] && rm -rf "$DL_DIR"
	DL_NS=
	DL_DIR=
}

dl_up() {
	[[ $EUID -eq 0 ]] || dl_die "lab needs root (ip netns add) because namespaces need it"
	command -v python3 >/dev/null || dl_die "lab needs python3 because scenarios are python"
	DL_NS="tcpd-doc-$$-$RANDOM"
	trap 'dl_down' EXIT
	trap 'dl_down; exit 130' INT
	trap 'dl_down; exit 143' TERM
	ip netns add "$DL_NS" || { DL_NS=; dl_die "ip netns add failed"; }
	ip -n "$DL_NS" link set lo up || dl_die "cannot bring lo up"
	DL_DIR=$(mktemp -d /tmp/tcpd-doc.XXXXXX)
}

dl_exec() {
	ip netns exec "$DL_NS" "$@"
}

dl_drop_syn() {
	command -v nft >/dev/null || dl_die "nft not found, needed to drop SYNs"
	dl_exec nft -f - <<-NFT || dl_die "nft rules failed"
	table inet tcpd_doc {
		chain input {
			type filter hook input priority 0; policy accept;
			tcp dport $1 tcp flags & (syn | ack) == syn drop
		}
	}
	NFT
}

dl_drop_ack() {
	dl_exec nft -f - <<-NFT || dl_die "nft rules failed"
	table inet tcpd_doc_ack {
		chain input {
			type filter hook input priority 0; policy accept;
			tcp dport $1 tcp flags & (fin | syn | rst) == 0 drop
		}
	}
	NFT
}

# dl_start SCENARIO [N] [PORT]: start it in the namespace, wait until ready.
dl_start() {
	local ready="$DL_DIR/ready.${#DL_PIDS[@]}" i pid
	ip netns exec "$DL_NS" python3 "$DL_LAB" "$1" "$ready" "${2:-20}" "${3:-8080}" &
	pid=$!
	DL_PIDS+=("$pid")
	for ((i = 0; i < 100; i++)); do
		if [[ -s $ready ]]; then
			read -r DL_PID DL_COMM <"$ready"
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || dl_die "scenario $1 exited before it was ready"
		sleep 0.1
	done
	dl_die "scenario $1 not ready after 10 s"
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

# dl_ok NAME EXPR: one TAP line.
dl_ok() {
	if dl_py "$2"; then
		echo "ok - $1"
	else
		echo "not ok - $1"
		echo "# json: $DL_JSON" | head -c 3000
		echo
	fi
}

dl_is() {
	if [[ $2 == "$3" ]]; then
		echo "ok - $1"
	else
		echo "not ok - $1 (got '$2', want '$3')"
	fi
}

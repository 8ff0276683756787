#!/usr/bin/env bash
# contrib/zabbix against the real Zabbix agent and a lab with known sockets.
# The template is checked on its own (zabbix/template.py static); then, in a
# lab namespace, `zabbix_agentd -t KEY` evaluates every key of the agent
# configuration, the template's JSONPath preprocessing is applied to each
# value as the server would, and every number equals what ss counts in the
# lab: per state, per listening port (discovered), per namespace (discovered;
# the -A keys run in a private pid and mount namespace that sees only the
# lab). Finally an agent started in the lab on 127.0.0.1 answers the same keys
# over the agent protocol (zabbix_get's job; Debian 12 ships no zabbix_get).
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lab/lab.sh"
export LC_ALL=C NO_COLOR=1
unset LANGUAGE TCPDOC_LOCALEDIR
helper=$TCPD_ROOT/tests/integration/zabbix/template.py
tpl=$TCPD_ROOT/contrib/zabbix/tcpdoc_template.yaml
agent_conf=$TCPD_ROOT/contrib/zabbix/zabbix_agentd.d/tcpdoc.conf
command -v zabbix_agentd >/dev/null || tap_die "zabbix_agentd is not installed (scripts/deps.sh: zabbix-agent)"

python3 "$helper" static "$tpl" "$agent_conf"

lab_up
lab_start_scenario "$TCPD_BUILD/tests/scenario" --v6
tmp=$LAB_DIR
# The agent runs `tcpdoc` from PATH, as on a host where it is installed.
mkdir -p "$tmp/bin"
ln -s "$TCPDOC" "$tmp/bin/tcpdoc"
cat >"$tmp/agent.conf" <<CONF
LogType=file
LogFile=$tmp/agent.log
PidFile=$tmp/agent.pid
AllowRoot=1
Timeout=30
Server=127.0.0.1
ListenIP=127.0.0.1
ListenPort=10050
StartAgents=1
Include=$agent_conf
CONF

# agent_test KEY [WRAPPER...]: the value `zabbix_agentd -t KEY` prints, in the
# lab (through WRAPPER when given), into $tmp/value.
agent_test() {
	local key=$1
	shift
	lab_exec env PATH="$tmp/bin:$PATH" "$@" zabbix_agentd -c "$tmp/agent.conf" -t "$key" \
		>"$tmp/raw" 2>"$tmp/err"
	python3 - "$tmp/raw" "$tmp/value" <<'PY'
import re, sys
raw = open(sys.argv[1]).read()
m = re.search(r"\[t\|(.*)\]\s*$", raw, re.S)
open(sys.argv[2], "w").write(m.group(1) if m else "")
sys.exit(0 if m else 1)
PY
}
ss_count() {	# ss_count SS_STATE [FILTER...]: sockets in the lab in that state
	lab_exec ss -Htan state "$@" | grep -c ''
}
ss_name() {	# SYN_RECV -> syn-recv, as ss's state filter spells it
	local s=${1,,}
	echo "${s//_/-}"
}
declare -A want
total=0
while read -r state n; do
	want[$state]=$n
	total=$((total + n))
done < <(lab_ss_counts)
want[total]=$total
[ "$total" -gt 20 ] || tap_die "the lab has too few sockets to test with ($total)"

# compare MASTER PREFIX SUFFIX [MACRO=V...]: every dependent item of MASTER
# against want[STATE], its key PREFIX STATE SUFFIX.
compare() {
	local master=$1 prefix=$2 suffix=$3 key value state bad=0 n=0
	shift 3
	while IFS=$'\t' read -r key value; do
		state=${key#"$prefix"}
		state=${state%"$suffix"}
		n=$((n + 1))
		[[ $value == "${want[$state]:-none}" ]] || { bad=1; echo "# $key: $value, want ${want[$state]:-none}"; }
	done < <(python3 "$helper" items "$tpl" "$master" "$tmp/value" "$@")
	[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]
}

agent_test tcpdoc.summary
check "zabbix_agentd -t tcpdoc.summary gives a text value" || sed 's/^/# /' "$tmp/err"
compare tcpdoc.summary 'tcpdoc.state[' ']'
check "zabbix: tcpdoc.state[STATE] for all eleven states and the total equal the lab's counts"

# -A sees every namespace of the host: in a pid and mount namespace of its
# own, with /run/netns empty, the only one left is the lab's.
only_lab=(unshare --pid --fork --mount-proc sh -c 'mount -t tmpfs none /run/netns && exec "$@"' sh)
agent_test tcpdoc.summary.all "${only_lab[@]}"
check "zabbix_agentd -t tcpdoc.summary.all gives a text value" || sed 's/^/# /' "$tmp/err"
compare tcpdoc.summary.all 'tcpdoc.all.state[' ']'
check "zabbix: tcpdoc.all.state[STATE] (-A) equal the lab's counts"

agent_test tcpdoc.netns "${only_lab[@]}"
check "zabbix_agentd -t tcpdoc.netns gives a text value"
mapfile -t rows < <(python3 "$helper" discover "$tpl" tcpdoc.netns.discovery "$tmp/value")
expect_eq "${#rows[@]}" 1 "zabbix: namespace discovery finds the one namespace there is"
if [ "${#rows[@]}" -eq 1 ]; then
	compare tcpdoc.netns 'tcpdoc.netns.state["'"${rows[0]#*=}"'",' ']' "${rows[0]%%=*}=${rows[0]#*=}"
	check "zabbix: tcpdoc.netns.state[NS,STATE] prototypes equal the lab's counts"
fi

agent_test tcpdoc.ports.discovery
check "zabbix_agentd -t tcpdoc.ports.discovery gives a text value"
got=$(python3 "$helper" discover "$tpl" tcpdoc.ports.discovery "$tmp/value" | sed 's/^{#PORT}=//' | sort -n | paste -sd' ')
ports=$(lab_exec ss -Htln | awk '{ sub(/.*:/, "", $4); print $4 }' | sort -nu | paste -sd' ')
expect_eq "$got" "$ports" "zabbix: port discovery finds the lab's listening ports"
bad=
for p in $ports; do
	agent_test "tcpdoc.port[$p]" || { bad+=" $p(agent)"; continue; }
	while IFS=$'\t' read -r key value; do
		state=${key##*,}
		state=${state%]}
		n=$(ss_count "$(ss_name "$state")" "( sport = :$p )")
		[[ $value == "$n" ]] || bad+=" $key=$value/ss:$n"
	done < <(python3 "$helper" items "$tpl" 'tcpdoc.port[{#PORT}]' "$tmp/value" "{#PORT}=$p")
done
expect_eq "${bad# }" "" "zabbix: per-port prototypes (ESTABLISHED, CLOSE_WAIT, TIME_WAIT, SYN_RECV) equal ss for every listening port"

agent_test tcpdoc.diagnose
check "zabbix_agentd -t tcpdoc.diagnose gives a text value"
declare -A doc
while IFS=$'\t' read -r key value; do
	doc[$key]=$value
done < <(python3 "$helper" items "$tpl" tcpdoc.diagnose "$tmp/value")
status=$(pyjson 'd["status"]' <"$tmp/value")
expect_eq "${doc[tcpdoc.status]:-}" "$status" "zabbix: tcpdoc.status is the doctor's status ($status)"
ids=$(pyjson 'json.dumps([f["id"] for f in d["findings"]])' <"$tmp/value")
[[ ${doc[tcpdoc.findings]:-} == "$ids" || ( $ids == "[]" && ${doc[tcpdoc.findings]:-} == "[]" ) ]]
check "zabbix: tcpdoc.findings lists the finding ids (${doc[tcpdoc.findings]:-})"
crit=$(pyjson 'sum(f["severity"] == "critical" for f in d["findings"])' <"$tmp/value")
expect_eq "${doc[tcpdoc.findings.critical]:-}" "$crit" "zabbix: tcpdoc.findings.critical counts the critical findings"
for f in close-wait-leak syn-flood accept-queue-overflow; do
	n=$(pyjson "sum(f['id'] == '$f' for f in d['findings'])" <"$tmp/value")
	expect_eq "${doc[tcpdoc.finding[$f]]:-}" "$n" "zabbix: tcpdoc.finding[$f] counts those findings"
done

# A running agent, asked over the network protocol on the lab's loopback.
# Not through the lab_exec function: ip, env and the agent exec one another,
# so $! is the agent's own pid (it ends its children on SIGTERM).
ip netns exec "$LAB_NS" env PATH="$tmp/bin:$PATH" zabbix_agentd -f -c "$tmp/agent.conf" >/dev/null 2>&1 &
agent=$!
on_exit "kill $agent 2>/dev/null; wait $agent 2>/dev/null"
zget() {	# zget KEY: the value a passive check of KEY returns
	lab_exec python3 - "$1" <<'PY'
import socket, struct, sys, time
key = sys.argv[1].encode()
for _ in range(100):
	try:
		s = socket.create_connection(("127.0.0.1", 10050), timeout=30)
		break
	except OSError:
		time.sleep(0.1)
else:
	sys.exit("no agent on 127.0.0.1:10050")
s.sendall(b"ZBXD\x01" + struct.pack("<Q", len(key)) + key)
data = b""
while chunk := s.recv(65536):
	data += chunk
assert data[:5] == b"ZBXD\x01", data[:20]
n = struct.unpack("<Q", data[5:13])[0]
sys.stdout.write(data[13:13 + n].decode())
PY
}
# The agent's own sockets are in the lab now: its listener, and both ends of
# the connection asking.
want[LISTEN]=$((want[LISTEN] + 1))
want[ESTABLISHED]=$((want[ESTABLISHED] + 2))
want[total]=$((want[total] + 3))
zget tcpdoc.summary >"$tmp/value"
compare tcpdoc.summary 'tcpdoc.state[' ']'
check "zabbix: a running agent on 127.0.0.1 answers tcpdoc.summary with the lab's counts"
p=${ports%% *}
zget "tcpdoc.port[$p]" >"$tmp/value"
got=$(python3 "$helper" items "$tpl" 'tcpdoc.port[{#PORT}]' "$tmp/value" "{#PORT}=$p" | grep ',ESTABLISHED]' | cut -f2)
expect_eq "$got" "$(ss_count established "( sport = :$p )")" "zabbix: the running agent answers tcpdoc.port[$p] (ESTABLISHED) as ss counts"

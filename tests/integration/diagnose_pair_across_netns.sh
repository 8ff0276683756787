#!/usr/bin/env bash
# Both ends of a connection in two namespaces joined by a veth, read with
# -A: FIN_WAIT2 in the pool's namespace faces CLOSE_WAIT in the service's;
# each finding names the other end's process and namespace, and the advice
# says where the peer is instead of "run tcpdoc there" (issue 15).
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
SVC_NS=$DL_NS
ns_add pool
POOL_NS=$NS
ns_veth "$POOL_NS" tcpdv0 10.231.15.1/24 "$SVC_NS" tcpdv1 10.231.15.2/24

dl_start service-no-close 20 8097
SVC_PID=$DL_PID SVC_COMM=$DL_COMM
DL_PEER=10.231.15.2 dl_start_in "$POOL_NS" pool-half-close 20 8097
POOL_PID=$DL_PID2 POOL_COMM=$DL_COMM2
for ((i = 0; i < 50; i++)); do
	[[ $(ip netns exec "$SVC_NS" ss -tanH state close-wait | wc -l) -eq 20 ]] && break
	sleep 0.1
done

DL_JSON=$("$TCPDOC" -A diagnose --json --interval 0 --config /dev/null --set fin_wait2_warn=5 2>"$DL_DIR/stderr")
export SVC_NS POOL_NS
cw='next(x for x in d["findings"] if x["id"] == "close-wait-leak" and x["evidence"].get("netns") == os.environ["SVC_NS"])'
fw='next(x for x in d["findings"] if x["id"] == "fin-wait2-stuck" and x["evidence"].get("netns") == os.environ["POOL_NS"])'
dl_ok "pair: close-wait-leak in the service's namespace, its 20 sockets held by $SVC_COMM" \
	"($cw)['count'] == 20 and ($cw)['owners'][0]['pid'] == $SVC_PID"
dl_ok "pair: its other end is the pool in the other namespace, in FIN_WAIT2" \
	"($cw)['other_end'] == {'count': 20, 'state': 'FIN_WAIT2', 'netns': os.environ['POOL_NS'], 'owners': [{'pid': $POOL_PID, 'comm': '$POOL_COMM', 'count': 20}]}"
dl_ok "pair: close-wait-leak is certain, and says why" \
	"($cw)['certainty'] == 'certain' and 'FIN_WAIT2' in ($cw)['because']"
dl_ok "pair: fin-wait2-stuck in the pool's namespace faces the service's CLOSE_WAIT" \
	"($fw)['other_end'] == {'count': 20, 'state': 'CLOSE_WAIT', 'netns': os.environ['SVC_NS'], 'owners': [{'pid': $SVC_PID, 'comm': '$SVC_COMM', 'count': 20}]} and ($fw)['certainty'] == 'certain'"
dl_ok "pair: the advice names the service and its namespace, not 'run tcpdoc there'" \
	"os.environ['SVC_NS'] in ($fw)['advice'][0] and '$SVC_COMM($SVC_PID)' in ($fw)['advice'][0] and not any('run tcpdoc there' in a for a in ($fw)['advice'])"

out=$("$TCPDOC" -A --interval 0 --config /dev/null --set fin_wait2_warn=5 2>/dev/null)
grep -q "other end: 20 in FIN_WAIT2 in namespace $POOL_NS, held by $POOL_COMM($POOL_PID)x20" <<<"$out" &&
	grep -q "other end: 20 in CLOSE_WAIT in namespace $SVC_NS, held by $SVC_COMM($SVC_PID)x20" <<<"$out"
check "pair text: both ends, both processes, both namespaces" || echo "# $(grep -A3 'other end' <<<"$out" | head -20)"

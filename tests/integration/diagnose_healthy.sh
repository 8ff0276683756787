#!/usr/bin/env bash
# A healthy lab raises nothing; check's output, ranges and exit codes.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_start healthy 5 8090
dl_diag
dl_is "healthy: exit 0" "$DL_RC" 0
dl_ok "healthy: status ok, no warning or critical" \
	'd["status"] == "ok" and all(x["severity"] == "info" for x in d["findings"])'
dl_ok "healthy: states counted" \
	'd["states"]["ESTABLISHED"] == 10 and d["states"]["LISTEN"] == 2 and d["states"]["TIME_WAIT"] == 3'
dl_diag --set keepalive_idle_s=0 --set keepalive_warn=1
DL_ID=keepalive-missing
dl_ok "healthy: keepalive connections are not keepalive-missing" 'f is None'
DL_JSON=$(dl_exec "$TCPDOC" --json --interval 0.2 --config /dev/null)
dl_ok "healthy: sampled, counters per second" 'd["counters"] == "per_second" and d["interval_s"] > 0.15'

out=$(dl_exec "$TCPDOC" --interval 0 --config /dev/null)
grep -q "Nothing wrong found" <<<"$out" && grep -q "ESTABLISHED 10" <<<"$out" &&
	echo "ok - healthy text: nothing wrong, headline numbers" ||
	echo "not ok - healthy text: $out"

chk() {
	CHK=$(dl_exec "$TCPDOC" check --interval 0 --config /dev/null "$@" 2>/dev/null)
	CHK_RC=$?
}
chk
dl_is "check: doctor's verdict OK, exit 0" "$CHK_RC" 0
[[ $CHK == "TCPDOC OK - "*" | 'established'=10;;;0; "*"'listen'=2;;;0; "*"'total'=15;;;0;" ]] &&
	echo "ok - check: perfdata for every state" || echo "not ok - check perfdata: $CHK"
[[ $(grep -o "'[a-z_0-9]*'=" <<<"$CHK" | wc -l) -eq 12 ]] &&
	echo "ok - check: eleven states and total" || echo "not ok - check: eleven states: $CHK"
chk --warn established=5 --crit established=20
dl_is "check: established=10 outside 0..5 warns, exit 1" "$CHK_RC" 1
[[ $CHK == "TCPDOC WARNING - established=10 (warn 5) | "*"'established'=10;5;20;0;"* ]] &&
	echo "ok - check: warning text and thresholds in perfdata" || echo "not ok - check warning: $CHK"
chk --crit established=@5:15
dl_is "check: @5:15 is critical inside, exit 2" "$CHK_RC" 2
chk --crit time-wait=~:2
dl_is "check: time-wait ~:2 with 3 is critical" "$CHK_RC" 2
chk --warn total=100:
dl_is "check: total 100: with 15 warns" "$CHK_RC" 1
chk --warn CLOSE_WAIT=0 --port 8090
dl_is "check: --port 8090, no CLOSE_WAIT, OK" "$CHK_RC" 0
[[ $CHK == *"'established'=10;;;0;"*"'close_wait'=0;0;;0;"*"'listen'=1;;;0;"* ]] &&
	echo "ok - check: --port counts that port only" || echo "not ok - check --port: $CHK"
chk --warn established=abc
dl_is "check: bad range, exit 3" "$CHK_RC" 3
chk --warn nosuchstate=1
dl_is "check: bad state, exit 3" "$CHK_RC" 3
err=$(dl_exec "$TCPDOC" check --warn established=abc 2>&1 >/dev/null)
dl_is "check: bad range is one line on stderr" "$(wc -l <<<"$err")" 1
dl_exec "$TCPDOC" --set nosuch=1 --interval 0 >/dev/null 2>&1
dl_is "diagnose: unknown --set key, exit 3" "$?" 3
dl_exec "$TCPDOC" diagnose --interval -1 >/dev/null 2>&1
dl_is "diagnose: bad --interval, exit 3" "$?" 3

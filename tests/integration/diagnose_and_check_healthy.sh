#!/usr/bin/env bash
# A healthy lab raises nothing; check's output, ranges and exit codes.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_start healthy 5 8090
dl_diag
expect_eq "$DL_RC" 0 "healthy: exit 0"
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
grep -q "Nothing wrong found" <<<"$out" && grep -q "ESTABLISHED 10" <<<"$out"
check "healthy text: nothing wrong, headline numbers" || echo "# $out"

chk() {
	CHK=$(dl_exec "$TCPDOC" check --interval 0 --config /dev/null "$@" 2>/dev/null)
	CHK_RC=$?
}
chk
expect_eq "$CHK_RC" 0 "check: doctor's verdict OK, exit 0"
[[ $CHK == "TCPDOC OK - "*" | 'established'=10;;;0; "*"'listen'=2;;;0; "*"'total'=15;;;0;" ]]
check "check: perfdata for every state" || echo "# $CHK"
[[ $(grep -o "'[a-z_0-9]*'=" <<<"$CHK" | wc -l) -eq 12 ]]
check "check: eleven states and total" || echo "# $CHK"
chk --warn established=5 --crit established=20
expect_eq "$CHK_RC" 1 "check: established=10 outside 0..5 warns, exit 1"
[[ $CHK == "TCPDOC WARNING - established=10 (warn 5) | "*"'established'=10;5;20;0;"* ]]
check "check: warning text and thresholds in perfdata" || echo "# $CHK"
chk --crit established=@5:15
expect_eq "$CHK_RC" 2 "check: @5:15 is critical inside, exit 2"
chk --crit time-wait=~:2
expect_eq "$CHK_RC" 2 "check: time-wait ~:2 with 3 is critical"
chk --warn total=100:
expect_eq "$CHK_RC" 1 "check: total 100: with 15 warns"
chk --warn CLOSE_WAIT=0 --port 8090
expect_eq "$CHK_RC" 0 "check: --port 8090, no CLOSE_WAIT, OK"
[[ $CHK == *"'established'=10;;;0;"*"'close_wait'=0;0;;0;"*"'listen'=1;;;0;"* ]]
check "check: --port counts that port only" || echo "# $CHK"
chk --warn established=abc
expect_eq "$CHK_RC" 3 "check: bad range, exit 3"
chk --warn nosuchstate=1
expect_eq "$CHK_RC" 3 "check: bad state, exit 3"
err=$(dl_exec "$TCPDOC" check --warn established=abc 2>&1 >/dev/null)
expect_eq "$(wc -l <<<"$err")" 1 "check: bad range is one line on stderr"
dl_exec "$TCPDOC" --set nosuch=1 --interval 0 >/dev/null 2>&1
expect_eq "$?" 3 "diagnose: unknown --set key, exit 3"
dl_exec "$TCPDOC" diagnose --interval -1 >/dev/null 2>&1
expect_eq "$?" 3 "diagnose: bad --interval, exit 3"

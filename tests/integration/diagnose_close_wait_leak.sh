#!/usr/bin/env bash
# close-wait-leak: a server that never closes after the peer's FIN.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up
dl_start close-wait 25 8080
DL_ID=close-wait-leak
dl_diag
expect_eq "$DL_RC" 1 "close-wait-leak: exit code 1 (warning)"
dl_ok "close-wait-leak: status warning" 'd["status"] == "warning"'
dl_ok "close-wait-leak: count 25" 'f["count"] == 25 and f["severity"] == "warning"'
dl_ok "close-wait-leak: names pid $DL_PID ($DL_COMM) with 25" \
	"f['owners'][0]['pid'] == $DL_PID and f['owners'][0]['comm'] == '$DL_COMM' and f['owners'][0]['count'] == 25"
dl_ok "close-wait-leak: port 8080 and peer 127.0.0.1" \
	'8080 in f["ports"] and "127.0.0.1" in f["peers"]'
dl_ok "close-wait-leak: evidence and advice" \
	'f["evidence"]["close_wait"] == 25 and "oldest_age_s" in f["evidence"] and len(f["advice"]) >= 2'
dl_ok "close-wait-leak: every socket's age (all 25 younger than 1 h) and the oldest in the summary" \
	'f["evidence"]["older_than_1h_pct"] == 0 and "older_than_10s_pct" in f["evidence"] and "; oldest " in f["summary"]'
dl_diag --set close_wait_crit=20
expect_eq "$DL_RC" 2 "close-wait-leak: --set close_wait_crit=20 gives exit 2"
dl_ok "close-wait-leak: critical with the threshold" 'f["severity"] == "critical"'
dl_diag --set close_wait_warn=100
dl_ok "close-wait-leak: quiet under close_wait_warn=100" 'f is None'

conf="$DL_DIR/tcpdoc.conf"
printf '# lab\nclose_wait_warn = 1000\n' >"$conf"
DL_JSON=$(dl_exec "$TCPDOC" --json --interval 0 --config "$conf")
dl_ok "close-wait-leak: the config file raises the threshold" 'f is None'
printf 'close_wait_warn = lots\n' >"$conf"
err=$(dl_exec "$TCPDOC" --json --interval 0 --config "$conf" 2>&1 >/dev/null)
rc=$?
expect_eq "$rc" 3 "bad config file: exit 3"
expect_eq "$(wc -l <<<"$err")" 1 "bad config file: one line on stderr"

out=$("$TCPDOC" -N "$DL_NS" --interval 0 --config /dev/null --no-color)
rc=$?
expect_eq "$rc" 1 "text via -N: exit 1"
grep -q "close-wait-leak" <<<"$out" && grep -q "cw-server($DL_PID)" <<<"$out"
check "text names the finding and the process" || echo "# $out"

# The clients that closed sit in FIN_WAIT2 waiting for our server's FIN.
DL_ID=fin-wait2-stuck
dl_diag --set fin_wait2_warn=20
dl_ok "fin-wait2-stuck: the 25 closers" \
	'f["count"] == 25 and "127.0.0.1:8080" in f["peers"] and "tcp_fin_timeout" in f["evidence"]'
dl_diag
dl_ok "fin-wait2-stuck: 25 is below the default" 'f is None'

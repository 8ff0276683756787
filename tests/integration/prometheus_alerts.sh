# contrib/prometheus/alerts.yml: promtool accepts the rules, its unit tests
# (alerts_test.yml) pass, and every metric the rules read is one that a
# real `tcpdoc serve` exposes.
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

dir=$TCPD_ROOT/contrib/prometheus
command -v promtool >/dev/null || tap_die "promtool is missing (scripts/deps.sh installs prometheus)"
command -v curl >/dev/null || tap_die "curl is missing (scripts/deps.sh installs it)"
WORK=$(mktemp -d)
on_exit "rm -rf '$WORK'"

out=$(promtool check rules "$dir/alerts.yml" 2>&1)
check "promtool check rules alerts.yml ($(tail -1 <<<"$out" | tr -s ' '))"
out=$(cd "$dir" && promtool test rules alerts_test.yml 2>&1)
check "promtool test rules: every alert fires when it should and not before ($(tail -1 <<<"$out" | tr -s ' '))"

ns_add alerts
sv_start "$NS" 10127 --interval 0
sv_get "$NS" 10127 /metrics "$WORK/metrics"
expect_eq "$SV_CODE" 200 "serve answers /metrics"
have=$(sed -n 's/^# TYPE \([a-z_]*\) .*/\1/p' "$WORK/metrics" | sort -u)
# Counters are exposed as NAME_total; the family line names NAME_total too.
used=$(grep -o 'tcpdoc_[a-z_]*' "$dir/alerts.yml" | sort -u)
missing=
for m in $used; do
	grep -qx "$m" <<<"$have" || missing+=" $m"
done
expect_eq "${missing# }" "" "every metric alerts.yml reads is exposed by tcpdoc serve ($(wc -w <<<"$used") of them)"

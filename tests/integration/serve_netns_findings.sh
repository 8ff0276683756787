#!/usr/bin/env bash
# serve -A: each namespace's findings and status carry the labels its
# tcpdoc_sockets series carry. Two lab namespaces, a CLOSE_WAIT leak in one
# and healthy traffic in the other: the series say which one leaks, and
# the finding families hold exactly ids x namespaces series. serve runs in
# a namespace of its own; other namespaces on the host (other tests) show
# up too, so every check names our two.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
. "$TCPD_ROOT/tests/integration/lib/serve.bash"

command -v promtool >/dev/null || tap_die "promtool not installed (scripts/deps.sh installs prometheus)"
command -v curl >/dev/null || tap_die "curl not installed (scripts/deps.sh installs it)"
PORT=10127

dl_up
LEAK=$DL_NS
dl_start close-wait 25 8080
ns_add ok
OK=$NS
# The healthy scenario in the second namespace (the lab's helpers start
# scenarios in LAB_NS, and still end them by PID).
LAB_NS=$OK lab_start_scenario "$DL_LAB" healthy 10 8081
ns_add srv
SRV=$NS
SV_LOG=$DL_DIR/serve.log
sv_start "$SRV" "$PORT" -A --interval 0 --config /dev/null
out=$DL_DIR/metrics
sv_get "$SRV" "$PORT" /metrics "$out"
expect_eq "$SV_CODE" 200 "serve -A: GET /metrics: 200"
lint=$(promtool check metrics <"$out" 2>&1)
check "serve -A: promtool check metrics is clean" || echo "# $lint"

v() { sv_value "$out" "$1" || echo missing; }
expect_eq "$(v "tcpdoc_sockets{netns=\"$OK\",state=\"ESTABLISHED\"}")" \
	"$(ip netns exec "$OK" ss -Htan state established | wc -l)" \
	"the healthy namespace's ESTABLISHED sockets are what ss counts there"
expect_eq "$(v "tcpdoc_finding_raised{netns=\"$LEAK\",id=\"close-wait-leak\"}")" 1 \
	"close-wait-leak raised in the leaking namespace"
expect_eq "$(v "tcpdoc_finding_raised{netns=\"$OK\",id=\"close-wait-leak\"}")" 0 \
	"close-wait-leak not raised in the healthy one"
expect_eq "$(v "tcpdoc_finding_severity{netns=\"$LEAK\",id=\"close-wait-leak\"}")" 2 \
	"close-wait-leak is a warning (2) where it leaks"
expect_eq "$(v "tcpdoc_finding_affected{netns=\"$LEAK\",id=\"close-wait-leak\"}")" \
	"$(ip netns exec "$LEAK" ss -Htan state close-wait | wc -l)" \
	"close-wait-leak counts the leaking namespace's CLOSE_WAIT sockets"
expect_eq "$(v "tcpdoc_finding_affected{netns=\"$OK\",id=\"close-wait-leak\"}")" 0 \
	"and none in the healthy one"
expect_eq "$(v "tcpdoc_status{netns=\"$LEAK\"}")" 1 "status of the leaking namespace: warning (1)"
expect_eq "$(v "tcpdoc_status{netns=\"$OK\"}")" 0 "status of the healthy namespace: ok (0)"
expect_eq "$(grep -c '^tcpdoc_status ' "$out")" 0 "no unlabelled status beside the per-namespace ones"

# The bound: per family, one series per id and namespace (zeros included),
# namespaces as tcpdoc_sockets counts them.
nns=$(grep -c '^tcpdoc_sockets{.*state="LISTEN"}' "$out")
nids=$(awk '/^tcpdoc_finding_raised\{/ { match($0, /id="[^"]*"/); print substr($0, RSTART, RLENGTH) }' \
	"$out" | sort -u | wc -l)
for fam in raised severity affected; do
	expect_eq "$(grep -c "^tcpdoc_finding_${fam}{" "$out")" "$((nns * nids))" \
		"tcpdoc_finding_$fam: $nids ids x $nns namespaces series"
done
# Every finding series carries its namespace's labels exactly as the state
# series do (netns, and container where one shows).
labels() { sed -n "s/^$1{\(.*\),$2=.*/\1/p" "$out" | sort -u; }
expect_eq "$(labels tcpdoc_finding_raised id)" "$(labels tcpdoc_sockets state)" \
	"finding series carry the same namespace labels as tcpdoc_sockets"

# Without -A the findings stay one series per id.
sv_stop "$SV_PID"
sv_start "$SRV" "$PORT" -N "$LEAK" --interval 0 --config /dev/null
sv_get "$SRV" "$PORT" /metrics "$out"
expect_eq "$(v 'tcpdoc_finding_raised{id="close-wait-leak"}')" 1 "-N: close-wait-leak, no namespace label"
expect_eq "$(v 'tcpdoc_status')" 1 "-N: one status series"
sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "serve: SIGTERM, exit 0"

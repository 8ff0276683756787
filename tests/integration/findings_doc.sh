#!/usr/bin/env bash
# Every finding id and every threshold key is documented in docs/findings.md.
cd "$TCPD_ROOT" || exit 1
doc=docs/findings.md
for id in $(grep -o '^	{ "[a-z0-9-]*"' src/lib/doctor/rules/catalogue.c | tr -d '\t{ "'); do
	grep -q "^## $id\$" "$doc" && echo "ok - $id documented" || echo "not ok - $id missing from $doc"
done
for key in $(grep -o '\] = { "[a-z0-9_]*"' src/lib/doctor/thresholds.c | sed 's/.*"\(.*\)"/\1/'); do
	grep -q "^| \`$key\` |" "$doc" && echo "ok - key $key documented" || echo "not ok - key $key missing from $doc"
done

#!/usr/bin/env bash
# AFL++ campaigns on the capture reader and analyser (pcap), on the
# thresholds config-file parser and on the snapshot reader, side by side,
# TCPD_FUZZ_SECS each (50 by default), seeded with the real captures and
# snapshots the other tests recorded (this script runs after them:
# tests/run.sh) and hand-made ones. A crash or hang
# fails the test; its inputs are kept for tests/fuzz/regress/. A longer
# campaign: tests/fuzz/run.sh pcap 3600 /tmp/fuzz-pcap (docs/HACKING.md).
set -u
. "$TCPD_ROOT/tests/lib/netns.bash"
SECS=${TCPD_FUZZ_SECS:-50}
OUT=$(mktemp -d /tmp/tcpdoc-fuzzrun.XXXXXX)
on_exit "rm -rf '$OUT'"

command -v afl-fuzz >/dev/null || tap_die "fuzz campaigns: afl-fuzz is missing (scripts/deps.sh installs afl++)"
pids=()
for target in pcap thresholds snapshot; do
	# Findings are kept under the build directory, not in a temporary one.
	work=${TCPD_BUILD:-/tmp}/fuzz-$target
	rm -rf "$work"
	bash "$TCPD_ROOT/tests/fuzz/run.sh" "$target" "$SECS" "$work" >"$OUT/$target" 2>&1 &
	pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid"
done
cat "$OUT/pcap" "$OUT/thresholds" "$OUT/snapshot"

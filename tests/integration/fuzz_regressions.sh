#!/usr/bin/env bash
# Every crash or hang a fuzzing campaign ever found (tests/fuzz/regress/
# TARGET/) replayed through its harness, built with libFuzzer, ASan and
# UBSan: one line per input. The campaigns themselves: fuzz_campaigns.sh.
set -u
. "$TCPD_ROOT/tests/lib/netns.bash"
WORK=$(mktemp -d /tmp/tcpdoc-fuzzreg.XXXXXX)
on_exit "rm -rf '$WORK'"

for target in pcap thresholds snapshot; do
	if ! bash "$TCPD_ROOT/tests/fuzz/build.sh" libfuzzer "$target" "$WORK/fuzz_$target" \
		2>"$WORK/build.log"; then
		tap_not_ok "fuzz regressions: the $target harness did not build: $(head -3 "$WORK/build.log")"
		continue
	fi
	n=0
	for input in "$TCPD_ROOT/tests/fuzz/regress/$target"/*; do
		[ -f "$input" ] || continue
		n=$((n + 1))
		name=$target/$(basename "$input")
		# One run per input; a hang is a failure after 10 s.
		if "$WORK/fuzz_$target" -timeout=10 -runs=1 "$input" >"$WORK/run.log" 2>&1; then
			tap_ok "fuzz regression $name replays cleanly"
		else
			tap_not_ok "fuzz regression $name: $(grep -m1 -E 'ERROR|SUMMARY|timeout' "$WORK/run.log")"
		fi
	done
	# The harness runs its seeds cleanly too: it can tell a good input.
	bash "$TCPD_ROOT/tests/fuzz/seeds.sh" "$target" "$WORK/seeds-$target" &&
		"$WORK/fuzz_$target" -timeout=10 -runs=1 "$WORK/seeds-$target"/* >"$WORK/run.log" 2>&1
	check "fuzz $target harness runs its $(find "$WORK/seeds-$target" -type f | wc -l) seeds cleanly ($n regression inputs)"
done

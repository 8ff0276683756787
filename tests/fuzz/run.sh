#!/usr/bin/env bash
# A fuzzing campaign: TARGET's harness (tests/fuzz/fuzz_TARGET.c) under
# AFL++ (the default) or libFuzzer for SECONDS, from the seeds of seeds.sh.
# Prints one TAP line. A crash or hang fails it; the inputs are kept in
# WORKDIR/found/: add each to tests/fuzz/regress/TARGET/ (a test replays
# them all) once the bug is fixed.
# Usage: tests/fuzz/run.sh [--engine afl|libfuzzer] pcap|thresholds|snapshot SECONDS [WORKDIR]
# A longer campaign: tests/fuzz/run.sh pcap 3600 /tmp/fuzz-pcap
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib/tap.bash"
ENGINE=afl
if [ "${1:-}" = "--engine" ]; then
	ENGINE=$2
	shift 2
fi
TARGET=${1:?usage: run.sh [--engine afl|libfuzzer] pcap|thresholds|snapshot SECONDS [WORKDIR]}
SECS=${2:-60}
WORK=${3:-$(mktemp -d "/tmp/tcpdoc-fuzz-$TARGET.XXXXXX")}
what="fuzz $TARGET ($ENGINE, ${SECS}s)"
rm -rf "$WORK/seeds" "$WORK/out" "$WORK/found"
mkdir -p "$WORK/found"

if ! bash "$ROOT/tests/fuzz/build.sh" "$ENGINE" "$TARGET" "$WORK/fuzz_$TARGET" 2>"$WORK/build.log"; then
	tap_die "$what: the harness did not build: $(head -3 "$WORK/build.log")"
fi
bash "$ROOT/tests/fuzz/seeds.sh" "$TARGET" "$WORK/seeds" || tap_die "$what: no seeds"

# AFL++ on a shared root CI machine: no CPU governor to check, no core
# pattern to change (crashes are seen anyway), no free core to pin, no UI.
# It wants ASan to abort and not to symbolize; make check-asan's settings
# would stop it. An input that times out (3 s; an input takes milliseconds)
# is run again with 30 s before it counts as a hang: without that, AFL++
# keeps any input that ran while a loaded machine stalled for 3 s.
ASAN=abort_on_error=1:symbolize=0:detect_leaks=0:allocator_may_return_null=1
UBSAN=halt_on_error=1:abort_on_error=1:symbolize=0
afl() {
	AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
	AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 AFL_NO_CRASH_README=1 AFL_HANG_TMOUT=30000 \
	ASAN_OPTIONS=$ASAN UBSAN_OPTIONS=$UBSAN \
		afl-fuzz -i "$WORK/seeds" -o "$WORK/out" -V "$SECS" -m none -t 3000 \
		-- "$WORK/fuzz_$TARGET" >"$WORK/fuzz.log" 2>&1
	local stats=$WORK/out/default/fuzzer_stats
	runs=$(awk -F': *' '$1 ~ /^execs_done/ { print $2 }' "$stats" 2>/dev/null)
	local f name
	for f in "$WORK/out/default/crashes"/id:* "$WORK/out/default/hangs"/id:*; do
		[ -f "$f" ] || continue
		name=$(basename "$(dirname "$f")")-$(basename "$f" | cut -d, -f1,2 | tr :, -_)
		# SIGKILL comes from outside (the kernel's OOM killer on a
		# crowded machine): it counts when the input does it again alone.
		case $name in
		*sig-09) rerun "$f" >/dev/null || cp "$f" "$WORK/found/$name"
			[ -f "$WORK/found/$name" ] || echo "# $name: killed from outside, runs cleanly alone" ;;
		*) cp "$f" "$WORK/found/$name" ;;
		esac
	done
}

# What one found input does when run again on its own: the sanitizer's
# first line, or how the harness ended; fails unless it ran cleanly.
rerun() {
	local rc why
	ASAN_OPTIONS=$ASAN UBSAN_OPTIONS=$UBSAN timeout 30 "$WORK/fuzz_$TARGET" "$1" \
		>"$WORK/rerun.log" 2>&1
	rc=$?
	why=$(grep -m1 -E 'SUMMARY|ERROR|runtime error' "$WORK/rerun.log" | cut -c1-200)
	case $rc in
	0) echo "runs cleanly when run again" ;;
	124) echo "still running after 30 s" ;;
	134) echo "${why:-aborted (the differential check, or an assertion)}" ;;
	*) echo "${why:-exit code $rc}" ;;
	esac
	return $rc
}

# Two lines per input found (at most 5), enough to rebuild it from a CI log
# alone: what it does when run again, and the input itself, gzipped and in
# base64 when that is short.
report() {
	local f b64 n=0
	for f in "$WORK/found"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		[ "$n" -gt 5 ] && break
		b64=$(gzip -9nc "$f" | base64 -w0)
		[ ${#b64} -gt 3000 ] && b64="(${#b64} bytes of base64: too long to print)"
		echo "# $(basename "$f"), $(stat -c %s "$f") bytes: $(rerun "$f")"
		echo "# gzip|base64: $b64"
	done
}

libfuzzer() {
	mkdir -p "$WORK/out"
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
		"$WORK/fuzz_$TARGET" -max_total_time="$SECS" -max_len=65536 -timeout=10 \
		-artifact_prefix="$WORK/found/" "$WORK/out" "$WORK/seeds" >"$WORK/fuzz.log" 2>&1
	runs=$(grep -o 'Done [0-9]* runs' "$WORK/fuzz.log" | tail -1 | grep -o '[0-9]*')
}

runs=
case $ENGINE in
afl) command -v afl-fuzz >/dev/null || tap_die "$what: afl-fuzz is missing (scripts/deps.sh installs afl++)"
	afl ;;
libfuzzer) libfuzzer ;;
*) tap_die "$what: unknown engine '$ENGINE'" ;;
esac
found=$(find "$WORK/found" -type f | wc -l)
if [ "$found" -gt 0 ]; then
	tap_not_ok "$what: $found crash or hang input(s) in $WORK/found: fix, then add each to tests/fuzz/regress/$TARGET/"
	report
	exit 0
fi
if [ -z "$runs" ] || [ "$runs" -eq 0 ]; then
	tap_not_ok "$what: it did not run; see $WORK/fuzz.log: $(grep -m1 -E 'PROGRAM ABORT|ERROR' "$WORK/fuzz.log")"
	exit 0
fi
tap_ok "$what: $runs runs, no crash, no hang"
[ -z "${3:-}" ] && rm -rf "$WORK"
exit 0

#!/usr/bin/env bash
# Time `tcpdoc pcap` against `tshark -q -z conv,tcp` and `tcptrace -n` on one
# big synthetic capture (default 1024 MB), and print the ratios and the peak
# memory of each. The capture is generated here (bench/pcap_gen.c), never
# committed. Needs tshark and tcptrace: `bash scripts/deps.sh --bench`.
# Usage: bench/pcap.sh [MEGABYTES] [BUILD_DIR]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
MB=${1:-1024}
BUILD=${2:-$ROOT/build}
TCPDOC=$BUILD/src/cli/tcpdoc
if [ -n "${BENCH_DIR:-}" ]; then
	WORK=$BENCH_DIR		# kept: the capture can be reused
	mkdir -p "$WORK"
else
	WORK=$(mktemp -d /tmp/tcpdoc-bench.XXXXXX)
	trap 'rm -rf "$WORK"' EXIT
fi

for t in tshark tcptrace /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "bench/pcap.sh: $t is missing; run scripts/deps.sh --bench" >&2; exit 1; }
done
[ -x "$TCPDOC" ] || { echo "bench/pcap.sh: build tcpdoc first ($TCPDOC)" >&2; exit 1; }

cc -O2 -o "$WORK/pcap_gen" "$ROOT/bench/pcap_gen.c"
"$WORK/pcap_gen" "$WORK/big.pcap" "$MB"
ls -l "$WORK/big.pcap"

declare -A WALL CPU
# run NAME CMD...: wall and CPU seconds and peak RSS (kB). The machine is
# shared, so wall time can include waiting for a CPU; CPU time does not.
run() {
	local name=$1; shift
	sync
	/usr/bin/time -f "%e %U %S %M" -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || true
	read -r secs user sys kb <"$WORK/$name.time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
	printf '%-10s %8.2f s wall %8.2f s cpu %8d kB peak   (%s)\n' "$name" "$secs" "$cpu" "$kb" "$*"
	WALL[$name]=$secs
	CPU[$name]=$cpu
}

# Read the file once so every tool starts from the page cache.
cat "$WORK/big.pcap" >/dev/null
run tcpdoc "$TCPDOC" pcap --json "$WORK/big.pcap"
run tcptrace tcptrace -n "$WORK/big.pcap"
run tshark tshark -r "$WORK/big.pcap" -q -z conv,tcp

echo
grep -E '"(packets|connections|max_live)"' "$WORK/tcpdoc.out" | tr -d ' ,'
echo "tcptrace saw: $(grep -m1 'TCP connections traced' "$WORK/tcptrace.out" || true)"
echo "tshark conversations: $(grep -c '<->' "$WORK/tshark.out" || true)"
ratio() {
	awk -v what="$1" -v a="$2" -v b="$3" -v c="$4" 'BEGIN {
		if (a <= 0) a = 0.01
		printf "%s: tcpdoc is %.1fx faster than tshark (goal 20x), %.1fx faster than tcptrace (goal 3x)\n", what, b / a, c / a
	}'
}
ratio "wall" "${WALL[tcpdoc]}" "${WALL[tshark]}" "${WALL[tcptrace]}"
ratio "cpu " "${CPU[tcpdoc]}" "${CPU[tshark]}" "${CPU[tcptrace]}"

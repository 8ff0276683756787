#!/usr/bin/env bash
# Build the pcap fuzzer with clang's libFuzzer and run it for $1 seconds
# (default 15) from a corpus of hand-built captures. Prints one TAP line.
# Usage: tests/fuzz/run.sh [SECONDS] [WORKDIR]
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECS=${1:-15}
WORK=${2:-$(mktemp -d /tmp/tcpdoc-fuzz.XXXXXX)}
CC=${FUZZ_CC:-clang}
mkdir -p "$WORK/corpus"
. "$ROOT/tests/lib/tap.bash"

if ! command -v "$CC" >/dev/null; then
	tap_die "pcap fuzz: $CC (with libFuzzer, libclang-rt-14-dev) is missing"
fi
LIB="$ROOT/src/lib"
if ! "$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-D_GNU_SOURCE -I"$ROOT/include" -I"$LIB" -o "$WORK/fuzz_pcap" "$ROOT/tests/fuzz/fuzz_pcap.c" \
	"$LIB"/pcap/read.c "$LIB"/pcap/file.c "$LIB"/pcap/conn.c "$LIB"/pcap/fsm.c "$LIB"/pcap/events.c \
	"$LIB"/core/addr.c "$LIB"/core/err.c "$LIB"/core/state.c "$LIB"/core/vec.c "$LIB"/core/htab.c \
	"$LIB"/core/number.c -lpcap 2>"$WORK/build.log"; then
	tap_die "pcap fuzz: the harness did not build: $(head -3 "$WORK/build.log")"
fi
for n in simul_close simul_open challenge mid mechanisms eth_vlan sll sll2 null raw snap40 new_isn pcapng pcapng_ns pcapng_multi pppoe undecodable; do
	python3 "$ROOT/tests/integration/pcap/gen.py" "$n" "$WORK/corpus/$n.pcap"
done
if "$WORK/fuzz_pcap" -max_total_time="$SECS" -max_len=4096 -timeout=10 \
	-artifact_prefix="$WORK/" "$WORK/corpus" >"$WORK/fuzz.log" 2>&1; then
	tap_ok "pcap fuzz: $(grep -o 'Done [0-9]* runs' "$WORK/fuzz.log" | tail -1) in ${SECS}s, no crash"
else
	tap_die "pcap fuzz found a crash; see $WORK ($(grep -m1 -E 'ERROR|SUMMARY' "$WORK/fuzz.log"))"
fi
[ -z "${2:-}" ] && rm -rf "$WORK"
exit 0

#!/usr/bin/env bash
# Build one fuzz harness for one engine, from the library's own sources.
# Usage: tests/fuzz/build.sh libfuzzer|afl pcap|thresholds|snapshot OUT
#   libfuzzer: clang's libFuzzer with ASan and UBSan
#   afl:       AFL++'s afl-clang-fast, the same harness through AFL++'s
#              libFuzzer driver, with ASan and UBSan
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ENGINE=$1 TARGET=$2 OUT=$3
LIB=$ROOT/src/lib
flags_extra=()

case $TARGET in
pcap)
	srcs=(pcap/read.c pcap/file.c pcap/pcapng.c pcap/conn.c pcap/fsm.c pcap/events.c core/addr.c
	      core/err.c core/state.c core/vec.c core/htab.c core/number.c)
	libs=(-lpcap) ;;
thresholds)
	srcs=(doctor/thresholds.c core/file.c core/number.c core/err.c)
	libs=() ;;
snapshot)
	# The reader, the replay and what they lean on; the owner map without
	# its BPF scanner (TCPD_HAVE_BPF=0): nothing is scanned from a file.
	srcs=(snapshot/bytes.c snapshot/events.c snapshot/meta.c snapshot/parse.c snapshot/read.c
	      snapshot/record.c snapshot/records.c snapshot/replay.c snapshot/write.c
	      netns/scope.c netns/scope_read.c netns/netns.c netns/list.c
	      owners/map.c owners/for_filter.c owners/scan_proc.c owners/scan_bpf.c
	      kernel/kernel.c kernel/sysctl.c source/pick.c source/netlink.c source/procnet.c
	      source/iter_tcp.c source/timer.c analysis/filter.c
	      core/addr.c core/err.c core/state.c core/vec.c core/htab.c core/u64map.c
	      core/number.c core/range.c core/bpf_iter.c)
	flags_extra=(-DTCPD_HAVE_BPF=0)
	libs=(-lzstd -lmnl) ;;
*)
	echo "build.sh: unknown target '$TARGET' (pcap, thresholds or snapshot)" >&2
	exit 2 ;;
esac
flags=(-g -O1 -D_GNU_SOURCE -I"$ROOT/include" -I"$LIB" "${flags_extra[@]}")
case $ENGINE in
libfuzzer)
	cc=${FUZZ_CC:-clang}
	flags+=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined) ;;
afl)
	cc=afl-clang-fast
	export AFL_USE_ASAN=1 AFL_USE_UBSAN=1 AFL_QUIET=1
	flags+=(-fsanitize=fuzzer) ;;
*)
	echo "build.sh: unknown engine '$ENGINE' (afl or libfuzzer)" >&2
	exit 2 ;;
esac
command -v "$cc" >/dev/null || { echo "build.sh: $cc is missing (scripts/deps.sh installs it)" >&2; exit 1; }
exec "$cc" "${flags[@]}" -o "$OUT" "$ROOT/tests/fuzz/fuzz_$TARGET.c" "${srcs[@]/#/$LIB/}" "${libs[@]}"

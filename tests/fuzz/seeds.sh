#!/usr/bin/env bash
# Fill DIR with the starting inputs of a campaign on TARGET: the committed
# seeds (tests/fuzz/seeds/TARGET), and for pcap the hand-made captures of
# tests/integration/pcap/gen.py and the real ones the tests recorded with
# tcpdump ($TCPD_BUILD/fuzz-seeds/pcap, left by pcap_real_connections.sh).
# Inputs over 64 KiB are left out: mutating them is slow.
# Usage: tests/fuzz/seeds.sh pcap|thresholds|snapshot DIR
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=$1 DIR=$2
mkdir -p "$DIR"
cp "$ROOT/tests/fuzz/seeds/$TARGET/"* "$DIR/"
if [ "$TARGET" = pcap ]; then
	for n in simul_close simul_open challenge mid mid_fin mechanisms eth_vlan sll sll2 null \
		raw snap40 new_isn pcapng pcapng_ns pcapng_multi pppoe undecodable backwards \
		huge_caplen zero_then_cut; do
		python3 "$ROOT/tests/integration/pcap/gen.py" "$n" "$DIR/gen_$n.pcap" || exit 1
	done
	real=${TCPD_BUILD:-$ROOT/build}/fuzz-seeds/pcap
	[ -d "$real" ] && find "$real" -type f -size -64k -exec cp {} "$DIR/" \;
fi
if [ "$TARGET" = snapshot ]; then
	# Left by snapshot_replay.sh: real lab scenarios' snapshots.
	real=${TCPD_BUILD:-$ROOT/build}/fuzz-seeds/snapshot
	[ -d "$real" ] && find "$real" -type f -size -64k -exec cp {} "$DIR/" \;
	# Each also unpacked, 'R' first: the harness packs it again (fuzz_snapshot.c).
	for f in "$DIR"/*.snap; do
		{ printf R; tail -c +17 "$f" | zstd -dcq; } >"${f%.snap}.raw" || exit 1
	done
fi
find "$DIR" -type f -size +64k -delete
exit 0

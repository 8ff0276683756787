#!/usr/bin/env bash
# Run every test against the build in $1; end with "N passed, N failed".
#
# A test is a C unit binary (built by meson into BUILD/tests/) or a script
# tests/integration/*.sh. Each prints TAP-style lines: "ok - name" or
# "not ok - name". A test that exits non-zero without reporting a failure
# counts as one failure, so a crash is never a pass; so does one that exits
# 0 without printing a single line, so a test that checked nothing is
# never a pass either. Scripts share tests/lib/tap.bash (TAP lines) and
# tests/lib/netns.bash (private namespaces).
set -u
cd "$(dirname "$0")/.."
BUILD=$(cd "${1:-build}" && pwd)
export TCPDOC="$BUILD/src/cli/tcpdoc"
export TCPD_BUILD="$BUILD"
export TCPD_ROOT="$PWD"
pass=0
fail=0

if [ "$(id -u)" -ne 0 ]; then
	echo "tests/run.sh: the tests need root (network namespaces, nftables); run as root" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

run_one() {
	local name=$1; shift
	local out rc p f
	out=$("$@" 2>&1)
	rc=$?
	p=$(grep -c '^ok' <<<"$out")
	f=$(grep -c '^not ok' <<<"$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		out+=$'\n'"not ok - $name exited with code $rc"
	elif [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		f=1
		out+=$'\n'"not ok - $name printed no test"
	fi
	if [ "$f" -gt 0 ]; then
		echo "== $name: $p passed, $f failed"
		grep -v '^ok' <<<"$out" | sed 's/^/   /'
	else
		echo "== $name: $p passed"
	fi
	pass=$((pass + p))
	fail=$((fail + f))
}

for t in "$BUILD"/tests/unit_*; do
	[ -f "$t" ] && [ -x "$t" ] && run_one "$(basename "$t")" "$t"
done
# Helpers the scripts source live in tests/lib and tests/integration/*/.
# The fuzz scripts come last: their campaigns start from the captures the
# other tests recorded.
for t in tests/integration/*.sh; do
	case $(basename "$t") in fuzz_*) continue ;; esac
	[ -f "$t" ] && run_one "$(basename "$t" .sh)" bash "$t"
done
for t in tests/integration/fuzz_*.sh; do
	[ -f "$t" ] && run_one "$(basename "$t" .sh)" bash "$t"
done

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

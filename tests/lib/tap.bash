# shellcheck shell=bash
# tests/lib/tap.bash - the TAP helper every test script sources: the
# "ok - what" / "not ok - what" lines tests/run.sh counts, and the checks
# that print them.
#
#	. "$TCPD_ROOT/tests/lib/tap.bash"
#	tap_ok NAME / tap_not_ok NAME  one line
#	tap_result RC NAME             ok when RC is 0
#	CMD; check NAME                ok when CMD succeeded
#	expect NAME CMD...             ok when CMD succeeds
#	expect_eq GOT WANT NAME        ok when equal; both shown when not
#	bad_input NAME CMD...          ok when CMD exits 3 with one line on stderr
#	bad_input_says NAME RE CMD...  the same, and that line matches RE (grep -E)
#	tap_die WHY                    "not ok - WHY", then exit: the rest cannot run
#	pyjson EXPR                    a Python expression over the JSON on stdin
#
# The checks return what they judged (0 for ok), so `check NAME || echo "# why"`
# can add detail to a failure. TAP_NOT_OK counts the failures this shell
# printed.

TAP_NOT_OK=0

tap_ok() {
	echo "ok - $*"
}

tap_not_ok() {
	echo "not ok - $*"
	TAP_NOT_OK=$((TAP_NOT_OK + 1))
}

tap_result() {
	local rc=$1
	shift
	if [[ $rc -eq 0 ]]; then
		tap_ok "$@"
	else
		tap_not_ok "$@"
	fi
	return "$rc"
}

# check NAME...: "ok - NAME" when the previous command succeeded.
check() {
	tap_result $? "$@"
}

# expect NAME CMD...: run CMD; "ok - NAME" when it succeeds.
expect() {
	local name=$1
	shift
	"$@"
	tap_result $? "$name"
}

# expect_eq GOT WANT NAME...
expect_eq() {
	local got=$1 want=$2
	shift 2
	if [[ "$got" == "$want" ]]; then
		tap_ok "$@"
	else
		tap_not_ok "$* (got '$got', want '$want')"
		return 1
	fi
}

# bad_input NAME CMD...: exit code 3 and exactly one line on stderr.
bad_input() {
	local name=$1 err rc lines
	shift
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s' "$err" | grep -c '')
	if [[ $rc -eq 3 && $lines -eq 1 ]]; then
		tap_ok "$name: exit 3, one line: $err"
	else
		tap_not_ok "$name: exit $rc, $lines lines on stderr: $err"
	fi
}

# bad_input_says NAME RE CMD...: bad_input, and the line matches RE.
bad_input_says() {
	local name=$1 re=$2 err rc lines
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s' "$err" | grep -c '')
	if [[ $rc -eq 3 && $lines -eq 1 ]] && grep -Eq -- "$re" <<<"$err"; then
		tap_ok "$name: exit 3, one line: $err"
	else
		tap_not_ok "$name: exit $rc, $lines lines on stderr, want /$re/: $err"
	fi
}

# tap_die WHY...: say why the remaining checks cannot run, and stop. Never
# a skip: the line is a failure.
tap_die() {
	tap_not_ok "$@"
	exit 1
}

# pyjson EXPR: evaluate a Python expression over the JSON on stdin, bound
# to `d`; prints the result.
pyjson() {
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

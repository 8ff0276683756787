# shellcheck shell=bash
# Helpers for integration tests: TAP lines and JSON queries.

# ok COND_EXIT_STATUS NAME...: "ok - NAME" when the previous command succeeded.
check() {
	local rc=$?
	if [[ $rc -eq 0 ]]; then
		echo "ok - $*"
	else
		echo "not ok - $*"
	fi
	return 0
}

# expect_eq GOT WANT NAME...
expect_eq() {
	local got=$1 want=$2
	shift 2
	if [[ "$got" == "$want" ]]; then
		echo "ok - $*"
	else
		echo "not ok - $* (got '$got', want '$want')"
	fi
}

# pyjson EXPR: evaluate a Python expression over the JSON on stdin, bound
# to `d`; prints the result.
pyjson() {
	python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"
}

# bad_input NAME CMD...: exit code 3 and exactly one line on stderr.
bad_input() {
	local name=$1 err rc lines
	shift
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s' "$err" | grep -c '')
	if [[ $rc -eq 3 && $lines -eq 1 ]]; then
		echo "ok - $name: exit 3, one line: $err"
	else
		echo "not ok - $name: exit $rc, $lines lines on stderr: $err"
	fi
}

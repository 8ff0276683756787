#!/usr/bin/env bash
# The man pages cannot drift from the binary: every command and every option
# that `tcpdoc --help` and `tcpdoc CMD -h` print is in tcpdoc(8), under that
# command (or among the global options or the shared filters); every finding
# id of docs/findings.md is in its FINDINGS section, and every threshold key
# in tcpdoc.conf(5). The pages are read as man renders them, from the build.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lib/tap.bash"
export LC_ALL=C NO_COLOR=1
unset LANGUAGE TCPDOC_LOCALEDIR

render() {
	MANWIDTH=250 man --nh --nj -l "$1" 2>/dev/null | col -b
}
for p in tcpdoc.8 tcpdoc.conf.5; do
	[ -s "$TCPD_BUILD/docs/$p" ] || tap_die "the build made no docs/$p (scdoc)"
done
man8=$(render "$TCPD_BUILD/docs/tcpdoc.8")
man5=$(render "$TCPD_BUILD/docs/tcpdoc.conf.5")
[ -n "$man8" ] && [ -n "$man5" ] || tap_die "man -l cannot render the pages"

# section TITLE: the lines of a top-level section (a line in capitals).
section() {
	awk -v t="$1" '/^[A-Z]/ { on = ($0 == t); next } on' <<<"$man8"
}
# subsection NAME: a command's part of COMMANDS ("   NAME" to the next).
subsection() {
	section COMMANDS | awk -v t="   $1" '/^   [^ ]/ { on = ($0 == t); next } on'
}
# options: every -x and --long-name in the option and usage lines on stdin.
options() {
	grep -E '^ *(-|Usage:|tcpdoc )' | grep -oE '(^|[][ |,])--?[A-Za-z0-9][A-Za-z0-9-]*' |
		sed 's/^[][ |,]*//' | sort -u
}
has_word() {
	grep -qE -- "(^|[^A-Za-z0-9-])$1([^A-Za-z0-9-]|\$)" <<<"$2"
}

commands=$("$TCPDOC" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ "$(wc -w <<<"$commands")" -ge 9 ] || tap_die "cannot read the commands from --help: $commands"
global=$(section OPTIONS)
filters=$(subsection Filters)
missing=
for o in $("$TCPDOC" --help | options); do
	has_word "$o" "$global" || missing+=" $o"
done
expect_eq "${missing# }" "" "every global option of --help is in tcpdoc(8) OPTIONS"

for c in $commands; do
	text=$(subsection "$c")
	expect "command $c has its part in tcpdoc(8) COMMANDS" test -n "$text"
	missing=
	for o in $("$TCPDOC" "$c" -h | options); do
		has_word "$o" "$text" || has_word "$o" "$global" || has_word "$o" "$filters" ||
			missing+=" $o"
	done
	expect_eq "${missing# }" "" "every option of '$c -h' is in tcpdoc(8) under $c, OPTIONS or Filters"
done

ids=$(sed -n 's/^## \([a-z0-9-]*\)$/\1/p' "$TCPD_ROOT/docs/findings.md")
[ "$(wc -w <<<"$ids")" -ge 20 ] || tap_die "cannot read the finding ids from docs/findings.md"
findings=$(section FINDINGS)
missing=
for id in $ids; do
	grep -qx "       $id" <<<"$findings" || missing+=" $id"
done
expect_eq "${missing# }" "" "every finding id of docs/findings.md is in tcpdoc(8) FINDINGS"

keys=$(sed -n 's/^| `\([a-z0-9_]*\)` | [0-9]* |.*/\1/p' "$TCPD_ROOT/docs/findings.md")
[ "$(wc -w <<<"$keys")" -ge 20 ] || tap_die "cannot read the threshold keys from docs/findings.md"
missing=
for k in $keys; do
	grep -qE "^       $k \([0-9]+\)$" <<<"$man5" || missing+=" $k"
done
expect_eq "${missing# }" "" "every threshold key is in tcpdoc.conf(5) with its default"

for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS FINDINGS "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
	expect "tcpdoc(8) has the section $s" grep -qx "$s" <<<"$man8"
done
for v in NO_COLOR LANG LANGUAGE TCPDOC_LOCALEDIR TCPDOC_OWNERS; do
	has_word "$v" "$(section ENVIRONMENT)"
	check "tcpdoc(8) ENVIRONMENT names $v"
done

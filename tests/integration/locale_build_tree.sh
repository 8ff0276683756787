#!/usr/bin/env bash
# Where the binary finds its Chinese catalogue (src/cli/locale.c): the
# build-tree binary reads BUILD/po with no variable set; a copy of it, or the
# installed binary, does not, and the installed one reads PREFIX/share/locale.
# The installed tree is made with DESTDIR and seen at PREFIX through a bind
# mount in a private mount namespace, so nothing lands on the host.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lib/netns.bash"
unset TCPDOC_LOCALEDIR LANGUAGE LC_ALL LC_MESSAGES
export NO_COLOR=1
tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"
zh='用法：tcpdoc [选项] [命令 [参数]]'
en='Usage: tcpdoc [OPTIONS] [COMMAND [ARGS]]'

first_line() {
	"$@" --help 2>&1 | head -1
}

expect_eq "$(LANG=zh_CN.UTF-8 first_line "$TCPDOC")" "$zh" \
	"LANG=zh_CN.UTF-8: the build-tree binary speaks Chinese, no variable set"
expect_eq "$(LANG=C LANGUAGE=zh_CN first_line "$TCPDOC")" "$zh" \
	"LANGUAGE=zh_CN under the C locale: Chinese from the build tree too"
expect_eq "$(LANG=C.UTF-8 first_line "$TCPDOC")" "$en" \
	"LANG=C.UTF-8: English"
expect_eq "$(LANG=zh_CN.UTF-8 TCPDOC_LOCALEDIR="$tmp/none" first_line "$TCPDOC")" "$en" \
	"TCPDOC_LOCALEDIR overrides the build tree's catalogue"

# A copy is not the file the build wrote: it must not read BUILD/po. The
# installed catalogue is hidden behind an empty directory, in case one is
# installed on this machine.
prefix=$(meson introspect "$TCPD_BUILD" --buildoptions |
	pyjson "[o['value'] for o in d if o['name'] == 'prefix'][0]")
localedir=$(meson introspect "$TCPD_BUILD" --buildoptions |
	pyjson "[o['value'] for o in d if o['name'] == 'localedir'][0]")
cp "$TCPDOC" "$tmp/tcpdoc-copy"
mkdir -p "$tmp/empty"
hide_locale() {
	if [ -d "$prefix/$localedir" ]; then
		mount --bind "$tmp/empty" "$prefix/$localedir" || return 1
	fi
	"$@"
}
export -f hide_locale first_line
export tmp prefix localedir
expect_eq "$(LANG=zh_CN.UTF-8 unshare -m bash -c 'hide_locale first_line "$tmp/tcpdoc-copy"')" "$en" \
	"a copy of the build-tree binary does not read the build's catalogue"

# The installed binary: DESTDIR tree bound over PREFIX.
meson install -C "$TCPD_BUILD" --no-rebuild --quiet --destdir "$tmp/dest" >"$tmp/install.log" 2>&1 ||
	tap_die "meson install --destdir failed: $(tail -3 "$tmp/install.log")"
[ -x "$tmp/dest$prefix/bin/tcpdoc" ] || tap_die "no $prefix/bin/tcpdoc under DESTDIR"
run_installed() {
	mount --bind "$tmp/dest$prefix" "$prefix" || return 1
	"$@"
}
export -f run_installed
expect_eq "$(LANG=zh_CN.UTF-8 unshare -m bash -c 'run_installed first_line "$prefix/bin/tcpdoc"')" "$zh" \
	"the installed binary reads PREFIX/share/locale"
expect_eq "$(LANG=zh_CN.UTF-8 unshare -m bash -c 'run_installed hide_locale first_line "$prefix/bin/tcpdoc"')" "$en" \
	"the installed binary does not read the build's catalogue"

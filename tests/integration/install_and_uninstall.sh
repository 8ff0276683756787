#!/usr/bin/env bash
# `make install DESTDIR=...` puts every piece where it belongs under PREFIX:
# the binary, the Chinese catalogue, both man pages (man finds them), the
# bash, zsh and fish completions, the docs, every contrib file under
# share/tcpdoc/contrib and the systemd unit under lib/systemd/system;
# `make uninstall` with the same DESTDIR leaves nothing.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lib/netns.bash"
export LC_ALL=C
unset LANGUAGE TCPDOC_LOCALEDIR
tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"
dest=$tmp/dest
prefix=$(meson introspect "$TCPD_BUILD" --buildoptions |
	pyjson "[o['value'] for o in d if o['name'] == 'prefix'][0]")
[ -n "$prefix" ] || tap_die "cannot read the build's prefix"

make -s -C "$TCPD_ROOT" install BUILD="$TCPD_BUILD" PREFIX="$prefix" DESTDIR="$dest" \
	>"$tmp/install.log" 2>&1
check "make install DESTDIR=... succeeds" || sed 's/^/# /' "$tmp/install.log"
root=$dest$prefix

want=(
	bin/tcpdoc
	share/locale/zh_CN/LC_MESSAGES/tcpdoc.mo
	share/man/man8/tcpdoc.8
	share/man/man5/tcpdoc.conf.5
	share/bash-completion/completions/tcpdoc
	share/zsh/site-functions/_tcpdoc
	share/fish/vendor_completions.d/tcpdoc.fish
	share/doc/tcpdoc/findings.md
	share/doc/tcpdoc/metrics.md
	lib/systemd/system/tcpdoc.service
)
for d in zabbix nagios icinga2 prometheus grafana; do
	[ -d "$TCPD_ROOT/contrib/$d" ] || continue
	while IFS= read -r f; do
		want+=("share/tcpdoc/contrib/${f#"$TCPD_ROOT/contrib/"}")
	done < <(find "$TCPD_ROOT/contrib/$d" -type f)
done
for f in "${want[@]}"; do
	expect "installed: PREFIX/$f" test -s "$root/$f"
done
expect "the installed binary runs" "$root/bin/tcpdoc" --version >/dev/null
got=$(MANWIDTH=80 man -M "$root/share/man" tcpdoc 2>/dev/null | col -b | grep -c 'TCP connection doctor')
[ "$got" -ge 1 ]
check "man -M PREFIX/share/man tcpdoc shows the page"
got=$(MANWIDTH=80 man -M "$root/share/man" 5 tcpdoc.conf 2>/dev/null | col -b | grep -c 'close_wait_warn')
[ "$got" -ge 1 ]
check "man 5 tcpdoc.conf shows the thresholds page"

make -s -C "$TCPD_ROOT" uninstall BUILD="$TCPD_BUILD" DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1
check "make uninstall DESTDIR=... succeeds" || sed 's/^/# /' "$tmp/uninstall.log"
left=$(cd "$dest" 2>/dev/null && find . -mindepth 1 | head -5 | paste -sd' ')
expect_eq "$left" "" "make uninstall leaves nothing under DESTDIR"

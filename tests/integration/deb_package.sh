#!/usr/bin/env bash
# The Debian package: `make deb`'s script (scripts/deb.sh) builds it from a
# copy of this tree with dpkg-buildpackage and lintian finds no error in it;
# it holds every piece; its binary carries no path of the build machine; its
# version comes from git and `tcpdoc -V` names the commit. It then installs,
# runs and purges cleanly in a dpkg root of its own (dpkg --root), so the
# host's /usr is never touched; the installed binary speaks Chinese from
# /usr/share/locale (the root's, bound there in a private mount namespace).
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lib/netns.bash"
export LC_ALL=C NO_COLOR=1
unset LANGUAGE TCPDOC_LOCALEDIR
for t in dpkg-buildpackage lintian dh; do
	command -v "$t" >/dev/null || tap_die "$t is not installed (scripts/deps.sh)"
done
tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"

bash "$TCPD_ROOT/scripts/deb.sh" "$tmp/build" >"$tmp/deb.log" 2>&1
check "scripts/deb.sh (make deb) builds the package and lintian reports no error" ||
	tail -15 "$tmp/deb.log" | sed 's/^/# /'
deb=$(ls "$tmp"/build/deb/tcpdoc_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || tap_die "no tcpdoc_*.deb in $tmp/build/deb"

files=$(dpkg-deb -c "$deb" | awk '{ print substr($6, 2) }')
for f in /usr/bin/tcpdoc /usr/share/locale/zh_CN/LC_MESSAGES/tcpdoc.mo \
	/usr/share/man/man8/tcpdoc.8.gz /usr/share/man/man5/tcpdoc.conf.5.gz \
	/usr/share/bash-completion/completions/tcpdoc /usr/share/zsh/vendor-completions/_tcpdoc \
	/usr/share/fish/vendor_completions.d/tcpdoc.fish /usr/share/doc/tcpdoc/copyright \
	/usr/share/tcpdoc/contrib/zabbix/tcpdoc_template.yaml \
	/usr/share/tcpdoc/contrib/zabbix/zabbix_agentd.d/tcpdoc.conf \
	/usr/share/tcpdoc/contrib/nagios/tcpdoc.cfg /usr/share/tcpdoc/contrib/icinga2/tcpdoc.conf \
	/usr/share/tcpdoc/contrib/prometheus/alerts.yml /usr/share/tcpdoc/contrib/grafana/tcpdoc.json \
	/lib/systemd/system/tcpdoc.service; do
	grep -qx -- "$f" <<<"$files"
	check "the package holds $f"
done

dpkg-deb --fsys-tarfile "$deb" | tar -xO ./lib/systemd/system/tcpdoc.service >"$tmp/unit" 2>/dev/null
expect_eq "$(sed -n 's/^ExecStart=//p' "$tmp/unit")" "/usr/bin/tcpdoc serve \$TCPDOC_SERVE_ARGS" \
	"the package's unit runs /usr/bin/tcpdoc serve"
# dh_installsystemd --no-enable --no-start: the postinst enables the unit
# only where the admin had (was-enabled) and never starts it.
dpkg-deb -e "$deb" "$tmp/control"
grep -q 'deb-systemd-helper --quiet was-enabled' "$tmp/control/postinst" &&
	! grep -qE '_dh_action=start|deb-systemd-invoke start' "$tmp/control/postinst"
check "the package's postinst neither enables nor starts tcpdoc.service" ||
	grep systemd "$tmp/control/postinst" | sed 's/^/# /'


version=$(dpkg-deb -f "$deb" Version)
want=$(sh "$TCPD_ROOT/scripts/version.sh" --deb)
expect_eq "$version" "$want" "the package's version comes from git (scripts/version.sh --deb)"

root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
: >"$root/var/lib/dpkg/status"
# The libraries it depends on are the host's: --force-depends.
dpkg --root="$root" --force-depends --force-script-chrootless -i "$deb" >"$tmp/dpkg.log" 2>&1
check "dpkg -i installs it (in its own root)" || tail -5 "$tmp/dpkg.log" | sed 's/^/# /'
expect "the unit is not enabled on install" \
	test ! -e "$root/etc/systemd/system/multi-user.target.wants/tcpdoc.service"
expect_eq "$(dpkg --root="$root" -s tcpdoc 2>/dev/null | sed -n 's/^Status: //p')" "install ok installed" \
	"dpkg says it is installed"
bin=$root/usr/bin/tcpdoc
n=$(grep -c -- "$tmp" "$bin")
expect_eq "$n" 0 "the installed binary names no path of the machine it was built on"
got=$("$bin" -V)
expect_eq "$got" "tcpdoc $(sed -n "s/^ *version *: *'\([^']*\)'.*/\1/p" "$TCPD_ROOT/meson.build" | head -1) ($(sh "$TCPD_ROOT/scripts/version.sh"))" \
	"tcpdoc -V names the commit the package was built from"
"$bin" summary --json | pyjson 'd["total"] >= 0 and len(d["states"]) == 11' | grep -qx True
check "the installed binary runs (summary --json)"
export bin root
got=$(unshare -m sh -c 'mount --bind "$root/usr/share/locale" /usr/share/locale &&
	LANG=zh_CN.UTF-8 LC_ALL= "$bin" --help' | head -1)
expect_eq "$got" "用法：tcpdoc [选项] [命令 [参数]]" "the installed binary speaks Chinese from /usr/share/locale"

dpkg --root="$root" --force-script-chrootless --purge tcpdoc >"$tmp/purge.log" 2>&1
check "dpkg --purge removes it" || tail -5 "$tmp/purge.log" | sed 's/^/# /'
# deb-systemd-helper keeps its (then empty) state directories under
# /var/lib/systemd, as on any Debian system: no file of them may be left.
left=$(cd "$root" && find . -mindepth 1 ! -path ./var ! -path ./var/lib ! -path './var/lib/dpkg*' \
	! \( -path './var/lib/systemd*' -type d \) | head -5 | paste -sd' ')
expect_eq "$left" "" "nothing of the package is left after purge"
expect_eq "$(dpkg --root="$root" -s tcpdoc 2>/dev/null | sed -n 's/^Status: //p')" "" \
	"dpkg no longer knows it"

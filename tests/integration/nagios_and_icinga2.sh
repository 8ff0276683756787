#!/usr/bin/env bash
# contrib/icinga2 and contrib/nagios: Icinga's own validator (icinga2 daemon
# -C) accepts the CheckCommand in a minimal configuration that applies a
# service with it, and rejects a broken copy (so it really read the file);
# every argument the CheckCommand passes is an option `tcpdoc check -h` or
# `tcpdoc --help` prints; the Nagios command line, with the example
# service's $ARG1$ and run as Nagios would in a namespace with a known
# socket, prints a plugin line whose perfdata carries those thresholds.
set -u
: "${TCPDOC:?}" "${TCPD_ROOT:?}" "${TCPD_BUILD:?}"
. "$TCPD_ROOT/tests/lib/netns.bash"
export LC_ALL=C NO_COLOR=1
unset LANGUAGE TCPDOC_LOCALEDIR
icinga_conf=$TCPD_ROOT/contrib/icinga2/tcpdoc.conf
nagios_cfg=$TCPD_ROOT/contrib/nagios/tcpdoc.cfg
command -v icinga2 >/dev/null || tap_die "icinga2 is not installed (scripts/deps.sh: icinga2-bin)"
tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"

# validate FILE: icinga2 daemon -C on a configuration that includes FILE,
# everything it writes kept in $tmp.
validate() {
	cat >"$tmp/icinga2.conf" <<CONF
include "$1"
object Host "localhost" {
	check_command = "tcpdoc"
	address = "127.0.0.1"
}
apply Service "tcp-states" {
	check_command = "tcpdoc"
	vars.tcpdoc_warn = [ "close-wait=100", "syn-recv=200" ]
	vars.tcpdoc_crit = [ "close-wait=1000" ]
	vars.tcpdoc_port = 443
	vars.tcpdoc_all_netns = true
	assign where host.name == "localhost"
}
CONF
	local d
	for d in DataDir CacheDir LogDir InitRunDir SpoolDir; do
		set -- "$@" "-D$d=$tmp/var"
	done
	mkdir -p "$tmp/var"
	icinga2 daemon -C -c "$tmp/icinga2.conf" -DRunAsUser=root -DRunAsGroup=root \
		"${@:2}" >"$tmp/icinga2.log" 2>&1
}
validate "$icinga_conf"
check "icinga2 daemon -C accepts contrib/icinga2/tcpdoc.conf" || sed 's/^/# /' "$tmp/icinga2.log" | tail -5
grep -q "Instantiated 1 CheckCommand" "$tmp/icinga2.log" && grep -q "Instantiated 1 Service" "$tmp/icinga2.log"
check "icinga2: the CheckCommand and the service applied with it are instantiated"
sed '$d' "$icinga_conf" >"$tmp/broken.conf"	# the closing brace gone
! validate "$tmp/broken.conf"
check "icinga2 daemon -C rejects a broken copy (it did read the file)"

helps=$("$TCPDOC" check -h; "$TCPDOC" --help)
missing=
for a in $(grep -oE '^\s*"--[a-z-]+"' "$icinga_conf" | tr -d ' \t"'); do
	grep -qE -- "(^|[ ,])$a([ ,=]|\$)" <<<"$helps" || missing+=" $a"
done
n=$(grep -cE '^\s*"--[a-z-]+"' "$icinga_conf")
[ "$n" -ge 5 ] && [ -z "$missing" ]
check "icinga2: the CheckCommand's $n arguments are options tcpdoc prints in its help${missing:+ (not:$missing)}"

# Nagios: command_line with the service's $ARG1$, tcpdoc from the build.
line=$(sed -n 's/^\s*command_line\s\+//p' "$nagios_cfg")
arg1=$(sed -n 's/^\s*check_command\s\+check_tcpdoc!//p' "$nagios_cfg")
[ -n "$line" ] && [ -n "$arg1" ] || tap_die "cannot read command_line and check_command from $nagios_cfg"
cmd=${line//\$ARG1\$/$arg1}
cmd=${cmd/\/usr\/bin\/tcpdoc/$TCPDOC}
ns_add nagios
ip netns exec "$NS" python3 -c 'import socket, time; s = socket.socket(); s.bind(("127.0.0.1", 8080)); s.listen(); time.sleep(60)' &
listener=$!	# ip execs python3: this is its pid
on_exit "kill $listener 2>/dev/null"
for _ in $(seq 50); do
	ns_exec "$NS" ss -Hltn | grep -q ':8080' && break
	sleep 0.1
done
# shellcheck disable=SC2086 # the command line is split as Nagios splits it
out=$(ns_exec "$NS" $cmd --interval 0)
rc=$?
expect_eq "$rc" 0 "nagios: check_tcpdoc exits 0 (OK) with one listener: $out"
[[ $out == "TCPDOC OK - "* ]] && [[ $out == *"'close_wait'=0;100;1000;0;"* ]] &&
	[[ $out == *"'syn_recv'=0;200;;0;"* ]] && [[ $out == *"'listen'=1;;;0;"* ]]
check "nagios: the plugin line carries the service's thresholds and the listener"

#!/usr/bin/env bash
# contrib/systemd/tcpdoc.service, as `make install` puts it under PREFIX:
# `systemd-analyze verify` finds nothing to say about it, and the
# capabilities it grants are the ones serve needs: run as nobody with just
# those (setpriv, as systemd would with AmbientCapabilities and
# NoNewPrivileges), serve names the owner of a lab's sockets, which it
# cannot without them; with CAP_SYS_ADMIN added (the drop-in for -A) it
# enters the lab's namespace, which it cannot without. This machine's
# systemd may not be PID 1 (a container): the unit is verified, not started.
. "$TCPD_ROOT/tests/integration/lib/serve.bash"
export LC_ALL=C
command -v systemd-analyze >/dev/null || tap_die "systemd-analyze not installed (scripts/deps.sh installs systemd)"
tmp=$(mktemp -d)
on_exit "rm -rf '$tmp'"
dest=$tmp/dest
prefix=$(meson introspect "$TCPD_BUILD" --buildoptions |
	pyjson "[o['value'] for o in d if o['name'] == 'prefix'][0]")
make -s -C "$TCPD_ROOT" install BUILD="$TCPD_BUILD" PREFIX="$prefix" DESTDIR="$dest" \
	>"$tmp/install.log" 2>&1
check "make install DESTDIR=... succeeds" || sed 's/^/# /' "$tmp/install.log"
root=$dest$prefix
unit=$root/lib/systemd/system/tcpdoc.service
expect "the unit is installed in PREFIX/lib/systemd/system" test -s "$unit"
expect_eq "$(sed -n 's/^ExecStart=//p' "$unit")" "$prefix/bin/tcpdoc serve \$TCPDOC_SERVE_ARGS" \
	"ExecStart runs PREFIX/bin/tcpdoc serve \$TCPDOC_SERVE_ARGS"

# verify needs ExecStart's binary to exist: the installed one under DESTDIR,
# and man(1) to find Documentation=man:tcpdoc(8): the installed page.
mkdir "$tmp/unit"
sed "s|^ExecStart=$prefix/bin/tcpdoc|ExecStart=$root/bin/tcpdoc|" "$unit" >"$tmp/unit/tcpdoc.service"
out=$(MANPATH=$root/share/man systemd-analyze verify "$tmp/unit/tcpdoc.service" 2>&1)
rc=$?
expect_eq "$rc:$out" "0:" "systemd-analyze verify is clean on tcpdoc.service"
level=$(systemd-analyze security --offline=yes "$tmp/unit/tcpdoc.service" 2>/dev/null |
	sed -n 's/.*Overall exposure level for tcpdoc.service: \([0-9.]*\).*/\1/p')
echo "# systemd-analyze security: exposure $level"

caps() { sed -n "s/^$1=//p" "$unit" | tr ' ' '\n' | sed 's/^CAP_/+/' | tr '[:upper:]' '[:lower:]' | paste -sd,; }
ambient=$(caps AmbientCapabilities)
bounding=$(caps CapabilityBoundingSet)
expect_eq "$ambient" "$bounding" "the unit grants what it bounds (${ambient//+/})"

# A lab: a root process holding a listener and both ends of a connection.
ns_add lab
LAB=$NS
ip netns exec "$LAB" python3 -c '
import signal, socket
l = socket.socket(); l.bind(("127.0.0.1", 7777)); l.listen()
c = socket.create_connection(("127.0.0.1", 7777)); a, _ = l.accept()
signal.pause()' &
held=$!
on_exit "kill $held 2>/dev/null; wait $held 2>/dev/null"
for ((i = 0; i < 100; i++)); do
	[[ $(ip netns exec "$LAB" ss -Htn state established | wc -l) == 2 ]] && break
	sleep 0.1
done

# as_unit CAPS PORT ARGS...: serve as nobody with CAPS only, in $IN; SV_PID.
IN=$LAB
as_unit() {
	local c=$1 port=$2 i
	shift 2
	ip netns exec "$IN" setpriv --reuid=65534 --regid=65534 --clear-groups --no-new-privs \
		--inh-caps="-all${c:+,$c}" --ambient-caps="-all${c:+,$c}" --bounding-set="-all${c:+,$c}" \
		"$TCPDOC" serve --listen "127.0.0.1:$port" --interval 0 --config /dev/null "$@" \
		2>>"$tmp/serve.log" &
	SV_PID=$!
	SV_PIDS+=("$SV_PID")
	for ((i = 0; i < 100; i++)); do
		ip netns exec "$IN" curl -sf -o /dev/null "http://127.0.0.1:$port/-/healthy" && return 0
		kill -0 "$SV_PID" 2>/dev/null || break
		sleep 0.1
	done
	tap_die "serve as nobody with ${c:-no capabilities} did not answer: $(tail -n 2 "$tmp/serve.log")"
}
v() { sv_value "$1" "$2" || echo missing; }
python='tcpdoc_process_sockets{process="python3",state="ESTABLISHED"}'

as_unit "$ambient" 10140
sv_get "$LAB" 10140 /metrics "$tmp/unit.prom"
expect_eq "$(v "$tmp/unit.prom" "$python")" 2 "with the unit's capabilities serve names python3's 2 ESTABLISHED"
expect_eq "$(v "$tmp/unit.prom" tcpdoc_owners_hidden_processes)" 0 \
	"with the unit's capabilities no process is hidden"
kill -HUP "$SV_PID"
sv_get "$LAB" 10140 /-/healthy "$tmp/body"
expect_eq "$SV_CODE" 200 "with the unit's capabilities serve survives a reload (ExecReload)"
sv_stop "$SV_PID"
expect_eq "$SV_RC" 0 "with the unit's capabilities SIGTERM: exit 0"

as_unit "" 10141
sv_get "$LAB" 10141 /metrics "$tmp/none.prom"
expect_eq "$(v "$tmp/none.prom" "$python")" missing "with no capability serve cannot name python3"
hidden=$(v "$tmp/none.prom" tcpdoc_owners_hidden_processes)
[[ $hidden != missing ]] && (( hidden > 0 ))
check "with no capability serve says processes are hidden ($hidden)"
sv_stop "$SV_PID"

# -A enters each namespace with setns(): the unit's drop-in adds CAP_SYS_ADMIN.
# serve runs beside the lab, so that its scrapes are not counted there.
ns_add srv
IN=$NS
lab_ino=$(stat -L -c %i "/run/netns/$LAB")
seen() { grep -c "^tcpdoc_sockets{netns=\"\($LAB\|$lab_ino\)\",state=\"ESTABLISHED\"} 2" "$1"; }
as_unit "$ambient" 10142 -A
sv_get "$IN" 10142 /metrics "$tmp/all.prom"
expect_eq "$(seen "$tmp/all.prom")" 0 "-A without CAP_SYS_ADMIN cannot enter the lab's namespace"
denied=$(v "$tmp/all.prom" tcpdoc_netns_denied)
[[ $denied != missing ]] && (( denied > 0 ))
check "-A without CAP_SYS_ADMIN says namespaces were denied ($denied)"
sv_stop "$SV_PID"
as_unit "$ambient,+sys_admin" 10143 -A
sv_get "$IN" 10143 /metrics "$tmp/all.prom"
expect_eq "$(seen "$tmp/all.prom")" 1 "-A with CAP_SYS_ADMIN added sees the lab's 2 ESTABLISHED"
sv_stop "$SV_PID"

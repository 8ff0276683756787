#!/usr/bin/env bash
# Install what tcpdoc needs to build and test on Debian 12, as root.
# Idempotent: does nothing when everything is already present.
set -eu

pkgs=(
	meson ninja-build pkg-config gcc clang llvm make
	libmnl-dev libbpf-dev bpftool libelf-dev zlib1g-dev
	libpcap-dev libncurses-dev libzstd-dev zstd gettext locales
	iproute2 nftables tcpdump net-tools lsof procps
	libclang-rt-14-dev tmux strace afl++
	libmicrohttpd-dev libgnutls28-dev libyaml-dev libcrypt-dev
	prometheus openssl curl python3 systemd
	scdoc bash-completion zsh fish
	zabbix-agent icinga2-bin
	debhelper dpkg-dev lintian fakeroot git
)
# Only for bench/ (the tools tcpdoc is timed against): `deps.sh --bench`
# (make bench runs it). prometheus-node-exporter: its tcpstat collector,
# beside `tcpdoc serve`.
if [ "${1:-}" = "--bench" ]; then
	pkgs+=(tshark tcptrace prometheus-node-exporter)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps.sh: missing packages (${missing[*]}); run as root to install them" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	# Another installer may hold the dpkg lock for a while: wait for it.
	for try in 1 2 3 4 5 6 7 8 9 10; do
		apt-get update -q && apt-get install -y -q --no-install-recommends \
			"${missing[@]}" && break
		[ "$try" -lt 10 ] || exit 1
		sleep 15
	done
fi

# The package starts node_exporter as a service on every interface (:9100);
# bench/ runs its own, on a namespace's loopback. Stop the service we
# brought in, on a machine whose init is systemd.
case " ${missing[*]} " in
*" prometheus-node-exporter "*)
	if [ -d /run/systemd/system ]; then
		systemctl disable --now prometheus-node-exporter >/dev/null 2>&1 || true
	fi
	;;
esac

# The Chinese catalogue is tested under a real zh_CN.UTF-8 locale, and the
# JSON output under de_DE.UTF-8, whose decimal separator is a comma.
if [ "$(id -u)" -eq 0 ]; then
	gen=0
	for loc in zh_CN de_DE; do
		locale -a 2>/dev/null | grep -qi "^$loc\.utf-\?8$" && continue
		sed -i "s/^# *\($loc.UTF-8 UTF-8\)/\1/" /etc/locale.gen
		grep -q "^$loc.UTF-8 UTF-8" /etc/locale.gen || echo "$loc.UTF-8 UTF-8" >> /etc/locale.gen
		gen=1
	done
	[ "$gen" -eq 0 ] || locale-gen >/dev/null
fi
exit 0

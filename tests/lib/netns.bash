# shellcheck shell=bash
# tests/lib/netns.bash - the namespace helper every test script sources:
# private network namespaces with only loopback in them, and clean-up that
# runs on EXIT, INT and TERM, after a failure too.
#
#	. "$TCPD_ROOT/tests/lib/netns.bash"
#	ns_add [TAG]        a new namespace "tcpd-TAG-PID-N" with lo up; NS names it
#	ns_exec NAME CMD... run CMD inside it (in the foreground: for a process
#	                    left running, write `ip netns exec NAME CMD &`, so
#	                    that $! is its pid and not a subshell's)
#	ns_veth A IFA ADDRA B IFB ADDRB
#	                    a veth pair between namespaces A and B, each end
#	                    with its address (prefix included) and up
#	ns_del NAME         remove it now (every one left is removed at exit)
#	on_exit CMD         eval CMD at exit, before the namespaces go; last added runs first
#
# Sourcing it installs the EXIT, INT and TERM traps: add clean-up through
# on_exit, never with trap. Call ns_add in the script's own shell, not in
# $(...), so NS and the clean-up list are kept.

# shellcheck source=tap.bash
. "$(dirname "${BASH_SOURCE[0]}")/tap.bash"

NS=
NS_LIST=()
NS_ON_EXIT=()
NS_SEQ=0

on_exit() {
	NS_ON_EXIT+=("$*")
}

ns_cleanup() {
	local i n

	for ((i = ${#NS_ON_EXIT[@]} - 1; i >= 0; i--)); do
		eval "${NS_ON_EXIT[i]}"
	done
	NS_ON_EXIT=()
	for n in "${NS_LIST[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	NS_LIST=()
}
trap 'ns_cleanup' EXIT
trap 'ns_cleanup; trap - EXIT; exit 130' INT
trap 'ns_cleanup; trap - EXIT; exit 143' TERM

ns_add() {
	local name

	[[ $EUID -eq 0 ]] || tap_die "network namespaces need root"
	command -v ip >/dev/null || tap_die "ip (iproute2) is not installed"
	NS_SEQ=$((NS_SEQ + 1))
	name="tcpd-${1:-test}-$$-$NS_SEQ"
	ip netns add "$name" || tap_die "cannot create namespace $name"
	NS_LIST+=("$name")
	ip -n "$name" link set lo up || tap_die "cannot bring lo up in $name"
	NS=$name
}

ns_exec() {
	local name=$1
	shift
	ip netns exec "$name" "$@"
}

# A link-local IPv6 address is used at once (no DAD) and is the end's only
# one (no address of the kernel's own), so a socket's source is known.
ns_veth() {
	local opt=()

	ip link add "$2" netns "$1" type veth peer name "$5" netns "$4" ||
		tap_die "cannot make a veth pair between $1 and $4"
	if [[ $3 == fe80:* ]]; then
		opt=(nodad)
		ip -n "$1" link set "$2" addrgenmode none && ip -n "$4" link set "$5" addrgenmode none ||
			tap_die "cannot turn off address generation on $2/$5"
	fi
	ip -n "$1" addr add "$3" dev "$2" "${opt[@]}" && ip -n "$4" addr add "$6" dev "$5" "${opt[@]}" &&
		ip -n "$1" link set "$2" up && ip -n "$4" link set "$5" up ||
		tap_die "cannot address and set up $2/$5"
}

# ns_del NAME: remove it now; fails when it cannot be removed.
ns_del() {
	local n rest=()

	for n in "${NS_LIST[@]}"; do
		[[ $n == "$1" ]] || rest+=("$n")
	done
	NS_LIST=("${rest[@]}")
	ip netns del "$1"
}

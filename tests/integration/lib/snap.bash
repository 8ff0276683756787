# shellcheck shell=bash
# Helpers for the tests that read snapshots the way a support engineer
# would: elsewhere, as a user without privilege.
#
#	. "$TCPD_ROOT/tests/integration/lib/snap.bash"
#	snap_pub TAG        PUB: a new directory anyone may read, with a copy
#	                    of tcpdoc in it (removed at exit)
#	"${NOBODY[@]}" "$PUB/tcpdoc" ...   run it as nobody
#	snap_seed FILE      keep a real snapshot as a seed of the reader's
#	                    fuzzing campaign (fuzz_campaigns.sh)

# shellcheck source=../../lib/netns.bash
declare -F on_exit >/dev/null || . "$TCPD_ROOT/tests/lib/netns.bash"

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

snap_pub() {
	PUB=$(mktemp -d "/tmp/tcpd-$1.XXXXXX") || tap_die "mktemp failed"
	on_exit "rm -rf '$PUB'"
	chmod 755 "$PUB"
	cp "$TCPDOC" "$PUB/tcpdoc" && chmod 755 "$PUB/tcpdoc" || tap_die "cannot copy tcpdoc"
}

snap_seed() {
	mkdir -p "$TCPD_BUILD/fuzz-seeds/snapshot" && cp "$1" "$TCPD_BUILD/fuzz-seeds/snapshot/"
}

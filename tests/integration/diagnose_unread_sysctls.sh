#!/usr/bin/env bash
# A sysctl the kernel will not give is said ("could not read X") and listed
# in the JSON's "unread", never judged as 0 or -1. /dev/null bind-mounted
# over the file, in a private mount namespace inside the lab's network
# namespace, makes it unreadable without touching the host.
. "$TCPD_ROOT/tests/integration/lib/doctor.bash"
dl_up

# masked FILE... -- ARGS: tcpdoc ARGS with each /proc/sys FILE reading empty.
masked() {
	local files=() f
	while [[ $1 != -- ]]; do
		files+=("$1")
		shift
	done
	shift
	dl_exec unshare -m --propagation private bash -c '
		tcpdoc=$1; shift
		while [[ $1 != -- ]]; do mount --bind /dev/null "$1" || exit 99; shift; done
		shift
		exec "$tcpdoc" "$@"' masked "$TCPDOC" "${files[@]}" -- "$@"
}

out=$(dl_exec "$TCPDOC" --json --interval 0 --config /dev/null 2>"$DL_DIR/err")
expect_eq "$?" 0 "readable: exit 0"
DL_JSON=$out
dl_ok "readable: nothing unread" 'd["unread"] == []'
expect_eq "$(grep -c "could not read" "$DL_DIR/err")" 0 "readable: no 'could not read' note"

SC=/proc/sys/net/ipv4/tcp_syncookies TW=/proc/sys/net/ipv4/tcp_max_tw_buckets
DL_JSON=$(masked "$SC" "$TW" -- --json --interval 0 --config /dev/null 2>"$DL_DIR/err")
expect_eq "$?" 0 "unreadable sysctls: still exit 0"
dl_ok "unreadable sysctls: listed in unread" 'd["unread"] == ["net.ipv4.tcp_syncookies", "net.ipv4.tcp_max_tw_buckets"]'
dl_ok "unreadable sysctls: the other fields are there" 'd["status"] == "ok" and d["counters"] == "since_boot"'
expect_eq "$(grep -c "note: could not read net.ipv4.tcp_syncookies, net.ipv4.tcp_max_tw_buckets:" "$DL_DIR/err")" 1 "unreadable sysctls: one note names them"
expect_eq "$(grep -c '' "$DL_DIR/err")" 1 "unreadable sysctls: one line on stderr"

out=$(masked "$TW" -- --interval 0 --config /dev/null 2>"$DL_DIR/err")
expect_eq "$(grep -c "Nothing wrong found" <<<"$out")" 1 "unreadable sysctl, text: the report is unchanged"
expect_eq "$(grep -c "could not read net.ipv4.tcp_max_tw_buckets:" "$DL_DIR/err")" 1 "unreadable sysctl, text: the note on stderr"

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A record callback that fails says why: every source returns its error as
 * it is, not a generic "stopped by a record handler". Needs root for the
 * BPF source; a listener on 127.0.0.1 guarantees a record in the table.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tap.h"
#include "tcpdoc/sock.h"
#include "tcpdoc/state.h"

static int refuse(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	int *calls = arg;

	(void)s;
	(*calls)++;
	return tcpd_fail(err, TCPD_E_INPUT, "refused record %d", *calls);
}

static int listener(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 1)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void source_keeps_cause(enum tcpd_source src, const char *name)
{
	struct tcpd_query q = { .states = TCPD_STATE_BIT(TCPD_LISTEN), .family = AF_INET };
	struct tcpd_err err = { 0 };
	int calls = 0, ret;

	ret = tcpd_dump(src, &q, refuse, &calls, &err);
	ok(ret == -1, "%s: a failing callback fails the dump (%d)", name, ret);
	ok(calls == 1, "%s: the dump stops at the first failure (%d calls)", name, calls);
	ok(err.kind == TCPD_E_INPUT, "%s: the callback's kind is kept (%d)", name, err.kind);
	is_str(err.msg, "refused record 1", "%s: the callback's message is kept ('%s')",
	       name, err.msg);
}

/* The kernel's timer codes by the names ls -e and --json print. */
static void timer_names(void)
{
	is_str(tcpd_timer_name(TCPD_TIMER_OFF), "off", "timer 0 is off");
	is_str(tcpd_timer_name(TCPD_TIMER_ON), "on", "timer 1 is on (retransmit)");
	is_str(tcpd_timer_name(TCPD_TIMER_KEEPALIVE), "keepalive", "timer 2 is keepalive");
	is_str(tcpd_timer_name(TCPD_TIMER_TIMEWAIT), "timewait", "timer 3 is timewait");
	is_str(tcpd_timer_name(TCPD_TIMER_PROBE), "probe", "timer 4 is probe (zero window)");
	is_str(tcpd_timer_name(5), "unknown", "timer 5 is unknown");
	is_str(tcpd_timer_name(-1), "unknown", "timer -1 is unknown");
}

int main(void)
{
	int fd = listener();

	timer_names();
	ok(fd >= 0, "a listener on 127.0.0.1");
	source_keeps_cause(TCPD_SRC_NETLINK, "netlink");
	source_keeps_cause(TCPD_SRC_PROC, "proc");
	source_keeps_cause(TCPD_SRC_BPF, "bpf");
	if (fd >= 0)
		close(fd);
	return tap_done();
}

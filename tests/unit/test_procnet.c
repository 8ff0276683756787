// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The /proc/net/tcp and tcp6 parser (src/lib/source/procnet.c) on text in
 * the kernel's format (net/ipv4/tcp_ipv4.c get_tcp4_sock, tcp_ipv6.c
 * get_tcp6_sock, copied from a live machine) and on malformed lines.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/socket.h>

#include "tap.h"
#include "source/procnet_int.h"
#include "tcpdoc/state.h"

#define MAX_RECS 4096

static const char tcp_header[] =
	"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n";
static const char tcp6_header[] =
	"  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

/* What the callback saw, and when it should stop (>0) or fail (<0). */
struct seen {
	struct tcpd_sock rec[MAX_RECS];
	int n;
	int stop_at;
	int ret;
};

static int collect(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct seen *seen = arg;

	if (seen->n < MAX_RECS)
		seen->rec[seen->n] = *s;
	seen->n++;
	if (seen->n != seen->stop_at)
		return 0;
	if (seen->ret < 0)
		return tcpd_fail(err, TCPD_E_NOMEM, "the callback failed");
	return seen->ret;
}

/* Parse @text as /proc/net/tcp (or tcp6) through a file descriptor. */
static int feed(const char *text, size_t len, int family, uint32_t states,
		struct seen *seen, struct tcpd_err *err)
{
	struct tcpd_query q = { .states = states };
	int fd, ret;

	fd = memfd_create("procnet", 0);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET))
		abort();
	memset(err, 0, sizeof(*err));
	ret = tcpd_procnet_read(fd, family, &q, collect, seen, err);
	close(fd);
	return ret;
}

static int feed_str(const char *text, int family, struct seen *seen,
		    struct tcpd_err *err)
{
	memset(seen, 0, sizeof(*seen));
	return feed(text, strlen(text), family, 0, seen, err);
}

static const char *addr(const struct tcpd_addr *a)
{
	static char buf[4][TCPD_ADDRSTRLEN];
	static int i;

	i = (i + 1) % 4;
	return tcpd_addr_str(a, buf[i], sizeof(buf[i]));
}

static void test_ipv4(struct seen *seen)
{
	char text[2048];
	struct tcpd_err err;
	long hz = sysconf(_SC_CLK_TCK);
	const struct tcpd_sock *s;

	snprintf(text, sizeof(text), "%s%s%s%s%s", tcp_header,
		 /* A listener with one connection in its accept queue. */
		 "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000001 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0                     \n",
		 /* Established, 5 bytes unsent, 10 unread, retransmitting twice. */
		 "   1: 0100007F:D431 0100007F:1F90 01 00000005:0000000A 01:00000014 00000002  1000        0 23456 2 0000000000000000 20 4 30 10 -1                    \n",
		 /* TIME_WAIT: no inode, the timewait timer, fewer columns. */
		 "   2: 0100007F:1F90 0100007F:D432 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0000000000000000                                     \n",
		 /* A request socket (NEW_SYN_RECV) shows as SYN_RECV. */
		 "   3: 0A00000A:0050 0B00000A:C000 0C 00000000:00000000 02:000000C8 00000001 65534        0 77 1 0000000000000000 100 0 0 10 0                    \n");
	ok(feed_str(text, AF_INET, seen, &err) == 0, "tcp: four lines parse (%s)", err.msg);
	ok(seen->n == 4, "tcp: four records, the header skipped (%d)", seen->n);

	s = &seen->rec[0];
	ok(s->state == TCPD_LISTEN && s->local.family == AF_INET &&
	   !strcmp(addr(&s->local), "127.0.0.1") && s->lport == 8080 &&
	   !strcmp(addr(&s->remote), "0.0.0.0") && s->rport == 0,
	   "tcp: listener 127.0.0.1:8080 (%s:%u)", addr(&s->local), s->lport);
	ok(s->recv_q == 1 && s->send_q == 0 && s->inode == 31337 && s->uid == 0 &&
	   s->timer == TCPD_TIMER_OFF && s->expires_ms == 0,
	   "tcp: listener queues, inode and no timer");
	ok(s->cookie == 0 && !s->has_info, "tcp: /proc has no cookie and no tcp_info");

	s = &seen->rec[1];
	ok(s->state == TCPD_ESTABLISHED && s->lport == 54321 && s->rport == 8080 &&
	   !strcmp(addr(&s->remote), "127.0.0.1"),
	   "tcp: established 127.0.0.1:54321 -> 127.0.0.1:8080");
	ok(s->send_q == 5 && s->recv_q == 10, "tcp: tx_queue 5, rx_queue 10 (%u, %u)",
	   s->send_q, s->recv_q);
	ok(s->timer == TCPD_TIMER_ON && s->retrans == 2 &&
	   s->expires_ms == (uint32_t)(20 * 1000 / hz),
	   "tcp: retransmit timer, 20 ticks is %ld ms, 2 retransmits (%u ms)",
	   20 * 1000 / hz, s->expires_ms);
	ok(s->uid == 1000 && s->inode == 23456, "tcp: uid 1000, inode 23456");

	s = &seen->rec[2];
	ok(s->state == TCPD_TIME_WAIT && s->inode == 0 && s->timer == TCPD_TIMER_TIMEWAIT &&
	   s->expires_ms == (uint32_t)(6000 * 1000 / hz),
	   "tcp: TIME_WAIT line, timewait timer of 6000 ticks (%u ms)", s->expires_ms);

	s = &seen->rec[3];
	ok(s->state == TCPD_SYN_RECV, "tcp: NEW_SYN_RECV (0C) folds into SYN_RECV (%d)", s->state);
	ok(!strcmp(addr(&s->local), "10.0.0.10") && s->lport == 80 &&
	   !strcmp(addr(&s->remote), "10.0.0.11") && s->rport == 49152 && s->uid == 65534,
	   "tcp: hex words in host order (%s:%u <- %s:%u)",
	   addr(&s->local), s->lport, addr(&s->remote), s->rport);
	ok(s->timer == TCPD_TIMER_KEEPALIVE && s->retrans == 1,
	   "tcp: the tr column is the timer code as given (2)");

	/* The kernel filters nothing here: the parser drops what the query does not ask for. */
	memset(seen, 0, sizeof(*seen));
	ok(feed(text, strlen(text), AF_INET, TCPD_STATE_BIT(TCPD_LISTEN) |
		TCPD_STATE_BIT(TCPD_SYN_RECV), seen, &err) == 0 && seen->n == 2 &&
	   seen->rec[0].state == TCPD_LISTEN && seen->rec[1].state == TCPD_SYN_RECV,
	   "tcp: a state mask keeps LISTEN and SYN_RECV only (%d records)", seen->n);
}

static void test_ipv6(struct seen *seen)
{
	char text[2048];
	struct tcpd_err err;
	const struct tcpd_sock *s;

	snprintf(text, sizeof(text), "%s%s%s%s", tcp6_header,
		 "   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 40001 1 0000000000000000 100 0 0 10 0\n",
		 "   1: 0000000000000000FFFF00000100007F:1F90 0000000000000000FFFF00000100007F:D433 08 00000000:00000003 00:00000000 00000000   100        0 40002 1 0000000000000000 20 4 1 10 -1\n",
		 "   2: 000080FE00000000FF005452010012FE:0016 B80D0120000000000000000001000000:E000 01 00000000:00000000 02:0001A7A1 00000000     0        0 40003 1 0000000000000000 20 4 31 10 20\n");
	ok(feed_str(text, AF_INET6, seen, &err) == 0 && seen->n == 3,
	   "tcp6: three lines parse (%d; %s)", seen->n, err.msg);
	s = &seen->rec[0];
	ok(s->local.family == AF_INET6 && !strcmp(addr(&s->local), "::1") && s->lport == 8080 &&
	   !strcmp(addr(&s->remote), "::") && s->state == TCPD_LISTEN && s->inode == 40001,
	   "tcp6: listener [::1]:8080 (%s)", addr(&s->local));
	s = &seen->rec[1];
	ok(!strcmp(addr(&s->local), "::ffff:127.0.0.1") && s->rport == 54323 &&
	   s->state == TCPD_CLOSE_WAIT && s->recv_q == 3 && s->uid == 100,
	   "tcp6: v4-mapped CLOSE_WAIT with 3 unread bytes (%s)", addr(&s->local));
	s = &seen->rec[2];
	ok(!strcmp(addr(&s->local), "fe80::5254:ff:fe12:1") &&
	   !strcmp(addr(&s->remote), "2001:db8::1") && s->lport == 22 && s->rport == 57344 &&
	   s->state == TCPD_ESTABLISHED && s->timer == TCPD_TIMER_KEEPALIVE,
	   "tcp6: four host-order words per address (%s -> %s)",
	   addr(&s->local), addr(&s->remote));
	ok(feed_str(tcp6_header, AF_INET6, seen, &err) == 0 && seen->n == 0,
	   "tcp6: a header alone is an empty table");
}

static const char good_v4[] =
	"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31337 1 0000000000000000 100 0 0 10 0\n";

/* @line after a good line: the good record is delivered, then the error. */
static void malformed(struct seen *seen, const char *what, const char *line, int family)
{
	char text[1024];
	struct tcpd_err err;
	int ret;

	snprintf(text, sizeof(text), "%s%s%s", tcp_header, good_v4, line);
	ret = feed_str(text, family, seen, &err);
	ok(ret == -1 && err.kind == TCPD_E_INPUT &&
	   strstr(err.msg, family == AF_INET6 ? "/proc/net/tcp6" : "/proc/net/tcp"),
	   "malformed: %s is an input error naming the file (%d, \"%s\")", what, ret, err.msg);
}

static void test_malformed(struct seen *seen)
{
	struct tcpd_err err;

	malformed(seen, "a line cut after the local address",
		  "   1: 0100007F:1F90\n", AF_INET);
	ok(seen->n == 1 && seen->rec[0].lport == 8080,
	   "malformed: lines before the bad one were delivered (%d)", seen->n);
	malformed(seen, "a non-hex digit in an address",
		  "   1: 0100007G:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n",
		  AF_INET);
	malformed(seen, "an address without its port",
		  "   1: 0100007F 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0\n",
		  AF_INET);
	malformed(seen, "a queue pair without ':'",
		  "   1: 0100007F:1F90 00000000:0000 0A 00000000 00000000 00:00000000 00000000     0        0 1 1 0\n",
		  AF_INET);
	malformed(seen, "a line without its inode",
		  "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0\n",
		  AF_INET);
	malformed(seen, "a uid that is not decimal",
		  "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     x        0 1 1 0\n",
		  AF_INET);
	malformed(seen, "a slot number without ':'", "   1\n", AF_INET);
	malformed(seen, "an IPv4 line in tcp6", good_v4, AF_INET6);

	ok(feed_str("\n\n   \nsl local rem\n", AF_INET, seen, &err) == 0 && seen->n == 0,
	   "blank lines and headers are skipped, not errors");
}

/* More text than one read buffer: lines cut between reads are joined. */
static void test_long_table(struct seen *seen)
{
	static const char fmt[] =
		"%4d: 0100007F:%04X 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 %d 1 0000000000000000 20 4 30 10 -1                    \n";
	size_t cap = 4000 * 200, len = 0;
	char *text = malloc(cap);
	struct tcpd_err err;
	int i, first_bad = -1;

	if (!text)
		abort();
	len += (size_t)snprintf(text, cap, "%s", tcp_header);
	for (i = 0; i < 4000; i++)
		len += (size_t)snprintf(text + len, cap - len, fmt, i, 10000 + i, 100000 + i);
	memset(seen, 0, sizeof(*seen));
	ok(feed(text, len, AF_INET, 0, seen, &err) == 0 && seen->n == 4000,
	   "4000 lines (%zu bytes, more than one read) give 4000 records (%d)", len, seen->n);
	for (i = 0; i < seen->n && i < MAX_RECS; i++)
		if (first_bad < 0 && (seen->rec[i].lport != 10000 + i ||
				      seen->rec[i].inode != (uint64_t)(100000 + i)))
			first_bad = i;
	ok(first_bad < 0, "every record whole and in order across read boundaries (first bad: %d)",
	   first_bad);

	/* One line longer than the buffer. */
	memset(text, '7', cap - 1);
	text[cap - 1] = '\n';
	memset(seen, 0, sizeof(*seen));
	ok(feed(text, cap, AF_INET, 0, seen, &err) == -1 && err.kind == TCPD_E_INPUT &&
	   strstr(err.msg, "overlong"), "a line longer than the buffer is refused (%s)", err.msg);
	free(text);
}

static void test_callback(struct seen *seen)
{
	char text[1024];
	struct tcpd_err err;
	int ret;

	snprintf(text, sizeof(text), "%s%s%s", tcp_header, good_v4, good_v4);
	memset(seen, 0, sizeof(*seen));
	seen->stop_at = 1;
	seen->ret = 1;
	ret = feed(text, strlen(text), AF_INET, 0, seen, &err);
	ok(ret == 1 && seen->n == 1, "a callback returning 1 stops the walk (%d, %d)", ret, seen->n);
	memset(seen, 0, sizeof(*seen));
	seen->stop_at = 1;
	seen->ret = -1;
	ret = feed(text, strlen(text), AF_INET, 0, seen, &err);
	ok(ret == -1 && seen->n == 1 && !strcmp(err.msg, "the callback failed") &&
	   err.kind == TCPD_E_NOMEM, "a failing callback fails the walk with its own error (%s)", err.msg);
}

int main(void)
{
	struct seen *seen = calloc(1, sizeof(*seen));

	if (!seen)
		return 1;
	test_ipv4(seen);
	test_ipv6(seen);
	test_malformed(seen);
	test_long_table(seen);
	test_callback(seen);
	free(seen);
	return tap_done();
}

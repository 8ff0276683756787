/*
 * sockets.c - the scenario's tools: loopback sockets, the nft rules that
 * lose segments, and waiting for sockets to reach a state.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "scenario.h"

int fail(const char *what)
{
	fprintf(stderr, "scenario: %s: %s\n", what, strerror(errno));
	return -1;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Feed nft one batch of commands; nft applies a batch atomically. */
int nft(const char *fmt, ...)
{
	FILE *p;
	va_list ap;
	int status;

	p = popen("nft -f -", "w");
	if (!p)
		return fail("popen nft");
	va_start(ap, fmt);
	vfprintf(p, fmt, ap);
	va_end(ap);
	status = pclose(p);
	if (status != 0) {
		fprintf(stderr, "scenario: nft failed (status %d)\n", status);
		return -1;
	}
	return 0;
}

int nft_add(const char *set, int port)
{
	return nft("add element inet tcpdoc_lab %s { %d }\n", set, port);
}

/* Move a port between sets in one transaction, so no segment slips by. */
int nft_move(const char *from, const char *to, int port)
{
	return nft("add element inet tcpdoc_lab %s { %d }\n"
		   "delete element inet tcpdoc_lab %s { %d }\n",
		   to, port, from, port);
}

int hold(struct lab *lab, int fd, int want)
{
	struct held *h;

	if (lab->nheld == lab->cap) {
		int cap = lab->cap ? 2 * lab->cap : 256;

		h = realloc(lab->held, cap * sizeof(*h));
		if (!h)
			return fail("realloc");
		lab->held = h;
		lab->cap = cap;
	}
	lab->held[lab->nheld++] = (struct held){ fd, want };
	return 0;
}

int hold_all(struct lab *lab, const int *fd, int want)
{
	int i;

	for (i = 0; i < lab->n; i++)
		if (hold(lab, fd[i], want))
			return -1;
	return 0;
}

int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		return -1;
	return ti.tcpi_state;
}

/*
 * Wait up to ms until every fd is in state (reach) or none is (!reach).
 * Returns 0 when that happened, -1 on timeout.
 */
int wait_fds(const int *fd, int n, int state, int reach, int ms)
{
	int i, done;

	for (;;) {
		done = 1;
		for (i = 0; i < n; i++)
			if ((tcp_state(fd[i]) == state) != reach)
				done = 0;
		if (done)
			return 0;
		if (ms <= 0)
			return -1;
		sleep_ms(10);
		ms -= 10;
	}
}

static socklen_t loopback(const struct lab *lab, int port,
				  struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (lab->v6) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(port);
		a6->sin6_addr = in6addr_loopback;
		return sizeof(*a6);
	}
	a4->sin_family = AF_INET;
	a4->sin_port = htons(port);
	a4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*a4);
}

/*
 * Every socket gets the largest SYN retry count: a client whose SYN is
 * dropped then stays SYN_SENT for hours instead of about two minutes, and
 * a listener keeps retransmitting SYN-ACKs for its SYN_RECV requests
 * (the listener's TCP_SYNCNT overrides tcp_synack_retries).
 */
static int tcp_socket(const struct lab *lab, int flags)
{
	int fd, syncnt = 127;

	fd = socket(lab->v6 ? AF_INET6 : AF_INET,
		    SOCK_STREAM | SOCK_CLOEXEC | flags, 0);
	if (fd < 0)
		return fail("socket");
	if (setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &syncnt, sizeof(syncnt))) {
		close(fd);
		return fail("setsockopt TCP_SYNCNT");
	}
	return fd;
}

/* SO_REUSEPORT lets sc_listen() put n listeners on one port. */
int listen_on(struct lab *lab, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(lab, port, &ss);
	int fd, one = 1;

	fd = tcp_socket(lab, 0);
	if (fd < 0)
		return -1;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 256)) {
		close(fd);
		return fail("bind/listen");
	}
	if (hold(lab, fd, TCP_LISTEN)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Connect to the loopback port; a non-blocking connect is left in flight. */
int dial(const struct lab *lab, int port, int flags)
{
	struct sockaddr_storage ss;
	socklen_t len = loopback(lab, port, &ss);
	int fd;

	fd = tcp_socket(lab, flags);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, len) && errno != EINPROGRESS) {
		close(fd);
		return fail("connect");
	}
	return fd;
}

/*
 * A listener (held) and n connected pairs (not yet held: the caller knows
 * which state each end is meant for).  On error the process exits, which
 * closes whatever was opened here.
 */
int pair_up(struct lab *lab, int port, int *cli, int *srv)
{
	int lfd, i;

	lfd = listen_on(lab, port);
	if (lfd < 0)
		return -1;
	for (i = 0; i < lab->n; i++) {
		cli[i] = dial(lab, port, 0);
		if (cli[i] < 0)
			return -1;
		srv[i] = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (srv[i] < 0)
			return fail("accept");
	}
	return 0;
}

int shutdown_all(const struct lab *lab, const int *fd)
{
	int i;

	for (i = 0; i < lab->n; i++)
		if (shutdown(fd[i], SHUT_WR))
			return fail("shutdown");
	return 0;
}

/* The clients half-close; returns once every server end is CLOSE_WAIT. */
int half_close(const struct lab *lab, const int *cli, const int *srv)
{
	if (shutdown_all(lab, cli))
		return -1;
	if (wait_fds(srv, lab->n, TCP_CLOSE_WAIT, 1, SETTLE_MS)) {
		fprintf(stderr, "scenario: a server never saw its client's FIN\n");
		return -1;
	}
	return 0;
}

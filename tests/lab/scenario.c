/*
 * scenario - hold real kernel TCP sockets still in every state.
 *
 * Run inside a private network namespace (tests/lab/lab.sh makes one):
 *
 *	scenario --ready FILE [--v6] [--count N]
 *
 * Builds at least N sockets in each of LISTEN, ESTABLISHED, SYN_SENT,
 * SYN_RECV, FIN_WAIT1, FIN_WAIT2, CLOSE_WAIT, LAST_ACK, TIME_WAIT and
 * CLOSING over 127.0.0.1 (and ::1 with --v6), writes FILE with the exact
 * number of sockets the namespace should hold in each state, then sleeps
 * until SIGTERM or SIGINT.
 *
 * The transient states are held still by nftables rules on the input hook
 * (table inet tcpdoc_lab) that drop chosen segments by port.  Every
 * scenario uses its own server port, so the rules never interfere.
 * sockets.c has the tools: loopback sockets, nft, waiting for states.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "scenario.h"

#define PORT_V4		20000
#define PORT_V6		21000
#define PORT_STEP	10	/* ports per scenario; CLOSING uses several */
#define CLOSING_TRIES	PORT_STEP

static const char *const state_name[N_STATES] = {
	[TCP_ESTABLISHED]	= "ESTABLISHED",
	[TCP_SYN_SENT]		= "SYN_SENT",
	[TCP_SYN_RECV]		= "SYN_RECV",
	[TCP_FIN_WAIT1]		= "FIN_WAIT1",
	[TCP_FIN_WAIT2]		= "FIN_WAIT2",
	[TCP_TIME_WAIT]		= "TIME_WAIT",
	[TCP_CLOSE]		= "CLOSE",
	[TCP_CLOSE_WAIT]	= "CLOSE_WAIT",
	[TCP_LAST_ACK]		= "LAST_ACK",
	[TCP_LISTEN]		= "LISTEN",
	[TCP_CLOSING]		= "CLOSING",
};

/*
 * Drop rules, keyed by port sets the scenarios fill in.  The input hook is
 * used rather than output so the sender's stack never sees an error: to it
 * the segment was simply lost on the wire.
 *   syn_to:   SYNs to these ports (connect stays SYN_SENT)
 *   acks:     pure ACKs either way (handshake and FIN ACKs never arrive)
 *   fin_from: FINs from these ports (the closer stays FIN_WAIT1/LAST_ACK)
 *   every:    everything either way
 */
static const char ruleset[] =
	"add table inet tcpdoc_lab\n"
	"delete table inet tcpdoc_lab\n"
	"table inet tcpdoc_lab {\n"
	"	set syn_to { type inet_service; }\n"
	"	set acks { type inet_service; }\n"
	"	set fin_from { type inet_service; }\n"
	"	set every { type inet_service; }\n"
	"	chain input {\n"
	"		type filter hook input priority 0; policy accept;\n"
	"		tcp dport @syn_to tcp flags & (syn | ack) == syn drop\n"
	"		tcp dport @acks tcp flags & (fin | syn | rst) == 0 drop\n"
	"		tcp sport @acks tcp flags & (fin | syn | rst) == 0 drop\n"
	"		tcp sport @fin_from tcp flags & fin == fin drop\n"
	"		tcp dport @every drop\n"
	"		tcp sport @every drop\n"
	"	}\n"
	"}\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void note_port(struct lab *lab, int state, int port)
{
	if (lab->nport == MAX_PORTS)
		return;
	lab->port[lab->nport][0] = state;
	lab->port[lab->nport][1] = port;
	lab->nport++;
}

static const char *name_of(int state)
{
	if (state < 0 || state >= N_STATES || !state_name[state])
		return "?";
	return state_name[state];
}

/* n listeners sharing one port through SO_REUSEPORT. */
static int sc_listen(struct lab *lab, int port)
{
	int i;

	note_port(lab, TCP_LISTEN, port);
	for (i = 0; i < lab->n; i++)
		if (listen_on(lab, port) < 0)
			return -1;
	return 0;
}

static int sc_established(struct lab *lab, int port)
{
	int cli[MAX_COUNT], srv[MAX_COUNT];

	note_port(lab, TCP_ESTABLISHED, port);
	if (pair_up(lab, port, cli, srv))
		return -1;
	if (hold_all(lab, cli, TCP_ESTABLISHED))
		return -1;
	return hold_all(lab, srv, TCP_ESTABLISHED);
}

/* Nobody listens, and the SYNs are dropped before they could be refused. */
static int sc_syn_sent(struct lab *lab, int port)
{
	int i, fd;

	note_port(lab, TCP_SYN_SENT, port);
	if (nft_add("syn_to", port))
		return -1;
	for (i = 0; i < lab->n; i++) {
		fd = dial(lab, port, SOCK_NONBLOCK);
		if (fd < 0 || hold(lab, fd, TCP_SYN_SENT))
			return -1;
	}
	return 0;
}

/*
 * The client's handshake ACK is dropped: the client is ESTABLISHED, the
 * server keeps a request socket in SYN_RECV.  The client never sends data,
 * which would complete the handshake.
 */
static int sc_syn_recv(struct lab *lab, int port)
{
	int i, fd;

	note_port(lab, TCP_SYN_RECV, port);
	if (nft_add("acks", port) || listen_on(lab, port) < 0)
		return -1;
	for (i = 0; i < lab->n; i++) {
		fd = dial(lab, port, 0);
		if (fd < 0 || hold(lab, fd, TCP_ESTABLISHED))
			return -1;
		lab->extra[TCP_SYN_RECV]++;
	}
	return 0;
}

/* The server's FIN is lost: server FIN_WAIT1, client ESTABLISHED. */
static int sc_fin_wait1(struct lab *lab, int port)
{
	int cli[MAX_COUNT], srv[MAX_COUNT];

	note_port(lab, TCP_FIN_WAIT1, port);
	if (nft_add("fin_from", port) || pair_up(lab, port, cli, srv))
		return -1;
	if (shutdown_all(lab, srv) || hold_all(lab, srv, TCP_FIN_WAIT1))
		return -1;
	return hold_all(lab, cli, TCP_ESTABLISHED);
}

/*
 * The client half-closes and keeps its fd, so its FIN_WAIT2 is not an
 * orphan and tcp_fin_timeout never ends it; the server never closes.
 */
static int sc_fin_wait2(struct lab *lab, int port)
{
	int cli[MAX_COUNT], srv[MAX_COUNT];

	note_port(lab, TCP_FIN_WAIT2, port);
	note_port(lab, TCP_CLOSE_WAIT, port);
	if (pair_up(lab, port, cli, srv) || half_close(lab, cli, srv))
		return -1;
	if (hold_all(lab, cli, TCP_FIN_WAIT2))
		return -1;
	return hold_all(lab, srv, TCP_CLOSE_WAIT);
}

/*
 * Half-close both ways, client first; the server's FIN is dropped.
 * shutdown() rather than close() keeps the LAST_ACK socket owned, so it
 * retransmits for tcp_retries2 rather than the shorter orphan limit.
 */
static int sc_last_ack(struct lab *lab, int port)
{
	int cli[MAX_COUNT], srv[MAX_COUNT];

	note_port(lab, TCP_LAST_ACK, port);
	if (nft_add("fin_from", port) || pair_up(lab, port, cli, srv) ||
	    half_close(lab, cli, srv))
		return -1;
	if (shutdown_all(lab, srv) || hold_all(lab, srv, TCP_LAST_ACK))
		return -1;
	return hold_all(lab, cli, TCP_FIN_WAIT2);
}

/*
 * A normal close, client first.  The client's fd ends up CLOSE with a
 * time-wait mini-socket in its place; settle() closes the fd once it got
 * there, so only the TIME_WAIT is left.
 */
static int sc_time_wait(struct lab *lab, int port)
{
	int cli[MAX_COUNT], srv[MAX_COUNT];
	int i;

	note_port(lab, TCP_TIME_WAIT, port);
	if (pair_up(lab, port, cli, srv) || half_close(lab, cli, srv))
		return -1;
	for (i = 0; i < lab->n; i++)
		close(srv[i]);
	lab->extra[TCP_TIME_WAIT] += lab->n;
	return hold_all(lab, cli, TCP_CLOSE);
}

/*
 * One try at n simultaneous closes on one port.  With everything dropped,
 * both ends send their FIN (FIN_WAIT1).  Then only pure ACKs are dropped:
 * each end's retransmitted FIN reaches the other, but not the ACK of it.
 * Both ends reach CLOSING only if their FINs cross, that is, both were
 * retransmitted before either arrived.  Both retransmit timers were armed
 * in the same jiffy, so they fire in the same timer softirq run, before
 * loopback delivers either FIN (seen every time so far).  When they do not, the later end's FIN
 * already ACKs the other's: that end stays CLOSING and the other goes
 * TIME_WAIT.  Dropping everything again freezes whatever came out, and
 * each end is counted as it is.  Returns the number of CLOSING ends.
 */
static int closing_try(struct lab *lab, int port)
{
	int fd[2 * MAX_COUNT];
	int i, st, got = 0, n = lab->n;

	if (pair_up(lab, port, fd, fd + n) || nft_add("every", port))
		return -1;
	for (i = 0; i < n; i++)
		if (shutdown(fd[i], SHUT_WR) || shutdown(fd[n + i], SHUT_WR))
			return fail("shutdown");
	if (nft_move("every", "acks", port))
		return -1;
	/* The first retransmission comes after about 200 ms (RTO_MIN). */
	wait_fds(fd, 2 * n, TCP_FIN_WAIT1, 0, 3000);
	if (nft_move("acks", "every", port))
		return -1;
	for (i = 0; i < 2 * n; i++) {
		st = tcp_state(fd[i]);
		if (st < 0)
			return fail("TCP_INFO");
		if (st == TCP_CLOSE) {
			close(fd[i]);
			lab->extra[TCP_TIME_WAIT]++;
			continue;
		}
		if (hold(lab, fd[i], st))
			return -1;
		got += st == TCP_CLOSING;
	}
	return got;
}

static int sc_closing(struct lab *lab, int port)
{
	int try, got, total = 0;

	for (try = 0; try < CLOSING_TRIES && total < lab->n; try++) {
		note_port(lab, TCP_CLOSING, port + try);
		got = closing_try(lab, port + try);
		if (got < 0)
			return -1;
		total += got;
	}
	if (total < lab->n) {
		fprintf(stderr, "scenario: CLOSING: only %d of %d after %d tries\n",
			total, lab->n, try);
		return -1;
	}
	return 0;
}

/* In port order; TIME_WAIT last, since nothing makes it last over 60 s. */
static int (*const scenarios[])(struct lab *, int) = {
	sc_listen, sc_established, sc_syn_sent, sc_syn_recv, sc_fin_wait1,
	sc_fin_wait2, sc_last_ack, sc_closing, sc_time_wait,
};

static int build(struct lab *lab, int v6)
{
	size_t i;
	int base = v6 ? PORT_V6 : PORT_V4;

	lab->v6 = v6;
	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		if (scenarios[i](lab, base + PORT_STEP * (int)i))
			return -1;
	return 0;
}

/* Wait for every held socket to reach its state; close those meant to end. */
static int settle(struct lab *lab)
{
	struct held *h;
	int i;

	for (i = 0; i < lab->nheld; i++) {
		h = &lab->held[i];
		if (wait_fds(&h->fd, 1, h->want, 1, SETTLE_MS)) {
			fprintf(stderr, "scenario: fd %d is %s, not %s\n", h->fd,
				name_of(tcp_state(h->fd)), name_of(h->want));
			return -1;
		}
		if (h->want == TCP_CLOSE) {
			close(h->fd);
			h->fd = -1;
		}
	}
	return 0;
}

static int write_ready(const struct lab *lab, const char *path)
{
	char tmp[PATH_MAX];
	int count[N_STATES];
	FILE *f;
	int i;

	memcpy(count, lab->extra, sizeof(count));
	for (i = 0; i < lab->nheld; i++)
		if (lab->held[i].fd >= 0)
			count[lab->held[i].want]++;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return fail(tmp);
	for (i = TCP_ESTABLISHED; i < N_STATES; i++)
		fprintf(f, "%s %d\n", state_name[i], count[i]);
	for (i = 0; i < lab->nport; i++)
		fprintf(f, "port %s %d\n", state_name[lab->port[i][0]],
			lab->port[i][1]);
	if (fclose(f))
		return fail(tmp);
	if (rename(tmp, path))
		return fail("rename");
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: scenario --ready FILE [--v6] [--count N]\n"
		"  N sockets per state, 1 to %d (default 2)\n", MAX_COUNT);
}

static int parse(int argc, char **argv, struct lab *lab, int *v6,
		 const char **ready)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--v6")) {
			*v6 = 1;
		} else if (!strcmp(argv[i], "--ready") && i + 1 < argc) {
			*ready = argv[++i];
		} else if (!strcmp(argv[i], "--count") && i + 1 < argc) {
			lab->n = atoi(argv[++i]);
		} else {
			usage();
			return -1;
		}
	}
	if (!*ready || lab->n < 1 || lab->n > MAX_COUNT) {
		usage();
		return -1;
	}
	return 0;
}

/* SIGTERM and SIGINT stay blocked until we sleep in sigsuspend(). */
static void catch_signals(sigset_t *old)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, old);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* A few thousand sockets at --count 100: lift the soft fd limit. */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct lab lab = { .n = 2 };
	const char *ready = NULL;
	sigset_t old;
	int i, v6 = 0, ret = 1;

	if (parse(argc, argv, &lab, &v6, &ready))
		return 2;
	catch_signals(&old);
	raise_nofile();
	if (nft("%s", ruleset))
		return 1;
	if (build(&lab, 0) || (v6 && build(&lab, 1)))
		goto cleanup;
	if (settle(&lab) || write_ready(&lab, ready))
		goto cleanup;
	while (!stop)
		sigsuspend(&old);
	ret = 0;
cleanup:
	for (i = 0; i < lab.nheld; i++)
		if (lab.held[i].fd >= 0)
			close(lab.held[i].fd);
	free(lab.held);
	nft("delete table inet tcpdoc_lab\n");
	return ret;
}

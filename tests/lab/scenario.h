/*
 * scenario.h - what scenario.c and sockets.c share: the lab being built
 * and the socket tools.  Functions returning int return -1 on failure,
 * after saying why on stderr.
 */
#ifndef TCPDOC_LAB_SCENARIO_H
#define TCPDOC_LAB_SCENARIO_H

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define N_STATES	(TCP_CLOSING + 1)
#define MAX_COUNT	100
#define MAX_PORTS	64
#define SETTLE_MS	5000

struct held {
	int fd;
	int want;	/* the state this socket must reach and keep */
};

struct lab {
	int n;			/* sockets wanted per state */
	int v6;			/* family of the scenario being built */
	struct held *held;
	int nheld;
	int cap;
	int extra[N_STATES];	/* sockets we hold no fd for */
	int port[MAX_PORTS][2];	/* state, port: for the ready file */
	int nport;
};

int fail(const char *what);

/* nft: one batch of commands for "nft -f -", applied atomically. */
int nft(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int nft_add(const char *set, int port);
int nft_move(const char *from, const char *to, int port);

/* hold: keep fd open until exit, and expect it to be in state want. */
int hold(struct lab *lab, int fd, int want);
int hold_all(struct lab *lab, const int *fd, int want);

int tcp_state(int fd);
int wait_fds(const int *fd, int n, int state, int reach, int ms);

/* Sockets on 127.0.0.1 or ::1 (lab->v6), n = lab->n at a time. */
int listen_on(struct lab *lab, int port);
int dial(const struct lab *lab, int port, int flags);
int pair_up(struct lab *lab, int port, int *cli, int *srv);
int shutdown_all(const struct lab *lab, const int *fd);
int half_close(const struct lab *lab, const int *cli, const int *srv);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SOCK_H
#define TCPD_SOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/tcp.h>

#include "tcpdoc/addr.h"
#include "tcpdoc/err.h"

/* idiag_timer and the "tr" column of /proc/net/tcp use the same codes. */
enum tcpd_timer {
	TCPD_TIMER_OFF = 0,
	TCPD_TIMER_ON,		/* retransmission (or SYN/SYN-ACK retransmit) */
	TCPD_TIMER_KEEPALIVE,
	TCPD_TIMER_TIMEWAIT,
	TCPD_TIMER_PROBE,	/* zero-window probe */
};

/* "off", "on", "keepalive", "timewait", "probe"; "unknown" out of range. */
const char *tcpd_timer_name(int timer);

/*
 * IPV6_V6ONLY, as sock_diag says it (INET_DIAG_SKV6ONLY): for IPv6 sockets
 * in LISTEN or CLOSE, the ones whose any address it changes. A dual-stack
 * listener (NO) takes IPv4 connections too.
 */
enum { TCPD_V6ONLY_UNKNOWN = 0, TCPD_V6ONLY_NO, TCPD_V6ONLY_YES };

/* The record every source fills: one per socket, streamed to a callback. */
struct tcpd_sock {
	struct tcpd_addr local, remote;	/* family lives in the addresses */
	uint16_t lport, rport;
	uint8_t state;			/* enum tcpd_state, SYN_RECV folded */
	uint8_t timer;			/* enum tcpd_timer */
	uint8_t retrans;		/* retransmits of the pending timer */
	bool has_info;
	uint8_t v6only;			/* TCPD_V6ONLY_*: IPv6 LISTEN and CLOSE only */
	uint32_t recv_q, send_q;	/* LISTEN: accept queue and backlog */
	uint32_t expires_ms;		/* time left on the timer */
	uint32_t uid;
	uint32_t ifindex;		/* the interface it is bound to (scope); 0: none */
	uint64_t inode;			/* 0 for TIME_WAIT and request sockets */
	uint64_t cookie;		/* 0 where the source has none (/proc) */
	const struct tcpd_netns *netns;	/* NULL: the current namespace */
	/*
	 * The name of ifindex where the source knows it (a snapshot keeps the
	 * name it had where it was taken), else NULL: tcpd_ifname looks it up.
	 */
	const char *ifname;
	struct tcp_info info;		/* valid when has_info */
};

/* What a dump should return. States and family are filtered by the kernel. */
struct tcpd_query {
	uint32_t states;	/* TCPD_STATE_BIT mask; 0 means all */
	int family;		/* 0, AF_INET or AF_INET6 */
	bool want_info;		/* INET_DIAG_INFO: tcp_info */
	bool want_timers;	/* timer, expires_ms, retrans (ls -e, --json) */
	/*
	 * State, family, addresses and ports suffice: a source may leave
	 * queues, uid, inode and cookie 0 (the iterator then reads only
	 * struct sock_common, a cache miss less per socket).
	 */
	bool tuple_only;
	/*
	 * Set by the dump: the kernel flagged NLM_F_DUMP_INTR, the table
	 * changed under it. Records were streamed already, so a retry would
	 * repeat them; the caller tells the user instead.
	 */
	bool interrupted;
	/* Set by the dump: what the query wanted that the source could not give. */
	uint32_t lacks;		/* TCPD_LACK_* */
};

/* Fields a source cannot give: /proc has no tcp_info, no listen backlog, no
 * interface and no v6only; the BPF iterator no tcp_info and no timers. The
 * fields stay 0. */
enum {
	TCPD_LACK_INFO = 1u << 0,	/* tcp_info (has_info stays false) */
	TCPD_LACK_TIMERS = 1u << 1,	/* timer, expires_ms, retrans: "off" */
	TCPD_LACK_BACKLOG = 1u << 2,	/* LISTEN send_q (the backlog): 0 */
	/* ifindex and v6only (proc), set only when an IPv6 socket on [::] or fe80::/10 was listed */
	TCPD_LACK_SCOPE = 1u << 3,
};

/*
 * Return 0 to go on, >0 to stop the dump early, or -1 after filling @err
 * with the reason (tcpd_fail: an allocation failure is TCPD_E_NOMEM): the
 * dump stops and returns -1 with that error as it is.
 */
typedef int (*tcpd_sock_cb)(const struct tcpd_sock *s, void *arg,
			    struct tcpd_err *err);

/*
 * AUTO: the BPF iterator where the query needs nothing it lacks (timers,
 * tcp_info) and it loads (root, BTF), else netlink. BPF: the iterator or
 * an error.
 */
enum tcpd_source { TCPD_SRC_AUTO, TCPD_SRC_NETLINK, TCPD_SRC_PROC, TCPD_SRC_BPF };

/* Stream every matching TCP socket of the current network namespace. */
int tcpd_diag_dump(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		   struct tcpd_err *err);
/* No timers, no tcp_info: those fields stay 0 (off) and has_info false. */
int tcpd_iter_dump(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		   struct tcpd_err *err);
int tcpd_procnet_dump(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		      struct tcpd_err *err);
int tcpd_dump(enum tcpd_source src, struct tcpd_query *q,
	      tcpd_sock_cb cb, void *arg, struct tcpd_err *err);

#endif

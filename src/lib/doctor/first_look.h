/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_FIRST_LOOK_H
#define TCPD_FIRST_LOOK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/u64map.h"
#include "tcpdoc/err.h"
#include "tcpdoc/sock.h"

/*
 * The doctor's light first look at a namespace, taken when its counters
 * are first read: only the transient states (SYN_SENT, SYN_RECV,
 * FIN_WAIT1, LAST_ACK, CLOSING), filtered by the kernel, so it stays cheap
 * at a million sockets. Each socket is kept by its cookie with its state,
 * retransmission count and Send-Q; the full look at the end of the
 * interval finds it again: in a transient state at both looks,
 * retransmitting in between (or probing a zero window that took nothing),
 * it is stuck; seen once, it was traffic.
 */
#define TCPD_FIRST_LOOK_STATES                                                     \
	(TCPD_STATE_BIT(TCPD_SYN_SENT) | TCPD_STATE_BIT(TCPD_SYN_RECV) |           \
	 TCPD_STATE_BIT(TCPD_FIN_WAIT1) | TCPD_STATE_BIT(TCPD_LAST_ACK) |          \
	 TCPD_STATE_BIT(TCPD_CLOSING))
#define TCPD_FIRST_LOOK_MAX (1u << 18)	/* sockets kept; past it, seen once */

struct tcpd_first_look {
	struct u64map seen;		/* cookie -> state | retrans << 8 | send_q << 32 */
	bool taken;			/* false: no first look (no interval) */
	bool capped;			/* past TCPD_FIRST_LOOK_MAX */
};

/*
 * Look now, in the current namespace, through @scope (so a snapshot
 * records the look, or gives it back). 0, or -1 with @err filled.
 */
struct tcpd_scope;
int tcpd_first_look_take(struct tcpd_first_look *fl, struct tcpd_scope *scope,
			 struct tcpd_err *err);
void tcpd_first_look_free(struct tcpd_first_look *fl);

/* What the first look saw of a socket. */
struct tcpd_first_seen {
	uint8_t retrans;
	uint32_t send_q;
};

/*
 * Was @s in the same state at the first look? 1 with *@was what it was
 * then, 0 when not (or no first look was taken).
 */
int tcpd_first_look_find(const struct tcpd_first_look *fl, const struct tcpd_sock *s,
			 struct tcpd_first_seen *was);

#endif

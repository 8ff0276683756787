/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_HISTORY_H
#define TCPD_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpdoc/owners.h"
#include "tcpdoc/sock.h"
#include "tcpdoc/state.h"
#include "tcpdoc/summary.h"

/*
 * What a live view (tcpdoc top) keeps between looks: short histories of
 * counts, transition rates per kind of change, and the group key of a
 * socket for a grouping. Pure bookkeeping: no I/O, no printing.
 */

/* The last TCPD_SERIES_LEN samples of one number, oldest first. */
#define TCPD_SERIES_LEN 120

struct tcpd_series {
	uint64_t v[TCPD_SERIES_LEN];
	size_t head;	/* where the next sample goes */
	size_t len;
};

void tcpd_series_push(struct tcpd_series *s, uint64_t v);
/* The @i-th of the last @n samples (0: the oldest of them). */
uint64_t tcpd_series_at(const struct tcpd_series *s, size_t n, size_t i);
uint64_t tcpd_series_last(const struct tcpd_series *s);

/*
 * The last @n samples (fewer if fewer were taken) scaled to 0..@levels-1
 * for a sparkline: 0 stays 0, the largest of them is @levels-1, anything
 * non-zero is at least 1. Returns how many levels were written.
 */
size_t tcpd_series_levels(const struct tcpd_series *s, size_t n, int levels,
			  uint8_t *out);

/*
 * Transitions per second: changes are counted in the current window; a
 * roll closes it, turns its counts into rates and starts the next.
 */
struct tcpd_trans {
	uint64_t start_ns;		/* the current window's start */
	uint64_t cur[TCPD_STATE_MAX][TCPD_STATE_MAX];
	uint64_t cur_total;
	double rate[TCPD_STATE_MAX][TCPD_STATE_MAX];	/* the last closed window */
	double rate_total;
	uint64_t total;			/* every change since init */
	struct tcpd_series hist;	/* changes per closed window */
};

struct tcpd_trans_kind {
	uint8_t old, new;
	double rate;
};

void tcpd_trans_init(struct tcpd_trans *t, uint64_t now_ns);
void tcpd_trans_add(struct tcpd_trans *t, int old, int new);
/* Close the window if it is at least @window_ns old; true when it did. */
bool tcpd_trans_roll(struct tcpd_trans *t, uint64_t now_ns, uint64_t window_ns);
/* The @n busiest kinds of the last window, busiest first; returns how many. */
size_t tcpd_trans_top(const struct tcpd_trans *t, struct tcpd_trans_kind *out, size_t n);

/*
 * The key of @s under grouping @by (port, dport, peer or process; netns
 * is the caller's). For process, the socket's first owner in @o (lowest
 * pid) is returned, or NULL: pid 0 then stands for "no process".
 */
const struct tcpd_owner *tcpd_live_key(int by, const struct tcpd_sock *s,
				       const struct tcpd_owners *o,
				       struct tcpd_group_key *k);

/*
 * A label for group @g under grouping @by (port, dport, peer, process):
 * "8080", "::1", "comm(pid)" from g->data (a struct tcpd_owner) or
 * "(no process)". Returns @buf.
 */
const char *tcpd_live_label(int by, const struct tcpd_group *g, char *buf, size_t len);

#endif

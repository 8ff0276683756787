/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_CONNECTS_H
#define TCPD_CONNECTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpdoc/addr.h"
#include "tcpdoc/err.h"

/*
 * connect() calls seen during the doctor's sampling interval, counted per
 * (namespace, process, destination). TIME_WAIT has no owner, and the
 * process that makes short client connections often holds no socket when
 * the table is read (a cron job, a connect/close loop); it is named by
 * watching CLOSE -> SYN_SENT, which runs in the connecting task.
 *
 * The result is one plain structure, the doctor's input as much as the
 * socket table is: a recorded one can be handed back to the rules.
 */
#define TCPD_CONNECTS_MAX 4096	/* (namespace, process, destination) rows kept */

struct tcpd_connect {
	uint64_t netns;			/* namespace inode */
	struct tcpd_addr dst;
	uint16_t dport;
	uint32_t pid;			/* tgid of the connecting task */
	char comm[16];
	uint64_t count;			/* connect() calls, failed ones too */
};

enum tcpd_trace_state {
	TCPD_TRACE_OFF,		/* not asked for (no interval, or turned off) */
	TCPD_TRACE_DONE,	/* watched for @seconds */
	TCPD_TRACE_FAILED,	/* asked for and impossible: @why */
	TCPD_TRACE_NOT_RECORDED, /* a replayed snapshot from before it was recorded */
};

struct tcpd_connects {
	enum tcpd_trace_state state;
	char why[512];			/* FAILED: the reason, translated */
	double seconds;			/* how long connect() was watched */
	struct tcpd_connect *c;		/* in no particular order */
	size_t len, cap;
	uint64_t total;			/* connects seen, counted or not */
	uint64_t uncounted;		/* past TCPD_CONNECTS_MAX rows, or lost */
};

struct tcpd_connect_trace;

/*
 * Start watching connect() in the current namespace (every one with
 * @all_netns) for @family (0: both), in a thread of its own, so the
 * caller's dumps and sleeps go on meanwhile. Needs BPF (tp_btf).
 */
int tcpd_connect_trace_start(struct tcpd_connect_trace **out, int family, bool all_netns,
			     struct tcpd_err *err);
/* Stop, take in what is left and hand over the table; frees @t. */
void tcpd_connect_trace_stop(struct tcpd_connect_trace *t, struct tcpd_connects *out);
void tcpd_connects_free(struct tcpd_connects *c);

#endif

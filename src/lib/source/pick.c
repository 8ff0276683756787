// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Choosing a source. Measured in bench/ (1M sockets): the BPF iterator
 * costs 0.5 us of kernel time per socket when a record holds only what
 * struct sock_common has (state, addresses, ports), netlink 0.8 us; with
 * queues, uid and inode the iterator pays the same cache misses sock_diag
 * does and gains nothing. Loading and verifying the program costs about
 * 18 ms, and a state filter is cheaper in sock_diag, which skips sockets
 * before filling anything, than in a program run for every socket.
 */
#include "tcpdoc/sock.h"
#include "tcpdoc/state.h"
#include "kernel/kernel_int.h"

/* Below this many sockets in the namespace, loading the program loses. */
#define ITER_MIN_SOCKETS 60000

/* Counts what reached the callback, so a failed start can fall back. */
struct auto_ctx {
	tcpd_sock_cb cb;
	void *arg;
	bool streamed;
};

static int auto_cb(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct auto_ctx *a = arg;

	a->streamed = true;
	return a->cb(s, a->arg, err);
}

/* TCP sockets in the current namespace (/proc/net/sockstat), -1 unknown. */
static long table_size(void)
{
	struct tcpd_kernel k = { 0 };

	tcpd_sockstat_read(&k);
	return k.has_sockstat ? (long)(k.inuse + k.tw) : -1;
}

/* Does the iterator serve @q, and faster than netlink would? */
static bool iter_pays(const struct tcpd_query *q)
{
	uint32_t all = TCPD_STATES_ALL;

	if (q->want_info || q->want_timers || !q->tuple_only)
		return false;
	if (q->states && (q->states & all) != all)
		return false;
	return table_size() >= ITER_MIN_SOCKETS;
}

/*
 * The iterator where it pays and starts; netlink when it cannot load (no
 * root, no BTF, not built in). A failure after records were streamed is
 * an error: a second dump would repeat them.
 */
static int dump_auto(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		     struct tcpd_err *err)
{
	struct auto_ctx a = { .cb = cb, .arg = arg };

	if (!iter_pays(q))
		return tcpd_diag_dump(q, cb, arg, err);
	if (!tcpd_iter_dump(q, auto_cb, &a, err))
		return 0;
	if (a.streamed)
		return -1;
	return tcpd_diag_dump(q, cb, arg, err);
}

/* What @src cannot give of what @q asks for. */
static uint32_t lacks(enum tcpd_source src, const struct tcpd_query *q)
{
	uint32_t l = 0;
	bool listeners = !q->states || (q->states & TCPD_STATE_BIT(TCPD_LISTEN));

	if (src == TCPD_SRC_PROC) {
		l |= q->want_info ? TCPD_LACK_INFO : 0;
		l |= !q->tuple_only && listeners ? TCPD_LACK_BACKLOG : 0;
	} else if (src == TCPD_SRC_BPF) {
		l |= q->want_info ? TCPD_LACK_INFO : 0;
		l |= q->want_timers ? TCPD_LACK_TIMERS : 0;
	}
	return l;
}

int tcpd_dump(enum tcpd_source src, struct tcpd_query *q, tcpd_sock_cb cb,
	      void *arg, struct tcpd_err *err)
{
	q->lacks = lacks(src, q);
	switch (src) {
	case TCPD_SRC_PROC:
		return tcpd_procnet_dump(q, cb, arg, err);
	case TCPD_SRC_BPF:
		return tcpd_iter_dump(q, cb, arg, err);
	case TCPD_SRC_AUTO:
		/* Picks the iterator only for queries it serves whole. */
		return dump_auto(q, cb, arg, err);
	default:
		return tcpd_diag_dump(q, cb, arg, err);
	}
}

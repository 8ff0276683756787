// SPDX-License-Identifier: GPL-2.0-or-later
#include "sock.h"

/* Counts what reached the callback, so a failed start can fall back. */
struct auto_ctx {
	tcpd_sock_cb cb;
	void *arg;
	bool streamed;
};

static int auto_cb(const struct tcpd_sock *s, void *arg)
{
	struct auto_ctx *a = arg;

	a->streamed = true;
	return a->cb(s, a->arg);
}

/* The iterator has neither timers nor tcp_info. */
static bool iter_serves(const struct tcpd_query *q)
{
	return !q->want_info && !q->want_timers;
}

/*
 * The iterator when it serves @q and starts; netlink when it cannot load
 * (no root, no BTF, not built in). A failure after records were streamed
 * is an error: a second dump would repeat them.
 */
static int dump_auto(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		     struct tcpd_err *err)
{
	struct auto_ctx a = { .cb = cb, .arg = arg };

	if (!iter_serves(q))
		return tcpd_diag_dump(q, cb, arg, err);
	if (!tcpd_iter_dump(q, auto_cb, &a, err))
		return 0;
	if (a.streamed)
		return -1;
	return tcpd_diag_dump(q, cb, arg, err);
}

int tcpd_dump(enum tcpd_source src, struct tcpd_query *q, tcpd_sock_cb cb,
	      void *arg, struct tcpd_err *err)
{
	switch (src) {
	case TCPD_SRC_PROC:
		return tcpd_procnet_dump(q, cb, arg, err);
	case TCPD_SRC_BPF:
		return tcpd_iter_dump(q, cb, arg, err);
	case TCPD_SRC_AUTO:
		return dump_auto(q, cb, arg, err);
	default:
		return tcpd_diag_dump(q, cb, arg, err);
	}
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Taking a snapshot: the doctor runs as it always does, and what it reads
 * is written down on the way. A look is widened to everything a later
 * reader may ask for (every state, tcp_info, timers, queues) and the
 * records the doctor asked for are passed on as the source gave them.
 */
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "snapshot/replay.h"
#include "snapshot/snap_int.h"

bool snap_replaying(const struct tcpd_snap *s)
{
	return !s->out;
}

const struct tcpd_owners *snap_owners(const struct tcpd_snap *s)
{
	return s->owners;
}

int snap_rec_enter(struct tcpd_snap *s, const struct tcpd_netns *ns, struct tcpd_err *err)
{
	struct snap_ns *n;
	bool added;

	n = snap_ns_of(s, ns, &added);
	if (!n)
		return tcpd_fail(err, TCPD_E_NOMEM, "%s", _("out of memory"));
	s->cur = (size_t)(n - s->ns);
	return added ? snap_rec_netns(s, (uint32_t)s->cur, err) : 0;
}

int snap_rec_read(struct tcpd_snap *s, const struct tcpd_kernel *k, struct tcpd_err *err)
{
	return snap_rec_kernel(s, k, err);
}

struct rec_dump {
	struct tcpd_snap *s;
	const struct tcpd_query *q;
	tcpd_sock_cb cb;
	void *arg;
	bool stopped;		/* the caller had enough; the look goes on */
};

static int rec_one(const struct tcpd_sock *sk, void *arg, struct tcpd_err *err)
{
	struct rec_dump *r = arg;
	struct tcpd_sock copy;
	int ret;

	if (snap_rec_sock(r->s, sk, err))
		return -1;
	if (r->stopped || !snap_query_match(r->q, sk))
		return 0;
	if (sk->has_info && !r->q->want_info) {
		copy = *sk;
		copy.has_info = false;
		sk = &copy;
	}
	ret = r->cb(sk, r->arg, err);
	if (ret < 0)
		return ret;
	r->stopped = ret > 0;
	return 0;
}

int snap_rec_dump(struct tcpd_snap *s, enum tcpd_source src, struct tcpd_query *q,
		  tcpd_sock_cb cb, void *arg, struct tcpd_err *err)
{
	struct tcpd_query wide = { .family = q->family, .want_info = true, .want_timers = true };
	struct rec_dump r = { s, q, cb, arg, false };

	if (snap_rec_look(s, &wide, err))
		return -1;
	if (tcpd_dump(src, &wide, rec_one, &r, err))
		return -1;
	q->interrupted = wide.interrupted;
	q->lacks = snap_lacks_for(wide.lacks, q);
	return snap_rec_look_end(s, &wide, err);
}

uint32_t snap_lacks_for(uint32_t lacks, const struct tcpd_query *q)
{
	uint32_t want = TCPD_LACK_SCOPE;

	want |= q->want_info ? TCPD_LACK_INFO : 0;
	want |= q->want_timers ? TCPD_LACK_TIMERS : 0;
	if (!q->tuple_only && (!q->states || (q->states & TCPD_STATE_BIT(TCPD_LISTEN))))
		want |= TCPD_LACK_BACKLOG;
	return lacks & want;
}

bool snap_query_match(const struct tcpd_query *q, const struct tcpd_sock *s)
{
	uint32_t bit = TCPD_STATE_BIT(s->state);

	if (q->family && s->local.family != q->family)
		return false;
	if (s->state == TCPD_SYN_RECV)
		bit |= TCPD_STATE_BIT(TCPD_NEW_SYN_RECV);
	return !q->states || (q->states & bit);
}

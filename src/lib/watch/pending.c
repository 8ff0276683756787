// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * CLOSE -> SYN_SENT, held until its local port is known. connect() sets
 * the state before it picks the port (inet_hash_connect runs after the
 * tracepoint), so the event says port 0. The change is held, by cookie,
 * until the first of:
 * - the socket's next change (SYN_SENT -> ESTABLISHED or CLOSE), which
 *   carries the port;
 * - the follow-up dump, which finds it in SYN_SENT with its port (this
 *   namespace only: it is the one we dump);
 * - PENDING_MAX_NS, or a full table: then it goes out with the port
 *   unknown (lport_unknown), never as a false 0.
 * Its time stays the transition's own; only its delivery waits.
 */
#include "watch/watch_int.h"

/* Long enough for a few follow-up dumps, short enough to read live. */
#define PENDING_MAX_NS 1000000000ull
/* Beyond this many unbound connects held at once, say "unknown" at once. */
#define PENDING_MAX 65536

struct watch_pending {
	uint64_t cookie;
	struct tcpd_watch_event ev;
};

static bool pending_is(const void *e, const void *cookie)
{
	return ((const struct watch_pending *)e)->cookie == *(const uint64_t *)cookie;
}

bool watch_pending_wanted(const struct tcpd_watch_event *ev)
{
	return ev->old == TCPD_CLOSE && ev->new == TCPD_SYN_SENT && !ev->lport && ev->cookie;
}

int watch_pending_hold(struct tcpd_watch *w, const struct tcpd_watch_event *ev)
{
	struct watch_pending *p;

	if (w->pending.len >= PENDING_MAX)
		return -1;
	p = tcpd_htab_find(&w->pending, tcpd_hash_u64(ev->cookie), pending_is, &ev->cookie);
	if (!p)
		p = tcpd_htab_add(&w->pending, tcpd_hash_u64(ev->cookie));
	if (!p)
		return -1;
	p->cookie = ev->cookie;
	p->ev = *ev;
	return 0;
}

static void release(struct tcpd_watch *w, struct watch_pending *p, uint16_t lport)
{
	struct tcpd_watch_event ev = p->ev;

	tcpd_htab_del(&w->pending, p);
	ev.lport = lport;
	ev.lport_unknown = !lport;
	watch_deliver(w, &ev);
}

void watch_pending_port(struct tcpd_watch *w, uint64_t cookie, uint16_t lport)
{
	struct watch_pending *p;

	if (!w->pending.len || !lport)
		return;
	p = tcpd_htab_find(&w->pending, tcpd_hash_u64(cookie), pending_is, &cookie);
	if (p)
		release(w, p, lport);
}

void watch_pending_next(struct tcpd_watch *w, const struct tcpd_watch_event *ev)
{
	struct watch_pending *p;

	if (!w->pending.len)
		return;
	p = tcpd_htab_find(&w->pending, tcpd_hash_u64(ev->cookie), pending_is, &ev->cookie);
	if (p)
		release(w, p, ev->lport);
}

void watch_pending_expire(struct tcpd_watch *w, uint64_t now, bool all)
{
	size_t i;

	for (i = 0; w->pending.len && i < w->pending.cap; i++) {
		struct watch_pending *p = tcpd_htab_at(&w->pending, i);

		if (!p || (!all && p->ev.mono_ns + PENDING_MAX_NS > now))
			continue;
		release(w, p, 0);
		i--;	/* the backward shift may have moved one here */
	}
}

int watch_pending_init(struct tcpd_watch *w)
{
	return tcpd_htab_init(&w->pending, sizeof(struct watch_pending), 64);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch without BPF: dump the socket table through sock_diag every period
 * and diff by socket cookie. A change between two samples is reported at
 * the second, with the states in between inferred from the TCP state
 * machine (marked so). Timing is coarse: a duration is measured from the
 * last sample that did not yet see the state, so it is at most one period
 * longer than the truth, never shorter. Request sockets (SYN_RECV) live
 * shorter than a period and are left out; their children are not.
 *
 * Owners: a look that finds a socket new, or with a new inode (accepted
 * since), asks the one owner policy (tcpd_owners_for) once for all of
 * them; a socket keeps its owner after, as the BPF source does. An owner
 * not found stays unknown (null), never a guess. Scans take at most about
 * half the time (one may start only as long after the last ended as that
 * one took), so on a big host they do not stretch the period much; a
 * socket left out is looked up at a later look.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/filter.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/vec.h"
#include "watch/watch_int.h"

struct sample_buf {
	struct watch_sock *r;		/* this look's sockets, cookie and state */
	size_t n, cap;
	uint8_t listening[65536 / 8];	/* local ports with a listener */
};

static int collect(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct sample_buf *b = arg;
	struct watch_sock *r;		/* this look's sockets, cookie and state */

	if (s->state == TCPD_LISTEN)
		b->listening[s->lport / 8] |= (uint8_t)(1u << (s->lport % 8));
	if (s->state == TCPD_SYN_RECV || !s->cookie)
		return 0;
	if (tcpd_vec_room(b->r, b->n, b->cap, 1024))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	r = &b->r[b->n++];
	memset(r, 0, sizeof(*r));
	r->cookie = s->cookie;
	watch_sock_from_tcpd(r, s, 0, NULL);
	r->inode = s->inode;
	return 0;
}

/* Does @r need an owner looked up: new, or an inode not looked up yet? */
static bool needs_owner(struct tcpd_watch *w, const struct watch_sock *r)
{
	const struct watch_sock *ws = watch_table_get(&w->socks, r->cookie);

	return r->inode && (!ws || ws->inode != r->inode);
}

/* One owner map for this look's new sockets; NULL when none is needed or found. */
static struct tcpd_owners *look_owners(struct tcpd_watch *w, const struct sample_buf *b)
{
	struct tcpd_scope scope = { .family = w->opts.filter.family, .source = TCPD_SRC_NETLINK };
	struct tcpd_filter f;
	struct tcpd_owners *o;
	struct tcpd_err err;
	uint64_t t0 = tcpd_watch_now(), now;
	size_t i;

	if (t0 < w->owners_next_ns)
		return NULL;
	for (i = 0; i < b->n && !needs_owner(w, &b->r[i]); i++)
		;
	if (i == b->n)
		return NULL;
	tcpd_filter_init(&f);
	f.family = w->opts.filter.family;
	f.sport = w->opts.filter.sport;
	f.dport = w->opts.filter.dport;
	f.port = w->opts.filter.port;
	/* Owners that cannot be found stay unknown: not an error of watch. */
	o = tcpd_owners_for(&scope, &f, w->opts.owners, &err);
	tcpd_scope_free(&scope);
	now = tcpd_watch_now();
	w->owners_next_ns = now + (now - t0);
	return o;
}

/* Learn @ws's owner from @r's inode in @o, once per inode. */
static void set_owner(struct watch_sock *ws, const struct watch_sock *r,
		      const struct tcpd_owners *o)
{
	const struct tcpd_owner *own;

	if (!o || !r->inode || ws->inode == r->inode)
		return;
	ws->inode = r->inode;
	if (tcpd_owners_get(o, r->inode, &own)) {
		ws->pid = (uint32_t)own->pid;
		memcpy(ws->comm, own->comm, sizeof(ws->comm));
	}
}

static bool is_listening(const struct sample_buf *b, uint16_t port)
{
	return b->listening[port / 8] & (1u << (port % 8));
}

/* Report @ws going to @new (0: gone) at @now, through inferred states. */
static void report(struct tcpd_watch *w, struct watch_sock *ws, int old, int new,
		   bool passive, uint64_t now)
{
	uint8_t path[8];
	int n = watch_infer_path(old, new, passive, path, 8), i;
	int from = old ? old : (new == TCPD_LISTEN || new == TCPD_SYN_SENT || !passive ?
				TCPD_CLOSE : TCPD_LISTEN);

	for (i = 0; i < n; i++) {
		struct tcpd_watch_event ev = { .mono_ns = now, .coarse = true };

		watch_event_from_sock(&ev, ws);
		ev.old = (uint8_t)from;
		ev.new = path[i];
		ev.inferred = n > 1 || !old;
		ev.ms_unknown = i > 0 || !old;
		if (!old && i == 0) {
			ev.birth = true;
		} else if (i == 0) {
			ev.ms_in_old = (double)(now - ws->since_ns) / 1e6;
			ev.lower_bound = ws->lower_bound;
		}
		watch_deliver(w, &ev);
		from = path[i];
	}
}

/* What one look knows besides its sockets. */
struct look {
	const struct sample_buf *b;
	const struct tcpd_owners *owners;
	bool seed;
	uint64_t prev, now;	/* the last look's time, this one's */
};

/* Follow @r, one socket of this look: new, changed or the same. */
static int update_one(struct tcpd_watch *w, const struct look *l, const struct watch_sock *r)
{
	struct watch_sock *ws = watch_table_get(&w->socks, r->cookie);
	bool passive = is_listening(l->b, r->lport) && r->state != TCPD_LISTEN;

	if (!ws) {
		ws = watch_table_put(&w->socks, r->cookie);
		if (!ws)
			return -1;
		*ws = *r;
		ws->inode = 0;
		set_owner(ws, r, l->owners);
		ws->netns = w->netns;
		ws->lower_bound = l->seed;
		ws->since_ns = l->seed ? w->start_ns : l->prev;
		if (!l->seed)
			report(w, ws, 0, r->state, passive, l->now);
	} else {
		set_owner(ws, r, l->owners);
		if (ws->state != r->state) {
			report(w, ws, ws->state, r->state, passive, l->now);
			ws->state = r->state;
			ws->since_ns = l->prev;
			ws->lower_bound = false;
		}
	}
	ws->gen = w->gen;
	return 0;
}

/* Sockets this look did not see are gone (unless the dump was partial). */
static void report_gone(struct tcpd_watch *w, uint64_t now)
{
	size_t i;

	for (i = 0; i < w->socks.cap; i++) {
		struct watch_sock *ws = tcpd_htab_at(&w->socks, i);

		if (!ws || ws->gen == w->gen)
			continue;
		report(w, ws, ws->state, 0, false, now);
		tcpd_htab_del(&w->socks, ws);
		i--;	/* the backward shift may have moved one here */
	}
}

static int sample(struct tcpd_watch *w, bool seed, struct tcpd_err *err)
{
	struct tcpd_query q = { .family = w->opts.filter.family };
	struct sample_buf *b = calloc(1, sizeof(*b));
	struct tcpd_owners *owners = NULL;
	struct look l = { .b = b, .seed = seed, .prev = w->next_dump_ns };
	size_t i;
	int ret = -1;

	if (!b)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (tcpd_diag_dump(&q, collect, b, err))
		goto out;
	l.now = tcpd_watch_now();
	w->c.samples++;
	w->c.interrupted += q.interrupted;
	w->gen++;
	owners = look_owners(w, b);
	l.owners = owners;
	for (i = 0; i < b->n; i++) {
		if (update_one(w, &l, &b->r[i])) {
			tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
			goto out;
		}
	}
	if (!q.interrupted)
		report_gone(w, l.now);
	if (seed)
		w->c.seeded = w->socks.len;
	w->next_dump_ns = l.now;
	ret = 0;
out:
	tcpd_owners_free(owners);
	free(b->r);
	free(b);
	return ret;
}

int watch_sample_open(struct tcpd_watch *w, struct tcpd_err *err)
{
	w->start_ns = tcpd_watch_now();
	w->next_dump_ns = w->start_ns;
	return sample(w, true, err);
}

int watch_sample_poll(struct tcpd_watch *w, int timeout_ms, struct tcpd_err *err)
{
	uint64_t due = w->next_dump_ns + (uint64_t)w->opts.sample_ms * 1000000ull;
	uint64_t now = tcpd_watch_now();

	if (due > now) {
		uint64_t left = (due - now + 999999) / 1000000;

		if (left > (uint64_t)timeout_ms) {
			poll(NULL, 0, timeout_ms);
			return 0;
		}
		if (poll(NULL, 0, (int)left) < 0 && errno == EINTR)
			return 0;
	}
	return sample(w, false, err);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch without BPF: dump the socket table through sock_diag every period
 * and diff by socket cookie. A change between two samples is reported at
 * the second, with the states in between inferred from the TCP state
 * machine (marked so). Timing is coarse: a duration is measured from the
 * last sample that did not yet see the state, so it is at most one period
 * longer than the truth, never shorter. Request sockets (SYN_RECV) live
 * shorter than a period and are left out; their children are not.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/i18n.h"
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
	return 0;
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

static int sample(struct tcpd_watch *w, bool seed, struct tcpd_err *err)
{
	struct tcpd_query q = { .family = w->opts.filter.family };
	struct sample_buf *b = calloc(1, sizeof(*b));
	uint64_t now, prev = w->next_dump_ns;	/* the last sample's time */
	size_t i;
	int ret = -1;

	if (!b)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (tcpd_diag_dump(&q, collect, b, err))
		goto out;
	now = tcpd_watch_now();
	w->c.samples++;
	w->c.interrupted += q.interrupted;
	w->gen++;
	for (i = 0; i < b->n; i++) {
		struct watch_sock *r = &b->r[i];
		struct watch_sock *ws = watch_table_get(&w->socks, r->cookie);
		bool passive = is_listening(b, r->lport) && r->state != TCPD_LISTEN;

		if (!ws) {
			ws = watch_table_put(&w->socks, r->cookie);
			if (!ws) {
				tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
				goto out;
			}
			*ws = *r;
			ws->netns = w->netns;
			ws->lower_bound = seed;
			ws->since_ns = seed ? w->start_ns : prev;
			if (!seed)
				report(w, ws, 0, r->state, passive, now);
		} else if (ws->state != r->state) {
			report(w, ws, ws->state, r->state, passive, now);
			ws->state = r->state;
			ws->since_ns = prev;
			ws->lower_bound = false;
		}
		ws->gen = w->gen;
	}
	/* A partial dump cannot tell who is gone. */
	for (i = 0; !q.interrupted && i < w->socks.cap; i++) {
		struct watch_sock *ws = tcpd_htab_at(&w->socks, i);

		if (!ws || ws->gen == w->gen)
			continue;
		report(w, ws, ws->state, 0, false, now);
		tcpd_htab_del(&w->socks, ws);
		i--;	/* the backward shift may have moved one here */
	}
	if (seed)
		w->c.seeded = w->socks.len;
	w->next_dump_ns = now;
	ret = 0;
out:
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

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The connection table: one entry per 4-tuple alive in the capture. An
 * entry leaves the table (reported, then freed) when both ends are closed
 * and a linger time has passed in capture time, when a handshake has gone
 * unanswered for longer than the kernel keeps trying, when a new SYN reuses
 * its 4-tuple, or at the end of the capture. So memory follows the number of
 * connections alive at once, not the size of the file.
 */
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/vec.h"
#include "core/htab.h"
#include "pcap/pcap_int.h"

/* Linux gives up a SYN after ~127 s (tcp_syn_retries 6); wait a bit more. */
#define EMBRYO_US (240LL * 1000000)
#define TIME_WAIT_US (60LL * 1000000)
#define LADDER_MAX 100000

struct conn;

struct conn_list {
	struct conn *head, *tail;
};

enum { L_NONE, L_EMBRYO, L_DONE };

/*
 * The 4-tuple sits first, so a lookup reads one cache line of the entry;
 * the analysis state follows.
 */
struct conn {
	uint32_t hash;
	uint16_t port[2];		/* end[0], end[1] */
	struct tcpd_addr addr[2];
	int list;
	struct conn *prev, *next;	/* in the list named by @list */
	int64_t done_at;
	struct tcpd_pcap_conn c;
};

/*
 * An entry of the connection table (core/htab.h). The second of the last
 * packet lives here too, so finding idle entries reads only the table.
 */
struct slot {
	struct conn *n;
	int32_t last_s;
};

struct tcpd_pcap_an {
	struct tcpd_pcap_opts o;
	struct tcpd_htab conns;		/* struct slot */
	struct conn_list embryo, done;
	uint64_t next_id;
	int64_t last_sweep, last_expire;
	struct tcpd_pcap_summary sum;
};

static void list_add(struct conn_list *l, struct conn *n, int which)
{
	n->list = which;
	n->next = NULL;
	n->prev = l->tail;
	if (l->tail)
		l->tail->next = n;
	else
		l->head = n;
	l->tail = n;
}

static void list_del(struct tcpd_pcap_an *an, struct conn *n)
{
	struct conn_list *l = n->list == L_EMBRYO ? &an->embryo : &an->done;

	if (n->list == L_NONE)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		l->head = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		l->tail = n->prev;
	n->prev = n->next = NULL;
	n->list = L_NONE;
}

static uint64_t load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* The decoder zeroes the unused bytes of a v4 address: hash all 16. */
static uint64_t endpoint_hash(const struct tcpd_addr *a, uint16_t port)
{
	uint64_t h = (load64(a->b) ^ port) * 0x9e3779b97f4a7c15ull;

	h ^= load64(a->b + 8) * 0xc2b2ae3d27d4eb4full;
	return h ^ (h >> 29);
}

/* The same for both directions of a connection. */
static uint32_t tuple_hash(const struct tcpd_seg *s)
{
	uint64_t h = endpoint_hash(&s->src, s->sport) + endpoint_hash(&s->dst, s->dport);

	h ^= h >> 32;
	h *= 0xff51afd7ed558ccdull;
	return (uint32_t)(h >> 32);
}

static bool ep_is(const struct conn *n, int i, const struct tcpd_addr *a, uint16_t port)
{
	return n->port[i] == port && n->addr[i].family == a->family &&
	       !memcmp(n->addr[i].b, a->b, sizeof(a->b));
}

/* A segment looked up: the table's key, and which end sent it. */
struct seg_key {
	const struct tcpd_seg *s;
	int *x;
};

static bool tuple_is(const void *e, const void *key)
{
	const struct conn *n = ((const struct slot *)e)->n;
	const struct seg_key *k = key;
	const struct tcpd_seg *s = k->s;

	if (ep_is(n, 0, &s->src, s->sport) && ep_is(n, 1, &s->dst, s->dport))
		return *k->x = 0, true;
	if (ep_is(n, 1, &s->src, s->sport) && ep_is(n, 0, &s->dst, s->dport))
		return *k->x = 1, true;
	return false;
}

/* The slot of @s's 4-tuple (NULL: none) and which end sent @s. */
static struct slot *lookup(struct tcpd_pcap_an *an, const struct tcpd_seg *s,
			   uint32_t h, int *x)
{
	struct seg_key k = { s, x };

	return tcpd_htab_find(&an->conns, h, tuple_is, &k);
}

static bool conn_is(const void *e, const void *n)
{
	return ((const struct slot *)e)->n == n;
}

static void unhash(struct tcpd_pcap_an *an, struct conn *n)
{
	struct slot *sl = tcpd_htab_find(&an->conns, n->hash, conn_is, n);

	if (sl)
		tcpd_htab_del(&an->conns, sl);
}

/* Who is the client of a connection first seen with @s from its sender? */
static int sender_role(const struct tcpd_seg *s)
{
	if (s->flags & TCPD_TH_SYN)
		return s->flags & TCPD_TH_ACK ? TCPD_SERVER : TCPD_CLIENT;
	/* Mid-connection: the lower port is most likely the service. */
	return s->sport < s->dport ? TCPD_SERVER : TCPD_CLIENT;
}

/* Seconds of capture time, wrapping: for the slots' idle clock. */
static int32_t secs(int64_t ts)
{
	return (int32_t)(uint32_t)(uint64_t)(ts / 1000000);
}

static struct slot *create(struct tcpd_pcap_an *an, const struct tcpd_seg *s,
			   uint32_t h, int *x)
{
	struct conn *n = calloc(1, sizeof(*n));
	struct tcpd_pcap_conn *c;
	struct slot *sl;

	if (!n || !(sl = tcpd_htab_add(&an->conns, h))) {
		free(n);
		return NULL;
	}
	c = &n->c;
	*x = sender_role(s);
	c->id = ++an->next_id;
	c->end[*x].addr = s->src;
	c->end[*x].port = s->sport;
	c->end[!*x].addr = s->dst;
	c->end[!*x].port = s->dport;
	c->closed_first_by = c->reset_by = c->close_wait_by = TCPD_NOBODY;
	c->handshake_ms = c->close_wait_ms = -1;
	c->first = s->ts;
	n->hash = h;
	n->addr[*x] = s->src;
	n->port[*x] = s->sport;
	n->addr[!*x] = s->dst;
	n->port[!*x] = s->dport;
	sl->n = n;
	sl->last_s = secs(s->ts);
	if (an->conns.len > an->sum.max_live)
		an->sum.max_live = an->conns.len;
	tcpd_pcap_fsm_start(c, *x, s);
	if (!c->mid)
		list_add(&an->embryo, n, L_EMBRYO);
	return sl;
}

/* Time in each state; TIME_WAIT ends after 60 s even if the capture goes on. */
static void close_hops(struct tcpd_pcap_end *e, int64_t now)
{
	struct tcpd_pcap_hop *last;
	int i;

	if (!e->nhops)
		return;
	last = &e->hops[e->nhops - 1];
	if (last->state == TCPD_TIME_WAIT && now - last->at >= TIME_WAIT_US)
		tcpd_pcap_set_state(e, TCPD_CLOSE, last->at + TIME_WAIT_US);
	for (i = 0; i + 1 < e->nhops; i++)
		e->hops[i].us = e->hops[i + 1].at - e->hops[i].at;
	last = &e->hops[e->nhops - 1];
	last->us = last->state == TCPD_CLOSE ? 0 : now - last->at;
}

static int outcome(const struct tcpd_pcap_conn *c, int64_t now)
{
	const struct tcpd_pcap_end *cl = &c->end[TCPD_CLIENT];

	if (c->refused)
		return TCPD_OUT_REFUSED;
	if (c->mid)
		return TCPD_OUT_PARTIAL;
	if (c->reset_by != TCPD_NOBODY)
		return TCPD_OUT_RESET;
	if (!c->established)
		return c->ev[TCPD_EV_SYN_RETRANS][0].count || now - c->syn_at >= 1000000 ||
		       cl->state != TCPD_SYN_SENT ? TCPD_OUT_TIMEOUT : TCPD_OUT_OPEN;
	if (tcpd_pcap_end_done(cl) && tcpd_pcap_end_done(&c->end[TCPD_SERVER]))
		return TCPD_OUT_CLOSED;
	return TCPD_OUT_OPEN;
}

/* Insert into a top-k list sorted by ms, longest first. */
static void rank(struct tcpd_pcap_rank *r, int *n, uint64_t id, int by, double ms)
{
	int i = *n < TCPD_PCAP_TOPK ? (*n)++ : TCPD_PCAP_TOPK;

	if (i == TCPD_PCAP_TOPK && ms <= r[TCPD_PCAP_TOPK - 1].ms)
		return;
	if (i == TCPD_PCAP_TOPK)
		i--;
	while (i > 0 && r[i - 1].ms < ms) {
		r[i] = r[i - 1];
		i--;
	}
	r[i] = (struct tcpd_pcap_rank){ id, by, ms };
}

void tcpd_pcap_summary_add(struct tcpd_pcap_summary *sum, const struct tcpd_pcap_conn *c)
{
	int i;

	for (i = 0; i < 2; i++)
		sum->rst_by[i] += c->ev[TCPD_EV_RST][i].count + c->ev[TCPD_EV_RST_TO_SYN][i].count;
	sum->connections++;
	sum->by_outcome[c->outcome]++;
	if (c->handshake_ms >= 0)
		rank(sum->slow_handshakes, &sum->nslow, c->id, TCPD_SERVER, c->handshake_ms);
	if (c->close_wait_ms >= 0)
		rank(sum->long_close_waits, &sum->nlongcw, c->id, c->close_wait_by, c->close_wait_ms);
}

static void finalize(struct tcpd_pcap_conn *c, int64_t now)
{
	int i;

	for (i = 0; i < 2; i++) {
		/* A CLOSE_WAIT still open at the end counts: that is the leak. */
		if (c->end[i].state == TCPD_CLOSE_WAIT &&
		    (double)(now - c->end[i].close_wait_at) / 1000.0 > c->close_wait_ms) {
			c->close_wait_ms = (double)(now - c->end[i].close_wait_at) / 1000.0;
			c->close_wait_by = i;
		}
		close_hops(&c->end[i], now);
	}
	c->outcome = outcome(c, now);
	if (!c->established && !c->refused && !c->mid)
		tcpd_pcap_event(c, TCPD_EV_HANDSHAKE_INCOMPLETE, TCPD_CLIENT, now);
	c->finished = true;
}

/* Report and free one connection. */
static int retire(struct tcpd_pcap_an *an, struct conn *n, int64_t now, struct tcpd_err *err)
{
	int ret = 0;

	list_del(an, n);
	unhash(an, n);
	finalize(&n->c, now);
	if (an->o.emit && an->o.emit(&n->c, an->o.arg))
		ret = tcpd_fail(err, TCPD_E_IO, _("cannot write the report"));
	free(n->c.segs);
	free(n);
	return ret;
}

static int by_id(const void *a, const void *b)
{
	const struct conn *x = *(const struct conn *const *)a, *y = *(const struct conn *const *)b;

	return x->c.id < y->c.id ? -1 : x->c.id > y->c.id;
}

/* Entries silent for longer than the limit and not lingering already. */
static int idle_entries(struct tcpd_pcap_an *an, int64_t now, struct conn ***out, size_t *k)
{
	int32_t lim = (int32_t)an->o.idle_expire_s, now_s = secs(now);
	struct conn **v = NULL;
	size_t i, cap = 0;

	*k = 0;
	for (i = 0; i < an->conns.cap; i++) {
		const struct slot *sl = tcpd_htab_at(&an->conns, i);

		/* The whole-second test reads only the table; it errs late. */
		if (!sl || (int32_t)((uint32_t)now_s - (uint32_t)sl->last_s) <= lim ||
		    sl->n->list != L_NONE)
			continue;
		if (tcpd_vec_room(v, *k, cap, 64)) {
			free(v);
			return -1;
		}
		v[(*k)++] = sl->n;
	}
	*out = v;
	return 0;
}

/*
 * Forget connections silent for longer than o.idle_expire_s: they are
 * reported as they stood when the limit passed, with an idle event by both
 * ends, so abandoned connections do not pile up.
 */
static int expire(struct tcpd_pcap_an *an, int64_t now, struct tcpd_err *err)
{
	int64_t lim = (int64_t)(an->o.idle_expire_s * 1000000), at;
	struct conn **v;
	size_t i, k;
	int ret = 0;

	an->last_expire = now;
	if (idle_entries(an, now, &v, &k))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (!k)
		return 0;
	qsort(v, k, sizeof(*v), by_id);
	for (i = 0; i < k && !ret; i++) {
		at = v[i]->c.last + lim;
		tcpd_pcap_event(&v[i]->c, TCPD_EV_IDLE, TCPD_NOBODY, at);
		ret = retire(an, v[i], at, err);
	}
	free(v);
	return ret;
}

static int sweep(struct tcpd_pcap_an *an, int64_t now, struct tcpd_err *err)
{
	int64_t linger = (int64_t)(an->o.linger_s * 1000000);
	/* Look for idle entries ten times per limit (at most once a second). */
	int64_t every = (int64_t)(an->o.idle_expire_s * 100000);

	an->last_sweep = now;
	while (an->done.head && now - an->done.head->done_at >= linger)
		if (retire(an, an->done.head, now, err))
			return -1;
	while (an->embryo.head && now - an->embryo.head->c.first >= EMBRYO_US)
		if (retire(an, an->embryo.head, now, err))
			return -1;
	if (an->o.idle_expire_s > 0 && now - an->last_expire >= (every > 1000000 ? every : 1000000))
		return expire(an, now, err);
	return 0;
}

static void record(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	if (tcpd_vec_room_max(c->segs, c->nsegs, c->capsegs, 64, LADDER_MAX)) {
		c->segs_cut = true;
		return;
	}
	c->segs[c->nsegs++] = (struct tcpd_pcap_lseg){
		s->ts, (uint8_t)x, s->flags, s->seq, s->ack, s->len, s->win,
		{ (uint8_t)c->end[0].state, (uint8_t)c->end[1].state },
	};
}

/* Move the entry to the list its states now call for. */
static void relist(struct tcpd_pcap_an *an, struct conn *n, int64_t now)
{
	struct tcpd_pcap_conn *c = &n->c;
	bool done = tcpd_pcap_end_done(&c->end[0]) && tcpd_pcap_end_done(&c->end[1]);

	if (n->list == L_EMBRYO && (c->established || done))
		list_del(an, n);
	if (done && n->list == L_NONE) {
		n->done_at = now;
		list_add(&an->done, n, L_DONE);
	} else if (!done && n->list == L_DONE) {
		list_del(an, n);
	}
}

/* A SYN on a tuple whose connection is over starts a new connection. */
static bool starts_new(const struct conn *n, const struct tcpd_seg *s, bool *tw)
{
	const struct tcpd_pcap_conn *c = &n->c;

	if ((s->flags & (TCPD_TH_SYN | TCPD_TH_ACK | TCPD_TH_RST)) != TCPD_TH_SYN)
		return false;
	*tw = c->end[0].state == TCPD_TIME_WAIT || c->end[1].state == TCPD_TIME_WAIT;
	/* Linux resends a SYN with its ISN; another ISN is another connect(). */
	if (c->end[TCPD_CLIENT].state == TCPD_SYN_SENT && s->seq != c->end[TCPD_CLIENT].iss &&
	    ep_is(n, TCPD_CLIENT, &s->src, s->sport))
		return true;
	return tcpd_pcap_end_done(&c->end[0]) && tcpd_pcap_end_done(&c->end[1]);
}

void tcpd_pcap_an_prefetch(struct tcpd_pcap_an *an, const struct tcpd_seg *s, bool entry)
{
	size_t i = tcpd_htab_home(&an->conns, tuple_hash(s));
	const struct slot *sl = tcpd_htab_entry(&an->conns, i);

	if (!entry) {
		__builtin_prefetch(&an->conns.hash[i]);
		__builtin_prefetch(sl);
	} else if (an->conns.hash[i]) {
		__builtin_prefetch(sl->n);
	}
}

int tcpd_pcap_an_seg(struct tcpd_pcap_an *an, const struct tcpd_seg *s,
		     struct tcpd_err *err)
{
	uint32_t h = tuple_hash(s);
	struct slot *sl;
	struct conn *n;
	bool tw = false;
	int x = 0;

	if (!an->sum.start)
		an->sum.start = s->ts;
	if (s->ts > an->sum.end)
		an->sum.end = s->ts;
	sl = lookup(an, s, h, &x);
	if (sl && starts_new(sl->n, s, &tw)) {
		if (retire(an, sl->n, s->ts, err))
			return -1;
		sl = NULL;
	}
	if (!sl && !(sl = create(an, s, h, &x)))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	sl->last_s = secs(s->ts);
	n = sl->n;
	if (tw && n->c.nsegs == 0 && !n->c.last)
		tcpd_pcap_event(&n->c, TCPD_EV_TW_REUSE, x, s->ts);
	tcpd_pcap_events_pre(&n->c, x, s, (int64_t)(an->o.idle_s * 1000000));
	tcpd_pcap_fsm_step(&n->c, x, s);
	tcpd_pcap_track(&n->c, x, s);
	n->c.last = s->ts;
	if (n->c.id == an->o.ladder_id)
		record(&n->c, x, s);
	relist(an, n, s->ts);
	if (s->ts - an->last_sweep >= 1000000)
		return sweep(an, s->ts, err);
	return 0;
}

int tcpd_pcap_an_finish(struct tcpd_pcap_an *an, struct tcpd_err *err)
{
	size_t i, k = 0, total = an->conns.len;
	const struct slot *sl;
	struct conn **all;
	int ret = 0;

	all = calloc(total + 1, sizeof(*all));
	if (!all)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	for (i = 0; i < an->conns.cap; i++)
		if ((sl = tcpd_htab_at(&an->conns, i)))
			all[k++] = sl->n;
	qsort(all, k, sizeof(*all), by_id);
	for (i = 0; i < k; i++)
		if (retire(an, all[i], an->sum.end, err) && !ret)
			ret = -1;
	free(all);
	return ret;
}

struct tcpd_pcap_an *tcpd_pcap_an_new(const struct tcpd_pcap_opts *o,
				      struct tcpd_err *err)
{
	struct tcpd_pcap_an *an = calloc(1, sizeof(*an));

	if (!an)
		goto nomem;
	an->o = *o;
	if (an->o.linger_s <= 0)
		an->o.linger_s = 60;
	if (an->o.idle_s <= 0)
		an->o.idle_s = 10;
	if (!an->o.idle_expire_s)
		an->o.idle_expire_s = 300;
	if (an->o.idle_expire_s > INT32_MAX)
		an->o.idle_expire_s = INT32_MAX;
	if (tcpd_htab_init(&an->conns, sizeof(struct slot), 1024))
		goto nomem;
	return an;
nomem:
	tcpd_pcap_an_free(an);
	tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return NULL;
}

const struct tcpd_pcap_summary *tcpd_pcap_an_summary(const struct tcpd_pcap_an *an)
{
	return &an->sum;
}

void tcpd_pcap_an_free(struct tcpd_pcap_an *an)
{
	const struct slot *sl;
	size_t i;

	if (!an)
		return;
	for (i = 0; i < an->conns.cap; i++)
		if ((sl = tcpd_htab_at(&an->conns, i))) {
			free(sl->n->c.segs);
			free(sl->n);
		}
	tcpd_htab_free(&an->conns);
	free(an);
}

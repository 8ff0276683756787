// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Sockets per process (comm): one owner scan for the inodes the pass kept
 * and the listeners', then the busiest processes and "other". A process
 * is named by its comm, so the series stay the same across restarts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/u64map.h"
#include "metrics/metrics_int.h"
#include "tcpdoc/i18n.h"

struct procs {
	struct tcpd_metrics *m;
	struct u64map by_comm;		/* hash of comm -> 1 + index in m->procs */
	size_t cap;
};

/* FNV-1a over the comm; never 0, the map's free mark. */
static uint64_t comm_key(const char *comm)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *comm; comm++)
		h = (h ^ (uint8_t)*comm) * 0x100000001b3ull;
	return h | 1;
}

static int count(struct procs *p, const char *comm, int ms, uint64_t n)
{
	struct tcpd_metrics *m = p->m;
	uint64_t key = comm_key(comm), *idx = u64map_get(&p->by_comm, key);
	struct tcpd_metrics_proc *r;

	if (!idx) {
		if (tcpd_vec_room(m->procs, m->nprocs, p->cap, 16) ||
		    u64map_put(&p->by_comm, key, m->nprocs + 1))
			return -1;
		r = &m->procs[m->nprocs++];
		memset(r, 0, sizeof(*r));
		snprintf(r->comm, sizeof(r->comm), "%s", comm);
	} else {
		r = &m->procs[*idx - 1];
	}
	r->state[ms] += n;
	return 0;
}

/*
 * The sockets whose process is asked for, sorted by inode so an fd met by
 * the owner scan is found by binary search, each counted once (the first
 * holder met: a socket shared across fork() is counted for one process).
 * Nothing per socket is kept beyond its inode and a bit, so the scan's
 * memory does not grow with the sockets it names.
 */
struct owned {
	uint64_t *v;			/* sorted inodes */
	size_t len;
	uint8_t *done;			/* a bit per inode: counted */
};

struct ls_ref {
	uint64_t inode;
	size_t i;			/* index in tally.ls */
};

struct scan {
	struct procs *p;
	const struct tally *t;
	struct owned owned[TCPD_M_NSTATES];
	struct ls_ref *ls;		/* listeners with an inode, sorted */
	size_t nls;
	uint8_t *ls_done;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_ls(const void *a, const void *b)
{
	return cmp_u64(&((const struct ls_ref *)a)->inode, &((const struct ls_ref *)b)->inode);
}

/* Index of @inode in the sorted @v (@stride bytes apart), or -1. */
static long find(const void *v, size_t len, size_t stride, uint64_t inode)
{
	size_t lo = 0, hi = len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t x = *(const uint64_t *)((const char *)v + mid * stride);

		if (x == inode)
			return (long)mid;
		if (x < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Take the first sight of bit @i in @bits; false when it was taken. */
static bool first_sight(uint8_t *bits, size_t i)
{
	if (bits[i / 8] & (1u << (i % 8)))
		return false;
	bits[i / 8] |= (uint8_t)(1u << (i % 8));
	return true;
}

/* The owner scan's callback: count the fd's socket for its process. */
static int on_fd(uint64_t inode, const struct tcpd_owner *own, void *arg)
{
	struct scan *sc = arg;
	const struct m_listener *l;
	long at;
	int ms;

	for (ms = 0; ms < TCPD_M_NSTATES; ms++) {
		struct owned *w = &sc->owned[ms];

		at = find(w->v, w->len, sizeof(*w->v), inode);
		if (at >= 0)
			return first_sight(w->done, (size_t)at) ?
			       count(sc->p, own->comm, ms, 1) : 0;
	}
	at = find(sc->ls, sc->nls, sizeof(*sc->ls), inode);
	if (at < 0 || !first_sight(sc->ls_done, (size_t)at))
		return 0;
	l = &sc->t->ls[sc->ls[at].i];
	for (ms = 0; ms < TCPD_M_NSTATES; ms++)
		if (l->state[ms] && count(sc->p, own->comm, ms, l->state[ms]))
			return -1;
	return 0;
}

/* Sort what is asked for; *@any false when nothing is (no scan needed then). */
static int scan_init(struct scan *sc, struct procs *p, struct tally *t, bool *any)
{
	size_t i, n = 0;

	memset(sc, 0, sizeof(*sc));
	sc->p = p;
	sc->t = t;
	for (i = 0; i < TCPD_M_NSTATES; i++) {
		struct owned *w = &sc->owned[i];

		w->v = t->owned[i].v;
		w->len = t->owned[i].len;
		if (w->len > 1)
			qsort(w->v, w->len, sizeof(*w->v), cmp_u64);
		w->done = calloc(w->len / 8 + 1, 1);
		if (!w->done)
			return -1;
		n += w->len;
	}
	sc->ls = malloc((t->nls ? t->nls : 1) * sizeof(*sc->ls));
	sc->ls_done = calloc(t->nls / 8 + 1, 1);
	if (!sc->ls || !sc->ls_done)
		return -1;
	for (i = 0; i < t->nls; i++)
		if (t->ls[i].inode)
			sc->ls[sc->nls++] = (struct ls_ref){ t->ls[i].inode, i };
	if (sc->nls > 1)
		qsort(sc->ls, sc->nls, sizeof(*sc->ls), cmp_ls);
	*any = n + sc->nls > 0;
	return 0;
}

/* What no process was found for counts under none ("-"). */
static void scan_rest(struct scan *sc)
{
	struct tcpd_metrics *m = sc->p->m;
	size_t i;
	int ms;

	for (ms = 0; ms < TCPD_M_NSTATES; ms++)
		for (i = 0; i < sc->owned[ms].len; i++)
			if (!(sc->owned[ms].done[i / 8] & (1u << (i % 8))))
				m->unowned[ms]++;
	for (i = 0; i < sc->t->nls; i++)
		if (!sc->t->ls[i].inode)
			for (ms = 0; ms < TCPD_M_NSTATES; ms++)
				m->unowned[ms] += sc->t->ls[i].state[ms];
	for (i = 0; i < sc->nls; i++)
		if (!(sc->ls_done[i / 8] & (1u << (i % 8))))
			for (ms = 0; ms < TCPD_M_NSTATES; ms++)
				m->unowned[ms] += sc->t->ls[sc->ls[i].i].state[ms];
}

static void scan_free(struct scan *sc)
{
	int i;

	for (i = 0; i < TCPD_M_NSTATES; i++)
		free(sc->owned[i].done);
	free(sc->ls);
	free(sc->ls_done);
}

static int by_busiest(const void *a, const void *b)
{
	const struct tcpd_metrics_proc *x = a, *y = b;
	uint64_t nx = mstates_total(x->state), ny = mstates_total(y->state);

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return strcmp(x->comm, y->comm);
}

/* The top @n, then one "other" row (comm "") for the rest. */
static void keep_top(struct tcpd_metrics *m, size_t n)
{
	struct tcpd_metrics_proc other = { .comm = "" };
	size_t i;
	int ms;

	if (m->nprocs > 1)	/* procs is NULL when none was seen */
		qsort(m->procs, m->nprocs, sizeof(*m->procs), by_busiest);
	if (m->nprocs <= n)
		return;
	for (i = n; i < m->nprocs; i++)
		for (ms = 0; ms < TCPD_M_NSTATES; ms++)
			other.state[ms] += m->procs[i].state[ms];
	m->procs[n] = other;
	m->nprocs = n + 1;
}

int tally_procs(struct tally *t, size_t n, enum tcpd_owner_source src,
		struct tcpd_err *err)
{
	struct tcpd_owners *o = tcpd_owners_new();
	struct procs p = { .m = t->m };
	struct scan sc;
	bool any = false;
	int ret = -1;

	memset(&sc, 0, sizeof(sc));
	if (!o || u64map_init(&p.by_comm, 64) || scan_init(&sc, &p, t, &any))
		goto nomem;
	/* Nothing asked for: no scan of every process's fds. */
	if (any && tcpd_owners_scan_each(o, src, on_fd, &sc, err))
		goto out;
	if (tcpd_owners_hidden(o) > t->m->doc.owners_hidden)
		t->m->doc.owners_hidden = tcpd_owners_hidden(o);
	scan_rest(&sc);
	keep_top(t->m, n);
	ret = 0;
	goto out;
nomem:
	tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
out:
	scan_free(&sc);
	u64map_free(&p.by_comm);
	if (o)
		tcpd_owners_free(o);
	return ret;
}

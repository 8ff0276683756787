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

/* Count @n sockets in @ms for the process holding @inode, or for none. */
static int count_inode(struct procs *p, const struct tcpd_owners *o, uint64_t inode,
		       int ms, uint64_t n)
{
	const struct tcpd_owner *own;

	if (!n)
		return 0;
	if (!inode || !tcpd_owners_get(o, inode, &own)) {
		p->m->unowned[ms] += n;
		return 0;
	}
	return count(p, own[0].comm, ms, n);
}

static int want_all(const struct tally *t, struct tcpd_owners *o, size_t *n)
{
	size_t i, j;

	*n = 0;
	for (i = 0; i < TCPD_M_NSTATES; i++)
		for (j = 0; j < t->owned[i].len; j++, (*n)++)
			if (tcpd_owners_want(o, t->owned[i].v[j]))
				return -1;
	for (i = 0; i < t->nls; i++)
		if (t->ls[i].inode) {
			if (tcpd_owners_want(o, t->ls[i].inode))
				return -1;
			(*n)++;
		}
	return 0;
}

static int count_all(struct procs *p, const struct tally *t, const struct tcpd_owners *o)
{
	size_t i, j;
	int ms;

	for (i = 0; i < TCPD_M_NSTATES; i++)
		for (j = 0; j < t->owned[i].len; j++)
			if (count_inode(p, o, t->owned[i].v[j], (int)i, 1))
				return -1;
	for (i = 0; i < t->nls; i++)
		for (ms = 0; ms < TCPD_M_NSTATES; ms++)
			if (count_inode(p, o, t->ls[i].inode, ms, t->ls[i].state[ms]))
				return -1;
	return 0;
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
	size_t wanted;
	int ret = -1;

	if (!o || u64map_init(&p.by_comm, 64))
		goto nomem;
	if (want_all(t, o, &wanted))
		goto nomem;
	/* Nothing wanted would mean every socket on the host: skip the scan. */
	if (wanted && tcpd_owners_scan(o, src, err))
		goto out;
	if (tcpd_owners_hidden(o) > t->m->doc.owners_hidden)
		t->m->doc.owners_hidden = tcpd_owners_hidden(o);
	if (count_all(&p, t, o))
		goto nomem;
	keep_top(t->m, n);
	ret = 0;
	goto out;
nomem:
	tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
out:
	u64map_free(&p.by_comm);
	if (o)
		tcpd_owners_free(o);
	return ret;
}

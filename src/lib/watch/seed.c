// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * BPF mode: the owners of the sockets older than watch, 16 bytes each.
 *
 * Their changes in softirq carry no owner (the current task is whoever was
 * interrupted) and the kernel half has not seen them yet, so one owner
 * scan at the start names them. Nothing else about them is kept: whether
 * a change's start is known, the kernel half says (WATCH_F_START,
 * WATCH_F_BIRTH, WATCH_F_FORGOT). So per socket that has an owner, its
 * cookie and the index of its owner in a table of distinct owners, in an
 * array sorted by cookie (no hash slots to spare); sockets without one
 * (TIME_WAIT, orphans) cost nothing. The owner scan itself is freed as
 * soon as the snapshot is read.
 */
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/vec.h"
#include "watch/watch_int.h"

struct seed_rec {
	uint64_t cookie;
	uint32_t owner;		/* index in seed->owners */
};

/* While seeding: a process's index among the distinct owners. */
struct seed_pid {
	uint32_t pid;
	uint32_t owner;
};

struct seed_run {
	struct tcpd_watch *w;
	struct tcpd_owners *owners;
	struct tcpd_htab by_pid;
};

static bool pid_is(const void *e, const void *pid)
{
	return ((const struct seed_pid *)e)->pid == *(const uint32_t *)pid;
}

/* The index of @own among the distinct owners, added if new; -1: no memory. */
static int64_t owner_index(struct seed_run *r, const struct tcpd_owner *own)
{
	struct watch_seed *s = &r->w->seed;
	uint32_t pid = (uint32_t)own->pid;
	struct seed_pid *p = tcpd_htab_find(&r->by_pid, tcpd_hash_u64(pid), pid_is, &pid);

	if (p)
		return p->owner;
	if (tcpd_vec_room(s->owners, s->nowners, s->capowners, 64))
		return -1;
	p = tcpd_htab_add(&r->by_pid, tcpd_hash_u64(pid));
	if (!p)
		return -1;
	p->pid = pid;
	p->owner = (uint32_t)s->nowners;
	s->owners[s->nowners].pid = pid;
	memcpy(s->owners[s->nowners].comm, own->comm, sizeof(own->comm));
	s->nowners++;
	return p->owner;
}

static int seed_one(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct seed_run *r = arg;
	struct watch_seed *seed = &r->w->seed;
	const struct tcpd_owner *own;
	int64_t idx;

	r->w->c.seeded++;
	if (!r->owners || !s->cookie || !s->inode ||
	    !tcpd_owners_get(r->owners, s->inode, &own))
		return 0;
	idx = owner_index(r, own);
	if (idx < 0 || tcpd_vec_room(seed->recs, seed->n, seed->cap, 1024))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	seed->recs[seed->n].cookie = s->cookie;
	seed->recs[seed->n].owner = (uint32_t)idx;
	seed->n++;
	return 0;
}

static int cmp_cookie(const void *a, const void *b)
{
	const struct seed_rec *x = a, *y = b;

	return x->cookie < y->cookie ? -1 : x->cookie > y->cookie;
}

/*
 * One owner scan (every socket's, since the changes to come are not known
 * yet), then one snapshot that keeps each owned socket's cookie. Without
 * the scan (no privilege), owners of old sockets stay unknown.
 */
int watch_seed(struct tcpd_watch *w, struct tcpd_err *err)
{
	struct seed_run r = { .w = w };
	struct tcpd_query q = { 0 };
	struct tcpd_err owner_err;
	int ret = -1;

	if (tcpd_htab_init(&r.by_pid, sizeof(struct seed_pid), 256))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	r.owners = tcpd_owners_new();
	if (r.owners && tcpd_owners_scan(r.owners, w->opts.owners, &owner_err)) {
		tcpd_owners_free(r.owners);
		r.owners = NULL;
	}
	if (tcpd_diag_dump(&q, seed_one, &r, err))
		goto out;
	w->c.samples++;
	w->c.interrupted += q.interrupted;
	if (w->seed.n)
		qsort(w->seed.recs, w->seed.n, sizeof(*w->seed.recs), cmp_cookie);
	ret = 0;
out:
	tcpd_owners_free(r.owners);
	tcpd_htab_free(&r.by_pid);
	return ret;
}

const struct watch_owner *watch_seed_owner(const struct tcpd_watch *w, uint64_t cookie)
{
	const struct watch_seed *s = &w->seed;
	struct seed_rec key = { .cookie = cookie };
	const struct seed_rec *r;

	if (!s->n)
		return NULL;
	r = bsearch(&key, s->recs, s->n, sizeof(*s->recs), cmp_cookie);
	return r ? &s->owners[r->owner] : NULL;
}

void watch_seed_free(struct tcpd_watch *w)
{
	free(w->seed.recs);
	free(w->seed.owners);
	memset(&w->seed, 0, sizeof(w->seed));
}

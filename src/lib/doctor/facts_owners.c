// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Owners for the doctor: ask the owner map only for the sockets a finding
 * may name, then count them per process.
 */
#include <string.h>

#include "doctor/facts.h"
#include "tcpdoc/state.h"

static int want_recs(const struct tcpd_recs *rs, struct tcpd_owners *o)
{
	size_t i;
	int n = 0;

	for (i = 0; i < rs->len; i++)
		if (rs->r[i].inode) {
			if (tcpd_owners_want(o, rs->r[i].inode))
				return -1;
			n++;
		}
	return n;
}

/*
 * The closer's side is common in small numbers on any busy host: ask for
 * its owners only when there are enough sockets for a finding, so a healthy
 * host needs no owner scan for them.
 */
static const struct tcpd_topk *closer(const struct tcpd_topk *t, uint64_t min)
{
	return t->count && t->count >= min ? t : NULL;
}

/* Server TIME_WAIT or SYN_RECV enough for a finding: their listeners' owners. */
static bool want_listeners(const struct tcpd_facts *f)
{
	uint64_t tw = 0;
	size_t p;

	if (f->counts.state[TCPD_SYN_RECV] && f->counts.state[TCPD_SYN_RECV] >= f->cfg.syn_recv_min)
		return true;
	for (p = 0; p < 65536; p++)
		if (f->listen_port[p])
			tw += f->tw_port[p];
	return tw && tw >= f->cfg.tw_server_min;
}

/* The busiest destination, when it is busy enough for a finding: an inode to it. */
static uint64_t dest_inode(const struct tcpd_facts *f)
{
	const struct tcpd_group *top[1];

	if (!f->cfg.ephemeral_min || !tcpd_groups_top(f->dest, 0, top, 1) ||
	    top[0]->counts.total < f->cfg.ephemeral_min)
		return 0;
	return (uint64_t)(uintptr_t)top[0]->data;
}

static int want_dest_owner(const struct tcpd_facts *f, struct tcpd_owners *o)
{
	uint64_t inode = dest_inode(f);

	if (!inode)
		return 0;
	return tcpd_owners_want(o, inode) ? -1 : 1;
}

int tcpd_facts_want(const struct tcpd_facts *f, struct tcpd_owners *o)
{
	const struct tcpd_topk *t[] = {
		&f->listen_full, &f->recvq, &f->sendq, &f->idle, &f->cw_oldest,
		closer(&f->fin_wait1, f->cfg.fin_wait1_min),
		closer(&f->fin_wait2, f->cfg.fin_wait2_min),
		closer(&f->last_ack, f->cfg.last_ack_min),
		closer(&f->closing, f->cfg.closing_min),
	};
	size_t i, j;
	int n = 0, m;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		for (j = 0; t[i] && j < t[i]->len; j++)
			if (t[i]->s[j].inode) {
				if (tcpd_owners_want(o, t[i]->s[j].inode))
					return -1;
				n++;
			}
	if ((m = want_recs(&f->cw, o)) < 0)
		return -1;
	n += m;
	if ((m = want_recs(&f->synsent, o)) < 0)
		return -1;
	n += m;
	if ((m = want_dest_owner(f, o)) < 0)
		return -1;
	n += m;
	if (!want_listeners(f))
		return n;
	for (i = 0; i < f->listeners.len; i++, n++)
		if (tcpd_owners_want(o, f->listeners.l[i].inode))
			return -1;
	return n;
}

/* The process entry for @ow, or NULL when the table is full. */
static struct tcpd_proc_agg *proc_of(struct tcpd_procs *ps, const struct tcpd_owner *ow)
{
	struct tcpd_proc_agg *p;
	size_t i;

	for (i = 0; i < ps->len; i++)
		if (ps->p[i].pid == ow->pid)
			return &ps->p[i];
	if (ps->len == TCPD_PROCS)
		return NULL;
	p = &ps->p[ps->len++];
	memset(p, 0, sizeof(*p));
	p->pid = ow->pid;
	memcpy(p->comm, ow->comm, sizeof(p->comm));
	return p;
}

static void proc_port(struct tcpd_proc_agg *p, uint16_t port)
{
	size_t i;

	for (i = 0; i < p->nports; i++)
		if (p->ports[i] == port)
			return;
	if (p->nports < sizeof(p->ports) / sizeof(p->ports[0]))
		p->ports[p->nports++] = port;
}

static void count_rec(struct tcpd_procs *ps, const struct tcpd_rec *r,
		     const struct tcpd_owners *o)
{
	const struct tcpd_owner *ow;
	struct tcpd_proc_agg *p;

	/* A socket shared across fork() counts once, for its first owner. */
	if (!r->inode || !tcpd_owners_get(o, r->inode, &ow)) {
		ps->unowned++;
		return;
	}
	p = proc_of(ps, ow);
	if (!p) {
		ps->other++;
		return;
	}
	p->count++;
	p->recv_q += r->recv_q;
	if (r->age_ms > p->oldest_ms)
		p->oldest_ms = r->age_ms;
	proc_port(p, r->lport);
}

/* Distinct SYN_SENT hosts per process: a (pid, host) table. */
static int count_scan(struct tcpd_facts *f, const struct tcpd_owners *o)
{
	struct tcpd_groups *seen = tcpd_groups_new();
	const struct tcpd_owner *ow;
	struct tcpd_group_key k;
	struct tcpd_group *g;
	struct tcpd_proc_agg *p;
	size_t i;

	if (!seen)
		return -1;
	for (i = 0; i < f->synsent.len; i++) {
		const struct tcpd_rec *r = &f->synsent.r[i];

		count_rec(&f->synsent_procs, r, o);
		if (!r->inode || !tcpd_owners_get(o, r->inode, &ow)) {
			f->scan_procs.unowned++;
			continue;
		}
		tcpd_key_addr_port(&k, &r->raddr, 0);
		memcpy(k.b + 20, &ow->pid, sizeof(ow->pid));
		g = tcpd_groups_add(seen, &k, 0);
		if (!g)
			break;
		p = proc_of(&f->scan_procs, ow);
		if (p && g->counts.total == 1)
			p->count++;
	}
	tcpd_groups_free(seen);
	return i < f->synsent.len ? -1 : 0;
}

static void own_samples(struct tcpd_topk *t, const struct tcpd_owners *o)
{
	const struct tcpd_owner *ow;
	size_t j;

	for (j = 0; j < t->len; j++)
		if (t->s[j].inode && tcpd_owners_get(o, t->s[j].inode, &ow)) {
			t->s[j].pid = ow->pid;
			memcpy(t->s[j].comm, ow->comm, sizeof(t->s[j].comm));
		}
}

static void own_one(struct tcpd_listener *l, const struct tcpd_owners *o)
{
	const struct tcpd_owner *ow;

	if (l->inode && tcpd_owners_get(o, l->inode, &ow)) {
		l->pid = ow->pid;
		memcpy(l->comm, ow->comm, sizeof(ow->comm));
	}
}

int tcpd_facts_attribute(struct tcpd_facts *f, const struct tcpd_owners *o)
{
	size_t i;

	own_samples(&f->listen_full, o);
	own_samples(&f->recvq, o);
	own_samples(&f->sendq, o);
	own_samples(&f->idle, o);
	own_samples(&f->cw_oldest, o);
	own_samples(&f->fin_wait1, o);
	own_samples(&f->fin_wait2, o);
	own_samples(&f->last_ack, o);
	own_samples(&f->closing, o);
	for (i = 0; i < f->cw.len; i++)
		count_rec(&f->cw_procs, &f->cw.r[i], o);
	for (i = 0; i < f->listeners.len; i++)
		own_one(&f->listeners.l[i], o);
	f->dest_owner = (struct tcpd_listener){ .inode = dest_inode(f) };
	own_one(&f->dest_owner, o);
	return count_scan(f, o);
}

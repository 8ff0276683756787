// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pairs found, into findings: each end's namespace hears what the
 * other end is, with its process and namespace. A client ESTABLISHED
 * while its server holds the request in SYN_RECV proves the handshake's
 * final ACK was lost, however few there are; FIN_WAIT2 facing CLOSE_WAIT
 * proves which side never closed, and that the peer to fix is here.
 */
#include <stdio.h>
#include <string.h>

#include "doctor/facts.h"
#include "doctor/pairs.h"
#include "doctor/rules/rules.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"

enum agg_kind { AG_HANDSHAKE, AG_CLOSE_WAIT, AG_FIN_WAIT2 };

#define AGG_PROCS 8

/* The pairs of one kind, one namespace (and, for handshakes, one port). */
struct agg {
	enum agg_kind kind;
	uint32_t ns;
	uint16_t port;
	bool applies;			/* a finding will say so */
	uint64_t count;
	uint32_t other_ns;		/* the other ends' namespace (the first seen) */
	uint8_t other_state;
	struct tcpd_f_owner procs[AGG_PROCS];	/* the other ends' owners, every one counted */
	size_t nprocs;
	struct tcpd_ages ages;		/* handshakes: how long they have waited */
};

#define MAX_AGG 64

/*
 * Three walks over the pairs: count them by kind and namespace; ask for the
 * owners the doctor's own scans did not look up (only of pairs a finding
 * will name); count each owner's share.
 */
enum walk { W_COUNT, W_WANT, W_OWNERS };

struct apply {
	struct tcpd_pairs *p;
	struct tcpd_owners *o;		/* the pairs' own scan, when one is needed */
	enum walk walk;
	size_t wanted;
	bool nomem;
	struct agg a[MAX_AGG];
	size_t n;
};

static struct agg *agg_of(struct apply *ap, enum agg_kind kind, uint32_t ns, uint16_t port)
{
	struct agg *g;
	size_t i;

	for (i = 0; i < ap->n; i++) {
		g = &ap->a[i];
		if (g->kind == kind && g->ns == ns && g->port == port)
			return g;
	}
	if (ap->walk != W_COUNT || ap->n == MAX_AGG)
		return NULL;
	g = &ap->a[ap->n++];
	memset(g, 0, sizeof(*g));
	g->kind = kind;
	g->ns = ns;
	g->port = port;
	return g;
}

/* An owner by the doctor's scan (pid > 0), or by the pairs' own (pid 0). */
static bool owner(const struct apply *ap, uint64_t inode, pid_t pid, struct tcpd_f_owner *ow)
{
	const struct tcpd_owner *o;

	if (pid > 0) {
		*ow = (struct tcpd_f_owner){ .pid = pid };
		snprintf(ow->comm, sizeof(ow->comm), "%s", tcpd_pairs_comm(ap->p, pid));
		return true;
	}
	if (pid < 0 || !inode || !ap->o || !tcpd_owners_get(ap->o, inode, &o))
		return false;
	*ow = (struct tcpd_f_owner){ .pid = o->pid };
	memcpy(ow->comm, o->comm, sizeof(ow->comm));
	return true;
}

/* Last walk: one more socket of the other end for its owner. */
static void agg_owner(const struct apply *ap, struct agg *g, const struct tcpd_pair_end *other)
{
	struct tcpd_f_owner ow;
	size_t i;

	if (!owner(ap, other->inode, other->pid, &ow))
		return;
	for (i = 0; i < g->nprocs && g->procs[i].pid != ow.pid; i++)
		;
	if (i == AGG_PROCS)
		return;
	if (i == g->nprocs)
		g->procs[g->nprocs++] = ow;
	g->procs[i].count++;
}

static void agg_add(struct apply *ap, enum agg_kind kind, const struct tcpd_pair_end *me,
		    uint16_t port, const struct tcpd_pair_end *other)
{
	struct agg *g = agg_of(ap, kind, me->ns, port);

	if (!g)
		return;
	if (ap->walk == W_OWNERS) {
		if (g->applies)
			agg_owner(ap, g, other);
		return;
	}
	if (ap->walk == W_WANT) {
		if (!g->applies || other->pid || !other->inode)
			return;
		if (tcpd_owners_want(ap->o, other->inode))
			ap->nomem = true;
		ap->wanted++;
		return;
	}
	if (!g->count++) {
		g->other_ns = other->ns;
		g->other_state = other->state;
	}
	if (kind == AG_HANDSHAKE)
		tcpd_ages_add(&g->ages, me->age_ms);
}

static void on_pair(struct tcpd_pair_end *a, struct tcpd_pair_end *b, void *arg)
{
	struct tcpd_pair_end *t;

	if (a->state > b->state) {	/* ESTABLISHED < SYN_RECV, FIN_WAIT2 < CLOSE_WAIT */
		t = a;
		a = b;
		b = t;
	}
	if (a->state == TCPD_ESTABLISHED && b->state == TCPD_SYN_RECV) {
		agg_add(arg, AG_HANDSHAKE, b, b->lport, a);
	} else if (a->state == TCPD_FIN_WAIT2 && b->state == TCPD_CLOSE_WAIT) {
		agg_add(arg, AG_CLOSE_WAIT, b, 0, a);
		agg_add(arg, AG_FIN_WAIT2, a, 0, b);
	}
}

static const struct tcpd_pair_listener *listener_of(const struct tcpd_pairs *p, uint32_t ns,
						    uint16_t port)
{
	size_t i;

	for (i = 0; i < p->nls; i++)
		if (p->ls[i].ns == ns && p->ls[i].port == port)
			return &p->ls[i];
	return NULL;
}

static struct tcpd_finding *find(struct tcpd_findings *out, const char *id, uint64_t ns,
				 uint16_t port)
{
	struct tcpd_finding *f;
	size_t i, j;

	for (i = 0; i < out->len; i++) {
		f = &out->f[i];
		if (strcmp(f->id, id) || f->netns_inode != ns)
			continue;
		for (j = 0; port && j < f->nports && f->ports[j] != port; j++)
			;
		if (!port || j < f->nports)
			return f;
	}
	return NULL;
}

/* The other end: its count, state, namespace and owners, busiest first. */
static void set_other(struct tcpd_finding *f, const struct apply *ap, const struct agg *g)
{
	size_t i, j, b;
	bool used[AGG_PROCS] = { false };

	f->other.count = g->count;
	f->other.state = g->other_state;
	snprintf(f->other.netns, sizeof(f->other.netns), "%s", ap->p->ns[g->other_ns].label);
	for (i = 0; i < g->nprocs && i < TCPD_F_END_OWNERS; i++) {
		for (j = 0, b = AGG_PROCS; j < g->nprocs; j++)
			if (!used[j] && (b == AGG_PROCS || g->procs[j].count > g->procs[b].count))
				b = j;
		used[b] = true;
		f->other.owners[i] = g->procs[b];
	}
	f->other.nowners = i;
}

/* A handshake-ack-lost the counts alone did not raise: the pairs prove it. */
static struct tcpd_finding *new_ack_lost(struct tcpd_findings *out, const struct apply *ap,
					 const struct agg *g)
{
	const struct tcpd_pair_ns *ns = &ap->p->ns[g->ns];
	const struct tcpd_pair_listener *l = listener_of(ap->p, g->ns, g->port);
	struct tcpd_finding *f = tcpd_rule_finding(out, "handshake-ack-lost", TCPD_SEV_WARNING);
	struct tcpd_f_owner ow;

	if (!f)
		return NULL;
	f->count = g->count;
	f->netns_inode = ns->inode;
	snprintf(f->netns, sizeof(f->netns), "%s", ns->label);
	tcpd_f_summary(f, _("%llu handshakes on port %u never complete: their clients are ESTABLISHED, the final ACK is lost"),
		       (unsigned long long)g->count, g->port);
	tcpd_f_ages(f, &g->ages);
	tcpd_f_port(f, g->port);
	/* Request sockets have no owner: the listener's is their culprit. */
	if (l && owner(ap, l->inode, l->pid, &ow)) {
		tcpd_f_owner_add(f, ow.pid, ow.comm, g->count);
		tcpd_ev_str(f, "owners_from", "listener");
	}
	tcpd_ev_u64(f, "syn_recv_with_established_client", g->count);
	if (ap->p->all_netns)
		tcpd_ev_str(f, "netns", ns->label);
	tcpd_f_look(f, ns->args);
	return f;
}

static int apply_handshake(struct tcpd_findings *out, const struct apply *ap,
			   const struct agg *g)
{
	uint64_t ns = ap->p->ns[g->ns].inode;
	struct tcpd_finding *f;

	f = find(out, "handshake-ack-lost", ns, g->port);
	if (!f)
		f = find(out, "syn-flood", ns, g->port);
	if (!f)
		f = new_ack_lost(out, ap, g);
	if (!f)
		return -1;
	set_other(f, ap, g);
	tcpd_f_sure(f, TCPD_CERTAIN,
		    _("%llu of their clients are ESTABLISHED while this server still holds the handshakes in SYN_RECV"),
		    (unsigned long long)g->count);
	return 0;
}

static void apply_close(struct tcpd_findings *out, const struct apply *ap, const struct agg *g)
{
	const struct tcpd_pair_ns *other = &ap->p->ns[g->other_ns];
	struct tcpd_finding *f;

	if (g->kind == AG_CLOSE_WAIT) {
		f = find(out, "close-wait-leak", ap->p->ns[g->ns].inode, 0);
		if (!f)
			return;
		set_other(f, ap, g);
		tcpd_f_sure(f, TCPD_CERTAIN,
			    _("their peers on this host are in FIN_WAIT2: the peers closed, this application did not"));
		return;
	}
	f = find(out, "fin-wait2-stuck", ap->p->ns[g->ns].inode, 0);
	if (!f)
		return;
	set_other(f, ap, g);
	tcpd_f_sure(f, TCPD_CERTAIN,
		    _("their peers on this host are in CLOSE_WAIT: the peer application never called close()"));
	if (f->other.nowners)
		snprintf(f->here, sizeof(f->here),
			 _("The peers are on this host, in namespace %s: %s(%d) holds them in CLOSE_WAIT and never closed them; fix it there (tcpdoc %sls -s close-wait -p)."),
			 other->label, f->other.owners[0].comm, (int)f->other.owners[0].pid, other->args);
	else
		snprintf(f->here, sizeof(f->here),
			 _("The peers are on this host, in namespace %s, in CLOSE_WAIT; fix the application there (tcpdoc %sls -s close-wait -p)."),
			 other->label, other->args);
	tcpd_rule_peer_here(f);
}

/* Will a finding say what these pairs show? */
static bool applies(struct tcpd_findings *out, const struct apply *ap, const struct agg *g)
{
	const struct tcpd_pair_listener *l;
	uint64_t ns = ap->p->ns[g->ns].inode;

	switch (g->kind) {
	case AG_HANDSHAKE:
		/* A full accept queue drops the final ACK on purpose: that finding says so. */
		l = listener_of(ap->p, g->ns, g->port);
		return !l || !l->full;
	case AG_CLOSE_WAIT:
		return find(out, "close-wait-leak", ns, 0) != NULL;
	default:
		return find(out, "fin-wait2-stuck", ns, 0) != NULL;
	}
}

/*
 * The owners the doctor's own scans did not look up (a namespace it had
 * no reason to scan), by one scan, and only when a finding will name them.
 */
static int own_rest(struct apply *ap, struct tcpd_scope *scope, enum tcpd_owner_source src,
		    size_t *owners_hidden, struct tcpd_err *err)
{
	const struct tcpd_pair_listener *l;
	size_t i;

	ap->o = tcpd_owners_new();
	if (!ap->o)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	ap->walk = W_WANT;
	tcpd_pairs_each(ap->p, on_pair, ap);
	for (i = 0; i < ap->n; i++) {
		l = ap->a[i].kind == AG_HANDSHAKE && ap->a[i].applies ?
		    listener_of(ap->p, ap->a[i].ns, ap->a[i].port) : NULL;
		if (l && !l->pid && l->inode) {
			ap->nomem |= tcpd_owners_want(ap->o, l->inode) != 0;
			ap->wanted++;
		}
	}
	if (ap->nomem)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (!ap->wanted) {
		tcpd_owners_free(ap->o);
		ap->o = NULL;
		return 0;
	}
	/* Through the scope: a replay finds the owners the snapshot recorded. */
	if (tcpd_scope_owners_scan(scope, ap->o, src, err))
		return -1;
	if (tcpd_owners_hidden(ap->o) > *owners_hidden)
		*owners_hidden = tcpd_owners_hidden(ap->o);
	return 0;
}

int tcpd_pairs_apply(struct tcpd_pairs *p, struct tcpd_findings *out, struct tcpd_scope *scope,
		     enum tcpd_owner_source src, size_t *owners_hidden, struct tcpd_err *err)
{
	struct apply ap = { .p = p, .walk = W_COUNT };
	size_t i;
	int ret = -1;

	tcpd_pairs_each(p, on_pair, &ap);
	for (i = 0; i < ap.n; i++)
		ap.a[i].applies = applies(out, &ap, &ap.a[i]);
	if (own_rest(&ap, scope, src, owners_hidden, err))
		goto out;
	ap.walk = W_OWNERS;
	tcpd_pairs_each(p, on_pair, &ap);
	for (i = 0; i < ap.n; i++) {
		if (!ap.a[i].applies)
			continue;
		if (ap.a[i].kind != AG_HANDSHAKE) {
			apply_close(out, &ap, &ap.a[i]);
		} else if (apply_handshake(out, &ap, &ap.a[i])) {
			tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
			goto out;
		}
	}
	ret = 0;
out:
	if (ap.o)
		tcpd_owners_free(ap.o);
	return ret;
}

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

/* The pairs of one kind, one namespace (and, for handshakes, one port). */
struct agg {
	enum agg_kind kind;
	uint32_t ns;
	uint16_t port;
	uint64_t count;
	struct tcpd_pair_end other;	/* an other end, with an inode when one has */
	pid_t pid;			/* its owner */
	char comm[16];
	struct tcpd_ages ages;		/* handshakes: how long they have waited */
};

#define MAX_AGG 64

struct apply {
	const struct tcpd_pairs *p;
	struct agg a[MAX_AGG];
	size_t n;
};

static void agg_add(struct apply *ap, enum agg_kind kind, const struct tcpd_pair_end *me,
		    uint16_t port, const struct tcpd_pair_end *other)
{
	struct agg *g;
	size_t i;

	for (i = 0; i < ap->n; i++) {
		g = &ap->a[i];
		if (g->kind == kind && g->ns == me->ns && g->port == port)
			break;
	}
	if (i == ap->n) {
		if (ap->n == MAX_AGG)
			return;
		g = &ap->a[ap->n++];
		memset(g, 0, sizeof(*g));
		g->kind = kind;
		g->ns = me->ns;
		g->port = port;
		g->other = *other;
	}
	g->count++;
	if (kind == AG_HANDSHAKE)
		tcpd_ages_add(&g->ages, me->age_ms);
	if (!g->other.inode && other->inode)
		g->other = *other;
}

static void on_pair(const struct tcpd_pair_end *a, const struct tcpd_pair_end *b, void *arg)
{
	const struct tcpd_pair_end *t;

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

static void owner_of(const struct tcpd_owners *o, uint64_t inode, pid_t *pid, char *comm)
{
	const struct tcpd_owner *ow;

	if (inode && tcpd_owners_get(o, inode, &ow)) {
		*pid = ow->pid;
		memcpy(comm, ow->comm, 16);
	}
}

/* One owner scan for every other end and every listener a handshake names. */
static int owners(struct apply *ap, struct tcpd_owners *o, enum tcpd_owner_source src,
		  struct tcpd_err *err)
{
	const struct tcpd_pair_listener *l;
	size_t i;

	for (i = 0; i < ap->n; i++) {
		if (ap->a[i].other.inode && tcpd_owners_want(o, ap->a[i].other.inode))
			return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		l = ap->a[i].kind == AG_HANDSHAKE ? listener_of(ap->p, ap->a[i].ns, ap->a[i].port) : NULL;
		if (l && tcpd_owners_want(o, l->inode))
			return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	if (tcpd_owners_scan(o, src, err))
		return -1;
	for (i = 0; i < ap->n; i++)
		owner_of(o, ap->a[i].other.inode, &ap->a[i].pid, ap->a[i].comm);
	return 0;
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

static void set_other(struct tcpd_finding *f, const struct apply *ap, const struct agg *g)
{
	f->other.count = g->count;
	f->other.state = g->other.state;
	snprintf(f->other.netns, sizeof(f->other.netns), "%s", ap->p->ns[g->other.ns].label);
	f->other.pid = g->pid;
	memcpy(f->other.comm, g->comm, sizeof(f->other.comm));
}

/* A handshake-ack-lost the counts alone did not raise: the pairs prove it. */
static struct tcpd_finding *new_ack_lost(struct tcpd_findings *out, const struct apply *ap,
					 const struct agg *g, const struct tcpd_owners *o)
{
	const struct tcpd_pair_ns *ns = &ap->p->ns[g->ns];
	const struct tcpd_pair_listener *l = listener_of(ap->p, g->ns, g->port);
	struct tcpd_finding *f = tcpd_rule_finding(out, "handshake-ack-lost", TCPD_SEV_WARNING);
	char comm[16] = "";
	pid_t pid = 0;

	if (!f)
		return NULL;
	f->count = g->count;
	f->netns_inode = ns->inode;
	snprintf(f->netns, sizeof(f->netns), "%s", ns->label);
	tcpd_f_summary(f, _("%llu handshakes on port %u never complete: their clients are ESTABLISHED, the final ACK is lost"),
		       (unsigned long long)g->count, g->port);
	tcpd_f_ages(f, &g->ages);
	tcpd_f_port(f, g->port);
	if (l)
		owner_of(o, l->inode, &pid, comm);
	if (pid) {
		tcpd_f_owner_add(f, pid, comm, g->count);
		tcpd_ev_str(f, "owners_from", "listener");
	}
	tcpd_ev_u64(f, "syn_recv_with_established_client", g->count);
	if (ap->p->all_netns)
		tcpd_ev_str(f, "netns", ns->label);
	tcpd_f_look(f, ns->args);
	return f;
}

static int apply_handshake(struct tcpd_findings *out, const struct apply *ap,
			   const struct agg *g, const struct tcpd_owners *o)
{
	const struct tcpd_pair_listener *l = listener_of(ap->p, g->ns, g->port);
	uint64_t ns = ap->p->ns[g->ns].inode;
	struct tcpd_finding *f;

	/* A full accept queue drops the final ACK on purpose: that finding says so. */
	if (l && l->full)
		return 0;
	f = find(out, "handshake-ack-lost", ns, g->port);
	if (!f)
		f = find(out, "syn-flood", ns, g->port);
	if (!f)
		f = new_ack_lost(out, ap, g, o);
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
	const char *other_ns = ap->p->ns[g->other.ns].label;
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
	if (g->pid)
		snprintf(f->here, sizeof(f->here),
			 _("The peers are on this host, in namespace %s: %s(%d) holds them in CLOSE_WAIT and never closed them; fix it there (tcpdoc %sls -s close-wait -p)."),
			 other_ns, g->comm, (int)g->pid, ap->p->ns[g->other.ns].args);
	else
		snprintf(f->here, sizeof(f->here),
			 _("The peers are on this host, in namespace %s, in CLOSE_WAIT; fix the application there (tcpdoc %sls -s close-wait -p)."),
			 other_ns, ap->p->ns[g->other.ns].args);
	tcpd_rule_peer_here(f);
}

int tcpd_pairs_apply(struct tcpd_pairs *p, struct tcpd_findings *out,
		     enum tcpd_owner_source src, size_t *owners_hidden, struct tcpd_err *err)
{
	struct apply ap = { .p = p };
	struct tcpd_owners *o;
	size_t i;
	int ret = -1;

	tcpd_pairs_each(p, on_pair, &ap);
	if (!ap.n)
		return 0;
	o = tcpd_owners_new();
	if (!o)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (owners(&ap, o, src, err))
		goto out;
	if (tcpd_owners_hidden(o) > *owners_hidden)
		*owners_hidden = tcpd_owners_hidden(o);
	for (i = 0; i < ap.n; i++) {
		if (ap.a[i].kind != AG_HANDSHAKE)
			apply_close(out, &ap, &ap.a[i]);
		else if (apply_handshake(out, &ap, &ap.a[i], o))
			goto nomem;
	}
	ret = 0;
	goto out;
nomem:
	tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
out:
	tcpd_owners_free(o);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The doctor's pipeline, for every front end (diagnose, check, top, serve).
 * First every namespace's counters are read, each with a light first look
 * at its transient sockets; then the sampling interval is waited for, once
 * (-A over a hundred namespaces costs one interval, not a hundred); then,
 * namespace by namespace, the second counter read, one full pass over the
 * socket table (matched with the first look), the owners of the sockets
 * that matter and the rules; last, both ends of the connections seen.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/doctor.h"
#include "doctor/facts.h"
#include "doctor/first_look.h"
#include "doctor/pairs.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/vec.h"
#include "doctor/rules/rules.h"

/*
 * The first counter read of one namespace and its light first look at the
 * transient sockets, found again by its inode.
 */
struct first_read {
	uint64_t inode;
	struct tcpd_kernel k;
	struct tcpd_first_look look;
};

struct doctor_run {
	const struct tcpd_doctor_opts *o;
	struct tcpd_doctor_result *res;
	struct tcpd_thresholds t;
	struct tcpd_facts f;
	struct first_read *first;
	size_t nfirst, capfirst;
	struct tcpd_connect_trace *trace;	/* during the interval only */
	unsigned int interval_ms;	/* o's, or a replayed snapshot's */
	struct tcpd_pairs pairs;	/* both ends, across namespaces */
};

void tcpd_doctor_opts_init(struct tcpd_doctor_opts *o, struct tcpd_scope *scope)
{
	memset(o, 0, sizeof(*o));
	o->scope = scope;
	o->interval_ms = 1000;
	o->port = -1;
}

int tcpd_doctor_thresholds(const struct tcpd_doctor_opts *o, struct tcpd_thresholds *t,
			   struct tcpd_err *err)
{
	size_t i;

	if (o->thresholds) {
		*t = *o->thresholds;
		return 0;
	}
	tcpd_thresholds_init(t);
	if (tcpd_thresholds_load(t, o->config ? o->config : TCPD_DOCTOR_CONFIG,
				 o->config != NULL, err))
		return -1;
	for (i = 0; i < o->nsets; i++)
		if (tcpd_thresholds_set(t, o->sets[i], err))
			return -1;
	return 0;
}

static void facts_cfg(const struct tcpd_kernel *k, const struct tcpd_thresholds *t,
		      struct tcpd_facts_cfg *c)
{
	memset(c, 0, sizeof(*c));
	tcpd_kernel_port_range(k, &c->port_lo, &c->port_hi);
	c->recv_q_bytes = (uint32_t)t->v[TCPD_T_RECV_Q_BYTES];
	c->idle_ms = (uint32_t)(t->v[TCPD_T_KEEPALIVE_IDLE_S] * 1000);
	c->send_q_retrans = (uint8_t)(t->v[TCPD_T_SEND_Q_RETRANS] > 255 ? 255 :
				      t->v[TCPD_T_SEND_Q_RETRANS]);
	c->fin_timeout_s = tcpd_kernel_fin_timeout_s(k);
	c->fin_wait1_min = (uint64_t)t->v[TCPD_T_FIN_WAIT1_WARN];
	c->fin_wait2_min = (uint64_t)t->v[TCPD_T_FIN_WAIT2_WARN];
	c->last_ack_min = (uint64_t)t->v[TCPD_T_LAST_ACK_WARN];
	c->closing_min = (uint64_t)t->v[TCPD_T_CLOSING_WARN];
	c->tw_server_min = (uint64_t)t->v[TCPD_T_TIME_WAIT_SERVER_WARN];
	c->syn_recv_min = (uint64_t)t->v[TCPD_T_SYN_RECV_WARN];
	if (c->port_hi >= c->port_lo)
		c->ephemeral_min = ((uint64_t)(c->port_hi - c->port_lo + 1) *
				    (uint64_t)t->v[TCPD_T_EPHEMERAL_WARN_PCT] + 99) / 100;
}

/*
 * Watch connect() from before the first counter read until the interval
 * ends, in the first namespace walked: -A's own (every namespace is
 * watched), or -N's. What stops it is said, never fatal.
 */
static void trace_start(struct doctor_run *d)
{
	struct tcpd_connects *c = &d->res->connects;
	struct tcpd_err err = { 0 };

	if (d->trace || c->state != TCPD_TRACE_OFF || d->nfirst)
		return;
	/* A snapshot's trace is the one recorded while it was taken. */
	if (tcpd_scope_replaying(d->o->scope)) {
		if (tcpd_scope_connects(d->o->scope, c)) {
			c->state = TCPD_TRACE_FAILED;
			snprintf(c->why, sizeof(c->why), "%s", _("out of memory"));
		}
		return;
	}
	if (d->o->no_connect_trace)
		return;
	if (tcpd_connect_trace_start(&d->trace, d->o->scope->family,
				     d->o->scope->all_netns, &err)) {
		c->state = TCPD_TRACE_FAILED;
		snprintf(c->why, sizeof(c->why), "%s", err.msg);
	}
}

/* After the interval: the connects seen, for this and every later namespace. */
static void trace_stop(struct doctor_run *d)
{
	if (!d->trace)
		return;
	tcpd_connect_trace_stop(d->trace, &d->res->connects);
	d->trace = NULL;
}

static int read_first(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err)
{
	struct doctor_run *d = arg;
	struct first_read *fr;

	trace_start(d);
	if (tcpd_vec_room(d->first, d->nfirst, d->capfirst, 16))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	fr = &d->first[d->nfirst];
	fr->inode = ns->inode;
	if (tcpd_scope_kernel_read(d->o->scope, &fr->k, err))
		return -1;
	if (tcpd_first_look_take(&fr->look, d->o->scope, err))
		return -1;
	d->nfirst++;
	return 0;
}

/*
 * The first read of @ns: 0, or 1 when the first walk could not enter it
 * (a namespace `ip netns add` was still making is listed before it can be
 * entered): it is skipped, since sampling it now would wait a second
 * interval. Without an interval there was no first walk: read it now
 * (and there is no first look: *@look is NULL).
 */
static int first_of(struct doctor_run *d, const struct tcpd_netns *ns,
		    struct tcpd_kernel *k, const struct tcpd_first_look **look,
		    struct tcpd_err *err)
{
	size_t i;

	*look = NULL;
	if (!d->interval_ms)
		return tcpd_scope_kernel_read(d->o->scope, k, err);
	for (i = 0; i < d->nfirst; i++)
		if (d->first[i].inode == ns->inode) {
			*k = d->first[i].k;
			*look = &d->first[i].look;
			return 0;
		}
	return 1;
}

static int on_sock(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct doctor_run *d = arg;
	int port = d->o->port, ret;

	if (port >= 0 && (s->lport == port || s->rport == port))
		tcpd_counts_add(&d->res->port_counts, s->state);
	tcpd_counts_add(&d->res->counts, s->state);
	ret = tcpd_facts_add(s, &d->f, err);
	if (ret)
		return ret;
	if (tcpd_pairs_add(&d->pairs, s))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return d->o->on_sock ? d->o->on_sock(s, d->o->hook_arg, err) : 0;
}

/*
 * Owners only for the sockets the findings may name; when that needs a
 * scan, the namespace's paired sockets ride along, so naming the other
 * end of a connection rarely costs a scan of its own.
 */
static int owners(struct doctor_run *d, struct tcpd_err *err)
{
	struct tcpd_owners *o = tcpd_owners_new();
	int n, ret = -1;

	if (!o)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	n = tcpd_facts_want(&d->f, o);
	if (n > 0 && tcpd_pairs_want(&d->pairs, o) < 0)
		n = -1;
	if (n < 0) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		goto out;
	}
	if (n && tcpd_scope_owners_scan(d->o->scope, o, d->o->owners, err))
		goto out;
	if (tcpd_owners_hidden(o) > d->res->owners_hidden)
		d->res->owners_hidden = tcpd_owners_hidden(o);
	if (tcpd_facts_attribute(&d->f, o) || (n && tcpd_pairs_own(&d->pairs, o))) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		goto out;
	}
	ret = 0;
out:
	tcpd_owners_free(o);
	return ret;
}

/* Add what @k could not read to the result's list, once each. */
static void note_unread(struct tcpd_doctor_result *res, const struct tcpd_kernel *k)
{
	const char *names[TCPD_KERNEL_MAX_UNREAD];
	size_t i, j, n = tcpd_kernel_unread(k, names, TCPD_KERNEL_MAX_UNREAD);

	for (i = 0; i < n; i++) {
		for (j = 0; j < res->nunread && strcmp(res->unread[j], names[i]); j++)
			;
		if (j == res->nunread && res->nunread < TCPD_KERNEL_MAX_UNREAD)
			res->unread[res->nunread++] = names[i];
	}
}

static int look(struct doctor_run *d, const struct tcpd_netns *ns,
		const struct tcpd_kernel *first, const struct tcpd_first_look *fl,
		struct tcpd_err *err)
{
	struct tcpd_query q = { .family = d->o->scope->family, .want_info = true,
				.want_timers = true };
	struct tcpd_facts_cfg cfg;
	struct tcpd_rule_in in;

	facts_cfg(first, &d->t, &cfg);
	if (tcpd_facts_init(&d->f, &cfg))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	d->f.first = fl;
	/*
	 * The second counter read, then the full look: both at the end of
	 * the interval, so the transient sockets the first look saw have had
	 * the interval to finish or to show they are stuck.
	 */
	if (tcpd_scope_kernel_sample(d->o->scope, first, &d->res->k, &d->res->r,
				     d->interval_ms, err))
		return -1;
	if (tcpd_scope_dump(d->o->scope, &q, on_sock, d, err))
		return -1;
	d->res->interrupted |= q.interrupted;
	d->res->lacks |= q.lacks;
	d->res->capped |= d->f.capped;
	if (owners(d, err))
		return -1;
	note_unread(d->res, first);
	note_unread(d->res, &d->res->k);
	in = (struct tcpd_rule_in){ .f = &d->f, .k = &d->res->k, .r = &d->res->r, .t = &d->t,
				    .c = &d->res->connects, .netns = ns->inode };
	if (tcpd_rules_run(&in, &d->res->findings))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

/* How the commands in the findings name @ns: as the user did, or as -A can. */
static void ns_args(const struct tcpd_scope *sc, const struct tcpd_netns *ns,
		    char *buf, size_t len)
{
	buf[0] = '\0';
	if (sc->netns)
		snprintf(buf, len, "-N %s ", sc->netns);
	else if (sc->all_netns && ns->name[0])
		snprintf(buf, len, "-N %s ", ns->name);
	else if (sc->all_netns && ns->pid)
		snprintf(buf, len, "-N pid:%d ", (int)ns->pid);
	else if (sc->all_netns)
		snprintf(buf, len, "-A ");
}

/* The front end's look at namespace @ns: its counters and its findings. */
static int netns_hook(struct doctor_run *d, const struct tcpd_netns *ns, size_t before,
		      struct tcpd_err *err)
{
	const struct tcpd_findings *l = &d->res->findings;
	size_t nf = l->len - before;

	return d->o->on_netns(ns, &d->res->k, nf ? l->f + before : NULL, nf,
			      d->o->hook_arg, err);
}

static int look_ns(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err)
{
	struct doctor_run *d = arg;
	size_t i, before = d->res->findings.len;
	const struct tcpd_first_look *fl;
	struct tcpd_finding *f;
	struct tcpd_kernel first;
	char label[TCPD_PAIRS_NS_LABEL], args[TCPD_PAIRS_NS_ARGS];
	int ret;

	ret = first_of(d, ns, &first, &fl, err);
	if (ret)
		return ret < 0 ? ret : 0;	/* 1: skipped */
	ns_args(d->o->scope, ns, args, sizeof(args));
	tcpd_netns_label(ns, label, sizeof(label));
	if (tcpd_pairs_enter(&d->pairs, ns->inode, label, args))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	ret = look(d, ns, &first, fl, err);
	tcpd_facts_free(&d->f);
	if (!ret && d->o->on_netns)
		ret = netns_hook(d, ns, before, err);
	if (ret)
		return ret;
	d->res->netns++;
	for (i = before; i < d->res->findings.len; i++) {
		f = &d->res->findings.f[i];
		tcpd_f_look(f, args);
		f->netns_inode = ns->inode;
		snprintf(f->netns, sizeof(f->netns), "%s", label);
		if (d->o->scope->all_netns)
			tcpd_ev_str(f, "netns", label);
	}
	return 0;
}

int tcpd_doctor_run(const struct tcpd_doctor_opts *o, struct tcpd_doctor_result *res,
		    struct tcpd_err *err)
{
	struct doctor_run d = { .o = o, .res = res };
	int ret = -1;
	size_t i;

	memset(res, 0, sizeof(*res));
	if (tcpd_doctor_thresholds(o, &d.t, err))
		return -1;
	d.interval_ms = tcpd_scope_interval_ms(o->scope, o->interval_ms);
	tcpd_scope_replay_start(o->scope);
	if (tcpd_pairs_init(&d.pairs, o->scope->all_netns))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (d.interval_ms && tcpd_scope_each(o->scope, read_first, &d, err))
		goto out;
	/*
	 * One wait for all: every namespace's interval has passed after the
	 * last's. connect() is watched until then. A replay does not wait.
	 */
	if (d.nfirst && !tcpd_scope_replaying(o->scope))
		tcpd_kernel_wait(&d.first[d.nfirst - 1].k, d.interval_ms);
	trace_stop(&d);
	if (tcpd_scope_each(o->scope, look_ns, &d, err))
		goto out;
	if (tcpd_pairs_apply(&d.pairs, &res->findings, o->scope, o->owners,
			     &res->owners_hidden, err))
		goto out;
	res->netns_denied = o->scope->denied;
	tcpd_findings_sort(&res->findings);
	ret = 0;
out:
	trace_stop(&d);
	for (i = 0; i < d.nfirst; i++)
		tcpd_first_look_free(&d.first[i].look);
	tcpd_pairs_free(&d.pairs);
	free(d.first);
	if (ret)
		tcpd_doctor_result_free(res);
	return ret;
}

void tcpd_doctor_result_free(struct tcpd_doctor_result *res)
{
	tcpd_findings_free(&res->findings);
	memset(&res->findings, 0, sizeof(res->findings));
	tcpd_connects_free(&res->connects);
}

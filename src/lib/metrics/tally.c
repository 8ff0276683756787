// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The metrics' pass over the socket table, record by record, inside the
 * doctor's own dump (tcpd_doctor_opts.on_sock): counts per namespace, per
 * listening port, per listener, the RTT histogram, and the inodes whose
 * process is looked up at the end.
 *
 * A socket belongs to a listening port when its local port is one a
 * listener of the same namespace holds. Every source walks the kernel's
 * listening hash before the established one (sock_diag, /proc/net/tcp and
 * iter/tcp alike), so the listeners are known when the connections come.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_int.h"
#include "tcpdoc/i18n.h"

#define NPORTS 65536

static const double rtt_bounds[TCPD_RTT_NBOUNDS] = {
	0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
	0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
};

double tcpd_rtt_bound_s(size_t i)
{
	return i < TCPD_RTT_NBOUNDS ? rtt_bounds[i] : 0;
}

static const int mstates[TCPD_M_NSTATES] = {
	[TCPD_M_ESTABLISHED] = TCPD_ESTABLISHED,
	[TCPD_M_SYN_RECV] = TCPD_SYN_RECV,
	[TCPD_M_TIME_WAIT] = TCPD_TIME_WAIT,
	[TCPD_M_CLOSE_WAIT] = TCPD_CLOSE_WAIT,
};

int tcpd_mstate_state(int m)
{
	return m >= 0 && m < TCPD_M_NSTATES ? mstates[m] : 0;
}

int mstate_of(int state)
{
	switch (tcpd_state_user(state)) {
	case TCPD_ESTABLISHED:
		return TCPD_M_ESTABLISHED;
	case TCPD_SYN_RECV:
		return TCPD_M_SYN_RECV;
	case TCPD_TIME_WAIT:
		return TCPD_M_TIME_WAIT;
	case TCPD_CLOSE_WAIT:
		return TCPD_M_CLOSE_WAIT;
	default:
		return -1;
	}
}

uint64_t mstates_total(const uint64_t *state)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < TCPD_M_NSTATES; i++)
		n += state[i];
	return n;
}

int tally_init(struct tally *t, struct tcpd_metrics *m)
{
	memset(t, 0, sizeof(*t));
	t->m = m;
	t->slot_of = calloc(NPORTS, sizeof(*t->slot_of));
	t->listener_of = calloc(NPORTS, sizeof(*t->listener_of));
	/* Slot 0 is "every other socket". */
	if (!t->slot_of || !t->listener_of ||
	    tcpd_vec_room(m->ports, 0, t->capports, 64))
		return -1;
	memset(&m->ports[0], 0, sizeof(m->ports[0]));
	m->ports[0].port = -1;
	m->nports = 1;
	return 0;
}

void tally_free(struct tally *t)
{
	size_t i;

	free(t->slot_of);
	free(t->listener_of);
	free(t->ls);
	for (i = 0; i < TCPD_M_NSTATES; i++)
		free(t->owned[i].v);
	memset(t, 0, sizeof(*t));
}

/* The slot of listening port @port, made on first sight. */
static int port_slot(struct tally *t, uint16_t port)
{
	struct tcpd_metrics *m = t->m;
	struct tcpd_metrics_port *p;

	if (t->slot_of[port])
		return 0;
	if (m->nports >= NPORTS ||
	    tcpd_vec_room(m->ports, m->nports, t->capports, 64))
		return -1;
	p = &m->ports[m->nports];
	memset(p, 0, sizeof(*p));
	p->port = port;
	t->slot_of[port] = (uint16_t)m->nports++;
	return 0;
}

static int add_listener(struct tally *t, const struct tcpd_sock *s)
{
	struct m_listener *l;

	if (port_slot(t, s->lport) ||
	    tcpd_vec_room(t->ls, t->nls, t->capls, 16))
		return -1;
	l = &t->ls[t->nls];
	memset(l, 0, sizeof(*l));
	l->pub.addr = s->local;
	l->pub.port = s->lport;
	l->pub.queue = s->recv_q;
	l->pub.backlog = s->send_q;
	l->inode = s->inode;
	/* Several listeners on one port (SO_REUSEPORT): the first takes its sockets. */
	t->nls++;
	if (!t->listener_of[s->lport])
		t->listener_of[s->lport] = (uint32_t)t->nls;
	return 0;
}

static void add_rtt(struct tcpd_metrics_port *p, const struct tcpd_sock *s)
{
	double rtt = s->info.tcpi_rtt / 1e6;
	size_t b;

	for (b = 0; b < TCPD_RTT_NBOUNDS && rtt > rtt_bounds[b]; b++)
		;
	p->rtt[b]++;
	p->rtt_count++;
	p->rtt_sum_s += rtt;
	p->retrans += s->info.tcpi_total_retrans;
}

/* Remember @inode to find its process at the end, while there is room. */
static int own(struct tally *t, int ms, uint64_t inode)
{
	struct m_inodes *v = &t->owned[ms];

	if (!inode || v->len >= TCPD_METRICS_MAX_OWNED) {
		t->m->unowned[ms]++;
		return 0;
	}
	if (tcpd_vec_room(v->v, v->len, v->cap, 1024))
		return -1;
	v->v[v->len++] = inode;
	return 0;
}

/*
 * Who holds it: ESTABLISHED and CLOSE_WAIT sockets have an fd, found by
 * inode; SYN_RECV and TIME_WAIT have none, and count for the process of
 * the listener on their port, if there is one.
 */
static int attribute(struct tally *t, const struct tcpd_sock *s, int ms)
{
	uint32_t l = t->listener_of[s->lport];

	if (ms == TCPD_M_ESTABLISHED || ms == TCPD_M_CLOSE_WAIT)
		return own(t, ms, s->inode);
	if (l) {
		t->ls[l - 1].state[ms]++;
		if (ms == TCPD_M_SYN_RECV)
			t->ls[l - 1].pub.syn_recv++;
	} else {
		t->m->unowned[ms]++;
	}
	return 0;
}

int tally_sock(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct tally *t = arg;
	struct tcpd_metrics_port *p;
	int ms;

	tcpd_counts_add(&t->ns_counts, tcpd_state_user(s->state));
	if (s->state == TCPD_LISTEN) {
		if (add_listener(t, s))
			return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		return 0;
	}
	ms = mstate_of(s->state);
	if (ms < 0)
		return 0;
	p = &t->m->ports[t->listener_of[s->lport] ? t->slot_of[s->lport] : 0];
	p->state[ms]++;
	if (ms == TCPD_M_ESTABLISHED && s->has_info)
		add_rtt(p, s);
	if (attribute(t, s, ms))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

/*
 * Keep what the doctor raised in this namespace: the id, severity and
 * count of each, all serve exports of a finding (the rest stays in m->doc).
 */
static int keep_findings(struct tally *t, struct tcpd_metrics_ns *n,
			 const struct tcpd_finding *f, size_t nf)
{
	struct tcpd_metrics *m = t->m;
	size_t i;

	n->f_first = m->nnsf;
	n->nf = nf;
	for (i = 0; i < nf; i++) {
		if (tcpd_vec_room(m->nsf, m->nnsf, t->capnsf, 16))
			return -1;
		m->nsf[m->nnsf++] = (struct tcpd_metrics_finding){
			f[i].id, f[i].severity, f[i].count
		};
	}
	return 0;
}

/* The namespace is done: keep its numbers, forget its listeners' ports. */
int tally_netns(const struct tcpd_netns *ns, const struct tcpd_kernel *k,
		const struct tcpd_finding *f, size_t nf, void *arg, struct tcpd_err *err)
{
	struct tally *t = arg;
	struct tcpd_metrics *m = t->m;
	struct tcpd_metrics_ns *n;
	char label[128];
	size_t i;

	if (tcpd_vec_room(m->ns, m->nns, t->capns, 4))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	n = &m->ns[m->nns++];
	memset(n, 0, sizeof(*n));
	snprintf(n->name, sizeof(n->name), "%s", ns->name);
	snprintf(n->container, sizeof(n->container), "%s", ns->container);
	n->inode = ns->inode;
	n->counts = t->ns_counts;
	n->k = *k;
	if (keep_findings(t, n, f, nf))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	memset(&t->ns_counts, 0, sizeof(t->ns_counts));
	/* As serve labels a namespace everywhere: its name, else its inode. */
	if (ns->name[0])
		snprintf(label, sizeof(label), "%s", ns->name);
	else
		snprintf(label, sizeof(label), "%llu", (unsigned long long)ns->inode);
	for (i = t->ns_first; i < t->nls; i++) {
		snprintf(t->ls[i].pub.netns, sizeof(t->ls[i].pub.netns), "%s", label);
		t->listener_of[t->ls[i].pub.port] = 0;
	}
	t->ns_first = t->nls;
	return 0;
}

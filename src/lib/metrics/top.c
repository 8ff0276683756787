// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Bounding the tables: the busiest listening ports and the fullest
 * listeners are kept, the rest summed in one last "other" row, so a
 * scrape's size never grows with the host.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics/metrics_int.h"
#include "tcpdoc/i18n.h"

static int by_busiest(const void *a, const void *b)
{
	const struct tcpd_metrics_port *x = a, *y = b;
	uint64_t nx = mstates_total(x->state), ny = mstates_total(y->state);

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return x->port - y->port;
}

static void port_merge(struct tcpd_metrics_port *into, const struct tcpd_metrics_port *p)
{
	int i;

	for (i = 0; i < TCPD_M_NSTATES; i++)
		into->state[i] += p->state[i];
	for (i = 0; i <= TCPD_RTT_NBOUNDS; i++)
		into->rtt[i] += p->rtt[i];
	into->rtt_count += p->rtt_count;
	into->rtt_sum_s += p->rtt_sum_s;
	into->retrans += p->retrans;
}

int tally_ports(struct tally *t, size_t n, struct tcpd_err *err)
{
	struct tcpd_metrics *m = t->m;
	struct tcpd_metrics_port other = m->ports[0];
	size_t i, listening = m->nports - 1;

	(void)err;
	qsort(m->ports + 1, listening, sizeof(*m->ports), by_busiest);
	for (i = 1 + n; i < m->nports; i++)
		port_merge(&other, &m->ports[i]);
	if (listening > n)
		listening = n;
	memmove(m->ports, m->ports + 1, listening * sizeof(*m->ports));
	m->ports[listening] = other;
	m->nports = listening + 1;
	return 0;
}

static int by_fullest(const void *a, const void *b)
{
	const struct m_listener *x = a, *y = b;

	if (x->pub.queue != y->pub.queue)
		return x->pub.queue > y->pub.queue ? -1 : 1;
	if (x->pub.syn_recv != y->pub.syn_recv)
		return x->pub.syn_recv > y->pub.syn_recv ? -1 : 1;
	if (x->pub.port != y->pub.port)
		return x->pub.port - y->pub.port;
	return strcmp(x->pub.netns, y->pub.netns);
}

int tally_listeners(struct tally *t, size_t n, struct tcpd_err *err)
{
	struct tcpd_metrics *m = t->m;
	size_t i, keep = t->nls < n ? t->nls : n;
	struct tcpd_metrics_listener *o;

	m->listeners = calloc(keep + 1, sizeof(*m->listeners));
	if (!m->listeners)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (t->nls > 1)	/* ls is NULL when no listener was seen */
		qsort(t->ls, t->nls, sizeof(*t->ls), by_fullest);
	for (i = 0; i < keep; i++)
		m->listeners[i] = t->ls[i].pub;
	m->nlisteners = keep;
	if (t->nls == keep)
		return 0;
	o = &m->listeners[m->nlisteners++];
	o->other = true;
	for (i = keep; i < t->nls; i++) {
		o->queue += t->ls[i].pub.queue;
		o->backlog += t->ls[i].pub.backlog;
		o->syn_recv += t->ls[i].pub.syn_recv;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's /metrics: struct tcpd_metrics as Prometheus families. The
 * library collects; the exposition is a rendering like JSON or the
 * table, so it lives here (docs/DESIGN.md). This file writes the socket
 * families; metrics_doctor.c the doctor's, the kernel's and serve's own.
 * Every family and label is documented in docs/metrics.md.
 */
#include <locale.h>

#include "render/metrics.h"
#include "render/prom.h"
#include "render/states.h"
#include "tcpdoc/state.h"

/* The namespace labels: name (or inode) and container where known. */
void render_ns_labels(struct prom_labels *l, const struct tcpd_metrics_ns *n)
{
	prom_labels(l);
	if (n->name[0])
		prom_label(l, "netns", n->name);
	else
		prom_label_u64(l, "netns", n->inode);
	if (n->container[0])
		prom_label(l, "container", n->container);
}

static void states(struct prom *p, const struct tcpd_metrics *m)
{
	struct prom_labels l;
	size_t i, j;

	prom_family(p, "tcpdoc_sockets", PROM_GAUGE,
		    "TCP sockets in each state, per network namespace.");
	for (i = 0; i < m->nns; i++)
		for (j = 0; j < TCPD_NSTATES; j++) {
			int st = tcpd_state_order[j];

			render_ns_labels(&l, &m->ns[i]);
			prom_label(&l, "state", tcpd_state_name(st));
			prom_u64(p, "tcpdoc_sockets", &l, m->ns[i].counts.state[st]);
		}
}

static void port_label(struct prom_labels *l, int port)
{
	prom_labels(l);
	if (port < 0)
		prom_label(l, "port", "other");
	else
		prom_label_u64(l, "port", (uint64_t)port);
}

static void per_port(struct prom *p, const struct tcpd_metrics *m)
{
	struct prom_labels l;
	size_t i;
	int ms;

	prom_family(p, "tcpdoc_port_sockets", PROM_GAUGE,
		    "Sockets per listening port (the busiest; the rest as port=\"other\") and state.");
	for (i = 0; i < m->nports; i++)
		for (ms = 0; ms < TCPD_M_NSTATES; ms++) {
			port_label(&l, m->ports[i].port);
			prom_label(&l, "state", tcpd_state_name(tcpd_mstate_state(ms)));
			prom_u64(p, "tcpdoc_port_sockets", &l, m->ports[i].state[ms]);
		}
	prom_family(p, "tcpdoc_port_retransmitted_segments", PROM_GAUGE,
		    "Sum of tcpi_total_retrans over the port's ESTABLISHED sockets now.");
	for (i = 0; i < m->nports; i++) {
		port_label(&l, m->ports[i].port);
		prom_u64(p, "tcpdoc_port_retransmitted_segments", &l, m->ports[i].retrans);
	}
}

static void rtt_one(struct prom *p, const struct tcpd_metrics_port *pt)
{
	struct prom_labels l;
	uint64_t cum = 0;
	char le[32];
	size_t b;

	for (b = 0; b <= TCPD_RTT_NBOUNDS; b++) {
		cum += pt->rtt[b];
		port_label(&l, pt->port);
		if (b < TCPD_RTT_NBOUNDS)
			snprintf(le, sizeof(le), "%g", tcpd_rtt_bound_s(b));
		else
			snprintf(le, sizeof(le), "+Inf");
		prom_label(&l, "le", le);
		prom_u64(p, "tcpdoc_port_rtt_seconds_bucket", &l, cum);
	}
	port_label(&l, pt->port);
	prom_dbl(p, "tcpdoc_port_rtt_seconds_sum", &l, pt->rtt_sum_s);
	prom_u64(p, "tcpdoc_port_rtt_seconds_count", &l, pt->rtt_count);
}

static void rtt(struct prom *p, const struct tcpd_metrics *m)
{
	size_t i;

	prom_family(p, "tcpdoc_port_rtt_seconds", PROM_HISTOGRAM,
		    "Smoothed RTT (tcpi_rtt) of the port's ESTABLISHED sockets at collection time.");
	for (i = 0; i < m->nports; i++)
		rtt_one(p, &m->ports[i]);
}

static void per_process(struct prom *p, const struct tcpd_metrics *m)
{
	struct prom_labels l;
	size_t i;
	int ms;

	prom_family(p, "tcpdoc_process_sockets", PROM_GAUGE,
		    "Sockets per process name (the busiest; the rest as \"other\", none known as \"-\") and state.");
	for (i = 0; i <= m->nprocs; i++)
		for (ms = 0; ms < TCPD_M_NSTATES; ms++) {
			const char *comm = i < m->nprocs ? m->procs[i].comm : "-";

			prom_labels(&l);
			prom_label(&l, "process", comm[0] ? comm : "other");
			prom_label(&l, "state", tcpd_state_name(tcpd_mstate_state(ms)));
			prom_u64(p, "tcpdoc_process_sockets", &l,
				 i < m->nprocs ? m->procs[i].state[ms] : m->unowned[ms]);
		}
}

static void listener_labels(struct prom_labels *l, const struct tcpd_metrics_listener *x)
{
	char addr[64];

	prom_labels(l);
	if (x->other) {
		prom_label(l, "netns", "");
		prom_label(l, "address", "");
		prom_label(l, "port", "other");
		return;
	}
	prom_label(l, "netns", x->netns);
	prom_label(l, "address", tcpd_addr_str(&x->addr, addr, sizeof(addr)));
	prom_label_u64(l, "port", x->port);
}

static void listeners(struct prom *p, const struct tcpd_metrics *m)
{
	static const struct {
		const char *name, *help;
	} fam[] = {
		{ "tcpdoc_listener_accept_queue", "Connections waiting in the listener's accept queue." },
		{ "tcpdoc_listener_backlog", "The listener's accept-queue limit (its backlog)." },
		{ "tcpdoc_listener_syn_recv", "Request sockets (SYN_RECV) for the listener's port." },
	};
	struct prom_labels l;
	size_t f, i;

	for (f = 0; f < 3; f++) {
		prom_family(p, fam[f].name, PROM_GAUGE, fam[f].help);
		for (i = 0; i < m->nlisteners; i++) {
			const struct tcpd_metrics_listener *x = &m->listeners[i];

			listener_labels(&l, x);
			prom_u64(p, fam[f].name, &l, f == 0 ? x->queue :
				 f == 1 ? x->backlog : x->syn_recv);
		}
	}
}

void render_metrics(FILE *f, const struct tcpd_metrics *m, const struct serve_stats *st,
		    bool om)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	struct prom p = { .f = f, .om = om };

	if (m) {
		states(&p, m);
		per_port(&p, m);
		rtt(&p, m);
		per_process(&p, m);
		listeners(&p, m);
		render_metrics_doctor(&p, m);
		render_metrics_kernel(&p, m);
	}
	render_metrics_times(&p, st);
	render_metrics_self(&p, m, st);
	prom_end(&p);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
}

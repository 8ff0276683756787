// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's time-in-state families (docs/metrics.md): from the kernel's
 * counters, a histogram per state of the seconds spent in it before
 * leaving, the changes whose start was not known, the changes by kind,
 * and the sockets the bounded map could not keep. Fixed cardinality: the
 * eight timed states, and at most the kinds the kernel reports.
 */
#include <stdio.h>

#include "render/metrics.h"
#include "render/prom.h"
#include "tcpdoc/state.h"
#include "tcpdoc/watch.h"

/* The states a socket leaves with a time the tracepoint can measure. */
static const int timed[] = {
	TCPD_SYN_SENT, TCPD_SYN_RECV, TCPD_ESTABLISHED, TCPD_FIN_WAIT1,
	TCPD_FIN_WAIT2, TCPD_CLOSE_WAIT, TCPD_LAST_ACK, TCPD_CLOSING,
};
#define NTIMED (sizeof(timed) / sizeof(timed[0]))

static void state_label(struct prom_labels *l, int st)
{
	prom_labels(l);
	prom_label(l, "state", tcpd_state_name(st));
}

static void histogram_one(struct prom *p, int st, const struct tcpd_times_state *t)
{
	struct prom_labels l;
	uint64_t cum = 0;
	char le[32];
	int b;

	for (b = 0; b < TCPD_TIMES_BUCKETS; b++) {
		cum += t->bucket[b];
		state_label(&l, st);
		if (b < TCPD_TIMES_BUCKETS - 1)
			snprintf(le, sizeof(le), "%g", tcpd_times_bound_s(b));
		else
			snprintf(le, sizeof(le), "+Inf");
		prom_label(&l, "le", le);
		prom_u64(p, "tcpdoc_state_time_seconds_bucket", &l, cum);
	}
	state_label(&l, st);
	prom_dbl(p, "tcpdoc_state_time_seconds_sum", &l, t->sum_s);
	prom_u64(p, "tcpdoc_state_time_seconds_count", &l, t->count);
}

static void histograms(struct prom *p, const struct tcpd_times *t)
{
	struct prom_labels l;
	size_t i;

	prom_family(p, "tcpdoc_state_time_seconds", PROM_HISTOGRAM,
		    "Seconds a socket spent in a state before leaving it, for changes whose start the tracer saw.");
	for (i = 0; i < NTIMED; i++)
		histogram_one(p, timed[i], &t->state[timed[i]]);
	prom_family(p, "tcpdoc_state_untimed_changes_total", PROM_COUNTER,
		    "Changes out of a state whose start the tracer did not see (the socket was older than serve, or not kept).");
	for (i = 0; i < NTIMED; i++) {
		state_label(&l, timed[i]);
		prom_u64(p, "tcpdoc_state_untimed_changes_total", &l,
			 t->state[timed[i]].untimed);
	}
}

/* Only the kinds seen: at most 12 x 12, in practice about 20. */
static void changes(struct prom *p, const struct tcpd_times *t)
{
	struct prom_labels l;
	int from, to;

	prom_family(p, "tcpdoc_state_changes_total", PROM_COUNTER,
		    "TCP state changes by kind (from, to) since serve started; a hand-over to a time-wait socket counts as to TIME_WAIT.");
	for (from = 1; from < TCPD_NEW_SYN_RECV; from++)
		for (to = 1; to < TCPD_NEW_SYN_RECV; to++) {
			if (!t->state[from].to[to])
				continue;
			prom_labels(&l);
			prom_label(&l, "from", tcpd_state_name(from));
			prom_label(&l, "to", tcpd_state_name(to));
			prom_u64(p, "tcpdoc_state_changes_total", &l, t->state[from].to[to]);
		}
	prom_family(p, "tcpdoc_state_timer_lost_total", PROM_COUNTER,
		    "Sockets the tracer could not keep (its bounded map was full): their next change is untimed.");
	prom_u64(p, "tcpdoc_state_timer_lost_total", NULL, t->lost);
}

void render_metrics_times(struct prom *p, const struct serve_stats *st)
{
	prom_family(p, "tcpdoc_state_timer_up", PROM_GAUGE,
		    "1 when the state tracer runs (root and BPF) and the tcpdoc_state_* families are exported, else 0.");
	prom_u64(p, "tcpdoc_state_timer_up", NULL, st->times != NULL);
	if (!st->times)
		return;
	histograms(p, st->times);
	changes(p, st->times);
}

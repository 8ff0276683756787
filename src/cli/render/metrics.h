/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RENDER_METRICS_H
#define TCPD_RENDER_METRICS_H

#include <stdbool.h>
#include <stdio.h>

#include "tcpdoc/metrics.h"
#include "tcpdoc/watch.h"

/* What serve knows about itself, exported beside a collection. */
struct serve_stats {
	unsigned long long collections;	/* attempted */
	unsigned long long errors;	/* collections that failed */
	bool ok;			/* the last one succeeded: @m is it */
	const char *source;		/* the socket source asked for */
	const struct tcpd_times *times;	/* time in state; NULL: no timer */
};

/*
 * Every family docs/metrics.md lists, in the text format 0.0.4 or
 * OpenMetrics (@om). @m is NULL when no collection succeeded yet.
 */
void render_metrics(FILE *f, const struct tcpd_metrics *m, const struct serve_stats *st,
		    bool om);

/* A namespace's labels: netns (its name, else its inode), container where known. */
struct prom_labels;
void render_ns_labels(struct prom_labels *l, const struct tcpd_metrics_ns *n);

/* The families of the doctor, the kernel and serve itself (metrics_doctor.c). */
struct prom;
void render_metrics_doctor(struct prom *p, const struct tcpd_metrics *m);
void render_metrics_kernel(struct prom *p, const struct tcpd_metrics *m);
void render_metrics_self(struct prom *p, const struct tcpd_metrics *m,
			 const struct serve_stats *st);
/* The time-in-state families, or only tcpdoc_state_timer_up 0 (metrics_times.c). */
void render_metrics_times(struct prom *p, const struct serve_stats *st);

#endif

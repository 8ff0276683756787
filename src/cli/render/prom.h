/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PROM_H
#define TCPD_PROM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * The Prometheus exposition formats: text 0.0.4, or OpenMetrics 1.0.0
 * when @om. Names and labels are the caller's; this writes HELP and TYPE
 * once per family and escapes label values. Numbers go through printf:
 * the caller writes under the C numeric locale (render_metrics does).
 */
enum prom_type { PROM_GAUGE, PROM_COUNTER, PROM_HISTOGRAM, PROM_INFO };

struct prom {
	FILE *f;
	bool om;
};

#define PROM_LABELS 512

/* Labels: start empty, add pairs; the text goes between the braces. */
struct prom_labels {
	char s[PROM_LABELS];
	size_t len;
};

void prom_labels(struct prom_labels *l);
void prom_label(struct prom_labels *l, const char *key, const char *val);
void prom_label_u64(struct prom_labels *l, const char *key, uint64_t val);

/*
 * HELP and TYPE of family @name: a counter's name ends in _total and an
 * info's in _info, as its samples are named; OpenMetrics drops the suffix
 * from the family's name.
 */
void prom_family(struct prom *p, const char *name, enum prom_type t, const char *help);
/* One sample; @l may be NULL. */
void prom_u64(struct prom *p, const char *name, const struct prom_labels *l, uint64_t v);
void prom_dbl(struct prom *p, const char *name, const struct prom_labels *l, double v);
/* The end: OpenMetrics says "# EOF". */
void prom_end(struct prom *p);

/* The Content-Type of what @om selects. */
const char *prom_content_type(bool om);

#endif

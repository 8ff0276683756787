// SPDX-License-Identifier: GPL-2.0-or-later
/* Writing the Prometheus text and OpenMetrics exposition formats. */
#include <math.h>
#include <string.h>

#include "render/prom.h"

void prom_labels(struct prom_labels *l)
{
	l->s[0] = '\0';
	l->len = 0;
}

static void put(struct prom_labels *l, char c)
{
	if (l->len + 1 < sizeof(l->s)) {
		l->s[l->len++] = c;
		l->s[l->len] = '\0';
	}
}

static void puts_(struct prom_labels *l, const char *s)
{
	while (*s)
		put(l, *s++);
}

/* Values escape backslash, double quote and newline. */
void prom_label(struct prom_labels *l, const char *key, const char *val)
{
	if (l->len)
		put(l, ',');
	puts_(l, key);
	puts_(l, "=\"");
	for (; *val; val++) {
		if (*val == '\\' || *val == '"')
			put(l, '\\');
		if (*val == '\n') {
			puts_(l, "\\n");
			continue;
		}
		put(l, *val);
	}
	put(l, '"');
}

void prom_label_u64(struct prom_labels *l, const char *key, uint64_t val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)val);
	prom_label(l, key, buf);
}

static const char *const type_names[] = {
	[PROM_GAUGE] = "gauge",
	[PROM_COUNTER] = "counter",
	[PROM_HISTOGRAM] = "histogram",
	[PROM_INFO] = "info",
};

void prom_family(struct prom *p, const char *name, enum prom_type t, const char *help)
{
	size_t n = strlen(name);
	enum prom_type shown = t;

	if (p->om && t == PROM_COUNTER && n > 6 && !strcmp(name + n - 6, "_total"))
		n -= 6;
	else if (p->om && t == PROM_INFO && n > 5 && !strcmp(name + n - 5, "_info"))
		n -= 5;
	/* The text format knows no info type: a gauge of 1 is the convention. */
	if (!p->om && t == PROM_INFO)
		shown = PROM_GAUGE;
	fprintf(p->f, "# HELP %.*s %s\n# TYPE %.*s %s\n", (int)n, name, help,
		(int)n, name, type_names[shown]);
}

static void head(struct prom *p, const char *name, const struct prom_labels *l)
{
	fputs(name, p->f);
	if (l && l->len)
		fprintf(p->f, "{%s}", l->s);
	fputc(' ', p->f);
}

void prom_u64(struct prom *p, const char *name, const struct prom_labels *l, uint64_t v)
{
	head(p, name, l);
	fprintf(p->f, "%llu\n", (unsigned long long)v);
}

void prom_dbl(struct prom *p, const char *name, const struct prom_labels *l, double v)
{
	head(p, name, l);
	if (isnan(v))
		fputs("NaN\n", p->f);
	else if (isinf(v))
		fputs(v > 0 ? "+Inf\n" : "-Inf\n", p->f);
	else
		fprintf(p->f, "%.9g\n", v);
}

void prom_end(struct prom *p)
{
	if (p->om)
		fputs("# EOF\n", p->f);
}

const char *prom_content_type(bool om)
{
	return om ? "application/openmetrics-text; version=1.0.0; charset=utf-8" :
		    "text/plain; version=0.0.4; charset=utf-8";
}

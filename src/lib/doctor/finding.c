// SPDX-License-Identifier: GPL-2.0-or-later
/* Findings: a growing list, and helpers that fill one without overflowing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/finding.h"
#include "tcpdoc/vec.h"

struct tcpd_finding *tcpd_finding_add(struct tcpd_findings *l, const char *id,
				      enum tcpd_severity sev)
{
	struct tcpd_finding *f;

	if (tcpd_vec_room(l->f, l->len, l->cap, 8))
		return NULL;
	f = &l->f[l->len++];
	memset(f, 0, sizeof(*f));
	f->id = id;
	f->severity = sev;
	return f;
}

void tcpd_findings_free(struct tcpd_findings *l)
{
	free(l->f);
	memset(l, 0, sizeof(*l));
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct tcpd_finding *a = pa, *b = pb;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->id, b->id);
}

void tcpd_findings_sort(struct tcpd_findings *l)
{
	if (l->len)
		qsort(l->f, l->len, sizeof(*l->f), cmp_finding);
}

enum tcpd_severity tcpd_findings_worst(const struct tcpd_findings *l)
{
	enum tcpd_severity w = TCPD_SEV_INFO;
	size_t i;

	for (i = 0; i < l->len; i++)
		if (l->f[i].severity > w)
			w = l->f[i].severity;
	return w;
}

const char *tcpd_severity_name(enum tcpd_severity s)
{
	static const char *const names[] = { "info", "warning", "critical" };

	return s <= TCPD_SEV_CRITICAL ? names[s] : "?";
}

const char *tcpd_certainty_name(enum tcpd_certainty c)
{
	static const char *const names[] = { "possible", "likely", "certain" };

	return c <= TCPD_CERTAIN ? names[c] : "?";
}

void tcpd_f_sure(struct tcpd_finding *f, enum tcpd_certainty c, const char *fmt, ...)
{
	va_list ap;

	f->certainty = c;
	va_start(ap, fmt);
	vsnprintf(f->because, sizeof(f->because), fmt, ap);
	va_end(ap);
}

static struct tcpd_evidence *ev_add(struct tcpd_finding *f, const char *key,
				    enum tcpd_ev_kind kind)
{
	struct tcpd_evidence *e;

	if (f->nev == TCPD_F_EVIDENCE)
		return NULL;
	e = &f->ev[f->nev++];
	memset(e, 0, sizeof(*e));
	e->key = key;
	e->kind = kind;
	return e;
}

void tcpd_ev_u64(struct tcpd_finding *f, const char *key, uint64_t v)
{
	struct tcpd_evidence *e = ev_add(f, key, TCPD_EV_U64);

	if (e)
		e->u = v;
}

void tcpd_ev_dbl(struct tcpd_finding *f, const char *key, double v)
{
	struct tcpd_evidence *e = ev_add(f, key, TCPD_EV_DBL);

	if (e)
		e->d = v;
}

void tcpd_ev_str(struct tcpd_finding *f, const char *key, const char *v)
{
	struct tcpd_evidence *e = ev_add(f, key, TCPD_EV_STR);

	if (e)
		snprintf(e->s, sizeof(e->s), "%s", v);
}

void tcpd_f_port(struct tcpd_finding *f, uint16_t port)
{
	size_t i;

	for (i = 0; i < f->nports; i++)
		if (f->ports[i] == port)
			return;
	if (f->nports < TCPD_F_PORTS)
		f->ports[f->nports++] = port;
}

void tcpd_f_peer(struct tcpd_finding *f, const char *peer)
{
	size_t i;

	for (i = 0; i < f->npeers; i++)
		if (!strcmp(f->peers[i], peer))
			return;
	if (f->npeers < TCPD_F_PEERS)
		snprintf(f->peers[f->npeers++], sizeof(f->peers[0]), "%s", peer);
}

void tcpd_f_advice(struct tcpd_finding *f, const char *text)
{
	if (f->nadvice < TCPD_F_ADVICE)
		f->advice[f->nadvice++] = text;
}

void tcpd_f_summary(struct tcpd_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->summary, sizeof(f->summary), fmt, ap);
	va_end(ap);
}

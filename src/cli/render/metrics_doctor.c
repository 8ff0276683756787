// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's /metrics, continued: the doctor's findings and verdict, the
 * kernel's counters and settings per namespace, and serve's own numbers.
 */
#include <ctype.h>
#include <string.h>

#include "render/metrics.h"
#include "render/prom.h"

#ifndef TCPD_VERSION
#define TCPD_VERSION "0.0"
#endif

/* A finding id over some findings: raised in any, worst, summed. */
struct verdict {
	bool raised;
	enum tcpd_severity sev;
	uint64_t count;
};

/* The findings a series speaks for: one namespace's (@n), else every one's. */
struct fslice {
	const struct tcpd_metrics_finding *f;
	size_t n;
	const struct tcpd_metrics_ns *ns;
};

static struct fslice fslice(const struct tcpd_metrics *m, const struct tcpd_metrics_ns *n)
{
	if (!n)
		return (struct fslice){ m->nsf, m->nnsf, NULL };
	return (struct fslice){ n->nf ? m->nsf + n->f_first : NULL, n->nf, n };
}

static struct verdict verdict_of(struct fslice s, const char *id)
{
	struct verdict v = { 0 };
	size_t i;

	for (i = 0; i < s.n; i++) {
		if (strcmp(s.f[i].id, id))
			continue;
		if (!v.raised || s.f[i].severity > v.sev)
			v.sev = s.f[i].severity;
		v.raised = true;
		v.count += s.f[i].count;
	}
	return v;
}

/* The doctor's verdict as diagnose's exit code: 0 ok, 1 warning, 2 critical. */
static unsigned int status_of(struct fslice s)
{
	unsigned int st = 0;
	size_t i;

	for (i = 0; i < s.n; i++)
		if (s.f[i].severity == TCPD_SEV_CRITICAL)
			st = 2;
		else if (s.f[i].severity == TCPD_SEV_WARNING && !st)
			st = 1;
	return st;
}

/* Labels of a series for @s: its namespace's (with -A), then @key="@val". */
static void slice_labels(struct prom_labels *l, struct fslice s, const char *key,
			 const char *val)
{
	if (s.ns)
		render_ns_labels(l, s.ns);
	else
		prom_labels(l);
	if (key)
		prom_label(l, key, val);
}

static const struct {
	const char *name, *help;
} finding_fam[] = {
	{ "tcpdoc_finding_raised", "1 when the doctor raises this finding (docs/findings.md), else 0." },
	{ "tcpdoc_finding_severity", "The finding's severity: 0 not raised, 1 info, 2 warning, 3 critical." },
	{ "tcpdoc_finding_affected", "The sockets or events the finding counts (its count); 0 when not raised." },
};

/* One series per finding id in the catalogue, zeros included. */
static void finding_rows(struct prom *p, struct fslice s, int which)
{
	struct prom_labels lab;
	const char *id;
	size_t i;

	for (i = 0; (id = tcpd_finding_id(i)); i++) {
		struct verdict v = verdict_of(s, id);

		slice_labels(&lab, s, "id", id);
		prom_u64(p, finding_fam[which].name, &lab,
			 which == 0 ? v.raised : which == 1 ? (v.raised ? 1u + v.sev : 0) : v.count);
	}
}

/*
 * Without -A one series per id, over the namespace(s) read; with -A one
 * per id and namespace, labelled as tcpdoc_sockets is (docs/metrics.md:
 * ids x namespaces series per family).
 */
void render_metrics_doctor(struct prom *p, const struct tcpd_metrics *m)
{
	struct prom_labels lab;
	size_t i;
	int w;

	for (w = 0; w < 3; w++) {
		prom_family(p, finding_fam[w].name, PROM_GAUGE, finding_fam[w].help);
		if (!m->per_ns)
			finding_rows(p, fslice(m, NULL), w);
		for (i = 0; m->per_ns && i < m->nns; i++)
			finding_rows(p, fslice(m, &m->ns[i]), w);
	}
	prom_family(p, "tcpdoc_status", PROM_GAUGE,
		    "The doctor's verdict: 0 ok, 1 warning, 2 critical (as diagnose's exit code).");
	if (!m->per_ns)
		prom_u64(p, "tcpdoc_status", NULL, status_of(fslice(m, NULL)));
	for (i = 0; m->per_ns && i < m->nns; i++) {
		struct fslice s = fslice(m, &m->ns[i]);

		slice_labels(&lab, s, NULL, NULL);
		prom_u64(p, "tcpdoc_status", &lab, status_of(s));
	}
}

/* "TCPReqQFullDrop" -> "tcp_req_q_full_drop": a word starts at a capital
 * after a small letter, or at the last capital of a run before a small one. */
static void snake(const char *in, char *out, size_t len)
{
	size_t i, o = 0;

	for (i = 0; in[i] && o + 2 < len; i++) {
		bool up = isupper((unsigned char)in[i]);

		if (i && up && (islower((unsigned char)in[i - 1]) ||
				(isupper((unsigned char)in[i - 1]) &&
				 islower((unsigned char)in[i + 1]))))
			out[o++] = '_';
		out[o++] = (char)tolower((unsigned char)in[i]);
	}
	out[o] = '\0';
}

static void counters(struct prom *p, const struct tcpd_metrics *m)
{
	char name[96], word[64], help[160];
	struct prom_labels l;
	size_t i;
	int c;

	for (c = 0; c < TCPD_C_MAX; c++) {
		snake(tcpd_counter_name(c), word, sizeof(word));
		snprintf(name, sizeof(name), "tcpdoc_kernel_%s_total", word);
		snprintf(help, sizeof(help), "The kernel's TCP counter %s (/proc/net/netstat or snmp).",
			 tcpd_counter_name(c));
		prom_family(p, name, PROM_COUNTER, help);
		for (i = 0; i < m->nns; i++)
			if (m->ns[i].k.has_ctr[c]) {
				render_ns_labels(&l, &m->ns[i]);
				prom_u64(p, name, &l, m->ns[i].k.ctr[c]);
			}
	}
}

static void sysctls(struct prom *p, const struct tcpd_metrics *m)
{
	char name[96], help[160];
	struct prom_labels l;
	size_t i;
	int s;

	for (s = 0; s < TCPD_SYS_MAX; s++) {
		snprintf(name, sizeof(name), "tcpdoc_sysctl_%s", tcpd_sysctl_name(s));
		snprintf(help, sizeof(help), "The setting %s, as the doctor read it.",
			 tcpd_sysctl_name(s));
		prom_family(p, name, PROM_GAUGE, help);
		for (i = 0; i < m->nns; i++)
			if (m->ns[i].k.has_sys[s]) {
				render_ns_labels(&l, &m->ns[i]);
				prom_dbl(p, name, &l, (double)m->ns[i].k.sys[s]);
			}
	}
}

static void sockstat(struct prom *p, const struct tcpd_metrics *m)
{
	static const char *const what[] = { "inuse", "orphan", "tw", "alloc", "mem_pages" };
	struct prom_labels l;
	size_t i, w;
	char name[64];

	for (w = 0; w < 5; w++) {
		snprintf(name, sizeof(name), "tcpdoc_sockstat_%s", what[w]);
		prom_family(p, name, PROM_GAUGE, "The TCP line of /proc/net/sockstat.");
		for (i = 0; i < m->nns; i++) {
			const struct tcpd_kernel *k = &m->ns[i].k;
			uint64_t v[] = { k->inuse, k->orphan, k->tw, k->alloc, k->mem_pages };

			if (!k->has_sockstat)
				continue;
			render_ns_labels(&l, &m->ns[i]);
			prom_u64(p, name, &l, v[w]);
		}
	}
}

void render_metrics_kernel(struct prom *p, const struct tcpd_metrics *m)
{
	struct prom_labels l;
	size_t i;

	counters(p, m);
	sysctls(p, m);
	sockstat(p, m);
	prom_family(p, "tcpdoc_unreadable", PROM_GAUGE,
		    "1 for each setting or counter that exists but could not be read.");
	for (i = 0; i < m->doc.nunread; i++) {
		prom_labels(&l);
		prom_label(&l, "name", m->doc.unread[i]);
		prom_u64(p, "tcpdoc_unreadable", &l, 1);
	}
}

static void self_last(struct prom *p, const struct tcpd_metrics *m)
{
	prom_family(p, "tcpdoc_collection_duration_seconds", PROM_GAUGE,
		    "How long the last collection took.");
	prom_dbl(p, "tcpdoc_collection_duration_seconds", NULL, m->duration_s);
	prom_family(p, "tcpdoc_netns_denied", PROM_GAUGE,
		    "Network namespaces the last collection could not enter.");
	prom_u64(p, "tcpdoc_netns_denied", NULL, m->doc.netns_denied);
	prom_family(p, "tcpdoc_owners_hidden_processes", PROM_GAUGE,
		    "Processes whose sockets could not be attributed (their fds were unreadable).");
	prom_u64(p, "tcpdoc_owners_hidden_processes", NULL, m->doc.owners_hidden);
	prom_family(p, "tcpdoc_dump_interrupted", PROM_GAUGE,
		    "1 when a socket table changed during the last dump (counts may be off by a few).");
	prom_u64(p, "tcpdoc_dump_interrupted", NULL, m->doc.interrupted);
}

void render_metrics_self(struct prom *p, const struct tcpd_metrics *m,
			 const struct serve_stats *st)
{
	struct prom_labels l;

	if (m)
		self_last(p, m);
	prom_family(p, "tcpdoc_collections_total", PROM_COUNTER,
		    "Collections serve has run (scrapes within --min-interval share one).");
	prom_u64(p, "tcpdoc_collections_total", NULL, st->collections);
	prom_family(p, "tcpdoc_collection_errors_total", PROM_COUNTER,
		    "Collections that failed.");
	prom_u64(p, "tcpdoc_collection_errors_total", NULL, st->errors);
	prom_family(p, "tcpdoc_collection_success", PROM_GAUGE,
		    "1 when the last collection succeeded.");
	prom_u64(p, "tcpdoc_collection_success", NULL, st->ok);
	prom_family(p, "tcpdoc_source_info", PROM_INFO, "The socket table's source in use.");
	prom_labels(&l);
	prom_label(&l, "source", m ? m->source : st->source);
	prom_u64(p, "tcpdoc_source_info", &l, 1);
	prom_family(p, "tcpdoc_build_info", PROM_INFO, "tcpdoc's version.");
	prom_labels(&l);
	prom_label(&l, "version", TCPD_VERSION);
	prom_u64(p, "tcpdoc_build_info", &l, 1);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * docs/findings.md documents every finding id of the catalogue and every
 * threshold key, as the library lists them (tcpd_finding_id, tcpd_thr_info),
 * and documents no finding the catalogue lacks.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "doctor/rules/rules.h"
#include "tcpdoc/thresholds.h"

#ifndef TCPD_FINDINGS_MD
#error "meson passes the path of docs/findings.md as TCPD_FINDINGS_MD"
#endif

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = fopen(path, "re"), *m = open_memstream(&buf, &len);
	int c;

	if (!f || !m) {
		if (f)
			fclose(f);
		if (m)
			fclose(m);
		free(buf);
		return NULL;
	}
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(f);
	fclose(m);
	return buf;
}

/* Is there a line that is exactly @line? */
static int has_line(const char *doc, const char *line)
{
	size_t n = strlen(line);
	const char *p = doc;

	while ((p = strstr(p, line))) {
		if ((p == doc || p[-1] == '\n') && (p[n] == '\n' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

/* Is there a line that starts with @prefix? */
static int has_line_start(const char *doc, const char *prefix)
{
	const char *p = doc;

	while ((p = strstr(p, prefix))) {
		if (p == doc || p[-1] == '\n')
			return 1;
		p++;
	}
	return 0;
}

static int in_catalogue(const char *id, size_t len)
{
	const char *c;
	size_t i;

	for (i = 0; (c = tcpd_finding_id(i)); i++)
		if (strlen(c) == len && !strncmp(c, id, len))
			return 1;
	return 0;
}

static void check_ids(const char *doc)
{
	char want[128];
	const char *id;
	size_t i;

	for (i = 0; (id = tcpd_finding_id(i)); i++) {
		snprintf(want, sizeof(want), "## %s", id);
		ok(has_line(doc, want), "%s documented", id);
	}
	ok(i >= 20, "the catalogue lists its findings (%zu)", i);
}

/* Every "## id" heading of the findings section names a catalogue entry. */
static void check_headings(const char *doc)
{
	const char *p = doc, *end = strstr(doc, "\n# Thresholds");
	int n = 0;

	while ((p = strstr(p, "\n## ")) && (!end || p < end)) {
		const char *id = p + 4;
		size_t len = strcspn(id, "\n");

		ok(in_catalogue(id, len), "documented finding %.*s is in the catalogue",
		   (int)len, id);
		n++;
		p = id;
	}
	ok(n > 0, "docs/findings.md has finding headings (%d)", n);
}

static void check_keys(const char *doc)
{
	const struct tcpd_thr_info *t;
	char want[128];
	int i;

	for (i = 0; (t = tcpd_thr_info(i)); i++) {
		snprintf(want, sizeof(want), "| `%s` |", t->key);
		ok(has_line_start(doc, want), "key %s documented", t->key);
	}
	ok(i == TCPD_T_MAX, "every threshold has a key (%d of %d)", i, TCPD_T_MAX);
}

int main(void)
{
	char *doc = slurp(TCPD_FINDINGS_MD);

	if (!doc) {
		ok(0, "read %s", TCPD_FINDINGS_MD);
		return 1;
	}
	check_ids(doc);
	check_headings(doc);
	check_keys(doc);
	free(doc);
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's exposition writer (src/cli/render/prom.c, compiled into this
 * test): label escapes, the family lines of each type in the text format
 * and in OpenMetrics, numbers, and the end marker.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"
#include "render/prom.h"

struct mem {
	char *buf;
	size_t len;
	struct prom p;
};

static struct prom *start(struct mem *m, bool om)
{
	free(m->buf);
	m->buf = NULL;
	m->p.f = open_memstream(&m->buf, &m->len);
	if (!m->p.f)
		abort();
	m->p.om = om;
	return &m->p;
}

static const char *out(struct mem *m)
{
	fclose(m->p.f);
	return m->buf;
}

static void test_labels(void)
{
	struct prom_labels l;
	struct mem m = { 0 };

	prom_labels(&l);
	prom_label(&l, "process", "a\"b\\c\nd");
	prom_label_u64(&l, "port", 8080);
	is_str(l.s, "process=\"a\\\"b\\\\c\\nd\",port=\"8080\"",
	       "labels: quote, backslash and newline escaped, pairs comma-separated (%s)", l.s);
	prom_u64(start(&m, false), "x", &l, 7);
	is_str(out(&m), "x{process=\"a\\\"b\\\\c\\nd\",port=\"8080\"} 7\n", "a sample with labels");
	prom_labels(&l);
	prom_u64(start(&m, false), "x", &l, 0);
	is_str(out(&m), "x 0\n", "no labels: no braces");
	free(m.buf);
}

static void test_families(void)
{
	struct mem m = { 0 };
	struct prom *p;

	p = start(&m, false);
	prom_family(p, "a_total", PROM_COUNTER, "h");
	prom_family(p, "b_info", PROM_INFO, "h");
	prom_end(p);
	is_str(out(&m), "# HELP a_total h\n# TYPE a_total counter\n"
	       "# HELP b_info h\n# TYPE b_info gauge\n",
	       "text: a counter keeps _total, an info is a gauge, no EOF");
	p = start(&m, true);
	prom_family(p, "a_total", PROM_COUNTER, "h");
	prom_family(p, "b_info", PROM_INFO, "h");
	prom_family(p, "c_seconds", PROM_HISTOGRAM, "h");
	prom_end(p);
	is_str(out(&m), "# HELP a h\n# TYPE a counter\n# HELP b h\n# TYPE b info\n"
	       "# HELP c_seconds h\n# TYPE c_seconds histogram\n# EOF\n",
	       "OpenMetrics: families without _total and _info, then # EOF");
	free(m.buf);
}

static void test_numbers(void)
{
	struct mem m = { 0 };
	struct prom *p = start(&m, false);

	prom_dbl(p, "a", NULL, 0.25);
	prom_dbl(p, "b", NULL, INFINITY);
	prom_dbl(p, "c", NULL, NAN);
	prom_u64(p, "d", NULL, UINT64_MAX);
	is_str(out(&m), "a 0.25\nb +Inf\nc NaN\nd 18446744073709551615\n",
	       "numbers: a fraction, +Inf, NaN, a full 64-bit counter");
	free(m.buf);
}

int main(void)
{
	test_labels();
	test_families();
	test_numbers();
	is_str(prom_content_type(false), "text/plain; version=0.0.4; charset=utf-8",
	       "content type: text 0.0.4");
	return tap_done();
}

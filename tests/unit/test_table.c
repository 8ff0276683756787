// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CLI's table renderer (src/cli/render/table.c, compiled into this
 * test): display widths of ASCII, Chinese and broken UTF-8, left and right
 * alignment, the header, and rows past the first batch, which keep the
 * widths measured so far and are never cut.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "render/table.h"

struct mem {
	char *buf;
	size_t len;
	FILE *f;
	struct table t;
};

static struct table *start(struct mem *m, int ncols, const char *const *spec)
{
	free(m->buf);
	m->buf = NULL;
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f || table_init(&m->t, m->f, ncols, spec))
		abort();
	return &m->t;
}

static const char *end(struct mem *m)
{
	table_end(&m->t);
	fclose(m->f);
	m->f = NULL;
	return m->buf;
}

static int row(struct table *t, const char *a, const char *b, const char *c)
{
	const char *cells[] = { a, b, c };

	return table_row(t, cells);
}

static void test_widths(void)
{
	ok(text_width("") == 0, "width of the empty string is 0");
	ok(text_width("127.0.0.1:8080") == 14, "ASCII: one column a byte");
	ok(text_width("合计") == 4, "Chinese: two columns a character (%d)", text_width("合计"));
	ok(text_width("本地端口 port") == 13, "Chinese then ASCII (%d)", text_width("本地端口 port"));
	ok(text_width("caf\xc3\xa9") == 4, "é is one column (%d)", text_width("caf\xc3\xa9"));
	ok(text_width("e\xcc\x81") == 1, "a combining accent takes no column (%d)",
	   text_width("e\xcc\x81"));
	ok(text_width("\xff\xfe") == 2, "invalid UTF-8: a column per byte (%d)",
	   text_width("\xff\xfe"));
	ok(text_width("合\xff计") == 5, "invalid byte between Chinese characters (%d)",
	   text_width("合\xff计"));
	ok(text_width("\xe5\x90") == 2, "a sequence cut short: a column per byte (%d)",
	   text_width("\xe5\x90"));
}

static void test_alignment(struct mem *m)
{
	static const char *const spec[] = { "State", ">Count", "Note" };
	struct table *t;

	t = start(m, 3, spec);
	ok(!row(t, "ESTABLISHED", "10", "a") && !row(t, "LISTEN", "2", NULL) &&
	   !row(t, "CLOSE_WAIT", "1000", "last"), "three rows accepted");
	is_str(end(m),
	       "State        Count  Note\n"
	       "ESTABLISHED     10  a\n"
	       "LISTEN           2  \n"
	       "CLOSE_WAIT    1000  last\n",
	       "text left, numbers right, two spaces between, the last column unpadded");

	t = start(m, 3, spec);
	t->no_header = true;
	row(t, "X", "1", "y");
	is_str(end(m), "X          1  y\n", "no_header: rows only, widths still count the header");

	t = start(m, 3, spec);
	is_str(end(m), "State  Count  Note\n", "no rows: the header alone");
}

static void test_chinese(struct mem *m)
{
	static const char *const spec[] = { "状态", ">数量", "说明" };
	struct table *t;

	t = start(m, 3, spec);
	row(t, "ESTABLISHED", "10", "已建立");
	row(t, "合计", "12345", "x");
	is_str(end(m),
	       "状态          数量  说明\n"
	       "ESTABLISHED     10  已建立\n"
	       "合计         12345  x\n",
	       "Chinese headers and cells line up by display width");
}

static void test_streaming(struct mem *m)
{
	static const char *const spec[] = { "A", ">N", "B" };
	struct table *t;
	const char *s;
	int i, lines = 0, bad = 0;
	char n[16];

	t = start(m, 3, spec);
	for (i = 0; i < TABLE_BATCH; i++) {
		snprintf(n, sizeof(n), "%d", i % 10);
		bad |= row(t, "aa", n, "b");
	}
	/* Past the first batch: printed at once, with the widths so far. */
	bad |= row(t, "a-much-longer-cell", "123456", "tail");
	bad |= row(t, "c", "7", "d");
	s = end(m);
	ok(!bad, "%d rows accepted", TABLE_BATCH + 2);
	for (const char *p = s; *p; p++)
		lines += *p == '\n';
	ok(lines == TABLE_BATCH + 3, "one header and every row (%d lines)", lines);
	ok(!strncmp(s, "A   N  B\naa  0  b\n", 18), "the first batch is aligned to its widths");
	ok(strstr(s, "\na-much-longer-cell  123456  tail\n") != NULL,
	   "a wider cell after the batch is printed whole, not cut");
	ok(strstr(s, "\nc   7  d\n") != NULL, "later rows keep the batch's widths");
	ok(strstr(s + 1, "A   N  B\n") == NULL, "the header is printed once");
}

int main(void)
{
	struct mem m = { 0 };

	if (!setlocale(LC_CTYPE, "C.UTF-8")) {
		ok(0, "the C.UTF-8 locale exists (the CLI switches to it for widths)");
		return 1;
	}
	test_widths();
	test_alignment(&m);
	test_chinese(&m);
	test_streaming(&m);
	free(m.buf);
	return tap_done();
}

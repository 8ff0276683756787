// SPDX-License-Identifier: GPL-2.0-or-later
#include <math.h>

#include "render/json.h"

/*
 * Every command writes from one thread, so the unlocked stdio calls are
 * safe; putc_unlocked is a macro into the stdio buffer, which matters for
 * reports of millions of values (tcpdoc pcap).
 */

void json_init(struct json *j, FILE *f, int pretty)
{
	*j = (struct json){ .f = f, .pretty = pretty };
}

/* One character that needs escaping. */
static void put_escape(FILE *f, unsigned char c)
{
	switch (c) {
	case '"':
		fputs_unlocked("\\\"", f);
		break;
	case '\\':
		fputs_unlocked("\\\\", f);
		break;
	case '\n':
		fputs_unlocked("\\n", f);
		break;
	case '\t':
		fputs_unlocked("\\t", f);
		break;
	case '\r':
		fputs_unlocked("\\r", f);
		break;
	default:
		fprintf(f, "\\u%04x", c);
	}
}

/* Short runs a byte at a time: putc_unlocked is inline, fwrite is a call. */
static void put_mem(FILE *f, const char *p, size_t n)
{
	if (n > 16) {
		fwrite_unlocked(p, 1, n, f);
		return;
	}
	while (n--)
		putc_unlocked(*p++, f);
}

static void put_escaped(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc_unlocked('"', f);
	/* Keys, names and addresses: most of a big report, rarely escaped. */
	for (; *p; p++) {
		if (*p >= 0x20 && *p != '"' && *p != '\\')
			putc_unlocked(*p, f);
		else
			put_escape(f, *p);
	}
	putc_unlocked('"', f);
}

/* The comma, newline, indent and key that come before any value. */
static void prefix(struct json *j, const char *key)
{
	int i;

	if (j->depth > 0 && j->has_items[j->depth])
		putc_unlocked(',', j->f);
	if (j->depth > 0) {
		j->has_items[j->depth] = true;
		if (j->depth <= j->pretty) {
			putc_unlocked('\n', j->f);
			for (i = 0; i < j->depth; i++)
				fputs_unlocked("  ", j->f);
		}
	}
	if (key) {
		put_escaped(j->f, key);
		putc_unlocked(':', j->f);
		if (j->depth <= j->pretty)
			putc_unlocked(' ', j->f);
	}
}

static void open_(struct json *j, const char *key, char c)
{
	prefix(j, key);
	putc_unlocked(c, j->f);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void close_(struct json *j, char c)
{
	int i;

	if (j->depth <= j->pretty && j->has_items[j->depth]) {
		putc_unlocked('\n', j->f);
		for (i = 1; i < j->depth; i++)
			fputs_unlocked("  ", j->f);
	}
	if (j->depth > 0)
		j->depth--;
	putc_unlocked(c, j->f);
}

void json_obj_open(struct json *j, const char *key)
{
	open_(j, key, '{');
}

void json_obj_close(struct json *j)
{
	close_(j, '}');
}

void json_arr_open(struct json *j, const char *key)
{
	open_(j, key, '[');
}

void json_arr_close(struct json *j)
{
	close_(j, ']');
}

void json_str(struct json *j, const char *key, const char *val)
{
	prefix(j, key);
	put_escaped(j->f, val);
}

/* @u / 10^@decimals in decimal, with '-' when @neg: printf's cost, without printf. */
static void put_num(FILE *f, uint64_t u, int decimals, bool neg)
{
	char buf[48], *end = buf + sizeof(buf), *p = end;
	int n = 0;

	do {
		if (n++ == decimals && decimals)
			*--p = '.';
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while ((u || n <= decimals) && p > buf + 2);
	if (neg)
		*--p = '-';
	put_mem(f, p, (size_t)(end - p));
}

void json_u64(struct json *j, const char *key, uint64_t val)
{
	prefix(j, key);
	put_num(j->f, val, 0, false);
}

void json_i64(struct json *j, const char *key, int64_t val)
{
	prefix(j, key);
	put_num(j->f, val < 0 ? -(uint64_t)val : (uint64_t)val, 0, val < 0);
}

void json_double(struct json *j, const char *key, double val, int decimals)
{
	prefix(j, key);
	if (isfinite(val))
		fprintf(j->f, "%.*f", decimals, val);
	else
		fputs("null", j->f);
}

void json_bool(struct json *j, const char *key, bool val)
{
	prefix(j, key);
	fputs_unlocked(val ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	prefix(j, key);
	fputs_unlocked("null", j->f);
}

void json_end(struct json *j)
{
	putc_unlocked('\n', j->f);
}

void fput_fixed(FILE *f, int64_t val, int decimals)
{
	/* Integer digits only: printf's %f is the cost of a big report. */
	put_num(f, val < 0 ? -(uint64_t)val : (uint64_t)val, decimals, val < 0);
}

void json_fixed(struct json *j, const char *key, int64_t val, int decimals)
{
	prefix(j, key);
	fput_fixed(j->f, val, decimals);
}

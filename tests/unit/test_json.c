// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CLI's JSON writer (src/cli/render/json.c, compiled into this test):
 * exact output for strings and their escapes, numbers at their limits,
 * nesting, pretty printing, and text that is not ASCII.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "render/json.h"

/* A writer over a memory stream; out() ends it and returns the text. */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
	struct json j;
};

static struct json *start(struct mem *m, int pretty)
{
	free(m->buf);
	m->buf = NULL;
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f)
		abort();
	json_init(&m->j, m->f, pretty);
	return &m->j;
}

static const char *out(struct mem *m)
{
	fclose(m->f);
	m->f = NULL;
	return m->buf;
}

/* One string value alone, as the writer spells it. */
static const char *str(struct mem *m, const char *s)
{
	json_str(start(m, 0), NULL, s);
	return out(m);
}

static const char *fixed(struct mem *m, int64_t v, int decimals)
{
	json_fixed(start(m, 0), NULL, v, decimals);
	return out(m);
}

static void test_strings(struct mem *m)
{
	is_str(str(m, "plain"), "\"plain\"", "a plain string is quoted");
	is_str(str(m, ""), "\"\"", "the empty string");
	is_str(str(m, "say \"hi\""), "\"say \\\"hi\\\"\"", "quotes are escaped");
	is_str(str(m, "C:\\dir"), "\"C:\\\\dir\"", "backslashes are escaped");
	is_str(str(m, "a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"", "newline, tab and CR get their short escapes");
	is_str(str(m, "\x01\x08\x0c\x1f"), "\"\\u0001\\u0008\\u000c\\u001f\"",
	       "other control characters are \\u00XX");
	is_str(str(m, "del\x7f"), "\"del\x7f\"", "DEL (0x7f) needs no escape and gets none");
	is_str(str(m, "/path/to"), "\"/path/to\"", "'/' is left alone");
	is_str(str(m, "对端已关闭"), "\"对端已关闭\"", "UTF-8 text passes through unchanged");
	is_str(str(m, "caf\xc3\xa9 \xf0\x9f\x90\xa7"), "\"caf\xc3\xa9 \xf0\x9f\x90\xa7\"",
	       "two- and four-byte UTF-8 sequences pass through unchanged");
}

static void test_numbers(struct mem *m)
{
	struct json *j;

	j = start(m, 0);
	json_arr_open(j, NULL);
	json_u64(j, NULL, 0);
	json_u64(j, NULL, 42);
	json_u64(j, NULL, UINT64_MAX);
	json_i64(j, NULL, -1);
	json_i64(j, NULL, INT64_MAX);
	json_i64(j, NULL, INT64_MIN);
	json_arr_close(j);
	is_str(out(m), "[0,42,18446744073709551615,-1,9223372036854775807,-9223372036854775808]",
	       "integers: 0, u64 max, i64 max and min");

	is_str(fixed(m, 1500, 3), "1.500", "json_fixed 1500/10^3 is 1.500");
	is_str(fixed(m, 5, 3), "0.005", "json_fixed 5/10^3 keeps leading zeros: 0.005");
	is_str(fixed(m, -5, 3), "-0.005", "json_fixed -5/10^3 is -0.005");
	is_str(fixed(m, 0, 2), "0.00", "json_fixed 0 with 2 decimals is 0.00");
	is_str(fixed(m, 7, 0), "7", "json_fixed with 0 decimals has no point");
	is_str(fixed(m, -1234567, 1), "-123456.7", "json_fixed -1234567/10 is -123456.7");
	is_str(fixed(m, INT64_MIN, 0), "-9223372036854775808", "json_fixed at INT64_MIN");
	is_str(fixed(m, INT64_MAX, 6), "9223372036854.775807", "json_fixed at INT64_MAX, 6 decimals");

	j = start(m, 0);
	json_arr_open(j, NULL);
	json_double(j, NULL, 1.5, 2);
	json_double(j, NULL, -0.25, 1);
	json_double(j, NULL, 2.0 / 3.0, 3);
	json_double(j, NULL, NAN, 2);
	json_double(j, NULL, INFINITY, 2);
	json_double(j, NULL, -INFINITY, 0);
	json_arr_close(j);
	/* printf rounds half to even on the binary value: -0.25 -> -0.2. */
	is_str(out(m), "[1.50,-0.2,0.667,null,null,null]",
	       "doubles to their decimals; NaN and infinities are null");

	start(m, 0);
	fput_fixed(m->f, 99, 2);
	is_str(out(m), "0.99", "fput_fixed, the same digits for text: 0.99");
}

static void test_nesting(struct mem *m)
{
	struct json *j;
	int i;

	j = start(m, 0);
	json_obj_open(j, NULL);
	json_str(j, "name", "x");
	json_bool(j, "on", true);
	json_bool(j, "off", false);
	json_null(j, "none");
	json_arr_open(j, "list");
	json_obj_open(j, NULL);
	json_u64(j, "a", 1);
	json_obj_close(j);
	json_obj_open(j, NULL);
	json_obj_close(j);
	json_arr_open(j, NULL);
	json_arr_close(j);
	json_arr_close(j);
	json_obj_open(j, "empty");
	json_obj_close(j);
	json_obj_close(j);
	json_end(j);
	is_str(out(m),
	       "{\"name\":\"x\",\"on\":true,\"off\":false,\"none\":null,"
	       "\"list\":[{\"a\":1},{},[]],\"empty\":{}}\n",
	       "objects, arrays, empty ones, commas only between items");

	j = start(m, 0);
	json_obj_open(j, NULL);
	json_str(j, "we\"ird\nkey", "v");
	json_obj_close(j);
	is_str(out(m), "{\"we\\\"ird\\nkey\":\"v\"}", "keys are escaped like values");

	j = start(m, 0);
	for (i = 0; i < 3; i++) {
		json_obj_open(j, NULL);
		json_u64(j, "i", (uint64_t)i);
		json_obj_close(j);
		json_end(j);
	}
	is_str(out(m), "{\"i\":0}\n{\"i\":1}\n{\"i\":2}\n",
	       "top-level documents in a row (JSON Lines) take no commas");

	/* Deeper than JSON_MAX_DEPTH: brackets still balance. */
	j = start(m, 0);
	for (i = 0; i < JSON_MAX_DEPTH + 8; i++)
		json_arr_open(j, NULL);
	for (i = 0; i < JSON_MAX_DEPTH + 8; i++)
		json_arr_close(j);
	{
		const char *s = out(m);
		int opens = 0, closes = 0;

		for (; *s; s++) {
			opens += *s == '[';
			closes += *s == ']';
		}
		ok(opens == JSON_MAX_DEPTH + 8 && closes == opens && s[-1] == ']',
		   "nesting past JSON_MAX_DEPTH still balances (%d opened, %d closed)",
		   opens, closes);
	}
}

static void test_pretty(struct mem *m)
{
	struct json *j;

	j = start(m, 1);
	json_obj_open(j, NULL);
	json_str(j, "status", "ok");
	json_arr_open(j, "xs");
	json_u64(j, NULL, 1);
	json_u64(j, NULL, 2);
	json_arr_close(j);
	json_obj_open(j, "none");
	json_obj_close(j);
	json_obj_close(j);
	json_end(j);
	is_str(out(m), "{\n  \"status\": \"ok\",\n  \"xs\": [1,2],\n  \"none\": {}\n}\n",
	       "pretty 1: one line per top-level member, deeper ones inline");

	j = start(m, 2);
	json_obj_open(j, NULL);
	json_arr_open(j, "xs");
	json_u64(j, NULL, 1);
	json_u64(j, NULL, 2);
	json_arr_close(j);
	json_obj_close(j);
	json_end(j);
	is_str(out(m), "{\n  \"xs\": [\n    1,\n    2\n  ]\n}\n",
	       "pretty 2: two levels broken and indented");
}

int main(void)
{
	struct mem m = { 0 };

	test_strings(&m);
	test_numbers(&m);
	test_nesting(&m);
	test_pretty(&m);
	free(m.buf);
	return tap_done();
}

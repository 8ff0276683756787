/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_JSON_H
#define TCPD_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A streaming JSON writer: one used by every command, so text and JSON
 * come from the same data. @key is NULL inside arrays and at the top.
 */
#define JSON_MAX_DEPTH 32

struct json {
	FILE *f;
	int depth;
	int pretty;			/* newline and indent down to this depth */
	bool has_items[JSON_MAX_DEPTH];
};

/* @pretty: break lines down to that nesting depth (0: one line). */
void json_init(struct json *j, FILE *f, int pretty);
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_i64(struct json *j, const char *key, int64_t val);
void json_double(struct json *j, const char *key, double val, int decimals);
/* @val / 10^@decimals, exactly: json_fixed(j, "at", 1500, 3) writes 1.500. */
void json_fixed(struct json *j, const char *key, int64_t val, int decimals);
/* The same number alone, for text output (one thread per stream). */
void fput_fixed(FILE *f, int64_t val, int decimals);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
/* End the document with a newline. */
void json_end(struct json *j);

#endif

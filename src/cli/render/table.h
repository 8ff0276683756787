/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_TABLE_H
#define TCPD_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "render/width.h"	/* text_width(): the widths a table aligns by */

/*
 * Aligned text columns. Widths come from the first TABLE_BATCH rows, which
 * are held; later rows stream with those widths, so a million-row listing
 * needs no more memory than a screenful. Widths are display widths, so
 * Chinese text lines up.
 */
#define TABLE_MAX_COLS 16
#define TABLE_BATCH 512

struct table {
	FILE *f;
	int ncols;
	const char *head[TABLE_MAX_COLS];
	bool right[TABLE_MAX_COLS];	/* right-aligned (numbers) */
	int width[TABLE_MAX_COLS];
	char **held;			/* held cells, ncols per row */
	size_t nheld;
	bool streaming;
	bool no_header;
};

/* @spec: one entry per column, "Name" or ">Name" for right-aligned. */
int table_init(struct table *t, FILE *f, int ncols, const char *const *spec);

/*
 * Add a row of @ncols cells (copied). Returns -1 when out of memory: the
 * row is dropped and the caller says so (table_end still frees the rest).
 */
int table_row(struct table *t, const char *const *cells);

/* Print what is held and free everything. */
void table_end(struct table *t);

#endif

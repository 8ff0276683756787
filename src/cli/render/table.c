// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "render/table.h"
#include "render/width.h"

static void pad(FILE *f, int n)
{
	static const char spaces[] = "                                ";

	while (n > 0) {
		int k = n < (int)sizeof(spaces) - 1 ? n : (int)sizeof(spaces) - 1;

		fwrite(spaces, 1, (size_t)k, f);
		n -= k;
	}
}

int table_init(struct table *t, FILE *f, int ncols, const char *const *spec)
{
	int i;

	memset(t, 0, sizeof(*t));
	t->f = f;
	t->ncols = ncols < TABLE_MAX_COLS ? ncols : TABLE_MAX_COLS;
	for (i = 0; i < t->ncols; i++) {
		t->right[i] = spec[i][0] == '>';
		t->head[i] = spec[i] + t->right[i];
		t->width[i] = text_width(t->head[i]);
	}
	t->held = calloc(TABLE_BATCH * (size_t)t->ncols, sizeof(char *));
	return t->held ? 0 : -1;
}

static void print_cell(struct table *t, int i, const char *s)
{
	bool last = i == t->ncols - 1;
	/* The last left-aligned column is never padded: skip measuring it. */
	int gap = last && !t->right[i] ? 0 : t->width[i] - text_width(s);

	if (i)
		fputs("  ", t->f);
	if (t->right[i])
		pad(t->f, gap);
	fputs(s, t->f);
	if (!t->right[i] && !last)
		pad(t->f, gap);
}

static void print_row(struct table *t, const char *const *cells)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		print_cell(t, i, cells[i] ? cells[i] : "");
	fputc('\n', t->f);
}

static void flush_held(struct table *t)
{
	size_t r;
	int i;

	if (!t->no_header)
		print_row(t, t->head);
	for (r = 0; r < t->nheld; r++) {
		char **row = t->held + r * (size_t)t->ncols;

		print_row(t, (const char *const *)row);
		for (i = 0; i < t->ncols; i++)
			free(row[i]);
	}
	t->nheld = 0;
	t->streaming = true;
}

int table_row(struct table *t, const char *const *cells)
{
	char **row;
	int i;

	if (t->streaming) {
		print_row(t, cells);
		return 0;
	}
	row = t->held + t->nheld * (size_t)t->ncols;
	for (i = 0; i < t->ncols; i++) {
		int w;

		row[i] = strdup(cells[i] ? cells[i] : "");
		if (!row[i]) {
			/* The row is not held: free the cells it got. */
			while (i-- > 0) {
				free(row[i]);
				row[i] = NULL;
			}
			return -1;
		}
		w = text_width(row[i]);
		if (w > t->width[i])
			t->width[i] = w;
	}
	if (++t->nheld == TABLE_BATCH)
		flush_held(t);
	return 0;
}

void table_end(struct table *t)
{
	if (!t->streaming)
		flush_held(t);
	free(t->held);
	t->held = NULL;
}

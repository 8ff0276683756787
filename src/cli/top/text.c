// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc top's drawing primitives: text clipped to a number of terminal
 * columns (display width, so Chinese text never spills into the next
 * column) and sparklines, in block characters or, without UTF-8, in ASCII.
 */
#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "render/width.h"
#include "top/top.h"

/* Bytes of @s that fit in @maxw columns; *@w gets their width. */
static size_t clip(const char *s, int maxw, int *w)
{
	size_t off = 0, n;
	wchar_t wc;
	int cw;

	*w = 0;
	while (s[off]) {
		n = text_char(s + off, &wc, &cw);
		if (*w + cw > maxw)
			break;
		*w += cw;
		off += n;
	}
	return off;
}

int top_put(int y, int x, const char *s, int maxw, int attr)
{
	size_t n;
	int w;

	if (maxw <= 0 || y < 0 || y >= LINES || x >= COLS)
		return 0;
	if (x + maxw > COLS)
		maxw = COLS - x;
	n = clip(s, maxw, &w);
	if (!n)
		return 0;
	attron(attr);
	mvaddnstr(y, x, s, (int)n);
	attroff(attr);
	return w;
}

int top_put_right(int y, int x, const char *s, int width, int attr)
{
	int w = text_width(s);

	if (w > width)
		return top_put(y, x, s, width, attr);
	return top_put(y, x + width - w, s, w, attr);
}

void top_fill(int y, int attr)
{
	if (y < 0 || y >= LINES)
		return;
	attron(attr);
	mvhline(y, 0, ' ', COLS);
	attroff(attr);
}

bool top_utf8(void)
{
	return !strcmp(nl_langinfo(CODESET), "UTF-8");
}

/* Levels 1..8; 0 (nothing) is a blank. */
static const char *const blocks[] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
				      "\u2585", "\u2586", "\u2587", "\u2588" };
static const char ascii[] = " .,:-=+*#";

void top_spark(int y, int x, const struct tcpd_series *s, int width, bool utf8, int attr)
{
	uint8_t lv[TCPD_SERIES_LEN];
	size_t i, n;
	char c[2] = { 0 };

	if (width <= 0 || y < 0 || y >= LINES)
		return;
	if (x + width > COLS)
		width = COLS - x;
	if (width > TCPD_SERIES_LEN)
		width = TCPD_SERIES_LEN;
	n = tcpd_series_levels(s, (size_t)(width > 0 ? width : 0), 9, lv);
	attron(attr);
	for (i = 0; i < n; i++) {
		c[0] = ascii[lv[i]];
		mvaddstr(y, x + (int)i, utf8 ? blocks[lv[i]] : c);
	}
	attroff(attr);
}

// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "render/width.h"

size_t text_char(const char *s, wchar_t *wc, int *cols)
{
	mbstate_t st = { 0 };
	size_t n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	int w;

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = 0;
		*cols = 1;
		return 1;
	}
	w = wcwidth(*wc);
	*cols = w > 0 ? w : 0;
	return n;
}

/* Past the printable ASCII prefix: @w columns counted so far. */
static int width_from(const char *s, int w)
{
	wchar_t wc;
	int cols;

	while (*s) {
		s += text_char(s, &wc, &cols);
		w += cols;
	}
	return w;
}

/*
 * Tables are mostly addresses and numbers: count printable ASCII directly
 * and only hand the rest to mbrtowc(), which costs far more per character.
 */
int text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p >= 0x20 && *p < 0x7f)
		p++;
	if (!*p)
		return (int)(p - (const unsigned char *)s);
	return width_from((const char *)p, (int)(p - (const unsigned char *)s));
}

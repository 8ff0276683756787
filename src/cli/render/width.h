/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RENDER_WIDTH_H
#define TCPD_RENDER_WIDTH_H

#include <stddef.h>
#include <wchar.h>

/*
 * Terminal columns of text in the locale's encoding (UTF-8 in practice),
 * the CLI's one rule for tables, top and explain's wrapping: a character
 * takes wcwidth() columns, 0 when it is not printable (control characters,
 * ASCII ones too); a byte that does not
 * begin a valid character (a stray continuation byte, a sequence cut short
 * by the end of the text) is one column and is passed over alone, so broken
 * text shows as what it is and never swallows the characters after it.
 */

/*
 * The character at @s (not at its terminator): returns its length in bytes
 * (at least 1); *@cols gets its width, *@wc the character (0 for an invalid
 * byte).
 */
size_t text_char(const char *s, wchar_t *wc, int *cols);

/* Columns @s takes. */
int text_width(const char *s);

#endif

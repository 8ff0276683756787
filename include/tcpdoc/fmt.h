/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_FMT_H
#define TCPD_FMT_H

#include <stdint.h>

/*
 * The decimal digits of @v at @p (room for 20), unterminated; returns the
 * end. Without printf: listings print tens of numbers per socket, and
 * vfprintf was most of ls -i's time.
 */
static inline char *tcpd_fmt_u64(char *p, uint64_t v)
{
	char t[20];
	int n = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = t[--n];
	return p;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_STRBUF_H
#define TCPD_STRBUF_H

#include <stddef.h>
#include <stdint.h>

#include "tcpdoc/fmt.h"

/*
 * Appending text to a fixed buffer without printf: a listing formats tens
 * of numbers per socket, and vfprintf was most of ls -i's time. Output is
 * cut at the buffer's end and always terminated.
 */
struct strbuf {
	char *p, *end;		/* end: the byte kept for the terminator */
};

static inline void sb_init(struct strbuf *b, char *buf, size_t len)
{
	b->p = buf;
	b->end = buf + (len ? len - 1 : 0);
	if (len)
		*buf = '\0';
}

static inline void sb_str(struct strbuf *b, const char *s)
{
	while (*s && b->p < b->end)
		*b->p++ = *s++;
	*b->p = '\0';
}

static inline void sb_u64(struct strbuf *b, uint64_t v)
{
	char t[20], *e, *q = t;

	if (b->end - b->p >= 20) {	/* room for any number: no copy */
		b->p = tcpd_fmt_u64(b->p, v);
		*b->p = '\0';
		return;
	}
	e = tcpd_fmt_u64(t, v);
	while (q < e && b->p < b->end)
		*b->p++ = *q++;
	*b->p = '\0';
}

/* Microseconds as milliseconds with three decimals: 1234 -> "1.234". */
static inline void sb_us_as_ms(struct strbuf *b, uint64_t us)
{
	uint64_t frac = us % 1000;

	sb_u64(b, us / 1000);
	sb_str(b, ".");
	if (frac < 100)
		sb_str(b, frac < 10 ? "00" : "0");
	sb_u64(b, frac);
}

/* " name:value" */
static inline void sb_kv(struct strbuf *b, const char *name, uint64_t v)
{
	sb_str(b, name);
	sb_u64(b, v);
}

#endif

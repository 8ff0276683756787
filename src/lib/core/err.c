// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tcpdoc/err.h"

static int vfail(struct tcpd_err *err, enum tcpd_err_kind kind,
		 const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->kind = kind;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int tcpd_fail(struct tcpd_err *err, enum tcpd_err_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, kind, fmt, ap);
	va_end(ap);
	return -1;
}

enum tcpd_err_kind tcpd_errno_kind(int errnum)
{
	switch (errnum) {
	case EPERM:
	case EACCES:
		return TCPD_E_PERM;
	case ENOENT:
	case ESRCH:
		return TCPD_E_NOENT;
	case ENOMEM:
		return TCPD_E_NOMEM;
	default:
		return TCPD_E_IO;
	}
}

int tcpd_fail_errno(struct tcpd_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vfail(err, tcpd_errno_kind(errnum), fmt, ap);
	va_end(ap);
	if (!err)
		return -1;
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(errnum));
	return -1;
}

/* The one way a message shows what the user typed: short, one line, valid UTF-8. */
/* Length of the valid, printable UTF-8 sequence at @s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t cp;
	size_t n, i;

	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;	/* a control, DEL, a continuation or an invalid lead */
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, past U+10FFFF, and the C1 controls. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff || (cp >= 0x80 && cp < 0xa0))
		return 0;
	return n;
}

const char *tcpd_quote(const char *s, char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t out = 0, max = len > 4 ? len - 4 : 0;

	if (max > TCPD_QUOTE_MAX)
		max = TCPD_QUOTE_MAX;
	while (*p) {
		size_t n = utf8_len(p);
		size_t need = n ? n : 4;

		if (out + need > max)
			break;
		if (n) {
			memcpy(buf + out, p, n);
		} else {
			buf[out] = '\\';
			buf[out + 1] = 'x';
			buf[out + 2] = hex[*p >> 4];
			buf[out + 3] = hex[*p & 15];
			n = 1;
		}
		out += need;
		p += n;
	}
	if (*p && len >= 4) {
		memcpy(buf + out, "...", 3);
		out += 3;
	}
	if (len)
		buf[out < len ? out : len - 1] = '\0';
	return buf;
}

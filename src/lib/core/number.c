// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"

static const char *digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/*
 * Only what a person writes for a number: an optional '-', digits, and for
 * a real a fraction and an exponent (or "inf"). strtol() and strtod() would
 * also take blanks, '+', hex ("0x10" seconds) and "nan".
 */
static bool plain_whole(const char *s)
{
	if (*s == '-')
		s++;
	return *s && !*digits(s);
}

static bool plain_real(const char *s)
{
	const char *p;

	if (*s == '-')
		s++;
	/* Infinity stays: a bound of the caller's refuses it where it means nothing. */
	if (!strcasecmp(s, "inf"))
		return true;
	p = digits(s);
	if (*p == '.')
		p = digits(p + 1);
	if (p == s || (p == s + 1 && *s == '.'))
		return false;
	if (*p == 'e' || *p == 'E') {
		const char *e = p + 1 + (p[1] == '-' || p[1] == '+');

		p = digits(e);
		if (p == e)
			return false;
	}
	return !*p;
}

int tcpd_whole_parse(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!plain_whole(s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || end == s || *end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int tcpd_real_parse(const char *s, double min, double max, double *out)
{
	char *end;
	double v;

	if (!plain_real(s))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	/* Written so that NaN, which compares false with everything, fails. */
	if (!*s || end == s || *end || errno || !(v >= min && v <= max))
		return -1;
	*out = v;
	return 0;
}

int tcpd_whole_opt(const char *s, long min, long max, long *out, const char *what,
		   struct tcpd_err *err)
{
	if (!tcpd_whole_parse(s, min, max, out))
		return 0;
	return tcpd_fail(err, TCPD_E_USAGE,
			 _("bad %s '%s': expected a whole number from %ld to %ld"),
			 what, tcpd_q(s), min, max);
}

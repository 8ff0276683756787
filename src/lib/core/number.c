// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"

int tcpd_whole_parse(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

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
			 what, s, min, max);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Monitoring-plugin threshold ranges: "10", "10:", "~:10", "10:20", "@10:20". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"
#include "tcpdoc/range.h"

static int number(const char *s, size_t len, double *out)
{
	char buf[32];

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return tcpd_real_parse(buf, -INFINITY, INFINITY, out);
}

static int bad(const char *s, struct tcpd_err *err)
{
	return tcpd_fail(err, TCPD_E_USAGE,
			 _("bad range '%s': expected N, N:, ~:N, N:M or @N:M"), s);
}

int tcpd_range_parse(const char *s, struct tcpd_range *r, struct tcpd_err *err)
{
	const char *p = s, *colon;

	memset(r, 0, sizeof(*r));
	snprintf(r->text, sizeof(r->text), "%s", s);
	if (*p == '@') {
		r->inside = true;
		p++;
	}
	colon = strchr(p, ':');
	if (!colon) {
		r->has_lo = r->has_hi = true;
		if (number(p, strlen(p), &r->hi))
			return bad(s, err);
		return 0;
	}
	if (!(colon - p == 1 && *p == '~')) {
		r->has_lo = true;
		if (number(p, (size_t)(colon - p), &r->lo))
			return bad(s, err);
	}
	if (colon[1]) {
		r->has_hi = true;
		if (number(colon + 1, strlen(colon + 1), &r->hi))
			return bad(s, err);
	}
	if (r->has_lo && r->has_hi && r->lo > r->hi)
		return bad(s, err);
	return 0;
}

bool tcpd_range_alert(const struct tcpd_range *r, double v)
{
	bool in = (!r->has_lo || v >= r->lo) && (!r->has_hi || v <= r->hi);

	return r->inside ? in : !in;
}

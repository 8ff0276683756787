/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RANGE_H
#define TCPD_RANGE_H

#include <stdbool.h>

#include "tcpdoc/err.h"

/*
 * A threshold range as the monitoring-plugins guidelines define it:
 * "10" alerts outside 0..10, "10:" below 10, "~:10" above 10, "10:20"
 * outside 10..20, "@10:20" inside 10..20.
 */
struct tcpd_range {
	bool inside;		/* '@': alert inside the range */
	bool has_lo, has_hi;	/* ~ or nothing: unbounded */
	double lo, hi;
	char text[32];		/* as given, for perfdata */
};

int tcpd_range_parse(const char *s, struct tcpd_range *r, struct tcpd_err *err);

/* Does @v raise an alert under @r? */
bool tcpd_range_alert(const struct tcpd_range *r, double v);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* The one number parser: whole and real numbers, bounds, junk, overflow, NaN, the option message. */
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "tcpdoc/number.h"
#include "tap.h"

static bool whole(const char *s, long min, long max, long want)
{
	long v = -12345;

	return !tcpd_whole_parse(s, min, max, &v) && v == want;
}

static bool whole_refused(const char *s, long min, long max)
{
	long v = -12345;

	return tcpd_whole_parse(s, min, max, &v) == -1 && v == -12345;
}

static bool real(const char *s, double min, double max, double want)
{
	double v = -1;

	return !tcpd_real_parse(s, min, max, &v) && v == want;
}

static bool real_refused(const char *s, double min, double max)
{
	double v = -1;

	return tcpd_real_parse(s, min, max, &v) == -1 && v == -1;
}

int main(void)
{
	struct tcpd_err err = { 0 };
	long v;

	ok(whole("42", 0, 100, 42), "whole: 42");
	ok(whole("0", 0, 100, 0) && whole("100", 0, 100, 100), "whole: both bounds inclusive");
	ok(whole("-5", -10, 10, -5), "whole: negative within bounds");
	ok(whole(" +7", 0, 10, 7), "whole: leading blank and sign, as strtol reads them");
	ok(whole("010", 0, 100, 10), "whole: base 10, not octal");
	ok(whole_refused("101", 0, 100) && whole_refused("-1", 0, 100), "whole: out of bounds refused");
	ok(whole_refused("", 0, 100), "whole: empty refused");
	ok(whole_refused("5x", 0, 100) && whole_refused("5 ", 0, 100), "whole: trailing junk refused");
	ok(whole_refused("x", 0, 100) && whole_refused(" ", 0, 100), "whole: no digits refused");
	ok(whole_refused("1.5", 0, 100), "whole: a fraction refused");
	ok(whole_refused("99999999999999999999", 0, LONG_MAX), "whole: overflow refused");
	ok(real("1.5", 0, 10, 1.5) && real("0", 0, 10, 0) && real("10", 0, 10, 10),
	   "real: within and at the bounds");
	ok(real("1e3", 0, 1e7, 1000), "real: exponent");
	ok(real_refused("10.001", 0, 10) && real_refused("-0.1", 0, 10), "real: out of bounds refused");
	ok(real_refused("", 0, 10) && real_refused("1s", 0, 10) && real_refused(".", 0, 10),
	   "real: empty, junk and a lone point refused");
	ok(real_refused("nan", -INFINITY, INFINITY), "real: NaN refused even unbounded");
	ok(real_refused("inf", 0, 1e7), "real: infinity refused by a finite bound");
	ok(real("inf", -INFINITY, INFINITY, INFINITY), "real: infinity taken when the bound allows");
	ok(real_refused("1e999", -INFINITY, INFINITY), "real: overflow refused");
	ok(!tcpd_whole_opt("7", 1, 9, &v, "-n", &err) && v == 7, "option: in range");
	ok(tcpd_whole_opt("70", 1, 9, &v, "-n", &err) == -1 && err.kind == TCPD_E_USAGE &&
	   !strcmp(err.msg, "bad -n '70': expected a whole number from 1 to 9"),
	   "option: the usage message (%s)", err.msg);
	return tap_done();
}

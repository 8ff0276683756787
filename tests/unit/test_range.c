// SPDX-License-Identifier: GPL-2.0-or-later
/* The monitoring-plugin range parser: every form in the guidelines. */
#include "tcpdoc/range.h"
#include "tap.h"

static int alerts(const char *spec, double v)
{
	struct tcpd_range r;
	struct tcpd_err err = { 0 };

	if (tcpd_range_parse(spec, &r, &err))
		return -1;
	return tcpd_range_alert(&r, v);
}

static int parses(const char *spec)
{
	struct tcpd_range r;
	struct tcpd_err err = { 0 };

	return !tcpd_range_parse(spec, &r, &err);
}

int main(void)
{
	ok(alerts("10", 5) == 0, "10: 5 is inside 0..10");
	ok(alerts("10", 10) == 0, "10: 10 is inside (inclusive)");
	ok(alerts("10", 11) == 1, "10: 11 alerts");
	ok(alerts("10", -1) == 1, "10: -1 alerts (below 0)");
	ok(alerts("10:", 9) == 1, "10: alerts below 10");
	ok(alerts("10:", 1000) == 0, "10: no upper bound");
	ok(alerts("~:10", -50) == 0, "~:10 has no lower bound");
	ok(alerts("~:10", 11) == 1, "~:10 alerts above 10");
	ok(alerts("10:20", 15) == 0, "10:20 inside");
	ok(alerts("10:20", 9) == 1 && alerts("10:20", 21) == 1, "10:20 alerts outside");
	ok(alerts("@10:20", 15) == 1, "@10:20 alerts inside");
	ok(alerts("@10:20", 10) == 1 && alerts("@10:20", 20) == 1, "@10:20 inclusive ends");
	ok(alerts("@10:20", 21) == 0, "@10:20 quiet outside");
	ok(alerts("0", 0) == 0 && alerts("0", 1) == 1, "0 alerts on anything above zero");
	ok(alerts("1.5", 1.4) == 0 && alerts("1.5", 1.6) == 1, "decimals");
	ok(!parses(""), "empty range is an error");
	ok(!parses("abc"), "words are an error");
	ok(!parses("20:10"), "start above end is an error");
	ok(!parses("10:x"), "bad end is an error");
	ok(!parses("@"), "a lone @ is an error");
	ok(!parses("-5") && !parses("@-5"), "-5 alone (0..-5, empty) is an error");
	ok(!parses("nan") && !parses("nan:") && !parses("~:nan"), "NaN is an error in every place");
	ok(!parses(" 5") && !parses("+5") && !parses("0x10"), "loose numbers are an error");
	ok(parses("-5:") && parses("~:-1:") == 0, "-5: (at least -5) parses; junk after it does not");
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc check: a monitoring plugin (Nagios, Icinga, Zabbix). One line,
 * "TCPDOC OK|WARNING|CRITICAL - text | perfdata", and the standard exit
 * codes. Thresholds per state when given; else the doctor's verdict.
 */
#include <ctype.h>
#include <string.h>

#include "cmd/doctor_opts.h"
#include "render/findings.h"
#include "tcpdoc/range.h"
#include "tcpdoc/state.h"
#include "render/states.h"

enum { OPT_WARN = 0x500, OPT_CRIT, OPT_CPORT };

#define MAX_RULES 32

struct check_rule {
	int state;		/* 0: total */
	bool crit;
	struct tcpd_range range;
};

struct check_run {
	struct tcpd_doctor_opts o;
	struct check_rule rules[MAX_RULES];
	size_t nrules;
};

static const char usage[] = N_(
	"Usage: tcpdoc check [--warn STATE=RANGE ...] [--crit STATE=RANGE ...] [--port N]\n"
	"Monitoring-plugin mode: one line with perfdata for every state, exit 0 OK,\n"
	"1 WARNING, 2 CRITICAL, 3 UNKNOWN. Without thresholds, the doctor's verdict.\n\n"
	"  --warn STATE=RANGE  warn when the count of STATE (or 'total') is outside RANGE:\n"
	"                      10 (0..10), 10: (>= 10), ~:10 (<= 10), 10:20, @10:20 (inside)\n"
	"  --crit STATE=RANGE  the same, critical\n"
	"  --port N            count only sockets with local or remote port N\n");

static const struct option longs[] = {
	DOCTOR_LONG_OPTS,
	{ "warn", required_argument, NULL, OPT_WARN },
	{ "crit", required_argument, NULL, OPT_CRIT },
	{ "port", required_argument, NULL, OPT_CPORT },
	{ NULL, 0, NULL, 0 },
};

static int add_rule(struct check_run *c, bool crit, const char *arg, struct tcpd_err *err)
{
	char name[32];
	const char *eq = strchr(arg, '=');
	struct check_rule *r;

	if (c->nrules == MAX_RULES)
		return tcpd_fail(err, TCPD_E_USAGE, _("too many thresholds"));
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(name))
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad threshold '%s': expected STATE=RANGE, e.g. close-wait=100"), tcpd_q(arg));
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	r = &c->rules[c->nrules];
	r->crit = crit;
	r->state = tcpd_state_parse_one(name);
	if (r->state < 0)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad state '%s' in a threshold: expected one state or 'total'"), tcpd_q(name));
	if (tcpd_range_parse(eq + 1, &r->range, err))
		return -1;
	c->nrules++;
	return 0;
}

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct check_run *c = ctx;
	int ret = doctor_opt(&c->o, opt, arg, err);
	uint16_t port;

	if (ret <= 0)
		return ret;
	switch (opt) {
	case OPT_WARN:
	case OPT_CRIT:
		return add_rule(c, opt == OPT_CRIT, arg, err);
	case OPT_CPORT:
		if (tcpd_port_parse(arg, &port, err))
			return -1;
		c->o.port = port;
		return 0;
	default:
		return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
	}
}

static uint64_t count_of(const struct tcpd_counts *c, int state)
{
	return state ? c->state[state] : c->total;
}

static void label(int state, char *buf, size_t len)
{
	size_t i;

	snprintf(buf, len, "%s", state ? tcpd_state_name(state) : "total");
	for (i = 0; buf[i]; i++)
		buf[i] = (char)tolower((unsigned char)buf[i]);
}

/* The range text a rule gives @state, for perfdata. */
static const char *range_for(const struct check_run *c, int state, bool crit)
{
	size_t i;

	for (i = 0; i < c->nrules; i++)
		if (c->rules[i].state == state && c->rules[i].crit == crit)
			return c->rules[i].range.text;
	return "";
}

static void perfdata(const struct check_run *c, const struct tcpd_counts *n)
{
	char name[32];
	size_t i;

	printf(" |");
	for (i = 0; i <= TCPD_NSTATES; i++) {
		int st = i < TCPD_NSTATES ? tcpd_state_order[i] : 0;

		label(st, name, sizeof(name));
		printf(" '%s'=%llu;%s;%s;0;", name, (unsigned long long)count_of(n, st),
		       range_for(c, st, false), range_for(c, st, true));
	}
	putchar('\n');
}

/* Thresholds: the worst rule that fires, and a text naming them. */
static int by_thresholds(const struct check_run *c, const struct tcpd_counts *n,
			 char *text, size_t len)
{
	char name[32];
	size_t i, off = 0;
	int code = EXIT_HEALTHY;

	text[0] = '\0';
	for (i = 0; i < c->nrules; i++) {
		const struct check_rule *r = &c->rules[i];
		uint64_t v = count_of(n, r->state);

		if (!tcpd_range_alert(&r->range, (double)v))
			continue;
		label(r->state, name, sizeof(name));
		if (off < len)
			off += (size_t)snprintf(text + off, len - off, "%s%s=%llu (%s %s)",
						off ? ", " : "", name, (unsigned long long)v,
						r->crit ? "crit" : "warn", r->range.text);
		if ((r->crit ? EXIT_CRIT : EXIT_WARN) > code)
			code = r->crit ? EXIT_CRIT : EXIT_WARN;
	}
	if (!text[0])
		snprintf(text, len, _("%llu sockets within thresholds"),
			 (unsigned long long)n->total);
	return code;
}

static int by_doctor(const struct tcpd_doctor_result *res, char *text, size_t len)
{
	const struct tcpd_findings *l = &res->findings;
	int code = doctor_exit_code(res);

	if (code == EXIT_HEALTHY)
		snprintf(text, len, _("%llu sockets, nothing wrong found"),
			 (unsigned long long)res->counts.total);
	else if (l->len > 1)
		snprintf(text, len, _("%s: %s (and %zu more)"), l->f[0].id, l->f[0].summary,
			 l->len - 1);
	else
		snprintf(text, len, "%s: %s", l->f[0].id, l->f[0].summary);
	return code;
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	static const char *const words[] = { "OK", "WARNING", "CRITICAL" };
	struct check_run c = { .nrules = 0 };
	struct cli_opts opts = { .longs = longs, .handle = handle, .ctx = &c, .usage = usage,
				 .usage_more = DOCTOR_USAGE, .live_only = DOCTOR_LIVE_ONLY };
	struct tcpd_doctor_result res;
	const struct tcpd_counts *n;
	char text[512];
	int ret;

	doctor_opts_init(&c.o, cli);
	ret = cli_parse(cli, argc, argv, &opts);
	if (ret)
		return ret > 0 ? EXIT_HEALTHY : EXIT_UNKNOWN;
	if (cli->npos)
		return cli_failf(cli, _("check takes no arguments, got '%s'"), tcpd_q(cli->pos[0]));
	if (doctor_run(cli, &c.o, &res)) {
		printf("TCPDOC UNKNOWN - %s\n", _("could not look (see stderr)"));
		return EXIT_UNKNOWN;
	}
	n = c.o.port >= 0 ? &res.port_counts : &res.counts;
	ret = c.nrules ? by_thresholds(&c, n, text, sizeof(text)) :
			 by_doctor(&res, text, sizeof(text));
	printf("TCPDOC %s - %s", words[ret], text);
	perfdata(&c, n);
	tcpd_doctor_result_free(&res);
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_DOCTOR_H
#define TCPD_DOCTOR_H

#include "cli.h"
#include "../lib/finding.h"
#include "../lib/kernel.h"
#include "../lib/summary.h"
#include "../lib/thresholds.h"

/* The options diagnose and check share: sampling and thresholds. */
struct doctor_opts {
	unsigned int interval_ms;
	const char *config;		/* NULL: /etc/tcpdoc.conf if it exists */
	const char *sets[32];		/* --set KEY=VALUE, applied last */
	size_t nsets;
	int port;			/* check --port: -1 for all */
};

enum { OPT_INTERVAL = 0x400, OPT_SET, OPT_CONFIG };

#define DOCTOR_LONG_OPTS \
	{ "interval", required_argument, NULL, OPT_INTERVAL }, \
	{ "set", required_argument, NULL, OPT_SET }, \
	{ "config", required_argument, NULL, OPT_CONFIG }

/* diagnose -h and check -h print this after their own text (cli_opts.usage_more). */
#define DOCTOR_USAGE N_( \
	"      --interval S    seconds between the two counter reads (default 1,\n" \
	"                      0: no rates, counters since boot)\n" \
	"      --set KEY=N     a threshold (docs/findings.md lists the keys)\n" \
	"      --config FILE   thresholds file (default /etc/tcpdoc.conf)\n")

/* What the doctor saw: the verdict and the headline numbers. */
struct doctor_result {
	struct tcpd_findings findings;
	struct tcpd_counts counts;	/* every namespace read */
	struct tcpd_counts port_counts;	/* sockets with --port, if given */
	struct tcpd_kernel k;		/* the last namespace read */
	struct tcpd_rates r;
	bool interrupted;
	bool capped;
};

void doctor_opts_init(struct doctor_opts *o);
/* Handle one doctor option; 1 when @opt is not one of them. */
int doctor_opt(struct doctor_opts *o, int opt, const char *arg, struct tcpd_err *err);

/* Look: returns 0, or EXIT_UNKNOWN after printing one line. */
int doctor_run(struct cli *cli, const struct doctor_opts *o, struct doctor_result *res);
void doctor_result_free(struct doctor_result *res);

/* EXIT_HEALTHY, EXIT_WARN or EXIT_CRIT for the findings. */
int doctor_exit_code(const struct doctor_result *res);

#endif

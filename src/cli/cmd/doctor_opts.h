/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_CLI_DOCTOR_OPTS_H
#define TCPD_CLI_DOCTOR_OPTS_H

#include "cli.h"
#include "tcpdoc/doctor.h"

/* The options diagnose and check share: sampling and thresholds. */
enum { OPT_INTERVAL = 0x400, OPT_SET, OPT_CONFIG };

#define DOCTOR_LONG_OPTS \
	{ "interval", required_argument, NULL, OPT_INTERVAL }, \
	{ "set", required_argument, NULL, OPT_SET }, \
	{ "config", required_argument, NULL, OPT_CONFIG }

/* What a --from replay cannot take (cli_opts.live_only): the snapshot's interval is used. */
#define DOCTOR_LIVE_ONLY ((const int[]){ OPT_INTERVAL, 0 })

/* diagnose -h and check -h print this after their own text (cli_opts.usage_more). */
#define DOCTOR_USAGE N_( \
	"      --interval S    seconds between the two counter reads (default 1,\n" \
	"                      0: no rates, counters since boot)\n" \
	"      --set KEY=N     a threshold (docs/findings.md lists the keys)\n" \
	"      --config FILE   thresholds file (default /etc/tcpdoc.conf)\n")

/* The doctor's options for @cli's namespaces, source and owner scanner. */
void doctor_opts_init(struct tcpd_doctor_opts *o, struct cli *cli);
/* Handle one doctor option; 1 when @opt is not one of them. */
int doctor_opt(struct tcpd_doctor_opts *o, int opt, const char *arg, struct tcpd_err *err);

/* Look: returns 0, or EXIT_UNKNOWN after printing one line. Notes go to stderr. */
int doctor_run(struct cli *cli, const struct tcpd_doctor_opts *o,
	       struct tcpd_doctor_result *res);

/* What the doctor could not see, on stderr (doctor_run says it). */
void doctor_notes(const struct cli *cli, const struct tcpd_doctor_result *res);

/* EXIT_HEALTHY, EXIT_WARN or EXIT_CRIT for the findings. */
int doctor_exit_code(const struct tcpd_doctor_result *res);

#endif

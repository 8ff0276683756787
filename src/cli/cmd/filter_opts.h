/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_FILTER_OPTS_H
#define TCPD_FILTER_OPTS_H

#include "tcpdoc/filter.h"
#include "tcpdoc/i18n.h"

/* The socket filter options ls, summary and others share. */
enum {
	OPT_SPORT = 0x200,
	OPT_DPORT,
	OPT_PORT,
	OPT_SRC,
	OPT_DST,
};

#define FILTER_LONG_OPTS \
	{ "state", required_argument, NULL, 's' }, \
	{ "sport", required_argument, NULL, OPT_SPORT }, \
	{ "dport", required_argument, NULL, OPT_DPORT }, \
	{ "port", required_argument, NULL, OPT_PORT }, \
	{ "src", required_argument, NULL, OPT_SRC }, \
	{ "dst", required_argument, NULL, OPT_DST }

#define FILTER_SHORT_OPTS "s:"

/* Each command's -h prints this after its own text (cli_opts.usage_more). */
#define FILTER_USAGE N_( \
	"\nFilters:\n" \
	"  -s, --state LIST    states, comma-separated, any spelling (close-wait,\n" \
	"                      FIN_WAIT_1, estab) or a group: all, connected,\n" \
	"                      synchronized, bucket, big\n" \
	"      --sport N       local port N      --dport N   remote port N\n" \
	"      --port N        either port N\n" \
	"      --src ADDR[/LEN]  local address    --dst ADDR[/LEN]  remote address\n")

struct cli;
struct cli_opts;

/*
 * Parse a command that takes filters and no positional argument: @f is
 * initialised, filled, and given the global -4/-6. Returns 0; 1 when -h
 * printed the usage; -1 after printing one line.
 */
int filter_cmd_parse(struct cli *cli, int argc, char **argv,
		     const struct cli_opts *opts, struct tcpd_filter *f);

/* Handle one filter option; 1 when @opt is not one of them. */
int filter_opt(struct tcpd_filter *f, int opt, const char *arg, struct tcpd_err *err);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* What every command shares: option parsing, messages, namespaces. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_NO_COLOR = 0x100, OPT_SOURCE };

static const struct option global_longs[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "netns", required_argument, NULL, 'N' },
	{ "all-netns", no_argument, NULL, 'A' },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
};
static const char global_shorts[] = "jN:A46hV";
#define N_GLOBAL (sizeof(global_longs) / sizeof(global_longs[0]))

int cli_failf(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", cli->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_UNKNOWN;
}

/* What include/tcpdoc/err.h promises for each kind. */
int cli_exit_code(enum tcpd_err_kind kind)
{
	switch (kind) {
	case TCPD_E_USAGE:
	case TCPD_E_PERM:
	case TCPD_E_NOENT:
	case TCPD_E_IO:
	case TCPD_E_NOMEM:
	case TCPD_E_INPUT:
	case TCPD_OK:	/* a failure that forgot its kind still failed */
		return EXIT_UNKNOWN;
	}
	return EXIT_UNKNOWN;
}

int cli_fail(const struct cli *cli, const struct tcpd_err *err)
{
	cli_failf(cli, "%s", err->msg);
	return cli_exit_code(err->kind);
}

void cli_note(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: %s", cli->prog, _("note: "));
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_note_lacks(const struct cli *cli, uint32_t lacks)
{
	const char *src = cli->scope.source == TCPD_SRC_PROC ? "proc" : "bpf";

	if (lacks & TCPD_LACK_INFO)
		cli_note(cli, _("--source %s gives no tcp_info: what needs it is left out"), src);
	if (lacks & TCPD_LACK_TIMERS)
		cli_note(cli, _("--source %s gives no timers: every timer shows as off"), src);
	if (lacks & TCPD_LACK_BACKLOG)
		cli_note(cli, _("--source %s gives no listen backlog: listeners' Send-Q shows 0"), src);
}

/*
 * The command's and the global long options, in one table: the command's
 * first, since getopt_long takes the first exact match, so a command may
 * give a global name its own meaning (probe --source ADDR).
 */
static struct option *merge_longs(const struct option *cmd)
{
	size_t n = 0;
	struct option *all;

	while (cmd && cmd[n].name)
		n++;
	all = calloc(N_GLOBAL + n + 1, sizeof(*all));
	if (!all)
		return NULL;
	if (n)
		memcpy(all, cmd, n * sizeof(*all));
	memcpy(all + n, global_longs, sizeof(global_longs));
	return all;
}

static int parse_source(struct cli *cli, const char *arg, struct tcpd_err *err)
{
	static const char *const names[] = {
		[TCPD_SRC_AUTO] = "auto", [TCPD_SRC_NETLINK] = "netlink",
		[TCPD_SRC_PROC] = "proc", [TCPD_SRC_BPF] = "bpf",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(arg, names[i])) {
			cli->scope.source = (enum tcpd_source)i;
			return 0;
		}
	return tcpd_fail(err, TCPD_E_USAGE,
			 _("bad --source '%s': expected auto, netlink, bpf or proc"), arg);
}

static int global_opt(struct cli *cli, int c, const char *arg, struct tcpd_err *err)
{
	switch (c) {
	case 'j':
		cli->json = true;
		return 0;
	case 'N':
		cli->scope.netns = arg;
		return 0;
	case 'A':
		cli->scope.all_netns = true;
		return 0;
	case '4':
		cli->scope.family = AF_INET;
		return 0;
	case '6':
		cli->scope.family = AF_INET6;
		return 0;
	case OPT_NO_COLOR:
		cli->color = false;
		return 0;
	case OPT_SOURCE:
		return parse_source(cli, arg, err);
	}
	return 1;
}

static int parse_loop(struct cli *cli, int argc, char **argv, const char *shorts,
		      const struct option *longs, const struct cli_opts *opts)
{
	struct tcpd_err err = { 0 };
	int c, ret;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];

			if (optopt && optopt < 0x100)
				cli_failf(cli, _("option -%c needs a value or is unknown here; try 'tcpdoc %s -h'"),
					  optopt, argv[0]);
			else
				cli_failf(cli, _("unknown option '%s'; try 'tcpdoc %s -h'"), bad, argv[0]);
			return -1;
		}
		if (c == 'h') {
			if (opts && opts->usage)
				fputs(_(opts->usage), stdout);
			if (opts && opts->usage_more)
				fputs(_(opts->usage_more), stdout);
			cli->help = true;
			return 1;
		}
		if (c == 'V')
			continue;
		ret = global_opt(cli, c, optarg, &err);
		if (ret == 1)
			ret = opts && opts->handle ? opts->handle(opts->ctx, c, optarg, &err)
						   : tcpd_fail(&err, TCPD_E_USAGE, _("unexpected option"));
		if (ret)
			return cli_fail(cli, &err), -1;
	}
	cli->pos = argv + optind;
	cli->npos = argc - optind;
	return 0;
}

int cli_parse(struct cli *cli, int argc, char **argv, const struct cli_opts *opts)
{
	char shorts[128];
	struct option *longs;
	const char *no_color = getenv("NO_COLOR");
	int ret;

	cli->color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
	snprintf(shorts, sizeof(shorts), ":%s%s", global_shorts,
		 opts && opts->shorts ? opts->shorts : "");
	longs = merge_longs(opts ? opts->longs : NULL);
	if (!longs)
		return cli_failf(cli, _("out of memory")), -1;
	ret = parse_loop(cli, argc, argv, shorts, longs, opts);
	free(longs);
	if (ret)
		return ret;
	if (cli->scope.netns && cli->scope.all_netns)
		return cli_failf(cli, _("-N and -A do not go together: pick one namespace or all")), -1;
	return 0;
}

/* Said once after a walk: what -A could not see. */
void cli_scope_notes(const struct cli *cli, size_t denied)
{
	if (denied)
		cli_note(cli, _("%zu of %zu network namespaces could not be read: entering one needs CAP_SYS_ADMIN (run as root)"),
			 denied, cli->scope.nall);
}

struct ns_call {
	struct cli *cli;
	cli_ns_fn fn;
	void *arg;
};

static int call_ns(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err)
{
	struct ns_call *c = arg;

	(void)err;
	return c->fn(c->cli, ns, c->arg);
}

int cli_each_netns(struct cli *cli, cli_ns_fn fn, void *arg)
{
	struct ns_call c = { cli, fn, arg };
	struct tcpd_err err = { 0 };
	int ret = tcpd_scope_each(&cli->scope, call_ns, &c, &err);

	if (ret < 0)
		ret = cli_fail(cli, &err);
	cli_scope_notes(cli, cli->scope.denied);
	return ret;
}

struct tcpd_owners *cli_owners(struct cli *cli, const struct tcpd_filter *f)
{
	struct tcpd_err err = { 0 };
	struct tcpd_owners *o = tcpd_owners_for(&cli->scope, f, cli->owners, &err);

	if (!o) {
		cli_fail(cli, &err);
		return NULL;
	}
	if (tcpd_owners_hidden(o))
		cli_note(cli, _("the owners of sockets in %zu processes could not be seen: reading another user's /proc/PID/fd needs root"),
			 tcpd_owners_hidden(o));
	return o;
}

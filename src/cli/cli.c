// SPDX-License-Identifier: GPL-2.0-or-later
/* What every command shares: option parsing, messages, namespaces. */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_NO_COLOR = 0x100, OPT_SOURCE, OPT_FROM };

static const struct option global_longs[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "netns", required_argument, NULL, 'N' },
	{ "all-netns", no_argument, NULL, 'A' },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "no-colour", no_argument, NULL, OPT_NO_COLOR },
	{ "source", required_argument, NULL, OPT_SOURCE },
	{ "from", required_argument, NULL, OPT_FROM },
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
	if (lacks & TCPD_LACK_SCOPE)
		cli_note(cli, _("--source %s gives no interface and no v6only: a dual-stack [::] does not show as *, a link-local address shows without %%IFACE"),
			 src);
}

int cli_parse_secs(const char *s, double min, double max, int *ms,
		   const char *what, struct tcpd_err *err)
{
	double v;

	if (tcpd_real_parse(s, min, max, &v))
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad %s '%s': expected seconds from %g to %g"), what, tcpd_q(s), min, max);
	*ms = (int)lround(v * 1000);
	return 0;
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
			 _("bad --source '%s': expected auto, netlink, bpf or proc"), tcpd_q(arg));
}

static int family_opt(struct cli *cli, int family, struct tcpd_err *err)
{
	if (cli->scope.family && cli->scope.family != family)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("-4 and -6 do not go together: leave both out for IPv4 and IPv6"));
	cli->scope.family = family;
	return 0;
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
	case '6':
		return family_opt(cli, c == '4' ? AF_INET : AF_INET6, err);
	case OPT_NO_COLOR:
		cli->color = false;
		return 0;
	case OPT_SOURCE:
		cli->source_set = true;
		return parse_source(cli, arg, err);
	case OPT_FROM:
		cli->from = arg;
		return 0;
	}
	return 1;
}

/* Does "--NAME[=...]" name @o (in full or abbreviated, as getopt_long takes it)? */
static bool names(const char *arg, const struct option *o)
{
	size_t n = strcspn(arg + 2, "=");

	return n && !strncmp(arg + 2, o->name, n);
}

/*
 * What getopt_long refused, in words. ':' is a missing value; '?' is an
 * unknown option, or a value given to a long flag (then optopt is the
 * flag's value). optind is past the argument except inside a cluster
 * ("-xj"), so a long option is only believed when @longs has it.
 */
static void bad_option(const struct cli *cli, int c, char **argv, const struct option *longs)
{
	const char *arg = argv[optind - 1];
	bool is_long = !strncmp(arg, "--", 2) && arg[2];
	const struct option *o = NULL, *l;
	char letter[2] = { (char)optopt, 0 };
	int matches = 0;

	for (l = longs; is_long && l->name; l++) {
		if (!names(arg, l) || (optopt && l->val != optopt))
			continue;
		matches += !o || o->val != l->val;
		o = o ? o : l;
	}
	if (c == '?' && !optopt && matches > 1) {
		cli_failf(cli, _("option '%s' is ambiguous: it begins more than one option; try 'tcpdoc %s -h'"),
			  tcpd_q(arg), argv[0]);
		return;
	}
	if (c == ':' && o)
		cli_failf(cli, _("option --%s needs a value; try 'tcpdoc %s -h'"), o->name, argv[0]);
	else if (c == ':')
		cli_failf(cli, _("option -%c needs a value; try 'tcpdoc %s -h'"), optopt, argv[0]);
	else if (o && optopt && o->has_arg == no_argument)
		cli_failf(cli, _("option --%s takes no value ('%s'); try 'tcpdoc %s -h'"),
			  o->name, tcpd_q(arg), argv[0]);
	else if (is_long && !optopt)
		cli_failf(cli, _("unknown option '%s'; try 'tcpdoc %s -h'"), tcpd_q(arg), argv[0]);
	else
		cli_failf(cli, _("unknown option -%s; try 'tcpdoc %s -h'"), tcpd_q(letter), argv[0]);
}

/* Remember the first option given that --from cannot apply. */
static void note_live(struct cli *cli, int c, const struct option *longs,
		      const struct cli_opts *opts)
{
	const int *v;

	if (!opts || !opts->live_only || cli->live_opt)
		return;
	for (v = opts->live_only; *v && *v != c; v++)
		;
	for (; *v && longs->name; longs++)
		if (longs->val == c) {
			cli->live_opt = longs->name;
			return;
		}
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
			bad_option(cli, c, argv, longs);
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
		note_live(cli, c, longs, opts);
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
	return cli->from ? cli_open_from(cli, argv[0]) : 0;
}

int cli_pid_opt(const char *arg, long *pid, struct tcpd_err *err)
{
	if (tcpd_whole_opt(arg, 1, 1L << 22, pid, "--pid", err))
		return -1;
	return cli_pid_alive(*pid, err);
}

int cli_pid_alive(long pid, struct tcpd_err *err)
{
	/* Signal 0 checks that the process is there; EPERM means it is, someone else's. */
	if (kill((pid_t)pid, 0) && errno == ESRCH)
		return tcpd_fail(err, TCPD_E_NOENT, _("no process has pid %ld"), pid);
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

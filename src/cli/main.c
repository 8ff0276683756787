// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc: a table of commands. main() finds the command's name among the
 * arguments (global options may come before it) and hands the rest over.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tcpdoc/snapshot.h"
#include "version.h"

#ifndef TCPD_VERSION
#define TCPD_VERSION "0.0"
#endif

static const struct cli_cmd commands[] = {
	{ "diagnose", cmd_diagnose, N_("the doctor: findings with evidence and advice (the default)") },
	{ "check", cmd_check, N_("monitoring-plugin mode: thresholds, exit code, perfdata") },
	{ "summary", cmd_summary, N_("counts by state (and --by port|dport|peer|process|netns)") },
	{ "ls", cmd_ls, N_("list sockets, filtered by state, port, address, family") },
	{ "explain", cmd_explain, N_("explain a state, an errno (110 or ETIMEDOUT), a sysctl or a mechanism") },
	{ "watch", cmd_watch, N_("live state changes with the time spent in the state left") },
	{ "top", cmd_top, N_("full-screen live view: states, top ports, peers and processes, findings") },
	{ "probe", cmd_probe, N_("connect to HOST:PORT, time it, and explain the outcome") },
	{ "serve", cmd_serve, N_("Prometheus metrics over HTTP: states, ports, processes, findings, counters") },
	{ "snapshot", cmd_snapshot, N_("write everything the doctor reads into one file, to read anywhere with --from") },
	{ "pcap", cmd_pcap, N_("each connection's TCP states on both ends, from a capture file") },
	{ NULL, NULL, NULL },
};

/* No command means the doctor. */
static const char *const default_cmd = "diagnose";

static void usage(FILE *f)
{
	const struct cli_cmd *c;

	fprintf(f, _("Usage: tcpdoc [OPTIONS] [COMMAND [ARGS]]\n"
		     "A TCP connection doctor for Linux.\n\n"
		     "Options (before or after the command):\n"
		     "  -j, --json          one JSON document on stdout\n"
		     "  -N, --netns NAME    inside a network namespace: a name under /run/netns,\n"
		     "                      a path, or pid:PID\n"
		     "  -A, --all-netns     every network namespace on the host\n"
		     "  -4, -6              IPv4 only / IPv6 only\n"
		     "      --source SRC    auto (default: bpf where it serves and loads, else\n"
		     "                      netlink), netlink, bpf (iter/tcp) or proc\n"
		     "      --from FILE     read a snapshot (tcpdoc snapshot) instead of the host:\n"
		     "                      diagnose, check, summary and ls\n"
		     "      --no-color      no colour (also NO_COLOR, and when not a terminal)\n"
		     "  -h, --help          this help; COMMAND -h for a command's own\n"
		     "  -V, --version       the version\n\n"
		     "Commands:\n"));
	for (c = commands; c->name; c++)
		fprintf(f, "  %-18s  %s\n", c->name, _(c->help));
	fprintf(f, _("\nExit codes: 0 healthy, 1 warning, 2 critical, 3 could not look.\n"));
}

static const struct cli_cmd *find_cmd(const char *name)
{
	const struct cli_cmd *c;

	for (c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

/* Does global option @a take the next argument as its value? */
static bool takes_value(const char *a)
{
	size_t n = strlen(a);

	if (a[1] != '-')
		return a[n - 1] == 'N';
	return !strcmp(a, "--netns") || !strcmp(a, "--source") || !strcmp(a, "--from");
}

/* Index of the command's name in argv, or 0 when there is none. */
static int find_cmd_index(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return i + 1 < argc ? i + 1 : 0;
		/*
		 * A word after an option the default command takes
		 * ("tcpdoc --interval 0") is that option's value.
		 */
		if (argv[i][0] != '-' || !argv[i][1]) {
			if (find_cmd(argv[i]) || argv[i - 1][0] != '-' || i == 1)
				return i;
			continue;
		}
		if (takes_value(argv[i]))
			i++;
	}
	return 0;
}

static bool wants_top_help(int argc, char **argv, int *code)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			*code = 0;
			return true;
		}
		if (!strcmp(argv[i], "-V") || !strcmp(argv[i], "--version")) {
			if (*TCPD_COMMIT)
				printf("tcpdoc %s (%s)\n", TCPD_VERSION, TCPD_COMMIT);
			else
				printf("tcpdoc %s\n", TCPD_VERSION);
			*code = 0;
			return true;
		}
	}
	return false;
}

int main(int argc, char **argv)
{
	struct cli cli = { .prog = "tcpdoc" };
	const struct cli_cmd *cmd;
	char **args;
	int idx, code, i, n = 0;

	cli_output_init();
	cli_setup_locale();
	cli.owners = tcpd_owner_source_parse(getenv("TCPDOC_OWNERS"));
	idx = find_cmd_index(argc, argv);
	if (!idx && wants_top_help(argc, argv, &code))
		return cli_output_done(&cli, code);
	cmd = find_cmd(idx ? argv[idx] : default_cmd);
	if (!cmd)
		return cli_failf(&cli, _("unknown command '%s'; try 'tcpdoc --help'"), tcpd_q(argv[idx]));

	/* The command's argv: its name first, then every other argument. */
	args = calloc((size_t)argc + 1, sizeof(*args));
	if (!args)
		return cli_failf(&cli, _("out of memory"));
	args[n++] = (char *)cmd->name;
	for (i = 1; i < argc; i++)
		if (i != idx)
			args[n++] = argv[i];
	code = cmd->run(&cli, n, args);
	free(args);
	tcpd_scope_free(&cli.scope);
	tcpd_snap_free(cli.snap);
	return cli_output_done(&cli, code);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --from FILE: the commands that read the socket table and the counters
 * (diagnose, check, summary, ls) read a snapshot instead of the host.
 */
#include <string.h>
#include <time.h>

#include "cli.h"
#include "tcpdoc/snapshot.h"

static bool reads_snapshots(const char *cmd)
{
	static const char *const cmds[] = { "diagnose", "check", "summary", "ls" };
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(cmd, cmds[i]))
			return true;
	return false;
}

/* Where the snapshot comes from, said once on stderr. */
static void from_note(const struct cli *cli, const struct tcpd_snap_info *i)
{
	time_t t = (time_t)(i->taken_ms / 1000);
	char when[32] = "?";
	struct tm tm;

	if (gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm);
	cli_note(cli, _("reading %s: a snapshot taken %s on %s (Linux %s) by tcpdoc %s"),
		 tcpd_q(cli->from), when, tcpd_q(i->host), tcpd_q(i->release), tcpd_q(i->tcpdoc));
	if (i->uid)
		cli_note(cli, _("the snapshot was taken without root (uid %u): it holds only what that user could see"),
			 i->uid);
}

int cli_open_from(struct cli *cli, const char *cmd)
{
	struct tcpd_err err = { 0 };

	if (!reads_snapshots(cmd))
		return cli_failf(cli, _("--from reads a snapshot for diagnose, check, summary and ls, not %s"),
				 cmd), -1;
	/* -A is welcome: a snapshot is read whole, every namespace it holds. */
	if (cli->scope.netns || cli->source_set)
		return cli_failf(cli, _("--from reads the namespaces the snapshot holds: -N and --source are for the live host")), -1;
	/* The rates and the connect() trace were measured over the snapshot's interval. */
	if (cli->live_opt)
		return cli_failf(cli, _("--from replays the snapshot as it was taken: --%s is for the live host"),
				 cli->live_opt), -1;
	if (tcpd_snap_open(cli->from, &cli->snap, &err))
		return cli_fail(cli, &err), -1;
	tcpd_scope_replay(&cli->scope, cli->snap);
	from_note(cli, tcpd_snap_info(cli->snap));
	return 0;
}

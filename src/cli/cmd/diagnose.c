// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpdoc diagnose: the doctor's findings with evidence and advice. */
#include "cmd/doctor_opts.h"
#include "render/findings.h"

static const char usage[] = N_(
	"Usage: tcpdoc [diagnose] [--interval S] [--set KEY=N ...] [--config FILE]\n"
	"Find what is wrong with TCP on this host: stuck states, leaks, floods, full\n"
	"queues, exhausted ports and limits; name the processes, ports and peers, and\n"
	"say what to do. Exit 0 healthy, 1 warning, 2 critical, 3 could not look.\n\n");

static const struct option longs[] = {
	DOCTOR_LONG_OPTS,
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	int ret = doctor_opt(ctx, opt, arg, err);

	if (ret > 0)
		return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
	return ret;
}

int cmd_diagnose(struct cli *cli, int argc, char **argv)
{
	struct tcpd_doctor_opts o;
	struct cli_opts opts = { .longs = longs, .handle = handle, .ctx = &o, .usage = usage,
				 .usage_more = DOCTOR_USAGE, .live_only = DOCTOR_LIVE_ONLY };
	struct tcpd_doctor_result res;
	int ret;

	doctor_opts_init(&o, cli);
	ret = cli_parse(cli, argc, argv, &opts);
	if (ret)
		return ret > 0 ? EXIT_HEALTHY : EXIT_UNKNOWN;
	if (cli->npos)
		return cli_failf(cli, _("diagnose takes no arguments, got '%s'"), tcpd_q(cli->pos[0]));
	ret = doctor_run(cli, &o, &res);
	if (ret)
		return ret;
	if (cli->json)
		render_findings_json(stdout, &res);
	else
		render_findings_text(stdout, &res, cli->color);
	ret = doctor_exit_code(&res);
	tcpd_doctor_result_free(&res);
	return ret;
}

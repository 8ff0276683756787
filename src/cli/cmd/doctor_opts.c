// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The doctor from the command line: the options diagnose and check share,
 * the library call, and what it could not see said on stderr.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd/doctor_opts.h"

void doctor_opts_init(struct tcpd_doctor_opts *o, struct cli *cli)
{
	const char *trace = getenv("TCPDOC_TRACE");

	tcpd_doctor_opts_init(o, &cli->scope);
	o->owners = cli->owners;
	/* TCPDOC_TRACE=off: no connect() tracing (tests; hosts that forbid BPF). */
	o->no_connect_trace = trace && !strcmp(trace, "off");
}

int doctor_opt(struct tcpd_doctor_opts *o, int opt, const char *arg, struct tcpd_err *err)
{
	int ms;

	switch (opt) {
	case OPT_INTERVAL:
		if (cli_parse_secs(arg, 0, 3600, &ms, "--interval", err))
			return -1;
		o->interval_ms = (unsigned int)ms;
		return 0;
	case OPT_SET:
		if (o->nsets == TCPD_DOCTOR_MAX_SETS)
			return tcpd_fail(err, TCPD_E_USAGE, _("too many --set options"));
		o->sets[o->nsets++] = arg;
		return 0;
	case OPT_CONFIG:
		o->config = arg;
		return 0;
	default:
		return 1;
	}
}

/* One line for everything the kernel would not give: those checks were skipped. */
static void unread_note(const struct cli *cli, const struct tcpd_doctor_result *res)
{
	char list[1024];
	size_t i, len = 0;

	if (!res->nunread)
		return;
	list[0] = '\0';
	for (i = 0; i < res->nunread && len < sizeof(list); i++)
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s",
					i ? ", " : "", res->unread[i]);
	cli_note(cli, _("could not read %s: the checks that need them were skipped"), list);
}

/*
 * connect() could not be watched, and a finding needed it to name who
 * opens its connections: say why, once.
 */
static void trace_note(const struct cli *cli, const struct tcpd_doctor_result *res)
{
	size_t i, j;

	if (res->connects.state != TCPD_TRACE_FAILED)
		return;
	for (i = 0; i < res->findings.len; i++) {
		const struct tcpd_finding *f = &res->findings.f[i];

		for (j = 0; j < f->nev; j++)
			if (!strcmp(f->ev[j].key, "connect_trace")) {
				cli_note(cli, _("could not trace connect() (%s): a process that holds no socket to its destination cannot be named"),
					 res->connects.why);
				return;
			}
	}
}

int doctor_run(struct cli *cli, const struct tcpd_doctor_opts *o,
	       struct tcpd_doctor_result *res)
{
	struct tcpd_err err = { 0 };

	if (tcpd_doctor_run(o, res, &err))
		return cli_fail(cli, &err);
	doctor_notes(cli, res);
	return 0;
}

void doctor_notes(const struct cli *cli, const struct tcpd_doctor_result *res)
{
	if (res->owners_hidden)
		cli_note(cli, _("the owners of sockets in %zu processes could not be seen: reading another user's /proc/PID/fd needs root"),
			 res->owners_hidden);
	cli_scope_notes(cli, res->netns_denied);
	cli_note_lacks(cli, res->lacks);
	if (res->interrupted)
		cli_note(cli, _("the socket table changed during the dump; counts may be off by a few"));
	unread_note(cli, res);
	trace_note(cli, res);
}

int doctor_exit_code(const struct tcpd_doctor_result *res)
{
	switch (tcpd_findings_worst(&res->findings)) {
	case TCPD_SEV_CRITICAL:
		return EXIT_CRIT;
	case TCPD_SEV_WARNING:
		return EXIT_WARN;
	default:
		return EXIT_HEALTHY;
	}
}

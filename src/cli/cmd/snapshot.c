// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc snapshot -o FILE: the doctor's run, every input written down, for
 * diagnose, check, summary and ls --from FILE on any machine.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/doctor_opts.h"
#include "render/findings.h"
#include "render/json.h"
#include "tcpdoc/snapshot.h"
#include "version.h"

#ifndef TCPD_VERSION
#define TCPD_VERSION "0.0"
#endif

struct snapshot_run {
	struct tcpd_doctor_opts o;
	const char *out;
	const char *findings;
};

static const char usage[] = N_(
	"Usage: tcpdoc snapshot -o FILE [--findings FILE] [--interval S] [--set KEY=N ...]\n"
	"                       [--config FILE] [-A | -N NAME] [-4 | -6]\n"
	"Write everything the doctor reads into one compressed file: the socket\n"
	"tables with owners and tcp_info, the counter samples, the sysctls, the\n"
	"namespaces, the kernel, the host, and what could not be read. Read it\n"
	"anywhere, without root, with diagnose, check, summary or ls --from FILE.\n\n"
	"  -o, --output FILE   the file to write (replaced if it exists)\n"
	"      --findings FILE also write the findings of the doctor's run that the\n"
	"                      snapshot records, as diagnose --json prints them\n");

enum { OPT_FINDINGS = 0x480 };

static const struct option longs[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "findings", required_argument, NULL, OPT_FINDINGS },
	DOCTOR_LONG_OPTS,
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct snapshot_run *r = ctx;
	int ret;

	if (opt == 'o') {
		r->out = arg;
		return 0;
	}
	if (opt == OPT_FINDINGS) {
		r->findings = arg;
		return 0;
	}
	ret = doctor_opt(&r->o, opt, arg, err);
	if (ret != 1)
		return ret;
	return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
}

static void render(const struct cli *cli, const char *path, const struct tcpd_snap_info *i)
{
	struct json j;

	if (!cli->json) {
		printf(_("wrote %s: %llu sockets in %zu network namespaces, %zu counter reads, %llu owners; %llu bytes\n"),
		       path, (unsigned long long)i->sockets, i->nns, i->reads,
		       (unsigned long long)i->owners, (unsigned long long)i->bytes);
		return;
	}
	json_init(&j, stdout, JSON_MAX_DEPTH);
	json_obj_open(&j, NULL);
	json_str(&j, "file", path);
	json_u64(&j, "bytes", i->bytes);
	json_u64(&j, "sockets", i->sockets);
	json_u64(&j, "netns", i->nns);
	json_u64(&j, "looks", i->looks);
	json_u64(&j, "reads", i->reads);
	json_u64(&j, "owners", i->owners);
	json_obj_close(&j);
	json_end(&j);
}

/* --findings FILE: the run the snapshot records, judged as diagnose --json would. */
static int write_findings(struct cli *cli, const char *path, FILE *f,
			  const struct tcpd_doctor_result *res)
{
	int bad;

	render_findings_json(f, res);
	bad = ferror(f);
	if (fclose(f) || bad)
		return cli_failf(cli, _("cannot write %s: %s"), tcpd_q(path), strerror(errno));
	return 0;
}

int cmd_snapshot(struct cli *cli, int argc, char **argv)
{
	struct snapshot_run r = { 0 };
	struct cli_opts opts = { longs, "o:", handle, &r, usage, DOCTOR_USAGE, NULL };
	struct tcpd_doctor_result res;
	struct tcpd_snap_info info;
	struct tcpd_err err = { 0 };
	FILE *f = NULL;
	char version[96];
	int ret;

	doctor_opts_init(&r.o, cli);
	ret = cli_parse(cli, argc, argv, &opts);
	if (ret)
		return ret > 0 ? EXIT_HEALTHY : EXIT_UNKNOWN;
	if (cli->npos)
		return cli_failf(cli, _("snapshot takes no arguments, got '%s'"), tcpd_q(cli->pos[0]));
	if (!r.out)
		return cli_failf(cli, _("snapshot needs -o FILE: where to write it"));
	snprintf(version, sizeof(version), *TCPD_COMMIT ? "%s (%s)" : "%s%s", TCPD_VERSION,
		 TCPD_COMMIT);
	/* Created first, so a bad path fails before the snapshot is taken. */
	if (r.findings && !(f = fopen(r.findings, "w")))
		return cli_failf(cli, _("cannot create %s: %s"), tcpd_q(r.findings), strerror(errno));
	if (tcpd_snapshot_take(&r.o, r.out, version, &res, &info, &err)) {
		if (f) {
			fclose(f);
			unlink(r.findings);
		}
		return cli_fail(cli, &err);
	}
	doctor_notes(cli, &res);
	ret = f ? write_findings(cli, r.findings, f, &res) : 0;
	if (!ret)
		render(cli, r.out, &info);
	tcpd_doctor_result_free(&res);
	return ret ? ret : EXIT_HEALTHY;
}

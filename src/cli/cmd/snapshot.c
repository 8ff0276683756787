// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc snapshot -o FILE: the doctor's run, every input written down, for
 * diagnose, check, summary and ls --from FILE on any machine.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd/doctor_opts.h"
#include "render/json.h"
#include "tcpdoc/snapshot.h"
#include "version.h"

#ifndef TCPD_VERSION
#define TCPD_VERSION "0.0"
#endif

struct snapshot_run {
	struct tcpd_doctor_opts o;
	const char *out;
};

static const char usage[] = N_(
	"Usage: tcpdoc snapshot -o FILE [--interval S] [-A | -N NAME] [-4 | -6]\n"
	"Write everything the doctor reads into one compressed file: the socket\n"
	"tables with owners and tcp_info, the counter samples, the sysctls, the\n"
	"namespaces, the kernel, the host, and what could not be read. Read it\n"
	"anywhere, without root, with diagnose, check, summary or ls --from FILE.\n\n"
	"  -o, --output FILE   the file to write (replaced if it exists)\n"
	"      --interval S    seconds between the two counter reads (default 1)\n");

static const struct option longs[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct snapshot_run *r = ctx;

	if (opt == 'o') {
		r->out = arg;
		return 0;
	}
	if (opt == OPT_INTERVAL)
		return doctor_opt(&r->o, opt, arg, err);
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

int cmd_snapshot(struct cli *cli, int argc, char **argv)
{
	struct snapshot_run r = { 0 };
	struct cli_opts opts = { longs, "o:", handle, &r, usage, NULL, NULL };
	struct tcpd_doctor_result res;
	struct tcpd_snap_info info;
	struct tcpd_err err = { 0 };
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
	if (tcpd_snapshot_take(&r.o, r.out, version, &res, &info, &err))
		return cli_fail(cli, &err);
	doctor_notes(cli, &res);
	render(cli, r.out, &info);
	tcpd_doctor_result_free(&res);
	return EXIT_HEALTHY;
}

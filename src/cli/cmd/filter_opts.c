// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "cli.h"
#include "cmd/filter_opts.h"
#include "tcpdoc/state.h"

static int state_opt(struct tcpd_filter *f, const char *arg, struct tcpd_err *err)
{
	const char *bad = arg;
	int badlen = (int)strlen(arg);
	uint32_t m = tcpd_state_parse_list(arg, &bad, &badlen);
	char word[TCPD_QUOTE_MAX + 2];

	if (!m) {
		/* One byte more than is shown, so that a longer word gets its "...". */
		snprintf(word, sizeof(word), "%.*s", badlen, bad);
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("unknown state '%s': expected a TCP state such as close-wait, time-wait, established, or a group (all, connected, synchronized, bucket, big)"),
				 tcpd_q(word));
	}
	f->states |= m;
	return 0;
}

static int port_opt(int *out, const char *arg, struct tcpd_err *err)
{
	uint16_t port;

	if (tcpd_port_parse(arg, &port, err))
		return -1;
	*out = port;
	return 0;
}

int filter_opt(struct tcpd_filter *f, int opt, const char *arg, struct tcpd_err *err)
{
	switch (opt) {
	case 's':
		return state_opt(f, arg, err);
	case OPT_SPORT:
		return port_opt(&f->sport, arg, err);
	case OPT_DPORT:
		return port_opt(&f->dport, arg, err);
	case OPT_PORT:
		return port_opt(&f->port, arg, err);
	case OPT_SRC:
		f->has_src = true;
		return tcpd_prefix_parse(arg, &f->src, err);
	case OPT_DST:
		f->has_dst = true;
		return tcpd_prefix_parse(arg, &f->dst, err);
	}
	return 1;
}

int filter_cmd_parse(struct cli *cli, int argc, char **argv,
		     const struct cli_opts *opts, struct tcpd_filter *f)
{
	int ret;

	tcpd_filter_init(f);
	ret = cli_parse(cli, argc, argv, opts);
	if (ret)
		return ret < 0 ? -1 : 1;
	if (cli->npos) {
		cli_failf(cli, _("%s takes no argument ('%s'); see 'tcpdoc %s -h'"),
			  argv[0], tcpd_q(cli->pos[0]), argv[0]);
		return -1;
	}
	f->family = cli->scope.family;
	return 0;
}

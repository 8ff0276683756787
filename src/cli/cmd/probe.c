// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc probe: connect to HOST:PORT like ping pings, and say why it failed.
 * A line per attempt, a summary, then likely causes and next steps.
 */
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "render/json.h"
#include "render/sock.h"
#include "tcpdoc/probe.h"

/* The one global: set by SIGINT so a multi-count probe ends with its summary. */
static volatile sig_atomic_t interrupted;

struct probe_run {
	struct cli *cli;
	const char *target;
	char host[TCPD_HOSTLEN];
	uint16_t port;
	long count;			/* 0: until interrupted */
	int interval_ms;
	int timeout_ms;
	const char *source_arg;
	struct tcpd_addr source;
	struct tcpd_probe_dst *dsts;
	size_t ndst;
	struct json json;
	unsigned long sent;
	unsigned long outcomes[TCPD_PROBE_NOUTCOMES];
	double min_ms, max_ms, sum_ms;	/* of open attempts */
	bool started;			/* the header or the JSON opening is out */
};

static const char usage[] = N_(
	"Usage: tcpdoc probe HOST:PORT [-c COUNT] [-i INTERVAL] [-t TIMEOUT] [-4|-6] [--source ADDR]\n"
	"Connect to every address HOST resolves to, time the handshake, count SYN\n"
	"retransmits, and explain the outcome (open, refused, timed out, unreachable ...).\n"
	"HOST:PORT is host:port, 1.2.3.4:port or [IPv6]:port.\n\n"
	"  -c, --count N       rounds of attempts (default 1; 0: until Ctrl-C)\n"
	"  -i, --interval SEC  pause between rounds (default 1)\n"
	"  -t, --timeout SEC   give up on an attempt after SEC seconds (default 5)\n"
	"  -4, -6              IPv4 / IPv6 addresses only\n"
	"      --source ADDR   connect from this local address\n\n"
	"Ctrl-C stops and prints the summary.\n"
	"Exit codes: 0 at least one attempt was open, 2 none was, 3 bad input\n"
	"(bad HOST:PORT or option, a name that does not resolve, an unusable --source).\n");

enum { OPT_SOURCE_ADDR = 0x400 };

static const struct option longs[] = {
	{ "count", required_argument, NULL, 'c' },
	{ "interval", required_argument, NULL, 'i' },
	{ "timeout", required_argument, NULL, 't' },
	/* Shadows the global --source netlink|proc: here, a local address. */
	{ "source", required_argument, NULL, OPT_SOURCE_ADDR },
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct probe_run *r = ctx;

	switch (opt) {
	case 'c':
		return tcpd_whole_opt(arg, 0, 1000000, &r->count, "-c", err);
	case 'i':
		return cli_parse_secs(arg, 0, 3600, &r->interval_ms, "-i", err);
	case 't':
		return cli_parse_secs(arg, 0.001, 600, &r->timeout_ms, "-t", err);
	case OPT_SOURCE_ADDR:
		r->source_arg = arg;
		return 0;
	}
	return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
}

static int parse_source(struct probe_run *r, struct tcpd_err *err)
{
	struct tcpd_prefix p;
	int full;

	if (!r->source_arg)
		return 0;
	full = 0;
	if (!tcpd_prefix_parse(r->source_arg, &p, NULL))
		full = p.len == (p.addr.family == AF_INET ? 32 : 128);
	if (!full || strchr(r->source_arg, '/'))
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad --source '%s': expected a local IPv4 or IPv6 address"),
				 tcpd_q(r->source_arg));
	r->source = p.addr;
	if (r->cli->scope.family && r->cli->scope.family != p.addr.family)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("--source %s does not go with -%c"), tcpd_q(r->source_arg),
				 r->cli->scope.family == AF_INET ? '4' : '6');
	r->cli->scope.family = p.addr.family;
	return 0;
}

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* No SA_RESTART: poll() and nanosleep() must return so the summary prints. */
static void catch_sigint(struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = on_sigint };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, old);
}

static void pause_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (!interrupted && nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static const char *errno_name(int e)
{
	const char *n = strerrorname_np(e);

	return n ? n : "E?";
}

static void show_header(const struct probe_run *r)
{
	char buf[TCPD_ADDRSTRLEN];
	size_t i;

	printf(_("PROBE %s:"), r->target);
	for (i = 0; i < r->ndst; i++)
		printf(" %s", tcpd_addr_str(&r->dsts[i].addr, buf, sizeof(buf)));
	printf(_(", timeout %g s\n"), r->timeout_ms / 1000.0);
}

static void show_attempt(const struct probe_run *r, const struct tcpd_probe_result *res)
{
	char ep[TCPD_ENDPOINTSTRLEN];
	const char *label = _(tcpd_probe_outcome_label(res->outcome));

	tcpd_endpoint_str(&res->dst.addr, res->dst.port, TCPD_EP_ANY_PORT, NULL, ep, sizeof(ep));
	if (res->outcome == TCPD_PROBE_OPEN)
		printf(_("%s: %s, %.3f ms, SYN retransmits %u\n"), ep, label, res->ms,
		       res->syn_retransmits);
	else if (res->own_timeout)
		printf(_("%s: %s (no answer within %g s), %.3f ms, SYN retransmits %u\n"),
		       ep, label, r->timeout_ms / 1000.0, res->ms, res->syn_retransmits);
	else
		printf(_("%s: %s (%s %d), %.3f ms, SYN retransmits %u\n"), ep, label,
		       errno_name(res->errnum), res->errnum, res->ms, res->syn_retransmits);
	fflush(stdout);
}

static void json_attempt(struct probe_run *r, const struct tcpd_probe_result *res)
{
	struct json *j = &r->json;
	char buf[TCPD_ADDRSTRLEN];

	json_obj_open(j, NULL);
	json_str(j, "addr", tcpd_addr_str(&res->dst.addr, buf, sizeof(buf)));
	json_u64(j, "port", res->dst.port);
	json_str(j, "outcome", tcpd_probe_outcome_name(res->outcome));
	json_i64(j, "errno", res->errnum);
	if (res->errnum)
		json_str(j, "errno_name", errno_name(res->errnum));
	else
		json_null(j, "errno_name");
	json_double(j, "ms", res->ms, 3);
	json_u64(j, "syn_retransmits", res->syn_retransmits);
	json_obj_close(j);
}

/*
 * Output starts with the first result, so that an error found by the first
 * attempt (an unusable --source) prints alone.
 */
static void output_start(struct probe_run *r)
{
	struct json *j = &r->json;

	if (r->started)
		return;
	r->started = true;
	if (!r->cli->json) {
		show_header(r);
		return;
	}
	json_init(j, stdout, 2);
	json_obj_open(j, NULL);
	json_str(j, "target", r->target);
	json_arr_open(j, "attempts");
}

static void record(struct probe_run *r, const struct tcpd_probe_result *res)
{
	unsigned long open = r->outcomes[TCPD_PROBE_OPEN];

	output_start(r);
	r->sent++;
	r->outcomes[res->outcome]++;
	if (res->outcome == TCPD_PROBE_OPEN) {
		r->min_ms = !open || res->ms < r->min_ms ? res->ms : r->min_ms;
		r->max_ms = !open || res->ms > r->max_ms ? res->ms : r->max_ms;
		r->sum_ms += res->ms;
	}
	if (r->cli->json)
		json_attempt(r, res);
	else
		show_attempt(r, res);
}

static void json_times(struct json *j, const struct probe_run *r)
{
	unsigned long open = r->outcomes[TCPD_PROBE_OPEN];

	if (!open) {
		json_null(j, "min_ms");
		json_null(j, "avg_ms");
		json_null(j, "max_ms");
		return;
	}
	json_double(j, "min_ms", r->min_ms, 3);
	json_double(j, "avg_ms", r->sum_ms / (double)open, 3);
	json_double(j, "max_ms", r->max_ms, 3);
}

static void render_json_end(struct probe_run *r)
{
	struct json *j = &r->json;
	const char *const *a;
	int o;

	json_arr_close(j);
	json_obj_open(j, "summary");
	json_u64(j, "sent", r->sent);
	for (o = 0; o < TCPD_PROBE_NOUTCOMES; o++)
		json_u64(j, tcpd_probe_outcome_name(o), r->outcomes[o]);
	json_times(j, r);
	json_obj_close(j);
	json_arr_open(j, "advice");
	for (o = 0; o < TCPD_PROBE_NOUTCOMES; o++)
		for (a = tcpd_probe_advice(o); r->outcomes[o] && *a; a++)
			json_str(j, NULL, _(*a));
	json_arr_close(j);
	json_obj_close(j);
	json_end(j);
}

static void render_text_end(const struct probe_run *r)
{
	const char *const *a;
	int o;

	printf(_("\n--- %s probe ---\n%lu sent"), r->target, r->sent);
	for (o = 0; o < TCPD_PROBE_NOUTCOMES; o++)
		if (r->outcomes[o])
			printf(", %lu %s", r->outcomes[o], _(tcpd_probe_outcome_label(o)));
	putchar('\n');
	if (r->outcomes[TCPD_PROBE_OPEN])
		printf(_("connect time min/avg/max = %.3f/%.3f/%.3f ms\n"), r->min_ms,
		       r->sum_ms / (double)r->outcomes[TCPD_PROBE_OPEN], r->max_ms);
	if (r->sent)
		printf(_("\nLikely causes and next steps:\n"));
	for (o = 0; o < TCPD_PROBE_NOUTCOMES; o++) {
		if (!r->outcomes[o])
			continue;
		a = tcpd_probe_advice(o);
		printf("  %s\n", _(*a));
		for (a++; *a; a++)
			printf("    - %s\n", _(*a));
	}
}

/* Every address once per round. Returns 0, or -1 after printing why. */
static int attempts(struct probe_run *r)
{
	struct tcpd_probe_opts po = {
		.timeout_ms = r->timeout_ms,
		.source = r->source_arg ? &r->source : NULL,
		.stop = &interrupted,
	};
	struct tcpd_probe_result res;
	struct tcpd_err err = { 0 };
	long round;
	size_t i;
	int ret;

	for (round = 0; !interrupted && (!r->count || round < r->count); round++) {
		if (round)
			pause_ms(r->interval_ms);
		for (i = 0; i < r->ndst && !interrupted; i++) {
			ret = tcpd_probe_once(&r->dsts[i], &po, &res, &err);
			if (ret < 0)
				return cli_fail(r->cli, &err);
			if (ret > 0)
				break;
			record(r, &res);
		}
	}
	return 0;
}

static int run(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct probe_run *r = arg;
	struct tcpd_err err = { 0 };
	struct sigaction old;
	int ret;

	(void)ns;
	/* Resolve here: inside the namespace -N entered, with its resolver. */
	if (tcpd_probe_resolve(r->host, r->port, cli->scope.family, &r->dsts, &r->ndst, &err))
		return cli_fail(cli, &err);
	catch_sigint(&old);
	ret = attempts(r);
	sigaction(SIGINT, &old, NULL);
	if (ret)
		return ret;	/* the exit code of the error it printed */
	output_start(r);
	if (cli->json)
		render_json_end(r);
	else
		render_text_end(r);
	return r->outcomes[TCPD_PROBE_OPEN] ? EXIT_HEALTHY : EXIT_CRIT;
}

int cmd_probe(struct cli *cli, int argc, char **argv)
{
	struct probe_run r = { .cli = cli, .count = 1, .interval_ms = 1000, .timeout_ms = 5000 };
	struct cli_opts opts = { longs, "c:i:t:", handle, &r, usage, NULL, NULL };
	struct tcpd_err err = { 0 };
	int ret;

	ret = cli_parse(cli, argc, argv, &opts);
	if (ret)
		return ret < 0 ? EXIT_UNKNOWN : 0;
	if (cli->scope.all_netns)
		return cli_failf(cli, _("probe runs in one namespace: use -N NAME, not -A"));
	if (cli->npos != 1)
		return cli_failf(cli, _("probe takes one HOST:PORT, e.g. example.com:443; see 'tcpdoc probe -h'"));
	r.target = cli->pos[0];
	if (tcpd_probe_parse_target(r.target, r.host, &r.port, &err) || parse_source(&r, &err))
		return cli_fail(cli, &err);
	ret = cli_each_netns(cli, run, &r);
	free(r.dsts);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpdoc watch: live state changes, the time spent in the state left, and who. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd/filter_opts.h"
#include "render/watch.h"
#include "tcpdoc/state.h"
#include "tcpdoc/watch.h"

enum {
	OPT_PID = 0x300,
	OPT_DURATION,
	OPT_SAMPLE,
	OPT_BPF,
	OPT_INTERVAL,
	OPT_BUFFER,
};

struct watch_run {
	struct cli *cli;
	struct tcpd_filter filter;	/* as parsed; addresses matched here */
	struct tcpd_watch_opts opts;
	double duration;		/* seconds; 0: until a signal */
	const struct tcpd_netns *ns;
	struct tcpd_watch_stats stats;
};

static const char usage[] = N_(
	"Usage: tcpdoc watch [FILTERS] [--pid N] [--duration S] [--sample]\n"
	"Print each TCP state change as it happens: time, namespace, addresses,\n"
	"old -> new state, the time spent in the old state, and the owner.\n"
	"Ends on Ctrl-C, SIGTERM or --duration with a summary: time spent per state\n"
	"(p50, p90, p99, max) and changes per second by kind.\n\n"
	"  -s matches a change into or out of the states listed.\n"
	"      --pid N         changes of sockets owned by process N\n"
	"      --duration S    stop after S seconds\n"
	"      --sample        no BPF: sample sock_diag (coarse timing)\n"
	"      --bpf           BPF or fail (no fallback to sampling)\n"
	"      --interval MS   sampling period (default 100)\n"
	"      --buffer MB     BPF ring buffer size (default 16)\n\n"
	"Times: \">=\" is a lower bound (the socket was there before watch began),\n"
	"\"~\" is sampled (at most one period long). TIME_WAIT: its start is exact with\n"
	"BPF when the peer's FIN came first, else seen by a sock_diag look every\n"
	"200 ms, as is its end.\n");

static const struct option longs[] = {
	FILTER_LONG_OPTS,
	{ "pid", required_argument, NULL, OPT_PID },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "sample", no_argument, NULL, OPT_SAMPLE },
	{ "bpf", no_argument, NULL, OPT_BPF },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "buffer", required_argument, NULL, OPT_BUFFER },
	{ NULL, 0, NULL, 0 },
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int duration_opt(double *out, const char *arg, struct tcpd_err *err)
{
	double v;

	if (tcpd_real_parse(arg, 0, 1e7, &v) || v <= 0)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad --duration '%s': expected seconds, more than 0"), tcpd_q(arg));
	*out = v;
	return 0;
}

static int mode_opt(struct watch_run *r, enum tcpd_watch_mode mode, struct tcpd_err *err)
{
	if (r->opts.mode != TCPD_WATCH_AUTO && r->opts.mode != mode)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("--bpf and --sample do not go together: --bpf insists on BPF, --sample never uses it"));
	r->opts.mode = mode;
	return 0;
}

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct watch_run *r = ctx;
	int ret = filter_opt(&r->filter, opt, arg, err);
	long v;

	if (ret <= 0)
		return ret;
	switch (opt) {
	case OPT_PID:
		if (cli_pid_opt(arg, &v, err))
			return -1;
		r->opts.filter.pid = (uint32_t)v;
		return 0;
	case OPT_DURATION:
		return duration_opt(&r->duration, arg, err);
	case OPT_SAMPLE:
	case OPT_BPF:
		return mode_opt(r, opt == OPT_BPF ? TCPD_WATCH_BPF : TCPD_WATCH_SAMPLE, err);
	case OPT_INTERVAL:
		if (tcpd_whole_opt(arg, 1, 60000, &v, "--interval", err))
			return -1;
		r->opts.sample_ms = (unsigned int)v;
		return 0;
	case OPT_BUFFER:
		if (tcpd_whole_opt(arg, 1, 1024, &v, "--buffer", err))
			return -1;
		r->opts.ringbuf_mb = (unsigned int)v;
		return 0;
	}
	return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
}

static bool addr_match(const struct watch_run *r, const struct tcpd_watch_event *ev)
{
	const struct tcpd_filter *f = &r->filter;

	if (f->has_src && (!tcpd_prefix_match(&f->src, &ev->local) ||
			   !tcpd_scope_match(f->src.scope, ev->ifindex)))
		return false;
	if (f->has_dst && (!tcpd_prefix_match(&f->dst, &ev->remote) ||
			   !tcpd_scope_match(f->dst.scope, ev->ifindex)))
		return false;
	return true;
}

static int on_event(const struct tcpd_watch_event *ev, void *arg)
{
	struct watch_run *r = arg;
	char label[128];

	if (!addr_match(r, ev))
		return 0;
	if (r->ns && ev->netns == r->ns->inode)
		tcpd_netns_label(r->ns, label, sizeof(label));
	else
		snprintf(label, sizeof(label), "net:[%llu]", (unsigned long long)ev->netns);
	tcpd_watch_stats_add(&r->stats, ev);
	if (r->cli->json)
		watch_line_json(stdout, ev, label);
	else
		watch_line_text(stdout, ev, label);
	fflush(stdout);
	return 0;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int watch_ns(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct watch_run *r = arg;
	struct tcpd_watch_counters c;
	struct tcpd_err err = { 0 };
	struct tcpd_watch *w;
	uint64_t end = 0, now;
	const char *mode;
	int ret = 0;

	r->ns = ns;
	catch_signals();
	if (tcpd_watch_open(&w, &r->opts, &err))
		return cli_fail(cli, &err);
	mode = tcpd_watch_mode(w) == TCPD_WATCH_BPF ? "bpf" : "sample";
	if (tcpd_watch_mode(w) == TCPD_WATCH_BPF)
		cli_note(cli, _("watching with BPF (tp_btf/inet_sock_set_state); Ctrl-C ends with a summary"));
	else if (*tcpd_watch_fallback(w))
		cli_note(cli, _("no BPF (%s): sampling sock_diag every %u ms instead; timings are coarse and changes between samples are inferred"),
			 tcpd_watch_fallback(w), r->opts.sample_ms ? r->opts.sample_ms : 100);
	else
		cli_note(cli, _("sampling sock_diag every %u ms: timings are coarse and changes between samples are inferred"),
			 r->opts.sample_ms ? r->opts.sample_ms : 100);
	now = tcpd_watch_now();
	tcpd_watch_stats_init(&r->stats, now);
	if (r->duration > 0)
		end = now + (uint64_t)(r->duration * 1e9);
	while (!stop && !cli_output_gone()) {
		int wait = 100;

		now = tcpd_watch_now();
		if (end && now >= end)
			break;
		if (end && (end - now) / 1000000 < (uint64_t)wait)
			wait = (int)((end - now) / 1000000) + 1;
		if (tcpd_watch_poll(w, wait, on_event, r, &err) < 0) {
			ret = cli_fail(cli, &err);
			break;
		}
	}
	if (!ret && !cli_output_gone() && tcpd_watch_flush(w, on_event, r, &err))
		ret = cli_fail(cli, &err);
	r->stats.end_ns = tcpd_watch_now();
	tcpd_watch_counters(w, &c);
	if (cli->json)
		watch_summary_json(stdout, &r->stats, &c, mode);
	else
		watch_summary_text(stdout, &r->stats, &c, mode);
	fflush(stdout);
	if (c.lost)
		cli_note(cli, _("%llu changes were lost: the BPF ring buffer was full (try --buffer)"),
			 (unsigned long long)c.lost);
	if (c.map_full)
		cli_note(cli, _("%llu sockets could not be remembered: the per-socket map was full"),
			 (unsigned long long)c.map_full);
	tcpd_watch_close(w);
	return ret;
}

int cmd_watch(struct cli *cli, int argc, char **argv)
{
	struct watch_run r = { .cli = cli };
	struct cli_opts opts = { longs, FILTER_SHORT_OPTS, handle, &r, usage, FILTER_USAGE, NULL };
	int ret;

	ret = filter_cmd_parse(cli, argc, argv, &opts, &r.filter);
	if (ret)
		return ret < 0 ? EXIT_UNKNOWN : 0;
	r.opts.filter.sport = r.filter.sport;
	r.opts.filter.dport = r.filter.dport;
	r.opts.filter.port = r.filter.port;
	r.opts.filter.states = r.filter.states;
	r.opts.filter.family = cli->scope.family;
	r.opts.owners = cli->owners;
	if (cli->scope.all_netns) {
		struct tcpd_netns ns = { 0 };

		if (r.opts.mode == TCPD_WATCH_SAMPLE)
			return cli_failf(cli, _("--sample reads one namespace; -A needs BPF"));
		/* An interface name means nothing across namespaces. */
		if ((r.filter.has_src && r.filter.src.scope[0]) ||
		    (r.filter.has_dst && r.filter.dst.scope[0]))
			return cli_failf(cli, _("an address with %%INTERFACE names an interface of one namespace; it does not go with -A"));
		r.opts.all_netns = true;
		return watch_ns(cli, &ns, &r);
	}
	return cli_each_netns(cli, watch_ns, &r);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc serve: a Prometheus exporter. Options, the listening socket,
 * and the signals: SIGTERM or SIGINT lets a scrape in flight finish and
 * exits 0; SIGHUP reads the thresholds and the web config again. The
 * HTTP side is serve_http.c, the single flight and the collector thread
 * serve_scrape.c, the web config serve_web.c.
 */
#include <errno.h>
#include <microhttpd.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cmd/doctor_opts.h"
#include "cmd/serve.h"

enum { OPT_LISTEN = 0x600, OPT_MIN_INTERVAL, OPT_TOP, OPT_WEB_CONFIG };

static const char usage[] = N_(
	"Usage: tcpdoc serve [--listen ADDR:PORT] [--min-interval S] [--top N]\n"
	"                    [--web-config FILE]\n"
	"Serve Prometheus metrics over HTTP: sockets per state, per port, per process\n"
	"and per listener, RTT histograms, the doctor's findings and the kernel's\n"
	"counters. /metrics, / and /-/healthy; SIGTERM ends it, SIGHUP reloads the\n"
	"thresholds and the web config. docs/metrics.md lists every metric.\n\n"
	"  --listen ADDR:PORT  where to listen: an address or a host name (default\n"
	"                      127.0.0.1:10127; [::1]:PORT for IPv6)\n"
	"  --min-interval S    reuse a collection younger than S seconds (default 0)\n"
	"  --top N             ports, processes and listeners kept (default 10), the rest\n"
	"                      summed as \"other\"\n"
	"  --web-config FILE   TLS and basic auth, in Prometheus's web config format\n"
	"                      (tls_server_config: cert_file, key_file; basic_auth_users)\n");

static const struct option longs[] = {
	DOCTOR_LONG_OPTS,
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "min-interval", required_argument, NULL, OPT_MIN_INTERVAL },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "web-config", required_argument, NULL, OPT_WEB_CONFIG },
	{ NULL, 0, NULL, 0 },
};

struct serve_args {
	struct serve *s;
	const char *listen;
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct serve_args *a = ctx;
	int ret = doctor_opt(&a->s->o.doctor, opt, arg, err), ms;
	long n;

	if (ret <= 0)
		return ret;
	switch (opt) {
	case OPT_LISTEN:
		a->listen = arg;
		return 0;
	case OPT_MIN_INTERVAL:
		if (cli_parse_secs(arg, 0, 3600, &ms, "--min-interval", err))
			return -1;
		a->s->min_interval_ms = (unsigned int)ms;
		return 0;
	case OPT_TOP:
		if (tcpd_whole_opt(arg, 1, TCPD_METRICS_TOP_MAX, &n, "--top", err))
			return -1;
		a->s->o.top_n = (size_t)n;
		return 0;
	case OPT_WEB_CONFIG:
		a->s->web_path = arg;
		return 0;
	default:
		return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
	}
}

/* The thresholds (--config, --set) and the web config, both read now. */
static int read_settings(struct serve *s, struct tcpd_thresholds *t, struct serve_web **w,
			 struct tcpd_err *err)
{
	if (tcpd_doctor_thresholds(&s->o.doctor, t, err))
		return -1;
	return serve_web_load(s->web_path, w, err);
}

/*
 * SIGHUP: the new settings take effect for the next collection and the
 * next request; a bad file leaves the old ones in force. TLS cannot be
 * turned on or off: the listening daemon speaks one or the other.
 */
static void reload(struct serve *s)
{
	struct tcpd_err err = { 0 };
	struct serve_web *w = NULL, *old;
	struct tcpd_thresholds t;
	const char *prog = s->cli->prog;

	if (read_settings(s, &t, &w, &err)) {
		fprintf(stderr, _("%s: reload failed, the previous settings stay: %s\n"), prog, err.msg);
		return;
	}
	if (!w->tls != !s->web->tls) {
		fprintf(stderr, _("%s: reload failed, the previous settings stay: %s\n"), prog,
			w->tls ? _("turning TLS on needs a restart") : _("turning TLS off needs a restart"));
		serve_web_put(w);
		return;
	}
	pthread_mutex_lock(&s->lock);
	s->thr = t;
	old = s->web;
	s->web = w;
	s->settings++;
	pthread_mutex_unlock(&s->lock);
	serve_web_put(old);
	fprintf(stderr, _("%s: reloaded the thresholds and the web config\n"), prog);
}

/* Until SIGTERM or SIGINT, reloading on SIGHUP. */
static void wait_for_end(struct serve *s, const sigset_t *set)
{
	int sig;

	for (;;) {
		if (sigwait(set, &sig) || sig != SIGHUP)
			return;
		reload(s);
	}
}

/* Stop taking connections, let the scrapes in flight be answered, stop. */
static void stop(struct serve *s, struct MHD_Daemon *d)
{
	MHD_quiesce_daemon(d);
	serve_collector_stop(s);
	MHD_stop_daemon(d);
}

static int run(struct serve *s, const char *listen)
{
	struct tcpd_err err = { 0 };
	struct MHD_Daemon *d;
	sigset_t set;
	int fd;

	/* Bad files are said before anything listens. */
	if (read_settings(s, &s->thr, &s->web, &err))
		return cli_fail(s->cli, &err);
	fd = serve_listen(listen, &err);
	if (fd < 0)
		return cli_fail(s->cli, &err);
	serve_limits(s);
	if (serve_collect(s, &s->m, &err)) {
		close(fd);
		return cli_fail(s->cli, &err);
	}
	serve_times_open(s);
	serve_keep_first(s);
	/* Blocked before the threads start, so they inherit the mask. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (serve_collector_start(s)) {
		close(fd);
		return cli_failf(s->cli, _("cannot start the HTTP server on %s"), listen);
	}
	d = serve_http_start(s, fd);
	if (!d) {
		serve_collector_stop(s);
		close(fd);
		return cli_failf(s->cli, _("cannot start the HTTP server on %s"), listen);
	}
	fprintf(stderr, _("%s: serving metrics on %s://%s/metrics\n"), s->cli->prog,
		s->web->tls ? "https" : "http", listen);
	wait_for_end(s, &set);
	stop(s, d);
	close(fd);
	return EXIT_HEALTHY;
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	static char def[32];
	struct serve s = { .cli = cli };
	struct serve_args a = { .s = &s, .listen = def };
	struct cli_opts opts = { .longs = longs, .handle = handle, .ctx = &a, .usage = usage,
				 .usage_more = DOCTOR_USAGE };
	int ret;

	snprintf(def, sizeof(def), "127.0.0.1:%d", SERVE_PORT);
	tcpd_metrics_opts_init(&s.o, &cli->scope);
	doctor_opts_init(&s.o.doctor, cli);
	ret = cli_parse(cli, argc, argv, &opts);
	if (ret)
		return ret > 0 ? EXIT_HEALTHY : EXIT_UNKNOWN;
	if (cli->npos)
		return cli_failf(cli, _("serve takes no arguments, got '%s'"), cli->pos[0]);
	s.st.source = tcpd_metrics_source_name(cli->scope.source);
	if (serve_init(&s))
		return cli_failf(cli, _("out of memory"));
	ret = run(&s, a.listen);
	serve_destroy(&s);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc pcap FILE: each connection's TCP state machine on both ends,
 * reconstructed from a capture file ("-" for stdin) or a live interface.
 * Connections are printed as they finish, so memory follows the number of
 * connections alive at once; the summary comes last.
 */
#include <limits.h>
#include <signal.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "render/pcap.h"
#include "tcpdoc/pcap.h"

enum { OPT_PORT = 0x400, OPT_HOST, OPT_CONN, OPT_LADDER, OPT_DURATION, OPT_IDLE_EXPIRE };

struct pcap_run {
	long port, conn, ladder;	/* 0: not given */
	struct tcpd_prefix host;
	bool has_host;
	const char *iface, *filter;
	long duration;			/* live: seconds, 0 until interrupted */
	long idle_expire;		/* seconds; 0: never; -1: not given */
	int family;			/* -4 / -6; 0: both */
	bool json;
	bool stream;			/* stdin or live: show each connection at once */
	bool ladder_done;
	struct json j;
	struct tcpd_pcap_summary sum;	/* over the connections shown */
	struct tcpd_pcap_an *an;
};

static const char usage[] = N_(
	"Usage: tcpdoc pcap FILE [--port N] [--host ADDR] [--conn ID] [--json] [--ladder ID]\n"
	"       tcpdoc pcap -i IFACE [-f FILTER] [--duration S] [...]\n"
	"Each connection's TCP states on both ends, from a pcap or pcapng capture\n"
	"(FILE '-' reads stdin): when each end entered each state and for how long,\n"
	"who closed first, how it ended, and the mechanisms seen on the way\n"
	"(retransmitted SYN or FIN, lost final ACK, RST, keepalive, zero window...).\n\n"
	"      --port N        only connections with port N on either end\n"
	"      --host ADDR     only connections with ADDR[/LEN] on either end\n"
	"      --conn ID       only connection ID (ids as printed without filters)\n"
	"      --ladder ID     an SVG sequence diagram of connection ID on stdout\n"
	"      --idle-expire S report a connection silent for S s of capture time\n"
	"                      as open and forget it (default 300; 0: never)\n"
	"  -i, --interface IF  capture live on IF (stop with Ctrl-C or --duration)\n"
	"  -f, --filter EXPR   a BPF capture filter for -i\n"
	"      --duration S    stop a live capture after S seconds\n\n"
	"A file cut inside a packet gives the connections read so far, marked\n"
	"\"truncated\", and exit code 1. Unreadable input gives exit code 3; input\n"
	"that fails part-way gives the report of what came before it (with --json,\n"
	"\"complete\": false and the error), and exit code 3.\n");

static const struct option longs[] = {
	{ "port", required_argument, NULL, OPT_PORT },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "conn", required_argument, NULL, OPT_CONN },
	{ "ladder", required_argument, NULL, OPT_LADDER },
	{ "interface", required_argument, NULL, 'i' },
	{ "filter", required_argument, NULL, 'f' },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "idle-expire", required_argument, NULL, OPT_IDLE_EXPIRE },
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct pcap_run *r = ctx;

	switch (opt) {
	case OPT_PORT:
		return tcpd_whole_opt(arg, 1, 65535, &r->port, "--port", err);
	case OPT_HOST:
		r->has_host = true;
		return tcpd_prefix_parse(arg, &r->host, err);
	case OPT_CONN:
		return tcpd_whole_opt(arg, 1, LONG_MAX, &r->conn, "--conn", err);
	case OPT_LADDER:
		return tcpd_whole_opt(arg, 1, LONG_MAX, &r->ladder, "--ladder", err);
	case OPT_DURATION:
		return tcpd_whole_opt(arg, 1, 86400 * 365, &r->duration, "--duration", err);
	case OPT_IDLE_EXPIRE:
		return tcpd_whole_opt(arg, 0, 86400 * 365, &r->idle_expire, "--idle-expire", err);
	case 'i':
		r->iface = arg;
		return 0;
	case 'f':
		r->filter = arg;
		return 0;
	}
	return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
}

static bool wanted(const struct pcap_run *r, const struct tcpd_pcap_conn *c)
{
	const struct tcpd_pcap_end *a = &c->end[0], *b = &c->end[1];

	if (r->ladder)
		return (long)c->id == r->ladder;
	if (r->conn && (long)c->id != r->conn)
		return false;
	if (r->family && a->addr.family != r->family)
		return false;
	if (r->port && a->port != r->port && b->port != r->port)
		return false;
	if (r->has_host && !tcpd_prefix_match(&r->host, &a->addr) &&
	    !tcpd_prefix_match(&r->host, &b->addr))
		return false;
	return true;
}

static int on_conn(const struct tcpd_pcap_conn *c, void *arg)
{
	struct pcap_run *r = arg;
	int64_t start = tcpd_pcap_an_summary(r->an)->start;

	if (!wanted(r, c))
		return 0;
	tcpd_pcap_summary_add(&r->sum, c);
	if (r->ladder) {
		pcap_ladder_svg(stdout, c, start);
		r->ladder_done = true;
	} else if (r->json) {
		pcap_json_conn(&r->j, c, start);
	} else {
		pcap_text_conn(stdout, c, start);
	}
	if (r->stream)
		fflush(stdout);
	return ferror(stdout) ? -1 : 0;
}

/*
 * Ctrl-C ends a live capture with a report. A signal handler can only reach
 * a static; this is the one the command needs.
 */
static volatile sig_atomic_t stop_requested;

/* stdout's buffer is used until exit, after cmd_pcap returns: a static. */
static char out_buf[1 << 20];

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static int open_source(struct cli *cli, struct pcap_run *r, struct tcpd_pcap_src **src)
{
	struct tcpd_err err = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };

	if (r->iface && cli->npos)
		return cli_failf(cli, _("pcap reads a file ('%s') or captures on -i %s, not both"),
				 tcpd_q(cli->pos[0]), tcpd_q(r->iface));
	if (r->iface) {
		if (tcpd_pcap_open_live(src, r->iface, r->filter, &err))
			return cli_fail(cli, &err);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		return 0;
	}
	if (r->filter || r->duration)
		return cli_failf(cli, _("-f and --duration go with -i IFACE, not with a file"));
	if (cli->npos != 1)
		return cli_failf(cli, _("pcap needs one capture file ('-' for stdin) or -i IFACE; see 'tcpdoc pcap -h'"));
	if (tcpd_pcap_open_file(src, cli->pos[0], &err))
		return cli_fail(cli, &err);
	return 0;
}

/* How feeding the analyser ended. */
enum pump_end {
	PUMP_DONE,		/* the end of the input, or of the live capture */
	PUMP_SRC_FAILED,	/* the input failed: the report covers what came before */
	PUMP_AN_FAILED,		/* the analyser failed (memory, writing): no report */
};

/*
 * A file: read two segments ahead, so the analyser's table slot and entry
 * for each are in the cache by the time it gets there (most of its time is
 * waiting for memory). After a read error, what was read is fed first.
 */
static enum pump_end pump_file(struct pcap_run *r, struct tcpd_pcap_src *src,
			       struct tcpd_err *err)
{
	struct tcpd_seg q[3];
	unsigned int head = 0, n = 0;
	struct tcpd_err src_err = { 0 };
	int ret = 1;

	for (;;) {
		while (ret == 1 && n < 3) {
			ret = tcpd_pcap_next(src, &q[(head + n) % 3], 0, &src_err);
			if (ret == 1)
				tcpd_pcap_an_prefetch(r->an, &q[(head + n++) % 3], false);
		}
		if (!n)
			break;
		if (n > 1)
			tcpd_pcap_an_prefetch(r->an, &q[(head + 1) % 3], true);
		if (tcpd_pcap_an_seg(r->an, &q[head], err))
			return PUMP_AN_FAILED;
		head = (head + 1) % 3;
		n--;
	}
	if (ret >= 0)
		return PUMP_DONE;
	*err = src_err;
	return PUMP_SRC_FAILED;
}

/* Feed every segment to the analyser; live sources stop on a signal or timer. */
static enum pump_end pump(struct pcap_run *r, struct tcpd_pcap_src *src,
			  struct tcpd_err *err)
{
	struct timespec t0, now;
	struct tcpd_seg s;
	int ret;

	if (!r->stream)
		return pump_file(r, src, err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!stop_requested) {
		ret = tcpd_pcap_next(src, &s, 200, err);
		if (ret < 0)
			return PUMP_SRC_FAILED;
		if (ret == 0)
			return PUMP_DONE;
		if (ret == 1 && tcpd_pcap_an_seg(r->an, &s, err))
			return PUMP_AN_FAILED;
		if (r->duration) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			if (now.tv_sec - t0.tv_sec >= r->duration)
				return PUMP_DONE;
		}
	}
	return PUMP_DONE;
}

/*
 * The summary of what was read, and the end of the JSON document, always
 * written, so the document is valid even when @stop (an error that ended the
 * read) is set: then it says "complete": false and the error.
 */
static void report_end(struct pcap_run *r, struct tcpd_pcap_src *src,
		       const struct tcpd_err *stop)
{
	const struct tcpd_pcap_counts *n = tcpd_pcap_counts(src);

	if (r->json)
		pcap_json_end(&r->j, &r->sum, n, stop ? stop->msg : NULL);
	else if (!r->ladder)
		pcap_text_summary(stdout, &r->sum, n);
}

/* After the last packet: the summary, and the notes a partial read deserves. */
static int conclude(struct cli *cli, struct pcap_run *r, struct tcpd_pcap_src *src,
		    struct tcpd_err *stop)
{
	const struct tcpd_pcap_counts *n = tcpd_pcap_counts(src);
	const struct tcpd_pcap_summary *an = tcpd_pcap_an_summary(r->an);

	r->sum.start = an->start;
	r->sum.end = an->end;
	r->sum.max_live = an->max_live;
	if (!stop->msg[0] && r->ladder && !r->ladder_done)
		return cli_failf(cli, _("no connection %ld in the capture"), r->ladder);
	if (!stop->msg[0] && !n->segments && n->cut)
		tcpd_fail(stop, TCPD_E_INPUT,
			  _("the snap length (%d bytes) cuts every TCP header: recapture with tcpdump -s 0"),
			  tcpd_pcap_snaplen(src));
	report_end(r, src, stop->msg[0] ? stop : NULL);
	if (stop->msg[0])
		return cli_fail(cli, stop);
	if (n->cut)
		cli_note(cli, _("%llu packets had their headers cut by the snap length (%d)"),
			 (unsigned long long)n->cut, tcpd_pcap_snaplen(src));
	if (n->too_short)
		cli_note(cli, _("%llu packets were captured whole but end before their own headers do: they were malformed when captured"),
			 (unsigned long long)n->too_short);
	if (n->bad)
		cli_note(cli, _("%llu packets have an IP or TCP header that makes no sense (its version, header length or data offset): they were not decoded"),
			 (unsigned long long)n->bad);
	if (n->backwards)
		cli_note(cli, _("%llu packets are dated before a packet ahead of them (by up to %.6f s): each was taken as simultaneous with the latest before it"),
			 (unsigned long long)n->backwards, (double)n->most_back / 1e6);
	if (n->truncated)
		cli_note(cli, _("the capture file '%s' ends inside a record (%llu whole ones before it): the report covers what was read"),
			 cli->pos[0], (unsigned long long)n->packets);
	return n->truncated || n->backwards ? EXIT_WARN : EXIT_HEALTHY;
}

/*
 * Read, analyse, report. An input that fails part-way still gets the report
 * of what came before (a valid document, marked incomplete) and exit code 3.
 */
static int run(struct cli *cli, struct pcap_run *r, struct tcpd_pcap_src *src)
{
	struct tcpd_err err = { 0 }, stop = { 0 };
	enum pump_end end;

	if (r->json)
		pcap_json_begin(&r->j);
	end = pump(r, src, &err);
	if (end == PUMP_AN_FAILED)
		return cli_fail(cli, &err);
	if (end == PUMP_SRC_FAILED)
		stop = err;
	if (tcpd_pcap_an_finish(r->an, &err))
		return cli_fail(cli, &err);
	return conclude(cli, r, src, &stop);
}

int cmd_pcap(struct cli *cli, int argc, char **argv)
{
	struct pcap_run r = { .idle_expire = -1 };
	struct cli_opts opts = { longs, "i:f:", handle, &r, usage, NULL, NULL };
	struct tcpd_pcap_opts ao = { .emit = on_conn, .arg = &r };
	struct tcpd_pcap_src *src = NULL;
	struct tcpd_err err = { 0 };
	int ret;

	/* Non-zero: -h printed the usage (exit 0), or an error was printed. */
	ret = cli_parse(cli, argc, argv, &opts);
	if (ret)
		return cli->help ? 0 : EXIT_UNKNOWN;
	ret = open_source(cli, &r, &src);
	if (ret)
		return ret;
	r.json = cli->json && !r.ladder;
	r.family = cli->scope.family;
	r.stream = r.iface || !strcmp(cli->pos[0], "-");
	/*
	 * A big capture makes a big report: write it in large blocks, and
	 * without stdio's per-call lock (we are one thread). glibc ignores the
	 * size unless it is given the buffer, which must outlive stdout.
	 */
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	__fsetlocking(stdout, FSETLOCKING_BYCALLER);
	ao.ladder_id = (uint64_t)r.ladder;
	if (r.idle_expire >= 0)
		ao.idle_expire_s = r.idle_expire ? (double)r.idle_expire : -1;
	r.an = tcpd_pcap_an_new(&ao, &err);
	if (!r.an) {
		ret = cli_fail(cli, &err);
		goto out;
	}
	ret = run(cli, &r, src);
out:
	tcpd_pcap_an_free(r.an);
	tcpd_pcap_close(src);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc top: the loop and the keys. One loop waits on the watch (state
 * changes) for a short while, reads the keyboard, looks again every
 * --interval and draws when something changed.
 */
#include <curses.h>
#include <string.h>
#include <unistd.h>

#include "cmd/filter_opts.h"
#include "top/top.h"

enum { OPT_TOP_INTERVAL = 0x500, OPT_TOP_SAMPLE };

#define POLL_MS 50		/* the keyboard's latency at most */
#define MSG_MS 5000		/* how long a note stays on the key line */

struct top_run {
	struct cli *cli;
	struct tcpd_filter filter;
	unsigned int interval_ms;
	bool sample;
	struct top_model m;
	struct top_ui ui;
	uint64_t next_ns;	/* the next look; 0: now */
	bool dirty;
};

static const char usage[] = N_(
	"Usage: tcpdoc top [-N NS | -A] [FILTERS] [--interval MS] [--sample]\n"
	"A full-screen live view: sockets per state with their recent history, the\n"
	"local ports, peers or processes holding the most CLOSE_WAIT, TIME_WAIT or\n"
	"SYN_RECV, state changes per second, and the doctor's findings.\n\n"
	"      --interval MS   time between looks (default 1000)\n"
	"      --sample        no BPF: count changes by sampling sock_diag\n\n"
	"Keys: s sort, p group by port/peer/process, f filter states, space pause,\n"
	"h or ? help, q quit.\n");

static const struct option longs[] = {
	FILTER_LONG_OPTS,
	{ "interval", required_argument, NULL, OPT_TOP_INTERVAL },
	{ "sample", no_argument, NULL, OPT_TOP_SAMPLE },
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct top_run *r = ctx;
	int ret = filter_opt(&r->filter, opt, arg, err);
	long v;

	if (ret <= 0)
		return ret;
	switch (opt) {
	case OPT_TOP_INTERVAL:
		if (tcpd_whole_opt(arg, 100, 60000, &v, "--interval", err))
			return -1;
		r->interval_ms = (unsigned int)v;
		return 0;
	case OPT_TOP_SAMPLE:
		r->sample = true;
		return 0;
	}
	return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
}

static void say(struct top_run *r, const char *msg)
{
	snprintf(r->ui.msg, sizeof(r->ui.msg), "%s", msg);
	r->ui.msg_until = tcpd_watch_now() + (uint64_t)MSG_MS * 1000000;
	r->dirty = true;
}

static void again(struct top_run *r)
{
	r->next_ns = 0;
	r->dirty = true;
}

static void apply_filter(struct top_run *r)
{
	const char *bad = NULL;
	char msg[256];
	uint32_t mask = 0;
	int badlen = 0;

	if (r->ui.input[0]) {
		mask = tcpd_state_parse_list(r->ui.input, &bad, &badlen);
		if (!mask) {
			snprintf(msg, sizeof(msg),
				 _("unknown state '%.*s': expected names such as close-wait,time-wait"),
				 bad ? badlen : 0, bad ? bad : "");
			say(r, msg);
			return;
		}
	}
	r->m.filter.states = mask;
	memset(r->m.hist, 0, sizeof(r->m.hist));
	again(r);
}

static void prompt_start(struct top_run *r)
{
	size_t off = 0;
	int i;

	r->ui.prompt = true;
	r->ui.input[0] = '\0';
	for (i = 1; i < TCPD_NEW_SYN_RECV && off < sizeof(r->ui.input); i++)
		if (r->m.filter.states & TCPD_STATE_BIT(i))
			off += (size_t)snprintf(r->ui.input + off, sizeof(r->ui.input) - off,
						"%s%s", off ? "," : "", tcpd_state_name(i));
	if (off >= sizeof(r->ui.input))
		r->ui.input[0] = '\0';
}

static void prompt_key(struct top_run *r, int key)
{
	size_t n = strlen(r->ui.input);

	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		r->ui.prompt = false;
		apply_filter(r);
		break;
	case 27:	/* Esc */
		r->ui.prompt = false;
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		if (n)
			r->ui.input[n - 1] = '\0';
		break;
	default:
		if (key >= 0x20 && key < 0x7f && n + 1 < sizeof(r->ui.input)) {
			r->ui.input[n] = (char)key;
			r->ui.input[n + 1] = '\0';
		}
	}
	r->dirty = true;
}

static void next_grouping(struct top_run *r)
{
	switch (r->m.by) {
	case TCPD_BY_PORT:
		r->m.by = TCPD_BY_PEER;
		break;
	case TCPD_BY_PEER:
		r->m.by = TCPD_BY_PROCESS;
		top_model_owners_stale(&r->m);
		break;
	default:
		r->m.by = TCPD_BY_PORT;
		break;
	}
	again(r);
}

/* One key in the main view; false when it asks to quit. */
static bool key(struct top_run *r, int k)
{
	switch (k) {
	case 'q':
	case 'Q':
		return false;
	case 's':
		r->m.sort = (r->m.sort + 1) % TOP_NSORT;
		top_model_rank(&r->m);
		break;
	case 'p':
		next_grouping(r);
		break;
	case 'f':
		prompt_start(r);
		break;
	case ' ':
		r->ui.paused = !r->ui.paused;
		if (!r->ui.paused)
			again(r);
		break;
	case 'h':
	case '?':
		r->ui.help = true;
		break;
	case 12:	/* Ctrl-L */
		clearok(curscr, TRUE);
		break;
	}
	r->dirty = true;
	return true;
}

/* Every key waiting; false when one asks to quit. */
static bool keys(struct top_run *r)
{
	int k;

	while ((k = getch()) != ERR) {
		if (k == KEY_RESIZE) {
			r->dirty = true;
		} else if (r->ui.help) {
			r->ui.help = false;
			r->dirty = true;
		} else if (r->ui.prompt) {
			prompt_key(r, k);
		} else if (!key(r, k)) {
			return false;
		}
	}
	return true;
}

static void notes(struct top_run *r, uint64_t now)
{
	char buf[256];

	if (top_term_note(buf, sizeof(buf)))
		say(r, buf);
	if (r->ui.msg[0] && now >= r->ui.msg_until) {
		r->ui.msg[0] = '\0';
		r->dirty = true;
	}
}

/* One turn: keys, a look when due, notes, the screen, a wait on the watch. */
static int turn(struct top_run *r, struct tcpd_watch *w, bool *quit)
{
	struct tcpd_err err = { 0 };
	uint64_t now = tcpd_watch_now();
	int ret;

	*quit = !keys(r);
	if (*quit)
		return 0;
	if (!r->ui.paused && now >= r->next_ns) {
		ret = top_model_refresh(&r->m, now);
		if (ret)
			return ret;
		r->next_ns = now + (uint64_t)r->interval_ms * 1000000;
		r->dirty = true;
	}
	if (tcpd_trans_roll(&r->m.trans, now, 1000000000ull) && !r->ui.paused)
		r->dirty = true;
	notes(r, now);
	if (r->dirty)
		top_draw(&r->m, &r->ui);
	r->dirty = false;
	if (tcpd_watch_poll(w, POLL_MS, top_model_event, &r->m, &err) < 0)
		return cli_fail(r->cli, &err);
	return 0;
}

static int loop(struct top_run *r, struct tcpd_watch *w)
{
	bool quit = false;
	int ret = 0;

	if (top_term_open(r->cli))
		return EXIT_UNKNOWN;
	r->ui.utf8 = top_utf8();
	r->dirty = true;
	while (!top_stop && !quit && !ret)
		ret = turn(r, w, &quit);
	top_term_close(ret != 0);
	return ret;
}

static int open_watch(struct top_run *r, struct tcpd_watch **w)
{
	struct tcpd_watch_opts o = { 0 };
	struct tcpd_err err = { 0 };

	o.filter.sport = r->filter.sport;
	o.filter.dport = r->filter.dport;
	o.filter.port = r->filter.port;
	o.filter.family = r->cli->scope.family;
	o.mode = r->sample ? TCPD_WATCH_SAMPLE : TCPD_WATCH_AUTO;
	o.all_netns = r->cli->scope.all_netns;
	o.owners = r->cli->owners;
	if (tcpd_watch_open(w, &o, &err))
		return cli_fail(r->cli, &err);
	r->m.mode = tcpd_watch_mode(*w) == TCPD_WATCH_BPF ? "bpf" : "sample";
	return 0;
}

static int top_ns(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct top_run *r = arg;
	struct tcpd_watch *w = NULL;
	int ret;

	top_model_init(&r->m, cli, &r->filter);
	r->m.interval_ms = r->interval_ms;
	if (cli->scope.all_netns)
		snprintf(r->m.ns_label, sizeof(r->m.ns_label), "%s", _("all namespaces"));
	else
		tcpd_netns_label(ns, r->m.ns_label, sizeof(r->m.ns_label));
	ret = open_watch(r, &w);
	if (!ret)
		ret = loop(r, w);
	tcpd_watch_close(w);
	top_model_free(&r->m);
	return ret;
}

static int check_terminal(struct cli *cli)
{
	if (cli->json)
		return cli_failf(cli, _("top has no JSON output; use 'tcpdoc summary --json' or 'tcpdoc watch --json'"));
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
		return cli_failf(cli, _("top needs a terminal on stdin and stdout; in scripts use 'tcpdoc summary' or 'tcpdoc watch'"));
	return 0;
}

int cmd_top(struct cli *cli, int argc, char **argv)
{
	static struct top_run r;
	struct cli_opts opts = { longs, FILTER_SHORT_OPTS, handle, &r, usage, FILTER_USAGE, NULL };
	struct tcpd_netns home = { 0 };
	int ret;

	memset(&r, 0, sizeof(r));
	r.cli = cli;
	r.interval_ms = 1000;
	ret = filter_cmd_parse(cli, argc, argv, &opts, &r.filter);
	if (ret)
		return ret < 0 ? EXIT_UNKNOWN : 0;
	if (check_terminal(cli))
		return EXIT_UNKNOWN;
	if (cli->scope.all_netns)
		return top_ns(cli, &home, &r);
	return cli_each_netns(cli, top_ns, &r);
}

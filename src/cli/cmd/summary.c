// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpdoc summary: how many sockets in each state, optionally per group. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd/filter_opts.h"
#include "render/states.h"
#include "render/table.h"
#include "tcpdoc/history.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/state.h"
#include "tcpdoc/summary.h"
#include "tcpdoc/vec.h"

enum { OPT_BY = 0x300 };

struct ns_counts {
	struct tcpd_netns ns;
	struct tcpd_counts c;
};

struct summary_run {
	struct tcpd_filter filter;
	int by;				/* enum tcpd_group_by, -1: none */
	long top;
	struct tcpd_counts all;
	struct ns_counts *per_ns;	/* one per namespace read */
	size_t nns, capns;
	struct tcpd_groups *groups;
	struct tcpd_owners *owners;	/* --by process */
	bool interrupted;
};

static const char usage[] = N_(
	"Usage: tcpdoc summary [--by port|dport|peer|process|netns] [-n N] [FILTERS]\n"
	"Count sockets in each TCP state, like netstat -nat | awk, from one netlink dump.\n\n"
	"  --by KEY            also count per local port, remote port (dport),\n"
	"                      remote address (peer), owning process (process;\n"
	"                      a socket shared after fork counts for the lowest\n"
	"                      pid) or namespace (netns)\n"
	"  -n N                how many groups to show (default 10)\n"
);

static const struct option longs[] = {
	FILTER_LONG_OPTS,
	{ "by", required_argument, NULL, OPT_BY },
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct summary_run *r = ctx;
	int ret = filter_opt(&r->filter, opt, arg, err);

	if (ret <= 0)
		return ret;
	if (opt == 'n')
		return tcpd_whole_opt(arg, 1, 1000000, &r->top, "-n", err);
	if (opt != OPT_BY)
		return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
	r->by = tcpd_group_by_parse(arg);
	if (r->by < 0)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad --by '%s': expected port, dport, peer, process or netns"), tcpd_q(arg));
	return 0;
}

/* The key of @s; for process, *@own is its first owner (lowest pid) or NULL. */
static void group_key(const struct summary_run *r, const struct tcpd_sock *s,
		      struct tcpd_group_key *k, const struct tcpd_owner **own)
{
	*own = NULL;
	if (r->by == TCPD_BY_NETNS)
		tcpd_key_u64(k, r->nns - 1);
	else
		*own = tcpd_live_key(r->by, s, r->owners, k);
}

static int on_sock(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct summary_run *r = arg;
	const struct tcpd_owner *own;
	struct tcpd_group_key k;
	struct tcpd_group *g;

	if (!tcpd_filter_match(&r->filter, s))
		return 0;
	tcpd_counts_add(&r->all, s->state);
	tcpd_counts_add(&r->per_ns[r->nns - 1].c, s->state);
	if (!r->groups)
		return 0;
	group_key(r, s, &k, &own);
	g = tcpd_groups_add(r->groups, &k, s->state);
	if (!g)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (!g->data)
		g->data = own;
	return 0;
}

static int summarize_ns(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct summary_run *r = arg;
	/* Counts and groups need the 4-tuple; --by process the inode too. */
	struct tcpd_query q = { .tuple_only = r->by != TCPD_BY_PROCESS };
	struct tcpd_err err = { 0 };

	if (tcpd_vec_room(r->per_ns, r->nns, r->capns, 16))
		return cli_failf(cli, _("out of memory"));
	r->per_ns[r->nns++] = (struct ns_counts){ .ns = *ns };
	tcpd_filter_query(&r->filter, &q);
	if (tcpd_scope_dump(&cli->scope, &q, on_sock, r, &err))
		return cli_fail(cli, &err);
	r->interrupted |= q.interrupted;
	return 0;
}

static void group_label(const struct summary_run *r, const struct tcpd_group *g,
			char *buf, size_t len)
{
	if (r->by == TCPD_BY_NETNS)
		tcpd_netns_label(&r->per_ns[tcpd_key_get_u64(&g->key)].ns, buf, len);
	else
		tcpd_live_label(r->by, g, buf, len);
}

static const char *by_title(int by)
{
	static const char *const titles[] = {
		[TCPD_BY_PORT] = N_("Local port"), [TCPD_BY_DPORT] = N_("Remote port"),
		[TCPD_BY_PEER] = N_("Peer"), [TCPD_BY_PROCESS] = N_("Process"),
		[TCPD_BY_NETNS] = N_("Namespace"),
	};
	return _(titles[by]);
}

static const char *by_key(int by)
{
	static const char *const keys[] = {
		[TCPD_BY_PORT] = "port", [TCPD_BY_DPORT] = "port", [TCPD_BY_PEER] = "addr",
		[TCPD_BY_PROCESS] = "pid", [TCPD_BY_NETNS] = "netns",
	};
	return keys[by];
}

static void json_group(struct json *j, const struct summary_run *r,
		       const struct tcpd_group *g)
{
	char label[TCPD_ADDRSTRLEN + 16];

	json_obj_open(j, NULL);
	if (r->by == TCPD_BY_PORT || r->by == TCPD_BY_DPORT) {
		json_u64(j, by_key(r->by), tcpd_key_get_port(&g->key));
	} else if (r->by == TCPD_BY_PROCESS) {
		const struct tcpd_owner *own = g->data;

		json_u64(j, "pid", tcpd_key_get_u64(&g->key));
		json_str(j, "comm", own ? own->comm : "");
	} else {
		group_label(r, g, label, sizeof(label));
		json_str(j, by_key(r->by), label);
	}
	json_u64(j, "total", g->counts.total);
	json_states(j, "states", &g->counts);
	json_obj_close(j);
}

static void json_netns(struct json *j, const struct summary_run *r)
{
	char label[128];
	size_t i;

	json_arr_open(j, "netns");
	for (i = 0; i < r->nns; i++) {
		const struct ns_counts *n = &r->per_ns[i];

		json_obj_open(j, NULL);
		json_str(j, "name", tcpd_netns_label(&n->ns, label, sizeof(label)));
		json_u64(j, "inode", n->ns.inode);
		if (n->ns.pid)
			json_i64(j, "pid", n->ns.pid);
		if (n->ns.container[0])
			json_str(j, "container", n->ns.container);
		json_u64(j, "total", n->c.total);
		json_states(j, "states", &n->c);
		json_obj_close(j);
	}
	json_arr_close(j);
}

static void render_json(const struct summary_run *r, const struct tcpd_group **top,
			size_t ntop)
{
	struct json j;
	size_t i;

	json_init(&j, stdout, JSON_MAX_DEPTH);
	json_obj_open(&j, NULL);
	json_u64(&j, "total", r->all.total);
	json_states(&j, "states", &r->all);
	if (r->nns > 1)
		json_netns(&j, r);
	if (r->groups) {
		json_str(&j, "by", tcpd_group_by_name(r->by));
		json_arr_open(&j, "groups");
		for (i = 0; i < ntop; i++)
			json_group(&j, r, top[i]);
		json_arr_close(&j);
	}
	json_obj_close(&j);
	json_end(&j);
}

static int render_states_table(const struct summary_run *r)
{
	const char *spec[] = { _("State"), ">" };
	const char *cells[2];
	char num[32], head[64];
	struct table t;
	int i, ret = 0;

	snprintf(head, sizeof(head), ">%s", _("Sockets"));
	spec[1] = head;
	if (table_init(&t, stdout, 2, spec))
		return -1;
	for (i = 0; i < TCPD_NSTATES && !ret; i++) {
		int st = tcpd_state_order[i];

		snprintf(num, sizeof(num), "%llu", (unsigned long long)r->all.state[st]);
		cells[0] = tcpd_state_name(st);
		cells[1] = num;
		ret = table_row(&t, cells);
	}
	snprintf(num, sizeof(num), "%llu", (unsigned long long)r->all.total);
	cells[0] = _("Total");
	cells[1] = num;
	if (!ret)
		ret = table_row(&t, cells);
	table_end(&t);
	return ret;
}

/* The groups, with a column for each state that any shown group has. */
static int render_groups_table(const struct summary_run *r,
			       const struct tcpd_group **top, size_t ntop)
{
	char heads[TCPD_NSTATES + 2][48], cells[TCPD_NSTATES + 2][TCPD_ADDRSTRLEN + 16];
	const char *spec[TCPD_NSTATES + 2], *row[TCPD_NSTATES + 2];
	int cols[TCPD_NSTATES], ncols = 0, i, c, ret = 0;
	struct table t;
	size_t g;

	for (i = 0; i < TCPD_NSTATES; i++)
		for (g = 0; g < ntop; g++)
			if (top[g]->counts.state[tcpd_state_order[i]]) {
				cols[ncols++] = tcpd_state_order[i];
				break;
			}
	spec[0] = by_title(r->by);
	snprintf(heads[1], sizeof(heads[1]), ">%s", _("Total"));
	spec[1] = heads[1];
	for (c = 0; c < ncols; c++) {
		snprintf(heads[c + 2], sizeof(heads[0]), ">%s", tcpd_state_name(cols[c]));
		spec[c + 2] = heads[c + 2];
	}
	if (table_init(&t, stdout, ncols + 2, spec))
		return -1;
	for (g = 0; g < ntop && !ret; g++) {
		group_label(r, top[g], cells[0], sizeof(cells[0]));
		snprintf(cells[1], sizeof(cells[1]), "%llu",
			 (unsigned long long)top[g]->counts.total);
		for (c = 0; c < ncols; c++)
			snprintf(cells[c + 2], sizeof(cells[0]), "%llu",
				 (unsigned long long)top[g]->counts.state[cols[c]]);
		for (c = 0; c < ncols + 2; c++)
			row[c] = cells[c];
		ret = table_row(&t, row);
	}
	table_end(&t);
	return ret;
}

static int render(struct cli *cli, const struct summary_run *r)
{
	const struct tcpd_group **top = NULL;
	size_t ntop = 0;
	int ret = 0;

	if (r->groups) {
		size_t n = (size_t)r->top;

		top = calloc(n, sizeof(*top));
		if (!top)
			return cli_failf(cli, _("out of memory"));
		ntop = tcpd_groups_top(r->groups, 0, top, n);
	}
	if (cli->json) {
		render_json(r, top, ntop);
	} else {
		ret = render_states_table(r);
		if (!ret && r->groups) {
			putchar('\n');
			ret = render_groups_table(r, top, ntop);
		}
		if (!ret && r->nns > 1 && !r->groups)
			printf(_("\n%zu network namespaces read; --by netns shows each.\n"), r->nns);
	}
	free(top);
	if (ret)
		return cli_failf(cli, _("out of memory"));
	if (r->interrupted)
		cli_note(cli, _("the socket table changed during the dump (NLM_F_DUMP_INTR); counts may be off by a few"));
	return 0;
}

int cmd_summary(struct cli *cli, int argc, char **argv)
{
	struct summary_run r = { .by = -1, .top = 10 };
	struct cli_opts opts = { longs, FILTER_SHORT_OPTS "n:", handle, &r, usage, FILTER_USAGE, NULL };
	int ret;

	ret = filter_cmd_parse(cli, argc, argv, &opts, &r.filter);
	if (ret)
		return ret < 0 ? EXIT_UNKNOWN : 0;
	if (r.by >= 0 && !(r.groups = tcpd_groups_new()))
		return cli_failf(cli, _("out of memory"));
	if (r.by == TCPD_BY_PROCESS && !(r.owners = cli_owners(cli, &r.filter))) {
		tcpd_groups_free(r.groups);
		return EXIT_UNKNOWN;
	}
	ret = cli_each_netns(cli, summarize_ns, &r);
	if (!ret)
		ret = render(cli, &r);
	tcpd_groups_free(r.groups);
	tcpd_owners_free(r.owners);
	free(r.per_ns);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc top's data: one dump per look gives the counts and the groups;
 * the owner map (the expensive part: every process's fd table) is rebuilt
 * at most every TOP_OWNERS_MS and only while grouping by process; the
 * doctor looks every TOP_DOCTOR_MS with counters since boot (no sleep).
 */
#include <stdlib.h>
#include <string.h>

#include "top/top.h"
#include "tcpdoc/owners.h"

static const int sort_states[TOP_NSORT] = {
	[TOP_SORT_CW] = TCPD_CLOSE_WAIT,
	[TOP_SORT_TW] = TCPD_TIME_WAIT,
	[TOP_SORT_SR] = TCPD_SYN_RECV,
	[TOP_SORT_EST] = TCPD_ESTABLISHED,
	[TOP_SORT_TOTAL] = 0,
};

int top_sort_state(int sort)
{
	return sort >= 0 && sort < TOP_NSORT ? sort_states[sort] : 0;
}

const char *top_sort_label(int sort)
{
	int st = top_sort_state(sort);

	return st ? tcpd_state_name(st) : _("Total");
}

void top_model_init(struct top_model *m, struct cli *cli, const struct tcpd_filter *f)
{
	memset(m, 0, sizeof(*m));
	m->cli = cli;
	m->filter = *f;
	m->by = TCPD_BY_PORT;
	m->sort = TOP_SORT_CW;
	m->interval_ms = 1000;
	m->mode = "";
	tcpd_trans_init(&m->trans, tcpd_watch_now());
}

void top_model_free(struct top_model *m)
{
	tcpd_groups_free(m->groups);
	tcpd_owners_free(m->owners);
	if (m->have_doc)
		tcpd_doctor_result_free(&m->doc);
	m->groups = NULL;
	m->owners = NULL;
	m->have_doc = false;
}

struct look {
	struct top_model *m;
	struct tcpd_groups *groups;
	const struct tcpd_owners *owners;
	struct tcpd_counts counts;
	bool interrupted;
};

static int on_sock(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct look *l = arg;
	const struct tcpd_owner *own;
	struct tcpd_group_key k;
	struct tcpd_group *g;

	if (!tcpd_filter_match(&l->m->filter, s))
		return 0;
	tcpd_counts_add(&l->counts, s->state);
	own = tcpd_live_key(l->m->by, s, l->owners, &k);
	g = tcpd_groups_add(l->groups, &k, s->state);
	if (!g)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (!g->data)
		g->data = own;
	return 0;
}

static int look_ns(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct look *l = arg;
	struct tcpd_query q = { 0 };
	struct tcpd_err err = { 0 };

	(void)ns;
	tcpd_filter_query(&l->m->filter, &q);
	if (tcpd_dump(cli->scope.source, &q, on_sock, l, &err))
		return cli_fail(cli, &err);
	l->interrupted |= q.interrupted;
	return 0;
}

static bool due(uint64_t last_ns, uint64_t now_ns, unsigned int every_ms)
{
	return !last_ns || now_ns - last_ns >= (uint64_t)every_ms * 1000000;
}

/* A new owner map when grouping by process and the old one is stale. */
static int refresh_owners(struct top_model *m, uint64_t now_ns)
{
	struct tcpd_owners *o;

	if (m->by != TCPD_BY_PROCESS || (m->owners && !due(m->owners_ns, now_ns, TOP_OWNERS_MS)))
		return 0;
	o = cli_owners(m->cli, &m->filter);
	if (!o)
		return EXIT_UNKNOWN;
	/* The groups point into the old map: rebuilt right after this. */
	tcpd_groups_free(m->groups);
	m->groups = NULL;
	tcpd_owners_free(m->owners);
	m->owners = o;
	m->owners_ns = now_ns;
	return 0;
}

static void push_history(struct top_model *m)
{
	int st;

	tcpd_series_push(&m->hist[0], m->counts.total);
	for (st = 1; st < TCPD_STATE_MAX; st++)
		tcpd_series_push(&m->hist[st], m->counts.state[st]);
}

static int refresh_counts(struct top_model *m)
{
	struct look l = { .m = m, .owners = m->by == TCPD_BY_PROCESS ? m->owners : NULL };
	int ret;

	l.groups = tcpd_groups_new();
	if (!l.groups)
		return cli_failf(m->cli, _("out of memory"));
	ret = cli_each_netns(m->cli, look_ns, &l);
	if (ret) {
		tcpd_groups_free(l.groups);
		return ret;
	}
	tcpd_groups_free(m->groups);
	m->groups = l.groups;
	m->counts = l.counts;
	m->interrupted = l.interrupted;
	push_history(m);
	top_model_rank(m);
	return 0;
}

/* The doctor's findings; a failure is shown (stderr is on screen), not fatal. */
static void refresh_doctor(struct top_model *m, uint64_t now_ns)
{
	struct tcpd_doctor_opts o;
	struct tcpd_doctor_result r;

	if (!due(m->doc_ns, now_ns, TOP_DOCTOR_MS > m->interval_ms ? TOP_DOCTOR_MS : m->interval_ms))
		return;
	m->doc_ns = now_ns;
	doctor_opts_init(&o, m->cli);
	o.interval_ms = 0;
	if (doctor_run(m->cli, &o, &r)) {
		tcpd_doctor_result_free(&r);
		return;
	}
	if (m->have_doc)
		tcpd_doctor_result_free(&m->doc);
	m->doc = r;
	m->have_doc = true;
}

int top_model_refresh(struct top_model *m, uint64_t now_ns)
{
	int ret = refresh_owners(m, now_ns);

	if (!ret)
		ret = refresh_counts(m);
	if (!ret)
		refresh_doctor(m, now_ns);
	return ret;
}

void top_model_owners_stale(struct top_model *m)
{
	m->owners_ns = 0;
	tcpd_groups_free(m->groups);
	m->groups = NULL;
	tcpd_owners_free(m->owners);
	m->owners = NULL;
	m->nrows = 0;
	m->ngroups = 0;
}

void top_model_rank(struct top_model *m)
{
	const struct tcpd_group *top[TOP_ROWS];
	size_t i;

	m->nrows = 0;
	m->ngroups = m->groups ? tcpd_groups_len(m->groups) : 0;
	if (!m->groups)
		return;
	m->nrows = tcpd_groups_top(m->groups, top_sort_state(m->sort), top, TOP_ROWS);
	for (i = 0; i < m->nrows; i++) {
		tcpd_live_label(m->by, top[i], m->rows[i].label, sizeof(m->rows[i].label));
		m->rows[i].c = top[i]->counts;
	}
}

static bool event_match(const struct tcpd_filter *f, const struct tcpd_watch_event *ev)
{
	uint32_t both = TCPD_STATE_BIT(tcpd_state_user(ev->old)) |
			TCPD_STATE_BIT(tcpd_state_user(ev->new));

	if (f->states && !(f->states & both))
		return false;
	if (f->has_src && !tcpd_prefix_match(&f->src, &ev->local))
		return false;
	if (f->has_dst && !tcpd_prefix_match(&f->dst, &ev->remote))
		return false;
	return true;
}

int top_model_event(const struct tcpd_watch_event *ev, void *arg)
{
	struct top_model *m = arg;

	if (event_match(&m->filter, ev))
		tcpd_trans_add(&m->trans, ev->old, ev->new);
	return 0;
}

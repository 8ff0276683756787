// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc top's screen: a title, the states with their history, the top
 * groups, the changes per second, the doctor's findings and a key line.
 * Rows are shared out so that nothing overlaps: states first (in two
 * columns when the screen is short), then a few groups, the changes, the
 * findings, and whatever is left to more groups and findings.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "render/states.h"
#include "render/width.h"
#include "top/top.h"

#define NUM_W 8			/* a count: up to 99,999,999 */
#define SPARK_MAX 60		/* samples in a state's sparkline */
#define GROUP_MIN 3		/* group rows kept before the changes and findings */

struct layout {
	int states, groups, trans, findings;	/* rows of each section */
	bool two_col;
};

static const int sev_color[] = { 1, 2, 3 };

static int color(int pair)
{
	return has_colors() ? COLOR_PAIR(pair) : 0;
}

/* The states shown: those the filter keeps, in table order, and the total. */
static int state_entries(const struct top_model *m, int *out)
{
	int i, n = 0, st;

	for (i = 0; i < TCPD_NSTATES; i++) {
		st = tcpd_state_order[i];
		if (!m->filter.states || (m->filter.states & TCPD_STATE_BIT(st)))
			out[n++] = st;
	}
	out[n++] = 0;
	return n;
}

static int findings_wanted(const struct top_model *m)
{
	return 1 + (m->have_doc && m->doc.findings.len ? (int)m->doc.findings.len : 1);
}

static void plan(const struct top_model *m, int nstates, struct layout *l)
{
	int mid = LINES - 2, left, more, g_min = 2 + GROUP_MIN;
	int f_want = findings_wanted(m);

	memset(l, 0, sizeof(*l));
	if (mid <= 0)
		return;
	l->two_col = mid < nstates + g_min + 2 + (f_want < 4 ? f_want : 4) && COLS >= 60;
	l->states = l->two_col ? (nstates + 1) / 2 : nstates;
	if (l->states > mid)
		l->states = mid;
	left = mid - l->states;
	l->groups = left < g_min ? left : g_min;
	left -= l->groups;
	l->trans = left < 2 ? left : 2;
	left -= l->trans;
	l->findings = left < f_want ? left : f_want;
	left -= l->findings;
	more = (int)m->nrows + 2 - l->groups;
	if (more > 0)
		l->groups += more < left ? more : left;
}

static void state_label(int st, char *buf, size_t len)
{
	snprintf(buf, len, "%s", st ? tcpd_state_name(st) : _("Total"));
}

static int label_width(const int *st, int n)
{
	char buf[64];
	int i, w = 0;

	for (i = 0; i < n; i++) {
		state_label(st[i], buf, sizeof(buf));
		if (text_width(buf) > w)
			w = text_width(buf);
	}
	return w;
}

/* One state: name, count now, history; in @width columns from @x. */
static void draw_state(const struct top_model *m, const struct top_ui *ui, int y, int x,
		       int width, int lw, int st)
{
	const struct tcpd_series *h = &m->hist[st];
	char label[64], num[32];
	int sw;

	state_label(st, label, sizeof(label));
	snprintf(num, sizeof(num), "%llu", (unsigned long long)tcpd_series_last(h));
	top_put(y, x, label, lw, st ? 0 : A_BOLD);
	top_put_right(y, x + lw + 1, num, NUM_W, A_BOLD);
	sw = width - lw - NUM_W - 3;
	if (sw > SPARK_MAX)
		sw = SPARK_MAX;
	top_spark(y, x + lw + NUM_W + 2, h, sw, ui->utf8, color(4));
}

static int draw_states(const struct top_model *m, const struct top_ui *ui, int y,
		       const struct layout *l)
{
	int st[TCPD_NSTATES + 1], n = state_entries(m, st), lw = label_width(st, n);
	int i, rows = l->states, colw = l->two_col ? COLS / 2 : COLS;

	for (i = 0; i < n; i++) {
		int r = l->two_col ? i % rows : i, c = l->two_col ? i / rows : 0;

		if (r >= rows || c > 1)
			continue;
		draw_state(m, ui, y + r, c * colw, colw, lw, st[i]);
	}
	return y + rows;
}

static const char *by_title(int by)
{
	switch (by) {
	case TCPD_BY_PEER:
		return _("Peer");
	case TCPD_BY_PROCESS:
		return _("Process");
	default:
		return _("Local port");
	}
}

/* The count columns: the sort's states and the total, as many as fit. */
struct cols {
	int n;
	int sort[TOP_NSORT];		/* enum top_sort of each column */
	int w[TOP_NSORT];
	int lw;				/* the label's width */
};

static void plan_cols(const struct top_model *m, struct cols *c)
{
	int i, used = 0;

	c->n = TOP_NSORT;
	for (i = 0; i < TOP_NSORT; i++) {
		c->sort[i] = i;
		c->w[i] = text_width(top_sort_label(i));
		if (c->w[i] < 7)
			c->w[i] = 7;
		used += c->w[i] + 1;
	}
	/* Too narrow: drop the columns nobody sorts by, from the right. */
	for (i = TOP_NSORT - 1; i >= 0 && COLS - used < 12; i--) {
		if (c->sort[i] == m->sort || c->n == 1)
			continue;
		used -= c->w[i] + 1;
		memmove(&c->sort[i], &c->sort[i + 1], (size_t)(c->n - i - 1) * sizeof(int));
		memmove(&c->w[i], &c->w[i + 1], (size_t)(c->n - i - 1) * sizeof(int));
		c->n--;
	}
	c->lw = COLS - used;
}

static uint64_t col_value(const struct tcpd_counts *c, int sort)
{
	int st = top_sort_state(sort);

	return st ? c->state[st] : c->total;
}

static void draw_group_head(const struct top_model *m, int y, const struct cols *c)
{
	int i, x = c->lw;

	top_fill(y, A_REVERSE);
	top_put(y, 0, by_title(m->by), c->lw - 1, A_REVERSE);
	for (i = 0; i < c->n; i++) {
		int attr = A_REVERSE | (c->sort[i] == m->sort ? A_BOLD | A_UNDERLINE : 0);

		top_put_right(y, x + 1, top_sort_label(c->sort[i]), c->w[i], attr);
		x += c->w[i] + 1;
	}
}

static void draw_group_row(const struct top_row *r, int y, const struct cols *c, int sort)
{
	char num[32];
	int i, x = c->lw;

	top_put(y, 0, r->label, c->lw - 1, 0);
	for (i = 0; i < c->n; i++) {
		snprintf(num, sizeof(num), "%llu", (unsigned long long)col_value(&r->c, c->sort[i]));
		top_put_right(y, x + 1, num, c->w[i], c->sort[i] == sort ? A_BOLD : 0);
		x += c->w[i] + 1;
	}
}

static int draw_groups(const struct top_model *m, int y, int rows)
{
	char head[256];
	struct cols c;
	int i;

	if (rows <= 0)
		return y;
	snprintf(head, sizeof(head), _("%s, sorted by %s (%zu of %zu)"), by_title(m->by),
		 top_sort_label(m->sort), m->nrows < (size_t)(rows > 2 ? rows - 2 : 0) ?
		 m->nrows : (size_t)(rows > 2 ? rows - 2 : 0), m->ngroups);
	top_put(y, 0, head, COLS, A_BOLD);
	if (rows < 2)
		return y + rows;
	plan_cols(m, &c);
	draw_group_head(m, y + 1, &c);
	if (!m->nrows && rows > 2)
		top_put(y + 2, 0, _("(none)"), COLS, A_DIM);
	for (i = 0; i < rows - 2 && (size_t)i < m->nrows; i++)
		draw_group_row(&m->rows[i], y + 2 + i, &c, m->sort);
	return y + rows;
}

static void draw_kinds(const struct top_model *m, int y)
{
	struct tcpd_trans_kind k[16];
	char buf[96];
	size_t i, n = tcpd_trans_top(&m->trans, k, 16);
	int x = 2, w;

	if (!n) {
		top_put(y, x, _("no changes in the last second"), COLS - x, A_DIM);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s->%s %.1f", tcpd_state_name(k[i].old),
			 tcpd_state_name(k[i].new), k[i].rate);
		w = text_width(buf);
		if (x + w > COLS)
			break;
		top_put(y, x, buf, w, 0);
		x += w + 3;
	}
}

static int draw_trans(const struct top_model *m, const struct top_ui *ui, int y, int rows)
{
	char buf[128], tail[128];
	int x, sw;

	if (rows <= 0)
		return y;
	x = top_put(y, 0, _("Changes/s"), COLS, A_BOLD);
	snprintf(buf, sizeof(buf), " %.1f  ", m->trans.rate_total);
	x += top_put(y, x, buf, COLS - x, A_BOLD);
	snprintf(tail, sizeof(tail), _("%llu since start, %s"),
		 (unsigned long long)m->trans.total, m->mode);
	sw = COLS - x - text_width(tail) - 2;
	top_spark(y, x, &m->trans.hist, sw > 30 ? 30 : sw, ui->utf8, color(1));
	if (sw >= 0)
		top_put_right(y, x, tail, COLS - x, A_DIM);
	if (rows > 1)
		draw_kinds(m, y + 1);
	return y + rows;
}

static const char *sev_word(enum tcpd_severity s)
{
	static const char *const words[] = { N_("INFO"), N_("WARNING"), N_("CRITICAL") };

	return _(words[s]);
}

static void draw_finding(const struct tcpd_finding *f, int y, int sw)
{
	int x = 0;

	x += top_put(y, x, sev_word(f->severity), sw, color(sev_color[f->severity]) | A_BOLD);
	x = sw + 1;
	x += top_put(y, x, f->id, COLS - x, 0);
	x += 2;
	top_put(y, x, f->summary, COLS - x, 0);
}

static int draw_findings(const struct top_model *m, int y, int rows)
{
	const struct tcpd_findings *fs = &m->doc.findings;
	char head[128];
	int i, sw = 0;

	if (rows <= 0)
		return y;
	snprintf(head, sizeof(head), _("Findings (%zu)"), m->have_doc ? fs->len : (size_t)0);
	top_put(y, 0, head, COLS, A_BOLD);
	if (rows < 2)
		return y + rows;
	if (!m->have_doc) {
		top_put(y + 1, 0, _("the doctor is looking..."), COLS, A_DIM);
		return y + rows;
	}
	if (!fs->len)
		top_put(y + 1, 0, _("Nothing wrong found."), COLS, color(4));
	for (i = 0; i < 3; i++)
		if (text_width(sev_word(i)) > sw)
			sw = text_width(sev_word(i));
	for (i = 0; i < rows - 1 && (size_t)i < fs->len; i++)
		draw_finding(&fs->f[i], y + 1 + i, sw);
	return y + rows;
}

static void filter_text(const struct top_model *m, char *buf, size_t len)
{
	size_t off = 0;
	int i;

	buf[0] = '\0';
	for (i = 1; i < TCPD_NEW_SYN_RECV && off < len; i++)
		if (m->filter.states & TCPD_STATE_BIT(i))
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? "," : "",
						tcpd_state_name(i));
}

static void draw_title(const struct top_model *m, const struct top_ui *ui)
{
	char buf[512], filt[160], clock[16];
	time_t now = time(NULL);
	struct tm tm;
	int x;

	localtime_r(&now, &tm);
	strftime(clock, sizeof(clock), "%H:%M:%S", &tm);
	top_fill(0, A_REVERSE);
	snprintf(buf, sizeof(buf), _("tcpdoc top  %s  every %.1f s"), m->ns_label,
		 m->interval_ms / 1000.0);
	x = top_put(0, 0, buf, COLS, A_REVERSE | A_BOLD);
	filter_text(m, filt, sizeof(filt));
	if (filt[0]) {
		snprintf(buf, sizeof(buf), _("  filter: %s"), filt);
		x += top_put(0, x, buf, COLS - x, A_REVERSE);
	}
	snprintf(buf, sizeof(buf), "%s  %s", ui->paused ? _("PAUSED") : "", clock);
	top_put_right(0, x, buf, COLS - x, A_REVERSE | A_BOLD);
}

static void draw_bottom(const struct top_ui *ui)
{
	char buf[512];
	int y = LINES - 1, x;

	top_fill(y, A_REVERSE);
	if (ui->prompt) {
		x = top_put(y, 0, _("State filter (e.g. close-wait,time-wait; empty for all): "),
			    COLS, A_REVERSE | A_BOLD);
		snprintf(buf, sizeof(buf), "%s_", ui->input);
		top_put(y, x, buf, COLS - x, A_REVERSE);
	} else if (ui->msg[0]) {
		top_put(y, 0, ui->msg, COLS, A_REVERSE);
	} else {
		top_put(y, 0, _("q quit  s sort  p group  f filter  space pause  h help"),
			COLS, A_REVERSE);
	}
}

static void draw_help(void)
{
	static const char *const lines[] = {
		N_("Keys"),
		N_("s        sort by CLOSE_WAIT, TIME_WAIT, SYN_RECV, ESTABLISHED or total"),
		N_("p        group by local port, peer or process"),
		N_("f        keep only some states (any spelling, comma-separated)"),
		N_("space    pause or go on"),
		N_("h, ?     this help"),
		N_("q        quit"),
		N_("Any key closes this help."),
	};
	int i, n = (int)(sizeof(lines) / sizeof(lines[0])), w = 0, y0, x0;

	for (i = 0; i < n; i++)
		if (text_width(_(lines[i])) > w)
			w = text_width(_(lines[i]));
	w = w + 4 > COLS ? COLS : w + 4;
	y0 = (LINES - n - 2) / 2 > 0 ? (LINES - n - 2) / 2 : 0;
	x0 = (COLS - w) / 2;
	for (i = 0; i < n + 2 && y0 + i < LINES; i++) {
		attron(A_REVERSE);
		mvhline(y0 + i, x0, ' ', w);
		attroff(A_REVERSE);
		if (i && i <= n)
			top_put(y0 + i, x0 + 2, _(lines[i - 1]), w - 4,
				A_REVERSE | (i == 1 ? A_BOLD : 0));
	}
}

void top_draw(const struct top_model *m, const struct top_ui *ui)
{
	int st[TCPD_NSTATES + 1], y = 1;
	struct layout l;

	erase();
	plan(m, state_entries(m, st), &l);
	draw_title(m, ui);
	y = draw_states(m, ui, y, &l);
	y = draw_groups(m, y, l.groups);
	y = draw_trans(m, ui, y, l.trans);
	draw_findings(m, y, l.findings);
	draw_bottom(ui);
	if (ui->help)
		draw_help();
	refresh();
}

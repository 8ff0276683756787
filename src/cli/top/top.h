/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_TOP_H
#define TCPD_TOP_H

/*
 * tcpdoc top: a full-screen live view. Four parts, one job each:
 * model.c looks (counts, groups, owners, findings, changes),
 * draw.c lays the screen out, term.c owns the terminal (curses,
 * signals, stderr while the screen is up), cmd/top.c runs the loop and keys.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "cmd/doctor_opts.h"
#include "tcpdoc/filter.h"
#include "tcpdoc/history.h"
#include "tcpdoc/watch.h"

#define TOP_ROWS 64			/* groups kept per look (a tall screen's worth) */
#define TOP_OWNERS_MS 5000		/* the owner map is rebuilt at most this often */
#define TOP_DOCTOR_MS 5000		/* the doctor looks at most this often */

/* What `s` cycles through; TOP_SORT_TOTAL sorts by every state together. */
enum top_sort { TOP_SORT_CW, TOP_SORT_TW, TOP_SORT_SR, TOP_SORT_EST, TOP_SORT_TOTAL, TOP_NSORT };

struct top_row {
	char label[TCPD_ADDRSTRLEN + 24];
	struct tcpd_counts c;
};

struct top_model {
	struct cli *cli;
	struct tcpd_filter filter;	/* the command line's; states as `f` set them */
	int by;				/* TCPD_BY_PORT, _PEER or _PROCESS */
	int sort;			/* enum top_sort */
	unsigned int interval_ms;
	char ns_label[128];
	const char *mode;		/* "bpf" or "sample" */

	struct tcpd_counts counts;	/* the last look */
	struct tcpd_series hist[TCPD_STATE_MAX];	/* [0]: the total */
	struct tcpd_groups *groups;
	struct tcpd_owners *owners;	/* grouping by process only */
	uint64_t owners_ns;		/* when it was built; 0: never */
	struct top_row rows[TOP_ROWS];
	size_t nrows, ngroups;
	bool interrupted;

	struct tcpd_trans trans;	/* from the watch */

	struct tcpd_doctor_result doc;
	bool have_doc;
	uint64_t doc_ns;
};

/* The sort's state (0: total) and its label. */
int top_sort_state(int sort);
const char *top_sort_label(int sort);

void top_model_init(struct top_model *m, struct cli *cli, const struct tcpd_filter *f);
void top_model_free(struct top_model *m);
/* Look again: counts and groups; owners and findings when due. 0 or EXIT_UNKNOWN. */
int top_model_refresh(struct top_model *m, uint64_t now_ns);
/* Rank the groups of the last look for the current sort. */
void top_model_rank(struct top_model *m);
/* Forget the owner map so that the next look rebuilds it. */
void top_model_owners_stale(struct top_model *m);
/* tcpd_watch_poll's callback: counts a change the filter keeps. */
int top_model_event(const struct tcpd_watch_event *ev, void *arg);

/* What the keys changed: the screen's own state. */
struct top_ui {
	bool paused;
	bool help;
	bool prompt;			/* `f` is reading a state filter */
	char input[64];
	char msg[256];			/* a note or an error, shown until @msg_until */
	uint64_t msg_until;
	bool utf8;
};

void top_draw(const struct top_model *m, const struct top_ui *ui);

/*
 * Drawing primitives (text.c). Widths are terminal columns; text is
 * clipped to them by display width. Each returns the columns it used.
 */
int top_put(int y, int x, const char *s, int maxw, int attr);
int top_put_right(int y, int x, const char *s, int width, int attr);
void top_fill(int y, int attr);
/* The last @width samples of @s as a sparkline. */
void top_spark(int y, int x, const struct tcpd_series *s, int width, bool utf8, int attr);
bool top_utf8(void);

/* The terminal (term.c). */
extern volatile sig_atomic_t top_stop;

/* Up: curses on, signals caught, stderr captured. 0, or -1 after printing. */
int top_term_open(struct cli *cli);
/* Down: the terminal as it was, stderr back; @replay prints what was captured last. */
void top_term_close(bool replay);
/* The last line written to stderr since the last call, without "tcpdoc: "; false if none. */
bool top_term_note(char *buf, size_t len);

#endif

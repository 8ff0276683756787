/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_WATCH_H
#define TCPD_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "tcpdoc/addr.h"
#include "tcpdoc/err.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/state.h"

/*
 * Live TCP state changes with the time spent in the state left.
 *
 * Two sources: BPF (tp_btf/inet_sock_set_state; exact times, owners learnt
 * in process context) and a sampler that diffs sock_diag dumps by socket
 * cookie every few milliseconds (coarse: changes between two samples are
 * inferred from the TCP state machine). Open with TCPD_WATCH_AUTO to get
 * BPF when it loads and the sampler otherwise.
 *
 * The namespace watched is the caller's current one (enter it first): the
 * seeding snapshot and the time-wait follow-up dumps read it, and the BPF
 * filter is set to its inode unless @all_netns.
 */

enum tcpd_watch_mode { TCPD_WATCH_AUTO, TCPD_WATCH_BPF, TCPD_WATCH_SAMPLE };

struct tcpd_watch_filter {
	int sport, dport, port;	/* -1: any */
	int family;		/* 0, AF_INET, AF_INET6 */
	uint32_t states;	/* TCPD_STATE_BIT()s of the old or new state; 0: all */
	uint32_t pid;		/* owner's pid; 0: any */
};

struct tcpd_watch_opts {
	struct tcpd_watch_filter filter;
	enum tcpd_watch_mode mode;
	bool all_netns;		/* BPF: every namespace (time-wait ends: this one only) */
	unsigned int sample_ms;	/* sampler period; 0: 100 ms */
	unsigned int tw_ms;	/* BPF: time-wait follow-up period; 0: 200 ms */
	unsigned int ringbuf_mb; /* BPF ring buffer; 0: 16 MiB */
	enum tcpd_owner_source owners;	/* the scanner for sockets older than watch */
	/*
	 * BPF: no starting snapshot (and no owner scan): for a caller that
	 * wants only births, such as connect() (CLOSE -> SYN_SENT).
	 */
	bool no_seed;
	/*
	 * BPF: CLOSE -> SYN_SENT goes out at once, its port unknown, instead
	 * of being held until the port shows: for a caller that needs only
	 * who connects where (the held changes cost follow-up dumps).
	 */
	bool no_port_wait;
};

/* One state change, as the user sees it. */
struct tcpd_watch_event {
	uint64_t mono_ns;		/* CLOCK_MONOTONIC */
	uint64_t real_ns;		/* CLOCK_REALTIME */
	uint64_t netns;			/* namespace inode */
	uint64_t cookie;
	struct tcpd_addr local, remote;
	uint16_t lport, rport;
	uint32_t ifindex;		/* the interface it is bound to; 0: none */
	bool lport_unknown;	/* connect()ing and gone before its port was seen */
	uint8_t old, new;		/* enum tcpd_state */
	double ms_in_old;
	bool ms_unknown;	/* no time for @old at all (a birth, an inferred state) */
	bool lower_bound;	/* in @old since before watch began: at least this long */
	bool coarse;		/* from sampling: ms_in_old is at most one period long */
	bool inferred;		/* not seen: implied by the states either side */
	bool birth;		/* a new socket leaving CLOSE (or a child born of LISTEN) */
	uint32_t pid;			/* 0: owner unknown */
	char comm[16];
};

/* Return non-zero to stop polling (returned by tcpd_watch_poll). */
typedef int (*tcpd_watch_cb)(const struct tcpd_watch_event *ev, void *arg);

struct tcpd_watch_counters {
	uint64_t events;	/* transitions delivered */
	uint64_t lost;		/* BPF ring buffer full: transitions dropped */
	uint64_t map_full;	/* BPF per-socket map updates that failed */
	uint64_t no_start;	/* a start time we should have had (evicted or lost) */
	uint64_t samples;	/* sock_diag dumps (sampler and time-wait follow-up) */
	uint64_t interrupted;	/* dumps the kernel flagged NLM_F_DUMP_INTR */
	uint64_t seeded;	/* sockets in the starting snapshot */
};

struct tcpd_watch;

/*
 * Load, attach and seed. With TCPD_WATCH_AUTO a BPF failure falls back to
 * sampling; tcpd_watch_fallback() then says why.
 */
int tcpd_watch_open(struct tcpd_watch **out, const struct tcpd_watch_opts *o,
		    struct tcpd_err *err);
void tcpd_watch_close(struct tcpd_watch *w);

enum tcpd_watch_mode tcpd_watch_mode(const struct tcpd_watch *w);
/* Why BPF was not used ("" when it is). */
const char *tcpd_watch_fallback(const struct tcpd_watch *w);

/*
 * Wait up to @timeout_ms and deliver what happened to @cb. Returns 0, the
 * callback's non-zero value, or -1 with @err. A signal ends the wait early.
 */
int tcpd_watch_poll(struct tcpd_watch *w, int timeout_ms, tcpd_watch_cb cb,
		    void *arg, struct tcpd_err *err);

/*
 * Deliver what is held back before stopping: a connect's CLOSE -> SYN_SENT
 * waits (up to a second) for its local port, which connect() picks after
 * the change; see lport_unknown.
 */
int tcpd_watch_flush(struct tcpd_watch *w, tcpd_watch_cb cb, void *arg, struct tcpd_err *err);

void tcpd_watch_counters(const struct tcpd_watch *w, struct tcpd_watch_counters *c);

/* CLOCK_MONOTONIC in ns, the clock events and stats use. */
uint64_t tcpd_watch_now(void);

/*
 * Duration statistics (src/lib/watch/stats.c): per state, a log-linear histogram
 * of the time spent in it (8 sub-buckets per power of two: percentiles
 * within 12.5%, max exact); per kind of transition, a count.
 * Lower bounds and births are counted apart, not in the histogram.
 */
#define TCPD_HIST_BUCKETS (64 * 8)

struct tcpd_watch_hist {
	uint64_t n;
	uint64_t lower_bounds;	/* durations only known as "at least" */
	double max_ms;
	double sum_ms;
	uint64_t bucket[TCPD_HIST_BUCKETS];
};

struct tcpd_watch_stats {
	uint64_t start_ns, end_ns;	/* CLOCK_MONOTONIC */
	uint64_t total;
	struct tcpd_watch_hist state[TCPD_STATE_MAX];
	uint64_t kind[TCPD_STATE_MAX][TCPD_STATE_MAX];	/* [old][new] */
};

void tcpd_watch_stats_init(struct tcpd_watch_stats *s, uint64_t start_ns);
void tcpd_watch_stats_add(struct tcpd_watch_stats *s, const struct tcpd_watch_event *ev);
/* The @pct percentile (0..100) of time in @state, in ms; 0 when empty. */
double tcpd_watch_stats_pct(const struct tcpd_watch_stats *s, int state, double pct);

/*
 * Time in state, counted in the kernel (src/lib/watch/times.c), for an
 * exporter that runs all day: the watch program with its events off and
 * its counters on. Per state left: the time spent in it, in fixed buckets,
 * with sum and count; the transitions by new state; the changes whose
 * start was not known (the socket entered the state before the timer
 * started, or could not be remembered). Memory: per live socket that
 * changed state since the start, its state and entry time, in a kernel
 * hash of at most @max_socks (0: 1,048,576) entries; nothing grows in
 * user space. TIME_WAIT is never timed (the tracepoint does not see it): a
 * hand-over to a time-wait mini socket counts as a change to TIME_WAIT.
 */
#define TCPD_TIMES_BUCKETS 16	/* the bounds and +Inf */

/* The upper bound of bucket @b in seconds (b < TCPD_TIMES_BUCKETS - 1). */
double tcpd_times_bound_s(int b);

struct tcpd_times_state {
	uint64_t bucket[TCPD_TIMES_BUCKETS];	/* not cumulative; the last is +Inf */
	uint64_t count;
	double sum_s;
	uint64_t untimed;		/* left with no known start */
	uint64_t to[TCPD_STATE_MAX];	/* changes to each new state */
};

struct tcpd_times {
	struct tcpd_times_state state[TCPD_STATE_MAX];	/* by the state left */
	uint64_t lost;		/* socket updates the bounded map refused */
};

struct tcpd_state_timer;

/* Load and attach; the namespace of inode @netns only, or every one (0). */
int tcpd_state_timer_open(struct tcpd_state_timer **out, uint64_t netns,
			  unsigned int max_socks, struct tcpd_err *err);
/* The counts since the start (sums over CPUs). */
int tcpd_state_timer_read(struct tcpd_state_timer *t, struct tcpd_times *out,
			  struct tcpd_err *err);
void tcpd_state_timer_close(struct tcpd_state_timer *t);

#endif

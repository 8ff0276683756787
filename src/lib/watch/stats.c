// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch's summary: time spent per state in a log-linear histogram (a
 * power-of-two bucket split in 8: any percentile within 12.5%, in constant
 * memory however long watch runs), and a count per kind of transition.
 */
#include <string.h>

#include "tcpdoc/watch.h"

#define SUB 8

/* Bucket of @us microseconds: 8 linear steps inside each power of two. */
static int bucket_of(uint64_t us)
{
	int msb;

	if (us < SUB)
		return (int)us;
	msb = 63 - __builtin_clzll(us);
	/* msb >= 3: keep the 3 bits below the top one */
	return (msb - 2) * SUB + (int)((us >> (msb - 3)) & (SUB - 1));
}

/* The largest value (us) that falls in bucket @b. */
static double bucket_top(int b)
{
	int e;

	if (b < SUB)
		return b;
	e = b / SUB + 2;
	return (double)(((uint64_t)(SUB + b % SUB + 1) << (e - 3)) - 1);
}

void tcpd_watch_stats_init(struct tcpd_watch_stats *s, uint64_t start_ns)
{
	memset(s, 0, sizeof(*s));
	s->start_ns = s->end_ns = start_ns;
}

void tcpd_watch_stats_add(struct tcpd_watch_stats *s, const struct tcpd_watch_event *ev)
{
	struct tcpd_watch_hist *h;
	int b;

	if (ev->old >= TCPD_STATE_MAX || ev->new >= TCPD_STATE_MAX)
		return;
	s->total++;
	s->kind[ev->old][ev->new]++;
	if (ev->mono_ns > s->end_ns)
		s->end_ns = ev->mono_ns;
	h = &s->state[ev->old];
	if (ev->lower_bound) {
		h->lower_bounds++;
		return;
	}
	if (ev->ms_unknown)
		return;
	b = bucket_of((uint64_t)(ev->ms_in_old * 1000.0));
	if (b >= TCPD_HIST_BUCKETS)
		b = TCPD_HIST_BUCKETS - 1;
	h->bucket[b]++;
	h->n++;
	h->sum_ms += ev->ms_in_old;
	if (ev->ms_in_old > h->max_ms)
		h->max_ms = ev->ms_in_old;
}

double tcpd_watch_stats_pct(const struct tcpd_watch_stats *s, int state, double pct)
{
	const struct tcpd_watch_hist *h;
	uint64_t want, seen = 0;
	int b;

	if (state <= 0 || state >= TCPD_STATE_MAX)
		return 0;
	h = &s->state[state];
	if (!h->n)
		return 0;
	want = (uint64_t)(pct / 100.0 * (double)h->n + 0.999999);
	if (want < 1)
		want = 1;
	for (b = 0; b < TCPD_HIST_BUCKETS; b++) {
		seen += h->bucket[b];
		if (seen >= want) {
			double ms = bucket_top(b) / 1000.0;

			return ms < h->max_ms ? ms : h->max_ms;
		}
	}
	return h->max_ms;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Time in state for an exporter: the watch program loaded with its events
 * off (a one-page ring buffer nobody reads) and its counters on, so the
 * kernel keeps the histograms and user space only reads them. Its state is
 * the kernel's per-socket map (bounded, filled only by sockets that change
 * state) and one fixed row of counters per state and CPU.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/types.h>

#include "bpf/watch.h"	/* the bounds, as the kernel half counts them */
#include "tcpdoc/i18n.h"
#include "tcpdoc/watch.h"

_Static_assert(WATCH_HIST_N == TCPD_TIMES_BUCKETS, "bucket counts differ");
_Static_assert(WATCH_NSTATES == TCPD_STATE_MAX, "state counts differ");

static const __u64 le_ms[WATCH_HIST_N - 1] = WATCH_HIST_LE_MS;

double tcpd_times_bound_s(int b)
{
	return b >= 0 && b < TCPD_TIMES_BUCKETS - 1 ? (double)le_ms[b] / 1000.0 : 0;
}

#if TCPD_HAVE_BPF
#include <errno.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "watch.skel.h"
#include "watch/watch_bpf.h"

struct tcpd_state_timer {
	struct watch_skel *skel;
	int ncpu;
	struct watch_times *row;	/* one per CPU, for reading */
};

static int load(struct tcpd_state_timer *t, uint64_t netns, unsigned int max_socks,
		struct tcpd_err *err)
{
	int ret;

	t->skel = watch_skel__open();
	if (!t->skel)
		return watch_bpf_fail(err, -errno, WATCH_OP_OPEN);
	t->skel->rodata->emit_events = false;
	t->skel->rodata->count_times = true;
	t->skel->rodata->filter_netns = (__u32)netns;
	bpf_map__set_max_entries(t->skel->maps.events, (__u32)sysconf(_SC_PAGESIZE));
	bpf_map__set_max_entries(t->skel->maps.socks, max_socks ? max_socks : 1u << 20);
	ret = watch_skel__load(t->skel);
	if (ret)
		return watch_bpf_fail(err, ret, WATCH_OP_LOAD);
	ret = watch_skel__attach(t->skel);
	if (ret)
		return watch_bpf_fail(err, ret, WATCH_OP_ATTACH);
	return 0;
}

int tcpd_state_timer_open(struct tcpd_state_timer **out, uint64_t netns,
			  unsigned int max_socks, struct tcpd_err *err)
{
	struct tcpd_state_timer *t;
	libbpf_print_fn_t old;
	int ret;

	*out = NULL;
	if (watch_bpf_begin(err))
		return -1;
	t = calloc(1, sizeof(*t));
	if (!t)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	t->ncpu = libbpf_num_possible_cpus();
	t->row = t->ncpu > 0 ? calloc((size_t)t->ncpu, sizeof(*t->row)) : NULL;
	if (!t->row) {
		free(t);
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	old = libbpf_set_print(watch_libbpf_log);
	ret = load(t, netns, max_socks, err);
	libbpf_set_print(old);
	if (ret) {
		tcpd_state_timer_close(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* Add one CPU's row to @s. */
static void add_row(struct tcpd_times_state *s, const struct watch_times *r)
{
	int b;

	for (b = 0; b < TCPD_TIMES_BUCKETS; b++)
		s->bucket[b] += r->bucket[b];
	for (b = 0; b < TCPD_STATE_MAX; b++)
		s->to[b] += r->to[b];
	s->count += r->count;
	s->sum_s += (double)r->sum_ns / 1e9;
	s->untimed += r->untimed;
}

static uint64_t read_lost(const struct tcpd_state_timer *t)
{
	__u32 key = WATCH_C_MAP_FULL;
	__u64 *vals = calloc((size_t)t->ncpu, sizeof(*vals));
	uint64_t n = 0;
	int i;

	if (vals && !bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.counters), &key, vals))
		for (i = 0; i < t->ncpu; i++)
			n += vals[i];
	free(vals);
	return n;
}

int tcpd_state_timer_read(struct tcpd_state_timer *t, struct tcpd_times *out,
			  struct tcpd_err *err)
{
	int fd = bpf_map__fd(t->skel->maps.times), cpu;
	__u32 st;

	memset(out, 0, sizeof(*out));
	for (st = 0; st < TCPD_STATE_MAX; st++) {
		if (bpf_map_lookup_elem(fd, &st, t->row))
			return tcpd_fail_errno(err, errno, _("cannot read the time-in-state counters"));
		for (cpu = 0; cpu < t->ncpu; cpu++)
			add_row(&out->state[st], &t->row[cpu]);
	}
	out->lost = read_lost(t);
	return 0;
}

void tcpd_state_timer_close(struct tcpd_state_timer *t)
{
	if (!t)
		return;
	watch_skel__destroy(t->skel);
	free(t->row);
	free(t);
}

#else /* !TCPD_HAVE_BPF */

struct tcpd_state_timer {
	int unused;
};

int tcpd_state_timer_open(struct tcpd_state_timer **out, uint64_t netns,
			  unsigned int max_socks, struct tcpd_err *err)
{
	(void)netns;
	(void)max_socks;
	*out = NULL;
	return tcpd_fail(err, TCPD_E_NOENT, _("tcpdoc was built without BPF"));
}

int tcpd_state_timer_read(struct tcpd_state_timer *t, struct tcpd_times *out,
			  struct tcpd_err *err)
{
	(void)t;
	memset(out, 0, sizeof(*out));
	return tcpd_fail(err, TCPD_E_NOENT, _("tcpdoc was built without BPF"));
}

void tcpd_state_timer_close(struct tcpd_state_timer *t)
{
	(void)t;
}

#endif

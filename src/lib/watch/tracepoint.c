// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch, the BPF source: load src/bpf/watch.bpf.c through its skeleton,
 * set the filters before load, attach, seed from a snapshot, and decode
 * the ring buffer into events.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tcpdoc/i18n.h"
#include "watch/watch_int.h"

#if TCPD_HAVE_BPF
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/watch.h"	/* the event both halves share */
#include "watch.skel.h"
#include "watch/watch_bpf.h"

struct watch_bpf_state {
	struct watch_skel *skel;
	struct ring_buffer *rb;
};

/* libbpf's last complaint, kept for the error message; the library never prints. */
static char libbpf_last[256];

int watch_libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[sizeof(libbpf_last)];
	size_t n;

	if (level == LIBBPF_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n)
		memcpy(libbpf_last, line, n + 1);
	return 0;
}

static void copy_addr(struct tcpd_addr *a, int family, const __u8 *b)
{
	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)family;
	memcpy(a->b, b, family == AF_INET ? 4 : 16);
}

static void follow_tw(struct tcpd_watch *w, const struct watch_event *e,
		      const struct tcpd_watch_event *ev)
{
	struct watch_sock *ws;

	/* Only this namespace's mini sockets can be looked up by dump. */
	if (e->netns != w->netns)
		return;
	ws = watch_table_put(&w->tw, e->cookie);
	if (!ws)
		return;
	watch_sock_from_event(ws, ev);
	ws->gen = w->gen;
	if (e->flags & WATCH_F_TW_FIN2) {
		/* Still FIN_WAIT2, now as a mini socket: its entry time stands. */
		ws->state = TCPD_FIN_WAIT2;
		ws->since_ns = ev->mono_ns - (uint64_t)(ev->ms_in_old * 1e6);
		ws->lower_bound = ev->lower_bound;
	} else {
		ws->state = TCPD_TIME_WAIT;
		ws->since_ns = ev->mono_ns;
		ws->lower_bound = false;
	}
}

/* A connect's first change waits for its port; its next releases it. */
static void deliver(struct tcpd_watch *w, struct tcpd_watch_event *ev)
{
	if (watch_pending_wanted(ev)) {
		if (!w->opts.no_port_wait && !watch_pending_hold(w, ev))
			return;
		ev->lport_unknown = true;
	} else {
		watch_pending_next(w, ev);
	}
	watch_deliver(w, ev);
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct tcpd_watch *w = ctx;
	const struct watch_event *e = data;
	struct tcpd_watch_event ev = { 0 };
	const struct watch_owner *seed;

	if (size < sizeof(*e))
		return 0;
	ev.mono_ns = e->ts_ns;
	ev.netns = e->netns;
	ev.cookie = e->cookie;
	copy_addr(&ev.local, e->family, e->saddr);
	copy_addr(&ev.remote, e->family, e->daddr);
	ev.lport = e->sport;
	ev.rport = e->dport;
	ev.ifindex = e->ifindex;
	ev.old = e->oldstate;
	ev.new = e->newstate;
	if (e->flags & WATCH_F_OWNER) {
		ev.pid = e->pid;
		memcpy(ev.comm, e->comm, sizeof(ev.comm));
		ev.comm[sizeof(ev.comm) - 1] = '\0';
	}

	if (e->flags & WATCH_F_START) {
		ev.ms_in_old = (double)(e->ts_ns - e->start_ns) / 1e6;
	} else if (e->flags & WATCH_F_BIRTH) {
		ev.birth = true;
		ev.ms_unknown = true;
	} else if (e->flags & WATCH_F_FORGOT) {
		/* The map was full once: this start may be one it dropped. */
		w->c.no_start++;
		ev.lower_bound = true;
		ev.ms_unknown = true;
	} else {
		/* Never remembered, and the map never failed: older than watch. */
		ev.lower_bound = true;
		if (e->ts_ns > w->start_ns)
			ev.ms_in_old = (double)(e->ts_ns - w->start_ns) / 1e6;
	}
	/* Softirq knows no owner; for a socket older than watch, the seed does. */
	seed = ev.pid || (e->flags & WATCH_F_BIRTH) ? NULL : watch_seed_owner(w, e->cookie);
	if (seed) {
		ev.pid = seed->pid;
		memcpy(ev.comm, seed->comm, sizeof(ev.comm));
	}

	if (e->flags & WATCH_F_TW) {
		follow_tw(w, e, &ev);
		if (e->flags & WATCH_F_TW_FIN2)
			return 0;	/* no change a user could see, yet */
		ev.new = TCPD_TIME_WAIT;
	}
	deliver(w, &ev);
	return w->cb_ret ? 1 : 0;
}

int watch_bpf_begin(struct tcpd_err *err)
{
	if (access("/sys/kernel/btf/vmlinux", R_OK))
		return tcpd_fail(err, TCPD_E_NOENT,
				 _("the kernel has no BTF (/sys/kernel/btf/vmlinux), which tp_btf needs"));
	libbpf_last[0] = '\0';
	return 0;
}

static void set_filters(struct watch_skel *skel, const struct tcpd_watch *w)
{
	const struct tcpd_watch_filter *f = &w->opts.filter;

	skel->rodata->filter_sport = f->sport > 0 ? (__u16)f->sport : 0;
	skel->rodata->filter_dport = f->dport > 0 ? (__u16)f->dport : 0;
	skel->rodata->filter_port = f->port > 0 ? (__u16)f->port : 0;
	skel->rodata->filter_family = (__u16)f->family;
	skel->rodata->filter_netns = w->opts.all_netns ? 0 : (__u32)w->netns;
	skel->rodata->filter_states = f->states;
	skel->rodata->filter_pid = f->pid;
}

/* What failed, one whole sentence each so that it translates as one. */
static const char *const bpf_op_msg[] = {
	/* TRANSLATORS: %s is why, e.g. "permission denied (...)" or strerror(). */
	[WATCH_OP_OPEN] = N_("cannot open the BPF program: %s"),
	[WATCH_OP_LOAD] = N_("cannot load the BPF program: %s"),
	[WATCH_OP_ATTACH] = N_("cannot attach the BPF program: %s"),
	[WATCH_OP_READ] = N_("cannot read the BPF program's events: %s"),
};

int watch_bpf_fail(struct tcpd_err *err, int ret, enum watch_bpf_op op)
{
	int e = ret < 0 ? -ret : errno;
	char why[sizeof(libbpf_last) + 128];

	if (e == EPERM || e == EACCES)
		return tcpd_fail(err, TCPD_E_PERM, _(bpf_op_msg[op]),
				 _("permission denied (root or CAP_BPF+CAP_PERFMON needed)"));
	snprintf(why, sizeof(why), "%s%s%s", strerror(e),
		 libbpf_last[0] ? "; libbpf: " : "", libbpf_last);
	return tcpd_fail(err, tcpd_errno_kind(e), _(bpf_op_msg[op]), why);
}

static int bpf_setup(struct tcpd_watch *w, struct tcpd_err *err)
{
	struct watch_bpf_state *st;
	struct watch_skel *skel;
	int ret;

	if (watch_bpf_begin(err))
		return -1;
	st = calloc(1, sizeof(*st));
	if (!st)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	skel = watch_skel__open();
	if (!skel) {
		free(st);
		return watch_bpf_fail(err, -errno, WATCH_OP_OPEN);
	}
	st->skel = skel;
	w->bpf = (struct watch_skel *)st;
	set_filters(skel, w);
	bpf_map__set_max_entries(skel->maps.events, w->opts.ringbuf_mb << 20);
	ret = watch_skel__load(skel);
	if (ret)
		return watch_bpf_fail(err, ret, WATCH_OP_LOAD);
	ret = watch_skel__attach(skel);
	if (ret)
		return watch_bpf_fail(err, ret, WATCH_OP_ATTACH);
	st->rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, w, NULL);
	if (!st->rb)
		return watch_bpf_fail(err, -errno, WATCH_OP_READ);
	/* Attached first, then the snapshot: nothing falls in between. */
	w->start_ns = tcpd_watch_now();
	if (!w->opts.no_seed && watch_seed(w, err))
		return -1;
	w->next_dump_ns = w->start_ns + (uint64_t)w->opts.tw_ms * 1000000ull;
	return 0;
}

/*
 * libbpf's print hook is process-wide: ours only while loading, where its
 * complaints explain a failure; the caller's again afterwards.
 */
int watch_bpf_open(struct tcpd_watch *w, struct tcpd_err *err)
{
	libbpf_print_fn_t old = libbpf_set_print(watch_libbpf_log);
	int ret = bpf_setup(w, err);

	libbpf_set_print(old);
	if (!ret)
		return 0;
	if (w->bpf)
		watch_bpf_close(w);
	return -1;
}

int watch_bpf_poll(struct tcpd_watch *w, int timeout_ms, struct tcpd_err *err)
{
	struct watch_bpf_state *st = (struct watch_bpf_state *)w->bpf;
	uint64_t now = tcpd_watch_now();
	int wait = timeout_ms, ret;

	if (w->next_dump_ns > now) {
		uint64_t left = (w->next_dump_ns - now) / 1000000ull + 1;

		if ((uint64_t)wait > left)
			wait = (int)left;
	} else {
		wait = 0;
	}
	ret = ring_buffer__poll(st->rb, wait);
	if (ret < 0 && ret != -EINTR)
		return tcpd_fail_errno(err, -ret, _("cannot read the BPF ring buffer"));
	if (w->cb_ret)
		return 0;
	now = tcpd_watch_now();
	if (now >= w->next_dump_ns) {
		/* Drain first, so hand-overs are known before their ends. */
		ring_buffer__consume(st->rb);
		if ((w->tw.len || w->pending.len) && watch_tw_dump(w, err))
			return -1;
		watch_pending_expire(w, now, false);
		w->next_dump_ns = now + (uint64_t)w->opts.tw_ms * 1000000ull;
	}
	return 0;
}

void watch_bpf_counters(const struct tcpd_watch *w, struct tcpd_watch_counters *c)
{
	struct watch_bpf_state *st = (struct watch_bpf_state *)w->bpf;
	int ncpu = libbpf_num_possible_cpus(), fd, i;
	__u32 key;
	__u64 *vals;

	if (!st->skel || ncpu <= 0)
		return;
	vals = calloc((size_t)ncpu, sizeof(*vals));
	if (!vals)
		return;
	fd = bpf_map__fd(st->skel->maps.counters);
	key = WATCH_C_LOST;
	if (!bpf_map_lookup_elem(fd, &key, vals))
		for (i = 0; i < ncpu; i++)
			c->lost += vals[i];
	key = WATCH_C_MAP_FULL;
	if (!bpf_map_lookup_elem(fd, &key, vals))
		for (i = 0; i < ncpu; i++)
			c->map_full += vals[i];
	free(vals);
}

void watch_bpf_close(struct tcpd_watch *w)
{
	struct watch_bpf_state *st = (struct watch_bpf_state *)w->bpf;

	ring_buffer__free(st->rb);
	watch_skel__destroy(st->skel);
	free(st);
	w->bpf = NULL;
}

#else /* !TCPD_HAVE_BPF */

int watch_bpf_open(struct tcpd_watch *w, struct tcpd_err *err)
{
	(void)w;
	return tcpd_fail(err, TCPD_E_NOENT, _("tcpdoc was built without BPF (no clang, bpftool or libbpf)"));
}

int watch_bpf_poll(struct tcpd_watch *w, int timeout_ms, struct tcpd_err *err)
{
	(void)w;
	(void)timeout_ms;
	return tcpd_fail(err, TCPD_E_NOENT, _("tcpdoc was built without BPF"));
}

void watch_bpf_counters(const struct tcpd_watch *w, struct tcpd_watch_counters *c)
{
	(void)w;
	(void)c;
}

void watch_bpf_close(struct tcpd_watch *w)
{
	w->bpf = NULL;
}

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The doctor's connect() trace: watch's BPF source, asked for births into
 * SYN_SENT only and without its starting snapshot, polled by a thread of
 * its own for the sampling interval. CLOSE -> SYN_SENT runs in connect(),
 * in the connecting task with the socket locked, so the pid and comm watch
 * reports are the caller of connect(); the destination is set by then (the
 * local port is not: the kernel picks it afterwards, and it is not needed).
 * Counts go into a hash table of (namespace, process, destination) rows,
 * at most TCPD_CONNECTS_MAX of them; past that they are only totalled.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/connects.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "tcpdoc/vec.h"
#include "tcpdoc/watch.h"
#include "core/htab.h"

/* The row's key, packed: tcpd_hash_bytes reads whole 8-byte words. */
struct conn_key {
	uint64_t netns;
	uint8_t dst[16];
	uint32_t pid;
	uint16_t dport;
	uint8_t family;
	uint8_t pad;
};

struct conn_row {
	struct conn_key k;
	char comm[16];
	uint64_t count;
};

struct tcpd_connect_trace {
	struct tcpd_watch *w;
	struct tcpd_htab rows;
	pthread_t thread;
	atomic_bool stop;
	uint64_t start_ns;
	uint64_t total, uncounted;
	char why[512];			/* a poll that failed part-way */
};

static bool key_is(const void *e, const void *key)
{
	return !memcmp(&((const struct conn_row *)e)->k, key, sizeof(struct conn_key));
}

static int on_change(const struct tcpd_watch_event *ev, void *arg)
{
	struct tcpd_connect_trace *t = arg;
	struct conn_key k = { 0 };
	struct conn_row *r;
	uint32_t h;

	if (ev->old != TCPD_CLOSE || ev->new != TCPD_SYN_SENT)
		return 0;
	t->total++;
	k.netns = ev->netns;
	memcpy(k.dst, ev->remote.b, sizeof(k.dst));
	k.family = ev->remote.family;
	k.dport = ev->rport;
	k.pid = ev->pid;
	h = tcpd_hash_bytes(&k, sizeof(k));
	r = tcpd_htab_find(&t->rows, h, key_is, &k);
	if (!r && t->rows.len < TCPD_CONNECTS_MAX) {
		r = tcpd_htab_add(&t->rows, h);
		if (r) {
			r->k = k;
			memcpy(r->comm, ev->comm, sizeof(r->comm));
		}
	}
	if (r)
		r->count++;
	else
		t->uncounted++;
	return 0;
}

static void *trace_main(void *arg)
{
	struct tcpd_connect_trace *t = arg;
	struct tcpd_err err = { 0 };

	/* A short timeout: stopping waits for at most one of them. */
	while (!atomic_load(&t->stop))
		if (tcpd_watch_poll(t->w, 20, on_change, t, &err) < 0) {
			snprintf(t->why, sizeof(t->why), "%s", err.msg);
			break;
		}
	return NULL;
}

int tcpd_connect_trace_start(struct tcpd_connect_trace **out, int family, bool all_netns,
			     struct tcpd_err *err)
{
	struct tcpd_watch_opts o = {
		.filter = { .sport = -1, .dport = -1, .port = -1, .family = family,
			    .states = TCPD_STATE_BIT(TCPD_SYN_SENT) },
		.mode = TCPD_WATCH_BPF,
		.all_netns = all_netns,
		.ringbuf_mb = 1,	/* drained all along: two events a connect */
		.no_seed = true,
		.no_port_wait = true,	/* the destination is known; the port is not needed */
	};
	struct tcpd_connect_trace *t = calloc(1, sizeof(*t));

	*out = NULL;
	if (!t || tcpd_htab_init(&t->rows, sizeof(struct conn_row), 256)) {
		free(t);
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	if (tcpd_watch_open(&t->w, &o, err))
		goto fail;
	t->start_ns = tcpd_watch_now();
	if (pthread_create(&t->thread, NULL, trace_main, t)) {
		tcpd_fail(err, TCPD_E_NOMEM, _("cannot start a thread"));
		goto fail;
	}
	*out = t;
	return 0;
fail:
	tcpd_watch_close(t->w);
	tcpd_htab_free(&t->rows);
	free(t);
	return -1;
}

/* The rows as a plain array, for the rules and for a recording. */
static int hand_over(struct tcpd_connect_trace *t, struct tcpd_connects *out)
{
	size_t i;

	for (i = 0; i < t->rows.cap; i++) {
		const struct conn_row *r = tcpd_htab_at(&t->rows, i);
		struct tcpd_connect *c;

		if (!r)
			continue;
		if (tcpd_vec_room(out->c, out->len, out->cap, t->rows.len))
			return -1;
		c = &out->c[out->len++];
		memset(c, 0, sizeof(*c));
		c->netns = r->k.netns;
		tcpd_addr_set(&c->dst, r->k.family, r->k.dst);
		c->dport = r->k.dport;
		c->pid = r->k.pid;
		memcpy(c->comm, r->comm, sizeof(c->comm));
		c->count = r->count;
	}
	return 0;
}

void tcpd_connect_trace_stop(struct tcpd_connect_trace *t, struct tcpd_connects *out)
{
	struct tcpd_watch_counters wc;
	struct tcpd_err err = { 0 };

	memset(out, 0, sizeof(*out));
	if (!t)
		return;
	atomic_store(&t->stop, true);
	pthread_join(t->thread, NULL);
	if (!t->why[0] && tcpd_watch_poll(t->w, 0, on_change, t, &err) < 0)
		snprintf(t->why, sizeof(t->why), "%s", err.msg);
	tcpd_watch_counters(t->w, &wc);
	out->seconds = (double)(tcpd_watch_now() - t->start_ns) / 1e9;
	out->total = t->total + wc.lost;
	out->uncounted = t->uncounted + wc.lost;
	out->state = TCPD_TRACE_DONE;
	if (t->why[0]) {
		out->state = TCPD_TRACE_FAILED;
		snprintf(out->why, sizeof(out->why), "%s", t->why);
	} else if (hand_over(t, out)) {
		out->state = TCPD_TRACE_FAILED;
		snprintf(out->why, sizeof(out->why), "%s", _("out of memory"));
	}
	tcpd_watch_close(t->w);
	tcpd_htab_free(&t->rows);
	free(t);
}

void tcpd_connects_free(struct tcpd_connects *c)
{
	free(c->c);
	c->c = NULL;
	c->len = c->cap = 0;
}

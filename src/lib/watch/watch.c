// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch: the source-independent half. Opening picks BPF or the sampler,
 * events pass one filter and one delivery path, and sockets followed by
 * cookie (the seed snapshot, the sampler's table, time-wait mini sockets)
 * live in one small hash table.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/netns.h"
#include "tcpdoc/owners.h"
#include "watch/watch_int.h"

uint64_t tcpd_watch_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- the cookie table ---- */

int watch_table_init(struct tcpd_htab *t, size_t hint)
{
	return tcpd_htab_init(t, sizeof(struct watch_sock), hint);
}

static bool cookie_is(const void *e, const void *cookie)
{
	return ((const struct watch_sock *)e)->cookie == *(const uint64_t *)cookie;
}

struct watch_sock *watch_table_get(struct tcpd_htab *t, uint64_t cookie)
{
	if (!cookie)
		return NULL;
	return tcpd_htab_find(t, tcpd_hash_u64(cookie), cookie_is, &cookie);
}

struct watch_sock *watch_table_put(struct tcpd_htab *t, uint64_t cookie)
{
	struct watch_sock *s = watch_table_get(t, cookie);

	if (s || !cookie)
		return s;
	s = tcpd_htab_add(t, tcpd_hash_u64(cookie));
	if (s)
		s->cookie = cookie;
	return s;
}

/* ---- inference over the TCP state machine, for coarse sources ---- */

static int next_state(int s, int target)
{
	bool closing = target == TCPD_FIN_WAIT1 || target == TCPD_FIN_WAIT2 ||
		       target == TCPD_CLOSING || target == TCPD_TIME_WAIT;

	switch (s) {
	case TCPD_CLOSE:
		return target == TCPD_LISTEN ? TCPD_LISTEN : TCPD_SYN_SENT;
	case TCPD_LISTEN:
		return target == TCPD_CLOSE ? TCPD_CLOSE : TCPD_SYN_RECV;
	case TCPD_SYN_SENT:
	case TCPD_SYN_RECV:
		return target == TCPD_CLOSE ? TCPD_CLOSE : TCPD_ESTABLISHED;
	case TCPD_ESTABLISHED:
		if (closing)
			return TCPD_FIN_WAIT1;
		if (target == TCPD_CLOSE_WAIT || target == TCPD_LAST_ACK)
			return TCPD_CLOSE_WAIT;
		return target;
	case TCPD_FIN_WAIT1:
		if (target == TCPD_FIN_WAIT2 || target == TCPD_TIME_WAIT)
			return TCPD_FIN_WAIT2;
		return target;
	case TCPD_FIN_WAIT2:
	case TCPD_CLOSING:
		return target;
	case TCPD_CLOSE_WAIT:
		return target == TCPD_CLOSE ? TCPD_LAST_ACK : target;
	default:
		return target;
	}
}

int watch_infer_path(int old, int new, bool passive, uint8_t *path, int max)
{
	int n = 0, s;

	if (!new)
		new = TCPD_CLOSE;
	if (!old) {
		if (new == TCPD_LISTEN || new == TCPD_SYN_SENT)
			old = TCPD_CLOSE;
		else
			old = passive ? TCPD_LISTEN : TCPD_CLOSE;
	}
	for (s = old; s != new && n < max; ) {
		s = next_state(s, new);
		path[n++] = (uint8_t)s;
	}
	return n;
}

/* ---- delivery ---- */

void watch_event_from_sock(struct tcpd_watch_event *ev, const struct watch_sock *s)
{
	ev->netns = s->netns;
	ev->cookie = s->cookie;
	ev->local = s->local;
	ev->remote = s->remote;
	ev->lport = s->lport;
	ev->rport = s->rport;
	ev->ifindex = s->ifindex;
	ev->pid = s->pid;
	memcpy(ev->comm, s->comm, sizeof(ev->comm));
}

void watch_sock_from_event(struct watch_sock *ws, const struct tcpd_watch_event *ev)
{
	ws->netns = ev->netns;
	ws->local = ev->local;
	ws->remote = ev->remote;
	ws->lport = ev->lport;
	ws->rport = ev->rport;
	ws->ifindex = ev->ifindex;
	ws->pid = ev->pid;
	memcpy(ws->comm, ev->comm, sizeof(ws->comm));
}

void watch_sock_from_tcpd(struct watch_sock *ws, const struct tcpd_sock *s, uint64_t netns,
			  const struct tcpd_owners *owners)
{
	const struct tcpd_owner *own;

	ws->netns = netns;
	ws->local = s->local;
	ws->remote = s->remote;
	ws->lport = s->lport;
	ws->rport = s->rport;
	ws->ifindex = s->ifindex;
	ws->state = s->state;
	if (owners && tcpd_owners_get(owners, s->inode, &own)) {
		ws->pid = (uint32_t)own->pid;
		memcpy(ws->comm, own->comm, sizeof(ws->comm));
	}
}

bool watch_filter_match(const struct tcpd_watch *w, const struct tcpd_watch_event *ev)
{
	const struct tcpd_watch_filter *f = &w->opts.filter;

	if (f->family && ev->local.family != f->family)
		return false;
	/* A local port never seen matches no local-port filter. */
	if (f->sport >= 0 && (ev->lport != f->sport || ev->lport_unknown))
		return false;
	if (f->dport >= 0 && ev->rport != f->dport)
		return false;
	if (f->port >= 0 && ev->rport != f->port &&
	    (ev->lport != f->port || ev->lport_unknown))
		return false;
	if (f->states && !(f->states & (TCPD_STATE_BIT(ev->old) | TCPD_STATE_BIT(ev->new))))
		return false;
	if (f->pid && ev->pid != f->pid)
		return false;
	return true;
}

void watch_deliver(struct tcpd_watch *w, struct tcpd_watch_event *ev)
{
	if (w->cb_ret || !watch_filter_match(w, ev))
		return;
	ev->real_ns = (uint64_t)((int64_t)ev->mono_ns + w->real_off_ns);
	w->c.events++;
	if (w->cb)
		w->cb_ret = w->cb(ev, w->cb_arg);
}

/* ---- the time-wait follow-up (BPF mode) ---- */

static void tw_emit(struct tcpd_watch *w, struct watch_sock *ws, int new, uint64_t now)
{
	struct tcpd_watch_event ev = { .mono_ns = now, .coarse = true };

	watch_event_from_sock(&ev, ws);
	ev.old = ws->state;
	ev.new = (uint8_t)new;
	ev.ms_in_old = (double)(now - ws->since_ns) / 1e6;
	ev.lower_bound = ws->lower_bound;
	watch_deliver(w, &ev);
}

static int tw_one(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct tcpd_watch *w = arg;
	struct watch_sock *ws = watch_table_get(&w->tw, s->cookie);
	uint64_t now = tcpd_watch_now();

	(void)err;
	if (s->state == TCPD_SYN_SENT) {
		watch_pending_port(w, s->cookie, s->lport);
		return 0;
	}
	if (!ws)
		return 0;
	ws->gen = w->gen;
	if (s->state != ws->state && s->state == TCPD_TIME_WAIT) {
		tw_emit(w, ws, TCPD_TIME_WAIT, now);
		ws->state = TCPD_TIME_WAIT;
		ws->since_ns = now;
		ws->lower_bound = false;
	}
	return 0;
}

int watch_tw_dump(struct tcpd_watch *w, struct tcpd_err *err)
{
	struct tcpd_query q = {
		.states = TCPD_STATE_BIT(TCPD_TIME_WAIT) | TCPD_STATE_BIT(TCPD_FIN_WAIT2),
	};
	uint64_t now;
	size_t i;

	if (w->pending.len)
		q.states |= TCPD_STATE_BIT(TCPD_SYN_SENT);
	w->gen++;
	if (tcpd_diag_dump(&q, tw_one, w, err))
		return -1;
	w->c.samples++;
	w->c.interrupted += q.interrupted;
	if (q.interrupted)
		return 0;	/* a partial view: gone-ness is not known */
	now = tcpd_watch_now();
	for (i = 0; i < w->tw.cap; i++) {
		struct watch_sock *ws = tcpd_htab_at(&w->tw, i);

		if (!ws || ws->gen == w->gen)
			continue;
		tw_emit(w, ws, TCPD_CLOSE, now);
		tcpd_htab_del(&w->tw, ws);
		i--;	/* backward shift may have moved another entry here */
	}
	return 0;
}

/* ---- open, poll, close ---- */

static int current_netns(uint64_t *ino)
{
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	*ino = fd >= 0 ? tcpd_netns_inode(fd) : 0;
	if (fd >= 0)
		close(fd);
	return *ino ? 0 : -1;
}

int tcpd_watch_open(struct tcpd_watch **out, const struct tcpd_watch_opts *o,
		    struct tcpd_err *err)
{
	struct tcpd_watch *w = calloc(1, sizeof(*w));
	int ret = -1;

	*out = NULL;
	if (!w)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	w->opts = *o;
	if (!w->opts.sample_ms)
		w->opts.sample_ms = 100;
	if (!w->opts.tw_ms)
		w->opts.tw_ms = 200;
	if (!w->opts.ringbuf_mb)
		w->opts.ringbuf_mb = 16;
	current_netns(&w->netns);
	if (watch_table_init(&w->socks, 1024) || watch_table_init(&w->tw, 1024) ||
	    watch_pending_init(w)) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		goto out;
	}
	w->start_ns = tcpd_watch_now();
	w->real_off_ns = (int64_t)(realtime_ns() - w->start_ns);

	if (o->mode != TCPD_WATCH_SAMPLE) {
		ret = watch_bpf_open(w, err);
		if (!ret) {
			w->mode = TCPD_WATCH_BPF;
			goto out;
		}
		if (o->mode == TCPD_WATCH_BPF)
			goto out;
		snprintf(w->fallback, sizeof(w->fallback), "%s", err->msg);
		/* Start afresh: a failed seed may have left half a snapshot. */
		watch_seed_free(w);
		memset(&w->c, 0, sizeof(w->c));
	}
	w->mode = TCPD_WATCH_SAMPLE;
	ret = watch_sample_open(w, err);
out:
	if (ret) {
		tcpd_watch_close(w);
		return -1;
	}
	*out = w;
	return 0;
}

void tcpd_watch_close(struct tcpd_watch *w)
{
	if (!w)
		return;
	if (w->bpf)
		watch_bpf_close(w);
	tcpd_htab_free(&w->socks);
	tcpd_htab_free(&w->tw);
	tcpd_htab_free(&w->pending);
	watch_seed_free(w);
	free(w);
}

enum tcpd_watch_mode tcpd_watch_mode(const struct tcpd_watch *w)
{
	return w->mode;
}

const char *tcpd_watch_fallback(const struct tcpd_watch *w)
{
	return w->fallback;
}

int tcpd_watch_poll(struct tcpd_watch *w, int timeout_ms, tcpd_watch_cb cb,
		    void *arg, struct tcpd_err *err)
{
	int ret;

	w->cb = cb;
	w->cb_arg = arg;
	w->cb_ret = 0;
	if (w->mode == TCPD_WATCH_BPF)
		ret = watch_bpf_poll(w, timeout_ms, err);
	else
		ret = watch_sample_poll(w, timeout_ms, err);
	w->cb = NULL;
	if (ret)
		return ret;
	return w->cb_ret;
}

int tcpd_watch_flush(struct tcpd_watch *w, tcpd_watch_cb cb, void *arg, struct tcpd_err *err)
{
	int ret = 0;

	if (w->mode != TCPD_WATCH_BPF)
		return 0;
	w->cb = cb;
	w->cb_arg = arg;
	w->cb_ret = 0;
	ret = watch_bpf_poll(w, 0, err);
	if (!ret && w->pending.len)
		ret = watch_tw_dump(w, err);
	watch_pending_expire(w, tcpd_watch_now(), true);
	w->cb = NULL;
	return ret;
}

void tcpd_watch_counters(const struct tcpd_watch *w, struct tcpd_watch_counters *c)
{
	*c = w->c;
	if (w->bpf)
		watch_bpf_counters(w, c);
}

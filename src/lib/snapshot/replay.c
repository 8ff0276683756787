// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a snapshot as a source: its namespaces are walked as the host's
 * would be, a dump streams a recorded look's records filtered as the
 * kernel would have filtered them, and a counter read returns a recorded
 * read. The doctor reads looks and reads in the order it took them;
 * summary and ls, which look once, get each namespace's last look.
 */
#include <stdint.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "snapshot/events.h"
#include "snapshot/records.h"
#include "snapshot/replay.h"
#include "snapshot/snap_int.h"

void tcpd_scope_replay(struct tcpd_scope *sc, struct tcpd_snap *snap)
{
	sc->snap = snap;
	sc->all_netns = snap->info.all_netns;
	sc->netns = snap->info.netns[0] ? snap->info.netns : NULL;
	if (!sc->family)
		sc->family = snap->info.family;
	sc->source = snap->info.source;	/* what it lacked, in notes */
}

int snap_replay_each(struct tcpd_scope *sc, tcpd_ns_fn fn, void *arg, struct tcpd_err *err)
{
	struct tcpd_snap *s = sc->snap;
	size_t i;
	int ret = 0;

	sc->denied = (size_t)s->info.netns_denied;
	sc->nall = (size_t)s->info.netns_listed;
	for (i = 0; i < s->nns && !ret; i++) {
		s->cur = i;
		ret = fn(&s->ns[i].ns, arg, err);
	}
	return ret;
}

void snap_replay_start(struct tcpd_snap *s)
{
	size_t i;

	s->in_order = true;
	for (i = 0; i < s->nns; i++)
		s->ns[i].next_look = s->ns[i].next_read = 0;
}

/* Which look a dump gets: the next one taken, or the last. */
static const struct snap_look *pick_look(struct tcpd_snap *s)
{
	struct snap_ns *n = s->cur < s->nns ? &s->ns[s->cur] : NULL;
	size_t i;

	if (!n || !n->nlooks)
		return NULL;
	i = s->in_order ? n->next_look++ : n->nlooks - 1;
	return &n->looks[i < n->nlooks ? i : n->nlooks - 1];
}

static int replay_chunk(const struct tcpd_snap *s, size_t off, const struct tcpd_query *q,
			tcpd_sock_cb cb, void *arg, struct tcpd_err *err)
{
	struct snap_cur c = { s->data + off, s->len - off, false };
	uint32_t n = rd_u32(&c), i;
	char ifname[TCPD_IFNAMELEN];
	struct tcpd_sock sk;
	int ret;

	/* Checked whole when the file was opened. */
	for (i = 0; i < n; i++) {
		if (snap_rd_sock(&c, &sk, ifname))
			return tcpd_fail(err, TCPD_E_INPUT, "%s", _("corrupt snapshot"));
		if (!snap_query_match(q, &sk))
			continue;
		sk.ifname = ifname[0] ? ifname : NULL;
		sk.has_info &= q->want_info;
		ret = cb(&sk, arg, err);
		if (ret)
			return ret;
	}
	return 0;
}

int snap_replay_dump(struct tcpd_snap *s, struct tcpd_query *q, tcpd_sock_cb cb,
		     void *arg, struct tcpd_err *err)
{
	const struct snap_look *l = pick_look(s);
	size_t i;
	int ret;

	q->interrupted = false;
	q->lacks = 0;
	if (!l)
		return 0;
	q->interrupted = l->interrupted;
	q->lacks = snap_lacks_for(l->lacks, q);
	for (i = 0; i < l->nchunks; i++) {
		ret = replay_chunk(s, l->chunks[i], q, cb, arg, err);
		if (ret)
			return ret < 0 ? -1 : 0;
	}
	return 0;
}

int snap_replay_connects(const struct tcpd_snap *s, struct tcpd_connects *out)
{
	if (!s->has_events) {
		memset(out, 0, sizeof(*out));
		out->state = TCPD_TRACE_NOT_RECORDED;
		return 0;
	}
	return snap_connects_copy(&s->events, out);
}

void snap_replay_read(struct tcpd_snap *s, struct tcpd_kernel *k)
{
	struct snap_ns *n = s->cur < s->nns ? &s->ns[s->cur] : NULL;
	size_t i;

	memset(k, 0, sizeof(*k));
	if (!n || !n->nreads)
		return;		/* nothing was read there: every value unread */
	i = s->in_order ? n->next_read++ : n->nreads - 1;
	*k = n->reads[i < n->nreads ? i : n->nreads - 1];
}

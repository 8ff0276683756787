// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What a scope reads in the namespace it entered: the host, the host while
 * a snapshot writes it down, or a snapshot. The doctor, summary, ls and the
 * owner map read through here and nowhere else, so a snapshot replays
 * every one of them with their own code.
 */
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/scope.h"
#include "tcpdoc/snapshot.h"
#include "snapshot/replay.h"

int tcpd_scope_dump(struct tcpd_scope *s, struct tcpd_query *q, tcpd_sock_cb cb,
		    void *arg, struct tcpd_err *err)
{
	if (s->snap && snap_replaying(s->snap))
		return snap_replay_dump(s->snap, q, cb, arg, err);
	if (s->snap)
		return snap_rec_dump(s->snap, s->source, q, cb, arg, err);
	return tcpd_dump(s->source, q, cb, arg, err);
}

int tcpd_scope_kernel_read(struct tcpd_scope *s, struct tcpd_kernel *k, struct tcpd_err *err)
{
	if (s->snap && snap_replaying(s->snap)) {
		snap_replay_read(s->snap, k);
		return 0;
	}
	if (tcpd_kernel_read(k, err))
		return -1;
	return s->snap ? snap_rec_read(s->snap, k, err) : 0;
}

int tcpd_scope_kernel_sample(struct tcpd_scope *s, const struct tcpd_kernel *first,
			     struct tcpd_kernel *k, struct tcpd_rates *r,
			     unsigned int interval_ms, struct tcpd_err *err)
{
	if (s->snap && snap_replaying(s->snap)) {
		memset(r, 0, sizeof(*r));
		*k = *first;
		if (!interval_ms)
			return 0;
		snap_replay_read(s->snap, k);
		tcpd_kernel_rates(first, k, r);
		return 0;
	}
	if (tcpd_kernel_sample(first, k, r, interval_ms, err))
		return -1;
	return s->snap && interval_ms ? snap_rec_read(s->snap, k, err) : 0;
}

bool tcpd_scope_replaying(const struct tcpd_scope *s)
{
	return s->snap && snap_replaying(s->snap);
}

unsigned int tcpd_scope_interval_ms(const struct tcpd_scope *s, unsigned int ms)
{
	if (s->snap && snap_replaying(s->snap))
		return tcpd_snap_info(s->snap)->interval_ms;
	return ms;
}

int tcpd_scope_replay_connects(struct tcpd_scope *s, struct tcpd_connects *out,
			       struct tcpd_err *err)
{
	if (!s->snap || !snap_replaying(s->snap))
		return 0;
	if (snap_replay_connects(s->snap, out))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

void tcpd_scope_replay_start(struct tcpd_scope *s)
{
	if (s->snap && snap_replaying(s->snap))
		snap_replay_start(s->snap);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The light first look: the transient sockets of a namespace at the start
 * of the interval, by cookie, through the same dump path as the full look
 * (the scope's, so a snapshot records it too).
 */
#include <string.h>

#include "doctor/first_look.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/scope.h"
#include "tcpdoc/state.h"

static int keep(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct tcpd_first_look *fl = arg;

	if (!s->cookie || !(TCPD_FIRST_LOOK_STATES & TCPD_STATE_BIT(s->state)))
		return 0;
	if (u64map_len(&fl->seen) >= TCPD_FIRST_LOOK_MAX) {
		fl->capped = true;
		return 0;
	}
	if (u64map_put(&fl->seen, s->cookie,
		       s->state | (uint64_t)s->retrans << 8 | (uint64_t)s->send_q << 32))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

int tcpd_first_look_take(struct tcpd_first_look *fl, struct tcpd_scope *scope,
			 struct tcpd_err *err)
{
	struct tcpd_query q = { .states = TCPD_FIRST_LOOK_STATES, .family = scope->family,
				.want_timers = true };

	memset(fl, 0, sizeof(*fl));
	if (u64map_init(&fl->seen, 64))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (tcpd_scope_dump(scope, &q, keep, fl, err)) {
		tcpd_first_look_free(fl);
		return -1;
	}
	fl->taken = true;
	return 0;
}

void tcpd_first_look_free(struct tcpd_first_look *fl)
{
	if (fl->seen.t.cap)
		u64map_free(&fl->seen);
	memset(fl, 0, sizeof(*fl));
}

int tcpd_first_look_find(const struct tcpd_first_look *fl, const struct tcpd_sock *s,
			 struct tcpd_first_seen *was)
{
	const uint64_t *v;

	if (!fl || !fl->taken || !s->cookie)
		return 0;
	v = u64map_get(&fl->seen, s->cookie);
	if (!v || (*v & 0xff) != s->state)
		return 0;
	was->retrans = (uint8_t)(*v >> 8);
	was->send_q = (uint32_t)(*v >> 32);
	return 1;
}

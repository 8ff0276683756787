// SPDX-License-Identifier: GPL-2.0-or-later
#include <string.h>

#include "tcpdoc/filter.h"

void tcpd_filter_init(struct tcpd_filter *f)
{
	*f = (struct tcpd_filter){ .sport = -1, .dport = -1, .port = -1 };
}

void tcpd_filter_query(const struct tcpd_filter *f, struct tcpd_query *q)
{
	q->states = f->states;
	q->family = f->family;
}

/* A name is the socket's own where the source recorded it (a snapshot's). */
static bool scope_match(const char *scope, const struct tcpd_sock *s)
{
	if (s->ifname && s->ifindex && (*scope < '0' || *scope > '9'))
		return !strcmp(scope, s->ifname);
	return tcpd_scope_match(scope, s->ifindex);
}

bool tcpd_filter_match(const struct tcpd_filter *f, const struct tcpd_sock *s)
{
	if (f->sport >= 0 && s->lport != f->sport)
		return false;
	if (f->dport >= 0 && s->rport != f->dport)
		return false;
	if (f->port >= 0 && s->lport != f->port && s->rport != f->port)
		return false;
	if (f->has_src && !tcpd_prefix_match(&f->src, &s->local))
		return false;
	/* The scope is the socket's own interface: it goes with its local address. */
	if (f->has_src && f->src.scope[0] && !scope_match(f->src.scope, s))
		return false;
	if (f->has_dst && f->dst.scope[0] && !scope_match(f->dst.scope, s))
		return false;
	if (f->has_dst && !tcpd_prefix_match(&f->dst, &s->remote))
		return false;
	return true;
}

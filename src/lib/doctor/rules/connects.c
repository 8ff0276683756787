// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Culprits from the connect() trace: the processes seen calling connect()
 * during the interval, for findings whose sockets have no owner (client
 * TIME_WAIT) or whose owners hold nothing open when the table is read.
 */
#include <string.h>
#include <sys/socket.h>

#include "rules.h"

#define CONN_PROCS 64	/* distinct processes weighed per finding */

struct conn_proc {
	uint32_t pid;
	const char *comm;
	uint64_t n;
};

static bool matches(const struct tcpd_connect *c, uint64_t netns,
		    const struct tcpd_addr *dst, uint16_t dport)
{
	if (c->netns != netns || !c->pid)
		return false;
	if (!dst)
		return true;
	return c->dport == dport && c->dst.family == dst->family &&
	       !memcmp(c->dst.b, dst->b, dst->family == AF_INET ? 4 : 16);
}

/* Sum @in's rows per process; returns how many processes (at most CONN_PROCS). */
static size_t per_proc(const struct tcpd_rule_in *in, const struct tcpd_addr *dst,
		       uint16_t dport, struct conn_proc *p, uint64_t *total)
{
	size_t i, j, n = 0;

	*total = 0;
	for (i = 0; i < in->c->len; i++) {
		const struct tcpd_connect *c = &in->c->c[i];

		if (!matches(c, in->netns, dst, dport))
			continue;
		*total += c->count;
		for (j = 0; j < n && p[j].pid != c->pid; j++)
			;
		if (j == n && n == CONN_PROCS)
			continue;
		if (j == n)
			p[n++] = (struct conn_proc){ .pid = c->pid, .comm = c->comm };
		p[j].n += c->count;
	}
	return n;
}

/* @p's busiest as the finding's owners, each with its connects. */
static void name_busiest(struct tcpd_finding *f, struct conn_proc *p, size_t n)
{
	size_t k, i, b;

	for (k = 0; k < n && f->nowners < TCPD_F_OWNERS; k++) {
		for (i = 1, b = 0; i < n; i++)
			if (p[i].n > p[b].n)
				b = i;
		if (!p[b].n)
			break;
		tcpd_f_owner_add(f, (pid_t)p[b].pid, p[b].comm, 0);
		for (i = 0; i < f->nowners; i++)
			if (f->owners[i].pid == (pid_t)p[b].pid)
				f->owners[i].connects += p[b].n;
		p[b].n = 0;
	}
}

uint64_t tcpd_f_connect_owners(struct tcpd_finding *f, const struct tcpd_rule_in *in,
			       const struct tcpd_addr *dst, uint16_t dport)
{
	struct conn_proc p[CONN_PROCS];
	uint64_t total;
	size_t n;

	if (!in->c || in->c->state != TCPD_TRACE_DONE)
		return 0;
	n = per_proc(in, dst, dport, p, &total);
	if (!total)
		return 0;
	name_busiest(f, p, n);
	tcpd_ev_u64(f, "connects_traced", total);
	tcpd_ev_dbl(f, "connect_trace_s", in->c->seconds);
	return total;
}

void tcpd_f_no_owner(struct tcpd_finding *f, const struct tcpd_rule_in *in)
{
	const char *why = "off";

	if (in->c && in->c->state == TCPD_TRACE_FAILED)
		why = "unavailable";
	else if (in->c && in->c->state == TCPD_TRACE_DONE)
		why = "saw no connect to it";
	else if (in->c && in->c->state == TCPD_TRACE_NOT_RECORDED)
		why = "not recorded in the snapshot";
	tcpd_ev_str(f, "owners_from", "none");
	tcpd_ev_str(f, "connect_trace", why);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SCOPE_H
#define TCPD_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "tcpdoc/err.h"
#include "tcpdoc/kernel.h"
#include "tcpdoc/netns.h"
#include "tcpdoc/sock.h"

/*
 * What a run looks at: which network namespaces, which address family, and
 * which source reads their socket tables. Every command and the doctor
 * walk namespaces through this one type.
 */
struct tcpd_scope {
	const char *netns;		/* one namespace (-N), or NULL */
	bool all_netns;			/* every namespace on the host (-A) */
	int family;			/* 0, AF_INET or AF_INET6 */
	enum tcpd_source source;
	/* Kept between walks: -A lists the namespaces once. */
	struct tcpd_netns *all;
	size_t nall;
	/* Set by each walk: namespaces -A could not enter (no privilege). */
	size_t denied;
	/*
	 * A snapshot (tcpdoc/snapshot.h) being taken, which records what the
	 * scope reads, or being read, which the scope reads instead of the
	 * host. NULL: the host.
	 */
	struct tcpd_snap *snap;
};

/*
 * Called once per namespace, inside it. Return 0 to go on; anything else
 * stops the walk and is returned by tcpd_scope_each (-1 with @err filled).
 */
typedef int (*tcpd_ns_fn)(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err);

/*
 * Run @fn in each namespace @s selects: the current one, -N's, or every
 * one (namespaces that vanish or cannot be entered are skipped and
 * counted in s->denied). The caller is back in its own namespace after.
 */
int tcpd_scope_each(struct tcpd_scope *s, tcpd_ns_fn fn, void *arg, struct tcpd_err *err);

void tcpd_scope_free(struct tcpd_scope *s);

/*
 * What a scope reads, inside the namespace tcpd_scope_each entered: the
 * host (tcpd_dump with the scope's source, tcpd_kernel_read,
 * tcpd_kernel_sample), or a snapshot. Every reader of the socket table
 * and the counters goes through these, so a snapshot replays them all.
 */
int tcpd_scope_dump(struct tcpd_scope *s, struct tcpd_query *q, tcpd_sock_cb cb,
		    void *arg, struct tcpd_err *err);
int tcpd_scope_kernel_read(struct tcpd_scope *s, struct tcpd_kernel *k, struct tcpd_err *err);
int tcpd_scope_kernel_sample(struct tcpd_scope *s, const struct tcpd_kernel *first,
			     struct tcpd_kernel *k, struct tcpd_rates *r,
			     unsigned int interval_ms, struct tcpd_err *err);
/* The scope reads a snapshot, not the host: nothing live may be watched. */
bool tcpd_scope_replaying(const struct tcpd_scope *s);
/* The sampling interval: @ms, or the one a replayed snapshot was taken with. */
unsigned int tcpd_scope_interval_ms(const struct tcpd_scope *s, unsigned int ms);
/*
 * The doctor starts: a replayed snapshot gives its looks and counter reads
 * in the order they were taken (else each dump gets a namespace's last look).
 */
void tcpd_scope_replay_start(struct tcpd_scope *s);
/*
 * A replayed snapshot's connect() trace into @out (as the run that took it
 * watched it; nothing when the file has none); live, nothing.
 */
struct tcpd_connects;
int tcpd_scope_replay_connects(struct tcpd_scope *s, struct tcpd_connects *out,
			       struct tcpd_err *err);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SCOPE_H
#define TCPD_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "tcpdoc/err.h"
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

#endif

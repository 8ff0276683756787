// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The owner map for the sockets a filter selects, and the one place that
 * decides which scanner builds it. Socket inodes are unique host-wide, so
 * one scan serves every namespace of the scope.
 */
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/filter.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/owners.h"
#include "owners/owners_int.h"
#include "snapshot/replay.h"

struct collect {
	const struct tcpd_filter *filter;
	struct tcpd_owners *owners;
	struct tcpd_scope *scope;
	size_t wanted;
};

static int want_one(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct collect *c = arg;

	if (!s->inode || !tcpd_filter_match(c->filter, s))
		return 0;
	c->wanted++;
	if (tcpd_owners_want(c->owners, s->inode))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

static int collect_ns(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err)
{
	struct collect *c = arg;
	struct tcpd_query q = { 0 };

	(void)ns;
	tcpd_filter_query(c->filter, &q);
	return tcpd_scope_dump(c->scope, &q, want_one, c, err);
}

int tcpd_scope_owners_scan(struct tcpd_scope *s, struct tcpd_owners *o,
			   enum tcpd_owner_source src, struct tcpd_err *err)
{
	if (!s->snap)
		return tcpd_owners_scan(o, src, err);
	if (owners_copy(o, snap_owners(s->snap)))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

enum tcpd_owner_source tcpd_owner_source_parse(const char *s)
{
	if (s && !strcmp(s, "proc"))
		return TCPD_OWN_PROC;
	if (s && !strcmp(s, "bpf"))
		return TCPD_OWN_BPF;
	return TCPD_OWN_AUTO;
}

struct tcpd_owners *tcpd_owners_for(struct tcpd_scope *scope, const struct tcpd_filter *f,
				    enum tcpd_owner_source src, struct tcpd_err *err)
{
	struct collect c = { .filter = f, .scope = scope };

	c.owners = tcpd_owners_new();
	if (!c.owners) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		return NULL;
	}
	/* A snapshot holds every socket's owners: nothing to scan. */
	if (scope->snap && !tcpd_scope_owners_scan(scope, c.owners, src, err))
		return c.owners;
	if (scope->snap)
		goto fail;
	/*
	 * The BPF iterator maps every socket on the host for less than a
	 * dump costs, so it needs no first pass; /proc does, to skip the
	 * readlink() of every fd nobody asked about.
	 */
	if (src != TCPD_OWN_PROC && !tcpd_owners_scan(c.owners, TCPD_OWN_BPF, err))
		return c.owners;
	if (src == TCPD_OWN_BPF)
		goto fail;
	if (tcpd_scope_each(scope, collect_ns, &c, err))
		goto fail;
	/* Nothing wanted would mean "every socket" to the scanner. */
	if (c.wanted && tcpd_owners_scan(c.owners, TCPD_OWN_PROC, err))
		goto fail;
	return c.owners;
fail:
	tcpd_owners_free(c.owners);
	return NULL;
}

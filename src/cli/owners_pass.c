// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The owner map for a command's output: a first, cheap dump collects the
 * inodes of the sockets the filter selects, then one scan maps only those.
 * Socket inodes are unique host-wide, so one scan serves every namespace.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "../lib/filter.h"
#include "../lib/owners.h"

struct collect {
	const struct tcpd_filter *filter;
	struct tcpd_owners *owners;
	size_t wanted;
};

static int on_sock(const struct tcpd_sock *s, void *arg)
{
	struct collect *c = arg;

	if (!s->inode || !tcpd_filter_match(c->filter, s))
		return 0;
	c->wanted++;
	return tcpd_owners_want(c->owners, s->inode);
}

static int collect_ns(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct collect *c = arg;
	struct tcpd_query q = { 0 };
	struct tcpd_err err = { 0 };

	(void)ns;
	tcpd_filter_query(c->filter, &q);
	if (tcpd_dump(cli->source, &q, on_sock, c, &err))
		return cli_fail(cli, &err);
	return 0;
}

/* TCPDOC_OWNERS=proc|bpf pins the scanner: tests compare the two. */
static enum tcpd_owner_source owner_source(void)
{
	const char *s = getenv("TCPDOC_OWNERS");

	if (s && !strcmp(s, "proc"))
		return TCPD_OWN_PROC;
	if (s && !strcmp(s, "bpf"))
		return TCPD_OWN_BPF;
	return TCPD_OWN_AUTO;
}

struct tcpd_owners *cli_owners(struct cli *cli, const struct tcpd_filter *f)
{
	struct collect c = { .filter = f };
	enum tcpd_owner_source src = owner_source();
	struct tcpd_err err = { 0 };

	c.owners = tcpd_owners_new();
	if (!c.owners) {
		cli_failf(cli, _("out of memory"));
		return NULL;
	}
	/*
	 * The BPF iterator maps every socket on the host for less than a
	 * dump costs, so it needs no first pass; /proc does, to skip the
	 * readlink() of every fd nobody asked about.
	 */
	if (src != TCPD_OWN_PROC && !tcpd_owners_scan(c.owners, TCPD_OWN_BPF, &err))
		goto seen;
	if (src == TCPD_OWN_BPF) {
		cli_fail(cli, &err);
		goto fail;
	}
	if (cli_each_netns(cli, collect_ns, &c))
		goto fail;
	/* Nothing wanted would mean "every socket" to the scanner. */
	if (c.wanted && tcpd_owners_scan(c.owners, TCPD_OWN_PROC, &err)) {
		cli_fail(cli, &err);
		goto fail;
	}
seen:
	if (tcpd_owners_hidden(c.owners))
		cli_note(cli, _("the owners of sockets in %zu processes could not be seen: reading another user's /proc/PID/fd needs root"),
			 tcpd_owners_hidden(c.owners));
	return c.owners;
fail:
	tcpd_owners_free(c.owners);
	return NULL;
}

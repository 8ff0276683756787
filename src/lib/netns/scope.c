// SPDX-License-Identifier: GPL-2.0-or-later
/* Walking the namespaces a scope selects, and coming home afterwards. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/scope.h"
#include "snapshot/replay.h"

/* Come back to @home after a walk that moved; -1 with @err when we cannot. */
static int go_home(int home, int ret, struct tcpd_err *err)
{
	if (setns(home, CLONE_NEWNET) && !ret)
		ret = tcpd_fail_errno(err, errno,
				      _("cannot return to the original network namespace"));
	return ret;
}

static int open_home(struct tcpd_err *err)
{
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (home < 0)
		tcpd_fail_errno(err, errno, _("cannot open /proc/self/ns/net"));
	return home;
}

static int each_named(struct tcpd_scope *s, tcpd_ns_fn fn, void *arg, struct tcpd_err *err)
{
	struct tcpd_netns ns = { 0 };
	int fd, home, ret;

	fd = tcpd_netns_open(s->netns, err);
	if (fd < 0)
		return -1;
	home = open_home(err);
	if (home < 0) {
		close(fd);
		return -1;
	}
	ret = tcpd_netns_enter(fd, s->netns, err);
	ns.inode = tcpd_netns_inode(fd);
	close(fd);
	if (ret)
		goto out;
	if (!strchr(s->netns, '/') && strncmp(s->netns, "pid:", 4))
		snprintf(ns.name, sizeof(ns.name), "%s", s->netns);
	ret = go_home(home, fn(&ns, arg, err), err);
out:
	close(home);
	return ret;
}

/* Enter @ns; 1 when it cannot be entered and is to be skipped. */
static int enter(const struct tcpd_netns *ns, size_t *denied)
{
	int fd = open(ns->path, O_RDONLY | O_CLOEXEC), ret;

	if (fd < 0)
		return 1;	/* its last process exited meanwhile */
	ret = setns(fd, CLONE_NEWNET);
	if (ret && (errno == EPERM || errno == EACCES))
		(*denied)++;
	close(fd);
	return ret ? 1 : 0;
}

static int each_all(struct tcpd_scope *s, tcpd_ns_fn fn, void *arg, struct tcpd_err *err)
{
	size_t i;
	int home, ret = 0;
	bool moved = false;

	if (!s->all && tcpd_netns_list(&s->all, &s->nall, err))
		return -1;
	home = open_home(err);
	if (home < 0)
		return -1;
	/* The first is our own: no setns needed, none allowed without root. */
	for (i = 0; i < s->nall && !ret; i++) {
		if (i && enter(&s->all[i], &s->denied))
			continue;
		moved |= i > 0;
		ret = fn(&s->all[i], arg, err);
	}
	if (moved)
		ret = go_home(home, ret, err);
	close(home);
	return ret;
}

static int walk(struct tcpd_scope *s, tcpd_ns_fn fn, void *arg, struct tcpd_err *err)
{
	struct tcpd_netns ns = { 0 };
	int fd;

	s->denied = 0;
	if (s->all_netns)
		return each_all(s, fn, arg, err);
	if (s->netns)
		return each_named(s, fn, arg, err);
	fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	ns.inode = fd >= 0 ? tcpd_netns_inode(fd) : 0;
	if (fd >= 0)
		close(fd);
	ns.pid = getpid();
	return fn(&ns, arg, err);
}

/* Taking a snapshot: each namespace is written down as it is entered. */
struct rec_walk {
	struct tcpd_snap *snap;
	tcpd_ns_fn fn;
	void *arg;
};

static int rec_ns(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err)
{
	struct rec_walk *w = arg;

	if (snap_rec_enter(w->snap, ns, err))
		return -1;
	return w->fn(ns, w->arg, err);
}

int tcpd_scope_each(struct tcpd_scope *s, tcpd_ns_fn fn, void *arg, struct tcpd_err *err)
{
	struct rec_walk w = { s->snap, fn, arg };

	if (s->snap && snap_replaying(s->snap))
		return snap_replay_each(s, fn, arg, err);
	if (s->snap)
		return walk(s, rec_ns, &w, err);
	return walk(s, fn, arg, err);
}

void tcpd_scope_free(struct tcpd_scope *s)
{
	free(s->all);
	s->all = NULL;
	s->nall = 0;
}

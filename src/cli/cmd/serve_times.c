// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's time-in-state families: the library's state timer (the watch
 * program counting in the kernel) for serve's scope, read once per
 * collection. Without root or BPF, serve says so once on stderr and
 * exports tcpdoc_state_timer_up 0 instead (docs/metrics.md).
 */
#include <fcntl.h>
#include <unistd.h>

#include "cmd/serve.h"
#include "tcpdoc/netns.h"

/* Inside the namespace serve reads (-N or the current one): its inode. */
static int take_inode(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err)
{
	uint64_t *ino = arg;
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	(void)ns;
	(void)err;
	*ino = fd >= 0 ? tcpd_netns_inode(fd) : 0;
	if (fd >= 0)
		close(fd);
	return 0;
}

void serve_times_open(struct serve *s)
{
	struct tcpd_scope *scope = &s->cli->scope;
	struct tcpd_err err = { 0 };
	uint64_t ino = 0;

	if (!scope->all_netns && (tcpd_scope_each(scope, take_inode, &ino, &err) || !ino)) {
		cli_note(s->cli, _("no time-in-state metrics: cannot tell which namespace to trace"));
		return;
	}
	if (tcpd_state_timer_open(&s->timer, ino, 0, &err)) {
		cli_note(s->cli, _("no time-in-state metrics (%s)"), err.msg);
		s->timer = NULL;
	}
}

/* Called with the lock held: a few map lookups. */
void serve_times_read(struct serve *s)
{
	struct tcpd_err err = { 0 };

	s->st.times = NULL;
	if (!s->timer)
		return;
	/* A failed read exports tcpdoc_state_timer_up 0 until one works. */
	if (!tcpd_state_timer_read(s->timer, &s->times, &err))
		s->st.times = &s->times;
}

void serve_times_close(struct serve *s)
{
	tcpd_state_timer_close(s->timer);
	s->timer = NULL;
}

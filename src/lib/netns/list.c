// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding every network namespace: by name, and through every process. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"
#include "tcpdoc/netns.h"
#include "tcpdoc/vec.h"
#include "core/u64map.h"

struct ns_set {
	struct tcpd_netns *v;
	size_t n, cap;
	struct u64map seen;	/* inode -> index in v */
};

static struct tcpd_netns *ns_add(struct ns_set *s, uint64_t inode)
{
	uint64_t *idx = u64map_get(&s->seen, inode);

	if (idx)
		return &s->v[*idx];
	if (tcpd_vec_room(s->v, s->n, s->cap, 16))
		return NULL;
	if (u64map_put(&s->seen, inode, s->n))
		return NULL;
	s->v[s->n] = (struct tcpd_netns){ .inode = inode };
	return &s->v[s->n++];
}

/* A container id: the first run of 64 hex digits in the cgroup path. */
static void container_of(pid_t pid, char *out, size_t len)
{
	char path[32], buf[2048];
	ssize_t n;
	int fd, run = 0;
	char *p;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	for (p = buf; *p; p++) {
		bool hex = (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f');

		run = hex ? run + 1 : 0;
		if (run == 64) {
			/* Show 12 digits, as docker ps does. */
			snprintf(out, len, "%.12s", p - 63);
			return;
		}
	}
}

static int add_named(struct ns_set *s)
{
	DIR *d = opendir("/run/netns");
	struct dirent *e;
	struct stat st;
	char path[300];

	if (!d)
		return 0;	/* no named namespaces */
	while ((e = readdir(d))) {
		struct tcpd_netns *ns;

		if (e->d_name[0] == '.' || strlen(e->d_name) >= sizeof(ns->name))
			continue;
		snprintf(path, sizeof(path), "/run/netns/%s", e->d_name);
		if (stat(path, &st))
			continue;	/* a stale name with nothing mounted */
		ns = ns_add(s, st.st_ino);
		if (!ns) {
			closedir(d);
			return -1;
		}
		snprintf(ns->name, sizeof(ns->name), "%.63s", e->d_name);
		snprintf(ns->path, sizeof(ns->path), "/run/netns/%.63s", e->d_name);
	}
	closedir(d);
	return 0;
}

static int add_process(struct ns_set *s, pid_t pid)
{
	char path[64];
	struct stat st;
	struct tcpd_netns *ns;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	if (stat(path, &st))
		return 0;	/* gone, or a kernel thread we may not look at */
	ns = ns_add(s, st.st_ino);
	if (!ns)
		return -1;
	if (ns->pid)
		return 0;
	ns->pid = pid;
	container_of(pid, ns->container, sizeof(ns->container));
	if (!ns->path[0])
		snprintf(ns->path, sizeof(ns->path), "%s", path);
	return 0;
}

static int add_processes(struct ns_set *s)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int ret = 0;

	if (!d)
		return -1;
	while (!ret && (e = readdir(d))) {
		long pid;

		if (tcpd_whole_parse(e->d_name, 1, LONG_MAX, &pid))
			continue;
		ret = add_process(s, (pid_t)pid);
	}
	closedir(d);
	return ret;
}

/* Named ones by name, then the rest by inode. */
static int cmp_ns(const void *a, const void *b)
{
	const struct tcpd_netns *x = a, *y = b;

	if (!x->name[0] != !y->name[0])
		return x->name[0] ? -1 : 1;
	if (x->name[0])
		return strcmp(x->name, y->name);
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

int tcpd_netns_list(struct tcpd_netns **out, size_t *n, struct tcpd_err *err)
{
	struct ns_set s = { 0 };

	if (u64map_init(&s.seen, 64))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	/* Our own first, so it leads the output. */
	if (add_process(&s, getpid()) || add_named(&s) || add_processes(&s)) {
		u64map_free(&s.seen);
		free(s.v);
		return tcpd_fail_errno(err, errno ? errno : ENOMEM,
				       _("cannot list network namespaces"));
	}
	u64map_free(&s.seen);
	if (s.n > 1)
		qsort(s.v + 1, s.n - 1, sizeof(*s.v), cmp_ns);
	*out = s.v;
	*n = s.n;
	return 0;
}

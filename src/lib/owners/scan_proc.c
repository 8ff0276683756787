// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Owners from /proc: every /proc/PID/fd entry whose link reads
 * "socket:[INODE]". Directories are read with getdents64 into one buffer:
 * readdir()'s per-entry overhead and stdio show up at a million fds.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"
#include "owners/owners_int.h"

#define DENTS_BUF (64 * 1024)

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

/* Call @fn on each numeric entry of directory @dfd. */
static int each_number(int dfd, char *buf, int (*fn)(long n, void *arg), void *arg)
{
	for (;;) {
		long n = syscall(SYS_getdents64, dfd, buf, DENTS_BUF), off;

		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		for (off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			long v;

			off += d->d_reclen;
			if (d->d_name[0] < '0' || d->d_name[0] > '9' ||
			    tcpd_whole_parse(d->d_name, 0, LONG_MAX, &v))
				continue;
			if (fn(v, arg))
				return -1;
		}
	}
}

/* "socket:[12345]" -> 12345; 0 for anything else. */
static uint64_t socket_inode(const char *link)
{
	uint64_t v = 0;

	if (strncmp(link, "socket:[", 8))
		return 0;
	for (link += 8; *link >= '0' && *link <= '9'; link++)
		v = v * 10 + (uint64_t)(*link - '0');
	return *link == ']' ? v : 0;
}

struct pid_scan {
	struct tcpd_owners *o;
	int fddir;
	pid_t pid;
	char comm[16];
	bool have_comm;
	bool nomem;
};

static void read_comm(struct pid_scan *ps)
{
	char path[32];
	ssize_t n;
	int fd;

	ps->have_comm = true;
	snprintf(path, sizeof(path), "/proc/%d/comm", ps->pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd >= 0 ? read(fd, ps->comm, sizeof(ps->comm) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		n = 0;
	ps->comm[n] = '\0';
	if (n && ps->comm[n - 1] == '\n')
		ps->comm[n - 1] = '\0';
}

static int on_fd(long fd, void *arg)
{
	struct pid_scan *ps = arg;
	char name[24], link[64];
	uint64_t inode;
	ssize_t n;

	snprintf(name, sizeof(name), "%ld", fd);
	n = readlinkat(ps->fddir, name, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;	/* closed meanwhile */
	link[n] = '\0';
	inode = socket_inode(link);
	if (!inode || !owners_wants(ps->o, inode))
		return 0;
	if (!ps->have_comm)
		read_comm(ps);
	if (owners_add(ps->o, inode, ps->pid, (int)fd, ps->comm)) {
		ps->nomem = true;
		return -1;
	}
	return 0;
}

struct proc_scan {
	struct tcpd_owners *o;
	char *fdbuf;
	bool nomem;
};

static int on_pid(long pid, void *arg)
{
	struct proc_scan *sc = arg;
	struct pid_scan ps = { .o = sc->o, .pid = (pid_t)pid };
	char path[32];

	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	ps.fddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ps.fddir < 0) {
		/* Gone meanwhile is normal; denied is what non-root sees. */
		if (errno == EACCES || errno == EPERM)
			sc->o->hidden++;
		return 0;
	}
	each_number(ps.fddir, sc->fdbuf, on_fd, &ps);
	close(ps.fddir);
	if (ps.nomem) {
		sc->nomem = true;
		return -1;
	}
	return 0;
}

int owners_scan_proc(struct tcpd_owners *o, struct tcpd_err *err)
{
	struct proc_scan sc = { .o = o };
	char *pidbuf;
	int dfd, ret = -1;

	dfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return tcpd_fail_errno(err, errno, _("cannot open /proc"));
	pidbuf = malloc(DENTS_BUF);
	sc.fdbuf = malloc(DENTS_BUF);
	if (!pidbuf || !sc.fdbuf) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		goto out;
	}
	ret = each_number(dfd, pidbuf, on_pid, &sc);
	if (ret && sc.nomem)
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	else if (ret)
		tcpd_fail_errno(err, errno, _("cannot read /proc"));
out:
	free(pidbuf);
	free(sc.fdbuf);
	close(dfd);
	return ret;
}

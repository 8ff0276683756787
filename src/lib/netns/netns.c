// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"
#include "tcpdoc/netns.h"

static int spec_path(const char *spec, char *path, size_t len, struct tcpd_err *err)
{
	long pid;

	if (!*spec)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("empty namespace: expected a name under /run/netns, a path, or pid:PID"));
	if (!strncmp(spec, "pid:", 4)) {
		if (tcpd_whole_parse(spec + 4, 1, LONG_MAX, &pid))
			return tcpd_fail(err, TCPD_E_USAGE,
					 _("bad namespace '%s': expected pid:PID with a process id"), spec);
		snprintf(path, len, "/proc/%ld/ns/net", pid);
	} else if (strchr(spec, '/')) {
		snprintf(path, len, "%s", spec);
	} else {
		snprintf(path, len, "/run/netns/%s", spec);
	}
	return 0;
}

int tcpd_netns_open(const char *spec, struct tcpd_err *err)
{
	char path[4096];
	int fd;

	if (spec_path(spec, path, sizeof(path), err))
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (errno == ENOENT)
		return tcpd_fail(err, TCPD_E_NOENT,
				 _("network namespace '%s' does not exist (no %s)"), spec, path);
	if (errno == EACCES || errno == EPERM)
		return tcpd_fail(err, TCPD_E_PERM,
				 _("cannot open network namespace '%s' (%s): permission denied; run as root"),
				 spec, path);
	return tcpd_fail_errno(err, errno, _("cannot open network namespace '%s' (%s)"),
			       spec, path);
}

int tcpd_netns_enter(int fd, const char *spec, struct tcpd_err *err)
{
	if (!setns(fd, CLONE_NEWNET))
		return 0;
	if (errno == EPERM)
		return tcpd_fail(err, TCPD_E_PERM,
				 _("entering network namespace '%s' needs CAP_SYS_ADMIN; run as root"),
				 spec);
	if (errno == EINVAL)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("'%s' is not a network namespace"), spec);
	return tcpd_fail_errno(err, errno, _("cannot enter network namespace '%s'"), spec);
}

uint64_t tcpd_netns_inode(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return 0;
	return (uint64_t)st.st_ino;
}

const char *tcpd_netns_label(const struct tcpd_netns *ns, char *buf, size_t len)
{
	if (ns->name[0])
		snprintf(buf, len, "%s", ns->name);
	else if (ns->container[0])
		snprintf(buf, len, "container:%s", ns->container);
	else
		snprintf(buf, len, "net:[%llu]", (unsigned long long)ns->inode);
	return buf;
}

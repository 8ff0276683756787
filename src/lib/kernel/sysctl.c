// SPDX-License-Identifier: GPL-2.0-or-later
/* Sysctls under /proc/sys, read as text for the reference and the doctor. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/sysctl.h"

int tcpd_sysctl_path(const char *name, char *path, size_t len)
{
	size_t n = strlen("/proc/sys/");
	char *p;

	if (snprintf(path, len, "/proc/sys/%s", name) >= (int)len)
		return -1;
	if (!strchr(name, '/'))
		for (p = path + n; *p; p++)
			if (*p == '.')
				*p = '/';
	return strstr(path, "..") ? -1 : 0;
}

int tcpd_sysctl_dotted(const char *path, char *name, size_t len)
{
	const char *root = "/proc/sys/";
	char *p;

	if (!strncmp(path, root, strlen(root)))
		path += strlen(root);
	if (snprintf(name, len, "%s", path) >= (int)len)
		return -1;
	for (p = name; *p; p++)
		if (*p == '/')
			*p = '.';
	return 0;
}

/* Fold blanks to single spaces and trim both ends, in place. */
static void fold_blanks(char *s)
{
	char *r = s, *w = s;
	int blank = 1;

	for (; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n') {
			blank = 1;
			continue;
		}
		if (blank && w != s)
			*w++ = ' ';
		blank = 0;
		*w++ = *r;
	}
	*w = '\0';
}

int tcpd_sysctl_read(const char *name, char *buf, size_t len, struct tcpd_err *err)
{
	char path[256];
	ssize_t n;
	int fd, e;

	if (!len || tcpd_sysctl_path(name, path, sizeof(path)))
		return tcpd_fail(err, TCPD_E_USAGE, _("bad sysctl name '%s'"), tcpd_q(name));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		if (e == ENOENT)
			return tcpd_fail(err, TCPD_E_NOENT,
					 _("%s does not exist on this kernel"), path);
		return tcpd_fail_errno(err, e, _("cannot open %s"), path);
	}
	n = read(fd, buf, len - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return tcpd_fail_errno(err, e, _("cannot read %s"), path);
	buf[n] = '\0';
	fold_blanks(buf);
	return 0;
}

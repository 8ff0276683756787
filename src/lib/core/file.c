// SPDX-License-Identifier: GPL-2.0-or-later
/* Small files read whole, with one policy: tcpdoc/file.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "tcpdoc/file.h"
#include "tcpdoc/i18n.h"

/* /dev/null stands for "no file" where allowed (tests and scripts use it). */
static bool is_dev_null(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
}

static int refuse(const char *path, const struct stat *st, unsigned int flags,
		  struct tcpd_err *err)
{
	if (!S_ISREG(st->st_mode) && !((flags & TCPD_FILE_NULL_OK) && is_dev_null(st)))
		return tcpd_fail(err, TCPD_E_INPUT, _("cannot read %s: not a regular file"),
				 tcpd_q(path));
	if (st->st_size > TCPD_FILE_MAX)
		return tcpd_fail(err, TCPD_E_INPUT,
				 _("cannot read %s: %lld bytes is too big for a config file (at most %d)"),
				 tcpd_q(path), (long long)st->st_size, TCPD_FILE_MAX);
	return 0;
}

/* Up to TCPD_FILE_MAX bytes of @fd, and one more to see a file that grew. */
static int read_all(int fd, const char *path, char *b, size_t *got, struct tcpd_err *err)
{
	ssize_t n = 0;

	*got = 0;
	while (*got <= TCPD_FILE_MAX &&
	       (n = read(fd, b + *got, TCPD_FILE_MAX + 1 - *got)) > 0)
		*got += (size_t)n;
	if (n < 0)
		return tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(path));
	if (*got > TCPD_FILE_MAX)
		return tcpd_fail(err, TCPD_E_INPUT,
				 _("cannot read %s: too big for a config file (at most %d bytes)"),
				 tcpd_q(path), TCPD_FILE_MAX);
	b[*got] = '\0';
	return 0;
}

int tcpd_file_read(const char *path, unsigned int flags, char **buf, size_t *len,
		   struct tcpd_err *err)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	char *b = NULL;

	if (fd < 0 && errno == ENOENT && (flags & TCPD_FILE_MISSING_OK))
		return 1;
	if (fd < 0)
		return tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(path));
	if (fstat(fd, &st)) {
		tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(path));
		goto fail;
	}
	if (refuse(path, &st, flags, err))
		goto fail;
	b = malloc(TCPD_FILE_MAX + 2);
	if (!b) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		goto fail;
	}
	if (read_all(fd, path, b, len, err))
		goto fail;
	close(fd);
	*buf = b;
	return 0;
fail:
	free(b);
	close(fd);
	return -1;
}

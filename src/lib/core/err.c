// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tcpdoc/err.h"

static int vfail(struct tcpd_err *err, enum tcpd_err_kind kind,
		 const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->kind = kind;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	return -1;
}

int tcpd_fail(struct tcpd_err *err, enum tcpd_err_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, kind, fmt, ap);
	va_end(ap);
	return -1;
}

enum tcpd_err_kind tcpd_errno_kind(int errnum)
{
	switch (errnum) {
	case EPERM:
	case EACCES:
		return TCPD_E_PERM;
	case ENOENT:
	case ESRCH:
		return TCPD_E_NOENT;
	case ENOMEM:
		return TCPD_E_NOMEM;
	default:
		return TCPD_E_IO;
	}
}

int tcpd_fail_errno(struct tcpd_err *err, int errnum, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vfail(err, tcpd_errno_kind(errnum), fmt, ap);
	va_end(ap);
	if (!err)
		return -1;
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof(err->msg) - len, ": %s", strerror(errnum));
	return -1;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_FILE_H
#define TCPD_FILE_H

#include <stddef.h>

#include "tcpdoc/err.h"

/* A config file or a certificate is a few lines: anything bigger is not one. */
#define TCPD_FILE_MAX (64 * 1024)

enum tcpd_file_flags {
	TCPD_FILE_NULL_OK = 1u << 0,	/* /dev/null reads as empty */
	TCPD_FILE_MISSING_OK = 1u << 1,	/* a missing file: 1, nothing read */
};

/*
 * A small file read whole: only a regular file of at most TCPD_FILE_MAX
 * bytes (a file that grows while read is refused too), opened O_NONBLOCK so
 * that a FIFO is refused rather than waited on (/dev/zero never ends).
 * *@buf is NUL-terminated and the caller's to free. 0; 1 for a missing
 * file with TCPD_FILE_MISSING_OK; -1 with @err filled.
 */
int tcpd_file_read(const char *path, unsigned int flags, char **buf, size_t *len,
		   struct tcpd_err *err);

#endif

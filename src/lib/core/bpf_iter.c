// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a BPF iterator: one read() returns what the kernel's seq_file
 * buffer (32 KiB) holds. Records come whole unless our buffer is smaller
 * than that; a cut one is carried over to the next read all the same.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/bpf_iter.h"
#include "tcpdoc/i18n.h"

#define ITER_CHUNK (64 * 1024)

#if TCPD_HAVE_BPF
int tcpd_bpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}
#endif

/* Hand over the whole records in @buf; the cut tail moves to its start. */
static int drain(char *buf, size_t *have, size_t recsize, tcpd_iter_take take,
		 void *arg, struct tcpd_err *err)
{
	size_t n = *have / recsize, used = n * recsize;
	int ret = n ? take(buf, n, arg, err) : 0;

	memmove(buf, buf + used, *have - used);
	*have -= used;
	return ret;
}

int tcpd_bpf_iter_read(int fd, size_t recsize, tcpd_iter_take take, void *arg,
		       const char *failed, struct tcpd_err *err)
{
	size_t size = ITER_CHUNK / recsize * recsize + recsize, have = 0;
	char *buf = malloc(size);
	ssize_t n;
	int ret = 0;

	if (!buf)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	while (!ret && (n = read(fd, buf + have, size - have)) != 0) {
		/* EAGAIN: a million objects passed without a record; go on. */
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			ret = tcpd_fail_errno(err, errno, "%s", failed);
			break;
		}
		have += (size_t)n;
		ret = drain(buf, &have, recsize, take, arg, err);
	}
	free(buf);
	return ret < 0 ? -1 : 0;
}

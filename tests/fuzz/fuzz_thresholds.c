// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness (libFuzzer's interface; AFL++ runs it too, through its
 * driver): the input is a thresholds config file (/etc/tcpdoc.conf, or
 * --config FILE), read by the library's own loader from a memory file.
 * Either every value it sets is a whole number >= 0, or it fails with one
 * line naming the file. Built and run by tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tcpdoc/thresholds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tcpd_thresholds t;
	struct tcpd_err err = { 0 };
	char path[64];
	int fd, i, ret;

	fd = memfd_create("tcpdoc.conf", MFD_CLOEXEC);
	if (fd < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	tcpd_thresholds_init(&t);
	ret = tcpd_thresholds_load(&t, path, 1, &err);
	close(fd);
	if (ret) {
		if (!err.msg[0] || strchr(err.msg, '\n') || !strstr(err.msg, path))
			abort();
		return 0;
	}
	for (i = 0; i < TCPD_T_MAX; i++)
		if (t.v[i] < 0)
			abort();
	return 0;
}

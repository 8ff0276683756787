// SPDX-License-Identifier: GPL-2.0-or-later
/* /proc/net/sockstat, read by the doctor (kernel.c) and the source picker. */
#include <errno.h>

#include "kernel/sockstat.h"

int tcpd_sockstat_parse(FILE *f, struct tcpd_sockstat *s)
{
	unsigned long long inuse, orphan, tw, alloc, mem;
	char line[256];
	int ret = -1;

	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TCP: inuse %llu orphan %llu tw %llu alloc %llu mem %llu",
			   &inuse, &orphan, &tw, &alloc, &mem) == 5) {
			*s = (struct tcpd_sockstat){ inuse, orphan, tw, alloc, mem };
			ret = 0;
		}
	return ret;
}

int tcpd_sockstat_read(struct tcpd_sockstat *s)
{
	FILE *f = fopen("/proc/net/sockstat", "re");
	int ret;

	if (!f)
		return -1;
	ret = tcpd_sockstat_parse(f, s);
	fclose(f);
	if (ret)
		errno = EINVAL;
	return ret;
}

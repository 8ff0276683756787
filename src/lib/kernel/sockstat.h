/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_KERNEL_SOCKSTAT_H
#define TCPD_KERNEL_SOCKSTAT_H

#include <stdint.h>
#include <stdio.h>

/* The "TCP:" line of /proc/net/sockstat: current numbers, not cumulative. */
struct tcpd_sockstat {
	uint64_t inuse, orphan, tw, alloc, mem_pages;
};

/* Find and parse the "TCP:" line in @f. 0, or -1 when it has none. */
int tcpd_sockstat_parse(FILE *f, struct tcpd_sockstat *s);

/*
 * /proc/net/sockstat of the calling thread's network namespace. 0, or -1
 * with errno set (EINVAL: no "TCP:" line).
 */
int tcpd_sockstat_read(struct tcpd_sockstat *s);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_KERNEL_INT_H
#define TCPD_KERNEL_INT_H

#include <stdio.h>

#include "tcpdoc/kernel.h"

/*
 * The parsers behind tcpd_kernel_read(), over an open stream so tests can
 * feed their own text. Neither clears @k first.
 */

/* /proc/net/netstat or /proc/net/snmp: "Sect: names" / "Sect: values" pairs. */
void tcpd_counters_parse(struct tcpd_kernel *k, FILE *f);

/* /proc/net/sockstat: the numbers of its "TCP:" line. */
void tcpd_sockstat_parse(struct tcpd_kernel *k, FILE *f);

/*
 * The same from the calling thread's namespace: the doctor's read and the
 * source picker's table size. has_sockstat says whether it could.
 */
void tcpd_sockstat_read(struct tcpd_kernel *k);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SYSCTL_H
#define TCPD_SYSCTL_H

#include <stddef.h>

#include "tcpdoc/err.h"

/*
 * Read one sysctl of the current network namespace. @name is a path under
 * /proc/sys ("net/ipv4/tcp_tw_reuse") or the dotted form
 * ("net.ipv4.tcp_tw_reuse"). The value lands in @buf with runs of blanks
 * folded to one space and no trailing newline ("32768 60999").
 * Returns 0, or -1 with @err: TCPD_E_NOENT when this kernel has no such
 * setting, TCPD_E_PERM or TCPD_E_IO when it could not be read.
 */
int tcpd_sysctl_read(const char *name, char *buf, size_t len, struct tcpd_err *err);

/*
 * A sysctl's file: "net.ipv4.tcp_tw_reuse" (or the path form
 * "net/ipv4/tcp_tw_reuse") -> "/proc/sys/net/ipv4/tcp_tw_reuse". Returns
 * 0, or -1 when it does not fit in @len or would leave /proc/sys ("..").
 */
int tcpd_sysctl_path(const char *name, char *path, size_t len);

/*
 * The reverse, the name sysctl(8) uses: "net/ipv4/tcp_tw_reuse" or
 * "/proc/sys/net/ipv4/tcp_tw_reuse" -> "net.ipv4.tcp_tw_reuse". Returns
 * 0, or -1 when it does not fit in @len.
 */
int tcpd_sysctl_dotted(const char *path, char *name, size_t len);

#endif

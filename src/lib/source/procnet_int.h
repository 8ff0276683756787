/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PROCNET_INT_H
#define TCPD_PROCNET_INT_H

#include "tcpdoc/sock.h"

/*
 * The /proc/net/tcp parser over any file descriptor: what
 * tcpd_procnet_dump() runs on /proc/net/tcp and tcp6, reachable by tests
 * that feed their own text. @family says which of the two the text is
 * (AF_INET or AF_INET6). Returns 0 at the end of the text, 1 when @cb
 * stopped the walk, -1 on a malformed line or a failed read or callback.
 */
int tcpd_procnet_read(int fd, int family, struct tcpd_query *q,
		      tcpd_sock_cb cb, void *arg, struct tcpd_err *err);

#endif

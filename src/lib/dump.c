// SPDX-License-Identifier: GPL-2.0-or-later
#include "sock.h"

int tcpd_dump(enum tcpd_source src, struct tcpd_query *q, tcpd_sock_cb cb,
	      void *arg, struct tcpd_err *err)
{
	if (src == TCPD_SRC_PROC)
		return tcpd_procnet_dump(q, cb, arg, err);
	return tcpd_diag_dump(q, cb, arg, err);
}

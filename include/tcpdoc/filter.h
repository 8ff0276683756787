/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_FILTER_H
#define TCPD_FILTER_H

#include <stdbool.h>
#include <stdint.h>

#include "tcpdoc/addr.h"
#include "tcpdoc/sock.h"

/*
 * What the user asked to see. States and family go to the kernel in the
 * dump request; the rest is matched here, per record.
 */
struct tcpd_filter {
	uint32_t states;		/* 0: all */
	int family;			/* 0, AF_INET, AF_INET6 */
	int sport, dport, port;		/* -1: any */
	bool has_src, has_dst;
	struct tcpd_prefix src, dst;
};

void tcpd_filter_init(struct tcpd_filter *f);

/* The part of @f the kernel can apply. */
void tcpd_filter_query(const struct tcpd_filter *f, struct tcpd_query *q);

bool tcpd_filter_match(const struct tcpd_filter *f, const struct tcpd_sock *s);

#endif

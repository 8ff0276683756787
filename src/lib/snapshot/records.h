/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SNAP_RECORDS_H
#define TCPD_SNAP_RECORDS_H

/* What a snapshot holds, one item at a time (records.c). */
#include "tcpdoc/connects.h"
#include "tcpdoc/kernel.h"
#include "tcpdoc/netns.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/sock.h"
#include "snapshot/format.h"

/* @ifname: the name of s->ifindex in its namespace, or NULL. */
void snap_wr_sock(struct snap_buf *b, const struct tcpd_sock *s, const char *ifname);
/* 0, or -1 (c->bad) for a record no source could have made. @ifname: TCPD_IFNAMELEN. */
int snap_rd_sock(struct snap_cur *c, struct tcpd_sock *s, char *ifname);

void snap_wr_kernel(struct snap_buf *b, const struct tcpd_kernel *k);
int snap_rd_kernel(struct snap_cur *c, struct tcpd_kernel *k);

void snap_wr_netns(struct snap_buf *b, const struct tcpd_netns *ns);
int snap_rd_netns(struct snap_cur *c, struct tcpd_netns *ns);

void snap_wr_owner(struct snap_buf *b, uint64_t inode, const struct tcpd_owner *o);
int snap_rd_owner(struct snap_cur *c, uint64_t *inode, struct tcpd_owner *o);

/* The connect() trace (events.c). Reading: 0, -1 when corrupt, -2 out of memory. */
void snap_wr_connects(struct snap_buf *b, const struct tcpd_connects *c);
int snap_rd_connects(struct snap_cur *c, struct tcpd_connects *out);

#endif

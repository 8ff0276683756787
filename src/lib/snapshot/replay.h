/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SNAP_REPLAY_H
#define TCPD_SNAP_REPLAY_H

/*
 * A scope with a snapshot reads through these (netns/scope_read.c): while
 * taking one, the host's readings are recorded as they pass (record.c);
 * when reading one, they come from the file (replay.c).
 */
#include "tcpdoc/connects.h"
#include "tcpdoc/kernel.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/scope.h"

bool snap_replaying(const struct tcpd_snap *s);
/* Every socket's owners, as scanned when the snapshot was taken. */
const struct tcpd_owners *snap_owners(const struct tcpd_snap *s);

/* Recording: @ns is entered (its NETNS section the first time). */
int snap_rec_enter(struct tcpd_snap *s, const struct tcpd_netns *ns, struct tcpd_err *err);
int snap_rec_dump(struct tcpd_snap *s, enum tcpd_source src, struct tcpd_query *q,
		  tcpd_sock_cb cb, void *arg, struct tcpd_err *err);
int snap_rec_read(struct tcpd_snap *s, const struct tcpd_kernel *k, struct tcpd_err *err);

/* Replaying. */
int snap_replay_each(struct tcpd_scope *sc, tcpd_ns_fn fn, void *arg, struct tcpd_err *err);
int snap_replay_dump(struct tcpd_snap *s, struct tcpd_query *q, tcpd_sock_cb cb,
		     void *arg, struct tcpd_err *err);
void snap_replay_read(struct tcpd_snap *s, struct tcpd_kernel *k);
void snap_replay_start(struct tcpd_snap *s);
/* The connect() calls the run watched, copied into @out; -1: out of memory. */
int snap_replay_connects(const struct tcpd_snap *s, struct tcpd_connects *out);

/* What a look that lacked @lacks lacks of what @q asks for. */
uint32_t snap_lacks_for(uint32_t lacks, const struct tcpd_query *q);
/* Would a live dump for @q have streamed @s (state and family)? */
bool snap_query_match(const struct tcpd_query *q, const struct tcpd_sock *s);

#endif

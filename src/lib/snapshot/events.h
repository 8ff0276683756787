/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SNAP_EVENTS_H
#define TCPD_SNAP_EVENTS_H

/* The EVENTS section: the doctor's connect() trace (events.c). */
#include "tcpdoc/connects.h"
#include "snapshot/format.h"

void snap_wr_events(struct snap_buf *b, const struct tcpd_connects *c);
/*
 * Read one into @out (freed on failure): 0; -1 (bad: a state, length,
 * count or row no trace makes); -2 out of memory.
 */
int snap_rd_events(struct snap_cur *c, struct tcpd_connects *out);
/* A deep copy of @from into @to: 0, or -1 out of memory. */
int snap_connects_copy(const struct tcpd_connects *from, struct tcpd_connects *to);

#endif

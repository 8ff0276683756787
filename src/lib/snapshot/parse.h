/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SNAP_PARSE_H
#define TCPD_SNAP_PARSE_H

#include "snapshot/snap_int.h"

/*
 * Check and index s->data (s->len bytes of sections): 0, or -1 with one
 * line naming @name and what is wrong.
 */
int snap_parse(struct tcpd_snap *s, const char *name, struct tcpd_err *err);

#endif

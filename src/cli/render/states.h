/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RENDER_STATES_H
#define TCPD_RENDER_STATES_H

#include "render/json.h"
#include "tcpdoc/summary.h"

/* "states": {"ESTABLISHED": n, ...}: all eleven, zeros included. */
void json_states(struct json *j, const char *key, const struct tcpd_counts *c);

/* The eleven user-visible states in the order tables show them. */
extern const int tcpd_state_order[TCPD_NSTATES];

#endif

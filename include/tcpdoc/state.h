/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_STATE_H
#define TCPD_STATE_H

#include <stdint.h>

/* The kernel's numbering (include/net/tcp_states.h), so records need no mapping. */
enum tcpd_state {
	TCPD_ESTABLISHED = 1,
	TCPD_SYN_SENT,
	TCPD_SYN_RECV,
	TCPD_FIN_WAIT1,
	TCPD_FIN_WAIT2,
	TCPD_TIME_WAIT,
	TCPD_CLOSE,
	TCPD_CLOSE_WAIT,
	TCPD_LAST_ACK,
	TCPD_LISTEN,
	TCPD_CLOSING,
	TCPD_NEW_SYN_RECV,	/* request sockets; reported to users as SYN_RECV */
	TCPD_STATE_MAX,
};

#define TCPD_NSTATES 11		/* the eleven states users see */
#define TCPD_STATE_BIT(s) (1u << (s))
#define TCPD_STATES_ALL 0x0ffeu	/* bits 1..11 */

/* The kernel's name ("CLOSE_WAIT"); "UNKNOWN" out of range. */
const char *tcpd_state_name(int state);

/* The RFC 9293 name ("CLOSE-WAIT", "SYN-RECEIVED", "CLOSED"). */
const char *tcpd_state_rfc_name(int state);

/*
 * Parse one state or group name in any common spelling, case-insensitive:
 * "close-wait", "CLOSE_WAIT", "estab", "fin-wait-1", "SYN_RECEIVED", and
 * the ss groups "all", "connected", "synchronized", "bucket", "big".
 * Returns a mask of TCPD_STATE_BIT()s, 0 if the name is unknown.
 */
uint32_t tcpd_state_parse(const char *name);

/*
 * Parse exactly one state, in any spelling tcpd_state_parse takes (a group
 * that names several is not one), or "total" in any case. Returns the
 * state, TCPD_STATE_TOTAL for "total", -1 otherwise. For thresholds on one
 * count, such as check's --warn STATE=RANGE.
 */
#define TCPD_STATE_TOTAL 0
int tcpd_state_parse_one(const char *name);

/* Parse a comma-separated list of names; 0 if any is unknown (*bad names it). */
uint32_t tcpd_state_parse_list(const char *list, const char **bad, int *badlen);

/* Fold NEW_SYN_RECV into SYN_RECV; anything out of range becomes 0. */
static inline int tcpd_state_user(int state)
{
	if (state == TCPD_NEW_SYN_RECV)
		return TCPD_SYN_RECV;
	return state > 0 && state < TCPD_NEW_SYN_RECV ? state : 0;
}

#endif

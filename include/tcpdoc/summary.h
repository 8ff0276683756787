/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SUMMARY_H
#define TCPD_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "tcpdoc/sock.h"
#include "tcpdoc/state.h"

/* Sockets per state, NEW_SYN_RECV folded into SYN_RECV. */
struct tcpd_counts {
	uint64_t total;
	uint64_t state[TCPD_STATE_MAX];
};

static inline void tcpd_counts_add(struct tcpd_counts *c, int state)
{
	c->total++;
	c->state[state < TCPD_STATE_MAX ? state : 0]++;
}

/* What a group is keyed by. */
enum tcpd_group_by {
	TCPD_BY_PORT,		/* local port */
	TCPD_BY_DPORT,		/* remote port */
	TCPD_BY_PEER,		/* remote address */
	TCPD_BY_PROCESS,	/* owning pid */
	TCPD_BY_NETNS,		/* network namespace */
};

/* Parse "port", "dport", "peer", "process", "netns"; -1 if unknown. */
int tcpd_group_by_parse(const char *s);
const char *tcpd_group_by_name(int by);

/* A key is opaque bytes; the helpers below build one per kind. */
struct tcpd_group_key {
	uint8_t b[24];
};

struct tcpd_group {
	struct tcpd_group_key key;
	struct tcpd_counts counts;
	const void *data;	/* the caller's, e.g. the netns record */
};

struct tcpd_groups;

struct tcpd_groups *tcpd_groups_new(void);
void tcpd_groups_free(struct tcpd_groups *g);

/* Count @state under @key; NULL when out of memory. */
struct tcpd_group *tcpd_groups_add(struct tcpd_groups *g,
				   const struct tcpd_group_key *key, int state);

size_t tcpd_groups_len(const struct tcpd_groups *g);

/*
 * The @n largest groups by the count in @state (0: by total), ties broken
 * by key so output is stable. Fills @out (room for @n); returns how many.
 */
size_t tcpd_groups_top(const struct tcpd_groups *g, int state,
		       const struct tcpd_group **out, size_t n);

/* Keys of each kind. */
void tcpd_key_port(struct tcpd_group_key *k, uint16_t port);
void tcpd_key_addr(struct tcpd_group_key *k, const struct tcpd_addr *a);
void tcpd_key_u64(struct tcpd_group_key *k, uint64_t v);

/* Read the keys back. */
uint16_t tcpd_key_get_port(const struct tcpd_group_key *k);
void tcpd_key_get_addr(const struct tcpd_group_key *k, struct tcpd_addr *a);
uint64_t tcpd_key_get_u64(const struct tcpd_group_key *k);

#endif

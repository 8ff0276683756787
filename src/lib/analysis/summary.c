// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Aggregation: groups in the library's hash table, each with its
 * per-state counts, and a top-N selection over it. Memory grows with the
 * number of distinct keys, never with the number of sockets.
 */
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/summary.h"
#include "core/htab.h"

struct tcpd_groups {
	struct tcpd_htab t;
};

static const char *const group_names[] = {
	[TCPD_BY_PORT] = "port",
	[TCPD_BY_DPORT] = "dport",
	[TCPD_BY_PEER] = "peer",
	[TCPD_BY_PROCESS] = "process",
	[TCPD_BY_NETNS] = "netns",
};

int tcpd_group_by_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(group_names) / sizeof(group_names[0]); i++)
		if (!strcmp(s, group_names[i]))
			return (int)i;
	return -1;
}

const char *tcpd_group_by_name(int by)
{
	if (by < 0 || by >= (int)(sizeof(group_names) / sizeof(group_names[0])))
		return "?";
	return group_names[by];
}

struct tcpd_groups *tcpd_groups_new(void)
{
	struct tcpd_groups *g = calloc(1, sizeof(*g));

	if (g && tcpd_htab_init(&g->t, sizeof(struct tcpd_group), 48)) {
		free(g);
		return NULL;
	}
	return g;
}

void tcpd_groups_free(struct tcpd_groups *g)
{
	if (!g)
		return;
	tcpd_htab_free(&g->t);
	free(g);
}

static bool key_is(const void *e, const void *key)
{
	return !memcmp(&((const struct tcpd_group *)e)->key, key, sizeof(struct tcpd_group_key));
}

struct tcpd_group *tcpd_groups_add(struct tcpd_groups *g,
				   const struct tcpd_group_key *key, int state)
{
	uint32_t h = tcpd_hash_bytes(key, sizeof(*key));
	struct tcpd_group *x = tcpd_htab_find(&g->t, h, key_is, key);

	if (!x) {
		x = tcpd_htab_add(&g->t, h);
		if (!x)
			return NULL;
		x->key = *key;
	}
	tcpd_counts_add(&x->counts, state);
	return x;
}

size_t tcpd_groups_len(const struct tcpd_groups *g)
{
	return g->t.len;
}

static uint64_t weight(const struct tcpd_group *x, int state)
{
	return state ? x->counts.state[state] : x->counts.total;
}

/* Is @a ranked before @b? */
static int ranks_before(const struct tcpd_group *a, const struct tcpd_group *b,
			int state)
{
	uint64_t wa = weight(a, state), wb = weight(b, state);

	if (wa != wb)
		return wa > wb;
	return memcmp(&a->key, &b->key, sizeof(a->key)) < 0;
}

/* Insertion into a short sorted array: n is small (a screenful). */
size_t tcpd_groups_top(const struct tcpd_groups *g, int state,
		       const struct tcpd_group **out, size_t n)
{
	size_t i, len = 0;

	for (i = 0; i < g->t.cap && n; i++) {
		const struct tcpd_group *x = tcpd_htab_at(&g->t, i);
		size_t j;

		if (!x || (state && !x->counts.state[state]))
			continue;
		if (len == n && !ranks_before(x, out[n - 1], state))
			continue;
		j = len < n ? len++ : n - 1;
		while (j > 0 && ranks_before(x, out[j - 1], state)) {
			out[j] = out[j - 1];
			j--;
		}
		out[j] = x;
	}
	return len;
}

void tcpd_key_port(struct tcpd_group_key *k, uint16_t port)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->b, &port, sizeof(port));
}

void tcpd_key_addr(struct tcpd_group_key *k, const struct tcpd_addr *a)
{
	memset(k, 0, sizeof(*k));
	k->b[0] = a->family;
	memcpy(k->b + 1, a->b, sizeof(a->b));
}

void tcpd_key_u64(struct tcpd_group_key *k, uint64_t v)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->b, &v, sizeof(v));
}

uint16_t tcpd_key_get_port(const struct tcpd_group_key *k)
{
	uint16_t port;

	memcpy(&port, k->b, sizeof(port));
	return port;
}

void tcpd_key_get_addr(const struct tcpd_group_key *k, struct tcpd_addr *a)
{
	a->family = k->b[0];
	memcpy(a->b, k->b + 1, sizeof(a->b));
}

uint64_t tcpd_key_get_u64(const struct tcpd_group_key *k)
{
	uint64_t v;

	memcpy(&v, k->b, sizeof(v));
	return v;
}

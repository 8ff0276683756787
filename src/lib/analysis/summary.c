// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Aggregation: a small open-addressing hash table of groups, each with its
 * per-state counts, and a top-N selection over it. Memory grows with the
 * number of distinct keys, never with the number of sockets.
 */
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/summary.h"

struct tcpd_groups {
	struct tcpd_group *slots;
	uint8_t *used;
	size_t cap, len;
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

static uint64_t key_hash(const struct tcpd_group_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ull, w;
	size_t i;

	for (i = 0; i < sizeof(k->b); i += 8) {
		memcpy(&w, k->b + i, 8);
		h ^= w;
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 33;
	}
	return h;
}

static int groups_alloc(struct tcpd_groups *g, size_t cap)
{
	g->slots = calloc(cap, sizeof(*g->slots));
	g->used = calloc(cap, 1);
	if (!g->slots || !g->used) {
		free(g->slots);
		free(g->used);
		return -1;
	}
	g->cap = cap;
	return 0;
}

struct tcpd_groups *tcpd_groups_new(void)
{
	struct tcpd_groups *g = calloc(1, sizeof(*g));

	if (g && groups_alloc(g, 64)) {
		free(g);
		return NULL;
	}
	return g;
}

void tcpd_groups_free(struct tcpd_groups *g)
{
	if (!g)
		return;
	free(g->slots);
	free(g->used);
	free(g);
}

static size_t slot_of(const struct tcpd_groups *g, const struct tcpd_group_key *k)
{
	size_t i = key_hash(k) & (g->cap - 1);

	while (g->used[i] && memcmp(&g->slots[i].key, k, sizeof(*k)))
		i = (i + 1) & (g->cap - 1);
	return i;
}

static int groups_grow(struct tcpd_groups *g)
{
	struct tcpd_groups old = *g;
	size_t i;

	if (groups_alloc(g, old.cap * 2)) {
		*g = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++) {
		size_t j;

		if (!old.used[i])
			continue;
		j = slot_of(g, &old.slots[i].key);
		g->slots[j] = old.slots[i];
		g->used[j] = 1;
	}
	free(old.slots);
	free(old.used);
	return 0;
}

struct tcpd_group *tcpd_groups_add(struct tcpd_groups *g,
				   const struct tcpd_group_key *key, int state)
{
	size_t i;

	if ((g->len + 1) * 4 > g->cap * 3 && groups_grow(g))
		return NULL;
	i = slot_of(g, key);
	if (!g->used[i]) {
		g->used[i] = 1;
		g->slots[i].key = *key;
		g->len++;
	}
	tcpd_counts_add(&g->slots[i].counts, state);
	return &g->slots[i];
}

size_t tcpd_groups_len(const struct tcpd_groups *g)
{
	return g->len;
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

	for (i = 0; i < g->cap && n; i++) {
		const struct tcpd_group *x = &g->slots[i];
		size_t j;

		if (!g->used[i] || (state && !x->counts.state[state]))
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

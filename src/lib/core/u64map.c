// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>

#include "core/u64map.h"

static size_t slot(const struct u64map *m, uint64_t key)
{
	uint64_t h = key * 0x9e3779b97f4a7c15ull;

	return (size_t)(h ^ (h >> 29)) & (m->cap - 1);
}

static int alloc_slots(struct u64map *m, size_t cap)
{
	m->keys = calloc(cap, sizeof(*m->keys));
	m->vals = calloc(cap, sizeof(*m->vals));
	if (!m->keys || !m->vals) {
		free(m->keys);
		free(m->vals);
		return -1;
	}
	m->cap = cap;
	m->len = 0;
	return 0;
}

int u64map_init(struct u64map *m, size_t hint)
{
	size_t cap = 16;

	while (cap < hint * 2)
		cap *= 2;
	return alloc_slots(m, cap);
}

void u64map_free(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	m->keys = m->vals = NULL;
	m->cap = m->len = 0;
}

static int grow(struct u64map *m)
{
	struct u64map old = *m;
	size_t i;

	if (alloc_slots(m, old.cap * 2)) {
		*m = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.keys[i])
			u64map_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
	return 0;
}

int u64map_put(struct u64map *m, uint64_t key, uint64_t val)
{
	size_t i;

	if ((m->len + 1) * 4 > m->cap * 3 && grow(m))
		return -1;
	for (i = slot(m, key); m->keys[i] && m->keys[i] != key; i = (i + 1) & (m->cap - 1))
		;
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->len++;
	}
	m->vals[i] = val;
	return 0;
}

uint64_t *u64map_get(const struct u64map *m, uint64_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = slot(m, key); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return &m->vals[i];
	return NULL;
}

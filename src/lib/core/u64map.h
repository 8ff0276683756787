/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_U64MAP_H
#define TCPD_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/htab.h"

/* A map from 64-bit keys (socket inodes, cookies) to 64-bit values, on the one hash table. */
struct u64map {
	struct tcpd_htab t;
};

int u64map_init(struct u64map *m, size_t hint);
void u64map_free(struct u64map *m);

/* Insert or overwrite; -1 when out of memory. */
int u64map_put(struct u64map *m, uint64_t key, uint64_t val);

/* A pointer to the value, NULL when absent. */
uint64_t *u64map_get(const struct u64map *m, uint64_t key);

static inline bool u64map_has(const struct u64map *m, uint64_t key)
{
	return u64map_get(m, key) != NULL;
}

static inline size_t u64map_len(const struct u64map *m)
{
	return m->t.len;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_U64MAP_H
#define TCPD_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A map from nonzero 64-bit keys (socket inodes, cookies) to 64-bit values:
 * open addressing, linear probing, grows at 3/4 full. Key 0 marks a free slot.
 */
struct u64map {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap, len;
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

#endif

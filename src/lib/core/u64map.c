// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/u64map.h"

struct u64ent {
	uint64_t key, val;
};

static bool key_is(const void *e, const void *key)
{
	return ((const struct u64ent *)e)->key == *(const uint64_t *)key;
}

/*
 * At most half full until @hint keys are in: the owner index is built once
 * and read per socket, so short runs pay.
 */
int u64map_init(struct u64map *m, size_t hint)
{
	return tcpd_htab_init(&m->t, sizeof(struct u64ent), hint + hint / 2);
}

void u64map_free(struct u64map *m)
{
	tcpd_htab_free(&m->t);
}

int u64map_put(struct u64map *m, uint64_t key, uint64_t val)
{
	uint64_t *v = u64map_get(m, key);
	struct u64ent *e;

	if (v) {
		*v = val;
		return 0;
	}
	e = tcpd_htab_add(&m->t, tcpd_hash_u64(key));
	if (!e)
		return -1;
	e->key = key;
	e->val = val;
	return 0;
}

uint64_t *u64map_get(const struct u64map *m, uint64_t key)
{
	struct u64ent *e = tcpd_htab_find(&m->t, tcpd_hash_u64(key), key_is, &key);

	return e ? &e->val : NULL;
}

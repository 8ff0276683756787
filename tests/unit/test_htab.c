// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The one hash table: growth, lookups, backward-shift deletion in crowded
 * runs (every key on a few homes, runs wrapping the end of the table), and
 * the u64map built on it.
 */
#include <stdlib.h>

#include "core/htab.h"
#include "core/u64map.h"
#include "tap.h"

struct ent {
	uint64_t key;
	uint64_t val;
};

static bool key_is(const void *e, const void *key)
{
	return ((const struct ent *)e)->key == *(const uint64_t *)key;
}

/* @spread 0: the real hash; else only that many distinct hashes, 0 among them. */
static uint32_t hash_of(uint64_t key, uint32_t spread)
{
	return spread ? (uint32_t)(key % spread) * 0x1000u - 0x1000u : tcpd_hash_u64(key);
}

static struct ent *get(struct tcpd_htab *t, uint64_t key, uint32_t spread)
{
	return tcpd_htab_find(t, hash_of(key, spread), key_is, &key);
}

static bool put(struct tcpd_htab *t, uint64_t key, uint32_t spread)
{
	struct ent *e = tcpd_htab_add(t, hash_of(key, spread));

	if (!e)
		return false;
	e->key = key;
	e->val = key * 3;
	return true;
}

/* Every even key deleted, each odd one still there with its value. */
static bool half_left(struct tcpd_htab *t, uint64_t n, uint32_t spread)
{
	uint64_t k;

	for (k = 1; k <= n; k++) {
		struct ent *e = get(t, k, spread);

		if (k % 2 ? !e || e->val != k * 3 : e != NULL)
			return false;
	}
	return t->len == (n + 1) / 2;
}

static void churn(uint32_t spread, uint64_t n, const char *what)
{
	struct tcpd_htab t;
	uint64_t k;
	size_t i, seen = 0;
	bool all = true;
	int ret = tcpd_htab_init(&t, sizeof(struct ent), 4);	/* ok() evaluates twice */

	ok(!ret, "%s: init", what);
	for (k = 1; k <= n; k++)
		all &= put(&t, k, spread) && get(&t, k, spread) != NULL;
	ok(all && t.len == n, "%s: %llu inserts grow it and each is found", what,
	   (unsigned long long)n);
	for (k = 2; k <= n; k += 2)
		tcpd_htab_del(&t, get(&t, k, spread));
	ok(half_left(&t, n, spread), "%s: deleting half leaves the other half reachable", what);
	/* Deleting while walking: a backward shift may move an entry into slot i. */
	for (i = 0; i < t.cap; i++) {
		struct ent *e = tcpd_htab_at(&t, i);

		if (e && e->key % 4 == 1) {
			tcpd_htab_del(&t, e);
			i--;
		}
	}
	for (k = 1, all = true; k <= n; k++)
		all &= (get(&t, k, spread) != NULL) == (k % 4 == 3);
	for (i = 0; i < t.cap; i++)
		seen += tcpd_htab_at(&t, i) != NULL;
	ok(all && seen == t.len, "%s: deletes during a walk keep the rest (%zu left)", what,
	   seen);
	tcpd_htab_free(&t);
}

static void test_u64map(void)
{
	struct u64map m;
	uint64_t k, *v;
	bool all = true;

	int ret = u64map_init(&m, 2);

	ok(!ret, "u64map: init");
	for (k = 1; k <= 3000; k++)
		all &= !u64map_put(&m, k << 20, k);
	all &= !u64map_put(&m, 5 << 20, 55);
	ok(all && u64map_len(&m) == 3000, "u64map: 3000 keys, an overwrite adds none");
	v = u64map_get(&m, 5 << 20);
	ok(v && *v == 55, "u64map: the overwritten value");
	ok(!u64map_has(&m, 3001ull << 20) && u64map_has(&m, 3000ull << 20),
	   "u64map: absent and present keys");
	u64map_free(&m);
}

int main(void)
{
	churn(0, 20000, "spread keys");
	churn(3, 500, "three homes");	/* long runs that wrap the table's end */
	churn(1, 100, "one home, hash 0");
	test_u64map();
	return tap_done();
}

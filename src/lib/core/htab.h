/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_HTAB_H
#define TCPD_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The library's one hash table: open addressing, linear probing, growth at
 * 3/4 full, and backward-shift deletion (no tombstones: a probe run never
 * holds dead slots, so lookups stay short however many entries come and go).
 *
 * Entries are fixed-size, the caller's struct (key and value together),
 * stored inline. Beside them the table keeps each slot's 32-bit hash (0:
 * empty), so a probe walks a dense array of hashes and reads an entry only
 * when its hash matches: about once per lookup, hit or miss. The caller
 * hashes its key (tcpd_hash_u64, tcpd_hash_bytes or its own) and compares
 * keys; lookups are inline, so the compare inlines too. Growing moves
 * entries: pointers into the table last until the next tcpd_htab_add().
 */
struct tcpd_htab {
	uint32_t *hash;		/* per slot, 0: empty */
	unsigned char *ent;	/* cap entries of esize bytes */
	size_t esize;
	size_t cap, len;	/* cap: a power of two */
};

/* Room for @hint entries before the first growth. -1: out of memory. */
int tcpd_htab_init(struct tcpd_htab *t, size_t esize, size_t hint);
void tcpd_htab_free(struct tcpd_htab *t);

/* A zeroed entry for a key the caller knows is absent; NULL: out of memory. */
void *tcpd_htab_add(struct tcpd_htab *t, uint32_t hash);

/* Remove @e, an entry of @t; later entries of its run move back. */
void tcpd_htab_del(struct tcpd_htab *t, void *e);

/* 0 marks an empty slot, so a hash of 0 is kept as 1. */
static inline uint32_t tcpd_htab_hash(uint32_t h)
{
	return h ? h : 1;
}

/* The slot where @hash's run begins: for prefetching. */
static inline size_t tcpd_htab_home(const struct tcpd_htab *t, uint32_t hash)
{
	return tcpd_htab_hash(hash) & (t->cap - 1);
}

/* Slot @i's entry (< cap), empty or not. */
static inline void *tcpd_htab_entry(const struct tcpd_htab *t, size_t i)
{
	return t->ent + i * t->esize;
}

/* Slot @i's entry, NULL when empty: for walking every entry. */
static inline void *tcpd_htab_at(const struct tcpd_htab *t, size_t i)
{
	return t->hash[i] ? tcpd_htab_entry(t, i) : NULL;
}

/*
 * The entry whose hash is @hash and for which @eq(entry, key) holds; NULL
 * when none. Inline, so a constant @eq inlines too.
 */
static inline void *tcpd_htab_find(const struct tcpd_htab *t, uint32_t hash,
				   bool (*eq)(const void *e, const void *key),
				   const void *key)
{
	const uint32_t *hs = t->hash;
	size_t mask = t->cap - 1, i;
	uint32_t h = tcpd_htab_hash(hash), s;

	if (!t->cap)
		return NULL;
	for (i = h & mask; (s = hs[i]); i = (i + 1) & mask)
		if (s == h && eq(tcpd_htab_entry(t, i), key))
			return tcpd_htab_entry(t, i);
	return NULL;
}

/* Hashes for keys: a 64-bit word, and a byte string (a multiple of 8 long). */
static inline uint32_t tcpd_hash_u64(uint64_t v)
{
	uint64_t h = v * 0x9e3779b97f4a7c15ull;

	return (uint32_t)(h ^ (h >> 29));
}

static inline uint32_t tcpd_hash_bytes(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0x9e3779b97f4a7c15ull, w;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		__builtin_memcpy(&w, b + i, 8);
		h ^= w;
		h *= 0xff51afd7ed558ccdull;
		h ^= h >> 33;
	}
	return tcpd_hash_u64(h);
}

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdlib.h>
#include <string.h>

#include "core/htab.h"

static int alloc_slots(struct tcpd_htab *t, size_t cap)
{
	t->hash = calloc(cap, sizeof(*t->hash));
	t->ent = malloc(cap * t->esize);
	if (!t->hash || !t->ent) {
		free(t->hash);
		free(t->ent);
		return -1;
	}
	t->cap = cap;
	t->len = 0;
	return 0;
}

int tcpd_htab_init(struct tcpd_htab *t, size_t esize, size_t hint)
{
	size_t cap = 16;

	while (cap / 4 * 3 < hint)
		cap *= 2;
	t->esize = esize;
	return alloc_slots(t, cap);
}

void tcpd_htab_free(struct tcpd_htab *t)
{
	free(t->hash);
	free(t->ent);
	t->hash = NULL;
	t->ent = NULL;
	t->cap = t->len = 0;
}

/* The first empty slot of @h's run, now @h's. */
static size_t claim(struct tcpd_htab *t, uint32_t h)
{
	size_t mask = t->cap - 1, i;

	for (i = h & mask; t->hash[i]; i = (i + 1) & mask)
		;
	t->hash[i] = h;
	t->len++;
	return i;
}

static int grow(struct tcpd_htab *t)
{
	struct tcpd_htab old = *t;
	size_t i;

	if (alloc_slots(t, old.cap * 2)) {
		*t = old;
		return -1;
	}
	for (i = 0; i < old.cap; i++)
		if (old.hash[i])
			memcpy(tcpd_htab_entry(t, claim(t, old.hash[i])),
			       tcpd_htab_entry(&old, i), old.esize);
	free(old.hash);
	free(old.ent);
	return 0;
}

void *tcpd_htab_add(struct tcpd_htab *t, uint32_t hash)
{
	void *e;

	if ((t->len + 1) * 4 > t->cap * 3 && grow(t))
		return NULL;
	e = tcpd_htab_entry(t, claim(t, tcpd_htab_hash(hash)));
	memset(e, 0, t->esize);
	return e;
}

void tcpd_htab_del(struct tcpd_htab *t, void *e)
{
	size_t mask = t->cap - 1, i = (size_t)((unsigned char *)e - t->ent) / t->esize, j;
	uint32_t h;

	for (j = (i + 1) & mask; (h = t->hash[j]); j = (j + 1) & mask) {
		/* Slot j's entry may fill the hole at i unless i lies before its home. */
		if (((j - h) & mask) >= ((j - i) & mask)) {
			t->hash[i] = h;
			memcpy(tcpd_htab_entry(t, i), tcpd_htab_entry(t, j), t->esize);
			i = j;
		}
	}
	t->hash[i] = 0;
	t->len--;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pairing index: candidate sockets of every namespace read, keyed by
 * their connection (the two endpoints in a fixed order), each end filled
 * by the socket that has it as its local side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/facts.h"
#include "doctor/pairs.h"
#include "tcpdoc/state.h"
#include "tcpdoc/vec.h"

/* 48 bytes: tcpd_hash_bytes takes multiples of 8. */
struct pair_key {
	uint8_t family;
	uint8_t pad[3];
	uint32_t scope;			/* namespace + 1 for loopback; 0 otherwise */
	uint8_t a[2][16];
	uint16_t port[2];
	uint8_t pad2[4];
};

struct tcpd_pair {
	struct pair_key key;
	struct tcpd_pair_end end[2];
};

int tcpd_pairs_init(struct tcpd_pairs *p, bool all_netns)
{
	memset(p, 0, sizeof(*p));
	p->all_netns = all_netns;
	return tcpd_htab_init(&p->t, sizeof(struct tcpd_pair), 64);
}

void tcpd_pairs_free(struct tcpd_pairs *p)
{
	tcpd_htab_free(&p->t);
	free(p->ns);
	free(p->ls);
	memset(p, 0, sizeof(*p));
}

int tcpd_pairs_enter(struct tcpd_pairs *p, uint64_t inode, const char *label,
		     const char *args)
{
	struct tcpd_pair_ns *n;

	if (tcpd_vec_room(p->ns, p->nns, p->capns, 8))
		return -1;
	n = &p->ns[p->nns++];
	n->inode = inode;
	snprintf(n->label, sizeof(n->label), "%s", label);
	snprintf(n->args, sizeof(n->args), "%s", args);
	return 0;
}

static bool loopback(const struct tcpd_addr *a)
{
	static const uint8_t v6[16] = { [15] = 1 };

	if (a->family == AF_INET)
		return a->b[0] == 127;
	return !memcmp(a->b, v6, 16);
}

/* The key of @s's connection; the end @s is (0 or 1). -1: no pairing. */
static int key_of(const struct tcpd_pairs *p, const struct tcpd_sock *s, struct pair_key *k)
{
	int c = memcmp(s->local.b, s->remote.b, 16), side;

	if (!c)
		c = (int)s->lport - (int)s->rport;
	if (!c)
		return -1;	/* connected to itself */
	side = c > 0;
	memset(k, 0, sizeof(*k));
	k->family = s->local.family;
	if (loopback(&s->local))
		k->scope = (uint32_t)p->nns;
	memcpy(k->a[side], s->local.b, 16);
	memcpy(k->a[!side], s->remote.b, 16);
	k->port[side] = s->lport;
	k->port[!side] = s->rport;
	return side;
}

static bool key_eq(const void *e, const void *key)
{
	return !memcmp(e, key, sizeof(struct pair_key));
}

static int listener(struct tcpd_pairs *p, const struct tcpd_sock *s)
{
	if (p->nls == TCPD_PAIRS_LISTENERS || !s->inode)
		return 0;
	if (tcpd_vec_room(p->ls, p->nls, p->capls, 16))
		return -1;
	p->ls[p->nls++] = (struct tcpd_pair_listener){
		.ns = (uint32_t)p->nns - 1, .port = s->lport, .inode = s->inode,
		.full = s->recv_q && s->recv_q >= s->send_q,
	};
	return 0;
}

/* Candidates only: see pairs.h. */
static bool candidate(const struct tcpd_sock *s)
{
	switch (s->state) {
	case TCPD_SYN_RECV:
		return s->retrans > 0;
	case TCPD_ESTABLISHED:
		return s->has_info && !s->info.tcpi_bytes_received &&
		       s->info.tcpi_bytes_acked <= 1;
	case TCPD_FIN_WAIT2:
	case TCPD_CLOSE_WAIT:
		return true;
	default:
		return false;
	}
}

int tcpd_pairs_add(struct tcpd_pairs *p, const struct tcpd_sock *s)
{
	struct tcpd_pair *e;
	struct pair_key k;
	uint32_t h;
	int side;

	if (!p->nns)
		return 0;
	if (s->state == TCPD_LISTEN)
		return listener(p, s);
	if (!candidate(s) || (side = key_of(p, s, &k)) < 0)
		return 0;
	h = tcpd_hash_bytes(&k, sizeof(k));
	e = tcpd_htab_find(&p->t, h, key_eq, &k);
	if (!e) {
		if (p->t.len >= TCPD_PAIRS_MAX) {
			p->capped = true;
			return 0;
		}
		e = tcpd_htab_add(&p->t, h);
		if (!e)
			return -1;
		e->key = k;
	}
	if (e->end[side].set)
		return 0;
	e->end[side] = (struct tcpd_pair_end){ .inode = s->inode, .ns = (uint32_t)p->nns - 1,
					       .lport = s->lport, .state = s->state, .set = true };
	if (s->state == TCPD_SYN_RECV)
		e->end[side].age_ms = tcpd_handshake_age(s);
	return 0;
}

void tcpd_pairs_each(const struct tcpd_pairs *p, tcpd_pair_cb cb, void *arg)
{
	const struct tcpd_pair *e;
	size_t i;

	for (i = 0; i < p->t.cap; i++)
		if ((e = tcpd_htab_at(&p->t, i)) && e->end[0].set && e->end[1].set)
			cb(&e->end[0], &e->end[1], arg);
}

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

struct comm {
	pid_t pid;
	char comm[16];
};

int tcpd_pairs_init(struct tcpd_pairs *p, bool all_netns)
{
	memset(p, 0, sizeof(*p));
	p->all_netns = all_netns;
	if (tcpd_htab_init(&p->comms, sizeof(struct comm), 16))
		return -1;
	if (tcpd_htab_init(&p->t, sizeof(struct tcpd_pair), 64)) {
		tcpd_htab_free(&p->comms);
		return -1;
	}
	return 0;
}

void tcpd_pairs_free(struct tcpd_pairs *p)
{
	tcpd_htab_free(&p->t);
	tcpd_htab_free(&p->comms);
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

/*
 * Candidates only: see pairs.h. A client whose final handshake ACK was
 * lost has received nothing but SYN-ACKs (the first and the server's
 * re-sent ones: segs_in >= 2), answered each (SYN, ACK, a duplicate ACK:
 * segs_out >= 3) and had nothing but its SYN acknowledged. An idle client
 * has segs_out 2 and segs_in 1, an accepted server socket segs_out 0:
 * neither goes in, however many idle connections a pool holds.
 */
static bool candidate(const struct tcpd_sock *s)
{
	const struct tcp_info *i = &s->info;

	switch (s->state) {
	case TCPD_SYN_RECV:
		return s->retrans > 0;
	case TCPD_ESTABLISHED:
		return s->has_info && !i->tcpi_bytes_received && i->tcpi_bytes_acked <= 1 &&
		       i->tcpi_segs_in >= 2 && i->tcpi_segs_out >= 3;
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

void tcpd_pairs_each(struct tcpd_pairs *p, tcpd_pair_cb cb, void *arg)
{
	struct tcpd_pair *e;
	size_t i;

	for (i = 0; i < p->t.cap; i++)
		if ((e = tcpd_htab_at(&p->t, i)) && e->end[0].set && e->end[1].set)
			cb(&e->end[0], &e->end[1], arg);
}

static bool comm_eq(const void *e, const void *key)
{
	return ((const struct comm *)e)->pid == *(const pid_t *)key;
}

const char *tcpd_pairs_comm(const struct tcpd_pairs *p, pid_t pid)
{
	const struct comm *c = tcpd_htab_find(&p->comms, tcpd_hash_u64((uint64_t)pid),
					      comm_eq, &pid);

	return c ? c->comm : "";
}

/* The owner of @inode into *@pid (-1: none), its comm into the table. */
static int own(struct tcpd_pairs *p, const struct tcpd_owners *o, uint64_t inode, pid_t *pid)
{
	const struct tcpd_owner *ow;
	uint32_t h;
	struct comm *c;

	*pid = -1;
	if (!inode || !tcpd_owners_get(o, inode, &ow))
		return 0;
	*pid = ow->pid;
	h = tcpd_hash_u64((uint64_t)ow->pid);
	if (tcpd_htab_find(&p->comms, h, comm_eq, &ow->pid))
		return 0;
	c = tcpd_htab_add(&p->comms, h);
	if (!c)
		return -1;
	c->pid = ow->pid;
	memcpy(c->comm, ow->comm, sizeof(c->comm));
	return 0;
}

/* Sockets and listeners of the namespace being read. */
static bool here(const struct tcpd_pairs *p, uint32_t ns)
{
	return p->nns && ns == p->nns - 1;
}

int tcpd_pairs_want(const struct tcpd_pairs *p, struct tcpd_owners *o)
{
	const struct tcpd_pair *e;
	size_t i, j;
	int n = 0;

	for (i = 0; i < p->nls; i++) {
		if (!here(p, p->ls[i].ns))
			continue;
		if (tcpd_owners_want(o, p->ls[i].inode))
			return -1;
		n++;
	}
	for (i = 0; i < p->t.cap; i++) {
		if (!(e = tcpd_htab_at(&p->t, i)))
			continue;
		for (j = 0; j < 2; j++)
			if (e->end[j].set && here(p, e->end[j].ns) && e->end[j].inode) {
				if (tcpd_owners_want(o, e->end[j].inode))
					return -1;
				n++;
			}
	}
	return n;
}

int tcpd_pairs_own(struct tcpd_pairs *p, const struct tcpd_owners *o)
{
	struct tcpd_pair *e;
	size_t i, j;

	for (i = 0; i < p->nls; i++)
		if (here(p, p->ls[i].ns) && own(p, o, p->ls[i].inode, &p->ls[i].pid))
			return -1;
	for (i = 0; i < p->t.cap; i++) {
		if (!(e = tcpd_htab_at(&p->t, i)))
			continue;
		for (j = 0; j < 2; j++)
			if (e->end[j].set && here(p, e->end[j].ns) &&
			    own(p, o, e->end[j].inode, &e->end[j].pid))
				return -1;
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One pass over the socket table into the aggregates the doctor's rules
 * need. Bounded memory: arrays per port, capped group tables per address,
 * top-k samples for single sockets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/facts.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "tcpdoc/vec.h"

#define NPORTS 65536

void tcpd_key_addr_port(struct tcpd_group_key *k, const struct tcpd_addr *a,
			uint16_t port)
{
	memset(k, 0, sizeof(*k));
	k->b[0] = a->family;
	memcpy(k->b + 1, a->b, sizeof(a->b));
	memcpy(k->b + 18, &port, sizeof(port));
}

void tcpd_key_get_addr_port(const struct tcpd_group_key *k, struct tcpd_addr *a,
			    uint16_t *port)
{
	a->family = k->b[0];
	memcpy(a->b, k->b + 1, sizeof(a->b));
	memcpy(port, k->b + 18, sizeof(*port));
}

int tcpd_facts_init(struct tcpd_facts *f, const struct tcpd_facts_cfg *cfg)
{
	uint32_t **arrays[] = { &f->listen_port, &f->tw_port, &f->synrecv_port,
				&f->synrecv_src, &f->cw_port, &f->synrecv_resent,
				&f->synrecv_stuck };
	struct tcpd_groups **tables[] = { &f->dest, &f->synrecv_pairs,
					  &f->synsent_dest, &f->synsent_host,
					  &f->synsent_port, &f->cw_peer };
	size_t i;

	memset(f, 0, sizeof(*f));
	f->cfg = *cfg;
	for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++)
		if (!(*arrays[i] = calloc(NPORTS, sizeof(uint32_t))))
			goto fail;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		if (!(*tables[i] = tcpd_groups_new()))
			goto fail;
	return 0;
fail:
	tcpd_facts_free(f);
	return -1;
}

void tcpd_facts_free(struct tcpd_facts *f)
{
	free(f->listen_port);
	free(f->tw_port);
	free(f->synrecv_port);
	free(f->synrecv_src);
	free(f->cw_port);
	free(f->synrecv_resent);
	free(f->synrecv_stuck);
	tcpd_groups_free(f->dest);
	tcpd_groups_free(f->synrecv_pairs);
	tcpd_groups_free(f->synsent_dest);
	tcpd_groups_free(f->synsent_host);
	tcpd_groups_free(f->synsent_port);
	tcpd_groups_free(f->cw_peer);
	free(f->cw.r);
	free(f->synsent.r);
	free(f->listeners.l);
	memset(f, 0, sizeof(*f));
}

/* Add to a capped table; NULL (and @capped set) once it is full. */
static struct tcpd_group *gadd(struct tcpd_facts *f, struct tcpd_groups *g,
			       const struct tcpd_group_key *k, int state)
{
	if (tcpd_groups_len(g) >= TCPD_FACTS_MAX_KEYS) {
		f->capped = true;
		return NULL;
	}
	return tcpd_groups_add(g, k, state);
}

static void sample_of(struct tcpd_sample *x, const struct tcpd_sock *s,
		      uint64_t value, uint32_t age_ms)
{
	memset(x, 0, sizeof(*x));
	x->laddr = s->local;
	x->raddr = s->remote;
	x->lport = s->lport;
	x->rport = s->rport;
	x->recv_q = s->recv_q;
	x->send_q = s->send_q;
	x->retrans = s->retrans;
	x->timer = s->timer;
	x->inode = s->inode;
	x->value = value;
	x->age_ms = age_ms;
}

/* Keep the TCPD_TOPK largest by value, sorted, largest first. */
static void topk_offer(struct tcpd_topk *t, const struct tcpd_sock *s,
		       uint64_t value, uint32_t age_ms)
{
	size_t j;

	t->count++;
	if (t->len == TCPD_TOPK && value <= t->s[TCPD_TOPK - 1].value)
		return;
	j = t->len < TCPD_TOPK ? t->len++ : TCPD_TOPK - 1;
	while (j > 0 && t->s[j - 1].value < value) {
		t->s[j] = t->s[j - 1];
		j--;
	}
	sample_of(&t->s[j], s, value, age_ms);
}

static int rec_add(struct tcpd_recs *rs, const struct tcpd_sock *s, uint32_t age_ms)
{
	struct tcpd_rec *r;

	if (rs->len == TCPD_FACTS_MAX_RECS) {
		rs->truncated = true;
		return 0;
	}
	if (tcpd_vec_room(rs->r, rs->len, rs->cap, 256))
		return -1;
	r = &rs->r[rs->len++];
	r->inode = s->inode;
	r->raddr = s->remote;
	r->lport = s->lport;
	r->recv_q = s->recv_q;
	r->age_ms = age_ms;
	return 0;
}

static bool ephemeral(const struct tcpd_facts *f, uint16_t port)
{
	return port >= f->cfg.port_lo && port <= f->cfg.port_hi;
}

static uint32_t idle_ms(const struct tcpd_sock *s)
{
	uint32_t r = s->info.tcpi_last_data_recv, t = s->info.tcpi_last_data_sent;

	return r < t ? r : t;
}

static int add_established(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	if (s->recv_q >= f->cfg.recv_q_bytes && s->recv_q)
		topk_offer(&f->recvq, s, s->recv_q,
			   s->has_info ? s->info.tcpi_last_data_recv : 0);
	if (s->send_q && (s->timer == TCPD_TIMER_PROBE ||
			  (s->timer == TCPD_TIMER_ON && s->retrans >= f->cfg.send_q_retrans)))
		/* Its age: how long since the peer last acknowledged anything. */
		topk_offer(&f->sendq, s, s->send_q, s->has_info ? s->info.tcpi_last_ack_recv : 0);
	if (!s->has_info || idle_ms(s) < f->cfg.idle_ms)
		return 0;
	if (s->timer == TCPD_TIMER_KEEPALIVE)
		f->idle_keepalive++;
	else if (s->timer == TCPD_TIMER_OFF)
		topk_offer(&f->idle, s, idle_ms(s), idle_ms(s));
	return 0;
}

const uint32_t tcpd_age_step_s[TCPD_AGE_STEPS] = { 10, 60, 600, 3600 };

static int listener_add(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	struct tcpd_listeners *ls = &f->listeners;

	if (!s->inode || ls->len == TCPD_FACTS_MAX_RECS)
		return 0;
	if (tcpd_vec_room(ls->l, ls->len, ls->cap, 16))
		return -1;
	ls->l[ls->len++] = (struct tcpd_listener){ .inode = s->inode, .port = s->lport };
	return 0;
}

void tcpd_ages_add(struct tcpd_ages *a, uint32_t ms)
{
	int i;

	a->n++;
	if (ms > a->oldest_ms)
		a->oldest_ms = ms;
	for (i = 0; i < TCPD_AGE_STEPS && ms / 1000 >= tcpd_age_step_s[i]; i++)
		a->older[i]++;
}

/*
 * A handshake's age from its timer: the SYN or SYN-ACK is re-sent after
 * 1 s (TCP_TIMEOUT_INIT), then after twice the last wait, up to 120 s
 * (TCP_RTO_MAX); the time waited so far is the sum of the waits done plus
 * the part of the current one already gone. An estimate: a cached RTT or
 * a BPF program can change the first wait.
 */
uint32_t tcpd_handshake_age(const struct tcpd_sock *s)
{
	uint64_t total = 0, wait = 1000;
	unsigned int i;

	for (i = 0; i <= s->retrans; i++) {
		total += wait;
		wait = wait * 2 > 120000 ? 120000 : wait * 2;
	}
	if (total > UINT32_MAX)
		total = UINT32_MAX;
	return s->expires_ms < total ? (uint32_t)total - s->expires_ms : 0;
}

/*
 * Retransmissions, and persistence across the two looks (first_look.h).
 * A zero-window probe the peer answers resets the count, so a probing
 * socket is stuck when the interval took none of its Send-Q (past the
 * FIN's byte) either.
 */
static bool persist_add(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	struct tcpd_persist *p = &f->persist[s->state];
	struct tcpd_first_seen was;
	bool stuck = false;

	if (s->retrans || s->timer == TCPD_TIMER_PROBE)
		p->resent++;
	if (s->retrans > p->max_retrans)
		p->max_retrans = s->retrans;
	if (tcpd_first_look_find(f->first, s, &was)) {
		p->both++;
		stuck = s->retrans > was.retrans || s->retrans >= 2 ||
			(s->timer == TCPD_TIMER_PROBE && s->send_q > 1 && s->send_q >= was.send_q);
		p->stuck += stuck;
	}
	return stuck;
}

static int add_close_wait(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	struct tcpd_group_key k;
	uint32_t age = s->has_info ? s->info.tcpi_last_data_recv : 0;

	f->cw_port[s->lport]++;
	f->cw_recv_q += s->recv_q;
	tcpd_key_addr_port(&k, &s->remote, 0);
	gadd(f, f->cw_peer, &k, s->state);
	topk_offer(&f->cw_oldest, s, age, age);
	if (s->has_info)
		tcpd_ages_add(&f->ages[TCPD_CLOSE_WAIT], age);
	return rec_add(&f->cw, s, age);
}

static int add_syn_recv(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	struct tcpd_group_key k;
	struct tcpd_group *g;

	f->synrecv_port[s->lport]++;
	if (s->retrans)
		f->synrecv_resent[s->lport]++;
	if (persist_add(f, s))
		f->synrecv_stuck[s->lport]++;
	if (s->timer == TCPD_TIMER_ON)
		tcpd_ages_add(&f->ages[TCPD_SYN_RECV], tcpd_handshake_age(s));
	tcpd_key_addr_port(&k, &s->remote, s->lport);
	g = gadd(f, f->synrecv_pairs, &k, s->state);
	if (g && g->counts.total == 1)
		f->synrecv_src[s->lport]++;
	return 0;
}

static int add_syn_sent(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	struct tcpd_group_key k;

	persist_add(f, s);
	if (s->timer == TCPD_TIMER_ON)
		tcpd_ages_add(&f->ages[TCPD_SYN_SENT], tcpd_handshake_age(s));
	tcpd_key_addr_port(&k, &s->remote, s->rport);
	gadd(f, f->synsent_dest, &k, s->state);
	tcpd_key_addr_port(&k, &s->remote, 0);
	gadd(f, f->synsent_host, &k, s->state);
	tcpd_key_port(&k, s->rport);
	gadd(f, f->synsent_port, &k, s->state);
	return rec_add(&f->synsent, s, 0);
}

/* FIN_WAIT2 mini sockets have no tcp_info: the age is what the timer used. */
static uint32_t fin_wait2_age(const struct tcpd_facts *f, const struct tcpd_sock *s)
{
	uint64_t total = (uint64_t)f->cfg.fin_timeout_s * 1000;

	if (s->has_info)
		return s->info.tcpi_last_data_recv;
	return s->expires_ms < total ? (uint32_t)(total - s->expires_ms) : 0;
}

static void add_destination(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	struct tcpd_group_key k;
	struct tcpd_group *g;

	if (s->state == TCPD_LISTEN || s->state == TCPD_SYN_RECV ||
	    !ephemeral(f, s->lport))
		return;
	tcpd_key_addr_port(&k, &s->remote, s->rport);
	g = gadd(f, f->dest, &k, s->state);
	/* TIME_WAIT has no owner; an open socket to the same place names one. */
	if (g && !g->data && s->inode)
		g->data = (const void *)(uintptr_t)s->inode;
}

/* The samples of FIN_WAIT1, LAST_ACK or CLOSING: the ones re-sending most. */
static struct tcpd_topk *closing_topk(struct tcpd_facts *f, int state)
{
	if (state == TCPD_FIN_WAIT1)
		return &f->fin_wait1;
	return state == TCPD_LAST_ACK ? &f->last_ack : &f->closing;
}

static int add_state(struct tcpd_facts *f, const struct tcpd_sock *s)
{
	uint32_t age = s->has_info ? s->info.tcpi_last_data_recv : 0;

	tcpd_counts_add(&f->counts, s->state);
	add_destination(f, s);
	switch (s->state) {
	case TCPD_LISTEN:
		f->listen_port[s->lport]++;
		if (listener_add(f, s))
			return -1;
		if (s->recv_q && s->recv_q >= s->send_q)
			topk_offer(&f->listen_full, s, s->recv_q, 0);
		return 0;
	case TCPD_TIME_WAIT:
		f->tw_port[s->lport]++;
		return 0;
	case TCPD_ESTABLISHED:
		return add_established(f, s);
	case TCPD_CLOSE_WAIT:
		return add_close_wait(f, s);
	case TCPD_SYN_RECV:
		return add_syn_recv(f, s);
	case TCPD_SYN_SENT:
		return add_syn_sent(f, s);
	case TCPD_FIN_WAIT2:
		age = fin_wait2_age(f, s);
		topk_offer(&f->fin_wait2, s, age, age);
		tcpd_ages_add(&f->ages[TCPD_FIN_WAIT2], age);
		return 0;
	case TCPD_FIN_WAIT1:
		/* The FIN is one byte of Send-Q: data waits only past it. */
		f->fw1_unsent += s->send_q > 1;
		f->fw1_probing += s->timer == TCPD_TIMER_PROBE;
		/* fall through */
	case TCPD_LAST_ACK:
	case TCPD_CLOSING:
		persist_add(f, s);
		topk_offer(closing_topk(f, s->state), s, s->retrans, age);
		if (s->has_info)
			tcpd_ages_add(&f->ages[s->state], age);
		return 0;
	default:
		return 0;
	}
}

int tcpd_facts_add(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	if (add_state(arg, s))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

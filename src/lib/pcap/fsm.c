// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The RFC 9293 state machine of each end, driven by the segments seen on
 * the wire. An end changes state when it sends a segment (SYN, FIN) or when
 * the capture shows it a segment (the peer's SYN-ACK, FIN, ACK of its FIN).
 * Where the kernel passes through a state for no time (FIN_WAIT1 ->
 * FIN_WAIT2 -> TIME_WAIT on a FIN that also acks ours) we record it too, as
 * `ss` or the tracepoint would.
 */
#include <string.h>

#include "pcap/pcap_int.h"

void tcpd_pcap_set_state(struct tcpd_pcap_end *e, int st, int64_t ts)
{
	struct tcpd_pcap_hop *h;

	if (e->state == st)
		return;
	e->state = st;
	if (e->nhops == TCPD_PCAP_MAX_HOPS) {
		/* Keep the first hops and the latest; a state storm is an event. */
		e->hops[TCPD_PCAP_MAX_HOPS - 1] = (struct tcpd_pcap_hop){ st, false, ts, -1 };
		return;
	}
	h = &e->hops[e->nhops++];
	*h = (struct tcpd_pcap_hop){ st, false, ts, -1 };
}

/* Undo the last state: what we took for the peer's ACK never arrived. */
static void pop_state(struct tcpd_pcap_end *e)
{
	if (e->nhops < 2)
		return;
	e->nhops--;
	e->state = e->hops[e->nhops - 1].state;
}

/* Rewrite the last state: what we guessed turns out wrong (LISTEN). */
static void relabel(struct tcpd_pcap_end *e, int st)
{
	if (e->nhops)
		e->hops[e->nhops - 1].state = st;
	e->state = st;
}

bool tcpd_pcap_end_done(const struct tcpd_pcap_end *e)
{
	return e->state == TCPD_TIME_WAIT || e->state == TCPD_CLOSE;
}

static bool synchronized(int st)
{
	return st == TCPD_ESTABLISHED || st == TCPD_FIN_WAIT1 || st == TCPD_FIN_WAIT2 ||
	       st == TCPD_CLOSE_WAIT || st == TCPD_CLOSING || st == TCPD_LAST_ACK ||
	       st == TCPD_TIME_WAIT;
}

void tcpd_pcap_fsm_start(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *cl = &c->end[TCPD_CLIENT], *sv = &c->end[TCPD_SERVER];

	if ((s->flags & (TCPD_TH_SYN | TCPD_TH_ACK)) == TCPD_TH_SYN) {
		/* The SYN is processed by the step that follows. */
		c->syn_at = s->ts;
		return;
	}
	/* Mid-connection: both ends were already synchronized. */
	(void)x;
	c->mid = true;
	c->established = true;
	tcpd_pcap_set_state(cl, TCPD_ESTABLISHED, s->ts);
	tcpd_pcap_set_state(sv, TCPD_ESTABLISHED, s->ts);
}

static void established(struct tcpd_pcap_conn *c, struct tcpd_pcap_end *e, int64_t ts)
{
	tcpd_pcap_set_state(e, TCPD_ESTABLISHED, ts);
	if (e == &c->end[TCPD_SERVER] && c->handshake_ms < 0 && c->syn_at)
		c->handshake_ms = (double)(ts - c->syn_at) / 1000.0;
	c->established = true;
}

static void on_syn(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *X = &c->end[x], *Y = &c->end[!x];

	if (!X->state) {
		tcpd_pcap_set_state(X, TCPD_SYN_SENT, s->ts);
		tcpd_pcap_set_state(Y, TCPD_LISTEN, s->ts);
		X->iss = s->seq;
		return;
	}
	if (X->state == TCPD_SYN_SENT) {
		tcpd_pcap_event(c, TCPD_EV_SYN_RETRANS, x, s->ts);
		return;
	}
	if (X->state == TCPD_LISTEN && Y->state == TCPD_SYN_SENT) {
		/* Both sent a SYN before seeing the other's: simultaneous open. */
		relabel(X, TCPD_SYN_SENT);
		X->iss = s->seq;
		tcpd_pcap_set_state(X, TCPD_SYN_RECV, s->ts);
		tcpd_pcap_set_state(Y, TCPD_SYN_RECV, s->ts);
		tcpd_pcap_event(c, TCPD_EV_SIMUL_OPEN, TCPD_NOBODY, s->ts);
		return;
	}
	/* A SYN on a synchronized connection: RFC 5961 wants a challenge ACK. */
	if (synchronized(Y->state))
		Y->challenge_due = true;
}

static void on_synack(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *X = &c->end[x], *Y = &c->end[!x];

	if (X->state == TCPD_LISTEN) {
		tcpd_pcap_set_state(X, TCPD_SYN_RECV, s->ts);
		X->iss = s->seq;
	} else if (X->state == TCPD_SYN_RECV && X->synack_sent) {
		tcpd_pcap_event(c, TCPD_EV_SYNACK_RETRANS, x, s->ts);
	} else if (X->state == TCPD_SYN_SENT) {
		/* We missed this end's SYN: it answers ours with its own. */
		tcpd_pcap_set_state(X, TCPD_SYN_RECV, s->ts);
		X->iss = s->seq;
	}
	X->synack_sent = true;
	if ((Y->state == TCPD_SYN_SENT || Y->state == TCPD_SYN_RECV) && s->ack == Y->iss + 1)
		established(c, Y, s->ts);
}

/* This end's FIN is acknowledged by the segment the peer sent. */
static void fin_acked(struct tcpd_pcap_end *Y, int64_t ts)
{
	if (Y->state == TCPD_FIN_WAIT1)
		tcpd_pcap_set_state(Y, TCPD_FIN_WAIT2, ts);
	else if (Y->state == TCPD_CLOSING)
		tcpd_pcap_set_state(Y, TCPD_TIME_WAIT, ts);
	else if (Y->state == TCPD_LAST_ACK)
		tcpd_pcap_set_state(Y, TCPD_CLOSE, ts);
}

static void on_fin(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s,
		   bool acked_before);

/* The hops of @e from @from on are inferences. */
static void mark_inferred(struct tcpd_pcap_end *e, int from)
{
	for (; from < e->nhops; from++)
		e->hops[from].inferred = true;
}

/*
 * In a capture begun mid-connection, @x acknowledges one byte more than its
 * peer was seen to send: the peer's FIN, sent before the capture began or
 * lost from it. Play that FIN at the time of the ACK that shows it, and mark
 * what it changed as inferred.
 */
static bool fin_not_captured(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *X = &c->end[x], *Y = &c->end[!x];
	struct tcpd_seg fin = {
		.ts = s->ts, .flags = TCPD_TH_FIN | TCPD_TH_ACK, .seq = Y->nxt,
		.ack = X->nxt_valid ? X->nxt : s->seq,
	};
	int nx = X->nhops, ny = Y->nhops;

	if (!c->mid || !Y->nxt_valid || Y->fin_sent || s->ack != Y->nxt + 1 ||
	    (Y->state != TCPD_ESTABLISHED && Y->state != TCPD_CLOSE_WAIT))
		return false;
	/* Whether it carried the ACK of ours is not known: no fin-ack-merged. */
	on_fin(c, !x, &fin, true);
	Y->nxt++;
	mark_inferred(X, nx);
	mark_inferred(Y, ny);
	tcpd_pcap_event(c, TCPD_EV_FIN_NOT_CAPTURED, !x, s->ts);
	return true;
}

static void on_ack(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *X = &c->end[x], *Y = &c->end[!x];

	if (Y->state == TCPD_SYN_RECV && SEQ_GEQ(s->ack, Y->iss + 1))
		established(c, Y, s->ts);
	fin_not_captured(c, x, s);
	if (Y->fin_sent && SEQ_GEQ(s->ack, Y->fin_seq + 1)) {
		fin_acked(Y, s->ts);
		X->acked_peer_fin = true;
	}
}

/* The peer @Y receives @x's FIN. */
static void fin_received(struct tcpd_pcap_conn *c, struct tcpd_pcap_end *Y, int64_t ts)
{
	if (Y->state == TCPD_ESTABLISHED || Y->state == TCPD_SYN_RECV) {
		tcpd_pcap_set_state(Y, TCPD_CLOSE_WAIT, ts);
		Y->close_wait_at = ts;
	} else if (Y->state == TCPD_FIN_WAIT1) {
		tcpd_pcap_set_state(Y, TCPD_CLOSING, ts);
		tcpd_pcap_event(c, TCPD_EV_SIMUL_CLOSE, TCPD_NOBODY, ts);
	} else if (Y->state == TCPD_FIN_WAIT2) {
		tcpd_pcap_set_state(Y, TCPD_TIME_WAIT, ts);
	}
}

static int prev_state(const struct tcpd_pcap_end *e)
{
	return e->nhops >= 2 ? e->hops[e->nhops - 2].state : 0;
}

/* Did we take this end's FIN for acknowledged? */
static bool fin_taken_acked(const struct tcpd_pcap_end *e)
{
	int prev = prev_state(e);

	return (e->state == TCPD_CLOSE && prev == TCPD_LAST_ACK) ||
	       (e->state == TCPD_FIN_WAIT2 && prev == TCPD_FIN_WAIT1) ||
	       (e->state == TCPD_TIME_WAIT && prev == TCPD_CLOSING);
}

/*
 * Nobody acked the first copy of a FIN, so it was lost after the capture
 * point: the peer's state change happened with this copy, not that one.
 */
static void fin_arrived_later(struct tcpd_pcap_end *Y, int64_t first, int64_t now)
{
	struct tcpd_pcap_hop *h = Y->nhops ? &Y->hops[Y->nhops - 1] : NULL;

	if (!h || h->at != first)
		return;
	if (h->state != TCPD_CLOSE_WAIT && h->state != TCPD_CLOSING && h->state != TCPD_TIME_WAIT)
		return;
	h->at = now;
	if (h->state == TCPD_CLOSE_WAIT)
		Y->close_wait_at = now;
}

/*
 * A FIN again: the FIN was lost, or its ACK was. When the capture showed the
 * ACK, it was lost after the capture point: the sender never left its state.
 */
static void fin_again(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *X = &c->end[x];

	tcpd_pcap_event(c, TCPD_EV_FIN_RETRANS, x, s->ts);
	if (!fin_taken_acked(X)) {
		fin_arrived_later(&c->end[!x], X->fin_at, s->ts);
		X->fin_at = s->ts;
		return;
	}
	pop_state(X);
	if (X->state == TCPD_LAST_ACK)
		tcpd_pcap_event(c, TCPD_EV_FINAL_ACK_LOST, x, s->ts);
}

static void close_wait_over(struct tcpd_pcap_conn *c, int x, int64_t ts)
{
	double ms = (double)(ts - c->end[x].close_wait_at) / 1000.0;

	if (ms > c->close_wait_ms) {
		c->close_wait_ms = ms;
		c->close_wait_by = x;
	}
}

static void on_fin(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s,
		   bool acked_before)
{
	struct tcpd_pcap_end *X = &c->end[x], *Y = &c->end[!x];

	if (X->fin_sent) {
		if (s->seq + s->len == X->fin_seq)
			fin_again(c, x, s);
		return;
	}
	X->fin_sent = true;
	X->fin_seq = s->seq + s->len;
	X->fin_at = s->ts;
	if (c->closed_first_by == TCPD_NOBODY)
		c->closed_first_by = x;
	if (s->len)
		tcpd_pcap_event(c, TCPD_EV_FIN_WITH_DATA, x, s->ts);
	if (X->state == TCPD_CLOSE_WAIT && Y->fin_sent && !SEQ_GEQ(s->ack, Y->fin_seq + 1)) {
		/* Our FIN does not ack theirs: both FINs crossed on the wire. */
		pop_state(X);
		tcpd_pcap_set_state(X, TCPD_FIN_WAIT1, s->ts);
		tcpd_pcap_set_state(X, TCPD_CLOSING, s->ts);
	} else if (X->state == TCPD_CLOSE_WAIT) {
		if (!acked_before)
			tcpd_pcap_event(c, TCPD_EV_FIN_ACK_MERGED, x, s->ts);
		close_wait_over(c, x, s->ts);
		tcpd_pcap_set_state(X, TCPD_LAST_ACK, s->ts);
	} else if (X->state == TCPD_ESTABLISHED || X->state == TCPD_SYN_RECV) {
		tcpd_pcap_set_state(X, TCPD_FIN_WAIT1, s->ts);
	}
	fin_received(c, Y, s->ts);
}

static void on_rst(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *X = &c->end[x], *Y = &c->end[!x];

	if (Y->state == TCPD_SYN_SENT && (X->state == TCPD_LISTEN || !X->state)) {
		/* Nobody listens: the port is closed. */
		relabel(X, TCPD_CLOSE);
		tcpd_pcap_set_state(Y, TCPD_CLOSE, s->ts);
		c->refused = true;
		tcpd_pcap_event(c, TCPD_EV_RST_TO_SYN, x, s->ts);
		return;
	}
	/* RFC 5961: a RST not exactly at RCV.NXT only earns a challenge ACK. */
	if (X->nxt_valid && s->seq != X->nxt && synchronized(Y->state) &&
	    Y->state != TCPD_TIME_WAIT) {
		Y->challenge_due = true;
		return;
	}
	tcpd_pcap_event(c, TCPD_EV_RST, x, s->ts);
	if (c->reset_by == TCPD_NOBODY && !tcpd_pcap_end_done(X))
		c->reset_by = x;
	if (c->closed_first_by == TCPD_NOBODY)
		c->closed_first_by = x;
	if (X->state != TCPD_TIME_WAIT)
		tcpd_pcap_set_state(X, TCPD_CLOSE, s->ts);
	if (Y->state != TCPD_TIME_WAIT)
		tcpd_pcap_set_state(Y, TCPD_CLOSE, s->ts);
}

void tcpd_pcap_fsm_step(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	bool acked_before = c->end[x].acked_peer_fin;
	uint8_t f = s->flags;

	if (f & TCPD_TH_RST) {
		on_rst(c, x, s);
		return;
	}
	if ((f & (TCPD_TH_SYN | TCPD_TH_ACK)) == TCPD_TH_SYN) {
		on_syn(c, x, s);
		return;
	}
	if (f & TCPD_TH_SYN) {
		on_synack(c, x, s);
		return;
	}
	/* The ACK first: a FIN that acks our FIN takes FIN_WAIT1 via FIN_WAIT2. */
	if (f & TCPD_TH_ACK)
		on_ack(c, x, s);
	if (f & TCPD_TH_FIN)
		on_fin(c, x, s, acked_before);
}

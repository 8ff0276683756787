// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The mechanisms the troubleshooting literature names, recognised from the
 * sequence numbers, windows and timing of each segment. Events are kept as
 * a count and a first time per kind and sender, so a connection's memory
 * does not grow with its length.
 */
#include "tcpdoc/i18n.h"
#include "pcap/pcap_int.h"

static const char *const ev_names[TCPD_EV_MAX] = {
	[TCPD_EV_SYN_RETRANS] = "syn-retransmit",
	[TCPD_EV_SYNACK_RETRANS] = "synack-retransmit",
	[TCPD_EV_HANDSHAKE_INCOMPLETE] = "handshake-incomplete",
	[TCPD_EV_RST_TO_SYN] = "rst-to-syn",
	[TCPD_EV_SIMUL_OPEN] = "simultaneous-open",
	[TCPD_EV_SIMUL_CLOSE] = "simultaneous-close",
	[TCPD_EV_FIN_RETRANS] = "fin-retransmit",
	[TCPD_EV_FINAL_ACK_LOST] = "final-ack-lost",
	[TCPD_EV_FIN_WITH_DATA] = "fin-with-data",
	[TCPD_EV_FIN_ACK_MERGED] = "fin-ack-merged",
	[TCPD_EV_HALF_CLOSE_DATA] = "half-close-data",
	[TCPD_EV_CHALLENGE_ACK] = "challenge-ack",
	[TCPD_EV_TW_REUSE] = "time-wait-reuse",
	[TCPD_EV_KEEPALIVE] = "keepalive",
	[TCPD_EV_ZERO_WINDOW] = "zero-window",
	[TCPD_EV_WINDOW_PROBE] = "window-probe",
	[TCPD_EV_DATA_RETRANS] = "data-retransmit",
	[TCPD_EV_IDLE] = "idle",
	[TCPD_EV_RST] = "rst",
	[TCPD_EV_FIN_NOT_CAPTURED] = "fin-not-captured",
};

/* Stable ids for scripts, like finding ids: not translated. */
const char *tcpd_pcap_event_name(int ev)
{
	return ev >= 0 && ev < TCPD_EV_MAX ? ev_names[ev] : "unknown";
}

bool tcpd_pcap_event_inferred(int ev)
{
	return ev == TCPD_EV_FIN_NOT_CAPTURED;
}

const char *tcpd_pcap_outcome_name(int out)
{
	static const char *const names[TCPD_OUT_MAX] = {
		"closed", "reset", "refused", "timeout", "open", "partial",
	};
	return out >= 0 && out < TCPD_OUT_MAX ? names[out] : "unknown";
}

const char *tcpd_pcap_side_name(int side)
{
	return side == TCPD_CLIENT ? "client" : side == TCPD_SERVER ? "server" : "none";
}

void tcpd_pcap_event(struct tcpd_pcap_conn *c, int ev, int by, int64_t ts)
{
	/* Events by nobody (simultaneous ones, silence) are both ends'. */
	int slot = by == TCPD_CLIENT || by == TCPD_SERVER ? by : TCPD_PCAP_BY_BOTH;
	struct tcpd_pcap_event *e = &c->ev[ev][slot];

	if (!e->count++)
		e->first = ts;
}

static bool pure_ack(const struct tcpd_seg *s)
{
	return !s->len && (s->flags & ~TCPD_TH_PSH) == TCPD_TH_ACK;
}

/* Keepalive and zero-window probes both send SND.NXT-1 (tcp_xmit_probe_skb). */
static void probe_or_retrans(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	const struct tcpd_pcap_end *X = &c->end[x], *Y = &c->end[!x];
	bool old_byte = s->seq + 1 == X->nxt && s->len <= 1;

	if (old_byte && !(s->flags & (TCPD_TH_SYN | TCPD_TH_FIN)))
		tcpd_pcap_event(c, Y->win ? TCPD_EV_KEEPALIVE : TCPD_EV_WINDOW_PROBE, x, s->ts);
	else if (s->len && SEQ_LT(s->seq, X->nxt))
		tcpd_pcap_event(c, TCPD_EV_DATA_RETRANS, x, s->ts);
	else if (s->len && !Y->win && Y->nxt_valid)
		tcpd_pcap_event(c, TCPD_EV_WINDOW_PROBE, x, s->ts);
}

void tcpd_pcap_events_pre(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s,
			  int64_t idle_us)
{
	struct tcpd_pcap_end *X = &c->end[x];

	if (c->last && s->ts - c->last >= idle_us)
		tcpd_pcap_event(c, TCPD_EV_IDLE, x, s->ts);
	if (X->challenge_due && pure_ack(s)) {
		tcpd_pcap_event(c, TCPD_EV_CHALLENGE_ACK, x, s->ts);
		X->challenge_due = false;
	}
	if (s->flags & (TCPD_TH_SYN | TCPD_TH_RST))
		return;
	if (X->nxt_valid)
		probe_or_retrans(c, x, s);
	if (!s->win && X->win && X->nxt_valid)
		tcpd_pcap_event(c, TCPD_EV_ZERO_WINDOW, x, s->ts);
	if (s->len && X->state == TCPD_CLOSE_WAIT)
		tcpd_pcap_event(c, TCPD_EV_HALF_CLOSE_DATA, x, s->ts);
}

/* Advance what this end has sent; count only new payload bytes. */
void tcpd_pcap_track(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s)
{
	struct tcpd_pcap_end *X = &c->end[x];
	uint32_t end = s->seq + s->len + !!(s->flags & TCPD_TH_SYN) + !!(s->flags & TCPD_TH_FIN);
	uint32_t from;

	X->last = s->ts;
	if (s->flags & TCPD_TH_RST)
		return;
	X->win = s->win ? s->win : 0;
	if (!X->nxt_valid) {
		X->nxt_valid = true;
		X->nxt = end;
		X->bytes += s->len;
		return;
	}
	if (!SEQ_GT(end, X->nxt))
		return;
	from = SEQ_GT(s->seq, X->nxt) ? s->seq : X->nxt;
	X->bytes += (uint32_t)(s->seq + s->len - from) <= s->len ? s->seq + s->len - from : 0;
	X->nxt = end;
}

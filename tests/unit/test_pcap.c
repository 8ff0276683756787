// SPDX-License-Identifier: GPL-2.0-or-later
/* The capture decoder and the per-end state machines, on built segments. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <pcap/dlt.h>

#include "tap.h"
#include "tcpdoc/pcap.h"

enum { F = TCPD_TH_FIN, S = TCPD_TH_SYN, R = TCPD_TH_RST, A = TCPD_TH_ACK };

/* An Ethernet frame with @vlans tags, IPv4, TCP; returns its length. */
static uint32_t eth_ipv4(uint8_t *p, int vlans, uint16_t ip_len)
{
	uint32_t off = 12;
	int i;

	memset(p, 0, 128);
	for (i = 0; i < vlans; i++, off += 4) {
		p[off] = 0x81;
		p[off + 3] = 7;
	}
	p[off] = 0x08;
	off += 2;
	p[off] = 0x45;
	p[off + 2] = (uint8_t)(ip_len >> 8);
	p[off + 3] = (uint8_t)ip_len;
	p[off + 9] = 6;
	p[off + 12] = 10;
	p[off + 15] = 1;
	p[off + 16] = 10;
	p[off + 19] = 2;
	p[off + 20] = 0x9c;	/* sport 40000 */
	p[off + 21] = 0x40;
	p[off + 23] = 80;
	p[off + 32] = 5 << 4;
	p[off + 33] = S;
	return off + ip_len;
}

static void decode(void)
{
	uint8_t p[128];
	struct tcpd_seg s;
	uint32_t n;

	n = eth_ipv4(p, 0, 40);
	ok(tcpd_pcap_decode(DLT_EN10MB, p, n, &s) == TCPD_DEC_OK && s.sport == 40000 &&
	   s.dport == 80 && s.flags == S && s.len == 0, "Ethernet IPv4 SYN");
	n = eth_ipv4(p, 2, 45);
	ok(tcpd_pcap_decode(DLT_EN10MB, p, n, &s) == TCPD_DEC_OK && s.len == 5,
	   "two VLAN tags, payload length from the IP header");
	ok(tcpd_pcap_decode(DLT_EN10MB, p, 30, &s) == TCPD_DEC_SHORT, "cut inside IP: short");
	ok(tcpd_pcap_decode(DLT_EN10MB, p, n - 10, &s) == TCPD_DEC_SHORT, "cut inside TCP: short");
	p[8 + 14 + 9] = 17;
	ok(tcpd_pcap_decode(DLT_EN10MB, p, n, &s) == TCPD_DEC_SKIP, "UDP is skipped");
	ok(tcpd_pcap_decode(DLT_EN10MB, p, 3, &s) == TCPD_DEC_SHORT, "3 bytes: short");
	ok(!tcpd_pcap_dlt_ok(147) && tcpd_pcap_dlt_ok(DLT_LINUX_SLL2), "link types");
	n = eth_ipv4(p, 1, 40);
	ok(tcpd_pcap_decode(DLT_EN10MB, p, 15, &s) == TCPD_DEC_SHORT,
	   "a 15-byte VLAN frame: short");
	n = eth_ipv4(p, 0, 40);
	p[14] = 0x43;
	ok(tcpd_pcap_decode(DLT_EN10MB, p, n, &s) == TCPD_DEC_BAD, "IPv4 header length 12: bad");
	p[14] = 0x45;
	p[14 + 32] = 2 << 4;
	ok(tcpd_pcap_decode(DLT_EN10MB, p, n, &s) == TCPD_DEC_BAD, "TCP data offset 8: bad");
}

/* Raw IPv6 with @next extension headers of 8 bytes before TCP, @cut short. */
static uint32_t ipv6_exts(uint8_t *p, int next, uint32_t cut)
{
	uint32_t pay = (uint32_t)next * 8 + 20, off = 40;
	int i;

	memset(p, 0, 40 + pay);
	p[0] = 0x60;
	p[4] = (uint8_t)(pay >> 8);
	p[5] = (uint8_t)pay;
	p[6] = 0;		/* hop-by-hop first, then destination options */
	for (i = 0; i < next; i++, off += 8)
		p[off] = i + 1 < next ? 60 : 6;
	p[off + 12] = 5 << 4;
	p[off + 13] = S;
	return 40 + pay - cut;
}

static void ipv6_chains(void)
{
	static uint8_t p[40 + 500 * 8 + 20];
	struct tcpd_seg s;
	uint32_t n;

	n = ipv6_exts(p, 500, 0);
	ok(tcpd_pcap_decode(DLT_RAW, p, n, &s) == TCPD_DEC_OK && s.flags == S && s.len == 0,
	   "500 chained IPv6 extension headers, then TCP");
	n = ipv6_exts(p, 500, 2000);
	ok(tcpd_pcap_decode(DLT_RAW, p, n, &s) == TCPD_DEC_SHORT,
	   "the chain running past the packet's end: short");
}

struct got {
	struct tcpd_pcap_conn c[4];
	int n;
};

static int keep(const struct tcpd_pcap_conn *c, void *arg)
{
	struct got *g = arg;

	if (g->n < 4)
		g->c[g->n++] = *c;
	return 0;
}

static void feed(struct tcpd_pcap_an *an, int64_t ms, int from_client, uint8_t fl,
		 uint32_t seq, uint32_t ack, uint32_t len)
{
	struct tcpd_seg s = { .ts = 1000000000 + ms * 1000, .flags = fl, .seq = seq,
			      .ack = ack, .len = len, .win = 1000 };
	struct tcpd_err err;

	s.src.family = s.dst.family = AF_INET;
	s.src.b[3] = from_client ? 1 : 2;
	s.dst.b[3] = from_client ? 2 : 1;
	s.sport = from_client ? 40000 : 80;
	s.dport = from_client ? 80 : 40000;
	tcpd_pcap_an_seg(an, &s, &err);
}

static bool states_are(const struct tcpd_pcap_end *e, const int *want, int n)
{
	int i;

	if (e->nhops != n)
		return false;
	for (i = 0; i < n; i++)
		if (e->hops[i].state != want[i])
			return false;
	return true;
}

static void machines(void)
{
	static const int cl[] = { TCPD_SYN_SENT, TCPD_ESTABLISHED, TCPD_FIN_WAIT1,
				  TCPD_FIN_WAIT2, TCPD_TIME_WAIT, TCPD_CLOSE };
	static const int sv[] = { TCPD_LISTEN, TCPD_SYN_RECV, TCPD_ESTABLISHED,
				  TCPD_CLOSE_WAIT, TCPD_LAST_ACK, TCPD_CLOSE };
	struct got g = { .n = 0 };
	struct tcpd_pcap_opts o = { .emit = keep, .arg = &g };
	struct tcpd_err err;
	struct tcpd_pcap_an *an = tcpd_pcap_an_new(&o, &err);

	feed(an, 0, 1, S, 100, 0, 0);
	feed(an, 1, 0, S | A, 500, 101, 0);
	feed(an, 2, 1, A, 101, 501, 0);
	feed(an, 10, 1, F | A, 101, 501, 0);
	feed(an, 11, 0, A, 501, 102, 0);
	feed(an, 5000, 0, F | A, 501, 102, 0);
	feed(an, 5001, 1, A, 102, 502, 0);
	/* The same 4-tuple again, 70 s later: the first is reported by then. */
	feed(an, 75000, 1, S, 9000, 0, 0);
	feed(an, 75001, 0, R | A, 0, 9001, 0);
	tcpd_pcap_an_finish(an, &err);
	ok(g.n == 2, "two connections on one 4-tuple");
	ok(states_are(&g.c[0].end[TCPD_CLIENT], cl, 6), "active closer: ... TIME_WAIT, CLOSE after 60 s");
	ok(states_are(&g.c[0].end[TCPD_SERVER], sv, 6), "passive closer: ... CLOSE_WAIT, LAST_ACK, CLOSE");
	ok(g.c[0].end[TCPD_CLIENT].hops[4].us == 60000000, "TIME_WAIT lasts 60 s");
	ok(g.c[0].end[TCPD_SERVER].hops[3].us == 4990000, "CLOSE_WAIT 4.99 s");
	ok(g.c[0].outcome == TCPD_OUT_CLOSED && g.c[0].closed_first_by == TCPD_CLIENT, "closed by client");
	ok(g.c[1].outcome == TCPD_OUT_REFUSED, "then refused");
	tcpd_pcap_an_free(an);
}

int main(void)
{
	decode();
	ipv6_chains();
	machines();
	return tap_done();
}

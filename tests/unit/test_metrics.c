// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's tally (src/lib/metrics): records fed as the doctor's dump feeds
 * them, then the tables cut to the top N with the rest in "other". What
 * goes in must come out: every socket counted once, in its port's row or
 * in "other", and the RTT in the right bucket.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "metrics/metrics_int.h"

static struct tcpd_sock sock(int state, uint16_t lport, uint16_t rport)
{
	struct tcpd_sock s;
	uint32_t lo = htonl(INADDR_LOOPBACK);

	memset(&s, 0, sizeof(s));
	tcpd_addr_set(&s.local, AF_INET, &lo);
	tcpd_addr_set(&s.remote, AF_INET, &lo);
	s.state = (uint8_t)state;
	s.lport = lport;
	s.rport = rport;
	return s;
}

static void feed(struct tally *t, struct tcpd_sock s, int n, struct tcpd_err *err)
{
	while (n--)
		if (tally_sock(&s, t, err))
			abort();
}

/* Ports 1001..1005 listen, port 100N holds N ESTABLISHED; 7 client sockets. */
static void fill(struct tally *t, struct tcpd_err *err)
{
	struct tcpd_sock s;
	int p;

	for (p = 1; p <= 5; p++) {
		s = sock(TCPD_LISTEN, (uint16_t)(1000 + p), 0);
		s.send_q = 128;
		s.recv_q = (uint32_t)p;
		feed(t, s, 1, err);
	}
	for (p = 1; p <= 5; p++) {
		s = sock(TCPD_ESTABLISHED, (uint16_t)(1000 + p), 40000);
		s.has_info = true;
		s.info.tcpi_rtt = 300;		/* 0.3 ms: the 0.0005 bucket */
		s.info.tcpi_total_retrans = 2;
		feed(t, s, p, err);
	}
	feed(t, sock(TCPD_ESTABLISHED, 40001, 1001), 4, err);
	feed(t, sock(TCPD_TIME_WAIT, 40002, 80), 3, err);
	feed(t, sock(TCPD_NEW_SYN_RECV, 1005, 40003), 2, err);
}

static void test_ports(void)
{
	struct tcpd_metrics m;
	struct tcpd_err err = { 0 };
	struct tally t;
	uint64_t est = 0;
	size_t i;

	memset(&m, 0, sizeof(m));
	ok(!tally_init(&t, &m), "tally_init");
	fill(&t, &err);
	ok(!tally_listeners(&t, 2, &err), "tally_listeners");
	ok(!tally_ports(&t, 2, &err), "tally_ports");
	ok(m.nports == 3, "top 2 ports and other: %zu rows", m.nports);
	ok(m.ports[0].port == 1005 && m.ports[1].port == 1004 && m.ports[2].port == -1,
	   "busiest first, other last (%d %d %d)", m.ports[0].port, m.ports[1].port,
	   m.ports[2].port);
	for (i = 0; i < m.nports; i++)
		est += m.ports[i].state[TCPD_M_ESTABLISHED];
	ok(est == 15 + 4, "every ESTABLISHED socket counted once (%llu)", (unsigned long long)est);
	ok(m.ports[2].state[TCPD_M_ESTABLISHED] == 1 + 2 + 3 + 4,
	   "other holds ports 1001-1003 and the client side");
	ok(m.ports[2].state[TCPD_M_TIME_WAIT] == 3, "client TIME_WAIT in other");
	ok(m.ports[0].state[TCPD_M_SYN_RECV] == 2, "request sockets on their listener's port");
	ok(m.ports[0].rtt[2] == 5 && m.ports[0].rtt_count == 5,
	   "5 RTTs of 0.3 ms in the 0.5 ms bucket");
	ok(m.ports[0].retrans == 10, "retransmissions summed (%llu)",
	   (unsigned long long)m.ports[0].retrans);
	ok(m.nlisteners == 3 && m.listeners[0].queue == 5 && m.listeners[2].other &&
	   m.listeners[2].queue == 1 + 2 + 3, "listeners: fullest first, the rest summed");
	ok(m.listeners[0].syn_recv == 2, "listener 1005 counts its 2 SYN_RECV");
	tally_free(&t);
	tcpd_metrics_free(&m);
}

int main(void)
{
	test_ports();
	ok(tcpd_mstate_state(TCPD_M_CLOSE_WAIT) == TCPD_CLOSE_WAIT, "mstate names");
	ok(tcpd_rtt_bound_s(TCPD_RTT_NBOUNDS - 1) == 0.5, "last bound 0.5 s");
	return tap_done();
}

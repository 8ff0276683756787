// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pairing index (doctor/pairs.c): both ends of a connection meet by
 * their reversed 4-tuple, in either order; loopback pairs only inside its
 * namespace; only the candidate states go in.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "doctor/pairs.h"
#include "tcpdoc/state.h"

static struct tcpd_sock sock(const char *la, int lp, const char *ra, int rp, int state)
{
	struct tcpd_sock s = { .lport = (uint16_t)lp, .rport = (uint16_t)rp,
			       .state = (uint8_t)state, .inode = (uint64_t)lp * 7 };
	uint8_t b[16];

	inet_pton(AF_INET, la, b);
	tcpd_addr_set(&s.local, AF_INET, b);
	inet_pton(AF_INET, ra, b);
	tcpd_addr_set(&s.remote, AF_INET, b);
	if (state == TCPD_SYN_RECV)
		s.retrans = 1;
	if (state == TCPD_ESTABLISHED) {
		s.has_info = true;
		s.info.tcpi_bytes_acked = 1;	/* its SYN; the SYN-ACK came twice */
		s.info.tcpi_segs_in = 2;
		s.info.tcpi_segs_out = 3;
	}
	return s;
}

struct seen {
	size_t pairs, handshakes, closes;
};

static void count(struct tcpd_pair_end *a, struct tcpd_pair_end *b, void *arg)
{
	struct seen *n = arg;
	int lo = a->state < b->state ? a->state : b->state;

	n->pairs++;
	n->handshakes += lo == TCPD_ESTABLISHED;
	n->closes += lo == TCPD_FIN_WAIT2;
}

static struct seen walk(struct tcpd_pairs *p)
{
	struct seen n = { 0 };

	tcpd_pairs_each(p, count, &n);
	return n;
}

static void add(struct tcpd_pairs *p, struct tcpd_sock s)
{
	if (tcpd_pairs_add(p, &s)) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
}

int main(void)
{
	struct tcpd_pairs p;
	struct tcpd_sock s;
	struct seen n;

	if (tcpd_pairs_init(&p, true) || tcpd_pairs_enter(&p, 1, "a", "-N a "))
		return 1;
	/* Client first, then its server's request: and the other way round. */
	add(&p, sock("127.0.0.1", 40000, "127.0.0.1", 80, TCPD_ESTABLISHED));
	add(&p, sock("127.0.0.1", 80, "127.0.0.1", 40000, TCPD_SYN_RECV));
	add(&p, sock("127.0.0.1", 80, "127.0.0.1", 40001, TCPD_SYN_RECV));
	add(&p, sock("127.0.0.1", 40001, "127.0.0.1", 80, TCPD_ESTABLISHED));
	n = walk(&p);
	ok(n.pairs == 2 && n.handshakes == 2, "handshakes pair in either order (%zu)", n.pairs);

	/* Data received: an ordinary connection, not a candidate. */
	s = sock("127.0.0.1", 40002, "127.0.0.1", 80, TCPD_ESTABLISHED);
	s.info.tcpi_bytes_received = 10;
	add(&p, s);
	add(&p, sock("127.0.0.1", 80, "127.0.0.1", 40002, TCPD_SYN_RECV));
	/* An idle client (one SYN-ACK, no data) is an ordinary connection too. */
	s = sock("127.0.0.1", 40004, "127.0.0.1", 80, TCPD_ESTABLISHED);
	s.info.tcpi_segs_in = 1;
	s.info.tcpi_segs_out = 2;
	add(&p, s);
	/* A request whose SYN-ACK was never re-sent is not one either. */
	s = sock("127.0.0.1", 80, "127.0.0.1", 40003, TCPD_SYN_RECV);
	s.retrans = 0;
	add(&p, s);
	add(&p, sock("127.0.0.1", 40003, "127.0.0.1", 80, TCPD_ESTABLISHED));
	ok(walk(&p).pairs == 2, "ESTABLISHED with data, and fresh requests, stay out");
	ok(p.t.len == 4, "only candidates are indexed (%zu entries)", p.t.len);

	/* Loopback in another namespace is another connection. */
	tcpd_pairs_enter(&p, 2, "b", "-N b ");
	add(&p, sock("127.0.0.1", 80, "127.0.0.1", 40000, TCPD_SYN_RECV));
	ok(walk(&p).pairs == 2, "loopback does not pair across namespaces");

	/* A veth between them: FIN_WAIT2 in b faces CLOSE_WAIT in a. */
	add(&p, sock("10.0.0.2", 50000, "10.0.0.1", 5432, TCPD_FIN_WAIT2));
	tcpd_pairs_enter(&p, 1, "a", "-N a ");
	add(&p, sock("10.0.0.1", 5432, "10.0.0.2", 50000, TCPD_CLOSE_WAIT));
	n = walk(&p);
	ok(n.pairs == 3 && n.closes == 1, "FIN_WAIT2 and CLOSE_WAIT pair across namespaces");
	tcpd_pairs_free(&p);
	return tap_done();
}

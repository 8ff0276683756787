// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Snapshot records: a socket with every tcp_info field set, a counter read
 * and a namespace come back from their bytes exactly; the bytes are
 * little-endian whatever the host; a record a source could not have made
 * is refused; a shorter tcp_info (an older kernel) reads with the rest 0.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "snapshot/records.h"
#include "tcpdoc/state.h"
#include "tap.h"

static void fill_sock(struct tcpd_sock *s)
{
	uint8_t *p = (uint8_t *)&s->info;
	size_t i;

	memset(s, 0, sizeof(*s));
	s->local.family = s->remote.family = AF_INET6;
	for (i = 0; i < 16; i++) {
		s->local.b[i] = (uint8_t)i;
		s->remote.b[i] = (uint8_t)(0xf0 + i);
	}
	s->lport = 8080;
	s->rport = 51234;
	s->state = TCPD_CLOSE_WAIT;
	s->timer = TCPD_TIMER_KEEPALIVE;
	s->retrans = 3;
	s->v6only = TCPD_V6ONLY_NO;
	s->recv_q = 0x01020304;
	s->send_q = 77;
	s->expires_ms = 123456;
	s->uid = 1000;
	s->ifindex = 2;
	s->inode = 0x1122334455667788ull;
	s->cookie = 0x8877665544332211ull;
	s->has_info = true;
	for (i = 0; i < sizeof(s->info); i++)
		p[i] = (uint8_t)(i * 7 + 1);
}

static void sock_round_trip(void)
{
	struct snap_buf b = { 0 };
	struct tcpd_sock s, t;
	struct snap_cur c;
	char ifname[TCPD_IFNAMELEN];

	fill_sock(&s);
	snap_wr_sock(&b, &s, "veth0");
	c = (struct snap_cur){ b.p, b.len, false };
	ok(!b.fail && !snap_rd_sock(&c, &t, ifname) && !c.left, "a socket record reads back whole");
	ok(!memcmp(&s.info, &t.info, sizeof(s.info)), "every tcp_info field comes back");
	ok(t.inode == s.inode && t.cookie == s.cookie && t.recv_q == s.recv_q &&
	   t.lport == 8080 && t.rport == 51234 && t.state == TCPD_CLOSE_WAIT &&
	   t.timer == TCPD_TIMER_KEEPALIVE && t.retrans == 3 && t.v6only == TCPD_V6ONLY_NO &&
	   t.expires_ms == 123456 && t.uid == 1000 && t.ifindex == 2,
	   "every field comes back");
	ok(!memcmp(&t.local, &s.local, sizeof(s.local)) &&
	   !memcmp(&t.remote, &s.remote, sizeof(s.remote)), "both addresses come back");
	is_str(ifname, "veth0", "the interface's name comes back");
	/* lport is bytes 6-7 of the record: little-endian on every host. */
	ok(b.p[6] == (8080 & 0xff) && b.p[7] == (8080 >> 8), "numbers are little-endian");

	/* An older kernel's tcp_info: 104 bytes (up to tcpi_total_retrans). */
	c = (struct snap_cur){ b.p, b.len, false };
	b.len -= sizeof(s.info);
	b.p[b.len - 2] = 104;
	b.p[b.len - 1] = 0;
	c.left = b.len + 104;
	ok(!snap_rd_sock(&c, &t, ifname) && t.info.tcpi_total_retrans == s.info.tcpi_total_retrans &&
	   !t.info.tcpi_pacing_rate && !t.info.tcpi_snd_wnd, "a shorter tcp_info reads, the rest 0");

	b.p[1] = 13;	/* state */
	c = (struct snap_cur){ b.p, b.len, false };
	ok(snap_rd_sock(&c, &t, ifname) < 0, "a state no kernel has is refused");
	c = (struct snap_cur){ b.p, 20, false };
	ok(snap_rd_sock(&c, &t, ifname) < 0 && c.bad, "a cut record is refused");
	free(b.p);
}

static void kernel_round_trip(void)
{
	struct snap_buf b = { 0 };
	struct tcpd_kernel k = { 0 }, r;
	struct snap_cur c;
	int i;

	for (i = 0; i < TCPD_SYS_MAX; i++) {
		k.has_sys[i] = i % 3 != 0;
		k.sys[i] = i * 1000 - 5;
	}
	k.sys_unread = 1u << TCPD_SYS_MAX_TW_BUCKETS;
	for (i = 0; i < TCPD_C_MAX; i++) {
		k.has_ctr[i] = i % 2;
		k.ctr[i] = (uint64_t)i << 40;
	}
	k.has_sockstat = true;
	k.inuse = 7;
	k.tw = 9;
	k.at = 1234.5;
	snap_wr_kernel(&b, &k);
	c = (struct snap_cur){ b.p, b.len, false };
	ok(!snap_rd_kernel(&c, &r) && !c.left, "a counter read reads back whole");
	ok(!memcmp(r.has_sys, k.has_sys, sizeof(k.has_sys)) && !memcmp(r.sys, k.sys, sizeof(k.sys)) &&
	   r.sys_unread == k.sys_unread, "every sysctl, read or not, comes back");
	ok(!memcmp(r.has_ctr, k.has_ctr, sizeof(k.has_ctr)) && !memcmp(r.ctr, k.ctr, sizeof(k.ctr)),
	   "every counter comes back");
	ok(r.has_sockstat && r.inuse == 7 && r.tw == 9 && r.at > 1234.49 && r.at < 1234.51,
	   "sockstat and the time of the read come back");
	free(b.p);
}

static void netns_round_trip(void)
{
	struct tcpd_netns ns = { .inode = 4026531840u, .pid = 42 }, r;
	struct snap_buf b = { 0 };
	struct snap_cur c;

	strcpy(ns.name, "blue");
	strcpy(ns.path, "/run/netns/blue");
	snap_wr_netns(&b, &ns);
	c = (struct snap_cur){ b.p, b.len, false };
	ok(!snap_rd_netns(&c, &r) && r.inode == ns.inode && r.pid == 42 &&
	   !strcmp(r.name, "blue") && !strcmp(r.path, ns.path) && !r.container[0],
	   "a namespace reads back");
	b.p[8 + 4] = 200;	/* the name's length, past the section */
	c = (struct snap_cur){ b.p, b.len, false };
	ok(snap_rd_netns(&c, &r) < 0, "a string longer than what is left is refused");
	free(b.p);
}

static bool same_connect(const struct tcpd_connect *a, const struct tcpd_connect *b)
{
	return a->netns == b->netns && a->dst.family == b->dst.family &&
	       !memcmp(a->dst.b, b->dst.b, 16) && a->dport == b->dport && a->pid == b->pid &&
	       !strcmp(a->comm, b->comm) && a->count == b->count;
}

static void connects_round_trip(void)
{
	struct tcpd_connect e[2] = {
		{ .netns = 4026531840ull, .dst = { AF_INET, { 127, 0, 0, 1 } }, .dport = 8083,
		  .pid = 4242, .comm = "shortconn", .count = 900 },
		{ .netns = 7, .dst = { AF_INET6, { [15] = 1 } }, .dport = 443, .pid = 1,
		  .comm = "curl", .count = 1 },
	};
	struct tcpd_connects in = { .state = TCPD_TRACE_DONE, .seconds = 1.25, .c = e,
				    .len = 2, .total = 901, .uncounted = 3 };
	struct tcpd_connects out = { 0 };
	struct snap_buf b = { 0 };
	struct snap_cur c;

	snap_wr_connects(&b, &in);
	c = (struct snap_cur){ b.p, b.len, false };
	ok(!b.fail && !snap_rd_connects(&c, &out) && !c.left, "a connect trace reads back whole");
	ok(out.state == TCPD_TRACE_DONE && out.seconds == 1.25 && out.total == 901 &&
	   out.uncounted == 3 && out.len == 2, "its state, time and totals come back");
	ok(out.len == 2 && same_connect(&out.c[0], &e[0]) && same_connect(&out.c[1], &e[1]),
	   "every row comes back, v4 and v6");
	tcpd_connects_free(&out);
	b.p[0] = 9;	/* a state no tcpdoc writes */
	c = (struct snap_cur){ b.p, b.len, false };
	ok(snap_rd_connects(&c, &out) == -1 && !out.c, "an unknown trace state is refused");
	b.p[0] = TCPD_TRACE_DONE;
	c = (struct snap_cur){ b.p, b.len - 1, false };
	ok(snap_rd_connects(&c, &out) == -1, "a row cut short is refused");
	tcpd_connects_free(&out);
	free(b.p);
}

int main(void)
{
	sock_round_trip();
	kernel_round_trip();
	netns_round_trip();
	connects_round_trip();
	return tap_done();
}

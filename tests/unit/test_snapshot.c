// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Snapshot records: a socket with every tcp_info field set, a counter read
 * and a namespace come back from their bytes exactly; the bytes are
 * little-endian whatever the host; a record a source could not have made
 * is refused; a shorter tcp_info (an older kernel) reads with the rest 0.
 * The doctor's connect() trace (EVENTS) comes back through a whole file
 * and the scope, and a file without one replays as "not recorded".
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "snapshot/events.h"
#include "snapshot/records.h"
#include "snapshot/snap_int.h"
#include "tcpdoc/snapshot.h"
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

static void fill_connects(struct tcpd_connects *c)
{
	static struct tcpd_connect rows[2];
	static const uint8_t v4[4] = { 127, 0, 0, 1 };
	static const uint8_t v6[16] = { [15] = 1 };

	memset(c, 0, sizeof(*c));
	memset(rows, 0, sizeof(rows));
	c->state = TCPD_TRACE_DONE;
	c->seconds = 1.25;
	c->total = 812 + 3 + 5;
	c->uncounted = 5;
	rows[0] = (struct tcpd_connect){ .netns = 4026531840u, .dport = 8083, .pid = 4242,
					 .count = 812 };
	tcpd_addr_set(&rows[0].dst, AF_INET, v4);
	strcpy(rows[0].comm, "shortconn");
	rows[1] = (struct tcpd_connect){ .netns = 4026532001u, .dport = 443, .pid = 7,
					 .count = 3 };
	tcpd_addr_set(&rows[1].dst, AF_INET6, v6);
	strcpy(rows[1].comm, "curl");
	c->c = rows;
	c->len = c->cap = 2;
}

static bool same_connects(const struct tcpd_connects *a, const struct tcpd_connects *b)
{
	size_t i;

	if (a->state != b->state || a->seconds != b->seconds || a->total != b->total ||
	    a->uncounted != b->uncounted || a->len != b->len || strcmp(a->why, b->why))
		return false;
	for (i = 0; i < a->len; i++) {
		const struct tcpd_connect *x = &a->c[i], *y = &b->c[i];

		if (x->netns != y->netns || x->dport != y->dport || x->pid != y->pid ||
		    x->count != y->count || strcmp(x->comm, y->comm) ||
		    x->dst.family != y->dst.family || memcmp(x->dst.b, y->dst.b, 16))
			return false;
	}
	return true;
}

static void events_round_trip(void)
{
	struct tcpd_connects c, r;
	struct snap_buf b = { 0 };
	struct snap_cur cur;

	fill_connects(&c);
	snap_wr_events(&b, &c);
	cur = (struct snap_cur){ b.p, b.len, false };
	ok(!b.fail && !snap_rd_events(&cur, &r) && !cur.left && same_connects(&c, &r),
	   "a connect() trace reads back whole: state, seconds, totals, every row");
	tcpd_connects_free(&r);
	cur = (struct snap_cur){ b.p, b.len - 1, false };
	ok(snap_rd_events(&cur, &r) < 0 && !r.c, "a cut trace is refused");
	b.p[0] = 9;	/* a state no trace has */
	cur = (struct snap_cur){ b.p, b.len, false };
	ok(snap_rd_events(&cur, &r) < 0, "a state no trace has is refused");
	b.p[0] = TCPD_TRACE_OFF;
	cur = (struct snap_cur){ b.p, b.len, false };
	ok(snap_rd_events(&cur, &r) < 0, "rows in a trace that did not run are refused");
	b.p[0] = TCPD_TRACE_DONE;
	b.p[1 + 2 + 8] = 10;	/* total 820 -> 10: fewer than the rows count */
	b.p[1 + 2 + 8 + 1] = 0;
	cur = (struct snap_cur){ b.p, b.len, false };
	ok(snap_rd_events(&cur, &r) < 0, "rows counting more connects than the total are refused");
	free(b.p);
	b = (struct snap_buf){ 0 };
	memset(&c, 0, sizeof(c));
	c.state = TCPD_TRACE_FAILED;
	strcpy(c.why, "permission denied");
	snap_wr_events(&b, &c);
	cur = (struct snap_cur){ b.p, b.len, false };
	ok(!snap_rd_events(&cur, &r) && r.state == TCPD_TRACE_FAILED &&
	   !strcmp(r.why, "permission denied") && !r.len, "a failed trace keeps why");
	free(b.p);
}

static void section(struct snap_buf *f, uint32_t type, struct snap_buf *sec)
{
	wr_u32(f, type);
	wr_u32(f, (uint32_t)sec->len);
	wr_bytes(f, sec->p, sec->len);
	sec->len = 0;
}

/* A whole file: META, then @events times the trace, then END; 0 or -1. */
static int open_file(int events, struct tcpd_snap **out, struct tcpd_err *err)
{
	struct snap_buf f = { 0 }, sec = { 0 };
	struct tcpd_snap_info info = { .interval_ms = 1000 };
	struct tcpd_connects c;
	size_t bound;
	uint8_t *z;
	int i, ret = -1;

	fill_connects(&c);
	snap_wr_meta(&sec, &info);
	section(&f, SNAP_SEC_META, &sec);
	for (i = 0; i < events; i++) {
		snap_wr_events(&sec, &c);
		section(&f, SNAP_SEC_EVENTS, &sec);
	}
	wr_u64(&sec, 0);
	section(&f, SNAP_SEC_END, &sec);
	bound = ZSTD_compressBound(f.len);
	z = malloc(SNAP_HEADER_LEN + bound);
	if (z && !f.fail && !sec.fail) {
		size_t n = ZSTD_compress(z + SNAP_HEADER_LEN, bound, f.p, f.len, 1);

		memcpy(z, SNAP_MAGIC "\1\0\0\0\0\0\0\0", SNAP_HEADER_LEN);
		if (!ZSTD_isError(n))
			ret = tcpd_snap_open_mem(z, SNAP_HEADER_LEN + n, "t.snap", 1 << 20, out, err);
	}
	free(z);
	free(f.p);
	free(sec.p);
	return ret;
}

/* Through the scope, as the doctor takes it when replaying. */
static void events_replayed(void)
{
	struct tcpd_err err = { 0 };
	struct tcpd_scope scope;
	struct tcpd_connects c, r;
	struct tcpd_snap *s;

	fill_connects(&c);
	memset(&scope, 0, sizeof(scope));
	ok(!open_file(1, &s, &err), "a file with a connect() trace opens");
	if (s) {
		tcpd_scope_replay(&scope, s);
		ok(!tcpd_scope_connects(&scope, &r) && same_connects(&c, &r),
		   "the scope hands the recorded trace back whole");
		tcpd_connects_free(&r);
		tcpd_snap_free(s);
	}
	memset(&scope, 0, sizeof(scope));
	ok(!open_file(0, &s, &err), "a file without one (older) opens");
	if (s) {
		tcpd_scope_replay(&scope, s);
		ok(!tcpd_scope_connects(&scope, &r) && r.state == TCPD_TRACE_NOT_RECORDED && !r.len,
		   "a file without a trace replays it as not recorded");
		tcpd_snap_free(s);
	}
	ok(open_file(2, &s, &err) && err.kind == TCPD_E_INPUT && strstr(err.msg, "second"),
	   "a second trace in one file is refused");
}

int main(void)
{
	sock_round_trip();
	kernel_round_trip();
	netns_round_trip();
	events_round_trip();
	events_replayed();
	return tap_done();
}

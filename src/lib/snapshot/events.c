// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The snapshot's EVENTS section: the doctor's connect() trace, as the
 * doctor's run while taking the snapshot ended it (watched, failed or
 * off), with every (namespace, process, destination) row. Replayed, the
 * rules name the same culprits offline as they named live.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/vec.h"
#include "snapshot/events.h"

/* The smallest row: inode, family, IPv4 address, port, pid, comm, count. */
#define ROW_MIN (8 + 1 + 4 + 2 + 4 + 16 + 8)
/* The trace watches the interval (at most an hour) and a little more. */
#define MAX_WATCHED_US (7200ull * 1000000)

static void wr_row(struct snap_buf *b, const struct tcpd_connect *c)
{
	char comm[sizeof(c->comm)] = { 0 };
	bool v6 = c->dst.family == AF_INET6;

	memcpy(comm, c->comm, strnlen(c->comm, sizeof(comm) - 1));
	wr_u64(b, c->netns);
	wr_u8(b, v6 ? 6 : 4);
	wr_bytes(b, c->dst.b, v6 ? 16 : 4);
	wr_u16(b, c->dport);
	wr_u32(b, c->pid);
	wr_bytes(b, comm, sizeof(comm));
	wr_u64(b, c->count);
}

void snap_wr_events(struct snap_buf *b, const struct tcpd_connects *c)
{
	size_t i;

	wr_u8(b, (uint8_t)c->state);
	wr_str(b, c->state == TCPD_TRACE_FAILED ? c->why : "");
	wr_u64(b, c->seconds > 0 ? (uint64_t)(c->seconds * 1e6) : 0);
	wr_u64(b, c->total);
	wr_u64(b, c->uncounted);
	wr_u32(b, (uint32_t)c->len);
	for (i = 0; i < c->len; i++)
		wr_row(b, &c->c[i]);
}

/* One row; -1 (c->bad) for one no trace could have made. */
static int rd_row(struct snap_cur *c, struct tcpd_connect *r)
{
	const uint8_t *p;
	uint8_t fam;

	memset(r, 0, sizeof(*r));
	r->netns = rd_u64(c);
	fam = rd_u8(c);
	if (fam != 4 && fam != 6)
		c->bad = true;
	p = rd_bytes(c, fam == 6 ? 16 : 4);
	if (p)
		tcpd_addr_set(&r->dst, fam == 6 ? AF_INET6 : AF_INET, p);
	r->dport = rd_u16(c);
	r->pid = rd_u32(c);
	p = rd_bytes(c, sizeof(r->comm));
	/* A command name is NUL-terminated within its 16 bytes, as the kernel's. */
	if (p && !memchr(p, '\0', sizeof(r->comm)))
		c->bad = true;
	if (p)
		memcpy(r->comm, p, sizeof(r->comm));
	r->count = rd_u64(c);
	return c->bad ? -1 : 0;
}

static int rd_rows(struct snap_cur *c, struct tcpd_connects *out)
{
	uint32_t n = rd_u32(c), i;
	uint64_t sum = 0;

	if (c->bad || n > TCPD_CONNECTS_MAX || n > c->left / ROW_MIN)
		return -1;
	if (n && tcpd_vec_room(out->c, out->len, out->cap, n))
		return -2;
	for (i = 0; i < n; i++) {
		struct tcpd_connect *r = &out->c[out->len];

		if (rd_row(c, r) || r->count > out->total - sum)
			return -1;
		sum += r->count;
		out->len++;
	}
	return 0;
}

int snap_rd_events(struct snap_cur *c, struct tcpd_connects *out)
{
	uint8_t state = rd_u8(c);
	uint64_t us;
	int ret;

	memset(out, 0, sizeof(*out));
	rd_str(c, out->why, sizeof(out->why));
	us = rd_u64(c);
	out->total = rd_u64(c);
	out->uncounted = rd_u64(c);
	if (c->bad || state > TCPD_TRACE_FAILED || us > MAX_WATCHED_US ||
	    out->uncounted > out->total || (state != TCPD_TRACE_FAILED && out->why[0]))
		return -1;
	out->state = (enum tcpd_trace_state)state;
	out->seconds = (double)us / 1e6;
	ret = rd_rows(c, out);
	/* Only a trace that ran has rows. */
	if (!ret && out->len && out->state != TCPD_TRACE_DONE)
		ret = -1;
	if (ret) {
		free(out->c);
		out->c = NULL;
		out->len = out->cap = 0;
	}
	return ret;
}

int snap_connects_copy(const struct tcpd_connects *from, struct tcpd_connects *to)
{
	*to = *from;
	to->c = NULL;
	to->len = to->cap = 0;
	if (!from->len)
		return 0;
	if (tcpd_vec_room(to->c, to->len, to->cap, from->len))
		return -1;
	memcpy(to->c, from->c, from->len * sizeof(*from->c));
	to->len = from->len;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The snapshot's EVENTS section: the connect() calls the doctor watched
 * during its interval (the culprits of client-side TIME_WAIT and port
 * exhaustion), written after the run and handed back to the rules on
 * replay, so the owners they name offline are the ones named live. A file
 * without the section replays as a run that watched nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tcpdoc/i18n.h"
#include "snapshot/records.h"
#include "snapshot/replay.h"
#include "snapshot/snap_int.h"

/* netns, family, address, port, pid, command, count */
#define EV_CONNECT_LEN (8 + 1 + 16 + 2 + 4 + 16 + 8)

void snap_wr_connects(struct snap_buf *b, const struct tcpd_connects *c)
{
	size_t i;

	wr_u8(b, (uint8_t)c->state);
	wr_str(b, c->state == TCPD_TRACE_FAILED ? c->why : "");
	wr_u64(b, (uint64_t)(c->seconds * 1e6));
	wr_u64(b, c->total);
	wr_u64(b, c->uncounted);
	wr_u32(b, (uint32_t)c->len);
	for (i = 0; i < c->len; i++) {
		const struct tcpd_connect *e = &c->c[i];

		wr_u64(b, e->netns);
		wr_u8(b, e->dst.family == AF_INET6 ? 6 : 4);
		wr_bytes(b, e->dst.b, sizeof(e->dst.b));
		wr_u16(b, e->dport);
		wr_u32(b, e->pid);
		wr_bytes(b, e->comm, sizeof(e->comm));
		wr_u64(b, e->count);
	}
}

int snap_rec_connects(struct tcpd_snap *s, const struct tcpd_connects *c, struct tcpd_err *err)
{
	snap_wr_connects(&s->out->sec, c);
	return snap_out_section(s, SNAP_SEC_EVENTS, err);
}

static void rd_connect(struct snap_cur *c, struct tcpd_connect *e)
{
	const uint8_t *p;
	uint8_t fam;

	e->netns = rd_u64(c);
	fam = rd_u8(c);
	if (fam != 4 && fam != 6)
		c->bad = true;
	e->dst.family = fam == 6 ? AF_INET6 : AF_INET;
	p = rd_bytes(c, sizeof(e->dst.b));
	if (p)
		memcpy(e->dst.b, p, sizeof(e->dst.b));
	e->dport = rd_u16(c);
	e->pid = rd_u32(c);
	p = rd_bytes(c, sizeof(e->comm));
	if (p)
		memcpy(e->comm, p, sizeof(e->comm));
	e->comm[sizeof(e->comm) - 1] = '\0';
	e->count = rd_u64(c);
}

int snap_rd_connects(struct snap_cur *c, struct tcpd_connects *out)
{
	uint8_t state = rd_u8(c);
	uint32_t n;
	size_t i;

	rd_str(c, out->why, sizeof(out->why));
	out->seconds = (double)rd_u64(c) / 1e6;
	out->total = rd_u64(c);
	out->uncounted = rd_u64(c);
	n = rd_u32(c);
	if (c->bad || state > TCPD_TRACE_FAILED || n > TCPD_CONNECTS_MAX ||
	    (size_t)n * EV_CONNECT_LEN != c->left || out->seconds > 3600)
		return -1;
	out->state = (enum tcpd_trace_state)state;
	out->c = n ? calloc(n, sizeof(*out->c)) : NULL;
	if (n && !out->c)
		return -2;
	out->len = out->cap = n;
	for (i = 0; i < n; i++)
		rd_connect(c, &out->c[i]);
	return c->bad ? -1 : 0;
}

int snap_replay_connects(const struct tcpd_snap *s, struct tcpd_connects *out)
{
	const struct tcpd_connects *in = &s->connects;

	free(out->c);
	*out = *in;
	out->c = NULL;
	out->len = out->cap = 0;
	if (!in->len)
		return 0;
	out->c = malloc(in->len * sizeof(*in->c));
	if (!out->c)
		return -1;
	memcpy(out->c, in->c, in->len * sizeof(*in->c));
	out->len = out->cap = in->len;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Numbers in the snapshot's byte order (little-endian), written into a
 * growing buffer and read back through a cursor that never reads past its
 * end: a short read sets @bad and yields zeros, so a decoder checks once.
 */
#include <string.h>

#include "tcpdoc/vec.h"
#include "snapshot/format.h"

static uint8_t *room(struct snap_buf *b, size_t n)
{
	size_t want = b->len + n;

	if (b->fail)
		return NULL;
	while (b->cap < want) {
		if (tcpd_vec_grow(&b->p, &b->cap, 1, 4096, 0)) {
			b->fail = true;
			return NULL;
		}
	}
	b->len = want;
	return b->p + want - n;
}

static void wr_le(struct snap_buf *b, uint64_t v, size_t n)
{
	uint8_t *p = room(b, n);
	size_t i;

	for (i = 0; p && i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

void wr_u8(struct snap_buf *b, uint8_t v) { wr_le(b, v, 1); }
void wr_u16(struct snap_buf *b, uint16_t v) { wr_le(b, v, 2); }
void wr_u32(struct snap_buf *b, uint32_t v) { wr_le(b, v, 4); }
void wr_u64(struct snap_buf *b, uint64_t v) { wr_le(b, v, 8); }

void wr_bytes(struct snap_buf *b, const void *p, size_t n)
{
	uint8_t *d = room(b, n);

	if (d && n)
		memcpy(d, p, n);
}

void wr_str(struct snap_buf *b, const char *s)
{
	size_t n = strnlen(s, SNAP_MAX_STRING);

	wr_u16(b, (uint16_t)n);
	wr_bytes(b, s, n);
}

const uint8_t *rd_bytes(struct snap_cur *c, size_t n)
{
	const uint8_t *p = c->p;

	if (c->bad || n > c->left) {
		c->bad = true;
		return NULL;
	}
	c->p += n;
	c->left -= n;
	return p;
}

static uint64_t rd_le(struct snap_cur *c, size_t n)
{
	const uint8_t *p = rd_bytes(c, n);
	uint64_t v = 0;
	size_t i;

	for (i = 0; p && i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

uint8_t rd_u8(struct snap_cur *c) { return (uint8_t)rd_le(c, 1); }
uint16_t rd_u16(struct snap_cur *c) { return (uint16_t)rd_le(c, 2); }
uint32_t rd_u32(struct snap_cur *c) { return (uint32_t)rd_le(c, 4); }
uint64_t rd_u64(struct snap_cur *c) { return rd_le(c, 8); }

void rd_str(struct snap_cur *c, char *buf, size_t len)
{
	size_t n = rd_u16(c);
	const uint8_t *p;

	buf[0] = '\0';
	if (n >= len || n > SNAP_MAX_STRING) {
		c->bad = true;
		return;
	}
	p = rd_bytes(c, n);
	if (!p)
		return;
	memcpy(buf, p, n);
	buf[n] = '\0';
	/* A NUL inside would cut the string where the writer did not. */
	if (memchr(buf, '\0', n))
		c->bad = true;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SNAP_FORMAT_H
#define TCPD_SNAP_FORMAT_H

/*
 * The snapshot file format (docs/snapshot.md): a 16-byte header in the
 * clear, then one zstd stream of sections, each a type, a length and that
 * many bytes. Every number is little-endian whatever the host.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SNAP_MAGIC "TCPDSNAP"
#define SNAP_MAGIC_LEN 8
#define SNAP_HEADER_LEN 16
#define SNAP_VERSION 1

enum snap_section {
	SNAP_SEC_META = 1,	/* who, where, when, how: first, once */
	SNAP_SEC_NETNS = 2,	/* a namespace, before anything that names it */
	SNAP_SEC_KERNEL = 3,	/* one read of a namespace's sysctls and counters */
	SNAP_SEC_LOOK = 4,	/* a look at a namespace's socket table begins */
	SNAP_SEC_SOCKS = 5,	/* records of the open look */
	SNAP_SEC_LOOK_END = 6,	/* the look ends: its count and what it lacked */
	SNAP_SEC_OWNERS = 7,	/* socket inode -> process */
	SNAP_SEC_NOTES = 8,	/* what could not be seen */
	SNAP_SEC_EVENTS = 9,	/* connect() calls watched in the interval */
	SNAP_SEC_END = 15,	/* last: the file is whole */
};

/* Caps: a reader refuses anything larger as corrupt. */
#define SNAP_MAX_SECTION (64u << 20)
#define SNAP_MAX_STRING 4096u
#define SNAP_MAX_NETNS 100000u
#define SNAP_MAX_LOOKS 64u		/* per namespace */
#define SNAP_MAX_READS 64u		/* counter reads per namespace */
#define SNAP_MAX_NAMED 256u		/* sysctls or counters in one read */
#define SNAP_MAX_INFO 1024u		/* bytes of tcp_info in a record */
#define SNAP_CHUNK 4096u		/* records per SOCKS/OWNERS section written */

/* A growing output buffer; @fail is set once an allocation failed. */
struct snap_buf {
	uint8_t *p;
	size_t len, cap;
	bool fail;
};

void wr_u8(struct snap_buf *b, uint8_t v);
void wr_u16(struct snap_buf *b, uint16_t v);
void wr_u32(struct snap_buf *b, uint32_t v);
void wr_u64(struct snap_buf *b, uint64_t v);
void wr_bytes(struct snap_buf *b, const void *p, size_t n);
void wr_str(struct snap_buf *b, const char *s);	/* u16 length, bytes */

/* A bounded reader; @bad is set at the first read past the end. */
struct snap_cur {
	const uint8_t *p;
	size_t left;
	bool bad;
};

uint8_t rd_u8(struct snap_cur *c);
uint16_t rd_u16(struct snap_cur *c);
uint32_t rd_u32(struct snap_cur *c);
uint64_t rd_u64(struct snap_cur *c);
const uint8_t *rd_bytes(struct snap_cur *c, size_t n);
/* A string into @buf of @len (NUL-terminated); longer ones are bad. */
void rd_str(struct snap_cur *c, char *buf, size_t len);

#endif

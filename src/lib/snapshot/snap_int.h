/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SNAP_INT_H
#define TCPD_SNAP_INT_H

/* The snapshot in memory, shared by its writer, reader and replay. */
#include <zstd.h>

#include "tcpdoc/connects.h"
#include "tcpdoc/snapshot.h"
#include "snapshot/format.h"
#include "core/u64map.h"

/* One look at a namespace's table: where its records sit in the file. */
struct snap_look {
	uint64_t at_ns;			/* CLOCK_MONOTONIC of its start */
	uint32_t states;		/* the query that made it */
	uint8_t family, flags;		/* LOOK_* */
	uint64_t count;
	bool interrupted;
	uint32_t lacks;
	size_t *chunks;			/* offsets of its SOCKS payloads in data */
	size_t nchunks, capchunks;
};

enum { LOOK_INFO = 1, LOOK_TIMERS = 2, LOOK_TUPLE = 4 };

struct snap_ns {
	struct tcpd_netns ns;
	struct snap_look *looks;
	size_t nlooks, caplooks;
	struct tcpd_kernel *reads;
	size_t nreads, capreads;
	size_t next_look, next_read;	/* replay in order (the doctor) */
};

/* The file being written. */
struct snap_out {
	int fd;
	bool created;			/* removed again if the snapshot fails */
	const char *path;
	ZSTD_CCtx *z;
	struct snap_buf sec;		/* the section being built */
	struct snap_buf chunk;		/* records of the open look */
	uint32_t nchunk;
	uint64_t look_count;
	bool look_open;
	struct u64map seen;		/* inodes in the looks: their owners are kept */
	uint8_t zbuf[1 << 16];
};

struct tcpd_snap {
	struct tcpd_snap_info info;
	struct snap_ns *ns;
	size_t nns, capns;
	size_t cur;			/* the namespace being read */
	bool in_order;			/* replay looks and reads as taken */
	struct tcpd_owners *owners;	/* every socket's */
	struct tcpd_connects connects;	/* watched during the interval (EVENTS) */
	bool events;			/* the EVENTS section was read */
	struct snap_out *out;		/* NULL when reading */
	uint8_t *data;			/* the decompressed sections */
	size_t len;
};

/* The namespace @ns is, added when new (writing). NULL: out of memory. */
struct snap_ns *snap_ns_of(struct tcpd_snap *s, const struct tcpd_netns *ns, bool *added);

/* Writing (write.c): each returns 0 or -1 with @err filled. */
int snap_out_open(struct tcpd_snap *s, const char *path, struct tcpd_err *err);
int snap_out_section(struct tcpd_snap *s, uint32_t type, struct tcpd_err *err);
int snap_out_close(struct tcpd_snap *s, struct tcpd_err *err);
void snap_out_free(struct tcpd_snap *s);
int snap_rec_meta(struct tcpd_snap *s, struct tcpd_err *err);
int snap_rec_netns(struct tcpd_snap *s, uint32_t id, struct tcpd_err *err);
int snap_rec_kernel(struct tcpd_snap *s, const struct tcpd_kernel *k, struct tcpd_err *err);
int snap_rec_look(struct tcpd_snap *s, const struct tcpd_query *q, struct tcpd_err *err);
int snap_rec_sock(struct tcpd_snap *s, const struct tcpd_sock *sk, struct tcpd_err *err);
int snap_rec_look_end(struct tcpd_snap *s, const struct tcpd_query *q, struct tcpd_err *err);
int snap_rec_owners(struct tcpd_snap *s, struct tcpd_err *err);
int snap_rec_end(struct tcpd_snap *s, struct tcpd_err *err);
int snap_rec_connects(struct tcpd_snap *s, const struct tcpd_connects *c, struct tcpd_err *err);

/* Fill s->info's who/where/when for a new snapshot. */
void snap_info_now(struct tcpd_snap_info *i, const char *version);
void snap_wr_meta(struct snap_buf *b, const struct tcpd_snap_info *i);
int snap_rd_meta(struct snap_cur *c, struct tcpd_snap_info *i);

void snap_ns_free(struct tcpd_snap *s);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Writing a snapshot: the clear header, then every section through one
 * zstd stream (with its checksum, so a flipped bit is found on reading).
 * Records of a look are written in chunks as the dump streams them, so a
 * million sockets never sit in memory at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "tcpdoc/vec.h"
#include "snapshot/events.h"
#include "snapshot/records.h"
#include "snapshot/snap_int.h"

static int write_all(struct snap_out *o, const void *p, size_t n, struct tcpd_err *err)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t w = write(o->fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return tcpd_fail_errno(err, errno, _("cannot write %s"), tcpd_q(o->path));
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Feed @n bytes to the compressor (@mode ZSTD_e_end: and finish the frame). */
static int feed(struct snap_out *o, const void *p, size_t n, ZSTD_EndDirective mode,
		struct tcpd_err *err)
{
	ZSTD_inBuffer in = { p, n, 0 };
	size_t left;

	do {
		ZSTD_outBuffer out = { o->zbuf, sizeof(o->zbuf), 0 };

		left = ZSTD_compressStream2(o->z, &out, &in, mode);
		if (ZSTD_isError(left))
			return tcpd_fail(err, TCPD_E_IO, _("cannot compress %s: %s"),
					 tcpd_q(o->path), ZSTD_getErrorName(left));
		if (write_all(o, o->zbuf, out.pos, err))
			return -1;
	} while (mode == ZSTD_e_end ? left != 0 : in.pos < in.size);
	return 0;
}

int snap_out_open(struct tcpd_snap *s, const char *path, struct tcpd_err *err)
{
	uint8_t head[SNAP_HEADER_LEN] = SNAP_MAGIC;
	struct snap_out *o = calloc(1, sizeof(*o));

	if (!o)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	s->out = o;
	o->path = path;
	o->fd = -1;
	if (u64map_init(&o->seen, 1024))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (o->fd < 0)
		return tcpd_fail_errno(err, errno, _("cannot create %s"), tcpd_q(path));
	o->created = true;
	o->z = ZSTD_createCCtx();
	if (!o->z)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	ZSTD_CCtx_setParameter(o->z, ZSTD_c_compressionLevel, 3);
	ZSTD_CCtx_setParameter(o->z, ZSTD_c_checksumFlag, 1);
	head[8] = SNAP_VERSION;	/* u32 version, u32 flags: little-endian */
	return write_all(o, head, sizeof(head), err);
}

int snap_out_section(struct tcpd_snap *s, uint32_t type, struct tcpd_err *err)
{
	struct snap_out *o = s->out;
	struct snap_buf h = { 0 };
	int ret;

	if (o->sec.fail || o->sec.len > SNAP_MAX_SECTION)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	wr_u32(&h, type);
	wr_u32(&h, (uint32_t)o->sec.len);
	if (h.fail)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	ret = feed(o, h.p, h.len, ZSTD_e_continue, err);
	if (!ret)
		ret = feed(o, o->sec.p, o->sec.len, ZSTD_e_continue, err);
	free(h.p);
	o->sec.len = 0;
	return ret;
}

int snap_out_close(struct tcpd_snap *s, struct tcpd_err *err)
{
	struct snap_out *o = s->out;
	off_t end;

	if (feed(o, NULL, 0, ZSTD_e_end, err))
		return -1;
	end = lseek(o->fd, 0, SEEK_CUR);
	s->info.bytes = end > 0 ? (uint64_t)end : 0;
	if (close(o->fd)) {
		o->fd = -1;
		return tcpd_fail_errno(err, errno, _("cannot write %s"), tcpd_q(o->path));
	}
	o->fd = -1;
	return 0;
}

void snap_out_free(struct tcpd_snap *s)
{
	struct snap_out *o = s->out;

	if (!o)
		return;
	if (o->fd >= 0)
		close(o->fd);
	ZSTD_freeCCtx(o->z);
	u64map_free(&o->seen);
	free(o->sec.p);
	free(o->chunk.p);
	free(o);
	s->out = NULL;
}

int snap_rec_meta(struct tcpd_snap *s, struct tcpd_err *err)
{
	snap_wr_meta(&s->out->sec, &s->info);
	return snap_out_section(s, SNAP_SEC_META, err);
}

int snap_rec_netns(struct tcpd_snap *s, uint32_t id, struct tcpd_err *err)
{
	wr_u32(&s->out->sec, id);
	snap_wr_netns(&s->out->sec, &s->ns[id].ns);
	return snap_out_section(s, SNAP_SEC_NETNS, err);
}

int snap_rec_kernel(struct tcpd_snap *s, const struct tcpd_kernel *k, struct tcpd_err *err)
{
	wr_u32(&s->out->sec, (uint32_t)s->cur);
	snap_wr_kernel(&s->out->sec, k);
	s->info.reads++;
	return snap_out_section(s, SNAP_SEC_KERNEL, err);
}

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int snap_rec_look(struct tcpd_snap *s, const struct tcpd_query *q, struct tcpd_err *err)
{
	struct snap_buf *b = &s->out->sec;

	wr_u32(b, (uint32_t)s->cur);
	wr_u64(b, mono_ns());
	wr_u32(b, q->states ? q->states : TCPD_STATES_ALL);
	wr_u8(b, q->family == AF_INET6 ? 6 : q->family == AF_INET ? 4 : 0);
	wr_u8(b, (q->want_info ? LOOK_INFO : 0) | (q->want_timers ? LOOK_TIMERS : 0) |
		 (q->tuple_only ? LOOK_TUPLE : 0));
	s->out->look_open = true;
	s->out->look_count = 0;
	s->info.looks++;
	return snap_out_section(s, SNAP_SEC_LOOK, err);
}

static int flush_chunk(struct tcpd_snap *s, struct tcpd_err *err)
{
	struct snap_out *o = s->out;

	if (!o->nchunk)
		return 0;
	wr_u32(&o->sec, o->nchunk);
	wr_bytes(&o->sec, o->chunk.p, o->chunk.len);
	o->chunk.len = 0;
	o->nchunk = 0;
	return snap_out_section(s, SNAP_SEC_SOCKS, err);
}

int snap_rec_sock(struct tcpd_snap *s, const struct tcpd_sock *sk, struct tcpd_err *err)
{
	struct snap_out *o = s->out;
	char name[TCPD_IFNAMELEN];

	/* The interface's name is the namespace's: only the taker can ask. */
	snap_wr_sock(&o->chunk, sk, sk->ifindex ? tcpd_ifname(sk->ifindex, name) : NULL);
	if (o->chunk.fail)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (sk->inode && u64map_put(&o->seen, sk->inode, 1))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	o->look_count++;
	s->info.sockets++;
	if (++o->nchunk < SNAP_CHUNK)
		return 0;
	return flush_chunk(s, err);
}

int snap_rec_look_end(struct tcpd_snap *s, const struct tcpd_query *q, struct tcpd_err *err)
{
	struct snap_out *o = s->out;

	if (flush_chunk(s, err))
		return -1;
	wr_u64(&o->sec, o->look_count);
	wr_u8(&o->sec, q->interrupted);
	wr_u32(&o->sec, q->lacks);
	o->look_open = false;
	return snap_out_section(s, SNAP_SEC_LOOK_END, err);
}

int snap_rec_events(struct tcpd_snap *s, const struct tcpd_connects *c, struct tcpd_err *err)
{
	snap_wr_events(&s->out->sec, c);
	return snap_out_section(s, SNAP_SEC_EVENTS, err);
}

int snap_rec_end(struct tcpd_snap *s, struct tcpd_err *err)
{
	struct snap_buf *b = &s->out->sec;

	wr_u64(b, s->info.netns_denied);
	wr_u64(b, s->info.netns_listed);
	wr_u64(b, s->info.owners_hidden);
	if (snap_out_section(s, SNAP_SEC_NOTES, err))
		return -1;
	wr_u64(b, s->info.sockets);
	if (snap_out_section(s, SNAP_SEC_END, err))
		return -1;
	return snap_out_close(s, err);
}

struct snap_ns *snap_ns_of(struct tcpd_snap *s, const struct tcpd_netns *ns, bool *added)
{
	size_t i;

	*added = false;
	for (i = 0; i < s->nns; i++)
		if (s->ns[i].ns.inode == ns->inode)
			return &s->ns[i];
	if (tcpd_vec_room(s->ns, s->nns, s->capns, 8))
		return NULL;
	memset(&s->ns[s->nns], 0, sizeof(s->ns[0]));
	s->ns[s->nns].ns = *ns;
	*added = true;
	return &s->ns[s->nns++];
}

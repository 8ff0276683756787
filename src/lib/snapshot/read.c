// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a snapshot: the header says what it is, zstd unpacks the
 * sections (its checksum catches flipped bits), and every section is
 * checked whole — lengths, counts, ids, every record decoded once — before
 * anything is replayed, so a bad file is one line and never half an answer.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/vec.h"
#include "snapshot/parse.h"

#define READ_BLOCK (1 << 16)
/* Unpacked, a snapshot holds a few hundred bytes per socket. */
#define MAX_UNPACKED ((size_t)16 << 30)

static int bad_file(struct tcpd_err *err, const char *name, const char *why)
{
	return tcpd_fail(err, TCPD_E_INPUT, _("%s: %s"), tcpd_q(name), why);
}

struct unpack {
	ZSTD_DCtx *z;
	struct tcpd_snap *s;
	size_t cap, max;
	size_t last;		/* ZSTD's last hint: 0 when a frame just ended */
	const char *name;
};

/* Room to unpack into, doubling up to the size past which a file is corrupt. */
static int grow(struct unpack *u, struct tcpd_err *err)
{
	if (!tcpd_vec_room_max(u->s->data, u->s->len, u->cap, READ_BLOCK * 4, u->max))
		return 0;
	if (u->cap >= u->max)
		return tcpd_fail(err, TCPD_E_INPUT, _("%s: corrupt snapshot (it unpacks to more than %zu MiB)"),
				 tcpd_q(u->name), u->max >> 20);
	return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
}

static int unpack_more(struct unpack *u, const void *p, size_t n, struct tcpd_err *err)
{
	ZSTD_inBuffer in = { p, n, 0 };

	while (in.pos < in.size) {
		ZSTD_outBuffer out;
		size_t r;

		if (grow(u, err))
			return -1;
		out = (ZSTD_outBuffer){ u->s->data, u->cap, u->s->len };
		r = ZSTD_decompressStream(u->z, &out, &in);
		u->s->len = out.pos;
		if (ZSTD_isError(r))
			return tcpd_fail(err, TCPD_E_INPUT, _("%s: corrupt snapshot (%s)"),
					 tcpd_q(u->name), ZSTD_getErrorName(r));
		u->last = r;
	}
	return 0;
}

/* Check the clear header: ours, and a version this build reads. */
static int check_header(const uint8_t *h, size_t len, const char *name, struct tcpd_err *err)
{
	struct snap_cur c = { h + SNAP_MAGIC_LEN, SNAP_HEADER_LEN - SNAP_MAGIC_LEN, false };
	uint32_t version, flags;

	if (!len || memcmp(h, SNAP_MAGIC, len < SNAP_MAGIC_LEN ? len : SNAP_MAGIC_LEN))
		return bad_file(err, name, _("not a tcpdoc snapshot"));
	if (len < SNAP_HEADER_LEN)
		return bad_file(err, name, _("truncated snapshot"));
	version = rd_u32(&c);
	flags = rd_u32(&c);
	if (version > SNAP_VERSION)
		return tcpd_fail(err, TCPD_E_INPUT,
				 _("%s: snapshot format %u is newer than this tcpdoc reads (%u): read it with a newer tcpdoc"),
				 tcpd_q(name), version, SNAP_VERSION);
	if (!version || flags)
		return bad_file(err, name, _("corrupt snapshot (bad header)"));
	return 0;
}

static int unpack_start(struct unpack *u, struct tcpd_snap *s, const char *name,
			size_t max, struct tcpd_err *err)
{
	*u = (struct unpack){ .s = s, .max = max, .name = name, .last = 1 };
	u->z = ZSTD_createDCtx();
	if (!u->z)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

/* After the last bytes (@ret: how feeding them went): whole, then checked. */
static int unpack_end(struct unpack *u, int ret, struct tcpd_err *err)
{
	ZSTD_freeDCtx(u->z);
	u->z = NULL;
	if (ret)
		return -1;
	if (u->last)
		return bad_file(err, u->name, _("truncated snapshot"));
	return snap_parse(u->s, u->name, err);
}

static struct tcpd_snap *snap_new(void)
{
	struct tcpd_snap *s = calloc(1, sizeof(*s));

	if (s && !(s->owners = tcpd_owners_new())) {
		free(s);
		return NULL;
	}
	return s;
}

static int open_mem(struct tcpd_snap *s, const uint8_t *buf, size_t len, const char *name,
		    size_t max_out, struct tcpd_err *err)
{
	struct unpack u;
	int ret;

	if (check_header(buf, len, name, err))
		return -1;
	if (unpack_start(&u, s, name, max_out, err))
		return -1;
	ret = unpack_more(&u, buf + SNAP_HEADER_LEN, len - SNAP_HEADER_LEN, err);
	return unpack_end(&u, ret, err);
}

int tcpd_snap_open_mem(const void *buf, size_t len, const char *name, size_t max_out,
		       struct tcpd_snap **out, struct tcpd_err *err)
{
	struct tcpd_snap *s = snap_new();

	*out = NULL;
	if (!s)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (open_mem(s, buf, len, name, max_out, err)) {
		tcpd_snap_free(s);
		return -1;
	}
	s->info.bytes = len;
	*out = s;
	return 0;
}

/* Read @fd to its end through the unpacker. */
static int read_fd(int fd, struct unpack *u, struct tcpd_err *err)
{
	uint8_t *blk = malloc(READ_BLOCK);
	ssize_t n;
	int ret = 0;

	if (!blk)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	while (!ret && (n = read(fd, blk, READ_BLOCK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ret = tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(u->name));
		else
			ret = unpack_more(u, blk, (size_t)n, err);
	}
	free(blk);
	return ret;
}

static int read_header(int fd, const char *path, uint64_t *bytes, struct tcpd_err *err)
{
	uint8_t h[SNAP_HEADER_LEN];
	size_t got = 0;

	while (got < sizeof(h)) {
		ssize_t n = read(fd, h + got, sizeof(h) - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(path));
		if (!n)
			break;
		got += (size_t)n;
	}
	*bytes = got;
	return check_header(h, got, path, err);
}

static int open_fd(struct tcpd_snap *s, int fd, const char *path, struct tcpd_err *err)
{
	struct unpack u;
	uint64_t head;

	if (read_header(fd, path, &head, err) || unpack_start(&u, s, path, MAX_UNPACKED, err))
		return -1;
	return unpack_end(&u, read_fd(fd, &u, err), err);
}

int tcpd_snap_open(const char *path, struct tcpd_snap **out, struct tcpd_err *err)
{
	struct tcpd_snap *s;
	int fd, ret;
	off_t end;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return tcpd_fail_errno(err, errno, _("cannot open %s"), tcpd_q(path));
	s = snap_new();
	if (!s) {
		close(fd);
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	ret = open_fd(s, fd, path, err);
	end = lseek(fd, 0, SEEK_END);
	close(fd);
	if (ret) {
		tcpd_snap_free(s);
		return -1;
	}
	s->info.bytes = end > 0 ? (uint64_t)end : 0;
	*out = s;
	return 0;
}

const struct tcpd_snap_info *tcpd_snap_info(const struct tcpd_snap *s)
{
	return &s->info;
}

void snap_ns_free(struct tcpd_snap *s)
{
	size_t i, j;

	for (i = 0; i < s->nns; i++) {
		for (j = 0; j < s->ns[i].nlooks; j++)
			free(s->ns[i].looks[j].chunks);
		free(s->ns[i].looks);
		free(s->ns[i].reads);
	}
	free(s->ns);
	s->ns = NULL;
	s->nns = 0;
}

void tcpd_snap_free(struct tcpd_snap *s)
{
	if (!s)
		return;
	snap_out_free(s);
	snap_ns_free(s);
	tcpd_owners_free(s->owners);
	free(s->events.c);
	free(s->data);
	free(s);
}

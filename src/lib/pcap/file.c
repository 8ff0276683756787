// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Our own reader for the common cases: a classic pcap file (tcpdump -w),
 * version 2.4, or a pcapng file (dumpcap; pcapng.c reads its blocks), even
 * of several sections and interfaces of different link types, which libpcap
 * refuses; read in large blocks and parsed in place, without libpcap's
 * per-packet copy. Anything else (an old version, an odd snap length, a
 * record longer than the snap length, a time offset...) is handed to libpcap
 * through a stream that replays the headers and the bytes we have not
 * parsed, so libpcap sees the file as if it had read it from the start: its
 * behaviour, its messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcap/pfile.h"

#define HDR_LEN 24u
#define REC_LEN 16u

/* Read more: returns bytes added, 0 at the end, -1 on error (errno). */
static ssize_t fill(struct tcpd_pfile *f)
{
	size_t room;
	ssize_t n;

	if (f->pos == f->end && !f->hold)
		f->pos = f->end = 0;
	if (f->end == BUF_SIZE && f->pos && !f->hold) {
		memmove(f->buf, f->buf + f->pos, f->end - f->pos);
		f->end -= f->pos;
		f->pos = 0;
	}
	room = BUF_SIZE - f->end;
	if (f->eof || !room)
		return 0;
	if (f->fd < 0) {
		n = (ssize_t)fread(f->buf + f->end, 1, room, f->fp);
		if (!n && ferror(f->fp))
			return -1;
	} else {
		do
			n = read(f->fd, f->buf + f->end, room);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -1;
	}
	if (!n)
		f->eof = true;
	f->end += (size_t)n;
	return n;
}

/* Make @want bytes contiguous at buf[pos]: 1, 0 if the input ends first. */
int tcpd_pfile_need(struct tcpd_pfile *f, size_t want)
{
	ssize_t n;

	if (f->pos + want > BUF_SIZE) {
		if (f->hold)
			return 0;
		memmove(f->buf, f->buf + f->pos, f->end - f->pos);
		f->end -= f->pos;
		f->pos = 0;
	}
	while (f->end - f->pos < want) {
		n = fill(f);
		if (n < 0)
			return -1;
		if (!n)
			return 0;
	}
	return 1;
}

int tcpd_pfile_dlt_of(uint32_t lt)
{
	switch (lt) {
	case 0:		/* NULL */
	case 1:		/* EN10MB */
	case 108:	/* LOOP */
	case 113:	/* LINUX_SLL */
	case 228:	/* IPV4 */
	case 229:	/* IPV6 */
	case 276:	/* LINUX_SLL2 */
		return (int)lt;
	case LT_RAW:
		return DLT_RAW_LINUX;
	}
	return -1;
}

/* Is this a file header we read ourselves? Sets the byte order and times. */
static bool plain_header(struct tcpd_pfile *f, const uint8_t *h)
{
	uint32_t magic;

	memcpy(&magic, h, 4);
	f->swap = magic == 0xd4c3b2a1u || magic == 0x4d3cb2a1u;
	f->nsec = magic == 0xa1b23c4du || magic == 0x4d3cb2a1u;
	if (!f->swap && !f->nsec && magic != 0xa1b2c3d4u)
		return false;
	if (rd16(f, h + 4) != 2 || rd16(f, h + 6) != 4)
		return false;
	f->snaplen = rd32(f, h + 16);
	f->dlt = tcpd_pfile_dlt_of(rd32(f, h + 20));
	return f->snaplen && f->snaplen <= MAX_SNAP && f->dlt >= 0;
}

/* Keep a header for the replay. */
bool tcpd_pfile_keep(struct tcpd_pfile *f, const uint8_t *p, size_t len)
{
	if (f->hdr_size + len > HDR_MAX)
		return false;
	memcpy(f->hdr + f->hdr_size, p, len);
	f->hdr_size += len;
	f->hdr_len = f->hdr_size;
	return true;
}

int tcpd_pfile_open(struct tcpd_pfile **out, int fd, FILE *fp)
{
	struct tcpd_pfile *f = calloc(1, sizeof(*f));

	if (!f || !(f->buf = malloc(BUF_SIZE))) {
		free(f);
		return -1;
	}
	f->fd = fd;
	f->fp = fp;
	*out = f;
	/* A read error here is libpcap's to report, as it would have. */
	if (tcpd_pfile_need(f, HDR_LEN) != 1)
		return 0;
	if (rd32(f, f->buf) == NG_SHB) {
		f->hold = true;
		f->fast = tcpd_ng_open(f);
		f->hold = false;
		if (!f->fast)
			f->pos = 0;	/* nothing was dropped: libpcap rereads it */
		return 0;
	}
	if (!plain_header(f, f->buf))
		return 0;
	tcpd_pfile_keep(f, f->buf, HDR_LEN);
	f->pos = HDR_LEN;
	f->fast = true;
	return 0;
}

bool tcpd_pfile_fast(const struct tcpd_pfile *f)
{
	return f->fast;
}

int tcpd_pfile_dlt(const struct tcpd_pfile *f)
{
	return f->dlt;
}

int tcpd_pfile_snaplen(const struct tcpd_pfile *f)
{
	return (int)f->snaplen;
}

bool tcpd_pfile_many(const struct tcpd_pfile *f)
{
	return f->many;
}

/*
 * The next record: 1 and @r filled (valid until the next call), 0 at the
 * end, TCPD_PFILE_TRUNC when the file ends inside a record, TCPD_PFILE_ODD
 * when libpcap must take over from this record, -1 on a read error.
 */
int tcpd_pfile_next(struct tcpd_pfile *f, struct tcpd_pfile_rec *r)
{
	const uint8_t *h;
	int64_t sec, frac;
	uint32_t caplen;
	int ret;

	if (f->ng)
		return tcpd_ng_next(f, r);
	ret = tcpd_pfile_need(f, REC_LEN);
	if (ret <= 0)
		return ret < 0 ? -1 : f->pos == f->end ? 0 : TCPD_PFILE_TRUNC;
	h = f->buf + f->pos;
	caplen = rd32(f, h + 8);
	if (caplen > f->snaplen)
		return TCPD_PFILE_ODD;
	ret = tcpd_pfile_need(f, REC_LEN + caplen);
	if (ret <= 0)
		return ret < 0 ? -1 : TCPD_PFILE_TRUNC;
	h = f->buf + f->pos;
	/* As libpcap reads them: signed, but unsigned once byte-swapped. */
	sec = f->swap ? (int64_t)rd32(f, h) : (int32_t)rd32(f, h);
	frac = f->swap ? (int64_t)rd32(f, h + 4) : (int32_t)rd32(f, h + 4);
	r->ts = sec * 1000000 + (f->nsec ? frac / 1000 : frac);
	r->caplen = caplen;
	r->len = rd32(f, h + 12);
	r->dlt = f->dlt;
	r->data = h + REC_LEN;
	f->pos += REC_LEN + caplen;
	return 1;
}

/* The replay stream: the header, the bytes not parsed yet, then the rest. */
static ssize_t replay_read(void *cookie, char *out, size_t len)
{
	struct tcpd_pfile *f = cookie;
	size_t n;

	if (f->hdr_len) {
		n = len < f->hdr_len ? len : f->hdr_len;
		memcpy(out, f->hdr + f->hdr_size - f->hdr_len, n);
		f->hdr_len -= n;
		return (ssize_t)n;
	}
	if (f->pos == f->end && fill(f) < 0)
		return -1;
	n = f->end - f->pos;
	n = len < n ? len : n;
	memcpy(out, f->buf + f->pos, n);
	f->pos += n;
	return (ssize_t)n;
}

FILE *tcpd_pfile_replay(struct tcpd_pfile *f)
{
	static const cookie_io_functions_t io = { .read = replay_read };

	if (!f->fast)
		f->hdr_len = 0;
	f->fast = false;
	return fopencookie(f, "rb", io);
}

void tcpd_pfile_free(struct tcpd_pfile *f)
{
	if (!f)
		return;
	if (f->fp)
		fclose(f->fp);
	else if (f->fd > 0)
		close(f->fd);
	free(f->buf);
	free(f);
}

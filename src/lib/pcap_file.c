// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Our own reader for the common case: a classic pcap file (tcpdump -w),
 * version 2.4, read in large blocks and parsed in place, without libpcap's
 * per-packet copy. Anything else (pcapng, an old version, an odd snap
 * length, a record longer than the snap length) is handed to libpcap through
 * a stream that replays the bytes we have already taken, so libpcap sees the
 * file as if it had read it from the start: its behaviour, its messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcap_int.h"

#define BUF_SIZE (1u << 20)
#define HDR_LEN 24u
#define REC_LEN 16u
/* libpcap's largest snap length for the link types we decode. */
#define MAX_SNAP 262144u

/* Link types (the file's numbering) we decode, as libpcap's DLT_ values. */
#define LT_RAW 101
#define DLT_RAW_LINUX 12

struct tcpd_pfile {
	int fd;				/* -1: read @fp */
	FILE *fp;
	uint8_t *buf;
	size_t pos, end;		/* unparsed bytes: buf[pos..end) */
	bool eof;
	bool fast;			/* a file we parse ourselves */
	bool swap, nsec;
	int dlt;
	uint32_t snaplen;
	uint8_t hdr[HDR_LEN];		/* the file header, as read */
	size_t hdr_len;			/* bytes of @hdr to replay */
};

static uint32_t rd32(const struct tcpd_pfile *f, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return f->swap ? __builtin_bswap32(v) : v;
}

static uint16_t rd16(const struct tcpd_pfile *f, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return f->swap ? __builtin_bswap16(v) : v;
}

/* Read more: returns bytes added, 0 at the end, -1 on error (errno). */
static ssize_t fill(struct tcpd_pfile *f)
{
	size_t room;
	ssize_t n;

	if (f->pos == f->end)
		f->pos = f->end = 0;
	if (f->end == BUF_SIZE && f->pos) {
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
static int need(struct tcpd_pfile *f, size_t want)
{
	ssize_t n;

	if (f->pos + want > BUF_SIZE) {
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

static int lt_to_dlt(uint32_t lt)
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
	f->dlt = lt_to_dlt(rd32(f, h + 20));
	return f->snaplen && f->snaplen <= MAX_SNAP && f->dlt >= 0;
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
	if (need(f, HDR_LEN) != 1 || !plain_header(f, f->buf))
		return 0;
	memcpy(f->hdr, f->buf, HDR_LEN);
	f->pos = HDR_LEN;
	f->hdr_len = HDR_LEN;
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

/*
 * The next record: 1 and @r filled (valid until the next call), 0 at the
 * end, TCPD_PFILE_TRUNC when the file ends inside a record, TCPD_PFILE_ODD
 * when libpcap must take over from this record, -1 on a read error.
 */
int tcpd_pfile_next(struct tcpd_pfile *f, struct tcpd_pfile_rec *r)
{
	const uint8_t *h;
	int32_t sec, frac;
	uint32_t caplen;
	int ret;

	ret = need(f, REC_LEN);
	if (ret <= 0)
		return ret < 0 ? -1 : f->pos == f->end ? 0 : TCPD_PFILE_TRUNC;
	h = f->buf + f->pos;
	caplen = rd32(f, h + 8);
	if (caplen > f->snaplen)
		return TCPD_PFILE_ODD;
	ret = need(f, REC_LEN + caplen);
	if (ret <= 0)
		return ret < 0 ? -1 : TCPD_PFILE_TRUNC;
	h = f->buf + f->pos;
	/* Signed, as libpcap reads them (struct pcap_timeval). */
	sec = (int32_t)rd32(f, h);
	frac = (int32_t)rd32(f, h + 4);
	r->ts = (int64_t)sec * 1000000 + (f->nsec ? frac / 1000 : frac);
	r->caplen = caplen;
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
		memcpy(out, f->hdr + HDR_LEN - f->hdr_len, n);
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

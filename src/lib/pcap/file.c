// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Our own reader for the common cases: a classic pcap file (tcpdump -w),
 * version 2.4, or a pcapng file of one section and one interface (dumpcap),
 * read in large blocks and parsed in place, without libpcap's per-packet
 * copy; pcapng of several sections and interfaces too, even of different
 * link types, which libpcap refuses. Anything else (an old version, an odd
 * snap length, a record longer than the snap length, a time offset...) is handed to
 * libpcap through a stream that replays the headers and the bytes we have
 * not parsed, so libpcap sees the file as if it had read it from the start:
 * its behaviour, its messages.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pcap/pcap_int.h"

#define BUF_SIZE (1u << 20)
#define HDR_LEN 24u
#define REC_LEN 16u
/* pcapng: the section and interface blocks we keep for a replay. */
#define HDR_MAX 4096u
#define NG_SHB 0x0a0d0d0au
#define NG_IDB 1u
#define NG_PB 2u
#define NG_SPB 3u
#define NG_EPB 6u
/* libpcap's largest snap length for the link types we decode. */
#define MAX_SNAP 262144u
/* Interfaces of one pcapng section we keep; a file with more goes to libpcap. */
#define NG_MAX_IFS 64u

/* Link types (the file's numbering) we decode, as libpcap's DLT_ values. */
#define LT_RAW 101
#define DLT_RAW_LINUX 12

/* A pcapng interface: how to read its packets. */
struct ng_if {
	int dlt;			/* -1: a link type we do not decode */
	uint32_t snaplen;
	bool nsec;
};

struct tcpd_pfile {
	int fd;				/* -1: read @fp */
	FILE *fp;
	uint8_t *buf;
	size_t pos, end;		/* unparsed bytes: buf[pos..end) */
	bool eof;
	bool hold;			/* opening: keep every byte, libpcap may reread */
	bool fast;			/* a file we parse ourselves */
	bool ng;			/* pcapng, not classic pcap */
	bool swap, nsec;
	/*
	 * A second section or interface was read: libpcap refuses some such
	 * files (another link type, snap length or byte order), we do not.
	 */
	bool many;
	int dlt;			/* the file's, or its first interface's */
	uint32_t snaplen;
	struct ng_if ifs[NG_MAX_IFS];	/* the current section's interfaces */
	uint32_t nifs;
	uint8_t hdr[HDR_MAX];		/* the file header(s), as read */
	size_t hdr_size;		/* bytes kept in @hdr */
	size_t hdr_len;			/* bytes of @hdr still to replay */
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
static int need(struct tcpd_pfile *f, size_t want)
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

/* Keep a header for the replay. */
static bool keep(struct tcpd_pfile *f, const uint8_t *p, size_t len)
{
	if (f->hdr_size + len > HDR_MAX)
		return false;
	memcpy(f->hdr + f->hdr_size, p, len);
	f->hdr_size += len;
	f->hdr_len = f->hdr_size;
	return true;
}

/*
 * A section header block sets the byte order of everything in its section,
 * its own length included: read it from the byte-order magic first.
 */
static int ng_order(struct tcpd_pfile *f)
{
	uint32_t bom;
	int ret = need(f, 12);

	if (ret <= 0)
		return ret < 0 ? -1 : TCPD_PFILE_TRUNC;
	memcpy(&bom, f->buf + f->pos + 8, 4);
	if (bom != 0x1a2b3c4du && bom != 0x4d3c2b1au)
		return TCPD_PFILE_ODD;
	f->swap = bom == 0x4d3c2b1au;
	return 1;
}

/*
 * The pcapng block at buf[pos]: its type and length, once whole in the
 * buffer. 1, 0 at the end, TCPD_PFILE_TRUNC, TCPD_PFILE_ODD for a length
 * libpcap would refuse (it says why), -1 on a read error.
 */
static int ng_block(struct tcpd_pfile *f, uint32_t *type, uint32_t *len)
{
	const uint8_t *b;
	int ret = need(f, 8);

	if (ret <= 0)
		return ret < 0 ? -1 : f->pos == f->end ? 0 : TCPD_PFILE_TRUNC;
	b = f->buf + f->pos;
	*type = rd32(f, b);
	if (*type == NG_SHB && (ret = ng_order(f)) != 1)
		return ret;
	b = f->buf + f->pos;
	*len = rd32(f, b + 4);
	if (*len < 12 || *len % 4 || *len > BUF_SIZE)
		return TCPD_PFILE_ODD;
	ret = need(f, *len);
	if (ret <= 0)
		return ret < 0 ? -1 : TCPD_PFILE_TRUNC;
	b = f->buf + f->pos;
	return rd32(f, b + *len - 4) == *len ? 1 : TCPD_PFILE_ODD;
}

/*
 * The section header block at buf[pos], @len long: version 1.0. A section
 * starts afresh: its own interfaces, and only its headers for a replay.
 */
static bool ng_section(struct tcpd_pfile *f, uint32_t len)
{
	const uint8_t *b = f->buf + f->pos;

	if (len < 28 || len > HDR_MAX || rd16(f, b + 12) != 1 || rd16(f, b + 14) != 0)
		return false;
	f->hdr_size = 0;
	f->nifs = 0;
	keep(f, b, len);
	f->pos += len;
	return true;
}

/* Interface options: only a time resolution of us or ns, given once. */
static bool ng_options(struct tcpd_pfile *f, struct ng_if *i, const uint8_t *p,
		       const uint8_t *end)
{
	bool tsresol = false;
	uint16_t code, olen;

	while (p + 4 <= end) {
		code = rd16(f, p);
		olen = rd16(f, p + 2);
		if (!code)		/* opt_endofopt: libpcap wants it empty */
			return !olen;
		if (p + 4 + ((olen + 3u) & ~3u) > end)
			return false;
		if (code == 14)		/* if_tsoffset */
			return false;
		if (code == 9) {	/* if_tsresol */
			if (tsresol || olen != 1 || (p[4] != 6 && p[4] != 9))
				return false;
			tsresol = true;
			i->nsec = p[4] == 9;
		}
		p += 4 + ((olen + 3u) & ~3u);
	}
	return true;
}

/*
 * The interface description block at buf[pos], @len long, joins the
 * section's interfaces. The file's first must be of a link type we decode;
 * a later one may be of any: its packets count as not TCP.
 */
static bool ng_interface(struct tcpd_pfile *f, uint32_t len)
{
	const uint8_t *b = f->buf + f->pos;
	struct ng_if *i = &f->ifs[f->nifs];

	if (len < 20 || f->nifs == NG_MAX_IFS)
		return false;
	*i = (struct ng_if){ lt_to_dlt(rd16(f, b + 8)), rd32(f, b + 12), false };
	if ((i->dlt < 0 && !f->fast) || !i->snaplen || i->snaplen > MAX_SNAP)
		return false;
	if (!ng_options(f, i, b + 16, b + len - 4) || !keep(f, b, len))
		return false;
	f->nifs++;
	f->pos += len;
	return true;
}

/*
 * Skip the blocks libpcap skips, up to a section, interface or packet
 * block: 1 and its type and length, or as ng_block().
 */
static int ng_skip(struct tcpd_pfile *f, uint32_t *type, uint32_t *len)
{
	int ret;

	for (;;) {
		ret = ng_block(f, type, len);
		if (ret != 1)
			return ret;
		if (*type == NG_SHB || *type == NG_IDB || *type == NG_PB || *type == NG_SPB ||
		    *type == NG_EPB)
			return 1;
		f->pos += *len;
	}
}

/*
 * A section, then blocks libpcap skips, then one interface; anything else,
 * or more than the buffer holds before it, and libpcap reads the file.
 */
static bool ng_open(struct tcpd_pfile *f)
{
	uint32_t type, len;

	f->ng = true;
	if (ng_block(f, &type, &len) != 1 || !ng_section(f, len) ||
	    ng_skip(f, &type, &len) != 1 || type != NG_IDB || !ng_interface(f, len))
		return false;
	f->dlt = f->ifs[0].dlt;
	f->snaplen = f->ifs[0].snaplen;
	return true;
}

/* The enhanced packet block at buf[pos], @len long: as tcpd_pfile_next(). */
static int ng_packet(struct tcpd_pfile *f, uint32_t len, struct tcpd_pfile_rec *r)
{
	const uint8_t *b = f->buf + f->pos;
	const struct ng_if *i;
	uint32_t id, caplen;
	uint64_t t;

	if (len < 32)
		return TCPD_PFILE_ODD;
	id = rd32(f, b + 8);
	if (id >= f->nifs)
		return TCPD_PFILE_ODD;
	i = &f->ifs[id];
	caplen = rd32(f, b + 20);
	if (caplen > i->snaplen || caplen > len - 32)
		return TCPD_PFILE_ODD;
	t = (uint64_t)rd32(f, b + 12) << 32 | rd32(f, b + 16);
	r->ts = (int64_t)(i->nsec ? t / 1000 : t);
	r->caplen = caplen;
	r->len = rd32(f, b + 24);
	r->dlt = i->dlt;
	r->data = b + 28;
	f->pos += len;
	return 1;
}

/*
 * The next enhanced packet, skipping what libpcap skips and reading new
 * sections and interfaces on the way: as tcpd_pfile_next().
 */
static int ng_next(struct tcpd_pfile *f, struct tcpd_pfile_rec *r)
{
	uint32_t type, len;
	int ret;

	for (;;) {
		ret = ng_skip(f, &type, &len);
		if (ret != 1)
			return ret;
		if (type == NG_EPB)
			return ng_packet(f, len, r);
		if (type == NG_SHB && ng_section(f, len))
			f->many = true;
		else if (type == NG_IDB && ng_interface(f, len))
			f->many = true;
		else
			return TCPD_PFILE_ODD;
	}
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
	if (need(f, HDR_LEN) != 1)
		return 0;
	if (rd32(f, f->buf) == NG_SHB) {
		f->hold = true;
		f->fast = ng_open(f);
		f->hold = false;
		if (!f->fast)
			f->pos = 0;	/* nothing was dropped: libpcap rereads it */
		return 0;
	}
	if (!plain_header(f, f->buf))
		return 0;
	keep(f, f->buf, HDR_LEN);
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
		return ng_next(f, r);
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

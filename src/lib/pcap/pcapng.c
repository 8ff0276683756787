// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pcapng (what dumpcap writes), read in place from the file reader's buffer
 * (file.c): sections of either byte order, their interfaces (each with its
 * own link type, snap length and time resolution) and enhanced packet
 * blocks; the blocks libpcap skips are skipped. What we do not read (a time
 * offset, simple or obsolete packet blocks, odd lengths...) goes to libpcap
 * through file.c's replay of the current section's headers.
 */
#include "pcap/pfile.h"

#define NG_IDB 1u
#define NG_PB 2u
#define NG_SPB 3u
#define NG_EPB 6u

/*
 * A section header block sets the byte order of everything in its section,
 * its own length included: read it from the byte-order magic first.
 */
static int ng_order(struct tcpd_pfile *f)
{
	uint32_t bom;
	int ret = tcpd_pfile_need(f, 12);

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
	int ret = tcpd_pfile_need(f, 8);

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
	ret = tcpd_pfile_need(f, *len);
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
	tcpd_pfile_keep(f, b, len);
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
	*i = (struct ng_if){ tcpd_pfile_dlt_of(rd16(f, b + 8)), rd32(f, b + 12), false };
	if ((i->dlt < 0 && !f->fast) || !i->snaplen || i->snaplen > MAX_SNAP)
		return false;
	if (!ng_options(f, i, b + 16, b + len - 4) || !tcpd_pfile_keep(f, b, len))
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
bool tcpd_ng_open(struct tcpd_pfile *f)
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
int tcpd_ng_next(struct tcpd_pfile *f, struct tcpd_pfile_rec *r)
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

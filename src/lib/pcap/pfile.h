/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PCAP_PFILE_H
#define TCPD_PCAP_PFILE_H

/*
 * The capture file reader's insides, shared by file.c (the buffer, classic
 * pcap, the replay for libpcap) and pcapng.c (pcapng blocks); not an API.
 */
#include <string.h>
#include <sys/types.h>

#include "pcap/pcap_int.h"

#define BUF_SIZE (1u << 20)
/* pcapng: a section header block's type, the same in either byte order. */
#define NG_SHB 0x0a0d0d0au
/* pcapng: the section and interface blocks we keep for a replay. */
#define HDR_MAX 4096u
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

static inline uint32_t rd32(const struct tcpd_pfile *f, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return f->swap ? __builtin_bswap32(v) : v;
}

static inline uint16_t rd16(const struct tcpd_pfile *f, const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return f->swap ? __builtin_bswap16(v) : v;
}

/* file.c */
/* Make @want bytes contiguous at buf[pos]: 1, 0 if the input ends first, -1. */
int tcpd_pfile_need(struct tcpd_pfile *f, size_t want);
/* Keep a header for the replay; false when it does not fit. */
bool tcpd_pfile_keep(struct tcpd_pfile *f, const uint8_t *p, size_t len);
/* A file's link type as libpcap's DLT_ value; -1 for one we do not decode. */
int tcpd_pfile_dlt_of(uint32_t lt);

/* pcapng.c */
/* A section, an interface: true when we read the rest of the file ourselves. */
bool tcpd_ng_open(struct tcpd_pfile *f);
/* The next packet: as tcpd_pfile_next(). */
int tcpd_ng_next(struct tcpd_pfile *f, struct tcpd_pfile_rec *r);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Capture input: a classic pcap file we read ourselves (file.c);
 * libpcap reads the rest (pcapng, anything unusual) and the interface. We
 * decode link, IP and TCP headers ourselves so that one pure function
 * (tcpd_pcap_decode) holds everything a hostile packet can reach.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <pcap/pcap.h>

#include "tcpdoc/i18n.h"
#include "pcap/pcap_int.h"

struct tcpd_pcap_src {
	pcap_t *p;			/* NULL while we read the file ourselves */
	struct tcpd_pfile *f;		/* a file (or stream), not a live source */
	const char *name;		/* the file's, for messages */
	int dlt;
	bool live;
	bool dated;			/* @latest holds a packet's time */
	int64_t latest;
	struct tcpd_pcap_counts counts;
};

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86dd
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88a8
#define ETH_P_QINQ 0x9100
#define ETH_P_PPP_SES 0x8864
#define PPP_IP 0x0021
#define PPP_IPV6 0x0057

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool tcpd_pcap_dlt_ok(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	}
	return false;
}

/* Skip VLAN tags; returns the offset of the network header or -1. */
static int skip_vlans(const uint8_t *p, uint32_t caplen, uint32_t off, uint16_t *proto)
{
	while (*proto == ETH_P_8021Q || *proto == ETH_P_8021AD || *proto == ETH_P_QINQ) {
		if (off + 4 > caplen)
			return -1;
		*proto = be16(p + off + 2);
		off += 4;
	}
	return (int)off;
}

/*
 * A PPPoE session header (RFC 2516), then the PPP protocol: returns the
 * offset of the network header, or -1 if cut; *proto 0 for "not IP".
 */
static int pppoe(const uint8_t *p, uint32_t caplen, uint32_t off, uint16_t *proto)
{
	uint16_t ppp;

	if (off + 8 > caplen)
		return -1;
	ppp = be16(p + off + 6);
	*proto = ppp == PPP_IP ? ETH_P_IP : ppp == PPP_IPV6 ? ETH_P_IPV6 : 0;
	return (int)off + 8;
}

/* BSD loopback: the address family in host (NULL) or network (LOOP) order. */
static uint16_t null_proto(const uint8_t *p, bool net_order)
{
	uint32_t fam;

	if (net_order) {
		fam = be32(p);
	} else {
		memcpy(&fam, p, 4);
		/* A capture from a host of the other byte order. */
		if (fam & 0xffff0000u)
			fam = __builtin_bswap32(fam);
	}
	if (fam == 2)
		return ETH_P_IP;
	/* AF_INET6 differs: Linux 10, BSDs 24, FreeBSD 28, Darwin 30. */
	if (fam == 10 || fam == 24 || fam == 28 || fam == 30)
		return ETH_P_IPV6;
	return 0;
}

/* The network protocol and its offset; -1 for short, 0 proto for "not IP". */
static int link_header(int dlt, const uint8_t *p, uint32_t caplen, uint16_t *proto)
{
	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return -1;
		*proto = be16(p + 12);
		return skip_vlans(p, caplen, 14, proto);
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return -1;
		*proto = be16(p + 14);
		return skip_vlans(p, caplen, 16, proto);
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return -1;
		*proto = be16(p);
		return skip_vlans(p, caplen, 20, proto);
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < 4)
			return -1;
		*proto = null_proto(p, dlt == DLT_LOOP);
		return 4;
	case DLT_IPV4:
		*proto = ETH_P_IP;
		return 0;
	case DLT_IPV6:
		*proto = ETH_P_IPV6;
		return 0;
	case DLT_RAW:
		if (caplen < 1)
			return -1;
		*proto = (p[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IP;
		return 0;
	}
	*proto = 0;
	return 0;
}

/* IPv4: fills addresses, returns TCP offset; *plen is the TCP length. */
static int ipv4(const uint8_t *p, uint32_t caplen, uint32_t off, struct tcpd_seg *s,
		uint32_t *plen, enum tcpd_dec *why)
{
	uint32_t ihl, tot;

	if (off + 20 > caplen)
		return *why = TCPD_DEC_SHORT, -1;
	ihl = (uint32_t)(p[off] & 0x0f) * 4;
	tot = be16(p + off + 2);
	if ((p[off] >> 4) != 4 || ihl < 20 || tot < ihl)
		return *why = TCPD_DEC_BAD, -1;
	if (p[off + 9] != 6)
		return *why = TCPD_DEC_SKIP, -1;
	/* A later fragment has no TCP header. */
	if (be16(p + off + 6) & 0x1fff)
		return *why = TCPD_DEC_SKIP, -1;
	s->src.family = s->dst.family = AF_INET;
	memset(s->src.b, 0, sizeof(s->src.b));
	memset(s->dst.b, 0, sizeof(s->dst.b));
	memcpy(s->src.b, p + off + 12, 4);
	memcpy(s->dst.b, p + off + 16, 4);
	*plen = tot - ihl;
	return (int)(off + ihl);
}

static bool ip6_ext(uint8_t nh)
{
	return nh == 0 || nh == 43 || nh == 60 || nh == 44;
}

static int ipv6(const uint8_t *p, uint32_t caplen, uint32_t off, struct tcpd_seg *s,
		uint32_t *plen, enum tcpd_dec *why)
{
	uint32_t pay, hl;
	uint8_t nh;

	if (off + 40 > caplen)
		return *why = TCPD_DEC_SHORT, -1;
	if ((p[off] >> 4) != 6)
		return *why = TCPD_DEC_BAD, -1;
	pay = be16(p + off + 4);
	nh = p[off + 6];
	s->src.family = s->dst.family = AF_INET6;
	memcpy(s->src.b, p + off + 8, 16);
	memcpy(s->dst.b, p + off + 24, 16);
	off += 40;
	while (ip6_ext(nh)) {
		if (off + 8 > caplen)
			return *why = TCPD_DEC_SHORT, -1;
		if (nh == 44 && (be16(p + off + 2) & 0xfff8))
			return *why = TCPD_DEC_SKIP, -1;
		hl = nh == 44 ? 8 : ((uint32_t)p[off + 1] + 1) * 8;
		if (hl > pay)
			return *why = TCPD_DEC_BAD, -1;
		nh = p[off];
		pay -= hl;
		off += hl;
	}
	if (nh != 6)
		return *why = TCPD_DEC_SKIP, -1;
	*plen = pay;
	return (int)off;
}

static enum tcpd_dec tcp(const uint8_t *p, uint32_t caplen, uint32_t off,
			 uint32_t plen, struct tcpd_seg *s)
{
	uint32_t doff;

	if (off + 20 > caplen)
		return TCPD_DEC_SHORT;
	doff = (uint32_t)(p[off + 12] >> 4) * 4;
	if (doff < 20 || doff > plen)
		return TCPD_DEC_BAD;
	s->sport = be16(p + off);
	s->dport = be16(p + off + 2);
	s->seq = be32(p + off + 4);
	s->ack = be32(p + off + 8);
	s->flags = p[off + 13] & 0x3f;
	s->win = be16(p + off + 14);
	s->len = plen - doff;
	return TCPD_DEC_OK;
}

enum tcpd_dec tcpd_pcap_decode(int dlt, const uint8_t *p, uint32_t caplen,
			       struct tcpd_seg *s)
{
	enum tcpd_dec why = TCPD_DEC_SKIP;
	uint16_t proto = 0;
	uint32_t plen = 0;
	int off;

	off = link_header(dlt, p, caplen, &proto);
	if (off >= 0 && proto == ETH_P_PPP_SES)
		off = pppoe(p, caplen, (uint32_t)off, &proto);
	if (off < 0)
		return TCPD_DEC_SHORT;
	if (proto == ETH_P_IP)
		off = ipv4(p, caplen, (uint32_t)off, s, &plen, &why);
	else if (proto == ETH_P_IPV6)
		off = ipv6(p, caplen, (uint32_t)off, s, &plen, &why);
	else
		return TCPD_DEC_SKIP;
	if (off < 0)
		return why;
	return tcp(p, caplen, (uint32_t)off, plen, s);
}

static int check_dlt(struct tcpd_pcap_src *src, struct tcpd_err *err)
{
	const char *name;

	src->dlt = pcap_datalink(src->p);
	if (tcpd_pcap_dlt_ok(src->dlt))
		return 0;
	name = pcap_datalink_val_to_name(src->dlt);
	return tcpd_fail(err, TCPD_E_INPUT,
			 _("unsupported link type %d (%s): expected Ethernet, Linux cooked, raw IP or loopback"),
			 src->dlt, name ? name : "?");
}

/*
 * libpcap takes over the file, from the bytes we have not parsed: 0, or
 * -1 on an error. @mid (after records): a file that ends inside the first
 * block libpcap reads is cut, as read_packet() counts it, not an error:
 * then 1.
 */
static int to_libpcap(struct tcpd_pcap_src *src, bool mid, struct tcpd_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	FILE *fp = tcpd_pfile_replay(src->f);

	if (!fp)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	src->p = pcap_fopen_offline_with_tstamp_precision(fp, PCAP_TSTAMP_PRECISION_MICRO, ebuf);
	if (src->p)
		return 0;
	/* libpcap closes @fp only once it has taken it. */
	fclose(fp);
	if (mid && strstr(ebuf, "truncated")) {
		src->counts.truncated = true;
		return 1;
	}
	return tcpd_fail(err, TCPD_E_INPUT, _("cannot read capture '%s': %s"), src->name, ebuf);
}

/*
 * Read @fd, or @fp when @fd < 0 (@name only names it); both are taken.
 * @libpcap: let libpcap read even a file we could read ourselves.
 */
static int open_offline(struct tcpd_pcap_src **out, const char *name, int fd, FILE *fp,
			bool libpcap, struct tcpd_err *err)
{
	struct tcpd_pcap_src *src = calloc(1, sizeof(*src));

	if (!src || tcpd_pfile_open(&src->f, fd, fp)) {
		if (fp)
			fclose(fp);
		else if (fd > 0)
			close(fd);
		free(src);
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	src->name = name;
	if (tcpd_pfile_fast(src->f) && !libpcap)
		src->dlt = tcpd_pfile_dlt(src->f);
	else if (to_libpcap(src, false, err) || check_dlt(src, err))
		goto fail;
	*out = src;
	return 0;
fail:
	tcpd_pcap_close(src);
	return -1;
}

int tcpd_pcap_open_file(struct tcpd_pcap_src **out, const char *path,
			struct tcpd_err *err)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;

	if (fd < 0)
		return tcpd_fail(err, tcpd_errno_kind(errno), _("cannot read capture '%s': %s"),
				 path, strerror(errno));
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	return open_offline(out, path, fd, NULL, false, err);
}

int tcpd_pcap_open_fp(struct tcpd_pcap_src **out, FILE *fp, const char *name,
		      struct tcpd_err *err)
{
	return open_offline(out, name, -1, fp, false, err);
}

int tcpd_pcap_open_fp_libpcap(struct tcpd_pcap_src **out, FILE *fp, const char *name,
			      struct tcpd_err *err)
{
	return open_offline(out, name, -1, fp, true, err);
}

static int activate_live(pcap_t *p, const char *iface, const char *filter,
			 char *ebuf, struct tcpd_err *err)
{
	struct bpf_program prog;
	int ret;

	pcap_set_snaplen(p, 262144);
	pcap_set_immediate_mode(p, 1);
	ret = pcap_activate(p);
	if (ret < 0)
		return tcpd_fail(err, ret == PCAP_ERROR_PERM_DENIED ? TCPD_E_PERM : TCPD_E_IO,
				 _("cannot capture on '%s': %s"), iface, pcap_geterr(p));
	/* Blocking reads can wait forever when traffic stops: poll instead. */
	if (pcap_setnonblock(p, 1, ebuf) < 0)
		return tcpd_fail(err, TCPD_E_IO, _("cannot capture on '%s': %s"), iface, ebuf);
	if (!filter)
		return 0;
	if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) < 0)
		return tcpd_fail(err, TCPD_E_USAGE, _("bad capture filter '%s': %s"),
				 filter, pcap_geterr(p));
	ret = pcap_setfilter(p, &prog);
	pcap_freecode(&prog);
	if (ret < 0)
		return tcpd_fail(err, TCPD_E_IO, _("cannot set capture filter: %s"), pcap_geterr(p));
	return 0;
}

int tcpd_pcap_open_live(struct tcpd_pcap_src **out, const char *iface,
			const char *filter, struct tcpd_err *err)
{
	char ebuf[PCAP_ERRBUF_SIZE] = "";
	struct tcpd_pcap_src *src;

	src = calloc(1, sizeof(*src));
	if (!src)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	src->live = true;
	src->name = iface;
	src->p = pcap_create(iface, ebuf);
	if (!src->p) {
		tcpd_fail(err, TCPD_E_IO, _("cannot capture on '%s': %s"), iface, ebuf);
		goto fail;
	}
	if (activate_live(src->p, iface, filter, ebuf, err) || check_dlt(src, err))
		goto fail;
	*out = src;
	return 0;
fail:
	tcpd_pcap_close(src);
	return -1;
}

static int wait_live(struct tcpd_pcap_src *src, int timeout_ms)
{
	struct pollfd pfd = { .fd = pcap_get_selectable_fd(src->p), .events = POLLIN };
	int n;

	if (pfd.fd < 0)
		return 1;
	n = poll(&pfd, 1, timeout_ms);
	return n < 0 && errno != EINTR ? -1 : n;
}

/* One packet from libpcap: 1, 0 at the end, 2 nothing yet (live), -1 error. */
static int read_packet(struct tcpd_pcap_src *src, struct pcap_pkthdr **h,
		       const uint8_t **data, int timeout_ms, struct tcpd_err *err)
{
	int ret = pcap_next_ex(src->p, h, data);

	if (ret == 1)
		return 1;
	if (ret == 0 && src->live)
		return wait_live(src, timeout_ms) > 0 ? 3 : 2;
	if (ret == PCAP_ERROR_BREAK)
		return 0;
	/* libpcap says "truncated dump file" for a file cut inside a packet. */
	if (!src->live && strstr(pcap_geterr(src->p), "truncated")) {
		src->counts.truncated = true;
		return 0;
	}
	return tcpd_fail(err, TCPD_E_INPUT, _("cannot read capture '%s': %s"), src->name,
			 pcap_geterr(src->p));
}

/*
 * pcapng time stamps are 64 bits of anything: keep them within +-2^61 us
 * (73,000 years), so the analyser can subtract any two of them.
 */
static int64_t clamp_ts(int64_t ts)
{
	const int64_t lim = (int64_t)1 << 61;

	return ts > lim ? lim : ts < -lim ? -lim : ts;
}

/* One record of a file we read ourselves; as read_packet(). */
static int read_record(struct tcpd_pcap_src *src, struct tcpd_pfile_rec *r,
		       struct tcpd_err *err)
{
	int ret;

	if (src->counts.truncated)
		return 0;	/* the file has ended */
	ret = tcpd_pfile_next(src->f, r);
	if (ret == TCPD_PFILE_ODD) {
		ret = to_libpcap(src, true, err);
		return ret < 0 ? -1 : ret ? 0 : 3;
	}
	if (ret == TCPD_PFILE_TRUNC) {
		src->counts.truncated = true;
		return 0;
	}
	if (ret < 0)
		return tcpd_fail(err, TCPD_E_IO, _("cannot read capture '%s': %s"), src->name,
				 strerror(errno));
	return ret;
}

/* The next packet from whichever reader has the source: as read_packet(). */
static int next_packet(struct tcpd_pcap_src *src, struct tcpd_pfile_rec *r,
		       int timeout_ms, struct tcpd_err *err)
{
	struct pcap_pkthdr *h;
	const uint8_t *data;
	int ret;

	if (!src->p)
		return read_record(src, r, err);
	ret = read_packet(src, &h, &data, timeout_ms, err);
	if (ret == 1) {
		/* pcapng can say anything: wrap, never overflow. */
		r->ts = (int64_t)((uint64_t)h->ts.tv_sec * 1000000u + (uint64_t)h->ts.tv_usec);
		r->caplen = h->caplen;
		r->len = h->len;
		r->dlt = src->dlt;
		r->data = data;
	}
	return ret;
}

/*
 * A packet's time, never before the latest so far: a clock that steps back
 * (NTP, merged or reordered captures) is counted, not turned into negative
 * durations.
 */
static int64_t monotonic(struct tcpd_pcap_src *src, int64_t ts)
{
	if (src->dated && ts < src->latest) {
		src->counts.backwards++;
		if (src->latest - ts > src->counts.most_back)
			src->counts.most_back = src->latest - ts;
		return src->latest;
	}
	src->dated = true;
	src->latest = ts;
	return ts;
}

int tcpd_pcap_next(struct tcpd_pcap_src *src, struct tcpd_seg *s, int timeout_ms,
		   struct tcpd_err *err)
{
	struct tcpd_pfile_rec r;
	enum tcpd_dec d;
	int ret;

	for (;;) {
		ret = next_packet(src, &r, timeout_ms, err);
		if (ret == 3)
			continue;
		if (ret != 1)
			return ret;
		src->counts.packets++;
		r.ts = monotonic(src, clamp_ts(r.ts));
		d = tcpd_pcap_decode(r.dlt, r.data, r.caplen, s);
		if (d == TCPD_DEC_OK) {
			s->ts = r.ts;
			src->counts.segments++;
			return 1;
		}
		if (d == TCPD_DEC_SKIP)
			src->counts.skipped++;
		else if (d == TCPD_DEC_BAD)
			src->counts.bad++;
		else if (r.caplen < r.len)
			src->counts.cut++;
		else
			src->counts.too_short++;
	}
}

const struct tcpd_pcap_counts *tcpd_pcap_counts(const struct tcpd_pcap_src *src)
{
	return &src->counts;
}

bool tcpd_pcap_many(const struct tcpd_pcap_src *src)
{
	return src->f && tcpd_pfile_many(src->f);
}

int tcpd_pcap_snaplen(const struct tcpd_pcap_src *src)
{
	return src->p ? pcap_snapshot(src->p) : tcpd_pfile_snaplen(src->f);
}

void tcpd_pcap_close(struct tcpd_pcap_src *src)
{
	if (!src)
		return;
	/* libpcap's stream reads through @f: close it first. */
	if (src->p)
		pcap_close(src->p);
	tcpd_pfile_free(src->f);
	free(src);
}

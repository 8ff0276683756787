// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Write a big synthetic capture for bench/pcap.sh: many connections, a
 * thousand alive at once, interleaved. Each does a handshake, a few
 * full-size data segments with ACKs, and a normal close; one in 50 is
 * refused and one in 50 loses a FIN, so every analyser has work to do.
 * Packets are 200 us apart, so a 1 GB file spans ~8 minutes of capture
 * time and closed connections must be dropped to keep memory flat.
 * Usage: pcap_gen OUT.pcap MEGABYTES
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIVE 1000
#define MSS 1400
#define NDATA 5

struct flow {
	uint32_t caddr, saddr, cseq, sseq;
	uint16_t cport, sport;
	int step;
	unsigned kind;
};

static uint8_t pkt[2048];

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

/* One Ethernet/IPv4/TCP frame; returns bytes written to @out. */
static size_t frame(FILE *out, uint64_t ts_us, const struct flow *f, int from_client,
		    uint8_t flags, uint32_t seq, uint32_t ack, uint32_t len)
{
	uint8_t *ip = pkt + 14, *th = ip + 20;
	uint32_t caplen = 14 + 20 + 20 + len;
	uint32_t hdr[4] = { (uint32_t)(ts_us / 1000000), (uint32_t)(ts_us % 1000000), caplen, caplen };

	memset(pkt, 0, 54);
	memset(pkt, 2, 12);
	put16(pkt + 12, 0x0800);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(40 + len));
	ip[8] = 64;
	ip[9] = 6;
	put32(ip + 12, from_client ? f->caddr : f->saddr);
	put32(ip + 16, from_client ? f->saddr : f->caddr);
	put16(th, from_client ? f->cport : f->sport);
	put16(th + 2, from_client ? f->sport : f->cport);
	put32(th + 4, seq);
	put32(th + 8, ack);
	th[12] = 5 << 4;
	th[13] = flags;
	put16(th + 14, 65535);
	fwrite(hdr, sizeof(hdr), 1, out);
	fwrite(pkt, 1, caplen, out);
	return sizeof(hdr) + caplen;
}

static void new_flow(struct flow *f, uint64_t n)
{
	f->caddr = 0x0a000000u | (uint32_t)(n / 50000 % 65536) << 8 | 1;
	f->saddr = 0x0a640001u;
	f->cport = (uint16_t)(10000 + n % 50000);
	f->sport = 80;
	f->cseq = (uint32_t)(n * 7919u);
	f->sseq = (uint32_t)(n * 104729u);
	f->step = 0;
	f->kind = (unsigned)(n % 50);
}

/* Emit the flow's next segment; returns 0 when the flow is over. */
static size_t step(FILE *out, uint64_t ts, struct flow *f, int *over)
{
	int s = f->step++;
	const int A = 0x10, S = 0x02, F = 0x01, R = 0x04, P = 0x08;

	*over = 0;
	if (s == 0)
		return frame(out, ts, f, 1, S, f->cseq, 0, 0);
	if (f->kind == 1) {
		*over = 1;
		return frame(out, ts, f, 0, R | A, 0, f->cseq + 1, 0);
	}
	if (s == 1)
		return frame(out, ts, f, 0, S | A, f->sseq, f->cseq + 1, 0);
	if (s == 2)
		return frame(out, ts, f, 1, A, f->cseq + 1, f->sseq + 1, 0);
	if (s < 3 + 2 * NDATA) {
		uint32_t k = (uint32_t)(s - 3) / 2, off = k * MSS;

		if ((s - 3) % 2 == 0)
			return frame(out, ts, f, 0, P | A, f->sseq + 1 + off, f->cseq + 1, MSS);
		return frame(out, ts, f, 1, A, f->cseq + 1, f->sseq + 1 + off + MSS, 0);
	}
	{
		uint32_t cend = f->cseq + 1, send = f->sseq + 1 + NDATA * MSS;
		int t = s - (3 + 2 * NDATA);

		if (f->kind == 2 && t == 0)	/* a FIN that gets lost: sent twice */
			return frame(out, ts, f, 1, F | A, cend, send, 0);
		if (f->kind == 2)
			t--;
		switch (t) {
		case 0:
			return frame(out, ts, f, 1, F | A, cend, send, 0);
		case 1:
			return frame(out, ts, f, 0, A, send, cend + 1, 0);
		case 2:
			return frame(out, ts, f, 0, F | A, send, cend + 1, 0);
		default:
			*over = 1;
			return frame(out, ts, f, 1, A, cend + 1, send + 1, 0);
		}
	}
}

int main(int argc, char **argv)
{
	static const uint32_t ghdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	uint64_t want, written = 24, ts = 1700000000ULL * 1000000, next = 0;
	struct flow *flows;
	FILE *out;
	int over, i;

	if (argc != 3 || !(out = fopen(argv[1], "wb")))
		return fprintf(stderr, "usage: pcap_gen OUT.pcap MEGABYTES\n"), 2;
	want = strtoull(argv[2], NULL, 10) << 20;
	flows = calloc(LIVE, sizeof(*flows));
	if (!flows)
		return 1;
	setvbuf(out, NULL, _IOFBF, 1 << 20);
	fwrite(ghdr, sizeof(ghdr), 1, out);
	for (i = 0; i < LIVE; i++)
		new_flow(&flows[i], next++);
	while (written < want)
		for (i = 0; i < LIVE && written < want; i++) {
			ts += 200;
			written += step(out, ts, &flows[i], &over);
			if (over)
				new_flow(&flows[i], next++);
		}
	fprintf(stderr, "pcap_gen: %llu bytes, %llu connections started\n",
		(unsigned long long)written, (unsigned long long)next);
	free(flows);
	return fclose(out) ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: the input is a capture file. It goes through our file
 * reader (or libpcap), our link/IP/TCP decoder and the whole analyser, as
 * `tcpdoc pcap` runs them; and our reader must give the very segments,
 * counts and end that libpcap alone gives, up to where libpcap refuses a
 * pcapng section or interface our reader takes (another link type, snap
 * length or byte order). Built and run by tests/fuzz/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcap/pcap_int.h"

static int on_conn(const struct tcpd_pcap_conn *c, void *arg)
{
	size_t *n = arg;
	int i;

	/* Touch what a renderer reads, so ASan sees any bad hop or name. */
	for (i = 0; i < c->end[0].nhops; i++)
		*n += tcpd_state_name(c->end[0].hops[i].state)[0];
	*n += tcpd_pcap_outcome_name(c->outcome)[0] + c->nsegs;
	return 0;
}

static struct tcpd_pcap_src *open_mem(const uint8_t *data, size_t size, bool libpcap)
{
	struct tcpd_pcap_src *src = NULL;
	struct tcpd_err err = { 0 };
	FILE *fp = fmemopen((void *)data, size, "rb");

	if (!fp)
		return NULL;
	if (libpcap ? tcpd_pcap_open_fp_libpcap(&src, fp, "fuzz", &err) :
		      tcpd_pcap_open_fp(&src, fp, "fuzz", &err))
		return NULL;
	return src;
}

/* Our reader and libpcap agree on every segment and on how the file ends. */
static void differential(const uint8_t *data, size_t size)
{
	struct tcpd_pcap_src *a = open_mem(data, size, false), *b = open_mem(data, size, true);
	const struct tcpd_pcap_counts *ca, *cb;
	struct tcpd_err err = { 0 };
	struct tcpd_seg sa, sb;
	int ra, rb;

	if (!a != !b)
		abort();
	while (a) {
		memset(&sa, 0, sizeof(sa));
		memset(&sb, 0, sizeof(sb));
		ra = tcpd_pcap_next(a, &sa, 0, &err);
		rb = tcpd_pcap_next(b, &sb, 0, &err);
		if (rb < 0 && tcpd_pcap_many(a))
			goto out;	/* libpcap's limit, not ours */
		if (ra != rb || memcmp(&sa, &sb, sizeof(sa)))
			abort();
		if (ra != 1)
			break;
	}
	if (a) {
		ca = tcpd_pcap_counts(a);
		cb = tcpd_pcap_counts(b);
		if (ca->packets != cb->packets || ca->segments != cb->segments ||
		    ca->skipped != cb->skipped || ca->cut != cb->cut ||
		    ca->too_short != cb->too_short || ca->bad != cb->bad ||
		    ca->backwards != cb->backwards || ca->truncated != cb->truncated ||
		    tcpd_pcap_snaplen(a) != tcpd_pcap_snaplen(b))
			abort();
	}
out:
	tcpd_pcap_close(a);
	tcpd_pcap_close(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t touched = 0;
	struct tcpd_pcap_opts o = { .emit = on_conn, .arg = &touched, .ladder_id = 1 };
	struct tcpd_pcap_src *src = NULL;
	struct tcpd_pcap_an *an = NULL;
	struct tcpd_err err = { 0 };
	struct tcpd_seg s;
	FILE *fp;

	if (!size)
		return 0;
	differential(data, size);
	fp = fmemopen((void *)data, size, "rb");
	if (!fp || tcpd_pcap_open_fp(&src, fp, "fuzz", &err))
		return 0;
	an = tcpd_pcap_an_new(&o, &err);
	if (!an)
		goto out;
	while (tcpd_pcap_next(src, &s, 0, &err) == 1)
		if (tcpd_pcap_an_seg(an, &s, &err))
			goto out;
	tcpd_pcap_an_finish(an, &err);
out:
	tcpd_pcap_an_free(an);
	tcpd_pcap_close(src);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: the input is a capture file. It goes through libpcap,
 * our link/IP/TCP decoder and the whole analyser, as `tcpdoc pcap` runs
 * them. Built and run by tests/fuzz/run.sh.
 */
#include <stdio.h>
#include <stdlib.h>

#include "pcap.h"

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

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RENDER_PCAP_H
#define TCPD_RENDER_PCAP_H

/* The pcap report as text or JSON: the same data behind both. */
#include <stdio.h>

#include "render/json.h"
#include "tcpdoc/pcap.h"

/*
 * JSON: the document is streamed, one connection at a time; its end is
 * always written, with @error (NULL: none) when the input failed part-way.
 */
void pcap_json_begin(struct json *j);
void pcap_json_conn(struct json *j, const struct tcpd_pcap_conn *c, int64_t start);
void pcap_json_end(struct json *j, const struct tcpd_pcap_summary *sum,
		   const struct tcpd_pcap_counts *counts, const char *error);

void pcap_text_conn(FILE *f, const struct tcpd_pcap_conn *c, int64_t start);
void pcap_text_summary(FILE *f, const struct tcpd_pcap_summary *sum,
		       const struct tcpd_pcap_counts *counts);

/* --ladder: an SVG sequence diagram of one connection. */
void pcap_ladder_svg(FILE *f, const struct tcpd_pcap_conn *c, int64_t start);

/* Seconds from the start of the capture. */
static inline double pcap_rel(int64_t at, int64_t start)
{
	return (double)(at - start) / 1e6;
}

#endif

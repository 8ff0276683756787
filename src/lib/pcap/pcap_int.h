/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PCAP_INT_H
#define TCPD_PCAP_INT_H

/* Shared between the pcap_*.c files of the library; not an API. */
#include "tcpdoc/pcap.h"

/* Sequence-number comparisons, modulo 2^32 (RFC 9293 3.4). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b) SEQ_LT(b, a)
#define SEQ_GEQ(a, b) SEQ_LEQ(b, a)

/* file.c: classic pcap files read without libpcap */
struct tcpd_pfile;

struct tcpd_pfile_rec {
	int64_t ts;
	uint32_t caplen;
	uint32_t len;			/* on the wire; caplen < len: cut by the snap length */
	int dlt;			/* its interface's link type (pcapng: per interface) */
	const uint8_t *data;
};

enum { TCPD_PFILE_TRUNC = 2, TCPD_PFILE_ODD = 3 };

/* Takes @fd (or @fp when @fd < 0); -1 when out of memory. */
int tcpd_pfile_open(struct tcpd_pfile **out, int fd, FILE *fp);
bool tcpd_pfile_fast(const struct tcpd_pfile *f);
int tcpd_pfile_dlt(const struct tcpd_pfile *f);
int tcpd_pfile_snaplen(const struct tcpd_pfile *f);
/* A later pcapng section or interface was read: libpcap may refuse the file. */
bool tcpd_pfile_many(const struct tcpd_pfile *f);
int tcpd_pfile_next(struct tcpd_pfile *f, struct tcpd_pfile_rec *r);
/* A stream for libpcap, from the start of the file or the current record. */
FILE *tcpd_pfile_replay(struct tcpd_pfile *f);
void tcpd_pfile_free(struct tcpd_pfile *f);

/* read.c: as tcpd_pcap_open_fp(), through libpcap only (the fuzzer's
 * reference for file.c). */
int tcpd_pcap_open_fp_libpcap(struct tcpd_pcap_src **out, FILE *fp, const char *name,
			      struct tcpd_err *err);
/* Did our reader read more pcapng sections or interfaces than the first? */
bool tcpd_pcap_many(const struct tcpd_pcap_src *src);

/* fsm.c */
void tcpd_pcap_set_state(struct tcpd_pcap_end *e, int st, int64_t ts);
void tcpd_pcap_fsm_start(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s);
void tcpd_pcap_fsm_step(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s);
bool tcpd_pcap_end_done(const struct tcpd_pcap_end *e);

/* events.c */
void tcpd_pcap_event(struct tcpd_pcap_conn *c, int ev, int by, int64_t ts);
void tcpd_pcap_events_pre(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s,
			  int64_t idle_us);
void tcpd_pcap_track(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PCAP_INT_H
#define TCPD_PCAP_INT_H

/* Shared between the pcap_*.c files of the library; not an API. */
#include "pcap.h"

/* Sequence-number comparisons, modulo 2^32 (RFC 9293 3.4). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_LEQ(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) <= 0)
#define SEQ_GT(a, b) SEQ_LT(b, a)
#define SEQ_GEQ(a, b) SEQ_LEQ(b, a)

/* pcap_fsm.c */
void tcpd_pcap_set_state(struct tcpd_pcap_end *e, int st, int64_t ts);
void tcpd_pcap_fsm_start(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s);
void tcpd_pcap_fsm_step(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s);
bool tcpd_pcap_end_done(const struct tcpd_pcap_end *e);

/* pcap_events.c */
void tcpd_pcap_event(struct tcpd_pcap_conn *c, int ev, int by, int64_t ts);
void tcpd_pcap_events_pre(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s,
			  int64_t idle_us);
void tcpd_pcap_track(struct tcpd_pcap_conn *c, int x, const struct tcpd_seg *s);

#endif

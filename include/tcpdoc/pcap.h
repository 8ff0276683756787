/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PCAP_H
#define TCPD_PCAP_H

/*
 * Captures: segments in, per-connection reports out. A source (pcap/read.c)
 * decodes packets into segments; an analyser (pcap/conn.c) keeps one entry
 * per live connection, runs a RFC 9293 state machine for each end
 * (pcap/fsm.c), names the mechanisms it sees (pcap/events.c), and hands each
 * finished connection to a callback, then frees it: memory follows the
 * connections alive at once, not the size of the file.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcpdoc/addr.h"
#include "tcpdoc/err.h"
#include "tcpdoc/state.h"

/* TCP flags as on the wire. */
enum {
	TCPD_TH_FIN = 0x01, TCPD_TH_SYN = 0x02, TCPD_TH_RST = 0x04,
	TCPD_TH_PSH = 0x08, TCPD_TH_ACK = 0x10, TCPD_TH_URG = 0x20,
};

/* One TCP segment, decoded. Times are microseconds since the epoch. */
struct tcpd_seg {
	int64_t ts;
	struct tcpd_addr src, dst;
	uint16_t sport, dport;
	uint8_t flags;
	uint32_t seq, ack;
	uint16_t win;		/* as sent, unscaled */
	uint32_t len;		/* payload bytes, from the IP length, not caplen */
};

/* What tcpd_pcap_decode() made of a packet. */
enum tcpd_dec {
	TCPD_DEC_OK = 0,
	TCPD_DEC_SKIP,		/* not TCP, or a later IP fragment */
	TCPD_DEC_SHORT,		/* the headers run past the captured bytes */
	TCPD_DEC_BAD,		/* an IP or TCP header that makes no sense */
};

/* Is link type @dlt one we can decode? */
bool tcpd_pcap_dlt_ok(int dlt);

/* Decode one packet of link type @dlt (pure; the fuzzer calls it directly). */
enum tcpd_dec tcpd_pcap_decode(int dlt, const uint8_t *p, uint32_t caplen,
			       struct tcpd_seg *s);

/* A capture source: a file ("-" is stdin) or a live interface. */
struct tcpd_pcap_src;

struct tcpd_pcap_counts {
	uint64_t packets;	/* read from the source */
	uint64_t segments;	/* TCP segments decoded */
	uint64_t skipped;	/* not TCP */
	/* Packets that could not be decoded, by cause: */
	uint64_t cut;		/* headers cut by the snap length */
	uint64_t too_short;	/* captured whole, yet shorter than their headers */
	uint64_t bad;		/* a header that makes no sense (version, lengths) */
	/*
	 * Packets dated before a packet ahead of them in the file, and the
	 * largest step back (us): each is taken as simultaneous with the
	 * latest before it, so no time or duration is ever negative.
	 */
	uint64_t backwards;
	int64_t most_back;
	bool truncated;		/* the file ended inside a packet */
};

int tcpd_pcap_open_file(struct tcpd_pcap_src **out, const char *path,
			struct tcpd_err *err);
/* An open stream (the fuzzer's memory file); it is closed with the source. */
int tcpd_pcap_open_fp(struct tcpd_pcap_src **out, FILE *fp, const char *name,
		      struct tcpd_err *err);
/* Live: @filter is a BPF expression or NULL. Non-blocking; see next(). */
int tcpd_pcap_open_live(struct tcpd_pcap_src **out, const char *iface,
			const char *filter, struct tcpd_err *err);
/*
 * The next TCP segment: 1 and @s filled, 0 at the end of the file, 2 when
 * a live source has nothing within @timeout_ms, -1 and @err on a read error
 * (a file that ends inside a packet is not an error: counts->truncated).
 */
int tcpd_pcap_next(struct tcpd_pcap_src *src, struct tcpd_seg *s, int timeout_ms,
		   struct tcpd_err *err);
const struct tcpd_pcap_counts *tcpd_pcap_counts(const struct tcpd_pcap_src *src);
int tcpd_pcap_snaplen(const struct tcpd_pcap_src *src);
void tcpd_pcap_close(struct tcpd_pcap_src *src);

/* The mechanisms we recognise; names in tcpd_pcap_event_name(). */
enum tcpd_pcap_ev {
	TCPD_EV_SYN_RETRANS,
	TCPD_EV_SYNACK_RETRANS,
	TCPD_EV_HANDSHAKE_INCOMPLETE,
	TCPD_EV_RST_TO_SYN,
	TCPD_EV_SIMUL_OPEN,
	TCPD_EV_SIMUL_CLOSE,
	TCPD_EV_FIN_RETRANS,
	TCPD_EV_FINAL_ACK_LOST,
	TCPD_EV_FIN_WITH_DATA,
	TCPD_EV_FIN_ACK_MERGED,
	TCPD_EV_HALF_CLOSE_DATA,
	TCPD_EV_CHALLENGE_ACK,
	TCPD_EV_TW_REUSE,
	TCPD_EV_KEEPALIVE,
	TCPD_EV_ZERO_WINDOW,
	TCPD_EV_WINDOW_PROBE,
	TCPD_EV_DATA_RETRANS,
	TCPD_EV_IDLE,
	TCPD_EV_RST,
	TCPD_EV_FIN_NOT_CAPTURED,	/* inferred: the peer's ACK shows it */
	TCPD_EV_MAX,
};

const char *tcpd_pcap_event_name(int ev);
/* Is event @ev an inference, not something the capture shows? */
bool tcpd_pcap_event_inferred(int ev);

enum tcpd_pcap_outcome {
	TCPD_OUT_CLOSED,
	TCPD_OUT_RESET,
	TCPD_OUT_REFUSED,
	TCPD_OUT_TIMEOUT,
	TCPD_OUT_OPEN,
	TCPD_OUT_PARTIAL,	/* the capture began mid-connection */
	TCPD_OUT_MAX,
};

const char *tcpd_pcap_outcome_name(int out);

enum { TCPD_CLIENT = 0, TCPD_SERVER = 1, TCPD_NOBODY = -1 };

/* Events are kept per sender: client, server, and both (nobody's alone). */
enum { TCPD_PCAP_BY_BOTH = 2, TCPD_PCAP_NBY = 3 };

/* "client", "server", "none". */
const char *tcpd_pcap_side_name(int side);

/*
 * A state one end entered, when, and for how long (us; -1: not known yet);
 * @inferred: no captured segment shows the change, a later one implies it.
 */
struct tcpd_pcap_hop {
	int state;
	bool inferred;
	int64_t at;
	int64_t us;
};

#define TCPD_PCAP_MAX_HOPS 24

/* The fields every segment touches come first; the history last. */
struct tcpd_pcap_end {
	int state;			/* 0 until known */
	/* Sequence tracking, from this end's segments. */
	bool nxt_valid, fin_sent, acked_peer_fin, challenge_due;
	bool synack_sent;
	uint16_t win;
	uint32_t iss, nxt, fin_seq;
	uint64_t bytes;			/* payload sent, retransmissions not counted */
	int64_t last, close_wait_at, fin_at;
	struct tcpd_addr addr;
	uint16_t port;
	int nhops;
	struct tcpd_pcap_hop hops[TCPD_PCAP_MAX_HOPS];
};

struct tcpd_pcap_event {
	uint32_t count;
	int64_t first;
};

/* One packet of a connection drawn with --ladder. */
struct tcpd_pcap_lseg {
	int64_t ts;
	uint8_t dir;			/* TCPD_CLIENT: client to server */
	uint8_t flags;
	uint32_t seq, ack, len;
	uint16_t win;
	uint8_t state[2];		/* each end's state after it */
};

struct tcpd_pcap_conn {
	uint64_t id;
	int64_t first, last, syn_at;
	bool mid, refused, established, finished;
	int outcome;
	int closed_first_by, reset_by;
	double handshake_ms;		/* -1: no complete handshake seen */
	double close_wait_ms;		/* longest, either end; -1: none */
	int close_wait_by;
	struct tcpd_pcap_end end[2];	/* [TCPD_CLIENT], [TCPD_SERVER] */
	struct tcpd_pcap_event ev[TCPD_EV_MAX][TCPD_PCAP_NBY];
	/* Only for the connection chosen for a ladder. */
	struct tcpd_pcap_lseg *segs;
	size_t nsegs, capsegs;
	bool segs_cut;
};

/* The slowest handshakes, longest CLOSE_WAITs: kept as top-k lists. */
#define TCPD_PCAP_TOPK 5

struct tcpd_pcap_rank {
	uint64_t id;
	int by;
	double ms;
};

struct tcpd_pcap_summary {
	int64_t start, end;		/* first and last packet times */
	uint64_t connections;
	uint64_t by_outcome[TCPD_OUT_MAX];
	uint64_t rst_by[2];
	uint64_t max_live;		/* most connections held at once */
	struct tcpd_pcap_rank slow_handshakes[TCPD_PCAP_TOPK];
	struct tcpd_pcap_rank long_close_waits[TCPD_PCAP_TOPK];
	int nslow, nlongcw;
};

/* Called once per connection when it is finished; it is freed after. */
typedef int (*tcpd_pcap_emit_fn)(const struct tcpd_pcap_conn *c, void *arg);

struct tcpd_pcap_opts {
	tcpd_pcap_emit_fn emit;
	void *arg;
	uint64_t ladder_id;		/* record this connection's segments; 0: none */
	double linger_s;		/* keep a closed connection this long (60) */
	double idle_s;			/* a gap this long is an idle event (10) */
	/*
	 * Report (as still open, with an idle event by both) and forget a
	 * connection silent this long in capture time (300); < 0: never.
	 */
	double idle_expire_s;
};

struct tcpd_pcap_an;

struct tcpd_pcap_an *tcpd_pcap_an_new(const struct tcpd_pcap_opts *o,
				      struct tcpd_err *err);
/* Feed one segment, in capture order. -1 when out of memory or emit failed. */
int tcpd_pcap_an_seg(struct tcpd_pcap_an *an, const struct tcpd_seg *s,
		     struct tcpd_err *err);
/*
 * Warm the caches for a segment fed soon (a hint, nothing changes): its
 * table slot two segments ahead, then (@entry) its entry one ahead.
 */
void tcpd_pcap_an_prefetch(struct tcpd_pcap_an *an, const struct tcpd_seg *s, bool entry);
/* The capture is over: emit what is left, in id order. */
int tcpd_pcap_an_finish(struct tcpd_pcap_an *an, struct tcpd_err *err);
/* Capture times and the most connections held at once. */
const struct tcpd_pcap_summary *tcpd_pcap_an_summary(const struct tcpd_pcap_an *an);
/* Count a finished connection into @sum (the caller picks which ones). */
void tcpd_pcap_summary_add(struct tcpd_pcap_summary *sum, const struct tcpd_pcap_conn *c);
void tcpd_pcap_an_free(struct tcpd_pcap_an *an);

#endif

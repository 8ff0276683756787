/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_FACTS_H
#define TCPD_FACTS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "doctor/first_look.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/sock.h"
#include "tcpdoc/summary.h"

/*
 * What the doctor's rules need from the socket table, built in one pass.
 * Memory is bounded: per-port counts are arrays, per-address ones are
 * group tables capped at TCPD_FACTS_MAX_KEYS keys (past that, counts are
 * lower bounds and @capped is set), and single sockets are kept only as
 * top-k samples. CLOSE_WAIT and SYN_SENT keep a compact record each, up to
 * a cap, so their owners can be counted per process afterwards.
 */
#define TCPD_TOPK 16
#define TCPD_FACTS_MAX_KEYS 16384
#define TCPD_FACTS_MAX_RECS (1u << 17)
#define TCPD_PROCS 16

/*
 * How long the sockets of a stuck state have been in it, as far as the
 * kernel shows (tcp_info's last_data_recv; FIN_WAIT2 mini-sockets: the
 * time their timer has run): every socket counted, not a sample.
 */
#define TCPD_AGE_STEPS 4	/* older than 10 s, 1 min, 10 min, 1 h */
extern const uint32_t tcpd_age_step_s[TCPD_AGE_STEPS];

struct tcpd_ages {
	uint64_t n;			/* sockets whose age is known */
	uint32_t oldest_ms;
	uint64_t older[TCPD_AGE_STEPS];	/* how many are older than each step */
};

/*
 * What the transient sockets of one state show about themselves: how many
 * had their timer retransmit (SYN, SYN-ACK or FIN re-sent), and, matched
 * by cookie with the first look, how many were in the state at both looks
 * and of those how many are stuck: retransmitting in between, or re-sent
 * twice already.
 */
struct tcpd_persist {
	uint64_t resent;		/* retransmitted at least once */
	uint64_t both;			/* in this state at both looks */
	uint64_t stuck;			/* of both: retransmissions rising or >= 2 */
	uint8_t max_retrans;
};

/* One socket kept as an example; the owner is filled in by attribute(). */
struct tcpd_sample {
	struct tcpd_addr laddr, raddr;
	uint16_t lport, rport;
	uint32_t recv_q, send_q;
	uint32_t age_ms;		/* best estimate of time stuck */
	uint8_t retrans, timer;
	uint64_t inode;
	uint64_t value;			/* what the top-k ranks by */
	pid_t pid;			/* 0: unknown */
	char comm[16];
};

struct tcpd_topk {
	uint64_t count;			/* every socket offered, kept or not */
	size_t len;
	struct tcpd_sample s[TCPD_TOPK];
};

/* One process's share of a kind of socket. */
struct tcpd_proc_agg {
	pid_t pid;
	char comm[16];
	uint64_t count;
	uint32_t oldest_ms;
	uint64_t recv_q;
	uint16_t ports[8];
	size_t nports;
};

struct tcpd_procs {
	struct tcpd_proc_agg p[TCPD_PROCS];
	size_t len;
	uint64_t unowned;		/* sockets no visible process holds */
	uint64_t other;			/* owned by processes past the table */
};

/* A CLOSE_WAIT or SYN_SENT socket, compact. */
struct tcpd_rec {
	uint64_t inode;
	struct tcpd_addr raddr;
	uint16_t lport;
	uint32_t recv_q;
	uint32_t age_ms;
};

struct tcpd_recs {
	struct tcpd_rec *r;
	size_t len, cap;
	bool truncated;
};

/*
 * A listening socket. TIME_WAIT and request sockets have no file, so no
 * owner: the owner of their port's listener is their culprit.
 */
struct tcpd_listener {
	uint64_t inode;
	uint16_t port;
	pid_t pid;			/* 0: unknown */
	char comm[16];
};

struct tcpd_listeners {
	struct tcpd_listener *l;
	size_t len, cap;
};

struct tcpd_facts_cfg {
	uint16_t port_lo, port_hi;	/* ip_local_port_range */
	uint32_t recv_q_bytes;		/* a Recv-Q this big is a backlog */
	uint32_t idle_ms;		/* idle this long is long-idle */
	uint8_t send_q_retrans;		/* backoffs that make a send stalled */
	uint32_t fin_timeout_s;		/* for FIN_WAIT2 ages */
	/* Owners of FIN_WAIT1, FIN_WAIT2, LAST_ACK, CLOSING samples only from this many. */
	uint64_t fin_wait1_min, fin_wait2_min, last_ack_min, closing_min;
	/* Owners of listeners only from this many server TIME_WAIT or SYN_RECV. */
	uint64_t tw_server_min, syn_recv_min;
	/* The owner of a socket to the busiest destination from this many. */
	uint64_t ephemeral_min;
};

struct tcpd_facts {
	struct tcpd_facts_cfg cfg;
	struct tcpd_counts counts;
	bool capped;			/* a group table hit its cap */

	uint32_t *listen_port;		/* [65536]: LISTEN sockets per port */
	uint32_t *tw_port;		/* [65536]: TIME_WAIT per local port */
	uint32_t *synrecv_port;		/* [65536]: SYN_RECV per local port */
	uint32_t *synrecv_src;		/* [65536]: distinct sources per port */
	uint32_t *cw_port;		/* [65536]: CLOSE_WAIT per local port */
	uint32_t *synrecv_resent;	/* [65536]: SYN_RECV whose SYN-ACK was re-sent */
	uint32_t *synrecv_stuck;	/* [65536]: SYN_RECV stuck (struct tcpd_persist) */

	struct tcpd_groups *dest;	/* addr:port -> sockets from ephemeral ports;
					 * data: the inode of an open one */
	struct tcpd_groups *synrecv_pairs;	/* port+source, for distinct */
	struct tcpd_groups *synsent_dest;	/* addr:port -> SYN_SENT */
	struct tcpd_groups *synsent_host;	/* addr -> SYN_SENT */
	struct tcpd_groups *synsent_port;	/* destination port -> SYN_SENT */
	struct tcpd_groups *cw_peer;		/* addr -> CLOSE_WAIT */

	struct tcpd_topk listen_full;	/* accept queue at the backlog */
	struct tcpd_topk recvq;		/* ESTABLISHED, Recv-Q >= recv_q_bytes */
	struct tcpd_topk sendq;		/* Send-Q with probe or backoff */
	struct tcpd_topk idle;		/* long idle, no keepalive timer */
	struct tcpd_topk fin_wait1, fin_wait2, last_ack, closing, cw_oldest;
	/* FIN_WAIT1 whose FIN waits behind data, and those probing a zero window. */
	uint64_t fw1_unsent, fw1_probing;
	uint64_t idle_keepalive;	/* long idle with keepalive */
	uint64_t cw_recv_q;		/* bytes unread in CLOSE_WAIT */

	struct tcpd_recs cw, synsent;
	struct tcpd_listeners listeners;
	/* The busiest destination's culprit: the owner of an open socket to it. */
	struct tcpd_listener dest_owner;
	/* CLOSE_WAIT, FIN_WAIT2, LAST_ACK, CLOSING, SYN_SENT, SYN_RECV */
	struct tcpd_ages ages[TCPD_STATE_MAX];
	const struct tcpd_first_look *first;	/* set before the dump; NULL: none */
	struct tcpd_persist persist[TCPD_STATE_MAX];	/* the transient states */
	struct tcpd_procs cw_procs;	/* after attribute() */
	struct tcpd_procs synsent_procs;	/* SYN_SENT sockets per process */
	struct tcpd_procs scan_procs;	/* distinct SYN_SENT hosts per process */
};

/* Count one socket of age @ms; a handshake's age from its timer. */
void tcpd_ages_add(struct tcpd_ages *a, uint32_t ms);
uint32_t tcpd_handshake_age(const struct tcpd_sock *s);

int tcpd_facts_init(struct tcpd_facts *f, const struct tcpd_facts_cfg *cfg);
void tcpd_facts_free(struct tcpd_facts *f);

/* A tcpd_sock_cb: feed one socket. */
int tcpd_facts_add(const struct tcpd_sock *s, void *facts, struct tcpd_err *err);

/*
 * Ask @o for the inodes the rules may name: returns how many (0: no scan
 * needed) or -1. Then, after the scan, attribute().
 */
int tcpd_facts_want(const struct tcpd_facts *f, struct tcpd_owners *o);
int tcpd_facts_attribute(struct tcpd_facts *f, const struct tcpd_owners *o);

/* Key helpers: an address and a port in a group key, read back. */
void tcpd_key_addr_port(struct tcpd_group_key *k, const struct tcpd_addr *a,
			uint16_t port);
void tcpd_key_get_addr_port(const struct tcpd_group_key *k, struct tcpd_addr *a,
			    uint16_t *port);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PAIRS_H
#define TCPD_PAIRS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/htab.h"
#include "tcpdoc/finding.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/sock.h"

/*
 * Both ends of a connection, when both are on this host (loopback, or two
 * namespaces read with -A): sockets are paired by their reversed 4-tuple.
 * Only the candidate states go into the index, so memory stays bounded:
 * request sockets whose SYN-ACK was re-sent, ESTABLISHED sockets that have
 * neither received a byte nor had one acknowledged but saw a SYN-ACK again
 * (a client whose final handshake ACK was lost looks like that), FIN_WAIT2
 * and CLOSE_WAIT. A
 * loopback address pairs only inside its own namespace.
 */
#define TCPD_PAIRS_MAX (1u << 15)	/* connections indexed; past it, not paired */
#define TCPD_PAIRS_LISTENERS 4096
#define TCPD_PAIRS_NS_LABEL 64
#define TCPD_PAIRS_NS_ARGS 96

struct tcpd_pair_ns {
	uint64_t inode;
	char label[TCPD_PAIRS_NS_LABEL];	/* tcpd_netns_label */
	char args[TCPD_PAIRS_NS_ARGS];		/* how a command names it: "-N x " */
};

/* A listener: its owner names request sockets; a full queue explains them. */
struct tcpd_pair_listener {
	uint32_t ns;
	uint16_t port;
	bool full;			/* accept queue at its backlog */
	pid_t pid;			/* its owner; 0: not looked up, -1: none */
	uint64_t inode;
};

struct tcpd_pairs {
	struct tcpd_htab t;		/* struct tcpd_pair entries */
	struct tcpd_pair_ns *ns;
	size_t nns, capns;
	struct tcpd_pair_listener *ls;
	size_t nls, capls;
	struct tcpd_htab comms;		/* pid -> comm, for the owners found */
	bool all_netns;			/* findings name their namespace */
	bool capped;
};

int tcpd_pairs_init(struct tcpd_pairs *p, bool all_netns);
void tcpd_pairs_free(struct tcpd_pairs *p);

/* The namespace the next sockets come from. -1: out of memory. */
int tcpd_pairs_enter(struct tcpd_pairs *p, uint64_t inode, const char *label,
		     const char *args);

/* Offer one socket of the full look. -1: out of memory. */
int tcpd_pairs_add(struct tcpd_pairs *p, const struct tcpd_sock *s);

/*
 * When the doctor scans owners for a namespace anyway, it asks for the
 * current namespace's paired sockets and listeners too (want: how many,
 * or -1), and hands them over after the scan (own: -1 out of memory), so
 * the pairs rarely need a scan of their own.
 */
int tcpd_pairs_want(const struct tcpd_pairs *p, struct tcpd_owners *o);
int tcpd_pairs_own(struct tcpd_pairs *p, const struct tcpd_owners *o);
/* The comm of an owner tcpd_pairs_own() found; "" when none. */
const char *tcpd_pairs_comm(const struct tcpd_pairs *p, pid_t pid);

/*
 * After every namespace was read: name the other ends' owners (one owner
 * scan, only when pairs were found) and put the pairs into @out: the
 * findings of each end's namespace say what the other end is, and a
 * handshake whose client is ESTABLISHED is reported even below the count
 * thresholds. The owners come from @scope (a snapshot's recorded ones on
 * replay). -1 with @err filled.
 */
int tcpd_pairs_apply(struct tcpd_pairs *p, struct tcpd_findings *out, struct tcpd_scope *scope,
		     enum tcpd_owner_source src, size_t *owners_hidden, struct tcpd_err *err);

/* pairs.c to pairs_apply.c: walking the complete pairs. */
struct tcpd_pair_end {
	uint64_t inode;
	uint32_t ns;			/* index into p->ns */
	uint32_t age_ms;		/* SYN_RECV: from its timer */
	pid_t pid;			/* its owner; 0: not looked up, -1: none */
	uint16_t lport;
	uint8_t state;
	bool set;
};

typedef void (*tcpd_pair_cb)(struct tcpd_pair_end *a, struct tcpd_pair_end *b, void *arg);
/* Every complete pair; @cb may fill in the ends' owners. */
void tcpd_pairs_each(struct tcpd_pairs *p, tcpd_pair_cb cb, void *arg);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_METRICS_INT_H
#define TCPD_METRICS_INT_H

/* Shared by the files that fill struct tcpd_metrics (tcpdoc/metrics.h). */
#include "tcpdoc/metrics.h"
#include "tcpdoc/vec.h"

/*
 * Sockets whose process is looked up by inode, per state: past this many
 * they are counted under no process, so the owner map stays bounded.
 */
#define TCPD_METRICS_MAX_OWNED (1u << 18)

/* A listener while collecting: its owner is found by inode at the end. */
struct m_listener {
	struct tcpd_metrics_listener pub;
	uint64_t inode;
	uint64_t state[TCPD_M_NSTATES];	/* SYN_RECV and TIME_WAIT on its port */
};

struct m_inodes {
	uint64_t *v;
	size_t len, cap;
};

/* One collection's running totals, fed record by record. */
struct tally {
	struct tcpd_metrics *m;
	uint16_t *slot_of;		/* [65536]: port -> index in m->ports, 0: none */
	uint32_t *listener_of;		/* [65536]: port -> 1 + index in ls, this namespace */
	size_t ns_first;		/* this namespace's first listener */
	size_t capports, capns, capnsf;
	struct m_listener *ls;
	size_t nls, capls;
	struct m_inodes owned[TCPD_M_NSTATES];	/* ESTABLISHED, CLOSE_WAIT */
	struct tcpd_counts ns_counts;
};

int tally_init(struct tally *t, struct tcpd_metrics *m);
void tally_free(struct tally *t);
/* The doctor's hooks (tcpd_doctor_opts.on_sock and on_netns). */
int tally_sock(const struct tcpd_sock *s, void *arg, struct tcpd_err *err);
int tally_netns(const struct tcpd_netns *ns, const struct tcpd_kernel *k,
		const struct tcpd_finding *f, size_t nf, void *arg, struct tcpd_err *err);

/* The sum of a row's TCPD_M_NSTATES counts. */
uint64_t mstates_total(const uint64_t *state);

/* The ESTABLISHED/TIME_WAIT/... index of kernel state @state, or -1. */
int mstate_of(int state);

/* Keep the top @n ports and listeners, the rest summed last. */
int tally_ports(struct tally *t, size_t n, struct tcpd_err *err);
int tally_listeners(struct tally *t, size_t n, struct tcpd_err *err);
/* Count sockets per process (one owner scan), the top @n and "other". */
int tally_procs(struct tally *t, size_t n, enum tcpd_owner_source src,
		struct tcpd_err *err);

#endif

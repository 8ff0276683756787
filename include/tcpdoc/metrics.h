/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_METRICS_H
#define TCPD_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpdoc/doctor.h"
#include "tcpdoc/kernel.h"
#include "tcpdoc/summary.h"

/*
 * What `serve` exports, gathered in one run of the doctor: the doctor's
 * own result, and per namespace, per listening port, per process and per
 * listener the numbers a dashboard shows. Every table is bounded by
 * top_n (the rest summed in one "other" row), so the size of the result
 * never grows with the number of peers or sockets. The library fills
 * this; the front end formats it.
 */
#define TCPD_METRICS_TOP_DEFAULT 10
#define TCPD_METRICS_TOP_MAX 1000

/* The states counted per port and per process. */
enum tcpd_mstate {
	TCPD_M_ESTABLISHED,
	TCPD_M_SYN_RECV,
	TCPD_M_TIME_WAIT,
	TCPD_M_CLOSE_WAIT,
	TCPD_M_NSTATES,
};

/* The kernel state (enum tcpd_state) of @m. */
int tcpd_mstate_state(int m);

/* Smoothed-RTT histogram: upper bounds in seconds, then +Inf. */
#define TCPD_RTT_NBOUNDS 12
double tcpd_rtt_bound_s(size_t i);

struct tcpd_metrics_ns {
	char name[64];			/* under /run/netns, or "" */
	uint64_t inode;
	char container[80];		/* from a process's cgroup, or "" */
	struct tcpd_counts counts;
	struct tcpd_kernel k;		/* read after its dump */
	size_t f_first, nf;		/* its findings: nsf[f_first .. f_first + nf) */
};

/* What serve exports of a finding the doctor raised in one namespace. */
struct tcpd_metrics_finding {
	const char *id;			/* static: the catalogue's */
	enum tcpd_severity severity;
	uint64_t count;
};

struct tcpd_metrics_port {
	int port;			/* a listening port; -1: every other socket */
	uint64_t state[TCPD_M_NSTATES];	/* sockets with this local port */
	/* Its ESTABLISHED sockets with tcp_info: */
	uint64_t rtt[TCPD_RTT_NBOUNDS + 1];	/* per bucket, not cumulative */
	uint64_t rtt_count;
	double rtt_sum_s;
	uint64_t retrans;		/* sum of tcpi_total_retrans */
};

struct tcpd_metrics_proc {
	char comm[16];			/* "": every other process */
	uint64_t state[TCPD_M_NSTATES];
};

struct tcpd_metrics_listener {
	char netns[128];		/* its namespace's name, else its inode */
	struct tcpd_addr addr;
	uint16_t port;
	uint32_t queue, backlog;	/* accept queue now, and its limit */
	uint64_t syn_recv;		/* request sockets for its port */
	bool other;			/* the sum of every listener past top_n */
};

struct tcpd_metrics_opts {
	struct tcpd_doctor_opts doctor;
	size_t top_n;			/* ports, processes, listeners */
};

struct tcpd_metrics {
	struct tcpd_doctor_result doc;
	struct tcpd_metrics_ns *ns;
	size_t nns;
	/* Every namespace's findings, namespace by namespace (tcpd_metrics_ns). */
	struct tcpd_metrics_finding *nsf;
	size_t nnsf;
	bool per_ns;			/* -A: findings are exported per namespace */
	struct tcpd_metrics_port *ports;	/* busiest first, "other" last */
	size_t nports;
	struct tcpd_metrics_proc *procs;	/* busiest first, "other" last */
	size_t nprocs;
	/* Sockets counted under no process: TIME_WAIT of no listener, unseen fds. */
	uint64_t unowned[TCPD_M_NSTATES];
	struct tcpd_metrics_listener *listeners;	/* fullest first */
	size_t nlisteners;
	const char *source;		/* the socket source in use: "netlink", ... */
	double duration_s;		/* of the collection */
};

void tcpd_metrics_opts_init(struct tcpd_metrics_opts *o, struct tcpd_scope *scope);

/* Collect once. Returns 0, or -1 with @err filled and @m empty. */
int tcpd_metrics_collect(const struct tcpd_metrics_opts *o, struct tcpd_metrics *m,
			 struct tcpd_err *err);
void tcpd_metrics_free(struct tcpd_metrics *m);

/* The source a collection reads through for @src: "netlink", "proc" or "bpf". */
const char *tcpd_metrics_source_name(enum tcpd_source src);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one event struct watch.bpf.c and src/lib/watch/tracepoint.c share. */
#ifndef TCPD_BPF_WATCH_H
#define TCPD_BPF_WATCH_H

#define WATCH_COMM_LEN 16

/* Event flags. */
enum {
	WATCH_F_START = 1 << 0,		/* start_ns is known: the entry was seen */
	WATCH_F_OWNER = 1 << 1,		/* pid/comm name the socket's owner */
	WATCH_F_TASK = 1 << 2,		/* the transition ran in process context */
	WATCH_F_BIRTH = 1 << 3,		/* a new socket (from CLOSE, or a child) */
	WATCH_F_TW = 1 << 4,		/* a hand-over to a time-wait mini socket */
	WATCH_F_TW_FIN2 = 1 << 5,	/* ... still in FIN_WAIT2 (no peer FIN yet) */
	WATCH_F_LISTENER = 1 << 6,	/* owner inherited from the listener */
	WATCH_F_FORGOT = 1 << 7,	/* the per-socket map has been full: a missing
					 * start may be one it could not keep */
};

/*
 * Time in state, counted in the kernel (serve): per old state, the time
 * spent in it before leaving, in fixed buckets (upper bounds in ms, the
 * last one open), its sum and count, the transitions by new state, and
 * the changes whose start was not known (entered before the program ran,
 * or not remembered).
 */
#define WATCH_HIST_LE_MS { 1, 10, 100, 500, 1000, 2500, 5000, 10000, 30000, 60000, \
			   120000, 300000, 600000, 1800000, 3600000 }
#define WATCH_HIST_N 16		/* the bounds above and +Inf */
#define WATCH_NSTATES 13	/* kernel TCP states 0..12 */

struct watch_times {
	__u64 bucket[WATCH_HIST_N];
	__u64 sum_ns;
	__u64 count;
	__u64 untimed;
	__u64 to[WATCH_NSTATES];
};

/* Counters, one slot each in a per-CPU array. */
enum {
	WATCH_C_LOST,		/* ring buffer full: events dropped */
	WATCH_C_MAP_FULL,	/* per-socket map update failed */
	WATCH_C_EVENTS,		/* events emitted */
	WATCH_C_SEEN,		/* transitions seen (before filters on state/pid) */
	WATCH_C_MAX,
};

struct watch_event {
	__u64 ts_ns;		/* bpf_ktime_get_ns() at the transition */
	__u64 start_ns;		/* when the socket entered @oldstate (WATCH_F_START) */
	__u64 cookie;		/* the socket cookie, as sock_diag reports it */
	__u32 netns;		/* network namespace inode */
	__u32 pid;		/* tgid of the owner (WATCH_F_OWNER) */
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;		/* host order */
	__u16 dport;		/* host order */
	__u16 family;
	__u16 pad;
	__u32 ifindex;		/* the device the socket is bound to; 0: none */
	__u8 oldstate;
	__u8 newstate;
	__u32 flags;
	char comm[WATCH_COMM_LEN];
};

#endif

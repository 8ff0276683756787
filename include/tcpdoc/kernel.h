/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_KERNEL_H
#define TCPD_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "tcpdoc/err.h"

/*
 * The kernel's TCP settings and counters, read from /proc/sys/net and
 * /proc/net of the calling thread's network namespace. Counters from
 * /proc/net/netstat and /proc/net/snmp are cumulative since boot (or since
 * the namespace was made); sockstat numbers are current.
 */
enum tcpd_sysctl {
	TCPD_SYS_SOMAXCONN,
	TCPD_SYS_MAX_SYN_BACKLOG,
	TCPD_SYS_SYNCOOKIES,
	TCPD_SYS_SYN_RETRIES,
	TCPD_SYS_SYNACK_RETRIES,
	TCPD_SYS_FIN_TIMEOUT,
	TCPD_SYS_ORPHAN_RETRIES,
	TCPD_SYS_MAX_ORPHANS,
	TCPD_SYS_MAX_TW_BUCKETS,
	TCPD_SYS_TW_REUSE,
	TCPD_SYS_TW_RECYCLE,		/* gone since 4.12: usually absent */
	TCPD_SYS_KEEPALIVE_TIME,
	TCPD_SYS_KEEPALIVE_INTVL,
	TCPD_SYS_KEEPALIVE_PROBES,
	TCPD_SYS_RETRIES2,
	TCPD_SYS_PORT_LO,		/* ip_local_port_range, first */
	TCPD_SYS_PORT_HI,		/* ip_local_port_range, second */
	TCPD_SYS_MEM_LOW,		/* tcp_mem, pages */
	TCPD_SYS_MEM_PRESSURE,
	TCPD_SYS_MEM_HIGH,
	TCPD_SYS_MAX,
};

/* Counters: TcpExt from /proc/net/netstat, Tcp from /proc/net/snmp. */
enum tcpd_counter {
	TCPD_C_LISTEN_OVERFLOWS,	/* TcpExt: ListenOverflows */
	TCPD_C_LISTEN_DROPS,
	TCPD_C_SYNCOOKIES_SENT,
	TCPD_C_SYNCOOKIES_FAILED,
	TCPD_C_REQQ_FULL_DROP,		/* TCPReqQFullDrop */
	TCPD_C_REQQ_FULL_COOKIE,	/* TCPReqQFullDoCookies */
	TCPD_C_TW_OVERFLOW,		/* TCPTimeWaitOverflow */
	TCPD_C_MEM_PRESSURES,		/* TCPMemoryPressures */
	TCPD_C_ABORT_ON_MEMORY,
	TCPD_C_ABORT_ON_TIMEOUT,
	TCPD_C_OUT_SEGS,		/* Tcp: OutSegs */
	TCPD_C_RETRANS_SEGS,		/* Tcp: RetransSegs */
	TCPD_C_ACTIVE_OPENS,
	TCPD_C_ATTEMPT_FAILS,
	TCPD_C_SYN_RETRANS,		/* TcpExt: TCPSynRetrans */
	TCPD_C_MAX,
};

/*
 * Every value says whether it was read: a rule judges only what it has.
 * A sysctl this kernel or namespace does not have (tcp_tw_recycle since
 * 4.12; tcp_mem and tcp_max_orphans inside a namespace) is simply not
 * there; one that is there but could not be read or parsed is also in
 * sys_unread, and tcpd_kernel_unread names it for the user.
 */
struct tcpd_kernel {
	int64_t sys[TCPD_SYS_MAX];	/* valid where has_sys */
	bool has_sys[TCPD_SYS_MAX];
	uint32_t sys_unread;		/* 1u << which: there, but unreadable */
	uint64_t ctr[TCPD_C_MAX];	/* valid where has_ctr */
	bool has_ctr[TCPD_C_MAX];	/* false: missing from netstat or snmp */
	/* /proc/net/sockstat "TCP:" line: current, not cumulative. */
	bool has_sockstat;		/* false: the five numbers below are 0 */
	uint64_t inuse, orphan, tw, alloc, mem_pages;
	double at;			/* CLOCK_MONOTONIC seconds of the read */
};

/* Counters over a sampling interval: per second, or since boot. */
struct tcpd_rates {
	double interval;		/* seconds; 0: no second sample */
	double per_sec[TCPD_C_MAX];	/* valid when interval > 0 */
};

/* The name a setting or counter has in the kernel, e.g. "tcp_syncookies". */
const char *tcpd_sysctl_name(int which);
const char *tcpd_counter_name(int which);

/*
 * Read everything. A value that cannot be read leaves its has_ flag false
 * (and is named by tcpd_kernel_unread); only /proc/net/netstat or snmp
 * that cannot be opened at all is an error.
 */
int tcpd_kernel_read(struct tcpd_kernel *k, struct tcpd_err *err);

/*
 * What @k could not read, as names a user can look up: a sysctl's dotted
 * name ("net.ipv4.tcp_max_tw_buckets"), a counter's "TcpExt.ListenDrops",
 * "/proc/net/sockstat". Fills at most @max of @names (static strings) and
 * returns how many there are. Settings this kernel lacks are not named.
 */
size_t tcpd_kernel_unread(const struct tcpd_kernel *k, const char **names, size_t max);
#define TCPD_KERNEL_MAX_UNREAD (TCPD_SYS_MAX + TCPD_C_MAX + 1)

/*
 * The settings in force for the socket table's facts: the sysctls where
 * they were read, else Linux's defaults (ip_local_port_range 32768 60999,
 * tcp_fin_timeout 60 s), which a namespace starts with.
 */
void tcpd_kernel_port_range(const struct tcpd_kernel *k, uint16_t *lo, uint16_t *hi);
uint32_t tcpd_kernel_fin_timeout_s(const struct tcpd_kernel *k);

/* Sleep until @interval_ms after @first was read (at once if that has passed). */
void tcpd_kernel_wait(const struct tcpd_kernel *first, unsigned int interval_ms);

/*
 * The second read of a sample: wait until @interval_ms after @first was
 * read (other work may have filled the time), read into @k and fill @r
 * with the rates between the two. @interval_ms 0: @k is @first, no rates.
 */
int tcpd_kernel_sample(const struct tcpd_kernel *first, struct tcpd_kernel *k,
		       struct tcpd_rates *r, unsigned int interval_ms,
		       struct tcpd_err *err);

/* The rates between two reads of the same namespace. */
void tcpd_kernel_rates(const struct tcpd_kernel *first, const struct tcpd_kernel *k,
		       struct tcpd_rates *r);

/* The value of @c over the sample: a rate if sampled, else 0. */
double tcpd_rate(const struct tcpd_rates *r, int c);

#endif

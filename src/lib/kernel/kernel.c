// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's TCP settings (/proc/sys/net) and counters (/proc/net/netstat,
 * snmp, sockstat). Both follow the network namespace of the calling thread,
 * so a caller that setns()'d first reads that namespace's numbers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/kernel.h"
#include "tcpdoc/sysctl.h"
#include "kernel/kernel_int.h"

/* Linux's defaults (inet_init_net, TCP_FIN_TIMEOUT), for sysctls not read. */
#define LINUX_PORT_LO 32768
#define LINUX_PORT_HI 60999
#define LINUX_FIN_TIMEOUT_S 60

/* A sysctl (its dotted name) and which of its blank-separated values to take. */
struct sysctl_src {
	const char *name;
	const char *sysctl;
	int field;
};

static const struct sysctl_src sysctls[TCPD_SYS_MAX] = {
	[TCPD_SYS_SOMAXCONN] = { "somaxconn", "net.core.somaxconn", 0 },
	[TCPD_SYS_MAX_SYN_BACKLOG] = { "tcp_max_syn_backlog", "net.ipv4.tcp_max_syn_backlog", 0 },
	[TCPD_SYS_SYNCOOKIES] = { "tcp_syncookies", "net.ipv4.tcp_syncookies", 0 },
	[TCPD_SYS_SYN_RETRIES] = { "tcp_syn_retries", "net.ipv4.tcp_syn_retries", 0 },
	[TCPD_SYS_SYNACK_RETRIES] = { "tcp_synack_retries", "net.ipv4.tcp_synack_retries", 0 },
	[TCPD_SYS_FIN_TIMEOUT] = { "tcp_fin_timeout", "net.ipv4.tcp_fin_timeout", 0 },
	[TCPD_SYS_ORPHAN_RETRIES] = { "tcp_orphan_retries", "net.ipv4.tcp_orphan_retries", 0 },
	[TCPD_SYS_MAX_ORPHANS] = { "tcp_max_orphans", "net.ipv4.tcp_max_orphans", 0 },
	[TCPD_SYS_MAX_TW_BUCKETS] = { "tcp_max_tw_buckets", "net.ipv4.tcp_max_tw_buckets", 0 },
	[TCPD_SYS_TW_REUSE] = { "tcp_tw_reuse", "net.ipv4.tcp_tw_reuse", 0 },
	[TCPD_SYS_TW_RECYCLE] = { "tcp_tw_recycle", "net.ipv4.tcp_tw_recycle", 0 },
	[TCPD_SYS_KEEPALIVE_TIME] = { "tcp_keepalive_time", "net.ipv4.tcp_keepalive_time", 0 },
	[TCPD_SYS_KEEPALIVE_INTVL] = { "tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_intvl", 0 },
	[TCPD_SYS_KEEPALIVE_PROBES] = { "tcp_keepalive_probes", "net.ipv4.tcp_keepalive_probes", 0 },
	[TCPD_SYS_RETRIES2] = { "tcp_retries2", "net.ipv4.tcp_retries2", 0 },
	[TCPD_SYS_PORT_LO] = { "ip_local_port_range_low", "net.ipv4.ip_local_port_range", 0 },
	[TCPD_SYS_PORT_HI] = { "ip_local_port_range_high", "net.ipv4.ip_local_port_range", 1 },
	[TCPD_SYS_MEM_LOW] = { "tcp_mem_low", "net.ipv4.tcp_mem", 0 },
	[TCPD_SYS_MEM_PRESSURE] = { "tcp_mem_pressure", "net.ipv4.tcp_mem", 1 },
	[TCPD_SYS_MEM_HIGH] = { "tcp_mem_high", "net.ipv4.tcp_mem", 2 },
};

/* A counter: the section ("TcpExt", "Tcp") and the kernel's name. */
static const struct {
	const char *section;
	const char *name;
	const char *id;		/* "Section.Name", for the user */
} counters[TCPD_C_MAX] = {
	[TCPD_C_LISTEN_OVERFLOWS] = { "TcpExt", "ListenOverflows", "TcpExt.ListenOverflows" },
	[TCPD_C_LISTEN_DROPS] = { "TcpExt", "ListenDrops", "TcpExt.ListenDrops" },
	[TCPD_C_SYNCOOKIES_SENT] = { "TcpExt", "SyncookiesSent", "TcpExt.SyncookiesSent" },
	[TCPD_C_SYNCOOKIES_FAILED] = { "TcpExt", "SyncookiesFailed", "TcpExt.SyncookiesFailed" },
	[TCPD_C_REQQ_FULL_DROP] = { "TcpExt", "TCPReqQFullDrop", "TcpExt.TCPReqQFullDrop" },
	[TCPD_C_REQQ_FULL_COOKIE] = { "TcpExt", "TCPReqQFullDoCookies", "TcpExt.TCPReqQFullDoCookies" },
	[TCPD_C_TW_OVERFLOW] = { "TcpExt", "TCPTimeWaitOverflow", "TcpExt.TCPTimeWaitOverflow" },
	[TCPD_C_MEM_PRESSURES] = { "TcpExt", "TCPMemoryPressures", "TcpExt.TCPMemoryPressures" },
	[TCPD_C_ABORT_ON_MEMORY] = { "TcpExt", "TCPAbortOnMemory", "TcpExt.TCPAbortOnMemory" },
	[TCPD_C_ABORT_ON_TIMEOUT] = { "TcpExt", "TCPAbortOnTimeout", "TcpExt.TCPAbortOnTimeout" },
	[TCPD_C_OUT_SEGS] = { "Tcp", "OutSegs", "Tcp.OutSegs" },
	[TCPD_C_RETRANS_SEGS] = { "Tcp", "RetransSegs", "Tcp.RetransSegs" },
	[TCPD_C_ACTIVE_OPENS] = { "Tcp", "ActiveOpens", "Tcp.ActiveOpens" },
	[TCPD_C_ATTEMPT_FAILS] = { "Tcp", "AttemptFails", "Tcp.AttemptFails" },
	[TCPD_C_SYN_RETRANS] = { "TcpExt", "TCPSynRetrans", "TcpExt.TCPSynRetrans" },
};

const char *tcpd_sysctl_name(int which)
{
	return which >= 0 && which < TCPD_SYS_MAX ? sysctls[which].name : "?";
}

const char *tcpd_counter_name(int which)
{
	return which >= 0 && which < TCPD_C_MAX ? counters[which].name : "?";
}

/* 0: read; 1: this kernel or namespace has no such setting; -1: unreadable. */
static int read_sysctl(const struct sysctl_src *s, int64_t *out)
{
	struct tcpd_err err;
	char buf[128], *p = buf, *end;
	long long v = 0;
	int i;

	if (tcpd_sysctl_read(s->sysctl, buf, sizeof(buf), &err))
		return err.kind == TCPD_E_NOENT ? 1 : -1;
	for (i = 0; i <= s->field; i++, p = end) {
		errno = 0;
		v = strtoll(p, &end, 10);
		if (end == p || errno)
			return -1;
	}
	*out = v;
	return 0;
}

static void read_sysctls(struct tcpd_kernel *k)
{
	int i, ret;

	_Static_assert(TCPD_SYS_MAX <= 32, "sys_unread holds one bit per sysctl");
	for (i = 0; i < TCPD_SYS_MAX; i++) {
		ret = read_sysctl(&sysctls[i], &k->sys[i]);
		k->has_sys[i] = !ret;
		if (ret < 0)
			k->sys_unread |= 1u << i;
	}
}

static int counter_index(const char *section, const char *name)
{
	int i;

	for (i = 0; i < TCPD_C_MAX; i++)
		if (!strcmp(counters[i].section, section) &&
		    !strcmp(counters[i].name, name))
			return i;
	return -1;
}

/* One "Sect: name name ..." line and its "Sect: value value ..." line. */
static void take_pair(struct tcpd_kernel *k, char *names, char *values)
{
	char *ns, *vs, *n, *v, *colon = strchr(names, ':');
	int i;

	if (!colon || strncmp(names, values, (size_t)(colon - names + 1)))
		return;
	*colon = '\0';
	n = strtok_r(colon + 1, " \n", &ns);
	v = strtok_r(strchr(values, ':') + 1, " \n", &vs);
	for (; n && v; n = strtok_r(NULL, " \n", &ns), v = strtok_r(NULL, " \n", &vs)) {
		i = counter_index(names, n);
		if (i < 0)
			continue;
		k->ctr[i] = strtoull(v, NULL, 10);
		k->has_ctr[i] = true;
	}
}

void tcpd_counters_parse(struct tcpd_kernel *k, FILE *f)
{
	char *names = NULL, *values = NULL;
	size_t nlen = 0, vlen = 0;

	while (getline(&names, &nlen, f) > 0 && getline(&values, &vlen, f) > 0)
		take_pair(k, names, values);
	free(names);
	free(values);
}

static int read_counters(struct tcpd_kernel *k, const char *path,
			 struct tcpd_err *err)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return tcpd_fail_errno(err, errno, _("cannot read %s"), path);
	tcpd_counters_parse(k, f);
	fclose(f);
	return 0;
}

void tcpd_sockstat_parse(struct tcpd_kernel *k, FILE *f)
{
	unsigned long long inuse, orphan, tw, alloc, mem;
	char line[256];

	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "TCP: inuse %llu orphan %llu tw %llu alloc %llu mem %llu",
			   &inuse, &orphan, &tw, &alloc, &mem) == 5) {
			k->inuse = inuse;
			k->orphan = orphan;
			k->tw = tw;
			k->alloc = alloc;
			k->mem_pages = mem;
			k->has_sockstat = true;
		}
}

void tcpd_sockstat_read(struct tcpd_kernel *k)
{
	FILE *f = fopen("/proc/net/sockstat", "re");

	if (!f)
		return;
	tcpd_sockstat_parse(k, f);
	fclose(f);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int tcpd_kernel_read(struct tcpd_kernel *k, struct tcpd_err *err)
{
	memset(k, 0, sizeof(*k));
	read_sysctls(k);
	if (read_counters(k, "/proc/net/netstat", err) ||
	    read_counters(k, "/proc/net/snmp", err))
		return -1;
	tcpd_sockstat_read(k);
	k->at = now_s();
	return 0;
}

/* Sysctl @which when read and positive, else @dflt. */
static int64_t sys_or(const struct tcpd_kernel *k, int which, int64_t dflt)
{
	return k->has_sys[which] && k->sys[which] > 0 ? k->sys[which] : dflt;
}

void tcpd_kernel_port_range(const struct tcpd_kernel *k, uint16_t *lo, uint16_t *hi)
{
	*lo = (uint16_t)sys_or(k, TCPD_SYS_PORT_LO, LINUX_PORT_LO);
	*hi = (uint16_t)sys_or(k, TCPD_SYS_PORT_HI, LINUX_PORT_HI);
}

uint32_t tcpd_kernel_fin_timeout_s(const struct tcpd_kernel *k)
{
	return (uint32_t)sys_or(k, TCPD_SYS_FIN_TIMEOUT, LINUX_FIN_TIMEOUT_S);
}

size_t tcpd_kernel_unread(const struct tcpd_kernel *k, const char **names, size_t max)
{
	size_t n = 0;
	int i;

	for (i = 0; i < TCPD_SYS_MAX; i++) {
		/* ip_local_port_range and tcp_mem hold several: name each file once. */
		if (!(k->sys_unread & 1u << i) ||
		    (i && !strcmp(sysctls[i].sysctl, sysctls[i - 1].sysctl) &&
		     k->sys_unread & 1u << (i - 1)))
			continue;
		if (n < max)
			names[n] = sysctls[i].sysctl;
		n++;
	}
	for (i = 0; i < TCPD_C_MAX; i++)
		if (!k->has_ctr[i]) {
			if (n < max)
				names[n] = counters[i].id;
			n++;
		}
	if (!k->has_sockstat) {
		if (n < max)
			names[n] = "/proc/net/sockstat";
		n++;
	}
	return n;
}

static void sleep_until(double t)
{
	double left = t - now_s();
	struct timespec ts;

	if (left <= 0)
		return;
	ts.tv_sec = (time_t)left;
	ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

void tcpd_kernel_wait(const struct tcpd_kernel *first, unsigned int interval_ms)
{
	sleep_until(first->at + interval_ms / 1000.0);
}


int tcpd_kernel_sample(const struct tcpd_kernel *first, struct tcpd_kernel *k,
		       struct tcpd_rates *r, unsigned int interval_ms,
		       struct tcpd_err *err)
{
	memset(r, 0, sizeof(*r));
	*k = *first;
	if (!interval_ms)
		return 0;
	tcpd_kernel_wait(first, interval_ms);
	if (tcpd_kernel_read(k, err))
		return -1;
	tcpd_kernel_rates(first, k, r);
	return 0;
}

void tcpd_kernel_rates(const struct tcpd_kernel *first, const struct tcpd_kernel *k,
		       struct tcpd_rates *r)
{
	int i;

	memset(r, 0, sizeof(*r));
	r->interval = k->at - first->at;
	for (i = 0; i < TCPD_C_MAX; i++)
		if (r->interval > 0 && k->ctr[i] >= first->ctr[i])
			r->per_sec[i] = (double)(k->ctr[i] - first->ctr[i]) / r->interval;
}

double tcpd_rate(const struct tcpd_rates *r, int c)
{
	return r->interval > 0 ? r->per_sec[c] : 0;
}

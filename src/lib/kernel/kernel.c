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
#include "kernel/sockstat.h"

/* A sysctl file and which of its whitespace-separated values to take. */
struct sysctl_src {
	const char *name;
	const char *path;
	int field;
};

static const struct sysctl_src sysctls[TCPD_SYS_MAX] = {
	[TCPD_SYS_SOMAXCONN] = { "somaxconn", "core/somaxconn", 0 },
	[TCPD_SYS_MAX_SYN_BACKLOG] = { "tcp_max_syn_backlog", "ipv4/tcp_max_syn_backlog", 0 },
	[TCPD_SYS_SYNCOOKIES] = { "tcp_syncookies", "ipv4/tcp_syncookies", 0 },
	[TCPD_SYS_SYN_RETRIES] = { "tcp_syn_retries", "ipv4/tcp_syn_retries", 0 },
	[TCPD_SYS_SYNACK_RETRIES] = { "tcp_synack_retries", "ipv4/tcp_synack_retries", 0 },
	[TCPD_SYS_FIN_TIMEOUT] = { "tcp_fin_timeout", "ipv4/tcp_fin_timeout", 0 },
	[TCPD_SYS_ORPHAN_RETRIES] = { "tcp_orphan_retries", "ipv4/tcp_orphan_retries", 0 },
	[TCPD_SYS_MAX_ORPHANS] = { "tcp_max_orphans", "ipv4/tcp_max_orphans", 0 },
	[TCPD_SYS_MAX_TW_BUCKETS] = { "tcp_max_tw_buckets", "ipv4/tcp_max_tw_buckets", 0 },
	[TCPD_SYS_TW_REUSE] = { "tcp_tw_reuse", "ipv4/tcp_tw_reuse", 0 },
	[TCPD_SYS_TW_RECYCLE] = { "tcp_tw_recycle", "ipv4/tcp_tw_recycle", 0 },
	[TCPD_SYS_KEEPALIVE_TIME] = { "tcp_keepalive_time", "ipv4/tcp_keepalive_time", 0 },
	[TCPD_SYS_KEEPALIVE_INTVL] = { "tcp_keepalive_intvl", "ipv4/tcp_keepalive_intvl", 0 },
	[TCPD_SYS_KEEPALIVE_PROBES] = { "tcp_keepalive_probes", "ipv4/tcp_keepalive_probes", 0 },
	[TCPD_SYS_RETRIES2] = { "tcp_retries2", "ipv4/tcp_retries2", 0 },
	[TCPD_SYS_PORT_LO] = { "ip_local_port_range_low", "ipv4/ip_local_port_range", 0 },
	[TCPD_SYS_PORT_HI] = { "ip_local_port_range_high", "ipv4/ip_local_port_range", 1 },
	[TCPD_SYS_MEM_LOW] = { "tcp_mem_low", "ipv4/tcp_mem", 0 },
	[TCPD_SYS_MEM_PRESSURE] = { "tcp_mem_pressure", "ipv4/tcp_mem", 1 },
	[TCPD_SYS_MEM_HIGH] = { "tcp_mem_high", "ipv4/tcp_mem", 2 },
};

/* A counter: the section ("TcpExt", "Tcp") and the kernel's name. */
static const struct {
	const char *section;
	const char *name;
} counters[TCPD_C_MAX] = {
	[TCPD_C_LISTEN_OVERFLOWS] = { "TcpExt", "ListenOverflows" },
	[TCPD_C_LISTEN_DROPS] = { "TcpExt", "ListenDrops" },
	[TCPD_C_SYNCOOKIES_SENT] = { "TcpExt", "SyncookiesSent" },
	[TCPD_C_SYNCOOKIES_FAILED] = { "TcpExt", "SyncookiesFailed" },
	[TCPD_C_REQQ_FULL_DROP] = { "TcpExt", "TCPReqQFullDrop" },
	[TCPD_C_REQQ_FULL_COOKIE] = { "TcpExt", "TCPReqQFullDoCookies" },
	[TCPD_C_TW_OVERFLOW] = { "TcpExt", "TCPTimeWaitOverflow" },
	[TCPD_C_MEM_PRESSURES] = { "TcpExt", "TCPMemoryPressures" },
	[TCPD_C_ABORT_ON_MEMORY] = { "TcpExt", "TCPAbortOnMemory" },
	[TCPD_C_ABORT_ON_TIMEOUT] = { "TcpExt", "TCPAbortOnTimeout" },
	[TCPD_C_OUT_SEGS] = { "Tcp", "OutSegs" },
	[TCPD_C_RETRANS_SEGS] = { "Tcp", "RetransSegs" },
	[TCPD_C_ACTIVE_OPENS] = { "Tcp", "ActiveOpens" },
	[TCPD_C_ATTEMPT_FAILS] = { "Tcp", "AttemptFails" },
};

const char *tcpd_sysctl_name(int which)
{
	return which >= 0 && which < TCPD_SYS_MAX ? sysctls[which].name : "?";
}

const char *tcpd_counter_name(int which)
{
	return which >= 0 && which < TCPD_C_MAX ? counters[which].name : "?";
}

static int64_t read_sysctl(const struct sysctl_src *s)
{
	char path[128];
	long long v = -1;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/sys/net/%s", s->path);
	f = fopen(path, "re");
	if (!f)
		return -1;
	for (i = 0; i <= s->field; i++)
		if (fscanf(f, "%lld", &v) != 1) {
			v = -1;
			break;
		}
	fclose(f);
	return v;
}

static void read_sysctls(struct tcpd_kernel *k)
{
	int i;

	for (i = 0; i < TCPD_SYS_MAX; i++)
		k->sys[i] = read_sysctl(&sysctls[i]);
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

static int read_counters(struct tcpd_kernel *k, const char *path,
			 struct tcpd_err *err)
{
	char *names = NULL, *values = NULL;
	size_t nlen = 0, vlen = 0;
	FILE *f = fopen(path, "re");

	if (!f)
		return tcpd_fail_errno(err, errno, _("cannot read %s"), path);
	while (getline(&names, &nlen, f) > 0 && getline(&values, &vlen, f) > 0)
		take_pair(k, names, values);
	free(names);
	free(values);
	fclose(f);
	return 0;
}

static void read_sockstat(struct tcpd_kernel *k)
{
	struct tcpd_sockstat s;

	if (tcpd_sockstat_read(&s))
		return;
	k->inuse = s.inuse;
	k->orphan = s.orphan;
	k->tw = s.tw;
	k->alloc = s.alloc;
	k->mem_pages = s.mem_pages;
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
	read_sockstat(k);
	k->at = now_s();
	return 0;
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

int tcpd_kernel_sample(const struct tcpd_kernel *first, struct tcpd_kernel *k,
		       struct tcpd_rates *r, unsigned int interval_ms,
		       struct tcpd_err *err)
{
	int i;

	memset(r, 0, sizeof(*r));
	*k = *first;
	if (!interval_ms)
		return 0;
	sleep_until(first->at + interval_ms / 1000.0);
	if (tcpd_kernel_read(k, err))
		return -1;
	r->interval = k->at - first->at;
	for (i = 0; i < TCPD_C_MAX; i++)
		if (r->interval > 0 && k->ctr[i] >= first->ctr[i])
			r->per_sec[i] = (double)(k->ctr[i] - first->ctr[i]) / r->interval;
	return 0;
}

double tcpd_rate(const struct tcpd_rates *r, int c)
{
	return r->interval > 0 ? r->per_sec[c] : 0;
}

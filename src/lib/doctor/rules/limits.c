// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's limits: TCP memory, orphans, and retransmissions overall. */
#include "tcpdoc/i18n.h"
#include "rules.h"

static int memory(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_kernel *k = in->k;
	double rising = tcpd_rate(in->r, TCPD_C_MEM_PRESSURES);
	struct tcpd_finding *f;
	uint64_t pct = 0;

	if (!k->has_sockstat)
		return 0;	/* no page count to judge */
	if (sys_above(k, TCPD_SYS_MEM_PRESSURE, 0))
		pct = k->mem_pages * 100 / (uint64_t)k->sys[TCPD_SYS_MEM_PRESSURE];
	if (pct < (uint64_t)thr(in, TCPD_T_MEM_WARN_PCT) && rising <= 0)
		return 0;
	f = tcpd_rule_finding(out, "memory-pressure",
			     sys_above(k, TCPD_SYS_MEM_HIGH, 0) &&
			     k->mem_pages >= (uint64_t)k->sys[TCPD_SYS_MEM_HIGH] ?
			     TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = k->mem_pages;
	tcpd_f_summary(f, _("TCP uses %llu pages, %llu%% of the tcp_mem pressure threshold"),
		       (unsigned long long)k->mem_pages, (unsigned long long)pct);
	tcpd_ev_u64(f, "mem_pages", k->mem_pages);
	tcpd_ev_sysctl(f, k, TCPD_SYS_MEM_LOW);
	tcpd_ev_sysctl(f, k, TCPD_SYS_MEM_PRESSURE);
	tcpd_ev_sysctl(f, k, TCPD_SYS_MEM_HIGH);
	tcpd_ev_counter(f, in->r, k, TCPD_C_MEM_PRESSURES);
	tcpd_ev_counter(f, in->r, k, TCPD_C_ABORT_ON_MEMORY);
	tcpd_f_sure(f, TCPD_CERTAIN, _("the count is the limit: the kernel's own page count against tcp_mem"));
	return 0;
}

static int orphans(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_kernel *k = in->k;
	struct tcpd_finding *f;
	uint64_t pct;

	if (!k->has_sockstat || !sys_above(k, TCPD_SYS_MAX_ORPHANS, 0))
		return 0;
	pct = k->orphan * 100 / (uint64_t)k->sys[TCPD_SYS_MAX_ORPHANS];
	if (pct < (uint64_t)thr(in, TCPD_T_ORPHAN_WARN_PCT))
		return 0;
	f = tcpd_rule_finding(out, "orphan-pressure", pct >= 90 ? TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = k->orphan;
	tcpd_f_summary(f, _("%llu orphaned sockets, %llu%% of tcp_max_orphans"),
		       (unsigned long long)k->orphan, (unsigned long long)pct);
	tcpd_ev_u64(f, "orphan", k->orphan);
	tcpd_ev_sysctl(f, k, TCPD_SYS_MAX_ORPHANS);
	tcpd_ev_sysctl(f, k, TCPD_SYS_ORPHAN_RETRIES);
	tcpd_f_sure(f, TCPD_CERTAIN, _("the count is the limit: orphans against tcp_max_orphans"));
	return 0;
}

static int retrans(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	double sent = tcpd_rate(in->r, TCPD_C_OUT_SEGS);
	double re = tcpd_rate(in->r, TCPD_C_RETRANS_SEGS);
	struct tcpd_finding *f;
	double pct;

	if (sent < (double)thr(in, TCPD_T_RETRANS_MIN_SEGS))
		return 0;
	pct = re * 100.0 / sent;
	if (pct < (double)thr(in, TCPD_T_RETRANS_WARN_PCT))
		return 0;
	f = tcpd_rule_finding(out, "retransmission-rate", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = (uint64_t)re;
	tcpd_f_summary(f, _("%.1f%% of segments sent are retransmissions"), pct);
	tcpd_ev_dbl(f, "retrans_percent", pct);
	tcpd_ev_counter(f, in->r, in->k, TCPD_C_RETRANS_SEGS);
	tcpd_ev_counter(f, in->r, in->k, TCPD_C_OUT_SEGS);
	tcpd_f_sure(f, TCPD_LIKELY, _("the kernel's counters over the interval, for the whole host"));
	return 0;
}

int tcpd_rules_kernel(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	if (memory(in, out) || orphans(in, out))
		return -1;
	return retrans(in, out);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* TIME_WAIT: who closes first, ephemeral ports, the bucket limit, tw_recycle. */
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "rules.h"

/* TIME_WAIT on listening ports: the server side's. */
static uint64_t server_tw(const struct tcpd_facts *fa)
{
	uint64_t n = 0;
	size_t p;

	for (p = 0; p < 65536; p++)
		if (fa->listen_port[p])
			n += fa->tw_port[p];
	return n;
}

static int server_close(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_facts *fa = in->f;
	struct tcpd_finding *f;
	uint64_t n = server_tw(fa);

	if (!n || n < (uint64_t)thr(in, TCPD_T_TIME_WAIT_SERVER_WARN))
		return 0;
	f = tcpd_rule_finding(out, "time-wait-server-close", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = n;
	tcpd_f_summary(f, _("%llu TIME_WAIT sockets on listening ports: this server closes connections first"),
		       (unsigned long long)n);
	tcpd_f_top_ports(f, fa->tw_port, fa->listen_port, 1);
	tcpd_f_listener_owners(f, &fa->listeners, fa->tw_port);
	tcpd_ev_u64(f, "time_wait_on_listening_ports", n);
	tcpd_ev_u64(f, "time_wait", fa->counts.state[TCPD_TIME_WAIT]);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_MAX_TW_BUCKETS);
	tcpd_f_sure(f, TCPD_CERTAIN, _("TIME_WAIT on a listening port is left only where this host closed first"));
	return 0;
}

/*
 * Who opens the connections to the destination: the processes seen calling
 * connect() to it during the interval, and the owner of a socket to it
 * still open. Client TIME_WAIT has no owner, and a short-connection client
 * often holds nothing between its connects: then only the trace names it.
 */
static void dest_owners(struct tcpd_finding *f, const struct tcpd_rule_in *in,
			const struct tcpd_addr *a, uint16_t port, uint64_t n)
{
	const struct tcpd_listener *o = &in->f->dest_owner;
	bool traced = tcpd_f_connect_owners(f, in, a, port) > 0;

	if (o->pid)
		tcpd_f_owner_add(f, o->pid, o->comm, n);
	if (traced && o->pid)
		tcpd_ev_str(f, "owners_from", "connect_trace, open socket to the destination");
	else if (traced)
		tcpd_ev_str(f, "owners_from", "connect_trace");
	else if (o->pid)
		tcpd_ev_str(f, "owners_from", "open socket to the destination");
	else
		tcpd_f_no_owner(f, in);
}

static int ephemeral(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_kernel *k = in->k;
	const struct tcpd_group *top[1];
	struct tcpd_finding *f;
	uint64_t range, n, pct;
	char buf[64];
	struct tcpd_addr a;
	uint16_t port;

	if (!k->has_sys[TCPD_SYS_PORT_LO] || !k->has_sys[TCPD_SYS_PORT_HI] ||
	    k->sys[TCPD_SYS_PORT_LO] < 0 || k->sys[TCPD_SYS_PORT_HI] < k->sys[TCPD_SYS_PORT_LO])
		return 0;
	range = (uint64_t)(k->sys[TCPD_SYS_PORT_HI] - k->sys[TCPD_SYS_PORT_LO] + 1);
	if (!tcpd_groups_top(in->f->dest, 0, top, 1))
		return 0;
	n = top[0]->counts.total;
	pct = n * 100 / range;
	if (pct < (uint64_t)thr(in, TCPD_T_EPHEMERAL_WARN_PCT))
		return 0;
	f = tcpd_rule_finding(out, "ephemeral-port-exhaustion",
			     pct >= (uint64_t)thr(in, TCPD_T_EPHEMERAL_CRIT_PCT) ?
			     TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	tcpd_key_get_addr_port(&top[0]->key, &a, &port);
	f->count = n;
	tcpd_f_summary(f, _("%llu sockets to %s use %llu%% of the %llu local ports: connect() will fail with EADDRNOTAVAIL"),
		       (unsigned long long)n, tcpd_endpoint_str(&a, port, 0, NULL, buf, sizeof(buf)),
		       (unsigned long long)pct, (unsigned long long)range);
	tcpd_f_top_peers(f, in->f->dest, true);
	dest_owners(f, in, &a, port, n);
	tcpd_ev_u64(f, "sockets_to_destination", n);
	tcpd_ev_u64(f, "time_wait_to_destination", top[0]->counts.state[TCPD_TIME_WAIT]);
	tcpd_ev_u64(f, "local_port_range_size", range);
	tcpd_ev_u64(f, "percent_used", pct);
	tcpd_ev_sysctl(f, k, TCPD_SYS_PORT_LO);
	tcpd_ev_sysctl(f, k, TCPD_SYS_PORT_HI);
	tcpd_ev_sysctl(f, k, TCPD_SYS_TW_REUSE);
	tcpd_ev_counter(f, in->r, k, TCPD_C_ATTEMPT_FAILS);
	tcpd_f_sure(f, TCPD_CERTAIN, _("the count is the limit: every socket to the destination holds a local port"));
	return 0;
}

static int buckets(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_kernel *k = in->k;
	uint64_t tw = in->f->counts.state[TCPD_TIME_WAIT], pct = 0, client, srv;
	double rate = tcpd_rate(in->r, TCPD_C_TW_OVERFLOW);
	struct tcpd_finding *f;

	if (sys_above(k, TCPD_SYS_MAX_TW_BUCKETS, 0))
		pct = tw * 100 / (uint64_t)k->sys[TCPD_SYS_MAX_TW_BUCKETS];
	if (pct < (uint64_t)thr(in, TCPD_T_TW_BUCKETS_WARN_PCT) && rate <= 0)
		return 0;
	f = tcpd_rule_finding(out, "time-wait-bucket-overflow",
			     rate > 0 ? TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = tw;
	tcpd_f_summary(f, _("%llu TIME_WAIT sockets, %llu%% of tcp_max_tw_buckets"),
		       (unsigned long long)tw, (unsigned long long)pct);
	tcpd_ev_u64(f, "time_wait", tw);
	/* TIME_WAIT has no owner: those who connect() make the client side's. */
	srv = server_tw(in->f);
	client = tw > srv ? tw - srv : 0;
	if (client && tcpd_f_connect_owners(f, in, NULL, 0)) {
		tcpd_ev_str(f, "owners_from", "connect_trace");
		tcpd_ev_u64(f, "time_wait_client_side", client);
	}
	tcpd_ev_sysctl(f, k, TCPD_SYS_MAX_TW_BUCKETS);
	tcpd_ev_counter(f, in->r, k, TCPD_C_TW_OVERFLOW);
	if (rate > 0)
		tcpd_f_sure(f, TCPD_CERTAIN, _("TCPTimeWaitOverflow rose during the interval"));
	else
		tcpd_f_sure(f, TCPD_CERTAIN, _("the count is the limit: TIME_WAIT is counted against tcp_max_tw_buckets"));
	return 0;
}

static int tw_recycle(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	struct tcpd_finding *f;

	if (!sys_above(in->k, TCPD_SYS_TW_RECYCLE, 0))
		return 0;
	f = tcpd_rule_finding(out, "tw-recycle-enabled", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = 1;
	tcpd_f_summary(f, _("net.ipv4.tcp_tw_recycle is on: clients behind NAT will fail to connect"));
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_TW_RECYCLE);
	tcpd_f_sure(f, TCPD_CERTAIN, _("the setting reads on"));
	return 0;
}

int tcpd_rules_timewait(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	if (server_close(in, out) || ephemeral(in, out) || buckets(in, out))
		return -1;
	return tw_recycle(in, out);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* TIME_WAIT: who closes first, ephemeral ports, the bucket limit, tw_recycle. */
#include "../i18n.h"
#include "../state.h"
#include "rules.h"

static int server_close(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_facts *fa = in->f;
	struct tcpd_finding *f;
	uint64_t n = 0;
	size_t p;

	for (p = 0; p < 65536; p++)
		if (fa->listen_port[p])
			n += fa->tw_port[p];
	if (!n || n < (uint64_t)thr(in, TCPD_T_TIME_WAIT_SERVER_WARN))
		return 0;
	f = tcpd_finding_add(out, "time-wait-server-close", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = n;
	tcpd_f_summary(f, _("%llu TIME_WAIT sockets on listening ports: this server closes connections first"),
		       (unsigned long long)n);
	tcpd_f_top_ports(f, fa->tw_port, fa->listen_port, 1);
	tcpd_ev_u64(f, "time_wait_on_listening_ports", n);
	tcpd_ev_u64(f, "time_wait", fa->counts.state[TCPD_TIME_WAIT]);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_MAX_TW_BUCKETS);
	f->explanation = _("Whoever sends the first FIN ends in TIME_WAIT for 60 s. Here the server does, "
			   "so it keeps one TIME_WAIT per connection it served; with short connections at a "
			   "high rate they add up to memory and, at tcp_max_tw_buckets, to dropped TIME_WAIT "
			   "state.");
	tcpd_f_advice(f, _("Let clients close first: keep-alive with a client-side idle timeout, or HTTP "
			   "\"Connection: close\" sent by the client, not the server."));
	tcpd_f_advice(f, _("Reuse connections (keep-alive, pooling) instead of one connection per request."));
	return 0;
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

	if (k->sys[TCPD_SYS_PORT_LO] < 0 || k->sys[TCPD_SYS_PORT_HI] < k->sys[TCPD_SYS_PORT_LO])
		return 0;
	range = (uint64_t)(k->sys[TCPD_SYS_PORT_HI] - k->sys[TCPD_SYS_PORT_LO] + 1);
	if (!tcpd_groups_top(in->f->dest, 0, top, 1))
		return 0;
	n = top[0]->counts.total;
	pct = n * 100 / range;
	if (pct < (uint64_t)thr(in, TCPD_T_EPHEMERAL_WARN_PCT))
		return 0;
	f = tcpd_finding_add(out, "ephemeral-port-exhaustion",
			     pct >= (uint64_t)thr(in, TCPD_T_EPHEMERAL_CRIT_PCT) ?
			     TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	tcpd_key_get_addr_port(&top[0]->key, &a, &port);
	f->count = n;
	tcpd_f_summary(f, _("%llu sockets to %s use %llu%% of the %llu local ports: connect() will fail with EADDRNOTAVAIL"),
		       (unsigned long long)n, tcpd_endpoint_str(&a, port, buf, sizeof(buf)),
		       (unsigned long long)pct, (unsigned long long)range);
	tcpd_f_top_peers(f, in->f->dest, true);
	tcpd_ev_u64(f, "sockets_to_destination", n);
	tcpd_ev_u64(f, "time_wait_to_destination", top[0]->counts.state[TCPD_TIME_WAIT]);
	tcpd_ev_u64(f, "local_port_range_size", range);
	tcpd_ev_u64(f, "percent_used", pct);
	tcpd_ev_sysctl(f, k, TCPD_SYS_PORT_LO);
	tcpd_ev_sysctl(f, k, TCPD_SYS_PORT_HI);
	tcpd_ev_sysctl(f, k, TCPD_SYS_TW_REUSE);
	tcpd_ev_counter(f, in->r, k, TCPD_C_ATTEMPT_FAILS);
	f->explanation = _("Each connection to one destination address and port needs its own local port "
			   "from ip_local_port_range, and TIME_WAIT holds the port for 60 s after the close. "
			   "When the range is used up, connect() fails with EADDRNOTAVAIL (99).");
	tcpd_f_advice(f, _("Reuse connections (keep-alive, a connection pool) instead of one per request."));
	tcpd_f_advice(f, _("Widen net.ipv4.ip_local_port_range (e.g. 1024 65535), and enable "
			   "net.ipv4.tcp_tw_reuse=1 for outgoing connections."));
	tcpd_f_advice(f, _("Spread the load over more destination addresses or ports."));
	return 0;
}

static int buckets(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_kernel *k = in->k;
	uint64_t tw = in->f->counts.state[TCPD_TIME_WAIT], pct = 0;
	double rate = tcpd_rate(in->r, TCPD_C_TW_OVERFLOW);
	struct tcpd_finding *f;

	if (k->sys[TCPD_SYS_MAX_TW_BUCKETS] > 0)
		pct = tw * 100 / (uint64_t)k->sys[TCPD_SYS_MAX_TW_BUCKETS];
	if (pct < (uint64_t)thr(in, TCPD_T_TW_BUCKETS_WARN_PCT) && rate <= 0)
		return 0;
	f = tcpd_finding_add(out, "time-wait-bucket-overflow",
			     rate > 0 ? TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = tw;
	tcpd_f_summary(f, _("%llu TIME_WAIT sockets, %llu%% of tcp_max_tw_buckets"),
		       (unsigned long long)tw, (unsigned long long)pct);
	tcpd_ev_u64(f, "time_wait", tw);
	tcpd_ev_sysctl(f, k, TCPD_SYS_MAX_TW_BUCKETS);
	tcpd_ev_counter(f, in->r, k, TCPD_C_TW_OVERFLOW);
	f->explanation = _("Past tcp_max_tw_buckets the kernel destroys closing sockets at once instead of "
			   "keeping TIME_WAIT (\"TCP: time wait bucket table overflow\"), so late segments of "
			   "old connections can corrupt new ones.");
	tcpd_f_advice(f, _("Find who makes the TIME_WAIT (tcpdoc summary --by port) and reuse connections."));
	tcpd_f_advice(f, _("Raise net.ipv4.tcp_max_tw_buckets if memory allows (each costs about 256 bytes)."));
	return 0;
}

static int tw_recycle(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	struct tcpd_finding *f;

	if (in->k->sys[TCPD_SYS_TW_RECYCLE] <= 0)
		return 0;
	f = tcpd_finding_add(out, "tw-recycle-enabled", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = 1;
	tcpd_f_summary(f, _("net.ipv4.tcp_tw_recycle is on: clients behind NAT will fail to connect"));
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_TW_RECYCLE);
	f->explanation = _("tcp_tw_recycle drops SYNs whose TCP timestamps go backwards for an address; "
			   "behind NAT many hosts share an address with unrelated clocks, so their "
			   "connections time out at random. Linux 4.12 removed the setting.");
	tcpd_f_advice(f, _("Set net.ipv4.tcp_tw_recycle=0 (and remove it from /etc/sysctl.conf); use "
			   "tcp_tw_reuse for outgoing connections instead."));
	return 0;
}

int tcpd_rules_timewait(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	if (server_close(in, out) || ephemeral(in, out) || buckets(in, out))
		return -1;
	return tw_recycle(in, out);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening: SYN floods, lost handshake ACKs, full accept queues, SYNs that
 * get no answer, and scans.
 */
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "rules.h"

/* The port with the most SYN_RECV. */
static uint16_t busiest(const uint32_t *per_port)
{
	size_t p, best = 0;

	for (p = 1; p < 65536; p++)
		if (per_port[p] > per_port[best])
			best = p;
	return (uint16_t)best;
}

static void syn_evidence(struct tcpd_finding *f, const struct tcpd_rule_in *in,
			 uint16_t port)
{
	tcpd_f_port(f, port);
	tcpd_f_listener_owners(f, &in->f->listeners, in->f->synrecv_port);
	tcpd_ev_u64(f, "syn_recv", in->f->synrecv_port[port]);
	tcpd_ev_u64(f, "distinct_sources", in->f->synrecv_src[port]);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_SYNCOOKIES);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_MAX_SYN_BACKLOG);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_SYNACK_RETRIES);
	tcpd_ev_counter(f, in->r, in->k, TCPD_C_SYNCOOKIES_SENT);
	tcpd_ev_counter(f, in->r, in->k, TCPD_C_REQQ_FULL_DROP);
	tcpd_f_persist(f, in, TCPD_SYN_RECV, "syn_ack_resent", in->f->synrecv_resent[port]);
	tcpd_f_ages(f, &in->f->ages[TCPD_SYN_RECV]);
}

static bool dropping(const struct tcpd_rule_in *in)
{
	return tcpd_rate(in->r, TCPD_C_REQQ_FULL_DROP) > 0 ||
	       tcpd_rate(in->r, TCPD_C_SYNCOOKIES_SENT) > 0;
}

static int syn_flood(const struct tcpd_rule_in *in, struct tcpd_findings *out,
		     uint16_t port)
{
	double drops = tcpd_rate(in->r, TCPD_C_REQQ_FULL_DROP);
	struct tcpd_finding *f;

	f = tcpd_rule_finding(out, "syn-flood", drops > 0 || sys_is(in->k, TCPD_SYS_SYNCOOKIES, 0) ?
			     TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = in->f->synrecv_port[port];
	tcpd_f_summary(f, _("%llu half-open connections on port %u from %u sources: a SYN flood"),
		       (unsigned long long)f->count, port, in->f->synrecv_src[port]);
	syn_evidence(f, in, port);
	if (dropping(in))
		tcpd_f_sure(f, TCPD_CERTAIN, _("the kernel dropped SYNs or answered with cookies during the interval: its SYN queue overflows"));
	else if (in->f->synrecv_resent[port] * 2 >= f->count)
		tcpd_f_sure(f, TCPD_LIKELY, _("most of their SYN-ACKs were re-sent and never answered"));
	else
		tcpd_f_sure(f, TCPD_POSSIBLE, _("only the count of half-open handshakes says so"));
	return 0;
}

static int ack_lost(const struct tcpd_rule_in *in, struct tcpd_findings *out,
		    uint16_t port)
{
	struct tcpd_finding *f = tcpd_rule_finding(out, "handshake-ack-lost", TCPD_SEV_WARNING);

	if (!f)
		return -1;
	f->count = in->f->synrecv_port[port];
	tcpd_f_summary(f, _("%llu handshakes on port %u from only %u sources never complete: their ACKs are lost"),
		       (unsigned long long)f->count, port, in->f->synrecv_src[port]);
	syn_evidence(f, in, port);
	if (in->f->synrecv_stuck[port])
		tcpd_f_sure(f, TCPD_LIKELY, _("%u of them were there at both looks, their SYN-ACKs re-sent"),
			    in->f->synrecv_stuck[port]);
	else if (in->f->synrecv_resent[port] * 2 >= f->count)
		tcpd_f_sure(f, TCPD_LIKELY, _("most of their SYN-ACKs were re-sent and never answered"));
	else
		tcpd_f_sure(f, TCPD_POSSIBLE, _("only the count of half-open handshakes says so"));
	return 0;
}

/*
 * Few clients, each with several handshakes stuck across both looks: a lost
 * final ACK however small the count (a flood has many sources).
 */
static bool few_stuck(const struct tcpd_rule_in *in, uint16_t port)
{
	uint32_t stuck = in->f->synrecv_stuck[port];

	return stuck >= 4 && stuck >= 2 * in->f->synrecv_src[port] &&
	       in->f->synrecv_src[port] < thr(in, TCPD_T_SYN_FLOOD_SOURCES);
}

static int syn_recv(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	uint16_t port = busiest(in->f->synrecv_port);
	uint32_t n = in->f->synrecv_port[port];

	/* A busy listener has a few half-open connections: no alarm for those. */
	if (n < thr(in, TCPD_T_SYN_RECV_WARN) && !(n && dropping(in)) && !few_stuck(in, port))
		return 0;
	if (dropping(in) || in->f->synrecv_src[port] >= thr(in, TCPD_T_SYN_FLOOD_SOURCES))
		return syn_flood(in, out, port);
	return ack_lost(in, out, port);
}

static int syncookies_off(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	uint16_t port = busiest(in->f->synrecv_port);
	struct tcpd_finding *f;

	if (!sys_is(in->k, TCPD_SYS_SYNCOOKIES, 0) ||
	    (in->f->synrecv_port[port] < thr(in, TCPD_T_SYN_RECV_WARN) &&
	     tcpd_rate(in->r, TCPD_C_REQQ_FULL_DROP) <= 0))
		return 0;
	f = tcpd_rule_finding(out, "syncookies-off", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = in->f->counts.state[TCPD_SYN_RECV];
	tcpd_f_summary(f, _("SYN cookies are off while listeners are under SYN load"));
	syn_evidence(f, in, port);
	tcpd_f_sure(f, TCPD_CERTAIN, _("net.ipv4.tcp_syncookies reads 0"));
	return 0;
}

static int accept_queue(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_topk *t = &in->f->listen_full;
	double over = tcpd_rate(in->r, TCPD_C_LISTEN_OVERFLOWS);
	struct tcpd_finding *f;

	if (!t->count && over <= 0)
		return 0;
	f = tcpd_rule_finding(out, "accept-queue-overflow",
			     over > 0 ? TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = t->count;
	tcpd_f_summary(f, _("%llu listening sockets have a full accept queue: the application does not accept() fast enough"),
		       (unsigned long long)t->count);
	tcpd_f_samples(f, t, false);
	if (t->len) {
		tcpd_ev_u64(f, "accept_queue", t->s[0].recv_q);
		tcpd_ev_u64(f, "backlog", t->s[0].send_q);
	}
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_SOMAXCONN);
	tcpd_ev_counter(f, in->r, in->k, TCPD_C_LISTEN_OVERFLOWS);
	tcpd_ev_counter(f, in->r, in->k, TCPD_C_LISTEN_DROPS);
	if (over > 0)
		tcpd_f_sure(f, TCPD_CERTAIN, _("ListenOverflows rose during the interval"));
	else
		tcpd_f_sure(f, TCPD_LIKELY, _("an accept queue was at its backlog when the table was read"));
	return 0;
}

/*
 * SYN_SENT sockets have owners while connect() waits; when none was seen
 * (fds that could not be read, sockets gone between the dump and the
 * owner scan), those seen calling connect() are named.
 */
static void syn_sent_owners(struct tcpd_finding *f, const struct tcpd_rule_in *in,
			    const struct tcpd_addr *a, uint16_t port)
{
	if (f->nowners)
		return;
	if (tcpd_f_connect_owners(f, in, a, port))
		tcpd_ev_str(f, "owners_from", "connect_trace");
	else
		tcpd_f_no_owner(f, in);
}

static void syn_sent_sure(struct tcpd_finding *f, const struct tcpd_rule_in *in)
{
	const struct tcpd_persist *p = &in->f->persist[TCPD_SYN_SENT];

	tcpd_f_persist(f, in, TCPD_SYN_SENT, "syn_resent", p->resent);
	tcpd_f_ages(f, &in->f->ages[TCPD_SYN_SENT]);
	if (p->stuck)
		tcpd_f_sure(f, TCPD_CERTAIN, _("%llu connects were in SYN_SENT at both looks, their SYNs re-sent"),
			    (unsigned long long)p->stuck);
	else if (p->resent * 2 >= in->f->counts.state[TCPD_SYN_SENT])
		tcpd_f_sure(f, TCPD_LIKELY, _("most of their SYNs were re-sent and never answered"));
	else
		tcpd_f_sure(f, TCPD_POSSIBLE, _("only the count of connects in SYN_SENT says so"));
}

static int syn_sent_stuck(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_group *top[1];
	struct tcpd_finding *f;
	struct tcpd_addr a;
	uint16_t port;

	if (!tcpd_groups_top(in->f->synsent_dest, 0, top, 1) ||
	    top[0]->counts.total < (uint64_t)thr(in, TCPD_T_SYN_SENT_WARN))
		return 0;
	f = tcpd_rule_finding(out, "syn-sent-stuck", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = top[0]->counts.total;
	tcpd_f_top_peers(f, in->f->synsent_dest, true);
	tcpd_f_summary(f, _("%llu connections to %s wait in SYN_SENT: the peer is down or a firewall drops SYNs"),
		       (unsigned long long)f->count, f->peers[0]);
	tcpd_f_procs(f, &in->f->synsent_procs);
	if (in->f->synsent.truncated)
		f->owners_sample = in->f->synsent.len;
	f->nports = 0;
	tcpd_key_get_addr_port(&top[0]->key, &a, &port);
	syn_sent_owners(f, in, &a, port);
	tcpd_ev_u64(f, "syn_sent_to_destination", f->count);
	tcpd_ev_u64(f, "syn_sent", in->f->counts.state[TCPD_SYN_SENT]);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_SYN_RETRIES);
	syn_sent_sure(f, in);
	return 0;
}

static int syn_sent_scan(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	uint64_t hosts = tcpd_groups_len(in->f->synsent_host);
	struct tcpd_finding *f;

	if (hosts < (uint64_t)thr(in, TCPD_T_SYN_SENT_SCAN_HOSTS))
		return 0;
	f = tcpd_rule_finding(out, "syn-sent-scan", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = hosts;
	tcpd_f_summary(f, _("SYN_SENT toward %llu distinct hosts: scanning or worm-like behaviour"),
		       (unsigned long long)hosts);
	tcpd_f_procs(f, &in->f->scan_procs);
	syn_sent_owners(f, in, NULL, 0);
	/* The ports targeted tell a worm (135, 139, 445) from service discovery. */
	f->nports = 0;
	f->ports_remote = true;
	tcpd_f_top_group_ports(f, in->f->synsent_port);
	tcpd_f_top_peers(f, in->f->synsent_host, false);
	tcpd_ev_u64(f, "distinct_hosts", hosts);
	tcpd_ev_u64(f, "distinct_ports", tcpd_groups_len(in->f->synsent_port));
	tcpd_ev_u64(f, "syn_sent", in->f->counts.state[TCPD_SYN_SENT]);
	tcpd_f_sure(f, TCPD_LIKELY, _("%llu distinct hosts at once, which services rarely need"),
		    (unsigned long long)hosts);
	return 0;
}

int tcpd_rules_handshake(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	if (syn_recv(in, out) || syncookies_off(in, out) || accept_queue(in, out))
		return -1;
	return syn_sent_stuck(in, out) || syn_sent_scan(in, out) ? -1 : 0;
}

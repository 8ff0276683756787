// SPDX-License-Identifier: GPL-2.0-or-later
/* Established connections: unread data, stalled sends, idle without keepalive. */
#include "../i18n.h"
#include "../state.h"
#include "rules.h"

static int recv_backlog(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_topk *t = &in->f->recvq;
	struct tcpd_finding *f;

	if (!t->count || t->count < (uint64_t)thr(in, TCPD_T_RECV_Q_WARN))
		return 0;
	f = tcpd_finding_add(out, "recv-queue-backlog", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = t->count;
	tcpd_f_summary(f, _("%llu connections have data waiting that the application does not read"),
		       (unsigned long long)t->count);
	tcpd_f_samples(f, t, true);
	tcpd_ev_u64(f, "largest_recv_q_bytes", t->s[0].recv_q);
	tcpd_ev_u64(f, "recv_q_threshold_bytes", (uint64_t)thr(in, TCPD_T_RECV_Q_BYTES));
	tcpd_ev_u64(f, "oldest_age_s", t->s[0].age_ms / 1000);
	f->explanation = _("Recv-Q is data the kernel received and acknowledged but the application has not "
			   "read. When the receive buffer fills, the window closes and the peer stalls.");
	tcpd_f_advice(f, _("Find why the process named here stopped reading: blocked on a lock, a slow "
			   "downstream, or a thread that died."));
	return 0;
}

static int send_stalled(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_topk *t = &in->f->sendq;
	struct tcpd_finding *f;
	size_t i, probe = 0;

	if (!t->count || t->count < (uint64_t)thr(in, TCPD_T_SEND_Q_WARN))
		return 0;
	f = tcpd_finding_add(out, "send-queue-stalled", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	for (i = 0; i < t->len; i++)
		probe += t->s[i].timer == TCPD_TIMER_PROBE;
	f->count = t->count;
	tcpd_f_summary(f, _("%llu connections cannot send: the peer's window is zero or it stopped answering"),
		       (unsigned long long)t->count);
	tcpd_f_samples(f, t, true);
	tcpd_ev_u64(f, "largest_send_q_bytes", t->s[0].send_q);
	tcpd_ev_u64(f, "zero_window_probing", probe);
	tcpd_ev_u64(f, "retransmit_backoff", t->len - probe);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_RETRIES2);
	f->explanation = _("Zero-window probing means the peer is alive but its application does not read; "
			   "retransmissions in backoff mean the peer has gone (crash, cable pull, a firewall "
			   "that forgot the connection): a half-open connection that ends only after "
			   "tcp_retries2 (about 15 minutes at the default).");
	tcpd_f_advice(f, _("For zero windows, look at the peer application: it is not reading."));
	tcpd_f_advice(f, _("For backoff, check the peer is still up; set TCP_USER_TIMEOUT in the application "
			   "to give up sooner."));
	return 0;
}

static int keepalive(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_topk *t = &in->f->idle;
	struct tcpd_finding *f;

	if (!t->count || t->count < (uint64_t)thr(in, TCPD_T_KEEPALIVE_WARN) ||
	    in->k->sys[TCPD_SYS_KEEPALIVE_TIME] < 7200)
		return 0;
	f = tcpd_finding_add(out, "keepalive-missing", TCPD_SEV_INFO);
	if (!f)
		return -1;
	f->count = t->count;
	tcpd_f_summary(f, _("%llu connections idle for over %ld s without keepalive"),
		       (unsigned long long)t->count, thr(in, TCPD_T_KEEPALIVE_IDLE_S));
	tcpd_f_samples(f, t, true);
	tcpd_ev_u64(f, "idle_without_keepalive", t->count);
	tcpd_ev_u64(f, "idle_with_keepalive", in->f->idle_keepalive);
	tcpd_ev_u64(f, "longest_idle_s", t->s[0].age_ms / 1000);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_KEEPALIVE_TIME);
	f->explanation = _("An idle connection whose peer vanished (crash, NAT timeout) is never noticed "
			   "without keepalive; with SO_KEEPALIVE and the default tcp_keepalive_time of 7200 s "
			   "it takes over two hours, longer than most NAT and firewall idle timeouts.");
	tcpd_f_advice(f, _("Enable SO_KEEPALIVE in the application, with TCP_KEEPIDLE below your firewalls' "
			   "idle timeout (e.g. 300 s), or lower net.ipv4.tcp_keepalive_time."));
	return 0;
}

int tcpd_rules_queues(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	if (recv_backlog(in, out) || send_stalled(in, out))
		return -1;
	return keepalive(in, out);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Established connections: unread data, stalled sends, idle without keepalive. */
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "rules.h"

static int recv_backlog(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_topk *t = &in->f->recvq;
	struct tcpd_finding *f;

	if (!t->count || t->count < (uint64_t)thr(in, TCPD_T_RECV_Q_WARN))
		return 0;
	f = tcpd_rule_finding(out, "recv-queue-backlog", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = t->count;
	tcpd_f_summary(f, _("%llu connections have data waiting that the application does not read"),
		       (unsigned long long)t->count);
	tcpd_f_samples(f, t, true);
	tcpd_ev_u64(f, "largest_recv_q_bytes", t->s[0].recv_q);
	tcpd_ev_u64(f, "recv_q_threshold_bytes", (uint64_t)thr(in, TCPD_T_RECV_Q_BYTES));
	tcpd_ev_u64(f, "oldest_age_s", t->s[0].age_ms / 1000);
	tcpd_f_sure(f, TCPD_LIKELY, _("the unread bytes were there when the table was read; a busy reader may catch up"));
	return 0;
}

static int send_stalled(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_topk *t = &in->f->sendq;
	struct tcpd_finding *f;
	size_t i, probe = 0;
	uint32_t no_ack = 0;

	if (!t->count || t->count < (uint64_t)thr(in, TCPD_T_SEND_Q_WARN))
		return 0;
	f = tcpd_rule_finding(out, "send-queue-stalled", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	for (i = 0; i < t->len; i++) {
		probe += t->s[i].timer == TCPD_TIMER_PROBE;
		if (t->s[i].age_ms > no_ack)
			no_ack = t->s[i].age_ms;
	}
	f->count = t->count;
	tcpd_f_summary(f, _("%llu connections cannot send: the peer's window is zero or it stopped answering"),
		       (unsigned long long)t->count);
	tcpd_f_samples(f, t, true);
	tcpd_ev_u64(f, "largest_send_q_bytes", t->s[0].send_q);
	tcpd_ev_u64(f, "zero_window_probing", probe);
	tcpd_ev_u64(f, "retransmit_backoff", t->len - probe);
	tcpd_ev_u64(f, "longest_without_ack_s", no_ack / 1000);	/* tcp_info last_ack_recv */
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_RETRIES2);
	tcpd_f_sure(f, TCPD_CERTAIN, _("the kernel is probing a zero window or backing off its retransmissions"));
	return 0;
}

static int keepalive(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_topk *t = &in->f->idle;
	struct tcpd_finding *f;

	if (!t->count || t->count < (uint64_t)thr(in, TCPD_T_KEEPALIVE_WARN) ||
	    !sys_above(in->k, TCPD_SYS_KEEPALIVE_TIME, 7199))	/* the default 7200 s or more */
		return 0;
	f = tcpd_rule_finding(out, "keepalive-missing", TCPD_SEV_INFO);
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
	tcpd_f_sure(f, TCPD_POSSIBLE, _("idle connections only: their peers may well be there"));
	return 0;
}

int tcpd_rules_queues(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	if (recv_backlog(in, out) || send_stalled(in, out))
		return -1;
	return keepalive(in, out);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Closing: CLOSE_WAIT the application never closes, and the closer's side
 * (FIN_WAIT1, FIN_WAIT2, LAST_ACK, CLOSING) stuck waiting for the peer.
 */
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"
#include "rules.h"

static uint64_t max_proc(const struct tcpd_procs *ps)
{
	uint64_t m = ps->unowned;
	size_t i;

	for (i = 0; i < ps->len; i++)
		if (ps->p[i].count > m)
			m = ps->p[i].count;
	return m;
}

static int close_wait_leak(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	const struct tcpd_facts *fa = in->f;
	uint64_t n = fa->counts.state[TCPD_CLOSE_WAIT], worst = max_proc(&fa->cw_procs);
	struct tcpd_finding *f;

	if (!n || worst < (uint64_t)thr(in, TCPD_T_CLOSE_WAIT_WARN))
		return 0;
	f = tcpd_rule_finding(out, "close-wait-leak",
			     worst >= (uint64_t)thr(in, TCPD_T_CLOSE_WAIT_CRIT) ?
			     TCPD_SEV_CRITICAL : TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = n;
	tcpd_f_summary(f, _("%llu sockets in CLOSE_WAIT: the peer closed, the application never called close()"),
		       (unsigned long long)n);
	tcpd_f_procs(f, &fa->cw_procs);
	/* Past the record cap, owners were counted on the first records only: said. */
	if (fa->cw.truncated)
		f->owners_sample = fa->cw.len;
	tcpd_f_top_ports(f, fa->cw_port, NULL, 1);
	tcpd_f_top_peers(f, fa->cw_peer, false);
	tcpd_ev_u64(f, "close_wait", n);
	tcpd_f_ages(f, &fa->ages[TCPD_CLOSE_WAIT]);
	tcpd_ev_u64(f, "recv_q_bytes", fa->cw_recv_q);
	tcpd_ev_u64(f, "unowned", fa->cw_procs.unowned);
	if (fa->ages[TCPD_CLOSE_WAIT].older[1] * 2 > fa->ages[TCPD_CLOSE_WAIT].n)
		tcpd_f_sure(f, TCPD_CERTAIN, _("most have waited over a minute for close() after the peer's FIN"));
	else
		tcpd_f_sure(f, TCPD_LIKELY, _("one process holds %llu of them"), (unsigned long long)worst);
	return 0;
}

static int fin_wait2_stuck(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	uint64_t n = in->f->counts.state[TCPD_FIN_WAIT2];
	struct tcpd_finding *f;

	if (n < (uint64_t)thr(in, TCPD_T_FIN_WAIT2_WARN))
		return 0;
	f = tcpd_rule_finding(out, "fin-wait2-stuck", TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = n;
	tcpd_f_summary(f, _("%llu sockets in FIN_WAIT2: this host closed, the peers have not"),
		       (unsigned long long)n);
	tcpd_f_samples(f, &in->f->fin_wait2, true);
	tcpd_ev_u64(f, "fin_wait2", n);
	tcpd_f_ages(f, &in->f->ages[TCPD_FIN_WAIT2]);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_FIN_TIMEOUT);
	if (in->f->ages[TCPD_FIN_WAIT2].older[1] * 2 > in->f->ages[TCPD_FIN_WAIT2].n)
		tcpd_f_sure(f, TCPD_LIKELY, _("most have waited over a minute for the peer's FIN"));
	else
		tcpd_f_sure(f, TCPD_POSSIBLE, _("only the count says so: the peers may still be closing"));
	return 0;
}

/* A closing state whose FIN goes unanswered; the texts are N_() ones. */
struct unanswered {
	int state, warn;
	const char *id;
	const char *summary;	/* "%llu sockets in %s: ..." */
	const char *certain;	/* "%llu were in %s at both looks, ..." */
	const char *likely;
};

static const struct unanswered fin_wait1 = {
	TCPD_FIN_WAIT1, TCPD_T_FIN_WAIT1_WARN, "fin-wait1-stuck",
	N_("%llu sockets in %s: the peers do not acknowledge our FIN"),
	N_("%llu were in %s at both looks, re-sending their FIN or probing a zero window"),
	N_("most have re-sent their FIN or probed a zero window without an answer"),
};
static const struct unanswered last_ack = {
	TCPD_LAST_ACK, TCPD_T_LAST_ACK_WARN, "last-ack-stuck",
	N_("%llu sockets in %s: final FINs or ACKs are being lost"),
	N_("%llu were in %s at both looks, re-sending their FIN"),
	N_("most have re-sent their FIN without an answer"),
};
static const struct unanswered closing = {
	TCPD_CLOSING, TCPD_T_CLOSING_WARN, "closing-stuck",
	N_("%llu sockets in %s: final FINs or ACKs are being lost"),
	N_("%llu were in %s at both looks, re-sending their FIN"),
	N_("most have re-sent their FIN without an answer"),
};

/*
 * Raised from the count threshold, or from two sockets stuck across both
 * looks however few: *@fp, NULL when there is nothing to raise.
 */
static int unanswered(const struct tcpd_rule_in *in, struct tcpd_findings *out,
		      const struct unanswered *u, const struct tcpd_topk *t,
		      struct tcpd_finding **fp)
{
	const struct tcpd_persist *p = &in->f->persist[u->state];
	uint64_t n = in->f->counts.state[u->state];
	const char *name = tcpd_state_name(u->state);
	struct tcpd_finding *f;

	*fp = NULL;
	if (n < (uint64_t)thr(in, u->warn) && p->stuck < 2)
		return 0;
	f = *fp = tcpd_rule_finding(out, u->id, TCPD_SEV_WARNING);
	if (!f)
		return -1;
	f->count = n;
	tcpd_f_summary(f, _(u->summary), (unsigned long long)n, name);
	tcpd_f_samples(f, t, true);
	tcpd_ev_u64(f, "sockets", n);
	tcpd_f_ages(f, &in->f->ages[u->state]);
	tcpd_ev_sysctl(f, in->k, TCPD_SYS_ORPHAN_RETRIES);
	tcpd_f_persist(f, in, u->state, "fin_resent", p->resent);
	if (p->stuck)
		tcpd_f_sure(f, TCPD_CERTAIN, _(u->certain), (unsigned long long)p->stuck, name);
	else if (p->resent * 2 >= n)
		tcpd_f_sure(f, TCPD_LIKELY, "%s", _(u->likely));
	else
		tcpd_f_sure(f, TCPD_POSSIBLE, _("only the count says so: they may still be closing"));
	return 0;
}

/*
 * FIN_WAIT1: our FIN is not acknowledged. Either it was sent and is being
 * re-sent (the peer gone, or its ACKs dropped), or it waits behind data a
 * zero window will not take (the peer stopped reading): Send-Q and the
 * probe timer tell which.
 */
static int fin_wait1_stuck(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	struct tcpd_finding *f;

	if (unanswered(in, out, &fin_wait1, &in->f->fin_wait1, &f))
		return -1;
	if (f) {
		tcpd_ev_u64(f, "fin_behind_unsent_data", in->f->fw1_unsent);
		tcpd_ev_u64(f, "zero_window_probing", in->f->fw1_probing);
	}
	return 0;
}

int tcpd_rules_close(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	struct tcpd_finding *f;

	if (close_wait_leak(in, out) || fin_wait1_stuck(in, out) || fin_wait2_stuck(in, out))
		return -1;
	if (unanswered(in, out, &last_ack, &in->f->last_ack, &f))
		return -1;
	return unanswered(in, out, &closing, &in->f->closing, &f);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The doctor's pipeline, shared by diagnose and check: per namespace, read
 * the kernel's counters, make one pass over the socket table, map the
 * owners of the sockets that matter, read the counters again, run the rules.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "doctor.h"
#include "../lib/facts.h"
#include "../lib/owners.h"
#include "../lib/rules/rules.h"

#define DEFAULT_CONFIG "/etc/tcpdoc.conf"

struct doctor_run {
	const struct doctor_opts *o;
	struct doctor_result *res;
	struct tcpd_thresholds t;
	struct tcpd_facts f;
};

void doctor_opts_init(struct doctor_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->interval_ms = 1000;
	o->port = -1;
}

static int parse_interval(struct doctor_opts *o, const char *arg, struct tcpd_err *err)
{
	char *end;
	double s = strtod(arg, &end);

	if (end == arg || *end || !isfinite(s) || s < 0 || s > 3600)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad --interval '%s': expected seconds from 0 to 3600"), arg);
	o->interval_ms = (unsigned int)(s * 1000 + 0.5);
	return 0;
}

int doctor_opt(struct doctor_opts *o, int opt, const char *arg, struct tcpd_err *err)
{
	switch (opt) {
	case OPT_INTERVAL:
		return parse_interval(o, arg, err);
	case OPT_SET:
		if (o->nsets == sizeof(o->sets) / sizeof(o->sets[0]))
			return tcpd_fail(err, TCPD_E_USAGE, _("too many --set options"));
		o->sets[o->nsets++] = arg;
		return 0;
	case OPT_CONFIG:
		o->config = arg;
		return 0;
	default:
		return 1;
	}
}

static int load_thresholds(const struct doctor_opts *o, struct tcpd_thresholds *t,
			   struct tcpd_err *err)
{
	size_t i;

	tcpd_thresholds_init(t);
	if (tcpd_thresholds_load(t, o->config ? o->config : DEFAULT_CONFIG,
				 o->config != NULL, err))
		return -1;
	for (i = 0; i < o->nsets; i++)
		if (tcpd_thresholds_set(t, o->sets[i], err))
			return -1;
	return 0;
}

static void facts_cfg(const struct tcpd_kernel *k, const struct tcpd_thresholds *t,
		      struct tcpd_facts_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->port_lo = k->sys[TCPD_SYS_PORT_LO] > 0 ? (uint16_t)k->sys[TCPD_SYS_PORT_LO] : 32768;
	c->port_hi = k->sys[TCPD_SYS_PORT_HI] > 0 ? (uint16_t)k->sys[TCPD_SYS_PORT_HI] : 60999;
	c->recv_q_bytes = (uint32_t)t->v[TCPD_T_RECV_Q_BYTES];
	c->idle_ms = (uint32_t)(t->v[TCPD_T_KEEPALIVE_IDLE_S] * 1000);
	c->send_q_retrans = (uint8_t)(t->v[TCPD_T_SEND_Q_RETRANS] > 255 ? 255 :
				      t->v[TCPD_T_SEND_Q_RETRANS]);
	c->fin_timeout_s = k->sys[TCPD_SYS_FIN_TIMEOUT] > 0 ?
			   (uint32_t)k->sys[TCPD_SYS_FIN_TIMEOUT] : 60;
	c->fin_wait2_min = (uint64_t)t->v[TCPD_T_FIN_WAIT2_WARN];
	c->last_ack_min = (uint64_t)t->v[TCPD_T_LAST_ACK_WARN];
	c->closing_min = (uint64_t)t->v[TCPD_T_CLOSING_WARN];
}

static int on_sock(const struct tcpd_sock *s, void *arg)
{
	struct doctor_run *d = arg;
	int port = d->o->port;

	if (port >= 0 && (s->lport == port || s->rport == port))
		tcpd_counts_add(&d->res->port_counts, s->state);
	tcpd_counts_add(&d->res->counts, s->state);
	return tcpd_facts_add(s, &d->f);
}

/* Owners only for the sockets the findings may name. */
static int owners(struct cli *cli, struct tcpd_facts *f)
{
	struct tcpd_owners *o = tcpd_owners_new();
	struct tcpd_err err = { 0 };
	int n, ret = -1;

	if (!o)
		return cli_failf(cli, _("out of memory"));
	n = tcpd_facts_want(f, o);
	if (n < 0) {
		cli_failf(cli, _("out of memory"));
		goto out;
	}
	if (n && tcpd_owners_scan(o, TCPD_OWN_AUTO, &err)) {
		cli_fail(cli, &err);
		goto out;
	}
	if (tcpd_owners_hidden(o))
		cli_note(cli, _("the owners of sockets in %zu processes could not be seen: reading another user's /proc/PID/fd needs root"),
			 tcpd_owners_hidden(o));
	ret = tcpd_facts_attribute(f, o) ? cli_failf(cli, _("out of memory")) : 0;
out:
	tcpd_owners_free(o);
	return ret;
}

static int look(struct cli *cli, struct doctor_run *d)
{
	struct tcpd_query q = { .family = cli->family, .want_info = true };
	struct tcpd_err err = { 0 };
	struct tcpd_kernel first;
	struct tcpd_facts_cfg cfg;
	struct tcpd_rule_in in;

	if (tcpd_kernel_read(&first, &err))
		return cli_fail(cli, &err);
	facts_cfg(&first, &d->t, &cfg);
	if (tcpd_facts_init(&d->f, &cfg))
		return cli_failf(cli, _("out of memory"));
	if (tcpd_dump(cli->source, &q, on_sock, d, &err))
		return cli_fail(cli, &err);
	d->res->interrupted |= q.interrupted;
	d->res->capped |= d->f.capped;
	if (owners(cli, &d->f))
		return EXIT_UNKNOWN;
	if (tcpd_kernel_sample(&first, &d->res->k, &d->res->r, d->o->interval_ms, &err))
		return cli_fail(cli, &err);
	in = (struct tcpd_rule_in){ &d->f, &d->res->k, &d->res->r, &d->t };
	if (tcpd_rules_run(&in, &d->res->findings))
		return cli_failf(cli, _("out of memory"));
	return 0;
}

static int look_ns(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct doctor_run *d = arg;
	size_t i, before = d->res->findings.len;
	char label[128];
	int ret;

	ret = look(cli, d);
	tcpd_facts_free(&d->f);
	if (ret || !cli->all_netns)
		return ret;
	tcpd_netns_label(ns, label, sizeof(label));
	for (i = before; i < d->res->findings.len; i++)
		tcpd_ev_str(&d->res->findings.f[i], "netns", label);
	return 0;
}

int doctor_run(struct cli *cli, const struct doctor_opts *o, struct doctor_result *res)
{
	struct doctor_run d = { .o = o, .res = res };
	struct tcpd_err err = { 0 };

	memset(res, 0, sizeof(*res));
	if (load_thresholds(o, &d.t, &err))
		return cli_fail(cli, &err);
	if (cli_each_netns(cli, look_ns, &d))
		return EXIT_UNKNOWN;
	tcpd_findings_sort(&res->findings);
	if (res->interrupted)
		cli_note(cli, _("the socket table changed during the dump; counts may be off by a few"));
	return 0;
}

void doctor_result_free(struct doctor_result *res)
{
	tcpd_findings_free(&res->findings);
}

int doctor_exit_code(const struct doctor_result *res)
{
	switch (tcpd_findings_worst(&res->findings)) {
	case TCPD_SEV_CRITICAL:
		return EXIT_CRIT;
	case TCPD_SEV_WARNING:
		return EXIT_WARN;
	default:
		return EXIT_HEALTHY;
	}
}

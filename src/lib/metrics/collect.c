// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One collection for `serve`: one run of the doctor, whose single pass
 * over each namespace's socket table also feeds the metrics' tally
 * (tcpd_doctor_opts.on_sock), then one owner scan for the processes and
 * the tables cut to their top rows.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "metrics/metrics_int.h"
#include "tcpdoc/i18n.h"

void tcpd_metrics_opts_init(struct tcpd_metrics_opts *o, struct tcpd_scope *scope)
{
	memset(o, 0, sizeof(*o));
	tcpd_doctor_opts_init(&o->doctor, scope);
	o->top_n = TCPD_METRICS_TOP_DEFAULT;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The doctor asks for tcp_info, which the BPF iterator does not give, so
 * "auto" reads through sock_diag (source/pick.c).
 */
const char *tcpd_metrics_source_name(enum tcpd_source s)
{
	switch (s) {
	case TCPD_SRC_PROC:
		return "proc";
	case TCPD_SRC_BPF:
		return "bpf";
	default:
		return "netlink";
	}
}

static int finish(struct tally *t, const struct tcpd_metrics_opts *o, struct tcpd_err *err)
{
	if (tally_procs(t, o->top_n, o->doctor.owners, err))
		return -1;
	if (tally_listeners(t, o->top_n, err))
		return -1;
	return tally_ports(t, o->top_n, err);
}

int tcpd_metrics_collect(const struct tcpd_metrics_opts *o, struct tcpd_metrics *m,
			 struct tcpd_err *err)
{
	struct tcpd_doctor_opts d = o->doctor;
	double start = now_s();
	struct tally t;
	int ret = -1;

	memset(m, 0, sizeof(*m));
	if (tally_init(&t, m)) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		goto out;
	}
	/* Metrics name no culprits: no BPF program loaded for every scrape. */
	d.no_connect_trace = true;
	d.on_sock = tally_sock;
	d.on_netns = tally_netns;
	d.hook_arg = &t;
	if (tcpd_doctor_run(&d, &m->doc, err))
		goto out;
	if (finish(&t, o, err))
		goto out;
	m->source = tcpd_metrics_source_name(d.scope->source);
	m->per_ns = d.scope->all_netns;
	m->duration_s = now_s() - start;
	ret = 0;
out:
	tally_free(&t);
	if (ret)
		tcpd_metrics_free(m);
	return ret;
}

void tcpd_metrics_free(struct tcpd_metrics *m)
{
	tcpd_doctor_result_free(&m->doc);
	free(m->ns);
	free(m->nsf);
	free(m->ports);
	free(m->procs);
	free(m->listeners);
	memset(m, 0, sizeof(*m));
}

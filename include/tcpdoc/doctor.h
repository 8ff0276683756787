/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_DOCTOR_H
#define TCPD_DOCTOR_H

#include <stdbool.h>
#include <stddef.h>

#include "tcpdoc/connects.h"
#include "tcpdoc/err.h"
#include "tcpdoc/finding.h"
#include "tcpdoc/kernel.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/scope.h"
#include "tcpdoc/summary.h"
#include "tcpdoc/thresholds.h"

/* The default thresholds file, read when it exists. */
#define TCPD_DOCTOR_CONFIG "/etc/tcpdoc.conf"
#define TCPD_DOCTOR_MAX_SETS 32

/* What the doctor looks at and how. */
struct tcpd_doctor_opts {
	struct tcpd_scope *scope;	/* namespaces, family, socket source */
	unsigned int interval_ms;	/* between the two counter reads; 0: none */
	const char *config;		/* NULL: TCPD_DOCTOR_CONFIG if it exists */
	const char *sets[TCPD_DOCTOR_MAX_SETS];	/* "KEY=VALUE", applied last */
	size_t nsets;
	/*
	 * Thresholds read beforehand (tcpd_doctor_thresholds): @config and
	 * @sets are then not read again. serve reads them at start and on
	 * SIGHUP only. NULL: read them at every run.
	 */
	const struct tcpd_thresholds *thresholds;
	int port;			/* count port_counts for this port; -1: none */
	enum tcpd_owner_source owners;	/* which owner scanner */
	/*
	 * Watch connect() during the interval (BPF), to name the processes
	 * behind client-side TIME_WAIT; off: name only holders of open sockets.
	 */
	bool no_connect_trace;
	/*
	 * A front end's look at the same pass, so the table is dumped once
	 * (serve's metrics): @on_sock sees every record after the doctor has
	 * taken it in; @on_netns runs once per namespace, inside it, after
	 * its rules, with its counters as read the second time and the
	 * findings those rules raised (@f, @nf: this namespace's only; @f is
	 * NULL when @nf is 0). Either may fail (-1 with @err filled), which
	 * ends the run. NULL: none.
	 */
	tcpd_sock_cb on_sock;
	int (*on_netns)(const struct tcpd_netns *ns, const struct tcpd_kernel *k,
			const struct tcpd_finding *f, size_t nf, void *arg,
			struct tcpd_err *err);
	void *hook_arg;
};

/* What the doctor saw: the verdict, the headline numbers, what it missed. */
struct tcpd_doctor_result {
	struct tcpd_findings findings;	/* worst first */
	struct tcpd_counts counts;	/* every namespace read */
	struct tcpd_counts port_counts;	/* sockets with opts.port */
	struct tcpd_kernel k;		/* the last namespace read */
	struct tcpd_rates r;
	size_t netns;			/* namespaces read */
	size_t netns_denied;		/* namespaces that could not be entered */
	size_t owners_hidden;		/* processes whose fds could not be read */
	bool interrupted;		/* a table changed during its dump */
	uint32_t lacks;			/* TCPD_LACK_*: fields the source did not give */
	bool capped;			/* a fact table hit its cap */
	/*
	 * What could not be read in any namespace, once each, as
	 * tcpd_kernel_unread names it: the rules that needed it judged
	 * nothing from it.
	 */
	const char *unread[TCPD_KERNEL_MAX_UNREAD];
	size_t nunread;
	/* connect() calls seen during the interval, or why they could not be. */
	struct tcpd_connects connects;
};

void tcpd_doctor_opts_init(struct tcpd_doctor_opts *o, struct tcpd_scope *scope);

/* The thresholds a run of @o would use: the defaults, the config file, the sets. */
int tcpd_doctor_thresholds(const struct tcpd_doctor_opts *o, struct tcpd_thresholds *t,
			   struct tcpd_err *err);

/*
 * Look: read every namespace's counters, then per namespace dump the
 * socket table, map the owners the findings may name, read the counters
 * again (@interval_ms after the first read, once for all namespaces) and
 * run the rules. Returns 0, or -1 with @err filled; @res is then empty.
 */
int tcpd_doctor_run(const struct tcpd_doctor_opts *o, struct tcpd_doctor_result *res,
		    struct tcpd_err *err);
void tcpd_doctor_result_free(struct tcpd_doctor_result *res);

#endif

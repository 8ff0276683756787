/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RULES_H
#define TCPD_RULES_H

#include "doctor/facts.h"
#include "tcpdoc/connects.h"
#include "tcpdoc/finding.h"
#include "tcpdoc/kernel.h"
#include "tcpdoc/thresholds.h"

/* Everything a rule may look at. Rules are pure: no I/O, no clock. */
struct tcpd_rule_in {
	const struct tcpd_facts *f;
	const struct tcpd_kernel *k;
	const struct tcpd_rates *r;
	const struct tcpd_thresholds *t;
	const struct tcpd_connects *c;	/* connect() seen in the interval; NULL: none */
	uint64_t netns;			/* the namespace judged (inode), for @c */
};

/* Run every rule; findings are appended to @out, unsorted. -1 when out of memory. */
int tcpd_rules_run(const struct tcpd_rule_in *in, struct tcpd_findings *out);

/* The families, one file each. */
int tcpd_rules_close(const struct tcpd_rule_in *in, struct tcpd_findings *out);
int tcpd_rules_timewait(const struct tcpd_rule_in *in, struct tcpd_findings *out);
int tcpd_rules_handshake(const struct tcpd_rule_in *in, struct tcpd_findings *out);
int tcpd_rules_queues(const struct tcpd_rule_in *in, struct tcpd_findings *out);
int tcpd_rules_kernel(const struct tcpd_rule_in *in, struct tcpd_findings *out);

/*
 * A new finding with the catalogue's explanation and advice for @id
 * (rules/catalogue.c); NULL when out of memory.
 */
struct tcpd_finding *tcpd_rule_finding(struct tcpd_findings *out, const char *id,
				       enum tcpd_severity sev);

/*
 * The peer is on this host (f->here says where): drop the catalogue's
 * advice that sends the reader to another host.
 */
void tcpd_rule_peer_here(struct tcpd_finding *f);

/* Helpers the rules share. */
static inline long thr(const struct tcpd_rule_in *in, int which)
{
	return in->t->v[which];
}

/*
 * Is sysctl @which known and equal to @v? A rule judges a setting only
 * when it was read: one that could not be is named in the doctor's
 * "unread" list, and the part of the rule that needs it is skipped.
 */
static inline bool sys_is(const struct tcpd_kernel *k, int which, int64_t v)
{
	return k->has_sys[which] && k->sys[which] == v;
}

/* Is sysctl @which known and above @v? */
static inline bool sys_above(const struct tcpd_kernel *k, int which, int64_t v)
{
	return k->has_sys[which] && k->sys[which] > v;
}

/* A sysctl's value as evidence, when the kernel has it. */
void tcpd_ev_sysctl(struct tcpd_finding *f, const struct tcpd_kernel *k, int which);
/* A counter's rate (per second) or, unsampled, its value since boot. */
void tcpd_ev_counter(struct tcpd_finding *f, const struct tcpd_rates *r,
		     const struct tcpd_kernel *k, int which);
/* The owners of a process table, busiest first. */
void tcpd_f_procs(struct tcpd_finding *f, const struct tcpd_procs *ps);
/* Add @count sockets to @pid's owner row (made if there is room). */
void tcpd_f_owner_add(struct tcpd_finding *f, pid_t pid, const char *comm, uint64_t count);
/* Owners of the listeners on f->ports, for sockets without one (rules.c). */
void tcpd_f_listener_owners(struct tcpd_finding *f, const struct tcpd_listeners *ls,
			    const uint32_t *per_port);
/* The busiest ports of a table keyed by port (tcpd_key_port), as f->ports. */
void tcpd_f_top_group_ports(struct tcpd_finding *f, const struct tcpd_groups *g);
/* Ages (rules/ages.c): evidence, and "; oldest X, N% older than Y" after the summary. */
void tcpd_f_ages(struct tcpd_finding *f, const struct tcpd_ages *a);
void tcpd_age_str(uint32_t ms, char *buf, size_t len);
/*
 * Persistence as evidence: @key (@resent: sockets retransmitted),
 * "seen_in_both_looks" and "stuck_across_looks" when there was a first
 * look, and the most retransmissions of @state.
 */
void tcpd_f_persist(struct tcpd_finding *f, const struct tcpd_rule_in *in, int state,
		    const char *key, uint64_t resent);
/* rules/look.c: f->look, "tcpdoc " @ns_args and the command for its id. */
void tcpd_f_look(struct tcpd_finding *f, const char *ns_args);
/*
 * rules/connects.c: name the processes the connect() trace saw connecting
 * from the namespace to @dst:@dport (@dst NULL: anywhere), busiest first,
 * with `connects_traced`, `connect_trace_s` as evidence; returns the
 * connects seen (0: nobody named, nothing added). The caller says
 * owners_from. tcpd_f_no_owner: the evidence when nobody could be named.
 */
uint64_t tcpd_f_connect_owners(struct tcpd_finding *f, const struct tcpd_rule_in *in,
			       const struct tcpd_addr *dst, uint16_t dport);
void tcpd_f_no_owner(struct tcpd_finding *f, const struct tcpd_rule_in *in);
/* The owners, ports and peers of top-k samples. */
void tcpd_f_samples(struct tcpd_finding *f, const struct tcpd_topk *t, bool peers);
/* The busiest ports of a per-port array where @want says so. */
void tcpd_f_top_ports(struct tcpd_finding *f, const uint32_t *per_port,
		      const uint32_t *filter, uint32_t min);
/* The largest groups' keys, as peers. */
void tcpd_f_top_peers(struct tcpd_finding *f, const struct tcpd_groups *g, bool port);

#endif

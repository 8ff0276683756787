// SPDX-License-Identifier: GPL-2.0-or-later
/* The doctor's rules: run every family, and the helpers they share. */
#include <stdio.h>
#include <string.h>

#include "rules.h"

int tcpd_rules_run(const struct tcpd_rule_in *in, struct tcpd_findings *out)
{
	if (tcpd_rules_close(in, out) || tcpd_rules_timewait(in, out) ||
	    tcpd_rules_handshake(in, out) || tcpd_rules_queues(in, out) ||
	    tcpd_rules_kernel(in, out))
		return -1;
	/*
	 * Not sorted here: the doctor labels each namespace's findings by
	 * their place at the end of @out, and sorts once, after them all.
	 */
	return 0;
}

void tcpd_ev_sysctl(struct tcpd_finding *f, const struct tcpd_kernel *k, int which)
{
	if (k->has_sys[which])
		tcpd_ev_u64(f, tcpd_sysctl_name(which), (uint64_t)k->sys[which]);
}

void tcpd_ev_counter(struct tcpd_finding *f, const struct tcpd_rates *r,
		     const struct tcpd_kernel *k, int which)
{
	static char keys[TCPD_C_MAX][2][48];
	int sampled = r->interval > 0;
	char *key = keys[which][sampled];

	if (!k->has_ctr[which])
		return;
	snprintf(key, sizeof(keys[0][0]), "%s_%s", tcpd_counter_name(which),
		 sampled ? "per_s" : "since_boot");
	if (sampled)
		tcpd_ev_dbl(f, key, r->per_sec[which]);
	else
		tcpd_ev_u64(f, key, k->ctr[which]);
}

void tcpd_f_persist(struct tcpd_finding *f, const struct tcpd_rule_in *in, int state,
		    const char *key, uint64_t resent)
{
	const struct tcpd_persist *p = &in->f->persist[state];

	tcpd_ev_u64(f, key, resent);
	tcpd_ev_u64(f, "max_retransmits", p->max_retrans);
	if (!in->f->first || !in->f->first->taken)
		return;
	tcpd_ev_u64(f, "seen_in_both_looks", p->both);
	tcpd_ev_u64(f, "stuck_across_looks", p->stuck);
}

void tcpd_f_procs(struct tcpd_finding *f, const struct tcpd_procs *ps)
{
	const struct tcpd_proc_agg *best;
	bool used[TCPD_PROCS] = { false };
	size_t i, n, b;

	for (n = 0; n < ps->len && n < TCPD_F_OWNERS; n++) {
		best = NULL;
		for (i = 0, b = 0; i < ps->len; i++)
			if (!used[i] && (!best || ps->p[i].count > best->count)) {
				best = &ps->p[i];
				b = i;
			}
		used[b] = true;
		f->owners[n].pid = best->pid;
		f->owners[n].count = best->count;
		memcpy(f->owners[n].comm, best->comm, sizeof(best->comm));
		for (i = 0; i < best->nports; i++)
			tcpd_f_port(f, best->ports[i]);
	}
	f->nowners = n;
}

/* Add @count sockets to @pid's row, making it if there is room. */
void tcpd_f_owner_add(struct tcpd_finding *f, pid_t pid, const char *comm, uint64_t count)
{
	size_t i;

	for (i = 0; i < f->nowners && f->owners[i].pid != pid; i++)
		;
	if (i == TCPD_F_OWNERS)
		return;
	if (i == f->nowners) {
		f->owners[f->nowners++] = (struct tcpd_f_owner){ .pid = pid };
		memcpy(f->owners[i].comm, comm, sizeof(f->owners[i].comm));
	}
	f->owners[i].count += count;
}

void tcpd_f_samples(struct tcpd_finding *f, const struct tcpd_topk *t, bool peers)
{
	char buf[64];
	size_t i;

	/* Owners of a sample are counted in it: said, never passed off as all. */
	if (t->count > t->len)
		f->owners_sample = t->len;
	for (i = 0; i < t->len; i++) {
		const struct tcpd_sample *s = &t->s[i];

		if (s->pid)
			tcpd_f_owner_add(f, s->pid, s->comm, 1);
		tcpd_f_port(f, s->lport);
		if (peers && f->npeers < TCPD_F_PEERS)
			tcpd_f_peer(f, tcpd_endpoint_str(&s->raddr, s->rport, 0, NULL, buf, sizeof(buf)));
	}
}

void tcpd_f_top_ports(struct tcpd_finding *f, const uint32_t *per_port,
		      const uint32_t *filter, uint32_t min)
{
	uint32_t val[TCPD_F_PORTS];
	uint16_t port[TCPD_F_PORTS];
	size_t n = 0, j, p;

	for (p = 0; p < 65536; p++) {
		if (per_port[p] < min || !per_port[p] || (filter && !filter[p]))
			continue;
		if (n == TCPD_F_PORTS && per_port[p] <= val[n - 1])
			continue;
		j = n < TCPD_F_PORTS ? n++ : n - 1;
		for (; j > 0 && val[j - 1] < per_port[p]; j--) {
			val[j] = val[j - 1];
			port[j] = port[j - 1];
		}
		val[j] = per_port[p];
		port[j] = (uint16_t)p;
	}
	for (j = 0; j < n; j++)
		tcpd_f_port(f, port[j]);
}

void tcpd_f_top_group_ports(struct tcpd_finding *f, const struct tcpd_groups *g)
{
	const struct tcpd_group *top[TCPD_F_PORTS];
	size_t i, n = tcpd_groups_top(g, 0, top, TCPD_F_PORTS);

	for (i = 0; i < n; i++)
		tcpd_f_port(f, tcpd_key_get_port(&top[i]->key));
}

void tcpd_f_top_peers(struct tcpd_finding *f, const struct tcpd_groups *g, bool port)
{
	const struct tcpd_group *top[TCPD_F_PEERS];
	struct tcpd_addr a;
	uint16_t p;
	char buf[64];
	size_t i, n = tcpd_groups_top(g, 0, top, TCPD_F_PEERS);

	for (i = 0; i < n; i++) {
		tcpd_key_get_addr_port(&top[i]->key, &a, &p);
		if (port)
			tcpd_endpoint_str(&a, p, 0, NULL, buf, sizeof(buf));
		else
			tcpd_addr_str(&a, buf, sizeof(buf));
		tcpd_f_peer(f, buf);
	}
}

/*
 * TIME_WAIT and request sockets have no owner: name the owners of the
 * listeners on the finding's ports instead, each with @per_port's count
 * there, and say that is how they were found.
 */
void tcpd_f_listener_owners(struct tcpd_finding *f, const struct tcpd_listeners *ls,
			    const uint32_t *per_port)
{
	size_t i, j;

	for (i = 0; i < f->nports; i++)
		for (j = 0; j < ls->len; j++) {
			const struct tcpd_listener *l = &ls->l[j];

			if (l->port != f->ports[i] || !l->pid)
				continue;
			tcpd_f_owner_add(f, l->pid, l->comm, per_port[l->port]);
			break;	/* one count per port, however many listeners share it */
		}
	if (f->nowners)
		tcpd_ev_str(f, "owners_from", "listener");
}

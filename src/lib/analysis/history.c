// SPDX-License-Identifier: GPL-2.0-or-later
/* Bookkeeping for live views: histories, transition rates, group keys. */
#include <stdio.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/history.h"

void tcpd_series_push(struct tcpd_series *s, uint64_t v)
{
	s->v[s->head] = v;
	s->head = (s->head + 1) % TCPD_SERIES_LEN;
	if (s->len < TCPD_SERIES_LEN)
		s->len++;
}

uint64_t tcpd_series_at(const struct tcpd_series *s, size_t n, size_t i)
{
	size_t first;

	if (n > s->len)
		n = s->len;
	if (i >= n)
		return 0;
	first = (s->head + TCPD_SERIES_LEN - n) % TCPD_SERIES_LEN;
	return s->v[(first + i) % TCPD_SERIES_LEN];
}

uint64_t tcpd_series_last(const struct tcpd_series *s)
{
	return s->len ? tcpd_series_at(s, 1, 0) : 0;
}

static uint64_t series_max(const struct tcpd_series *s, size_t n)
{
	uint64_t max = 0, v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = tcpd_series_at(s, n, i);
		if (v > max)
			max = v;
	}
	return max;
}

size_t tcpd_series_levels(const struct tcpd_series *s, size_t n, int levels,
			  uint8_t *out)
{
	uint64_t max, v;
	size_t i;

	if (n > s->len)
		n = s->len;
	if (levels < 2)
		levels = 2;
	max = series_max(s, n);
	for (i = 0; i < n; i++) {
		v = tcpd_series_at(s, n, i);
		if (!v || !max)
			out[i] = 0;
		else
			out[i] = (uint8_t)(1 + (v * (uint64_t)(levels - 2) + max / 2) / max);
		if (out[i] > levels - 1)
			out[i] = (uint8_t)(levels - 1);
	}
	return n;
}

void tcpd_trans_init(struct tcpd_trans *t, uint64_t now_ns)
{
	memset(t, 0, sizeof(*t));
	t->start_ns = now_ns;
}

void tcpd_trans_add(struct tcpd_trans *t, int old, int new)
{
	old = tcpd_state_user(old);
	new = tcpd_state_user(new);
	t->cur[old][new]++;
	t->cur_total++;
	t->total++;
}

bool tcpd_trans_roll(struct tcpd_trans *t, uint64_t now_ns, uint64_t window_ns)
{
	double secs;
	int i, j;

	if (now_ns < t->start_ns + window_ns)
		return false;
	secs = (double)(now_ns - t->start_ns) / 1e9;
	for (i = 0; i < TCPD_STATE_MAX; i++)
		for (j = 0; j < TCPD_STATE_MAX; j++)
			t->rate[i][j] = (double)t->cur[i][j] / secs;
	t->rate_total = (double)t->cur_total / secs;
	tcpd_series_push(&t->hist, t->cur_total);
	memset(t->cur, 0, sizeof(t->cur));
	t->cur_total = 0;
	t->start_ns = now_ns;
	return true;
}

static void kind_insert(struct tcpd_trans_kind *out, size_t *len, size_t n,
			const struct tcpd_trans_kind *k)
{
	size_t j;

	if (*len == n && out[n - 1].rate >= k->rate)
		return;
	j = *len < n ? (*len)++ : n - 1;
	while (j > 0 && out[j - 1].rate < k->rate) {
		out[j] = out[j - 1];
		j--;
	}
	out[j] = *k;
}

size_t tcpd_trans_top(const struct tcpd_trans *t, struct tcpd_trans_kind *out, size_t n)
{
	struct tcpd_trans_kind k;
	size_t len = 0;
	int i, j;

	if (!n)
		return 0;
	for (i = 0; i < TCPD_STATE_MAX; i++)
		for (j = 0; j < TCPD_STATE_MAX; j++) {
			if (t->rate[i][j] <= 0)
				continue;
			k = (struct tcpd_trans_kind){ (uint8_t)i, (uint8_t)j, t->rate[i][j] };
			kind_insert(out, &len, n, &k);
		}
	return len;
}

const struct tcpd_owner *tcpd_live_key(int by, const struct tcpd_sock *s,
				       const struct tcpd_owners *o,
				       struct tcpd_group_key *k)
{
	const struct tcpd_owner *own = NULL;

	switch (by) {
	case TCPD_BY_PROCESS:
		if (!o || !s->inode || !tcpd_owners_get(o, s->inode, &own))
			own = NULL;
		tcpd_key_u64(k, own ? (uint64_t)own->pid : 0);
		break;
	case TCPD_BY_DPORT:
		tcpd_key_port(k, s->rport);
		break;
	case TCPD_BY_PEER:
		tcpd_key_addr(k, &s->remote);
		break;
	default:
		tcpd_key_port(k, s->lport);
		break;
	}
	return own;
}

const char *tcpd_live_label(int by, const struct tcpd_group *g, char *buf, size_t len)
{
	const struct tcpd_owner *own = g->data;
	struct tcpd_addr a;

	switch (by) {
	case TCPD_BY_PROCESS:
		if (own)
			snprintf(buf, len, "%s(%d)", own->comm, own->pid);
		else
			snprintf(buf, len, "%s", _("(no process)"));
		break;
	case TCPD_BY_PEER:
		tcpd_key_get_addr(&g->key, &a);
		tcpd_addr_str(&a, buf, len);
		break;
	default:
		snprintf(buf, len, "%u", tcpd_key_get_port(&g->key));
		break;
	}
	return buf;
}

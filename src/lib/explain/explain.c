// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding a topic of the reference by any of its names. */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/explain.h"
#include "tcpdoc/number.h"
#include "tcpdoc/state.h"

#define NAME_MAX_LEN 64

static const struct tcpd_topic *const tables[] = {
	tcpd_explain_states,
	tcpd_explain_errnos,
	tcpd_explain_sysctls,
	tcpd_explain_mechanisms,
};

const char *tcpd_topic_kind_name(enum tcpd_topic_kind kind)
{
	static const char *const names[] = {
		[TCPD_TOPIC_STATE] = "state",
		[TCPD_TOPIC_ERRNO] = "errno",
		[TCPD_TOPIC_SYSCTL] = "sysctl",
		[TCPD_TOPIC_MECHANISM] = "mechanism",
		[TCPD_TOPIC_DIAGRAM] = "diagram",
	};

	return (unsigned int)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

const struct tcpd_topic *tcpd_explain_at(size_t i)
{
	size_t t, n;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (n = 0; tables[t][n].name; n++)
			if (!i--)
				return &tables[t][n];
	}
	return NULL;
}

/*
 * Lower case, '-' and ' ' as '_', and the prefixes a sysctl may come with
 * dropped, so "Net.IPv4.TCP-TW-Reuse" and "tcp_tw_reuse" compare equal.
 * Returns -1 when @in is too long to be any name.
 */
static int fold(const char *in, size_t len, char *out)
{
	static const char *const prefixes[] = {
		"/proc/sys/net/ipv4/", "/proc/sys/net/core/", "net/ipv4/", "net/core/",
		"net.ipv4.", "net.core.",
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t p = strlen(prefixes[i]);

		if (len > p && !strncasecmp(in, prefixes[i], p)) {
			in += p;
			len -= p;
			break;
		}
	}
	if (len >= NAME_MAX_LEN)
		return -1;
	for (i = 0; i < len; i++) {
		unsigned char c = in[i];

		out[n++] = c == '-' || c == ' ' ? '_' : tolower(c);
	}
	out[n] = '\0';
	return 0;
}

/* Call @fn on every name of @t (its name, then each alias), folded. */
static int each_name(const struct tcpd_topic *t,
		     int (*fn)(const char *folded, void *arg), void *arg)
{
	char buf[NAME_MAX_LEN];
	const char *p, *end;
	int ret;

	if (fold(t->name, strlen(t->name), buf) == 0 && (ret = fn(buf, arg)))
		return ret;
	for (p = t->aliases; p && *p; p = end) {
		while (*p == ' ')
			p++;
		end = p + strcspn(p, " ");
		if (end > p && fold(p, (size_t)(end - p), buf) == 0 && (ret = fn(buf, arg)))
			return ret;
	}
	return 0;
}

static int name_equal(const char *folded, void *arg)
{
	return !strcmp(folded, arg);
}

const struct tcpd_topic *tcpd_explain_state(int state)
{
	const struct tcpd_topic *t;

	for (t = tcpd_explain_states; t->name; t++)
		if (t->state == state)
			return t;
	return NULL;
}

static const struct tcpd_topic *find_errno(const char *s)
{
	const struct tcpd_topic *t;
	long n;

	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s) || tcpd_whole_parse(s, 0, LONG_MAX, &n))
		return NULL;
	for (t = tcpd_explain_errnos; t->name; t++)
		if (t->errnum == n)
			return t;
	return NULL;
}

/* The state a name spells, when it spells exactly one. */
static int parse_one_state(const char *name)
{
	uint32_t mask = tcpd_state_parse(name);
	int s;

	for (s = 1; s <= TCPD_NSTATES; s++)
		if (mask == TCPD_STATE_BIT(s))
			return s;
	return 0;
}

const struct tcpd_topic *tcpd_explain_find(const char *name)
{
	const struct tcpd_topic *t;
	char folded[NAME_MAX_LEN];
	size_t i;
	int state;

	if (!name || !*name)
		return NULL;
	state = parse_one_state(name);
	if (state)
		return tcpd_explain_state(state);
	t = find_errno(name);
	if (t)
		return t;
	if (fold(name, strlen(name), folded))
		return NULL;
	for (i = 0; (t = tcpd_explain_at(i)); i++)
		if (each_name(t, name_equal, folded))
			return t;
	return NULL;
}

size_t tcpd_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[NAME_MAX_LEN + 1], diag, up, best;

	if (lb > NAME_MAX_LEN)
		return la > lb ? la : lb;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

struct closest {
	const char *want;
	size_t limit;	/* the farthest a suggestion may be */
	size_t best;
};

/*
 * Distance to the nearest name of a topic. A name that contains what was
 * typed, or is contained in it ("keepalive" in "tcp_keepalive"), is just
 * close enough to be suggested after the real near misses.
 */
static int name_distance(const char *folded, void *arg)
{
	struct closest *c = arg;
	size_t d = tcpd_edit_distance(c->want, folded);
	size_t lw = strlen(c->want);

	if (lw >= 4 && (strstr(folded, c->want) || strstr(c->want, folded)) && d > c->limit)
		d = c->limit;
	if (d < c->best)
		c->best = d;
	return 0;
}

size_t tcpd_explain_suggest(const char *name, const struct tcpd_topic **out, size_t max)
{
	size_t dist[16], n = 0, i, k, limit;
	const struct tcpd_topic *t;
	char folded[NAME_MAX_LEN];

	if (max > 16)
		max = 16;
	if (!max || fold(name, strlen(name), folded))
		return 0;
	limit = strlen(folded) / 3 + 1;
	if (limit > 4)
		limit = 4;
	for (i = 0; (t = tcpd_explain_at(i)); i++) {
		struct closest c = { folded, limit, (size_t)-1 };

		each_name(t, name_distance, &c);
		if (c.best > limit)
			continue;
		/* insertion into the sorted, bounded list */
		for (k = n; k > 0 && dist[k - 1] > c.best; k--) {
			if (k < max) {
				dist[k] = dist[k - 1];
				out[k] = out[k - 1];
			}
		}
		if (k < max) {
			dist[k] = c.best;
			out[k] = t;
			if (n < max)
				n++;
		}
	}
	return n;
}

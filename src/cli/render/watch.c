// SPDX-License-Identifier: GPL-2.0-or-later
/* watch's output: a line per change, and the summary, as text or JSON. */
#include <string.h>
#include <time.h>

#include "cli.h"
#include "render/sock.h"
#include "render/states.h"
#include "render/watch.h"
#include "tcpdoc/state.h"

static void fmt_time(char *buf, size_t len, uint64_t real_ns, bool utc_iso)
{
	time_t t = (time_t)(real_ns / 1000000000ull);
	unsigned long us = (unsigned long)(real_ns % 1000000000ull / 1000);
	struct tm tm;
	char b[32];

	if (utc_iso) {
		gmtime_r(&t, &tm);
		strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%S", &tm);
		snprintf(buf, len, "%s.%06luZ", b, us);
	} else {
		localtime_r(&t, &tm);
		strftime(b, sizeof(b), "%H:%M:%S", &tm);
		snprintf(buf, len, "%s.%06lu", b, us);
	}
}

/* "1.2.3.4:*" -> "1.2.3.4:?": a port that was never seen, not "any". */
static void watch_port_unknown(char *ep)
{
	char *colon = strrchr(ep, ':');

	if (colon && colon[1] == '*' && !colon[2])
		colon[1] = '?';
}

void watch_line_text(FILE *f, const struct tcpd_watch_event *ev, const char *netns)
{
	char when[48], local[TCPD_ENDPOINTSTRLEN], remote[TCPD_ENDPOINTSTRLEN];
	char ms[32], owner[48] = "-", change[40];

	fmt_time(when, sizeof(when), ev->real_ns, false);
	tcpd_endpoint_str(&ev->local, ev->lport, TCPD_EP_ANY_PORT, NULL, local, sizeof(local));
	if (ev->lport_unknown)
		watch_port_unknown(local);
	tcpd_endpoint_str(&ev->remote, ev->rport, TCPD_EP_ANY_PORT, NULL, remote, sizeof(remote));
	snprintf(change, sizeof(change), "%s -> %s", tcpd_state_name(ev->old),
		 tcpd_state_name(ev->new));
	if (ev->ms_unknown)
		snprintf(ms, sizeof(ms), "-");
	else
		snprintf(ms, sizeof(ms), "%s%.3f", ev->lower_bound ? ">=" : ev->coarse ? "~" : "",
			 ev->ms_in_old);
	if (ev->pid)
		snprintf(owner, sizeof(owner), "%u/%s", ev->pid, ev->comm);
	fprintf(f, "%s %-16s %-22s %-22s %-26s %12s %s%s\n", when, netns, local, remote,
		change, ms, owner, ev->inferred ? _(" (inferred)") : "");
}

void watch_line_json(FILE *f, const struct tcpd_watch_event *ev, const char *netns)
{
	struct json j;
	char when[48];

	fmt_time(when, sizeof(when), ev->real_ns, true);
	json_init(&j, f, 0);
	json_obj_open(&j, NULL);
	json_str(&j, "time", when);
	json_str(&j, "netns", netns);
	json_u64(&j, "family", ev->local.family == AF_INET6 ? 6 : 4);
	if (ev->lport_unknown)
		json_endpoint_noport(&j, "local", &ev->local);
	else
		json_endpoint(&j, "local", &ev->local, ev->lport);
	json_endpoint(&j, "remote", &ev->remote, ev->rport);
	json_str(&j, "old", tcpd_state_name(ev->old));
	json_str(&j, "new", tcpd_state_name(ev->new));
	if (ev->ms_unknown)
		json_null(&j, "ms_in_old");
	else
		json_double(&j, "ms_in_old", ev->ms_in_old, 3);
	json_bool(&j, "lower_bound", ev->lower_bound);
	/* Unknown (softirq with no owner remembered, or the sampler): null, not pid 0. */
	if (ev->pid) {
		json_u64(&j, "pid", ev->pid);
		json_str(&j, "comm", ev->comm);
	} else {
		json_null(&j, "pid");
		json_null(&j, "comm");
	}
	json_u64(&j, "cookie", ev->cookie);
	json_bool(&j, "coarse", ev->coarse);
	json_bool(&j, "inferred", ev->inferred);
	json_obj_close(&j);
	json_end(&j);
}

static double seconds(const struct tcpd_watch_stats *s)
{
	double t = (double)(s->end_ns - s->start_ns) / 1e9;

	return t > 0 ? t : 1e-9;
}

void watch_summary_text(FILE *f, const struct tcpd_watch_stats *s,
			const struct tcpd_watch_counters *c, const char *mode)
{
	double secs = seconds(s);
	int i, o, n;

	fprintf(f, _("\n%llu changes in %.1f s (%s); lost %llu, socket map full %llu, start unknown %llu, seeded %llu\n"),
		(unsigned long long)s->total, secs, mode, (unsigned long long)c->lost,
		(unsigned long long)c->map_full, (unsigned long long)c->no_start,
		(unsigned long long)c->seeded);
	fprintf(f, _("%-12s %8s %10s %10s %10s %10s %8s\n"), _("Time in"), "n", "p50 ms",
		"p90 ms", "p99 ms", "max ms", ">= n");
	for (i = 0; i < TCPD_NSTATES; i++) {
		const struct tcpd_watch_hist *h = &s->state[tcpd_state_order[i]];
		int st = tcpd_state_order[i];

		if (!h->n && !h->lower_bounds)
			continue;
		fprintf(f, "%-12s %8llu %10.3f %10.3f %10.3f %10.3f %8llu\n", tcpd_state_name(st),
			(unsigned long long)h->n, tcpd_watch_stats_pct(s, st, 50),
			tcpd_watch_stats_pct(s, st, 90), tcpd_watch_stats_pct(s, st, 99),
			h->max_ms, (unsigned long long)h->lower_bounds);
	}
	fprintf(f, _("%-28s %10s %8s\n"), _("Change"), _("per s"), "n");
	for (o = 1; o < TCPD_STATE_MAX; o++)
		for (n = 1; n < TCPD_STATE_MAX; n++) {
			char kind[40];

			if (!s->kind[o][n])
				continue;
			snprintf(kind, sizeof(kind), "%s -> %s", tcpd_state_name(o),
				 tcpd_state_name(n));
			fprintf(f, "%-28s %10.2f %8llu\n", kind, (double)s->kind[o][n] / secs,
				(unsigned long long)s->kind[o][n]);
		}
}

void watch_summary_json(FILE *f, const struct tcpd_watch_stats *s,
			const struct tcpd_watch_counters *c, const char *mode)
{
	double secs = seconds(s);
	struct json j;
	int i, o, n;

	json_init(&j, f, 0);
	json_obj_open(&j, NULL);
	json_obj_open(&j, "summary");
	json_str(&j, "mode", mode);
	json_double(&j, "seconds", secs, 3);
	json_u64(&j, "changes", s->total);
	json_u64(&j, "lost", c->lost);
	json_u64(&j, "map_full", c->map_full);
	json_u64(&j, "start_unknown", c->no_start);
	json_u64(&j, "seeded", c->seeded);
	json_u64(&j, "samples", c->samples);
	json_obj_open(&j, "time_in");
	for (i = 0; i < TCPD_NSTATES; i++) {
		int st = tcpd_state_order[i];
		const struct tcpd_watch_hist *h = &s->state[st];

		if (!h->n && !h->lower_bounds)
			continue;
		json_obj_open(&j, tcpd_state_name(st));
		json_u64(&j, "n", h->n);
		json_double(&j, "p50_ms", tcpd_watch_stats_pct(s, st, 50), 3);
		json_double(&j, "p90_ms", tcpd_watch_stats_pct(s, st, 90), 3);
		json_double(&j, "p99_ms", tcpd_watch_stats_pct(s, st, 99), 3);
		json_double(&j, "max_ms", h->max_ms, 3);
		json_u64(&j, "lower_bounds", h->lower_bounds);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_obj_open(&j, "changes_per_s");
	for (o = 1; o < TCPD_STATE_MAX; o++)
		for (n = 1; n < TCPD_STATE_MAX; n++) {
			char kind[40];

			if (!s->kind[o][n])
				continue;
			snprintf(kind, sizeof(kind), "%s->%s", tcpd_state_name(o),
				 tcpd_state_name(n));
			json_double(&j, kind, (double)s->kind[o][n] / secs, 3);
		}
	json_obj_close(&j);
	json_obj_close(&j);
	json_obj_close(&j);
	json_end(&j);
}

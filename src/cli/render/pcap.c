// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpdoc pcap: the per-connection report, as JSON or as text. */
#include <math.h>

#include "render/pcap.h"
#include "render/sock.h"
#include "tcpdoc/i18n.h"

static void json_hops(struct json *j, const char *key, const struct tcpd_pcap_end *e,
		      int64_t start)
{
	int i;

	json_arr_open(j, key);
	for (i = 0; i < e->nhops; i++) {
		json_obj_open(j, NULL);
		json_str(j, "state", tcpd_state_name(e->hops[i].state));
		json_fixed(j, "at", e->hops[i].at - start, 6);
		json_fixed(j, "ms", e->hops[i].us, 3);
		if (e->hops[i].inferred)
			json_bool(j, "inferred", true);
		json_obj_close(j);
	}
	json_arr_close(j);
}

/* Who an event slot stands for: English in JSON, translated in text. */
static const char *const by_names[TCPD_PCAP_NBY] = {
	[TCPD_CLIENT] = N_("client"),
	[TCPD_SERVER] = N_("server"),
	[TCPD_PCAP_BY_BOTH] = N_("both"),
};

/* A side (TCPD_CLIENT, TCPD_SERVER) or event slot, for text. */
static const char *side_text(int side)
{
	return side >= 0 && side < TCPD_PCAP_NBY ? _(by_names[side]) : "?";
}

static void json_events(struct json *j, const struct tcpd_pcap_conn *c, int64_t start)
{
	int ev, by;

	json_arr_open(j, "events");
	for (ev = 0; ev < TCPD_EV_MAX; ev++)
		for (by = 0; by < TCPD_PCAP_NBY; by++) {
			const struct tcpd_pcap_event *e = &c->ev[ev][by];

			if (!e->count)
				continue;
			json_obj_open(j, NULL);
			json_str(j, "kind", tcpd_pcap_event_name(ev));
			json_str(j, "by", by_names[by]);
			json_fixed(j, "at", e->first - start, 6);
			json_u64(j, "count", e->count);
			if (tcpd_pcap_event_inferred(ev))
				json_bool(j, "inferred", true);
			json_obj_close(j);
		}
	json_arr_close(j);
}

void pcap_json_begin(struct json *j)
{
	json_init(j, stdout, 2);
	json_obj_open(j, NULL);
	json_arr_open(j, "connections");
}

void pcap_json_conn(struct json *j, const struct tcpd_pcap_conn *c, int64_t start)
{
	json_obj_open(j, NULL);
	json_u64(j, "id", c->id);
	json_endpoint(j, "client", &c->end[TCPD_CLIENT].addr, c->end[TCPD_CLIENT].port);
	json_endpoint(j, "server", &c->end[TCPD_SERVER].addr, c->end[TCPD_SERVER].port);
	json_str(j, "outcome", tcpd_pcap_outcome_name(c->outcome));
	json_str(j, "closed_first_by", tcpd_pcap_side_name(c->closed_first_by));
	json_str(j, "reset_by", tcpd_pcap_side_name(c->reset_by));
	json_bool(j, "mid_connection", c->mid);
	json_fixed(j, "first", c->first - start, 6);
	json_fixed(j, "last", c->last - start, 6);
	if (c->handshake_ms >= 0)
		json_fixed(j, "handshake_ms", llround(c->handshake_ms * 1000), 3);
	if (c->close_wait_ms >= 0)
		json_fixed(j, "close_wait_ms", llround(c->close_wait_ms * 1000), 3);
	json_obj_open(j, "bytes");
	json_u64(j, "client", c->end[TCPD_CLIENT].bytes);
	json_u64(j, "server", c->end[TCPD_SERVER].bytes);
	json_obj_close(j);
	json_obj_open(j, "ends");
	json_hops(j, "client", &c->end[TCPD_CLIENT], start);
	json_hops(j, "server", &c->end[TCPD_SERVER], start);
	json_obj_close(j);
	json_events(j, c, start);
	json_obj_close(j);
}

static void json_ranks(struct json *j, const char *key, const struct tcpd_pcap_rank *r,
		       int n, bool with_by)
{
	int i;

	json_arr_open(j, key);
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_u64(j, "id", r[i].id);
		if (with_by)
			json_str(j, "by", tcpd_pcap_side_name(r[i].by));
		json_double(j, "ms", r[i].ms, 3);
		json_obj_close(j);
	}
	json_arr_close(j);
}

void pcap_json_end(struct json *j, const struct tcpd_pcap_summary *sum,
		   const struct tcpd_pcap_counts *counts, const char *error)
{
	int i;

	json_arr_close(j);
	json_obj_open(j, "summary");
	json_u64(j, "packets", counts->packets);
	json_u64(j, "segments", counts->segments);
	json_u64(j, "not_tcp", counts->skipped);
	json_u64(j, "cut_by_snaplen", counts->cut);
	json_u64(j, "too_short", counts->too_short);
	json_u64(j, "bad_header", counts->bad);
	json_bool(j, "truncated", counts->truncated);
	json_u64(j, "time_backwards", counts->backwards);
	json_fixed(j, "time_backwards_s", counts->most_back, 6);
	json_fixed(j, "start_epoch", sum->start, 6);
	json_fixed(j, "duration_s", sum->end - sum->start, 6);
	json_u64(j, "connections", sum->connections);
	json_u64(j, "max_live", sum->max_live);
	json_obj_open(j, "outcomes");
	for (i = 0; i < TCPD_OUT_MAX; i++)
		json_u64(j, tcpd_pcap_outcome_name(i), sum->by_outcome[i]);
	json_obj_close(j);
	json_obj_open(j, "rst_by");
	json_u64(j, "client", sum->rst_by[TCPD_CLIENT]);
	json_u64(j, "server", sum->rst_by[TCPD_SERVER]);
	json_obj_close(j);
	json_ranks(j, "slowest_handshakes", sum->slow_handshakes, sum->nslow, false);
	json_ranks(j, "longest_close_wait", sum->long_close_waits, sum->nlongcw, true);
	json_obj_close(j);
	json_bool(j, "complete", !error);
	if (error)
		json_str(j, "error", error);
	json_obj_close(j);
	json_end(j);
}

/*
 * printf's "%.3f" of @us / 1e6 and of @us / 1e3, in integers where they
 * give the same digits: below 4e15 us the double is within far less than
 * 1 us of the exact value, so only a tie (500 us) or a negative time can
 * round otherwise, and those go to printf.
 */
#define EXACT_US 4000000000000000LL

static void put_secs(FILE *f, int64_t us)
{
	if (us < 0 || us >= EXACT_US || us % 1000 == 500)
		fprintf(f, "%.3f", (double)us / 1e6);
	else
		fput_fixed(f, (us + 500) / 1000, 3);
}

static void put_ms(FILE *f, int64_t us)
{
	if (us <= -EXACT_US || us >= EXACT_US)
		fprintf(f, "%.3f", (double)us / 1000.0);
	else
		fput_fixed(f, us, 3);
}

static void text_hops(FILE *f, const char *who, const struct tcpd_pcap_end *e, int64_t start)
{
	int i;

	fprintf(f, "    %-7s", who);
	for (i = 0; i < e->nhops; i++) {
		fputs_unlocked(i ? " -> " : " ", f);
		fputs_unlocked(tcpd_state_name(e->hops[i].state), f);
		putc_unlocked(' ', f);
		put_secs(f, e->hops[i].at - start);
		fputs_unlocked("s (", f);
		put_ms(f, e->hops[i].us);
		fputs_unlocked(e->hops[i].inferred ? _(" ms, inferred)") : " ms)", f);
	}
	putc_unlocked('\n', f);
}

static void text_events(FILE *f, const struct tcpd_pcap_conn *c, int64_t start)
{
	int ev, by;

	for (ev = 0; ev < TCPD_EV_MAX; ev++)
		for (by = 0; by < TCPD_PCAP_NBY; by++) {
			const struct tcpd_pcap_event *e = &c->ev[ev][by];

			if (!e->count)
				continue;
			fprintf(f, _("    event   %s by %s, %u time(s), first at %.3fs"),
				tcpd_pcap_event_name(ev), side_text(by), e->count,
				pcap_rel(e->first, start));
			fputs_unlocked(tcpd_pcap_event_inferred(ev) ? _(" (inferred)\n") : "\n", f);
		}
}

void pcap_text_conn(FILE *f, const struct tcpd_pcap_conn *c, int64_t start)
{
	char a[TCPD_ENDPOINTSTRLEN], b[TCPD_ENDPOINTSTRLEN];
	const struct tcpd_pcap_end *cl = &c->end[TCPD_CLIENT], *sv = &c->end[TCPD_SERVER];

	fprintf(f, "#%llu %s -> %s  %s", (unsigned long long)c->id,
		tcpd_endpoint_str(&cl->addr, cl->port, 0, NULL, a, sizeof(a)),
		tcpd_endpoint_str(&sv->addr, sv->port, 0, NULL, b, sizeof(b)),
		tcpd_pcap_outcome_name(c->outcome));
	if (c->closed_first_by != TCPD_NOBODY)
		fprintf(f, _(", %s closed first"), side_text(c->closed_first_by));
	fprintf(f, _(", bytes %llu / %llu\n"), (unsigned long long)cl->bytes,
		(unsigned long long)sv->bytes);
	text_hops(f, side_text(TCPD_CLIENT), cl, start);
	text_hops(f, side_text(TCPD_SERVER), sv, start);
	text_events(f, c, start);
}

void pcap_text_summary(FILE *f, const struct tcpd_pcap_summary *sum,
		       const struct tcpd_pcap_counts *counts)
{
	int i;

	fprintf(f, _("\n%llu connections in %llu packets over %.3f s (at most %llu at once):"),
		(unsigned long long)sum->connections, (unsigned long long)counts->packets,
		pcap_rel(sum->end, sum->start), (unsigned long long)sum->max_live);
	for (i = 0; i < TCPD_OUT_MAX; i++)
		if (sum->by_outcome[i])
			fprintf(f, " %s %llu", tcpd_pcap_outcome_name(i),
				(unsigned long long)sum->by_outcome[i]);
	fprintf(f, _("\nRSTs sent: client %llu, server %llu\n"),
		(unsigned long long)sum->rst_by[0], (unsigned long long)sum->rst_by[1]);
	for (i = 0; i < sum->nslow; i++)
		fprintf(f, _("slow handshake: #%llu %.3f ms\n"),
			(unsigned long long)sum->slow_handshakes[i].id, sum->slow_handshakes[i].ms);
	for (i = 0; i < sum->nlongcw; i++)
		fprintf(f, _("long CLOSE_WAIT: #%llu %s %.3f ms\n"),
			(unsigned long long)sum->long_close_waits[i].id,
			side_text(sum->long_close_waits[i].by),
			sum->long_close_waits[i].ms);
}

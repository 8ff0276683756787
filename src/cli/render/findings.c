// SPDX-License-Identifier: GPL-2.0-or-later
/* The doctor's findings, as JSON and as text for people. */
#include <string.h>

#include "render/json.h"
#include "render/findings.h"
#include "render/states.h"
#include "tcpdoc/state.h"

const char *doctor_status(const struct tcpd_doctor_result *res)
{
	static const char *const names[] = { "ok", "warning", "critical" };

	return names[doctor_exit_code(res)];
}

static void json_evidence(struct json *j, const struct tcpd_finding *f)
{
	size_t i;

	json_obj_open(j, "evidence");
	for (i = 0; i < f->nev; i++) {
		const struct tcpd_evidence *e = &f->ev[i];

		if (e->kind == TCPD_EV_U64)
			json_u64(j, e->key, e->u);
		else if (e->kind == TCPD_EV_DBL)
			json_double(j, e->key, e->d, 2);
		else
			json_str(j, e->key, e->s);
	}
	json_obj_close(j);
}

/* "owners": [{"pid", "comm", "count"}], of a finding or of its other end. */
static void json_f_owners(struct json *j, const struct tcpd_f_owner *ow, size_t n)
{
	size_t i;

	json_arr_open(j, "owners");
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_i64(j, "pid", ow[i].pid);
		json_str(j, "comm", ow[i].comm);
		json_u64(j, "count", ow[i].count);
		if (ow[i].connects)
			json_u64(j, "connects", ow[i].connects);
		json_obj_close(j);
	}
	json_arr_close(j);
}

/* The other end of the connections, when it is on this host. */
static void json_other(struct json *j, const struct tcpd_finding *f)
{
	const struct tcpd_f_end *o = &f->other;

	if (!o->count)
		return;
	json_obj_open(j, "other_end");
	json_u64(j, "count", o->count);
	json_str(j, "state", tcpd_state_name(o->state));
	json_str(j, "netns", o->netns);
	json_f_owners(j, o->owners, o->nowners);
	json_obj_close(j);
}

static void json_advice(struct json *j, const struct tcpd_finding *f)
{
	size_t i;

	json_arr_open(j, "advice");
	if (f->here[0])
		json_str(j, NULL, f->here);
	for (i = 0; i < f->nadvice; i++)
		json_str(j, NULL, f->advice[i]);
	json_arr_close(j);
}

static void json_finding(struct json *j, const struct tcpd_finding *f)
{
	size_t i;

	json_obj_open(j, NULL);
	json_str(j, "id", f->id);
	json_str(j, "severity", tcpd_severity_name(f->severity));
	json_str(j, "certainty", tcpd_certainty_name(f->certainty));
	json_str(j, "because", f->because);
	json_str(j, "summary", f->summary);
	json_u64(j, "count", f->count);
	json_f_owners(j, f->owners, f->nowners);
	if (f->owners_sample)
		json_u64(j, "owners_sample", f->owners_sample);
	json_arr_open(j, "ports");
	for (i = 0; i < f->nports; i++)
		json_u64(j, NULL, f->ports[i]);
	json_arr_close(j);
	json_str(j, "ports_side", f->ports_remote ? "remote" : "local");
	json_arr_open(j, "peers");
	for (i = 0; i < f->npeers; i++)
		json_str(j, NULL, f->peers[i]);
	json_arr_close(j);
	json_other(j, f);
	json_evidence(j, f);
	json_str(j, "look", f->look);
	json_str(j, "explanation", f->explanation ? f->explanation : "");
	json_advice(j, f);
	json_obj_close(j);
}

/* Whether connect() was watched, and what it saw or why not. */
static void json_connect_trace(struct json *j, const struct tcpd_connects *c)
{
	static const char *const states[] = { "off", "traced", "failed", "not_recorded" };

	json_obj_open(j, "connect_trace");
	json_str(j, "state", states[c->state]);
	if (c->state == TCPD_TRACE_FAILED)
		json_str(j, "why", c->why);
	if (c->state == TCPD_TRACE_DONE) {
		json_double(j, "seconds", c->seconds, 3);
		json_u64(j, "connects", c->total);
		json_u64(j, "uncounted", c->uncounted);
	}
	json_obj_close(j);
}

void render_findings_json(FILE *out, const struct tcpd_doctor_result *res)
{
	struct json j;
	size_t i;

	json_init(&j, out, 3);
	json_obj_open(&j, NULL);
	json_str(&j, "status", doctor_status(res));
	json_arr_open(&j, "findings");
	for (i = 0; i < res->findings.len; i++)
		json_finding(&j, &res->findings.f[i]);
	json_arr_close(&j);
	json_u64(&j, "total", res->counts.total);
	json_states(&j, "states", &res->counts);
	json_double(&j, "interval_s", res->r.interval, 3);
	json_str(&j, "counters", res->r.interval > 0 ? "per_second" : "since_boot");
	json_arr_open(&j, "unread");
	for (i = 0; i < res->nunread; i++)
		json_str(&j, NULL, res->unread[i]);
	json_arr_close(&j);
	json_connect_trace(&j, &res->connects);
	json_obj_close(&j);
	json_end(&j);
}

static const char *sev_label(enum tcpd_severity s, bool color, char *buf, size_t len)
{
	static const char *const words[] = { N_("INFO"), N_("WARNING"), N_("CRITICAL") };
	static const char *const colors[] = { "\033[36m", "\033[33m", "\033[1;31m" };

	if (color)
		snprintf(buf, len, "%s%s\033[0m", colors[s], _(words[s]));
	else
		snprintf(buf, len, "%s", _(words[s]));
	return buf;
}

static void text_evidence(FILE *out, const struct tcpd_finding *f)
{
	size_t i;

	for (i = 0; i < f->nev; i++) {
		const struct tcpd_evidence *e = &f->ev[i];

		fprintf(out, "      %-32s ", e->key);
		if (e->kind == TCPD_EV_U64)
			fprintf(out, "%llu\n", (unsigned long long)e->u);
		else if (e->kind == TCPD_EV_DBL)
			fprintf(out, "%.2f\n", e->d);
		else
			fprintf(out, "%s\n", e->s);
	}
}

/* Kept apart: inlined into text_who, GCC 12 under UBSan misjudged the format. */
static __attribute__((noinline)) void sample_note(FILE *out, const struct tcpd_finding *f)
{
	fprintf(out, _(" (counted in a sample of %llu of the %llu sockets)"),
		(unsigned long long)f->owners_sample, (unsigned long long)f->count);
}

/* "comm(pid)xN" sockets held; a process found by tracing: its connect() calls. */
static __attribute__((noinline)) void text_owner(FILE *out, const struct tcpd_f_owner *o)
{
	fprintf(out, " %s(%d)", o->comm, o->pid);
	if (o->count || !o->connects)
		fprintf(out, "x%llu", (unsigned long long)o->count);
	if (o->connects)
		fprintf(out, _(" (%llu connects)"), (unsigned long long)o->connects);
}

static const char *ev_str(const struct tcpd_finding *f, const char *key)
{
	size_t i;

	for (i = 0; i < f->nev; i++)
		if (f->ev[i].kind == TCPD_EV_STR && !strcmp(f->ev[i].key, key))
			return f->ev[i].s;
	return NULL;
}

/* Kept apart, like sample_note: GCC 12 under UBSan misjudges the format inlined. */
static __attribute__((noinline)) void unnamed_note(FILE *out, const char *trace)
{
	fprintf(out, _("could not be named (connect trace: %s)"), trace);
}

/* Sockets without an owner whose culprit could not be found either: said plainly. */
static void text_unnamed(FILE *out, const struct tcpd_finding *f)
{
	const char *from = ev_str(f, "owners_from"), *trace = ev_str(f, "connect_trace");

	if (f->nowners || !from || strcmp(from, "none") || !trace)
		return;
	fprintf(out, "    %s ", _("processes:"));
	unnamed_note(out, trace);
	fputc('\n', out);
}

static void text_who(FILE *out, const struct tcpd_finding *f)
{
	size_t i;

	text_unnamed(out, f);

	if (f->nowners) {
		fprintf(out, "    %s", _("processes:"));
		for (i = 0; i < f->nowners; i++)
			text_owner(out, &f->owners[i]);
		if (f->owners_sample)
			sample_note(out, f);
		fputc('\n', out);
	}
	if (f->nports) {
		fprintf(out, "    %s", f->ports_remote ? _("remote ports:") : _("local ports:"));
		for (i = 0; i < f->nports; i++)
			fprintf(out, " %u", f->ports[i]);
		fputc('\n', out);
	}
	if (f->npeers) {
		fprintf(out, "    %s", _("peers:"));
		for (i = 0; i < f->npeers; i++)
			fprintf(out, " %s", f->peers[i]);
		fputc('\n', out);
	}
}

/* "certain: 12 clients are ESTABLISHED ..." */
static __attribute__((noinline)) void text_sure(FILE *out, const struct tcpd_finding *f)
{
	static const char *const words[] = { N_("possible"), N_("likely"), N_("certain") };

	fprintf(out, "    %s %s", _("certainty:"), _(words[f->certainty]));
	if (f->because[0])
		fprintf(out, " (%s)", f->because);
	fputc('\n', out);
}

static __attribute__((noinline)) void text_other(FILE *out, const struct tcpd_finding *f)
{
	const struct tcpd_f_end *o = &f->other;
	size_t i;

	if (!o->count)
		return;
	fprintf(out, "    %s ", _("other end:"));
	fprintf(out, _("%llu in %s in namespace %s"), (unsigned long long)o->count,
		tcpd_state_name(o->state), o->netns);
	if (o->nowners)
		fprintf(out, ", %s", _("held by"));
	for (i = 0; i < o->nowners; i++)
		fprintf(out, " %s(%d)x%llu", o->owners[i].comm, o->owners[i].pid,
			(unsigned long long)o->owners[i].count);
	fputc('\n', out);
}

static void text_finding(FILE *out, const struct tcpd_finding *f, bool color)
{
	char sev[48];
	size_t i;

	fprintf(out, "%s  %s\n  %s\n", sev_label(f->severity, color, sev, sizeof(sev)),
		f->id, f->summary);
	text_sure(out, f);
	text_who(out, f);
	text_other(out, f);
	fprintf(out, "    %s\n", _("evidence:"));
	text_evidence(out, f);
	if (f->explanation)
		fprintf(out, "    %s %s\n", _("why:"), f->explanation);
	if (f->here[0])
		fprintf(out, "    %s %s\n", _("do:"), f->here);
	for (i = 0; i < f->nadvice; i++)
		fprintf(out, "    %s %s\n", _("do:"), f->advice[i]);
	if (f->look[0])
		fprintf(out, "    %s %s\n", _("look:"), f->look);
	fputc('\n', out);
}

static void headline(FILE *out, const struct tcpd_doctor_result *res)
{
	size_t i;
	int st;

	fprintf(out, _("%llu TCP sockets:"), (unsigned long long)res->counts.total);
	for (i = 0; i < TCPD_NSTATES; i++) {
		st = tcpd_state_order[i];
		if (res->counts.state[st])
			fprintf(out, " %s %llu", tcpd_state_name(st),
				(unsigned long long)res->counts.state[st]);
	}
	fputc('\n', out);
	if (res->r.interval > 0)
		fprintf(out, _("Counters are rates over %.1f s: %.0f segments/s sent, %.0f retransmitted/s, %.0f listen overflows/s.\n"),
			res->r.interval, res->r.per_sec[TCPD_C_OUT_SEGS],
			res->r.per_sec[TCPD_C_RETRANS_SEGS], res->r.per_sec[TCPD_C_LISTEN_OVERFLOWS]);
	else
		fprintf(out, _("Counters since boot (no sampling): %llu segments sent, %llu retransmitted, %llu listen overflows.\n"),
			(unsigned long long)res->k.ctr[TCPD_C_OUT_SEGS],
			(unsigned long long)res->k.ctr[TCPD_C_RETRANS_SEGS],
			(unsigned long long)res->k.ctr[TCPD_C_LISTEN_OVERFLOWS]);
	fprintf(out, _("TCP memory %llu pages, %llu orphans.\n"),
		(unsigned long long)res->k.mem_pages, (unsigned long long)res->k.orphan);
}

void render_findings_text(FILE *out, const struct tcpd_doctor_result *res, bool color)
{
	size_t i;

	if (doctor_exit_code(res) == EXIT_HEALTHY)
		fprintf(out, "%s\n", _("Nothing wrong found."));
	for (i = 0; i < res->findings.len; i++)
		text_finding(out, &res->findings.f[i], color);
	headline(out, res);
}

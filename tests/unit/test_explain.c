// SPDX-License-Identifier: GPL-2.0-or-later
/* The reference's lookup: names, spellings, numbers, suggestions. */
#include <errno.h>

#include "tap.h"
#include "tcpdoc/explain.h"
#include "tcpdoc/state.h"
#include "tcpdoc/sysctl.h"

static void find_cases(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "close-wait", "CLOSE_WAIT" }, { "CLOSE_WAIT", "CLOSE_WAIT" },
		{ "CLOSE-WAIT", "CLOSE_WAIT" }, { "estab", "ESTABLISHED" },
		{ "fin-wait-1", "FIN_WAIT1" }, { "FIN_WAIT_1", "FIN_WAIT1" },
		{ "syn-recv", "SYN_RECV" }, { "SYN_RECEIVED", "SYN_RECV" },
		{ "closed", "CLOSE" }, { "Time-Wait", "TIME_WAIT" },
		{ "ECONNREFUSED", "ECONNREFUSED" }, { "econnrefused", "ECONNREFUSED" },
		{ "111", "ECONNREFUSED" }, { "110", "ETIMEDOUT" }, { "-110", "ETIMEDOUT" },
		{ "EWOULDBLOCK", "EAGAIN" },
		{ "tcp_tw_reuse", "tcp_tw_reuse" }, { "tcp-tw-reuse", "tcp_tw_reuse" },
		{ "net.ipv4.tcp_fin_timeout", "tcp_fin_timeout" },
		{ "/proc/sys/net/core/somaxconn", "somaxconn" },
		{ "net.core.somaxconn", "somaxconn" },
		{ "handshake", "handshake" }, { "three-way-handshake", "handshake" },
		{ "SO_LINGER", "so-linger" }, { "syncookies", "syn-cookies" },
		{ "delayed_ack", "delayed-ack" }, { "diagram", "diagram" },
	};
	const struct tcpd_topic *t;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t = tcpd_explain_find(cases[i].in);
		ok(t && !strcmp(t->name, cases[i].want), "'%s' finds %s", cases[i].in,
		   cases[i].want);
	}
	ok(!tcpd_explain_find("all"), "a state group is not a topic");
	ok(!tcpd_explain_find("nonsense"), "an unknown name finds nothing");
	ok(!tcpd_explain_find(""), "an empty name finds nothing");
	ok(!tcpd_explain_find("99999"), "an unknown errno number finds nothing");
}

static void every_topic(void)
{
	const struct tcpd_topic *t;
	size_t i, n = 0;
	int s, bad = 0;

	for (i = 0; (t = tcpd_explain_at(i)); i++, n++) {
		if (!t->title || !t->text || tcpd_explain_find(t->name) != t)
			bad++;
		if (t->kind == TCPD_TOPIC_SYSCTL && (!t->path || !t->dflt || !t->advice))
			bad++;
		if (t->kind == TCPD_TOPIC_ERRNO && t->errnum <= 0)
			bad++;
	}
	ok(n >= 11 + 15 + 16 + 9 + 1, "the catalogue holds every topic (%zu)", n);
	ok(!bad, "every topic has a title and text and finds itself");
	for (s = 1; s <= TCPD_NSTATES; s++)
		ok(tcpd_explain_state(s) && tcpd_explain_state(s)->advice,
		   "state %s has a topic", tcpd_state_name(s));
}

static void suggestions(void)
{
	const struct tcpd_topic *out[3];
	size_t n;

	n = tcpd_explain_suggest("close-wiat", out, 3);
	ok(n >= 1 && !strcmp(out[0]->name, "CLOSE_WAIT"), "close-wiat suggests CLOSE_WAIT first");
	n = tcpd_explain_suggest("tcp_tw_reus", out, 3);
	ok(n >= 1 && !strcmp(out[0]->name, "tcp_tw_reuse"), "tcp_tw_reus suggests tcp_tw_reuse");
	n = tcpd_explain_suggest("ECONREFUSED", out, 3);
	ok(n >= 1 && !strcmp(out[0]->name, "ECONNREFUSED"), "ECONREFUSED suggests ECONNREFUSED");
	n = tcpd_explain_suggest("zzzzzzzzzzzzzzzz", out, 3);
	ok(n == 0, "nothing close suggests nothing");
	ok(tcpd_edit_distance("kitten", "sitting") == 3, "edit distance kitten/sitting");
	ok(tcpd_edit_distance("", "abc") == 3, "edit distance from empty");
}

static void sysctls(void)
{
	struct tcpd_err err = { 0 };
	char buf[64];

	ok(tcpd_sysctl_read("net/ipv4/ip_local_port_range", buf, sizeof(buf), &err) == 0 &&
	   strchr(buf, ' ') && !strchr(buf, '\t') && !strchr(buf, '\n'),
	   "ip_local_port_range reads as two numbers and one space ('%s')", buf);
	ok(tcpd_sysctl_read("net.core.somaxconn", buf, sizeof(buf), &err) == 0 && *buf,
	   "the dotted form reads too");
	ok(tcpd_sysctl_read("net/ipv4/tcp_no_such_thing", buf, sizeof(buf), &err) == -1 &&
	   err.kind == TCPD_E_NOENT, "a missing sysctl is NOENT");
	ok(tcpd_sysctl_read("../../etc/passwd", buf, sizeof(buf), &err) == -1 &&
	   err.kind == TCPD_E_USAGE, "a path outside /proc/sys is refused");
}

/* A sysctl's name and its file, both ways. */
static void sysctl_names(void)
{
	char buf[64], tiny[8];

	ok(tcpd_sysctl_path("net.ipv4.tcp_tw_reuse", buf, sizeof(buf)) == 0 &&
	   !strcmp(buf, "/proc/sys/net/ipv4/tcp_tw_reuse"), "name to file ('%s')", buf);
	ok(tcpd_sysctl_path("net/core/somaxconn", buf, sizeof(buf)) == 0 &&
	   !strcmp(buf, "/proc/sys/net/core/somaxconn"), "path form to file ('%s')", buf);
	ok(tcpd_sysctl_path("net/../../etc/passwd", buf, sizeof(buf)) == -1,
	   "a file outside /proc/sys is refused");
	ok(tcpd_sysctl_path("net.ipv4.tcp_tw_reuse", tiny, sizeof(tiny)) == -1,
	   "a file that does not fit is refused");
	ok(tcpd_sysctl_dotted("net/ipv4/tcp_tw_reuse", buf, sizeof(buf)) == 0 &&
	   !strcmp(buf, "net.ipv4.tcp_tw_reuse"), "path form to name ('%s')", buf);
	ok(tcpd_sysctl_dotted("/proc/sys/net/core/somaxconn", buf, sizeof(buf)) == 0 &&
	   !strcmp(buf, "net.core.somaxconn"), "file to name ('%s')", buf);
	ok(tcpd_sysctl_dotted("net/ipv4/tcp_tw_reuse", tiny, sizeof(tiny)) == -1,
	   "a name that does not fit is refused");
}

int main(void)
{
	sysctl_names();
	find_cases();
	every_topic();
	suggestions();
	sysctls();
	return tap_done();
}

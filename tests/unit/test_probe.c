// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>

#include "tap.h"
#include "tcpdoc/probe.h"

static void good(const char *s, const char *host, uint16_t port)
{
	char h[TCPD_HOSTLEN] = "";
	struct tcpd_err err = { 0 };
	uint16_t p = 0;
	int ret = tcpd_probe_parse_target(s, h, &p, &err);

	ok(!ret && !strcmp(h, host) && p == port, "'%s' is host '%s' port %u (got '%s' %u)",
	   s, host, port, h, p);
}

static void bad(const char *s)
{
	char h[TCPD_HOSTLEN];
	struct tcpd_err err = { 0 };
	uint16_t p;
	int ret = tcpd_probe_parse_target(s, h, &p, &err);

	ok(ret == -1 && err.kind == TCPD_E_USAGE && err.msg[0] && !strchr(err.msg, '\n'),
	   "'%s' refused: %s", s, err.msg);
}

static void targets(void)
{
	char longname[300];

	good("example.com:443", "example.com", 443);
	good("1.2.3.4:80", "1.2.3.4", 80);
	good("[::1]:8080", "::1", 8080);
	good("[fe80::1%lo]:22", "fe80::1%lo", 22);
	good("localhost:65535", "localhost", 65535);
	good("h:1", "h", 1);
	bad("127.0.0.1");
	bad("127.0.0.1:");
	bad("127.0.0.1:0");
	bad("127.0.0.1:70000");
	bad("127.0.0.1:99999999999999999999");
	bad("127.0.0.1:-1");
	bad("127.0.0.1:+80");
	bad("127.0.0.1: 80");
	bad("127.0.0.1:80x");
	bad("127.0.0.1:http");
	bad(":80");
	bad("");
	bad("::1:80");
	bad("[::1]");
	bad("[::1]:");
	bad("[::1]80");
	bad("[::1");
	bad("[]:80");
	memset(longname, 'a', sizeof(longname));
	strcpy(longname + 280, ":80");
	bad(longname);
}

static void classes(void)
{
	ok(tcpd_probe_classify(0) == TCPD_PROBE_OPEN, "0 is open");
	ok(tcpd_probe_classify(ECONNREFUSED) == TCPD_PROBE_REFUSED, "ECONNREFUSED is refused");
	ok(tcpd_probe_classify(ETIMEDOUT) == TCPD_PROBE_TIMEOUT, "ETIMEDOUT is timeout");
	ok(tcpd_probe_classify(EHOSTUNREACH) == TCPD_PROBE_UNREACHABLE, "EHOSTUNREACH is unreachable");
	ok(tcpd_probe_classify(ENETUNREACH) == TCPD_PROBE_UNREACHABLE, "ENETUNREACH is unreachable");
	ok(tcpd_probe_classify(ECONNRESET) == TCPD_PROBE_RESET, "ECONNRESET is reset");
	ok(tcpd_probe_classify(EADDRNOTAVAIL) == TCPD_PROBE_PORTS_EXHAUSTED,
	   "EADDRNOTAVAIL is ports_exhausted");
	ok(tcpd_probe_classify(EACCES) == TCPD_PROBE_DENIED, "EACCES is denied");
	ok(tcpd_probe_classify(EPERM) == TCPD_PROBE_DENIED, "EPERM is denied");
	ok(tcpd_probe_classify(EINVAL) == TCPD_PROBE_OTHER, "EINVAL is other");
}

static void words(void)
{
	int o, n = 0;

	for (o = 0; o < TCPD_PROBE_NOUTCOMES; o++)
		n += tcpd_probe_outcome_name(o) && tcpd_probe_outcome_label(o) &&
		     tcpd_probe_advice(o)[0];
	ok(n == TCPD_PROBE_NOUTCOMES, "every outcome has a name, a label and advice");
	is_str(tcpd_probe_outcome_name(TCPD_PROBE_TIMEOUT), "timeout", "JSON name of timeout");
}

int main(void)
{
	targets();
	classes();
	words();
	return tap_done();
}

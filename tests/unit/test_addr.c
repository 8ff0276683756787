// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <sys/socket.h>

#include "tap.h"
#include "tcpdoc/addr.h"

static struct tcpd_addr addr(const char *s)
{
	struct tcpd_prefix p;

	tcpd_prefix_parse(s, &p, NULL);
	return p.addr;
}

static void parsing(void)
{
	struct tcpd_prefix p;
	struct tcpd_err err;
	uint16_t port;

	ok(!tcpd_prefix_parse("127.0.0.1", &p, &err) && p.len == 32 &&
	   p.addr.family == AF_INET, "v4 address");
	ok(!tcpd_prefix_parse("10.0.0.0/8", &p, &err) && p.len == 8, "v4 prefix");
	ok(!tcpd_prefix_parse("[::1]", &p, &err) && p.len == 128 &&
	   p.addr.family == AF_INET6, "bracketed v6");
	ok(!tcpd_prefix_parse("fe80::/10", &p, &err) && p.len == 10, "v6 prefix");
	ok(tcpd_prefix_parse("1.2.3", &p, &err) && err.kind == TCPD_E_USAGE, "short v4 refused");
	ok(tcpd_prefix_parse("1.2.3.4/33", &p, &err) && err.kind == TCPD_E_USAGE,
	   "v4 prefix over 32 refused");
	ok(tcpd_prefix_parse("::1/129", &p, &err), "v6 prefix over 128 refused");
	ok(tcpd_prefix_parse("1.2.3.4/", &p, &err), "empty prefix length refused");
	ok(tcpd_prefix_parse("", &p, &err), "empty address refused");
	ok(!tcpd_port_parse("65535", &port, &err) && port == 65535, "port 65535");
	ok(tcpd_port_parse("70000", &port, &err) && err.kind == TCPD_E_USAGE, "port 70000 refused");
	ok(tcpd_port_parse("-1", &port, &err), "negative port refused");
	ok(tcpd_port_parse("80x", &port, &err), "trailing junk refused");
}

static void matching(void)
{
	struct tcpd_prefix p;
	struct tcpd_addr a;
	char buf[TCPD_ADDRSTRLEN];

	tcpd_prefix_parse("127.0.0.0/8", &p, NULL);
	a = addr("127.1.2.3");
	ok(tcpd_prefix_match(&p, &a), "127/8 holds 127.1.2.3");
	a = addr("128.0.0.1");
	ok(!tcpd_prefix_match(&p, &a), "127/8 lacks 128.0.0.1");
	a = addr("::ffff:127.0.0.5");
	ok(tcpd_prefix_match(&p, &a), "a v4 prefix matches v4-mapped v6");
	is_str(tcpd_addr_str(&a, buf, sizeof(buf)), "::ffff:127.0.0.5", "v4-mapped printed");
	tcpd_prefix_parse("10.1.2.3/31", &p, NULL);
	a = addr("10.1.2.2");
	ok(tcpd_prefix_match(&p, &a), "/31 holds its pair");
	a = addr("10.1.2.4");
	ok(!tcpd_prefix_match(&p, &a), "/31 lacks the next");
	tcpd_prefix_parse("::/0", &p, NULL);
	a = addr("2001:db8::1");
	ok(tcpd_prefix_match(&p, &a), "::/0 holds everything v6");
	a = addr("1.2.3.4");
	ok(!tcpd_prefix_match(&p, &a), "::/0 does not hold v4");
}

/* The one address:port formatter, as ls, watch, probe, pcap and the doctor print it. */
static void endpoints(void)
{
	char buf[TCPD_ENDPOINTSTRLEN], small[8];
	struct tcpd_addr a = addr("127.0.0.1");

	is_str(tcpd_endpoint_str(&a, 8080, 0, buf, sizeof(buf)), "127.0.0.1:8080", "v4 endpoint");
	is_str(tcpd_endpoint_str(&a, 0, 0, buf, sizeof(buf)), "127.0.0.1:0", "port 0 as a number");
	is_str(tcpd_endpoint_str(&a, 0, TCPD_EP_ANY_PORT, buf, sizeof(buf)), "127.0.0.1:*",
	       "port 0 as * for a listener's peer");
	is_str(tcpd_endpoint_str(&a, 65535, TCPD_EP_ANY_PORT, buf, sizeof(buf)), "127.0.0.1:65535",
	       "other ports stay numbers with the flag");
	a = addr("::1");
	is_str(tcpd_endpoint_str(&a, 443, 0, buf, sizeof(buf)), "[::1]:443", "v6 in brackets");
	a = addr("::ffff:10.0.0.1");
	is_str(tcpd_endpoint_str(&a, 22, 0, buf, sizeof(buf)), "[::ffff:10.0.0.1]:22",
	       "v4-mapped in brackets");
	a = addr("10.20.30.40");
	is_str(tcpd_endpoint_str(&a, 80, 0, small, sizeof(small)), "10.20.3", "cut and terminated");
}

int main(void)
{
	parsing();
	matching();
	endpoints();
	return tap_done();
}

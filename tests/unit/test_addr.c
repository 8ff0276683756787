// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <sys/socket.h>

#include <string.h>

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

	is_str(tcpd_endpoint_str(&a, 8080, 0, NULL, buf, sizeof(buf)), "127.0.0.1:8080", "v4 endpoint");
	is_str(tcpd_endpoint_str(&a, 0, 0, NULL, buf, sizeof(buf)), "127.0.0.1:0", "port 0 as a number");
	is_str(tcpd_endpoint_str(&a, 0, TCPD_EP_ANY_PORT, NULL, buf, sizeof(buf)), "127.0.0.1:*",
	       "port 0 as * for a listener's peer");
	is_str(tcpd_endpoint_str(&a, 65535, TCPD_EP_ANY_PORT, NULL, buf, sizeof(buf)), "127.0.0.1:65535",
	       "other ports stay numbers with the flag");
	a = addr("::1");
	is_str(tcpd_endpoint_str(&a, 443, 0, NULL, buf, sizeof(buf)), "[::1]:443", "v6 in brackets");
	a = addr("::ffff:10.0.0.1");
	is_str(tcpd_endpoint_str(&a, 22, 0, NULL, buf, sizeof(buf)), "[::ffff:10.0.0.1]:22",
	       "v4-mapped in brackets");
	a = addr("10.20.30.40");
	is_str(tcpd_endpoint_str(&a, 80, 0, NULL, small, sizeof(small)), "10.20.3", "cut and terminated");
	a = addr("fe80::1");
	is_str(tcpd_endpoint_str(&a, 9030, 0, "v0", buf, sizeof(buf)), "[fe80::1]%v0:9030",
	       "a scope as ss prints it");
	is_str(tcpd_endpoint_str(&a, 9030, 0, "", buf, sizeof(buf)), "[fe80::1]:9030",
	       "an empty scope prints nothing");
	a = addr("::");
	is_str(tcpd_endpoint_str(&a, 9003, TCPD_EP_DUAL_STACK, NULL, buf, sizeof(buf)), "*:9003",
	       "a dual-stack [::] as *, as ss prints it");
	is_str(tcpd_endpoint_str(&a, 0, TCPD_EP_DUAL_STACK | TCPD_EP_ANY_PORT, NULL, buf, sizeof(buf)),
	       "*:*", "its peer as *:*");
	is_str(tcpd_endpoint_str(&a, 9003, 0, NULL, buf, sizeof(buf)), "[::]:9003",
	       "a v6only [::] stays [::]");
	a = addr("0.0.0.0");
	is_str(tcpd_endpoint_str(&a, 9003, TCPD_EP_DUAL_STACK, "eth0", buf, sizeof(buf)),
	       "0.0.0.0%eth0:9003", "IPv4 any stays 0.0.0.0; a bound IPv4 socket has a scope too");
	a = addr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
	is_str(tcpd_endpoint_str(&a, 65535, 0, "abcdefghijklmnop", buf, sizeof(buf)),
	       "[ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff]%abcdefghijklmno:65535",
	       "a long endpoint fits, the scope cut to IFNAMSIZ");
}

/* "fe80::1%v0": the interface goes with the address; brackets are for IPv6. */
static void scopes(void)
{
	struct tcpd_err err = { 0 };
	struct tcpd_prefix p;

	ok(!tcpd_prefix_parse("fe80::1%v0", &p, &err) && p.addr.family == AF_INET6 &&
	   !strcmp(p.scope, "v0") && p.len == 128, "fe80::1%%v0 parses with its scope");
	ok(!tcpd_prefix_parse("[fe80::1]%2/64", &p, &err) && !strcmp(p.scope, "2") && p.len == 64,
	   "[fe80::1]%%2/64: brackets, an index and a length");
	ok(!tcpd_prefix_parse("fe80::1", &p, &err) && !p.scope[0], "no scope: empty");
	ok(tcpd_prefix_parse("fe80::1%", &p, &err) && err.kind == TCPD_E_USAGE, "an empty scope refused");
	ok(tcpd_prefix_parse("fe80::1%abcdefghijklmnopq", &p, &err), "a scope past IFNAMSIZ refused");
	ok(tcpd_prefix_parse("1.2.3.4%lo", &p, &err), "a scope on IPv4 refused");
	ok(tcpd_prefix_parse("[1.2.3.4]", &p, &err) && strstr(err.msg, "IPv6"),
	   "[1.2.3.4] refused: brackets are for IPv6 (%s)", err.msg);
	ok(tcpd_prefix_parse("1.2.3.4/ 8", &p, &err) && tcpd_prefix_parse("1.2.3.4/+8", &p, &err),
	   "a loose prefix length refused ('1.2.3.4/ 8', '/+8')");
	ok(tcpd_scope_match("", 0) && tcpd_scope_match("", 7), "no scope matches any socket");
	ok(tcpd_scope_match("7", 7) && !tcpd_scope_match("7", 8) && !tcpd_scope_match("7", 0),
	   "an index matches that interface only");
	ok(tcpd_scope_match("lo", 1) && !tcpd_scope_match("lo", 0), "a name is looked up (lo is 1)");
}

int main(void)
{
	parsing();
	matching();
	endpoints();
	scopes();
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The one /proc/net/sockstat parser: the TCP line among the others, and the real file. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kernel/sockstat.h"
#include "tap.h"

static int parse(const char *text, struct tcpd_sockstat *s)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	int ret;

	if (!f)
		return -2;
	ret = tcpd_sockstat_parse(f, s);
	fclose(f);
	return ret;
}

int main(void)
{
	struct tcpd_sockstat s = { 0 };

	ok(!parse("sockets: used 170\n"
		  "TCP: inuse 5 orphan 1 tw 7 alloc 12 mem 3\n"
		  "UDP: inuse 2 mem 1\n"
		  "FRAG: inuse 0 memory 0\n", &s) &&
	   s.inuse == 5 && s.orphan == 1 && s.tw == 7 && s.alloc == 12 && s.mem_pages == 3,
	   "the TCP line's five numbers");
	ok(!parse("TCP: inuse 18446744073709551615 orphan 0 tw 0 alloc 0 mem 0\n", &s) &&
	   s.inuse == 18446744073709551615ull, "64-bit numbers");
	ok(parse("sockets: used 3\nUDP: inuse 2 mem 1\n", &s) == -1, "no TCP line: -1");
	ok(parse("TCP: inuse 5 orphan 1\n", &s) == -1, "a short TCP line: -1");
	ok(parse("TCP6: inuse 5 orphan 1 tw 7 alloc 12 mem 3\n", &s) == -1,
	   "TCP6 (sockstat6) is not the TCP line");
	memset(&s, 0xff, sizeof(s));
	ok(!tcpd_sockstat_read(&s) && s.inuse != UINT64_MAX,
	   "this namespace's /proc/net/sockstat has a TCP line (inuse %llu)",
	   (unsigned long long)s.inuse);
	return tap_done();
}

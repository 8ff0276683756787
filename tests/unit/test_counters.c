// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel counter parsers (src/lib/kernel/kernel.c): /proc/net/netstat
 * and /proc/net/snmp ("Sect: names" / "Sect: values" pairs) and the TCP
 * line of /proc/net/sockstat, on text in the kernel's format (copied from
 * a live machine) and on malformed text.
 */
#include <stdio.h>
#include <string.h>

#include "tap.h"
#include "kernel/kernel_int.h"

static const char snmp[] =
	"Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs ReasmFails FragOKs FragFails FragCreates\n"
	"Ip: 1 64 1204 0 0 0 0 0 1204 1010 0 0 0 0 0 0 0 0 0\n"
	"Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs OutErrors OutDestUnreachs OutTimeExcds OutParmProbs OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks OutAddrMaskReps\n"
	"Icmp: 2 0 0 2 0 0 0 0 0 0 0 0 0 0 2 0 2 0 0 0 0 0 0 0 0 0 0\n"
	"Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors\n"
	"Tcp: 1 200 120000 -1 13 2 7 0 0 796 18446744073709551615 42 0 2 0\n"
	"Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors\n"
	"Udp: 37 0 0 37 0 0 0 0 0\n";

static const char netstat[] =
	"TcpExt: SyncookiesSent SyncookiesRecv SyncookiesFailed EmbryonicRsts PruneCalled RcvPruned OfoPruned OutOfWindowIcmps LockDroppedIcmps ArpFilter TW TWRecycled TWKilled PAWSActive PAWSEstab DelayedACKs DelayedACKLocked DelayedACKLost ListenOverflows ListenDrops TCPHPHits TCPTimeWaitOverflow TCPReqQFullDoCookies TCPReqQFullDrop TCPMemoryPressures TCPAbortOnMemory TCPAbortOnTimeout\n"
	"TcpExt: 3 0 1 0 0 0 0 0 0 0 11 0 0 0 0 20 0 0 17 19 535 20 4 5 6 8 9\n"
	"IpExt: InNoRoutes InTruncatedPkts InMcastPkts OutMcastPkts InBcastPkts OutBcastPkts InOctets OutOctets\n"
	"IpExt: 0 0 0 0 0 0 93460 85542\n"
	"MPTcpExt: MPCapableSYNRX MPCapableSYNTX ListenOverflows\n"
	"MPTcpExt: 0 0 99\n";

static const char sockstat[] =
	"sockets: used 12\n"
	"TCP: inuse 1 orphan 11 tw 3 alloc 13 mem 3168\n"
	"UDP: inuse 0 mem 0\n"
	"UDPLITE: inuse 0\n"
	"RAW: inuse 0\n"
	"FRAG: inuse 0 memory 0\n";

/* Parse @text with @parse into a cleared @k. */
static void parse(void (*fn)(struct tcpd_kernel *, FILE *), const char *text,
		  struct tcpd_kernel *k)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	memset(k, 0, sizeof(*k));
	if (!f) {
		ok(0, "fmemopen");
		return;
	}
	fn(k, f);
	fclose(f);
}

static int none_read(const struct tcpd_kernel *k)
{
	int i;

	for (i = 0; i < TCPD_C_MAX; i++)
		if (k->has_ctr[i] || k->ctr[i])
			return 0;
	return 1;
}

static void test_snmp(void)
{
	struct tcpd_kernel k;

	parse(tcpd_counters_parse, snmp, &k);
	ok(k.has_ctr[TCPD_C_ACTIVE_OPENS] && k.ctr[TCPD_C_ACTIVE_OPENS] == 13,
	   "snmp: Tcp ActiveOpens 13 (%llu)", (unsigned long long)k.ctr[TCPD_C_ACTIVE_OPENS]);
	ok(k.ctr[TCPD_C_ATTEMPT_FAILS] == 7 && k.ctr[TCPD_C_RETRANS_SEGS] == 42,
	   "snmp: AttemptFails 7 and RetransSegs 42, by name not position");
	ok(k.ctr[TCPD_C_OUT_SEGS] == UINT64_MAX,
	   "snmp: OutSegs holds a full 64-bit counter");
	ok(!k.has_ctr[TCPD_C_LISTEN_OVERFLOWS] && !k.has_ctr[TCPD_C_TW_OVERFLOW],
	   "snmp: TcpExt counters are not in snmp, and stay unread");
	ok(k.inuse == 0 && k.tw == 0, "snmp: sockstat fields untouched");
}

static void test_netstat(void)
{
	struct tcpd_kernel k;

	parse(tcpd_counters_parse, netstat, &k);
	ok(k.has_ctr[TCPD_C_LISTEN_OVERFLOWS] && k.ctr[TCPD_C_LISTEN_OVERFLOWS] == 17 &&
	   k.ctr[TCPD_C_LISTEN_DROPS] == 19,
	   "netstat: ListenOverflows 17, ListenDrops 19 from TcpExt, not MPTcpExt's 99 (%llu)",
	   (unsigned long long)k.ctr[TCPD_C_LISTEN_OVERFLOWS]);
	ok(k.ctr[TCPD_C_SYNCOOKIES_SENT] == 3 && k.ctr[TCPD_C_SYNCOOKIES_FAILED] == 1,
	   "netstat: SyncookiesSent 3, SyncookiesFailed 1");
	ok(k.ctr[TCPD_C_TW_OVERFLOW] == 20 && k.ctr[TCPD_C_REQQ_FULL_COOKIE] == 4 &&
	   k.ctr[TCPD_C_REQQ_FULL_DROP] == 5 && k.ctr[TCPD_C_MEM_PRESSURES] == 6 &&
	   k.ctr[TCPD_C_ABORT_ON_MEMORY] == 8 && k.ctr[TCPD_C_ABORT_ON_TIMEOUT] == 9,
	   "netstat: every TcpExt counter the doctor names");
	ok(!k.has_ctr[TCPD_C_OUT_SEGS] && !k.has_ctr[TCPD_C_ACTIVE_OPENS],
	   "netstat: Tcp counters are not in netstat, and stay unread");

	/* netstat after snmp into one struct, as tcpd_kernel_read does. */
	{
		FILE *a = fmemopen((void *)snmp, strlen(snmp), "r");
		FILE *b = fmemopen((void *)netstat, strlen(netstat), "r");

		memset(&k, 0, sizeof(k));
		if (a && b) {
			tcpd_counters_parse(&k, b);
			tcpd_counters_parse(&k, a);
		}
		ok(a && b && k.ctr[TCPD_C_LISTEN_OVERFLOWS] == 17 && k.ctr[TCPD_C_OUT_SEGS] == UINT64_MAX,
		   "netstat then snmp: both sets in one struct");
		if (a)
			fclose(a);
		if (b)
			fclose(b);
	}
}

static void test_counters_malformed(void)
{
	struct tcpd_kernel k;

	parse(tcpd_counters_parse, "", &k);
	ok(none_read(&k), "counters: an empty file reads nothing");
	parse(tcpd_counters_parse, "Tcp: ActiveOpens OutSegs\n", &k);
	ok(none_read(&k), "counters: a names line without its values reads nothing");
	parse(tcpd_counters_parse, "Tcp: ActiveOpens OutSegs\nUdp: 5 6\n", &k);
	ok(none_read(&k), "counters: values of another section are not taken");
	parse(tcpd_counters_parse, "Tcp ActiveOpens OutSegs\nTcp 5 6\n", &k);
	ok(none_read(&k), "counters: lines without a section colon are ignored");
	parse(tcpd_counters_parse, "Tcp: ActiveOpens OutSegs RetransSegs\nTcp: 5 6\n", &k);
	ok(k.ctr[TCPD_C_ACTIVE_OPENS] == 5 && k.ctr[TCPD_C_OUT_SEGS] == 6 &&
	   !k.has_ctr[TCPD_C_RETRANS_SEGS],
	   "counters: fewer values than names: the named ones read, the rest unread");
	parse(tcpd_counters_parse, "Tcp: ActiveOpens\nTcp: 5 6 7 8\n", &k);
	ok(k.ctr[TCPD_C_ACTIVE_OPENS] == 5 && !k.has_ctr[TCPD_C_OUT_SEGS],
	   "counters: extra values are ignored");
	parse(tcpd_counters_parse, "TcpExt: ListenOverflows\nTcpExt: 12", &k);
	ok(k.ctr[TCPD_C_LISTEN_OVERFLOWS] == 12, "counters: a last line without a newline still reads");
}

static void test_sockstat(void)
{
	struct tcpd_kernel k;

	parse(tcpd_sockstat_parse, sockstat, &k);
	ok(k.inuse == 1 && k.orphan == 11 && k.tw == 3 && k.alloc == 13 && k.mem_pages == 3168,
	   "sockstat: TCP inuse 1 orphan 11 tw 3 alloc 13 mem 3168");
	ok(none_read(&k), "sockstat: no counters touched");
	parse(tcpd_sockstat_parse,
	      "sockets: used 5\nTCP: inuse 2 orphan 0 tw 18446744073709551615 alloc 4 mem 7\n", &k);
	ok(k.tw == UINT64_MAX && k.inuse == 2, "sockstat: full 64-bit numbers");
	parse(tcpd_sockstat_parse, "sockets: used 5\nTCP: inuse 2 orphan 0\nTCP6: inuse 9\n", &k);
	ok(!k.inuse && !k.orphan && !k.tw && !k.alloc && !k.mem_pages,
	   "sockstat: a TCP line cut short reads nothing");
	parse(tcpd_sockstat_parse, "TCP: inuse x orphan 0 tw 0 alloc 0 mem 0\n", &k);
	ok(!k.inuse && !k.mem_pages, "sockstat: a number that is not one reads nothing");
	parse(tcpd_sockstat_parse, "TCP6: inuse 1 orphan 2 tw 3 alloc 4 mem 5\n", &k);
	ok(!k.inuse && !k.tw, "sockstat: the TCP6 line (sockstat6) is not the TCP line");
	parse(tcpd_sockstat_parse, "", &k);
	ok(!k.inuse && !k.mem_pages, "sockstat: an empty file reads nothing");
}

int main(void)
{
	test_snmp();
	test_netstat();
	test_counters_malformed();
	test_sockstat();
	return tap_done();
}

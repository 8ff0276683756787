// SPDX-License-Identifier: GPL-2.0-or-later
#include "tap.h"
#include "tcpdoc/history.h"

static void test_series(void)
{
	struct tcpd_series s = { 0 };
	uint8_t lv[TCPD_SERIES_LEN];
	size_t n;
	int i;

	ok(tcpd_series_last(&s) == 0, "an empty series reads 0");
	n = tcpd_series_levels(&s, 10, 9, lv);
	ok(n == 0, "an empty series has no levels");
	tcpd_series_push(&s, 0);
	tcpd_series_push(&s, 1);
	tcpd_series_push(&s, 8);
	tcpd_series_push(&s, 4);
	n = tcpd_series_levels(&s, 60, 9, lv);
	ok(n == 4 && lv[0] == 0 && lv[1] == 2 && lv[2] == 8 && lv[3] == 5,
	   "levels: 0 blank, max full, small non-zero at least 1 (%u %u %u %u)",
	   lv[0], lv[1], lv[2], lv[3]);
	n = tcpd_series_levels(&s, 2, 9, lv);
	ok(n == 2 && lv[0] == 8 && lv[1] == 5, "levels of the last two only");
	for (i = 0; i < TCPD_SERIES_LEN + 5; i++)
		tcpd_series_push(&s, (uint64_t)i);
	ok(s.len == TCPD_SERIES_LEN, "the series keeps %d samples", TCPD_SERIES_LEN);
	ok(tcpd_series_last(&s) == TCPD_SERIES_LEN + 4, "the last sample is the newest");
	ok(tcpd_series_at(&s, 3, 0) == TCPD_SERIES_LEN + 2, "at(3, 0) is the oldest of the last three");
}

static void test_trans(void)
{
	struct tcpd_trans t;
	struct tcpd_trans_kind k[3];
	bool rolled;
	size_t n;
	int i;

	tcpd_trans_init(&t, 1000000000ull);
	for (i = 0; i < 6; i++)
		tcpd_trans_add(&t, TCPD_ESTABLISHED, TCPD_CLOSE_WAIT);
	for (i = 0; i < 2; i++)
		tcpd_trans_add(&t, TCPD_LISTEN, TCPD_NEW_SYN_RECV);
	rolled = tcpd_trans_roll(&t, 1500000000ull, 1000000000ull);
	ok(!rolled, "no roll before the window ends");
	rolled = tcpd_trans_roll(&t, 3000000000ull, 1000000000ull);
	ok(rolled, "a roll after it");
	ok(t.rate_total == 4.0, "8 changes in 2 s: 4/s (%.2f)", t.rate_total);
	n = tcpd_trans_top(&t, k, 3);
	ok(n == 2 && k[0].old == TCPD_ESTABLISHED && k[0].new == TCPD_CLOSE_WAIT &&
	   k[0].rate == 3.0, "the busiest kind first: ESTABLISHED->CLOSE_WAIT 3/s");
	ok(n == 2 && k[1].new == TCPD_SYN_RECV, "NEW_SYN_RECV counts as SYN_RECV");
	ok(t.total == 8 && t.cur_total == 0 && tcpd_series_last(&t.hist) == 8,
	   "the window's count goes to the history");
}

static void test_key(void)
{
	struct tcpd_sock s = { .lport = 8080, .rport = 40000 };
	struct tcpd_group_key a, b;

	ok(tcpd_live_key(TCPD_BY_PROCESS, &s, NULL, &a) == NULL, "no owner map: no owner");
	tcpd_key_u64(&b, 0);
	ok(!memcmp(&a, &b, sizeof(a)), "no owner: the pid 0 group");
	tcpd_live_key(TCPD_BY_PORT, &s, NULL, &a);
	ok(tcpd_key_get_port(&a) == 8080, "by port: the local port");
	tcpd_live_key(TCPD_BY_DPORT, &s, NULL, &a);
	ok(tcpd_key_get_port(&a) == 40000, "by dport: the remote port");
}

int main(void)
{
	test_series();
	test_trans();
	test_key();
	return tap_done();
}

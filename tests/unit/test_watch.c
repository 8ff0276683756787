// SPDX-License-Identifier: GPL-2.0-or-later
/* watch's pure parts: the cookie table, path inference, duration stats. */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "tcpdoc/state.h"
#include "tcpdoc/watch.h"
#include "watch/watch_int.h"

static void test_table(void)
{
	struct tcpd_htab t;
	uint64_t i;
	bool all = true;
	int ret = watch_table_init(&t, 4);	/* ok() evaluates twice */

	ok(!ret, "table: init");
	for (i = 1; i <= 5000; i++)
		if (!watch_table_put(&t, i * 7919))
			all = false;
	ok(all && t.len == 5000, "table: 5000 inserts grow it");
	for (i = 1; i <= 5000; i += 2)
		tcpd_htab_del(&t, watch_table_get(&t, i * 7919));
	all = t.len == 2500;
	for (i = 1; i <= 5000; i++)
		if (!watch_table_get(&t, i * 7919) != (i % 2 == 1))
			all = false;
	ok(all, "table: deletes keep every other entry reachable");
	all = !watch_table_get(&t, 0) && !watch_table_put(&t, 0);
	ok(all, "table: cookie 0 is never stored");
	tcpd_htab_free(&t);
}

static bool path_is(int old, int new, bool passive, const uint8_t *want, int n)
{
	uint8_t p[8];

	return watch_infer_path(old, new, passive, p, 8) == n && !memcmp(p, want, (size_t)n);
}

static void test_infer(void)
{
	static const uint8_t active[] = { TCPD_SYN_SENT, TCPD_ESTABLISHED };
	static const uint8_t passive[] = { TCPD_SYN_RECV, TCPD_ESTABLISHED };
	static const uint8_t fin[] = { TCPD_FIN_WAIT1, TCPD_FIN_WAIT2, TCPD_TIME_WAIT };
	static const uint8_t cw[] = { TCPD_LAST_ACK, TCPD_CLOSE };
	static const uint8_t tw[] = { TCPD_CLOSE };

	ok(path_is(0, TCPD_ESTABLISHED, false, active, 2), "infer: new connected socket, active");
	ok(path_is(0, TCPD_ESTABLISHED, true, passive, 2), "infer: new child of a listener");
	ok(path_is(TCPD_ESTABLISHED, TCPD_TIME_WAIT, false, fin, 3), "infer: ESTABLISHED to TIME_WAIT");
	ok(path_is(TCPD_CLOSE_WAIT, 0, false, cw, 2), "infer: CLOSE_WAIT gone via LAST_ACK");
	ok(path_is(TCPD_TIME_WAIT, 0, false, tw, 1), "infer: TIME_WAIT gone");
}

static void test_stats(void)
{
	struct tcpd_watch_stats s;
	struct tcpd_watch_event ev = { .old = TCPD_CLOSE_WAIT, .new = TCPD_LAST_ACK };
	double p50, p99;
	int i;

	tcpd_watch_stats_init(&s, 0);
	for (i = 1; i <= 1000; i++) {
		ev.ms_in_old = i;
		tcpd_watch_stats_add(&s, &ev);
	}
	ev.lower_bound = true;
	tcpd_watch_stats_add(&s, &ev);
	p50 = tcpd_watch_stats_pct(&s, TCPD_CLOSE_WAIT, 50);
	p99 = tcpd_watch_stats_pct(&s, TCPD_CLOSE_WAIT, 99);
	ok(p50 >= 500 && p50 <= 500 * 1.125, "stats: p50 of 1..1000 ms within 12.5%%");
	ok(p99 >= 990 && p99 <= 1000, "stats: p99 within 12.5%% and never above max");
	ok(s.state[TCPD_CLOSE_WAIT].max_ms == 1000, "stats: max exact");
	ok(s.state[TCPD_CLOSE_WAIT].n == 1000 && s.state[TCPD_CLOSE_WAIT].lower_bounds == 1,
	   "stats: lower bounds counted apart");
	ok(s.kind[TCPD_CLOSE_WAIT][TCPD_LAST_ACK] == 1001, "stats: count by kind");
	ok(tcpd_watch_stats_pct(&s, TCPD_LISTEN, 50) == 0, "stats: empty state gives 0");
}

int main(void)
{
	test_table();
	test_infer();
	test_stats();
	return tap_done();
}

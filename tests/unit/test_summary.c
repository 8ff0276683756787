// SPDX-License-Identifier: GPL-2.0-or-later
#include "tap.h"
#include "tcpdoc/summary.h"

static void add_port(struct tcpd_groups *g, uint16_t port, int state, int times)
{
	struct tcpd_group_key k;

	tcpd_key_port(&k, port);
	while (times--)
		tcpd_groups_add(g, &k, state);
}

int main(void)
{
	struct tcpd_groups *g = tcpd_groups_new();
	const struct tcpd_group *top[3];
	size_t n;
	int port;

	ok(g != NULL, "groups allocated");
	add_port(g, 80, TCPD_ESTABLISHED, 5);
	add_port(g, 443, TCPD_CLOSE_WAIT, 7);
	add_port(g, 22, TCPD_ESTABLISHED, 1);
	for (port = 1000; port < 2000; port++)	/* forces growth */
		add_port(g, (uint16_t)port, TCPD_TIME_WAIT, 2);
	ok(tcpd_groups_len(g) == 1003, "1003 distinct groups (got %zu)", tcpd_groups_len(g));

	n = tcpd_groups_top(g, 0, top, 3);
	ok(n == 3 && tcpd_key_get_port(&top[0]->key) == 443 &&
	   tcpd_key_get_port(&top[1]->key) == 80, "top by total: 443, 80, ...");
	n = tcpd_groups_top(g, TCPD_ESTABLISHED, top, 3);
	ok(n == 2 && tcpd_key_get_port(&top[0]->key) == 80 &&
	   tcpd_key_get_port(&top[1]->key) == 22, "top by ESTABLISHED: only groups with some");
	ok(top[0]->counts.total == 5 && top[0]->counts.state[TCPD_ESTABLISHED] == 5,
	   "counts kept per group");
	ok(tcpd_group_by_parse("peer") == TCPD_BY_PEER && tcpd_group_by_parse("x") < 0,
	   "group names parse");
	tcpd_groups_free(g);
	return tap_done();
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The doctor's thresholds: defaults, a config file, --set overrides. */
#include <ctype.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/file.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"
#include "tcpdoc/thresholds.h"

static const struct tcpd_thr_info thr[TCPD_T_MAX] = {
	[TCPD_T_CLOSE_WAIT_WARN] = { "close_wait_warn", 10, N_("CLOSE_WAIT sockets of one process for a warning") },
	[TCPD_T_CLOSE_WAIT_CRIT] = { "close_wait_crit", 1000, N_("... for critical") },
	[TCPD_T_TIME_WAIT_SERVER_WARN] = { "time_wait_server_warn", 1000, N_("TIME_WAIT on listening ports") },
	[TCPD_T_EPHEMERAL_WARN_PCT] = { "ephemeral_warn_pct", 50, N_("sockets to one destination, percent of ip_local_port_range") },
	[TCPD_T_EPHEMERAL_CRIT_PCT] = { "ephemeral_crit_pct", 90, N_("... for critical") },
	[TCPD_T_TW_BUCKETS_WARN_PCT] = { "tw_buckets_warn_pct", 80, N_("TIME_WAIT, percent of tcp_max_tw_buckets") },
	[TCPD_T_SYN_RECV_WARN] = { "syn_recv_warn", 100, N_("SYN_RECV on one listener") },
	[TCPD_T_SYN_FLOOD_SOURCES] = { "syn_flood_sources", 20, N_("distinct sources that make SYN_RECV a flood") },
	[TCPD_T_SYN_SENT_WARN] = { "syn_sent_warn", 10, N_("SYN_SENT toward one destination") },
	[TCPD_T_SYN_SENT_SCAN_HOSTS] = { "syn_sent_scan_hosts", 50, N_("distinct hosts in SYN_SENT") },
	[TCPD_T_FIN_WAIT1_WARN] = { "fin_wait1_warn", 50, N_("FIN_WAIT1 sockets") },
	[TCPD_T_FIN_WAIT2_WARN] = { "fin_wait2_warn", 100, N_("FIN_WAIT2 sockets") },
	[TCPD_T_LAST_ACK_WARN] = { "last_ack_warn", 50, N_("LAST_ACK sockets") },
	[TCPD_T_CLOSING_WARN] = { "closing_warn", 20, N_("CLOSING sockets") },
	[TCPD_T_ORPHAN_WARN_PCT] = { "orphan_warn_pct", 50, N_("orphans, percent of tcp_max_orphans") },
	[TCPD_T_RECV_Q_BYTES] = { "recv_q_bytes", 65536, N_("Recv-Q bytes that count as a backlog") },
	[TCPD_T_RECV_Q_WARN] = { "recv_q_warn", 1, N_("sockets with such a backlog") },
	[TCPD_T_SEND_Q_RETRANS] = { "send_q_retrans", 3, N_("retransmit backoffs that count as stalled") },
	[TCPD_T_SEND_Q_WARN] = { "send_q_warn", 1, N_("stalled sockets") },
	[TCPD_T_KEEPALIVE_IDLE_S] = { "keepalive_idle_s", 3600, N_("idle seconds that make a connection long-idle") },
	[TCPD_T_KEEPALIVE_WARN] = { "keepalive_warn", 100, N_("long-idle connections without keepalive") },
	[TCPD_T_MEM_WARN_PCT] = { "mem_warn_pct", 80, N_("TCP memory, percent of tcp_mem pressure") },
	[TCPD_T_RETRANS_WARN_PCT] = { "retrans_warn_pct", 5, N_("retransmitted share of segments sent") },
	[TCPD_T_RETRANS_MIN_SEGS] = { "retrans_min_segs", 100, N_("segments/s below which the share is ignored") },
};

const struct tcpd_thr_info *tcpd_thr_info(int which)
{
	return which >= 0 && which < TCPD_T_MAX ? &thr[which] : NULL;
}

void tcpd_thresholds_init(struct tcpd_thresholds *t)
{
	int i;

	for (i = 0; i < TCPD_T_MAX; i++)
		t->v[i] = thr[i].def;
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int tcpd_thresholds_set(struct tcpd_thresholds *t, const char *kv,
			struct tcpd_err *err)
{
	char buf[128], *eq, *key, *val;
	long v;
	int i;

	snprintf(buf, sizeof(buf), "%s", kv);
	eq = strchr(buf, '=');
	if (!eq)
		return tcpd_fail(err, TCPD_E_USAGE, _("bad setting '%s': expected KEY=VALUE"), tcpd_q(kv));
	*eq = '\0';
	key = trim(buf);
	val = trim(eq + 1);
	if (!*key)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad setting '%s': the key before '=' is missing"), tcpd_q(kv));
	if (tcpd_whole_parse(val, 0, LONG_MAX, &v))
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad value '%s' for %s: expected a whole number >= 0"), tcpd_q(val), tcpd_q(key));
	for (i = 0; i < TCPD_T_MAX; i++)
		if (!strcmp(key, thr[i].key)) {
			t->v[i] = v;
			return 0;
		}
	return tcpd_fail(err, TCPD_E_USAGE,
			 _("unknown setting '%s'; see docs/findings.md for the keys"), tcpd_q(key));
}

/* One line of a config file, @n counting from 1; comments and blanks pass. */
static int load_line(struct tcpd_thresholds *t, const char *path, int n, char *line,
		     struct tcpd_err *err)
{
	char why[400], *s = strchr(line, '#');

	if (s)
		*s = '\0';
	s = trim(line);
	if (!*s || !tcpd_thresholds_set(t, s, err))
		return 0;
	snprintf(why, sizeof(why), "%.300s", err->msg);
	return tcpd_fail(err, TCPD_E_INPUT, "%s:%d: %s", tcpd_q(path), n, why);
}

/*
 * /dev/null stands for "no config file" (the tests and scripts use it). A
 * NUL byte ends its line, not the file.
 */
int tcpd_thresholds_load(struct tcpd_thresholds *t, const char *path,
			 int must_exist, struct tcpd_err *err)
{
	unsigned int flags = TCPD_FILE_NULL_OK | (must_exist ? 0 : TCPD_FILE_MISSING_OK);
	char *buf, *p, *nl, *end;
	size_t len;
	int n = 0, ret;

	err->msg[0] = '\0';
	ret = tcpd_file_read(path, flags, &buf, &len, err);
	if (ret)
		return ret > 0 ? 0 : -1;
	for (p = buf, end = buf + len; !ret && p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		*nl = '\0';
		ret = load_line(t, path, ++n, p, err);
	}
	free(buf);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* The doctor's thresholds: defaults, a config file, --set overrides. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

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

/* A config file is a few lines: anything bigger is not one (/dev/zero never ends). */
#define CONFIG_MAX (64 * 1024)

/* /dev/null stands for "no config file" (the tests and scripts use it). */
static bool is_dev_null(const struct stat *st)
{
	return S_ISCHR(st->st_mode) && major(st->st_rdev) == 1 && minor(st->st_rdev) == 3;
}

static int not_config(const char *path, struct stat *st, struct tcpd_err *err)
{
	if (!S_ISREG(st->st_mode) && !is_dev_null(st))
		return tcpd_fail(err, TCPD_E_INPUT, _("cannot read %s: not a regular file"),
				 tcpd_q(path));
	if (st->st_size > CONFIG_MAX)
		return tcpd_fail(err, TCPD_E_INPUT,
				 _("cannot read %s: %lld bytes is too big for a config file (at most %d)"),
				 tcpd_q(path), (long long)st->st_size, CONFIG_MAX);
	return 0;
}

/*
 * Only a regular file of at most CONFIG_MAX bytes, or /dev/null. O_NONBLOCK,
 * so that a FIFO is refused rather than waited on. NULL with @err filled, or NULL
 * and *@absent when the file is missing and may be.
 */
static FILE *open_config(const char *path, int must_exist, bool *absent, struct tcpd_err *err)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	FILE *f;

	*absent = fd < 0 && errno == ENOENT && !must_exist;
	if (fd < 0) {
		if (!*absent)
			tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(path));
		return NULL;
	}
	if (fstat(fd, &st))
		tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(path));
	else if (!not_config(path, &st, err) && (f = fdopen(fd, "r")))
		return f;
	else if (!err->msg[0])
		tcpd_fail_errno(err, errno, _("cannot read %s"), tcpd_q(path));
	close(fd);
	return NULL;
}

int tcpd_thresholds_load(struct tcpd_thresholds *t, const char *path,
			 int must_exist, struct tcpd_err *err)
{
	char *line = NULL, *s, why[400];
	size_t cap = 0;
	int n = 0, ret = 0;
	size_t total = 0;
	ssize_t len;
	bool absent;
	FILE *f;

	err->msg[0] = '\0';
	f = open_config(path, must_exist, &absent, err);
	if (!f)
		return absent ? 0 : -1;
	while ((len = getline(&line, &cap, f)) > 0) {
		n++;
		/* A file that grows after fstat (or a /proc file, size 0) is cut too. */
		total += (size_t)len;
		if (total > CONFIG_MAX) {
			ret = tcpd_fail(err, TCPD_E_INPUT, _("cannot read %s: too big for a config file (at most %d bytes)"),
					tcpd_q(path), CONFIG_MAX);
			break;
		}
		s = strchr(line, '#');
		if (s)
			*s = '\0';
		s = trim(line);
		if (!*s || !tcpd_thresholds_set(t, s, err))
			continue;
		snprintf(why, sizeof(why), "%.300s", err->msg);
		ret = tcpd_fail(err, TCPD_E_INPUT, "%s:%d: %s", tcpd_q(path), n, why);
		break;
	}
	free(line);
	fclose(f);
	return ret;
}

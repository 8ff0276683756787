/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_THRESHOLDS_H
#define TCPD_THRESHOLDS_H

#include "tcpdoc/err.h"

/*
 * The doctor's thresholds: defaults, overridden by /etc/tcpdoc.conf
 * ("key = value" lines, '#' comments) and then by --set key=value.
 */
enum tcpd_thr {
	TCPD_T_CLOSE_WAIT_WARN,
	TCPD_T_CLOSE_WAIT_CRIT,
	TCPD_T_TIME_WAIT_SERVER_WARN,
	TCPD_T_EPHEMERAL_WARN_PCT,
	TCPD_T_EPHEMERAL_CRIT_PCT,
	TCPD_T_TW_BUCKETS_WARN_PCT,
	TCPD_T_SYN_RECV_WARN,
	TCPD_T_SYN_FLOOD_SOURCES,
	TCPD_T_SYN_SENT_WARN,
	TCPD_T_SYN_SENT_SCAN_HOSTS,
	TCPD_T_FIN_WAIT1_WARN,
	TCPD_T_FIN_WAIT2_WARN,
	TCPD_T_LAST_ACK_WARN,
	TCPD_T_CLOSING_WARN,
	TCPD_T_ORPHAN_WARN_PCT,
	TCPD_T_RECV_Q_BYTES,
	TCPD_T_RECV_Q_WARN,
	TCPD_T_SEND_Q_RETRANS,
	TCPD_T_SEND_Q_WARN,
	TCPD_T_KEEPALIVE_IDLE_S,
	TCPD_T_KEEPALIVE_WARN,
	TCPD_T_MEM_WARN_PCT,
	TCPD_T_RETRANS_WARN_PCT,
	TCPD_T_RETRANS_MIN_SEGS,
	TCPD_T_MAX,
};

struct tcpd_thresholds {
	long v[TCPD_T_MAX];
};

struct tcpd_thr_info {
	const char *key;
	long def;
	const char *help;	/* N_() */
};

const struct tcpd_thr_info *tcpd_thr_info(int which);
void tcpd_thresholds_init(struct tcpd_thresholds *t);

/* "key=value" (spaces allowed around '='). */
int tcpd_thresholds_set(struct tcpd_thresholds *t, const char *kv,
			struct tcpd_err *err);

/*
 * Apply a config file. A missing file is fine when @must_exist is false;
 * a bad line fails with "FILE:LINE: why".
 */
int tcpd_thresholds_load(struct tcpd_thresholds *t, const char *path,
			 int must_exist, struct tcpd_err *err);

#endif

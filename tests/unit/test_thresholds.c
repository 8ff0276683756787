// SPDX-License-Identifier: GPL-2.0-or-later
/* Thresholds: defaults, --set, and the config file. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "tap.h"
#include "tcpdoc/thresholds.h"

static const char *write_tmp(const char *text)
{
	static char path[32];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/tmp/tcpd-thr-XXXXXX");
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f)
		abort();
	fputs(text, f);
	fclose(f);
	return path;
}

int main(void)
{
	struct tcpd_thresholds t;
	struct tcpd_err err = { 0 };
	const char *p;

	tcpd_thresholds_init(&t);
	ok(t.v[TCPD_T_CLOSE_WAIT_WARN] == 10, "close_wait_warn defaults to 10");
	ok(!tcpd_thresholds_set(&t, "close_wait_warn=100", &err) &&
	   t.v[TCPD_T_CLOSE_WAIT_WARN] == 100, "--set close_wait_warn=100");
	ok(!tcpd_thresholds_set(&t, " syn_sent_warn = 3 ", &err) &&
	   t.v[TCPD_T_SYN_SENT_WARN] == 3, "spaces around '='");
	ok(tcpd_thresholds_set(&t, "no_such_key=1", &err) && err.kind == TCPD_E_USAGE,
	   "unknown key is a usage error");
	ok(tcpd_thresholds_set(&t, "close_wait_warn=-1", &err), "negative value refused");
	ok(tcpd_thresholds_set(&t, "close_wait_warn", &err), "missing '=' refused");

	p = write_tmp("# comment\n\nclose_wait_crit = 7  # trailing\nrecv_q_bytes=1\n");
	ok(!tcpd_thresholds_load(&t, p, 1, &err) && t.v[TCPD_T_CLOSE_WAIT_CRIT] == 7 &&
	   t.v[TCPD_T_RECV_Q_BYTES] == 1, "config file with comments");
	unlink(p);
	p = write_tmp("close_wait_crit = 7\nbogus line\n");
	ok(tcpd_thresholds_load(&t, p, 1, &err) && err.kind == TCPD_E_INPUT &&
	   strstr(err.msg, ":2:"), "bad line names FILE:LINE (%s)", err.msg);
	unlink(p);
	ok(!tcpd_thresholds_load(&t, "/nonexistent/tcpdoc.conf", 0, &err),
	   "a missing default file is fine");
	ok(tcpd_thresholds_load(&t, "/nonexistent/tcpdoc.conf", 1, &err),
	   "a missing --config file is an error");
	return tap_done();
}

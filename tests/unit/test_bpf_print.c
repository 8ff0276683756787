// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libbpf's print hook is process-wide: every library call that sets its
 * own (the socket iterator, the owner iterator, watch's loader) gives the
 * caller's back. Root, BTF and BPF support are needed to load the programs.
 */
#include <stdarg.h>
#include <string.h>

#include "tap.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/sock.h"
#include "tcpdoc/watch.h"

#if TCPD_HAVE_BPF
#include <bpf/libbpf.h>

static int mine(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int ignore(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	(void)s;
	(void)arg;
	(void)err;
	return 0;
}

/* After @what, is the hook still ours? Installs it again for the next. */
static void hook_kept(const char *what, int ret, const char *msg)
{
	libbpf_print_fn_t now = libbpf_set_print(mine);

	ok(ret == 0, "%s ran (%s)", what, ret ? msg : "ok");
	ok(now == mine, "%s gives the caller's libbpf print hook back", what);
}

int main(void)
{
	struct tcpd_query q = { .tuple_only = true };
	struct tcpd_watch_opts wo = { .mode = TCPD_WATCH_BPF };
	struct tcpd_err err = { 0 };
	struct tcpd_owners *o = tcpd_owners_new();
	struct tcpd_watch *w = NULL;
	int ret;

	memset(&wo.filter, 0xff, sizeof(wo.filter));	/* -1: any port */
	wo.filter.family = 0;
	wo.filter.states = 0;
	wo.filter.pid = 0;
	libbpf_set_print(mine);
	ret = tcpd_dump(TCPD_SRC_BPF, &q, ignore, NULL, &err);
	hook_kept("the BPF socket iterator", ret, err.msg);
	ret = o ? tcpd_owners_scan(o, TCPD_OWN_BPF, &err) : -1;
	hook_kept("the BPF owner scan", ret, err.msg);
	ret = tcpd_watch_open(&w, &wo, &err);
	tcpd_watch_close(w);
	hook_kept("watch's BPF loader", ret, err.msg);
	tcpd_owners_free(o);
	return tap_done();
}

#else

int main(void)
{
	ok(0, "libbpf's print hook: tcpdoc was built without BPF");
	return tap_done();
}

#endif

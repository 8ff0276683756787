// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket table through the iter/tcp BPF iterator (src/bpf/sockiter.bpf.c):
 * the program filters by state and family in the kernel and writes one
 * fixed-size record per socket; we read them in large chunks. It walks the
 * namespace this process is in when the iterator is created. No timers and
 * no tcp_info: queries that need them go to sock_diag. Root and BTF.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "core/bpf_iter.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/sock.h"
#include "tcpdoc/state.h"

#if TCPD_HAVE_BPF
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/sockiter.h"
#include "sockiter.skel.h"

struct tcpd_iter {
	struct sockiter_skel *skel;
	struct bpf_link *link;
	int fd;
};

struct iter_ctx {
	tcpd_sock_cb cb;
	void *arg;
	struct tcpd_sock rec;
};

static uint32_t kernel_states(const struct tcpd_query *q)
{
	uint32_t states = q->states ? q->states : TCPD_STATES_ALL;

	/* Request sockets are TCP_NEW_SYN_RECV inside the kernel. */
	if (states & TCPD_STATE_BIT(TCPD_SYN_RECV))
		states |= TCPD_STATE_BIT(TCPD_NEW_SYN_RECV);
	return states;
}

static int iter_load(struct tcpd_iter *it, const struct tcpd_query *q,
		     struct tcpd_err *err)
{
	it->skel = sockiter_skel__open();
	if (!it->skel)
		return tcpd_fail_errno(err, errno, _("cannot load the BPF socket iterator"));
	it->skel->rodata->state_mask = kernel_states(q);
	it->skel->rodata->family = (__u32)q->family;
	it->skel->rodata->tuple_only = q->tuple_only;
	if (sockiter_skel__load(it->skel))
		return tcpd_fail_errno(err, errno, _("cannot load the BPF socket iterator"));
	it->link = bpf_program__attach_iter(it->skel->progs.sockiter, NULL);
	if (!it->link)
		return tcpd_fail_errno(err, errno, _("cannot attach the BPF socket iterator"));
	/* The iterator walks the namespace current is in at this call. */
	it->fd = bpf_iter_create(bpf_link__fd(it->link));
	if (it->fd < 0)
		return tcpd_fail_errno(err, errno, _("cannot start the BPF socket iterator"));
	return 0;
}

static void iter_close(struct tcpd_iter *it)
{
	if (it->fd >= 0)
		close(it->fd);
	bpf_link__destroy(it->link);
	sockiter_skel__destroy(it->skel);
}

static void fill(struct tcpd_sock *s, const struct sockiter_rec *r)
{
	tcpd_addr_set(&s->local, r->family, r->laddr);
	tcpd_addr_set(&s->remote, r->family, r->raddr);
	s->lport = r->lport;
	s->rport = r->rport;
	s->state = (uint8_t)tcpd_state_user(r->state);
	s->recv_q = r->recv_q;
	s->send_q = r->send_q;
	s->uid = r->uid;
	s->inode = r->inode;
	s->cookie = r->cookie;
	s->ifindex = r->ifindex;
	s->v6only = r->v6only;	/* 0, 1 + v6only: TCPD_V6ONLY_* */
}

static int take(const void *recs, size_t n, void *arg, struct tcpd_err *err)
{
	const struct sockiter_rec *r = recs;
	struct iter_ctx *ctx = arg;
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		fill(&ctx->rec, &r[i]);
		ret = ctx->cb(&ctx->rec, ctx->arg, err);
		if (ret < 0)
			return -1;	/* @err says why */
		if (ret > 0)
			return 1;
	}
	return 0;
}

int tcpd_iter_dump(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		   struct tcpd_err *err)
{
	libbpf_print_fn_t old = libbpf_set_print(tcpd_bpf_quiet);
	struct tcpd_iter it = { .fd = -1 };
	struct iter_ctx ctx = { .cb = cb, .arg = arg };
	int ret;

	ret = iter_load(&it, q, err);
	libbpf_set_print(old);
	if (!ret)
		ret = tcpd_bpf_iter_read(it.fd, sizeof(struct sockiter_rec), take, &ctx,
					 _("reading the BPF socket iterator failed"), err);
	iter_close(&it);
	return ret;
}

#else

int tcpd_iter_dump(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		   struct tcpd_err *err)
{
	(void)q;
	(void)cb;
	(void)arg;
	return tcpd_fail(err, TCPD_E_IO, _("the BPF socket iterator is not built in"));
}

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket table through NETLINK_SOCK_DIAG (linux/inet_diag.h): one dump
 * per address family, the state mask sent to the kernel, each message turned
 * into a struct tcpd_sock and handed to the caller's callback.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <libmnl/libmnl.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/sock.h"
#include "tcpdoc/state.h"

/*
 * The kernel fills at most one 32 KiB skb per recvmsg() during a dump
 * (netlink_recvmsg caps max_recvmsg_len), so a larger read buffer only
 * wastes cache; the socket's receive buffer is raised so nothing is dropped.
 */
#define DIAG_READ_BUF (64 * 1024)
#define DIAG_SOCK_BUF (1024 * 1024)

struct diag_ctx {
	tcpd_sock_cb cb;
	void *arg;
	struct tcpd_query *q;
	struct tcpd_sock rec;
};

static int diag_open(struct tcpd_err *err)
{
	int fd, size = DIAG_SOCK_BUF;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0)
		return tcpd_fail_errno(err, errno, _("cannot open a sock_diag netlink socket"));
	/* FORCE works for root and goes past rmem_max; fall back quietly. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		tcpd_fail_errno(err, errno, _("cannot bind the sock_diag socket"));
		close(fd);
		return -1;
	}
	return fd;
}

static void put_v2(struct nlmsghdr *nlh, int family, uint32_t states, bool info)
{
	struct inet_diag_req_v2 *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));

	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = IPPROTO_TCP;
	req->idiag_states = states;
	if (info)
		req->idiag_ext |= 1 << (INET_DIAG_INFO - 1);
}

/*
 * Both families in one walk: the old TCPDIAG_GETSOCK request dumps with
 * AF_UNSPEC inside the kernel, and IPv4 and IPv6 share one hash table, so
 * this halves the kernel's work, which is most of a dump's cost.
 */
static void put_compat(struct nlmsghdr *nlh, uint32_t states, bool info)
{
	struct inet_diag_req *req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));

	nlh->nlmsg_type = TCPDIAG_GETSOCK;
	req->idiag_family = AF_INET;
	req->idiag_states = states;
	if (info)
		req->idiag_ext |= 1 << (INET_DIAG_INFO - 1);
}

/* @family 0: both, in one dump. */
static int diag_request(int fd, int family, const struct tcpd_query *q,
			struct tcpd_err *err)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	uint32_t states = q->states ? q->states : TCPD_STATES_ALL;

	/* Request sockets are TCP_NEW_SYN_RECV inside the kernel. */
	if (states & TCPD_STATE_BIT(TCPD_SYN_RECV))
		states |= TCPD_STATE_BIT(TCPD_NEW_SYN_RECV);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = (uint32_t)family + 1;
	if (family)
		put_v2(nlh, family, states, q->want_info);
	else
		put_compat(nlh, states, q->want_info);

	if (send(fd, nlh, nlh->nlmsg_len, 0) < 0)
		return tcpd_fail_errno(err, errno, _("cannot send the sock_diag request"));
	return 0;
}

/* The attributes: tcp_info, and v6only for IPv6 listeners and unbound sockets. */
static void fill_attrs(struct tcpd_sock *s, const struct nlmsghdr *nlh,
		       const struct inet_diag_msg *m)
{
	const struct nlattr *attr;

	s->has_info = false;
	s->v6only = TCPD_V6ONLY_UNKNOWN;
	mnl_attr_for_each(attr, nlh, sizeof(*m)) {
		size_t len;

		if (mnl_attr_get_type(attr) == INET_DIAG_SKV6ONLY &&
		    mnl_attr_get_payload_len(attr) >= 1) {
			s->v6only = mnl_attr_get_u8(attr) ? TCPD_V6ONLY_YES : TCPD_V6ONLY_NO;
			continue;
		}
		if (mnl_attr_get_type(attr) != INET_DIAG_INFO)
			continue;
		/* Older kernels send a shorter struct; zero what they lack. */
		len = mnl_attr_get_payload_len(attr);
		if (len > sizeof(s->info))
			len = sizeof(s->info);
		memset(&s->info, 0, sizeof(s->info));
		memcpy(&s->info, mnl_attr_get_payload(attr), len);
		s->has_info = true;
	}
}

static int diag_record(const struct nlmsghdr *nlh, struct diag_ctx *ctx,
		       struct tcpd_err *err)
{
	const struct inet_diag_msg *m = mnl_nlmsg_get_payload(nlh);
	struct tcpd_sock *s = &ctx->rec;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*m))
		return 0;
	tcpd_addr_set(&s->local, m->idiag_family, m->id.idiag_src);
	tcpd_addr_set(&s->remote, m->idiag_family, m->id.idiag_dst);
	s->lport = ntohs(m->id.idiag_sport);
	s->rport = ntohs(m->id.idiag_dport);
	s->state = (uint8_t)tcpd_state_user(m->idiag_state);
	s->timer = m->idiag_timer;
	s->retrans = m->idiag_retrans;
	s->expires_ms = m->idiag_expires;
	s->recv_q = m->idiag_rqueue;
	s->send_q = m->idiag_wqueue;
	s->uid = m->idiag_uid;
	s->inode = m->idiag_inode;
	s->cookie = (uint64_t)m->id.idiag_cookie[1] << 32 | m->id.idiag_cookie[0];
	s->ifindex = m->id.idiag_if;
	fill_attrs(s, nlh, m);
	return ctx->cb(s, ctx->arg, err);
}

/* Returns 1 at NLMSG_DONE, 0 to read on, >1 stopped by the callback, <0 error. */
static int diag_batch(const void *buf, int len, uint32_t seq,
		      struct diag_ctx *ctx, struct tcpd_err *err)
{
	const struct nlmsghdr *nlh = buf;
	int ret;

	for (; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_seq != seq)
			continue;
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			ctx->q->interrupted = true;
		if (nlh->nlmsg_type == NLMSG_DONE)
			return 1;
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

			return tcpd_fail_errno(err, -e->error, _("sock_diag dump failed"));
		}
		ret = diag_record(nlh, ctx, err);
		if (ret < 0)
			return -1;	/* @err says why */
		if (ret > 0)
			return 2;
	}
	return 0;
}

static int diag_dump_family(int fd, int family, const struct tcpd_query *q,
			    struct diag_ctx *ctx, char *buf, struct tcpd_err *err)
{
	int ret;

	if (diag_request(fd, family, q, err))
		return -1;
	for (;;) {
		ssize_t n = recv(fd, buf, DIAG_READ_BUF, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS)
			return tcpd_fail(err, TCPD_E_IO,
					 _("sock_diag: the netlink receive buffer overflowed; the table would be incomplete"));
		if (n < 0)
			return tcpd_fail_errno(err, errno, _("sock_diag: receive failed"));
		if (n == 0)
			return tcpd_fail(err, TCPD_E_IO, _("sock_diag: the kernel closed the dump early"));
		ret = diag_batch(buf, (int)n, (uint32_t)family + 1, ctx, err);
		if (ret)
			return ret < 0 ? -1 : ret - 1;
	}
}

int tcpd_diag_dump(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		   struct tcpd_err *err)
{
	struct diag_ctx ctx = { .cb = cb, .arg = arg, .q = q };
	char *buf = NULL;
	int fd, ret = -1;

	fd = diag_open(err);
	if (fd < 0)
		return -1;
	buf = malloc(DIAG_READ_BUF);
	if (!buf) {
		tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		goto out;
	}
	ret = diag_dump_family(fd, q->family, q, &ctx, buf, err);
out:
	free(buf);
	close(fd);
	return ret < 0 ? -1 : 0;
}

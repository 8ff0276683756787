// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket table from inside the kernel: an iter/tcp program visits every
 * TCP socket of the namespace the iterator was created in (listeners, then
 * the established hash with TIME_WAIT and request sockets) and writes one
 * struct sockiter_rec per socket that passes the state and family filter.
 * The fields are those sock_diag reports (net/ipv4/tcp_diag.c).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "sockiter.h"

#define AF_INET 2
#define AF_INET6 10
#define TCP_TIME_WAIT 6
#define TCP_CLOSE 7
#define TCP_LISTEN 10

char LICENSE[] SEC("license") = "GPL";

/* Set before load: a mask of 1 << state (0: all), and 0 or a family. */
const volatile __u32 state_mask = 0;
const volatile __u32 family = 0;
/* Only what struct sock_common holds: state, addresses, ports. */
const volatile bool tuple_only = 0;

static void put_addrs(struct sockiter_rec *r, const struct sock_common *skc)
{
	if (r->family == AF_INET6) {
		__builtin_memcpy(r->laddr, &skc->skc_v6_rcv_saddr, 16);
		__builtin_memcpy(r->raddr, &skc->skc_v6_daddr, 16);
		return;
	}
	__builtin_memcpy(r->laddr, &skc->skc_rcv_saddr, 4);
	__builtin_memcpy(r->raddr, &skc->skc_daddr, 4);
}

/* sock_i_ino(): the inode around sk_socket (SOCK_INODE), 0 for orphans. */
static __u64 sock_ino(const struct sock *sk)
{
	struct socket *sock = sk->sk_socket;
	struct socket_alloc *sa;

	if (!sock)
		return 0;
	/* container_of(): struct socket is the first member of socket_alloc. */
	if (bpf_core_field_offset(struct socket_alloc, socket) != 0)
		return BPF_CORE_READ(sock, file, f_inode, i_ino);
	sa = (struct socket_alloc *)sock;
	return BPF_CORE_READ(sa, vfs_inode.i_ino);
}

/* Queues, uid and inode: full sockets only, as tcp_diag_get_info fills them. */
static void put_full(struct sockiter_rec *r, struct tcp_sock *tp)
{
	struct sock *sk = &tp->inet_conn.icsk_inet.sk;
	int rq;

	if (r->state == TCP_LISTEN) {
		r->recv_q = sk->sk_ack_backlog;
		r->send_q = sk->sk_max_ack_backlog;
	} else {
		rq = (int)(tp->rcv_nxt - tp->copied_seq);
		r->recv_q = rq > 0 ? rq : 0;
		r->send_q = tp->write_seq - tp->snd_una;
	}
	r->uid = sk->sk_uid.val;
	r->inode = sock_ino(sk);
}

/*
 * The state sock_diag reports: a time-wait mini-socket stands for either a
 * real TIME_WAIT or an orphaned FIN_WAIT2 the kernel parked in one (a
 * client that close()d while its peer sits in CLOSE_WAIT); its substate
 * says which (inet_diag's tw_substate).
 */
static __u8 diag_state(struct sock_common *skc)
{
	struct tcp_timewait_sock *tw;

	if (skc->skc_state != TCP_TIME_WAIT)
		return skc->skc_state;
	tw = bpf_skc_to_tcp_timewait_sock(skc);
	return tw ? tw->tw_sk.tw_substate : TCP_TIME_WAIT;
}

SEC("iter/tcp")
int sockiter(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;
	struct sockiter_rec r = {};
	struct tcp_sock *tp;

	if (!skc)
		return 0;
	r.state = diag_state(skc);
	r.family = skc->skc_family;
	if (state_mask && !(state_mask & (1u << (r.state & 31))))
		return 0;
	if (family && r.family != family)
		return 0;
	put_addrs(&r, skc);
	r.lport = skc->skc_num;
	r.rport = bpf_ntohs(skc->skc_dport);
	r.ifindex = skc->skc_bound_dev_if;
	/* Where sock_diag says it (inet_diag_msg_attrs_fill), and nowhere else. */
	if (r.family == AF_INET6 && (r.state == TCP_LISTEN || r.state == TCP_CLOSE))
		r.v6only = 1 + BPF_CORE_READ_BITFIELD(skc, skc_ipv6only);
	if (tuple_only)
		goto out;
	r.cookie = bpf_get_socket_cookie(skc);
	tp = bpf_skc_to_tcp_sock(skc);
	if (tp)
		put_full(&r, tp);
out:
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

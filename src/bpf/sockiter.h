/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The record sockiter.bpf.c writes and src/lib/source/iter_tcp.c reads. */
#ifndef TCPD_BPF_SOCKITER_H
#define TCPD_BPF_SOCKITER_H

/*
 * One per socket, fixed size, so the iterator's seq_file hands out whole
 * records. Addresses are in network order as the kernel keeps them (IPv4
 * in the first four bytes); ports in host order.
 */
struct sockiter_rec {
	__u8 laddr[16];
	__u8 raddr[16];
	__u64 inode;		/* 0: no socket (TIME_WAIT, request, orphan) */
	__u64 cookie;
	__u32 recv_q;		/* LISTEN: accept queue */
	__u32 send_q;		/* LISTEN: backlog */
	__u32 uid;
	__u16 lport;
	__u16 rport;
	__u8 family;		/* AF_INET or AF_INET6 */
	__u8 state;		/* skc_state: TCP_NEW_SYN_RECV not folded */
	__u8 v6only;		/* IPv6 LISTEN or CLOSE: 1 + skc_ipv6only; else 0 */
	__u8 pad;
	__u32 ifindex;		/* skc_bound_dev_if */
};

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_BPF_OWNERS_H
#define TCPD_BPF_OWNERS_H

/* One record per socket fd, written by owners.bpf.c into the iterator. */
struct owner_event {
	__u64 inode;
	__u32 pid;	/* tgid */
	__u32 fd;
	char comm[16];
};

#endif

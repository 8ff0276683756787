// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The owner map from inside the kernel: an iter/task_file program visits
 * every open file of every process (threads sharing their leader's file
 * table are skipped by the iterator) and writes one record per socket.
 * One read() of the iterator replaces a readlink() per fd in /proc.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "owners.h"

#define S_IFMT 00170000
#define S_IFSOCK 0140000

char LICENSE[] SEC("license") = "GPL";

SEC("iter/task_file")
int owners(struct bpf_iter__task_file *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	struct owner_event ev = {};
	struct inode *inode;

	if (!task || !file)
		return 0;
	inode = file->f_inode;
	if (!inode || (inode->i_mode & S_IFMT) != S_IFSOCK)
		return 0;
	ev.inode = inode->i_ino;
	ev.pid = task->tgid;
	ev.fd = ctx->fd;
	__builtin_memcpy(ev.comm, task->comm, sizeof(ev.comm));
	bpf_seq_write(seq, &ev, sizeof(ev));
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_OWNERS_IMPL_H
#define TCPD_OWNERS_IMPL_H

/* Shared between the owner map and the scanners that fill it. */
#include "tcpdoc/owners.h"
#include "core/u64map.h"

struct owner_rec {
	uint64_t inode;
	struct tcpd_owner own;
};

struct tcpd_owners {
	struct u64map wanted;		/* inode -> 1; empty: every socket */
	struct u64map index;		/* inode -> start << 32 | count in recs */
	struct owner_rec *recs;
	size_t nrecs, caprecs;
	struct tcpd_owner *sorted;	/* recs' owners, in index order */
	size_t hidden;			/* processes whose fds we could not read */
	tcpd_owner_cb each;		/* tcpd_owners_scan_each: no records kept */
	void *each_arg;
	size_t handed;			/* fds handed to @each */
	enum tcpd_owner_source used;
};

/* Does the map want @inode? */
bool owners_wants(const struct tcpd_owners *o, uint64_t inode);

/* Record that @pid (@comm) holds @inode at @fd. */
int owners_add(struct tcpd_owners *o, uint64_t inode, pid_t pid, int fd,
	       const char *comm);

/* Sort and index the records: after the scanners, before get(). 0 or -1. */
int owners_index(struct tcpd_owners *o);

/* The owners @dst wants, from @src's map (a snapshot's), indexed. 0 or -1. */
int owners_copy(struct tcpd_owners *dst, const struct tcpd_owners *src);

/* The scanners. */
int owners_scan_proc(struct tcpd_owners *o, struct tcpd_err *err);
int owners_scan_bpf(struct tcpd_owners *o, struct tcpd_err *err);

#endif

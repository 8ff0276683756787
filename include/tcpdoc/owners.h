/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_OWNERS_H
#define TCPD_OWNERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "tcpdoc/err.h"
#include "tcpdoc/scope.h"

/* One process holding a socket: several when it was shared across fork(). */
struct tcpd_owner {
	pid_t pid;
	int fd;
	char comm[16];
};

/*
 * Socket inode -> owners, for the current user's view of /proc (or, as
 * root with BTF, from an iter/task_file BPF iterator: the same map, faster).
 *
 * Use: new(); want() each inode the output needs (none wanted: map every
 * socket); scan() once; get() per record. The scan visits every process,
 * since a socket shared across fork() has several owners, but keeps only
 * the fds whose inode is wanted.
 */
struct tcpd_owners;

enum tcpd_owner_source { TCPD_OWN_AUTO, TCPD_OWN_PROC, TCPD_OWN_BPF };

struct tcpd_owners *tcpd_owners_new(void);
void tcpd_owners_free(struct tcpd_owners *o);

/* Ask for @inode; 0 or -1 when out of memory. */
int tcpd_owners_want(struct tcpd_owners *o, uint64_t inode);

/* Build the map. Processes that vanish mid-scan are not errors. */
int tcpd_owners_scan(struct tcpd_owners *o, enum tcpd_owner_source src,
		     struct tcpd_err *err);

/*
 * scan() for the namespaces of @s: the host's processes, or the owners a
 * snapshot @s reads recorded (the doctor's owners go through here).
 */
int tcpd_scope_owners_scan(struct tcpd_scope *s, struct tcpd_owners *o,
			   enum tcpd_owner_source src, struct tcpd_err *err);

/*
 * A scan that keeps nothing: @fn gets every socket fd the scanner meets
 * (its inode and owner; a socket shared across fork() once per holder) and
 * returns 0, or -1 when out of memory, which ends the scan. For a caller
 * that only counts (serve's sockets per process), so memory does not grow
 * with the sockets. @o is new, with nothing wanted; tcpd_owners_hidden()
 * and _source() answer after it, tcpd_owners_get() finds nothing.
 */
typedef int (*tcpd_owner_cb)(uint64_t inode, const struct tcpd_owner *own, void *arg);
int tcpd_owners_scan_each(struct tcpd_owners *o, enum tcpd_owner_source src,
			  tcpd_owner_cb fn, void *arg, struct tcpd_err *err);

/* The owners of @inode: returns how many, *out points at them. */
size_t tcpd_owners_get(const struct tcpd_owners *o, uint64_t inode,
		       const struct tcpd_owner **out);

/* How many processes' fd tables could not be read (EACCES without root). */
size_t tcpd_owners_hidden(const struct tcpd_owners *o);

/* Which source the scan used in the end. */
enum tcpd_owner_source tcpd_owners_source(const struct tcpd_owners *o);

/* "proc" or "bpf" pin a scanner; anything else (or NULL) is AUTO. */
enum tcpd_owner_source tcpd_owner_source_parse(const char *s);

struct tcpd_filter;

/*
 * The owner map for the sockets @f selects in the namespaces of @scope,
 * built by @src (AUTO: the BPF iterator where it loads, else /proc after a
 * first dump that collects the inodes wanted). NULL with @err filled.
 */
struct tcpd_owners *tcpd_owners_for(struct tcpd_scope *scope, const struct tcpd_filter *f,
				    enum tcpd_owner_source src, struct tcpd_err *err);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_NETNS_H
#define TCPD_NETNS_H

#include <stdint.h>
#include <sys/types.h>

#include "tcpdoc/err.h"

/* A network namespace, as records name it. */
struct tcpd_netns {
	uint64_t inode;		/* the namespace's identity (nsfs inode) */
	char name[64];		/* under /run/netns, or "" */
	pid_t pid;		/* a process living in it, or 0 */
	char container[80];	/* container id from that process's cgroup, or "" */
	char path[80];		/* how to open it: /run/netns/NAME or /proc/PID/ns/net */
};

/*
 * Open a namespace named by the user: a name under /run/netns, a path, or
 * "pid:PID". Returns an fd, or -1 with @err saying why.
 */
int tcpd_netns_open(const char *spec, struct tcpd_err *err);

/* setns() into the namespace behind @fd; @spec names it in messages. */
int tcpd_netns_enter(int fd, const char *spec, struct tcpd_err *err);

/* The inode of the namespace behind @fd (fstat), 0 on failure. */
uint64_t tcpd_netns_inode(int fd);

/*
 * Every network namespace on the host: the names under /run/netns and each
 * one some process lives in (/proc/PID/ns/net), deduplicated by inode. The
 * caller's own comes first. Free *out with free().
 */
int tcpd_netns_list(struct tcpd_netns **out, size_t *n, struct tcpd_err *err);

/* A label for output: the name, else "container:ID", else "net:[INODE]". */
const char *tcpd_netns_label(const struct tcpd_netns *ns, char *buf, size_t len);

#endif

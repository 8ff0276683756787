/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RENDER_SOCK_H
#define TCPD_RENDER_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "render/json.h"
#include "tcpdoc/sock.h"

/* "timewait,59.1s,0": kind, time left, retransmits. */
void fmt_timer(char *buf, size_t len, const struct tcpd_sock *s);

/* "rtt:0.05/0.03ms cwnd:10 ...": the tcp_info fields in one line. */
void fmt_info(char *buf, size_t len, const struct tcp_info *i);

struct tcpd_owners;

/* "nginx(pid=12,fd=3),nginx(pid=13,fd=3)", or "-" when none is known. */
void fmt_owners(char *buf, size_t len, const struct tcpd_owners *o, uint64_t inode);
void json_owners(struct json *j, const struct tcpd_owners *o, uint64_t inode);

/* Is @inode held by @pid? */
bool owned_by(const struct tcpd_owners *o, uint64_t inode, pid_t pid);

/* {"addr": "...", "port": n} */
void json_endpoint(struct json *j, const char *key, const struct tcpd_addr *a,
		   uint16_t port);
/* The same with "port": null, for a port that was never seen. */
void json_endpoint_noport(struct json *j, const char *key, const struct tcpd_addr *a);
/* "local": {"addr", "port", "scope": interface name or null} */
void json_sock_local(struct json *j, const struct tcpd_sock *s, const char *scope);
/* "v6only": true, false, or null where the source does not say */
void json_v6only(struct json *j, const struct tcpd_sock *s);
/* The interface @s is bound to, by name, in @buf (TCPD_IFNAMELEN), or NULL. */
const char *sock_scope(const struct tcpd_sock *s, char *buf);
/* tcpd_endpoint_str flags for @s's endpoints: ports 0 as "*", dual-stack [::] as "*". */
unsigned int sock_ep_flags(const struct tcpd_sock *s);
void json_timer(struct json *j, const struct tcpd_sock *s);
void json_info(struct json *j, const struct tcp_info *i);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_SNAPSHOT_H
#define TCPD_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpdoc/doctor.h"
#include "tcpdoc/err.h"
#include "tcpdoc/scope.h"

/*
 * A snapshot: everything the doctor reads, in the order it read it, in one
 * compressed file (docs/snapshot.md) — the namespaces, each look at their
 * socket tables (records with tcp_info), each read of their sysctls and
 * counters, the owners of every socket, and what could not be seen. A
 * scope that replays one (tcpd_scope_replay) is a source like netlink:
 * the doctor, summary and ls run their usual code on it, anywhere,
 * without privilege.
 */
struct tcpd_snap;

/* Who took it, where, when and how; and what it holds. */
struct tcpd_snap_info {
	char tcpdoc[64];		/* the writer's version */
	char host[65];			/* uname: nodename, release, version, machine */
	char release[65];
	char kversion[65];
	char machine[65];
	int64_t taken_ms;		/* Unix time, milliseconds */
	uint32_t interval_ms;		/* the doctor's sampling interval */
	uint32_t uid;			/* the effective uid that took it */
	bool all_netns;			/* taken with -A */
	char netns[128];		/* taken with -N this, or "" */
	int family;			/* 0, AF_INET or AF_INET6 */
	enum tcpd_source source;	/* the socket source it read */
	/* What could not be seen (the taker's notes, said again on replay). */
	uint64_t netns_denied, netns_listed, owners_hidden;
	/* Counted by the reader or the writer. */
	size_t nns, looks, reads;
	uint64_t sockets, owners;	/* records in every look; owner entries */
	uint64_t bytes;			/* the file's size */
};

/*
 * Take a snapshot into @path: the owners of every socket in the scope,
 * then one doctor run (@o: its scope, interval and owner scanner) whose
 * every input is recorded as it is read. @res is that run's result (its
 * notes are the snapshot's); @info what was written. On failure the file
 * is removed.
 */
int tcpd_snapshot_take(const struct tcpd_doctor_opts *o, const char *path,
		       const char *version, struct tcpd_doctor_result *res,
		       struct tcpd_snap_info *info, struct tcpd_err *err);

/*
 * Read and check a whole snapshot. A file that is not one, is corrupt,
 * truncated or from a newer format is refused with one line naming it
 * (TCPD_E_INPUT). Free with tcpd_snap_free.
 */
int tcpd_snap_open(const char *path, struct tcpd_snap **out, struct tcpd_err *err);
/* The same from memory, with at most @max_out bytes decompressed (fuzzing). */
int tcpd_snap_open_mem(const void *buf, size_t len, const char *name, size_t max_out,
		       struct tcpd_snap **out, struct tcpd_err *err);
const struct tcpd_snap_info *tcpd_snap_info(const struct tcpd_snap *s);
void tcpd_snap_free(struct tcpd_snap *s);

/*
 * Make @scope read @snap instead of the host: its namespaces, family and
 * -N/-A as the snapshot was taken. The scope does not own @snap.
 */
void tcpd_scope_replay(struct tcpd_scope *scope, struct tcpd_snap *snap);

#endif

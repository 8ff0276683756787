/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside watch: what watch.c, tracepoint.c and sample.c share. */
#ifndef TCPD_WATCH_INT_H
#define TCPD_WATCH_INT_H

#include <stddef.h>

#include "tcpdoc/sock.h"
#include "tcpdoc/watch.h"
#include "core/htab.h"

/* A socket followed by cookie: seeded, sampled, or in time-wait. */
struct watch_sock {
	uint64_t cookie;
	uint64_t since_ns;		/* entered @state no later than this */
	uint64_t netns;
	struct tcpd_addr local, remote;
	uint16_t lport, rport;
	uint32_t ifindex;
	uint8_t state;
	bool lower_bound;		/* in @state since before watch began */
	uint32_t gen;			/* the last dump that saw it */
	uint64_t inode;			/* sampler: the inode its owner was looked up for */
	uint32_t pid;
	char comm[16];
};

/* Sockets by cookie in the library's hash table; cookie 0 is never held. */
int watch_table_init(struct tcpd_htab *t, size_t hint);
struct watch_sock *watch_table_get(struct tcpd_htab *t, uint64_t cookie);
/* Insert or find; NULL when out of memory. */
struct watch_sock *watch_table_put(struct tcpd_htab *t, uint64_t cookie);

/* Copy the identity (namespace, addresses, ports, owner) one way or the other. */
void watch_event_from_sock(struct tcpd_watch_event *ev, const struct watch_sock *s);
void watch_sock_from_event(struct watch_sock *ws, const struct tcpd_watch_event *ev);
/* ... or from a dumped record; the owner is not known then. */
struct tcpd_owners;
/* @owners may be NULL: the owner then stays unknown until a transition names it. */
void watch_sock_from_tcpd(struct watch_sock *ws, const struct tcpd_sock *s, uint64_t netns,
			  const struct tcpd_owners *owners);

/*
 * The states a socket passed through to get from @old to @new between two
 * looks (old 0: not there before; new 0: gone). Fills @path with the
 * states after @old, ending with @new (CLOSE for gone); returns how many.
 * @passive: a connected socket whose local port has a listener.
 */
int watch_infer_path(int old, int new, bool passive, uint8_t *path, int max);

struct watch_skel;

/* seed.c: the owners of the sockets older than watch (BPF mode). */
struct watch_owner {
	uint32_t pid;
	char comm[16];
};

struct seed_rec;

struct watch_seed {
	struct seed_rec *recs;		/* sorted by cookie */
	size_t n, cap;
	struct watch_owner *owners;	/* distinct */
	size_t nowners, capowners;
};

struct tcpd_watch {
	enum tcpd_watch_mode mode;
	struct tcpd_watch_opts opts;
	uint64_t start_ns;		/* monotonic, when watching began */
	int64_t real_off_ns;		/* realtime - monotonic */
	uint64_t netns;			/* the namespace we dump (inode) */
	char fallback[512];
	struct tcpd_watch_counters c;
	uint32_t gen;
	/* sampler: every socket, and when the next owner scan may run */
	struct tcpd_htab socks;
	uint64_t owners_next_ns;
	/* BPF: the owners of sockets older than watch */
	struct watch_seed seed;
	/* BPF: mini sockets in FIN_WAIT2 or TIME_WAIT, followed by dumps */
	struct tcpd_htab tw;
	/* BPF: CLOSE -> SYN_SENT changes waiting for their port (pending.c) */
	struct tcpd_htab pending;
	uint64_t next_dump_ns;
	struct watch_skel *bpf;
	/* delivery, during one poll */
	tcpd_watch_cb cb;
	void *cb_arg;
	int cb_ret;
};

bool watch_filter_match(const struct tcpd_watch *w, const struct tcpd_watch_event *ev);
/* Stamp real time, filter, count and hand @ev to the callback. */
void watch_deliver(struct tcpd_watch *w, struct tcpd_watch_event *ev);

/* pending.c: a connect's first change, held until its local port is known. */
int watch_pending_init(struct tcpd_watch *w);
bool watch_pending_wanted(const struct tcpd_watch_event *ev);
/* 0: held; -1: no room (deliver it now, port unknown). */
int watch_pending_hold(struct tcpd_watch *w, const struct tcpd_watch_event *ev);
/* The socket's next change @ev: the held one goes out first, with ev's port. */
void watch_pending_next(struct tcpd_watch *w, const struct tcpd_watch_event *ev);
/* A dump saw @cookie bound to @lport. */
void watch_pending_port(struct tcpd_watch *w, uint64_t cookie, uint16_t lport);
/* Deliver, port unknown, what waited too long (@all: everything). */
void watch_pending_expire(struct tcpd_watch *w, uint64_t now, bool all);

int watch_bpf_open(struct tcpd_watch *w, struct tcpd_err *err);
int watch_bpf_poll(struct tcpd_watch *w, int timeout_ms, struct tcpd_err *err);
void watch_bpf_counters(const struct tcpd_watch *w, struct tcpd_watch_counters *c);
void watch_bpf_close(struct tcpd_watch *w);

int watch_sample_open(struct tcpd_watch *w, struct tcpd_err *err);
int watch_sample_poll(struct tcpd_watch *w, int timeout_ms, struct tcpd_err *err);

/* BPF mode: snapshot to seed, and the time-wait follow-up dump. */
int watch_seed(struct tcpd_watch *w, struct tcpd_err *err);
/* The owner the seed found for @cookie, or NULL. */
const struct watch_owner *watch_seed_owner(const struct tcpd_watch *w, uint64_t cookie);
void watch_seed_free(struct tcpd_watch *w);
int watch_tw_dump(struct tcpd_watch *w, struct tcpd_err *err);

#endif

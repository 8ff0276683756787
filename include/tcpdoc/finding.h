/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_FINDING_H
#define TCPD_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What the doctor found: one per problem, with its evidence and advice. */
enum tcpd_severity { TCPD_SEV_INFO, TCPD_SEV_WARNING, TCPD_SEV_CRITICAL };

/*
 * How sure the doctor is, besides how bad it would be: certain when the
 * sockets themselves prove it (the other end seen, retransmissions rising
 * across both looks, a count that is itself the limit), likely when their
 * evidence points that way, possible when only a count does.
 */
enum tcpd_certainty { TCPD_POSSIBLE, TCPD_LIKELY, TCPD_CERTAIN };

#define TCPD_F_OWNERS 8
#define TCPD_F_PORTS 8
#define TCPD_F_PEERS 8
#define TCPD_F_EVIDENCE 24
#define TCPD_F_ADVICE 4

struct tcpd_f_owner {
	pid_t pid;
	char comm[16];
	uint64_t count;		/* sockets of this finding it holds */
	uint64_t connects;	/* connect() calls seen in the interval (connect trace) */
};

enum tcpd_ev_kind { TCPD_EV_U64, TCPD_EV_DBL, TCPD_EV_STR };

struct tcpd_evidence {
	const char *key;	/* stable, snake_case: the kernel's names where they exist */
	enum tcpd_ev_kind kind;
	uint64_t u;
	double d;
	char s[64];
};

/*
 * The other end of a finding's connections, when it is on this host too
 * (loopback, or another namespace read with -A): paired by the reversed
 * 4-tuple.
 */
#define TCPD_F_END_OWNERS 4

struct tcpd_f_end {
	uint64_t count;			/* connections paired; 0: none seen */
	uint8_t state;			/* the other end's state */
	char netns[64];			/* its namespace's label */
	/* Its owners, busiest first, each with every socket of it counted. */
	struct tcpd_f_owner owners[TCPD_F_END_OWNERS];
	size_t nowners;
};

struct tcpd_finding {
	const char *id;			/* stable: docs/findings.md */
	enum tcpd_severity severity;
	enum tcpd_certainty certainty;
	char because[160];		/* translated: why that certainty, one clause */
	char summary[256];		/* translated */
	uint64_t netns_inode;		/* the namespace it was found in */
	char netns[64];			/* its label */
	struct tcpd_f_end other;	/* the other end, when seen */
	char here[224];			/* translated advice when the peer is on this host */
	uint64_t count;
	struct tcpd_f_owner owners[TCPD_F_OWNERS];
	size_t nowners;
	uint64_t owners_sample;		/* owner counts come from this many sampled
					 * sockets of count; 0: from every socket */
	uint16_t ports[TCPD_F_PORTS];
	size_t nports;
	bool ports_remote;		/* ports are the peers' (a scan's targets) */
	char peers[TCPD_F_PEERS][56];	/* "addr" or "addr:port" */
	size_t npeers;
	struct tcpd_evidence ev[TCPD_F_EVIDENCE];
	size_t nev;
	char look[192];			/* the tcpdoc command that shows its sockets */
	const char *explanation;	/* translated */
	const char *advice[TCPD_F_ADVICE];	/* translated */
	size_t nadvice;
};

struct tcpd_findings {
	struct tcpd_finding *f;
	size_t len, cap;
};

/* A new finding at the end of @l, zeroed; NULL when out of memory. */
struct tcpd_finding *tcpd_finding_add(struct tcpd_findings *l, const char *id,
				      enum tcpd_severity sev);
void tcpd_findings_free(struct tcpd_findings *l);
/* Most severe first, then by count; stable by id. */
void tcpd_findings_sort(struct tcpd_findings *l);
enum tcpd_severity tcpd_findings_worst(const struct tcpd_findings *l);
const char *tcpd_severity_name(enum tcpd_severity s);
/* "possible", "likely", "certain". */
const char *tcpd_certainty_name(enum tcpd_certainty c);

/*
 * Every finding id the doctor can raise (doctor/rules/catalogue.c), in
 * order, NULL past the end: for docs, tests and serve's one series per id.
 */
const char *tcpd_finding_id(size_t i);

void tcpd_ev_u64(struct tcpd_finding *f, const char *key, uint64_t v);
void tcpd_ev_dbl(struct tcpd_finding *f, const char *key, double v);
void tcpd_ev_str(struct tcpd_finding *f, const char *key, const char *v);
void tcpd_f_port(struct tcpd_finding *f, uint16_t port);
void tcpd_f_peer(struct tcpd_finding *f, const char *peer);
void tcpd_f_advice(struct tcpd_finding *f, const char *text);
void tcpd_f_summary(struct tcpd_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* How sure, and why (a translated clause). */
void tcpd_f_sure(struct tcpd_finding *f, enum tcpd_certainty c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

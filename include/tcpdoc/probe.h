/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_PROBE_H
#define TCPD_PROBE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "tcpdoc/addr.h"
#include "tcpdoc/err.h"

/*
 * probe: connect to HOST:PORT the way an application would (non-blocking,
 * with a timeout), and classify what happened by the errno the kernel gave.
 */
enum tcpd_probe_outcome {
	TCPD_PROBE_OPEN,
	TCPD_PROBE_REFUSED,		/* ECONNREFUSED: an RST answered the SYN */
	TCPD_PROBE_TIMEOUT,		/* ETIMEDOUT, or no answer within our timeout */
	TCPD_PROBE_UNREACHABLE,		/* EHOSTUNREACH, ENETUNREACH: ICMP or no route */
	TCPD_PROBE_RESET,		/* ECONNRESET */
	TCPD_PROBE_PORTS_EXHAUSTED,	/* EADDRNOTAVAIL: no free local port */
	TCPD_PROBE_DENIED,		/* EACCES, EPERM: a prohibit route or local filter */
	TCPD_PROBE_OTHER,
	TCPD_PROBE_NOUTCOMES
};

/* The longest host name DNS allows, and its terminator. */
#define TCPD_HOSTLEN 256

/* One address to connect to. */
struct tcpd_probe_dst {
	struct tcpd_addr addr;
	uint16_t port;
};

struct tcpd_probe_opts {
	int timeout_ms;
	const struct tcpd_addr *source;		/* bind here first; may be NULL */
	/* Set by a signal handler: the attempt in progress is abandoned. */
	const volatile sig_atomic_t *stop;
};

struct tcpd_probe_result {
	struct tcpd_probe_dst dst;
	enum tcpd_probe_outcome outcome;
	int errnum;			/* 0 when open */
	bool own_timeout;		/* our timeout expired, not the kernel's */
	double ms;			/* from connect() to the outcome */
	unsigned int syn_retransmits;	/* from tcp_info, sampled during the attempt */
};

/*
 * Split "host:port", "[v6]:port" or "1.2.3.4:port" into @host (brackets
 * removed) and @port (1..65535).
 */
int tcpd_probe_parse_target(const char *s, char host[TCPD_HOSTLEN], uint16_t *port,
			    struct tcpd_err *err);

/*
 * Every address @host resolves to (of @family, or any when 0), duplicates
 * dropped, in the resolver's order. Free *@out with free().
 */
int tcpd_probe_resolve(const char *host, uint16_t port, int family,
		       struct tcpd_probe_dst **out, size_t *n, struct tcpd_err *err);

/*
 * One connect attempt. Returns 0 with @res filled, 1 when *opts->stop was
 * set during it (@res is not valid), or -1 when no attempt could be made
 * (no socket, a bad --source) after filling @err.
 */
int tcpd_probe_once(const struct tcpd_probe_dst *dst, const struct tcpd_probe_opts *opts,
		    struct tcpd_probe_result *res, struct tcpd_err *err);

/* The outcome an errno from connect() means (0: open). */
enum tcpd_probe_outcome tcpd_probe_classify(int errnum);

/* Stable, untranslated names: "open", "refused", ... (JSON keys). */
const char *tcpd_probe_outcome_name(enum tcpd_probe_outcome o);

/* Likely causes and next steps for @o, NULL-terminated, marked with N_(). */
const char *const *tcpd_probe_advice(enum tcpd_probe_outcome o);

/* The outcome as words for people, marked with N_(). */
const char *tcpd_probe_outcome_label(enum tcpd_probe_outcome o);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_EXPLAIN_H
#define TCPD_EXPLAIN_H

#include <stddef.h>

/*
 * The reference behind `tcpdoc explain`: states, errnos, sysctls and
 * mechanisms, one static table per kind (explain_*.c). Text is marked with
 * N_() and translated with _() where it is shown.
 */
enum tcpd_topic_kind {
	TCPD_TOPIC_STATE,
	TCPD_TOPIC_ERRNO,
	TCPD_TOPIC_SYSCTL,
	TCPD_TOPIC_MECHANISM,
	TCPD_TOPIC_DIAGRAM,
};

struct tcpd_topic {
	const char *name;	/* "CLOSE_WAIT", "ETIMEDOUT", "tcp_tw_reuse", "handshake" */
	enum tcpd_topic_kind kind;
	const char *aliases;	/* other names, space-separated; may be NULL */
	const char *title;	/* one line, N_() */
	const char *text;	/* paragraphs separated by '\n', N_() */
	const char *advice;	/* what to do, paragraphs, N_(); may be NULL */
	const char *see_also;	/* topic names, space-separated; may be NULL */
	int state;		/* TCPD_TOPIC_STATE: enum tcpd_state */
	int errnum;		/* TCPD_TOPIC_ERRNO: the errno value */
	const char *path;	/* TCPD_TOPIC_SYSCTL: under /proc/sys */
	const char *dflt;	/* TCPD_TOPIC_SYSCTL: the default, N_() */
};

/* An edge of the RFC 9293 state diagram, as Linux names the states. */
struct tcpd_transition {
	int from, to;		/* enum tcpd_state */
	const char *event;	/* "recv FIN / send ACK", N_() */
};

/* The tables, each ended by a row with a NULL name. */
extern const struct tcpd_topic tcpd_explain_states[];
extern const struct tcpd_topic tcpd_explain_errnos[];
extern const struct tcpd_topic tcpd_explain_sysctls[];
extern const struct tcpd_topic tcpd_explain_mechanisms[];

/* Every edge, ended by a row with from == 0. */
extern const struct tcpd_transition tcpd_transitions[];

/* "state", "errno", "sysctl", "mechanism", "diagram". */
const char *tcpd_topic_kind_name(enum tcpd_topic_kind kind);

/* The @i-th topic of all, in listing order; NULL past the end. */
const struct tcpd_topic *tcpd_explain_at(size_t i);

/*
 * Find a topic by any of its names, case-insensitive, '-' and '_' alike:
 * a state in any spelling tcpd_state_parse() takes, an errno name or
 * number ("ETIMEDOUT", "110"), a sysctl as "tcp_tw_reuse",
 * "net.ipv4.tcp_tw_reuse" or "/proc/sys/net/ipv4/tcp_tw_reuse", a
 * mechanism or one of its aliases. NULL when none.
 */
const struct tcpd_topic *tcpd_explain_find(const char *name);

/* The state topic for enum tcpd_state @state; NULL when none. */
const struct tcpd_topic *tcpd_explain_state(int state);

/*
 * Up to @max topics whose names are closest to @name (edit distance),
 * best first, into @out. Returns how many; 0 when nothing is close.
 */
size_t tcpd_explain_suggest(const char *name, const struct tcpd_topic **out, size_t max);

/* Levenshtein distance between @a and @b (exposed for the tests). */
size_t tcpd_edit_distance(const char *a, const char *b);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_ERR_H
#define TCPD_ERR_H

#include <stdarg.h>
#include <stddef.h>

/*
 * One error type for the whole library: a kind the CLI maps to an exit code
 * and a message it can print as is. The library never prints.
 *
 * Exit codes (monitoring-plugin convention, docs/HACKING.md): 0 healthy,
 * 1 warning, 2 critical are verdicts on what was seen; an error of any
 * kind means tcpdoc could not look, so every kind below maps to 3
 * (UNKNOWN), and so does an error whose kind was left TCPD_OK. The kind
 * says why (what to fix: the argument, privilege, the input), and the
 * CLI decides the code from it alone (cli_exit_code in src/cli/cli.c).
 */
enum tcpd_err_kind {
	TCPD_OK = 0,
	TCPD_E_USAGE,	/* a bad argument from the user */
	TCPD_E_PERM,	/* missing privilege */
	TCPD_E_NOENT,	/* a thing asked for does not exist */
	TCPD_E_IO,	/* the kernel or a file could not be read */
	TCPD_E_NOMEM,
	TCPD_E_INPUT,	/* malformed input data (a capture, a config file) */
};

struct tcpd_err {
	enum tcpd_err_kind kind;
	char msg[512];
};

/* Fill @err and return -1, so callers can write `return tcpd_fail(...)`. */
int tcpd_fail(struct tcpd_err *err, enum tcpd_err_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Same, appending ": strerror(errnum)". */
int tcpd_fail_errno(struct tcpd_err *err, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The kind that best describes errno @errnum. */
enum tcpd_err_kind tcpd_errno_kind(int errnum);

/*
 * A user's argument as every message shows it: at most TCPD_QUOTE_MAX
 * bytes of it, then "..."; bytes that are not valid UTF-8 and control
 * characters (a newline would make a second line) as \xNN. The caller's
 * format keeps its quotes: _("bad port '%s'"), tcpd_q(arg).
 */
#define TCPD_QUOTE_MAX 100
#define TCPD_QUOTE_LEN (TCPD_QUOTE_MAX + 8)

const char *tcpd_quote(const char *s, char *buf, size_t len);

/* tcpd_quote into a buffer that lives until the end of the caller's block. */
#define tcpd_q(s) tcpd_quote((s), (char[TCPD_QUOTE_LEN]){ 0 }, TCPD_QUOTE_LEN)

#endif

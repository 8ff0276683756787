/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_CLI_H
#define TCPD_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "tcpdoc/err.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/scope.h"
#include "tcpdoc/sock.h"

/* Exit codes, as monitoring plugins use them. */
enum {
	EXIT_HEALTHY = 0,
	EXIT_WARN = 1,
	EXIT_CRIT = 2,
	EXIT_UNKNOWN = 3,	/* could not look: bad argument, permission, input */
};

/* The options every command accepts, before or after its name. */
struct cli {
	const char *prog;
	bool json;
	bool color;
	struct tcpd_scope scope;	/* -N, -A, -4, -6, --source */
	enum tcpd_owner_source owners;	/* TCPDOC_OWNERS=proc|bpf (tests) */
	bool help;			/* -h was given and printed */
	bool source_set;		/* --source was given */
	const char *from;		/* --from FILE: a snapshot to read */
	struct tcpd_snap *snap;		/* ...read, which cli->scope replays */
	const char *live_opt;		/* an option given that only a live run takes */
	int npos;			/* positional arguments after parsing */
	char **pos;
};

/* A command's own options: getopt_long rows, short letters, and a handler. */
struct cli_opts {
	const struct option *longs;	/* terminated by a zero row; may be NULL */
	const char *shorts;		/* may be NULL */
	/* Returns 0, or -1 after filling @err. */
	int (*handle)(void *ctx, int opt, const char *arg, struct tcpd_err *err);
	void *ctx;
	const char *usage;		/* printed by -h, marked with N_() */
	const char *usage_more;		/* a shared part printed after it, or NULL */
	/* Options (0-terminated values) that a --from replay cannot take. */
	const int *live_only;
};

struct cli_cmd {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *help;	/* one line, marked with N_() */
};

/*
 * Parse @argv (argv[0] is the command's name) with the global options and
 * @opts. Positional arguments land in cli->pos. Returns 0; 1 when -h
 * printed the usage (the command should exit 0); or -1 after printing one
 * line to stderr.
 */
int cli_parse(struct cli *cli, int argc, char **argv, const struct cli_opts *opts);

/*
 * The user's locale, and the catalogue: TCPDOC_LOCALEDIR, else the build
 * tree's when this is the binary the build wrote, else PREFIX/share/locale
 * (locale.c).
 */
void cli_setup_locale(void);

/* The exit code for an error of @kind, as include/tcpdoc/err.h says. */
int cli_exit_code(enum tcpd_err_kind kind);

/* Print "tcpdoc: MESSAGE" and return the exit code err->kind decides. */
int cli_fail(const struct cli *cli, const struct tcpd_err *err);
/* Print "tcpdoc: MESSAGE" for a usage error and return EXIT_UNKNOWN. */
int cli_failf(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --pid N: a whole number, and a process that exists. */
int cli_pid_opt(const char *arg, long *pid, struct tcpd_err *err);
/* The existence half, for a command that checks it after parsing. */
int cli_pid_alive(long pid, struct tcpd_err *err);

/* Say once, on stderr, which fields the source left empty (TCPD_LACK_*). */
void cli_note_lacks(const struct cli *cli, uint32_t lacks);

/* A note on stderr that does not stop the command ("tcpdoc: note: ..."). */
void cli_note(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Run @fn once per namespace the options select (tcpd_scope_each). @fn
 * prints its own errors and returns an exit code; a namespace that could
 * not be entered is said once on stderr.
 */
void cli_scope_notes(const struct cli *cli, size_t denied);
typedef int (*cli_ns_fn)(struct cli *cli, const struct tcpd_netns *ns, void *arg);
int cli_each_netns(struct cli *cli, cli_ns_fn fn, void *arg);

struct tcpd_filter;

/*
 * The owner map for the sockets @f selects in the namespaces the options
 * name (tcpd_owners_for); NULL after printing one line. Says on stderr
 * what it could not see.
 */
struct tcpd_owners *cli_owners(struct cli *cli, const struct tcpd_filter *f);

/*
 * stdout. init(): before anything else (a closed stdout is kept closed to
 * writes; SIGPIPE becomes EPIPE). gone(): a streaming command stops when
 * true (a write failed or the reader went away). done(): at exit, turns a
 * failed write into one line and EXIT_UNKNOWN, or a vanished reader into
 * a quiet death by SIGPIPE; else returns @code.
 */
void cli_output_init(void);
bool cli_output_gone(void);
int cli_output_done(const struct cli *cli, int code);

/*
 * --from FILE, for command @cmd: open the snapshot and make the scope
 * replay it; 0, or -1 after one line (not a snapshot, corrupt, a command
 * or option that reads only the host). from.c.
 */
int cli_open_from(struct cli *cli, const char *cmd);

/* Parse seconds in [min, max] for option @what, into milliseconds. */
int cli_parse_secs(const char *s, double min, double max, int *ms,
		   const char *what, struct tcpd_err *err);

/* Commands. */
int cmd_summary(struct cli *cli, int argc, char **argv);
int cmd_ls(struct cli *cli, int argc, char **argv);
int cmd_diagnose(struct cli *cli, int argc, char **argv);
int cmd_check(struct cli *cli, int argc, char **argv);
int cmd_explain(struct cli *cli, int argc, char **argv);
int cmd_watch(struct cli *cli, int argc, char **argv);
int cmd_top(struct cli *cli, int argc, char **argv);
int cmd_probe(struct cli *cli, int argc, char **argv);
int cmd_pcap(struct cli *cli, int argc, char **argv);
int cmd_serve(struct cli *cli, int argc, char **argv);
int cmd_snapshot(struct cli *cli, int argc, char **argv);

#endif

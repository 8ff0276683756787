// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpdoc ls: the sockets themselves, streamed as the kernel dumps them. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd/filter_opts.h"
#include "render/sock.h"
#include "render/strbuf.h"
#include "render/table.h"
#include "tcpdoc/owners.h"
#include "tcpdoc/state.h"

enum { OPT_PID = 0x300 };

struct ls_run {
	struct tcpd_filter filter;
	long limit;		/* 0: all */
	long shown;
	bool extended;		/* -e */
	bool info;		/* -i */
	bool show_owners;	/* -p */
	long pid;		/* --pid: 0 for any */
	struct tcpd_owners *owners;
	struct cli *cli;
	const struct tcpd_netns *ns;
	struct json json;
	struct table table;
	bool started;		/* output began: the first namespace was entered */
	bool interrupted;
	uint32_t lacks;
};

static const char usage[] = N_(
	"Usage: tcpdoc ls [FILTERS] [-e] [-i] [-n LIMIT]\n"
	"List TCP sockets, like ss -tan, straight from the kernel's netlink dump.\n\n"
	"  -n LIMIT            stop after LIMIT sockets\n"
	"  -e                  timer (kind, time left, retransmits), uid and inode\n"
	"  -i                  tcp_info: rtt, retransmits, cwnd, last send/recv ...\n"
	"  -p                  the processes holding each socket (pid, comm, fd)\n"
	"      --pid PID       only sockets PID holds\n");

static const struct option longs[] = {
	FILTER_LONG_OPTS,
	{ "extended", no_argument, NULL, 'e' },
	{ "info", no_argument, NULL, 'i' },
	{ "limit", required_argument, NULL, 'n' },
	{ "processes", no_argument, NULL, 'p' },
	{ "pid", required_argument, NULL, OPT_PID },
	{ NULL, 0, NULL, 0 },
};

static int handle(void *ctx, int opt, const char *arg, struct tcpd_err *err)
{
	struct ls_run *r = ctx;
	int ret = filter_opt(&r->filter, opt, arg, err);

	if (ret <= 0)
		return ret;
	switch (opt) {
	case 'e':
		r->extended = true;
		return 0;
	case 'i':
		r->info = true;
		return 0;
	case 'n':
		return tcpd_whole_opt(arg, 1, 1L << 40, &r->limit, "-n", err);
	case 'p':
		r->show_owners = true;
		return 0;
	case OPT_PID:
		/* Whether it exists is asked after parsing: not of a snapshot's. */
		return tcpd_whole_opt(arg, 1, 1L << 22, &r->pid, "--pid", err);
	}
	return tcpd_fail(err, TCPD_E_USAGE, _("unexpected option"));
}

static void row_json(struct ls_run *r, const struct tcpd_sock *s)
{
	struct json *j = &r->json;
	char label[128], scope[TCPD_IFNAMELEN];

	json_obj_open(j, NULL);
	json_str(j, "netns", tcpd_netns_label(r->ns, label, sizeof(label)));
	json_u64(j, "family", s->local.family == AF_INET6 ? 6 : 4);
	json_str(j, "state", tcpd_state_name(s->state));
	json_sock_local(j, s, sock_scope(s, scope));
	json_endpoint(j, "remote", &s->remote, s->rport);
	json_v6only(j, s);
	json_u64(j, "recv_q", s->recv_q);
	json_u64(j, "send_q", s->send_q);
	json_u64(j, "uid", s->uid);
	json_u64(j, "inode", s->inode);
	json_timer(j, s);
	if (r->show_owners)
		json_owners(j, r->owners, s->inode);
	if (r->info && s->has_info)
		json_info(j, &s->info);
	json_obj_close(j);
}

enum { COL_STATE, COL_RQ, COL_SQ, COL_LOCAL, COL_REMOTE, COL_TIMER, COL_UID,
       COL_INODE, COL_PROC, COL_INFO, NCOLS };

static int row_text(struct ls_run *r, const struct tcpd_sock *s)
{
	char rq[16], sq[16], local[TCPD_ENDPOINTSTRLEN], remote[TCPD_ENDPOINTSTRLEN];
	char timer[48], uid[16], inode[24], info[512] = "", procs[256], scope[TCPD_IFNAMELEN];
	unsigned int flags = sock_ep_flags(s);
	const char *cells[NCOLS] = { tcpd_state_name(s->state), rq, sq, local, remote };
	struct strbuf b;
	int n = COL_TIMER;

	sb_init(&b, rq, sizeof(rq));
	sb_u64(&b, s->recv_q);
	sb_init(&b, sq, sizeof(sq));
	sb_u64(&b, s->send_q);
	tcpd_endpoint_str(&s->local, s->lport, flags, sock_scope(s, scope), local, sizeof(local));
	tcpd_endpoint_str(&s->remote, s->rport, flags, NULL, remote, sizeof(remote));
	if (r->extended) {
		fmt_timer(timer, sizeof(timer), s);
		snprintf(uid, sizeof(uid), "%u", s->uid);
		snprintf(inode, sizeof(inode), "%llu", (unsigned long long)s->inode);
		cells[n++] = timer;
		cells[n++] = uid;
		cells[n++] = inode;
	}
	if (r->show_owners) {
		fmt_owners(procs, sizeof(procs), r->owners, s->inode);
		cells[n++] = procs;
	}
	if (r->info) {
		if (s->has_info)
			fmt_info(info, sizeof(info), &s->info);
		cells[n++] = info;
	}
	return table_row(&r->table, cells);
}

static int on_sock(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct ls_run *r = arg;

	if (!tcpd_filter_match(&r->filter, s))
		return 0;
	if (r->pid && !owned_by(r->owners, s->inode, (pid_t)r->pid))
		return 0;
	if (r->cli->json)
		row_json(r, s);
	else if (row_text(r, s))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return r->limit && ++r->shown >= r->limit;
}

static int table_start(struct ls_run *r)
{
	const char *spec[NCOLS] = { _("State"), ">Recv-Q", ">Send-Q",
				    _("Local Address:Port"), _("Peer Address:Port") };
	int n = COL_TIMER;

	if (r->extended) {
		spec[n++] = _("Timer");
		spec[n++] = ">UID";
		spec[n++] = ">Inode";
	}
	if (r->show_owners)
		spec[n++] = _("Process");
	if (r->info)
		spec[n++] = "tcp_info";
	return table_init(&r->table, stdout, n, spec);
}

/* Output begins only once a namespace was entered, so errors print alone. */
static int output_start(struct ls_run *r)
{
	r->started = true;
	if (!r->cli->json)
		return table_start(r);
	json_init(&r->json, stdout, 1);
	json_arr_open(&r->json, NULL);
	return 0;
}

static void output_end(struct ls_run *r)
{
	if (!r->started)
		return;
	if (!r->cli->json) {
		table_end(&r->table);
		return;
	}
	json_arr_close(&r->json);
	json_end(&r->json);
}

static int list_ns(struct cli *cli, const struct tcpd_netns *ns, void *arg)
{
	struct ls_run *r = arg;
	/* --json always carries the timer; text only with -e. */
	struct tcpd_query q = { .want_info = r->info,
				.want_timers = r->extended || cli->json };
	struct tcpd_err err = { 0 };

	if (r->limit && r->shown >= r->limit)
		return 0;
	if (!r->started && output_start(r))
		return cli_failf(cli, _("out of memory"));
	r->ns = ns;
	tcpd_filter_query(&r->filter, &q);
	if (tcpd_scope_dump(&cli->scope, &q, on_sock, r, &err))
		return cli_fail(cli, &err);
	r->interrupted |= q.interrupted;
	r->lacks |= q.lacks;
	return 0;
}

int cmd_ls(struct cli *cli, int argc, char **argv)
{
	struct ls_run r = { .cli = cli };
	struct cli_opts opts = { longs, FILTER_SHORT_OPTS "eipn:", handle, &r, usage, FILTER_USAGE, NULL };
	static char obuf[1 << 16];
	struct tcpd_err err = { 0 };
	int ret;

	ret = filter_cmd_parse(cli, argc, argv, &opts, &r.filter);
	if (ret)
		return ret < 0 ? EXIT_UNKNOWN : 0;
	/* A snapshot's processes are the taker's host's, not this one's. */
	if (r.pid && !cli->from && cli_pid_alive(r.pid, &err))
		return cli_fail(cli, &err);
	if ((r.show_owners || r.pid) && !(r.owners = cli_owners(cli, &r.filter)))
		return EXIT_UNKNOWN;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	ret = cli_each_netns(cli, list_ns, &r);
	output_end(&r);
	fflush(stdout);
	tcpd_owners_free(r.owners);
	if (r.interrupted)
		cli_note(cli, _("the socket table changed during the dump (NLM_F_DUMP_INTR)"));
	cli_note_lacks(cli, r.lacks);
	return ret;
}

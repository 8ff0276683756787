// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * For each finding, the tcpdoc command that shows the sockets behind it,
 * with the filters filled in: what an operator types next.
 */
#include <stdio.h>
#include <string.h>

#include "rules.h"

/* Which of the finding's ports or peers narrows the command. */
enum look_by { BY_NONE, BY_LOCAL_PORT, BY_DESTINATION };

static const struct look {
	const char *id;
	const char *args;	/* after "tcpdoc" and the namespace */
	enum look_by by;
} looks[] = {
	{ "close-wait-leak", "ls -s close-wait -p", BY_LOCAL_PORT },
	{ "time-wait-server-close", "ls -s time-wait", BY_LOCAL_PORT },
	{ "ephemeral-port-exhaustion", "ls -p", BY_DESTINATION },
	{ "time-wait-bucket-overflow", "summary --by port", BY_NONE },
	{ "tw-recycle-enabled", "explain tcp_tw_recycle", BY_NONE },
	{ "syn-flood", "summary --by peer -s syn-recv", BY_NONE },
	{ "handshake-ack-lost", "ls -s syn-recv -e", BY_NONE },
	{ "syncookies-off", "explain tcp_syncookies", BY_NONE },
	{ "accept-queue-overflow", "ls -s listen -p", BY_LOCAL_PORT },
	{ "syn-sent-stuck", "ls -s syn-sent -e -p", BY_NONE },
	{ "syn-sent-scan", "summary --by dport -s syn-sent", BY_NONE },
	{ "fin-wait1-stuck", "ls -s fin-wait-1 -e", BY_NONE },
	{ "fin-wait2-stuck", "ls -s fin-wait-2 -e", BY_NONE },
	{ "last-ack-stuck", "ls -s last-ack -e", BY_NONE },
	{ "closing-stuck", "ls -s closing -e -p", BY_NONE },
	{ "orphan-pressure", "summary", BY_NONE },
	{ "recv-queue-backlog", "ls -s established -p", BY_NONE },
	{ "send-queue-stalled", "ls -s established -e -i -p", BY_NONE },
	{ "keepalive-missing", "ls -s established -e -p", BY_NONE },
	{ "memory-pressure", "ls -s established -p", BY_NONE },
	{ "retransmission-rate", "ls -s established -i", BY_NONE },
};

/* " --dst ADDR --dport PORT" from a peer "addr:port" or "[v6]:port". */
static void destination(const struct tcpd_finding *f, char *buf, size_t len)
{
	const char *peer = f->peers[0], *colon = strrchr(peer, ':');
	int alen;

	buf[0] = '\0';
	if (f->npeers != 1 || !colon)
		return;
	alen = (int)(colon - peer);
	if (peer[0] == '[' && alen >= 2 && peer[alen - 1] == ']')
		snprintf(buf, len, " --dst %.*s --dport %s", alen - 2, peer + 1, colon + 1);
	else
		snprintf(buf, len, " --dst %.*s --dport %s", alen, peer, colon + 1);
}

static void narrowing(const struct tcpd_finding *f, enum look_by by, char *buf, size_t len)
{
	buf[0] = '\0';
	if (by == BY_LOCAL_PORT && f->nports == 1)
		snprintf(buf, len, " --sport %u", f->ports[0]);
	else if (by == BY_DESTINATION)
		destination(f, buf, len);
}

void tcpd_f_look(struct tcpd_finding *f, const char *ns_args)
{
	char narrow[96];
	size_t i;

	for (i = 0; i < sizeof(looks) / sizeof(looks[0]); i++) {
		if (strcmp(looks[i].id, f->id))
			continue;
		narrowing(f, looks[i].by, narrow, sizeof(narrow));
		snprintf(f->look, sizeof(f->look), "tcpdoc %s%s%s", ns_args, looks[i].args, narrow);
		return;
	}
}

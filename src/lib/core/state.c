// SPDX-License-Identifier: GPL-2.0-or-later
#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "tcpdoc/state.h"

static const char *const kernel_names[TCPD_STATE_MAX] = {
	[TCPD_ESTABLISHED] = "ESTABLISHED",
	[TCPD_SYN_SENT] = "SYN_SENT",
	[TCPD_SYN_RECV] = "SYN_RECV",
	[TCPD_FIN_WAIT1] = "FIN_WAIT1",
	[TCPD_FIN_WAIT2] = "FIN_WAIT2",
	[TCPD_TIME_WAIT] = "TIME_WAIT",
	[TCPD_CLOSE] = "CLOSE",
	[TCPD_CLOSE_WAIT] = "CLOSE_WAIT",
	[TCPD_LAST_ACK] = "LAST_ACK",
	[TCPD_LISTEN] = "LISTEN",
	[TCPD_CLOSING] = "CLOSING",
	[TCPD_NEW_SYN_RECV] = "NEW_SYN_RECV",
};

static const char *const rfc_names[TCPD_STATE_MAX] = {
	[TCPD_ESTABLISHED] = "ESTABLISHED",
	[TCPD_SYN_SENT] = "SYN-SENT",
	[TCPD_SYN_RECV] = "SYN-RECEIVED",
	[TCPD_FIN_WAIT1] = "FIN-WAIT-1",
	[TCPD_FIN_WAIT2] = "FIN-WAIT-2",
	[TCPD_TIME_WAIT] = "TIME-WAIT",
	[TCPD_CLOSE] = "CLOSED",
	[TCPD_CLOSE_WAIT] = "CLOSE-WAIT",
	[TCPD_LAST_ACK] = "LAST-ACK",
	[TCPD_LISTEN] = "LISTEN",
	[TCPD_CLOSING] = "CLOSING",
	[TCPD_NEW_SYN_RECV] = "SYN-RECEIVED",
};

#define B(s) TCPD_STATE_BIT(TCPD_##s)

/*
 * Spellings after folding: lower case, '-' and '_' and ' ' removed. So
 * "FIN_WAIT_1", "fin-wait-1" and "finwait1" all become "finwait1".
 */
static const struct {
	const char *name;
	uint32_t mask;
} spellings[] = {
	{ "established", B(ESTABLISHED) }, { "estab", B(ESTABLISHED) },
	{ "synsent", B(SYN_SENT) },
	{ "synrecv", B(SYN_RECV) }, { "synreceived", B(SYN_RECV) },
	{ "synrcvd", B(SYN_RECV) },
	{ "finwait1", B(FIN_WAIT1) }, { "finwait2", B(FIN_WAIT2) },
	{ "timewait", B(TIME_WAIT) },
	{ "close", B(CLOSE) }, { "closed", B(CLOSE) }, { "unconn", B(CLOSE) },
	{ "closewait", B(CLOSE_WAIT) },
	{ "lastack", B(LAST_ACK) },
	{ "listen", B(LISTEN) }, { "listening", B(LISTEN) },
	{ "closing", B(CLOSING) },
	/* the groups ss(8) defines */
	{ "all", TCPD_STATES_ALL },
	{ "connected", TCPD_STATES_ALL & ~(B(LISTEN) | B(CLOSE)) },
	{ "synchronized", TCPD_STATES_ALL & ~(B(LISTEN) | B(CLOSE) | B(SYN_SENT)) },
	{ "bucket", B(SYN_RECV) | B(TIME_WAIT) },
	{ "big", TCPD_STATES_ALL & ~(B(SYN_RECV) | B(TIME_WAIT)) },
};

const char *tcpd_state_name(int state)
{
	if (state <= 0 || state >= TCPD_STATE_MAX)
		return "UNKNOWN";
	return kernel_names[state];
}

const char *tcpd_state_rfc_name(int state)
{
	if (state <= 0 || state >= TCPD_STATE_MAX)
		return "UNKNOWN";
	return rfc_names[state];
}

static uint32_t parse_n(const char *name, size_t len)
{
	char folded[32];
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = name[i];

		if (c == '-' || c == '_' || c == ' ')
			continue;
		if (n + 1 >= sizeof(folded))
			return 0;
		folded[n++] = tolower(c);
	}
	folded[n] = '\0';
	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++)
		if (!strcmp(folded, spellings[i].name))
			return spellings[i].mask;
	return 0;
}

uint32_t tcpd_state_parse(const char *name)
{
	return parse_n(name, strlen(name));
}

int tcpd_state_parse_one(const char *name)
{
	uint32_t mask;
	int s;

	if (!strcasecmp(name, "total"))
		return TCPD_STATE_TOTAL;
	/* Request sockets are SYN_RECV to users: never a state of their own. */
	mask = tcpd_state_parse(name) & ~TCPD_STATE_BIT(TCPD_NEW_SYN_RECV);
	for (s = 1; s < TCPD_NEW_SYN_RECV; s++)
		if (mask == TCPD_STATE_BIT(s))
			return s;
	return -1;
}

uint32_t tcpd_state_parse_list(const char *list, const char **bad, int *badlen)
{
	uint32_t mask = 0;
	const char *p = list;

	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		uint32_t m = parse_n(p, len);

		if (!m) {
			if (bad)
				*bad = p;
			if (badlen)
				*badlen = (int)len;
			return 0;
		}
		mask |= m;
		if (!end)
			return mask;
		p = end + 1;
	}
}

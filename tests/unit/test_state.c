// SPDX-License-Identifier: GPL-2.0-or-later
#include "tap.h"
#include "tcpdoc/state.h"

#define B(s) TCPD_STATE_BIT(TCPD_##s)

static void spellings(void)
{
	static const struct {
		const char *in;
		uint32_t want;
	} cases[] = {
		{ "close-wait", B(CLOSE_WAIT) }, { "CLOSE_WAIT", B(CLOSE_WAIT) },
		{ "CLOSE-WAIT", B(CLOSE_WAIT) }, { "estab", B(ESTABLISHED) },
		{ "ESTABLISHED", B(ESTABLISHED) }, { "fin-wait-1", B(FIN_WAIT1) },
		{ "FIN_WAIT_1", B(FIN_WAIT1) }, { "FIN_WAIT1", B(FIN_WAIT1) },
		{ "fin-wait-2", B(FIN_WAIT2) }, { "syn-recv", B(SYN_RECV) },
		{ "SYN_RECEIVED", B(SYN_RECV) }, { "syn-sent", B(SYN_SENT) },
		{ "time-wait", B(TIME_WAIT) }, { "TIME_WAIT", B(TIME_WAIT) },
		{ "closed", B(CLOSE) }, { "last-ack", B(LAST_ACK) },
		{ "listen", B(LISTEN) }, { "Closing", B(CLOSING) },
		{ "bucket", B(SYN_RECV) | B(TIME_WAIT) },
		{ "all", TCPD_STATES_ALL },
		{ "nonsense", 0 }, { "", 0 }, { "fin-wait-3", 0 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(tcpd_state_parse(cases[i].in) == cases[i].want,
		   "state spelling '%s'", cases[i].in);
}

static void lists_and_names(void)
{
	const char *bad = NULL;
	int badlen = 0;
	int s;

	ok(tcpd_state_parse_list("close-wait,time-wait", NULL, NULL) ==
	   (B(CLOSE_WAIT) | B(TIME_WAIT)), "a list of two states");
	ok(tcpd_state_parse_list("estab,bogus", &bad, &badlen) == 0 &&
	   badlen == 5 && !strncmp(bad, "bogus", 5), "a list names the bad entry");
	ok(tcpd_state_parse("connected") & B(CLOSE_WAIT), "connected holds CLOSE_WAIT");
	ok(!(tcpd_state_parse("connected") & B(LISTEN)), "connected excludes LISTEN");
	ok(!(tcpd_state_parse("synchronized") & B(SYN_SENT)), "synchronized excludes SYN_SENT");

	for (s = 1; s <= TCPD_NSTATES; s++)
		ok(tcpd_state_parse(tcpd_state_name(s)) == TCPD_STATE_BIT(s) &&
		   tcpd_state_parse(tcpd_state_rfc_name(s)) == TCPD_STATE_BIT(s),
		   "names of state %d parse back", s);
	is_str(tcpd_state_name(TCPD_FIN_WAIT1), "FIN_WAIT1", "kernel name");
	is_str(tcpd_state_rfc_name(TCPD_SYN_RECV), "SYN-RECEIVED", "RFC name");
	is_str(tcpd_state_name(0), "UNKNOWN", "out of range");
	ok(tcpd_state_user(TCPD_NEW_SYN_RECV) == TCPD_SYN_RECV, "NEW_SYN_RECV folds");
	ok(tcpd_state_user(99) == 0, "junk state folds to 0");
}

/* check's thresholds: exactly one state, or the total. */
static void one_state(void)
{
	static const struct {
		const char *in;
		int want;
	} cases[] = {
		{ "close-wait", TCPD_CLOSE_WAIT }, { "ESTAB", TCPD_ESTABLISHED },
		{ "SYN_RECEIVED", TCPD_SYN_RECV }, { "time_wait", TCPD_TIME_WAIT },
		{ "closed", TCPD_CLOSE }, { "total", TCPD_STATE_TOTAL },
		{ "TOTAL", TCPD_STATE_TOTAL }, { "bucket", -1 }, { "all", -1 },
		{ "connected", -1 }, { "nosuchstate", -1 }, { "", -1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ok(tcpd_state_parse_one(cases[i].in) == cases[i].want,
		   "one state '%s' is %d (got %d)", cases[i].in, cases[i].want,
		   tcpd_state_parse_one(cases[i].in));
}

int main(void)
{
	spellings();
	lists_and_names();
	one_state();
	return tap_done();
}

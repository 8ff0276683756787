// SPDX-License-Identifier: GPL-2.0-or-later
/* tcpd_quote: how every message shows a user's argument. */
#include <string.h>

#include "tcpdoc/err.h"
#include "tap.h"

int main(void)
{
	char big[400], want[TCPD_QUOTE_LEN];
	char small[8];

	is_str(tcpd_q("80"), "80", "plain text as is");
	is_str(tcpd_q(""), "", "empty stays empty");
	is_str(tcpd_q("中文 ok"), "中文 ok", "valid UTF-8 as is");
	is_str(tcpd_q("a\xff" "b"), "a\\xffb", "an invalid byte escaped");
	is_str(tcpd_q("\xc3"), "\\xc3", "a cut sequence escaped");
	is_str(tcpd_q("\xc0\xaf"), "\\xc0\\xaf", "an overlong form escaped");
	is_str(tcpd_q("\xed\xa0\x80"), "\\xed\\xa0\\x80", "a surrogate escaped");
	is_str(tcpd_q("a\nb\tc\x7f"), "a\\x0ab\\x09c\\x7f", "controls escaped: one line always");
	is_str(tcpd_q("\xc2\x85"), "\\xc2\\x85", "a C1 control (NEL) escaped");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memset(want, 'x', TCPD_QUOTE_MAX);
	strcpy(want + TCPD_QUOTE_MAX, "...");
	is_str(tcpd_q(big), want, "cut at %d bytes, then ...", TCPD_QUOTE_MAX);
	memset(big, '\xff', sizeof(big) - 1);
	ok(strlen(tcpd_q(big)) <= TCPD_QUOTE_MAX + 3, "escapes count towards the cap (%zu bytes)",
	   strlen(tcpd_q(big)));
	memset(big, 'x', sizeof(big) - 1);
	memcpy(big + TCPD_QUOTE_MAX - 1, "中", 3);
	ok(strlen(tcpd_q(big)) == TCPD_QUOTE_MAX - 1 + 3, "a character is never cut in half");
	is_str(tcpd_quote("abcdefghij", small, sizeof(small)), "abcd...", "a small buffer: cut and terminated");
	return tap_done();
}

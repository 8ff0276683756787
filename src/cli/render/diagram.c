// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The TCP state diagram in the terminal, drawn in plain ASCII after RFC
 * 9293 section 3.3.2 with Linux's state names, one state highlighted:
 * reverse video on a colour terminal, a box of '#' and '=' otherwise.
 */
#include <string.h>

#include "render/diagram.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"

static const char *const art[] = {
	"                               +--------+",
	"          +--------------------| CLOSED |----------------------+",
	"          | listen()           +--------+   connect(): send SYN |",
	"          v                                                     v",
	"     +--------+                                           +----------+",
	"     | LISTEN |                                           | SYN_SENT |",
	"     +--------+                                           +----------+",
	"          | recv SYN:                    recv SYN:          |      |",
	"          | send SYN+ACK                 send SYN+ACK       |      |",
	"          v                              (simultaneous open)|      |",
	"     +----------+<------------------------------------------+      |",
	"     | SYN_RECV |                                                  |",
	"     +----------+                                  recv SYN+ACK:   |",
	"          | recv ACK of SYN                        send ACK        |",
	"          |                  +-------------+                       |",
	"          +----------------->| ESTABLISHED |<----------------------+",
	"                             +-------------+",
	"           close(): send FIN  |           |  recv FIN: send ACK",
	"          +-------------------+           +---------------------+",
	"          v                                                     v",
	"    +-----------+   recv FIN: send ACK   +---------+     +------------+",
	"    | FIN_WAIT1 |----------------------->| CLOSING |     | CLOSE_WAIT |",
	"    +-----------+                        +---------+     +------------+",
	"      |       |                               |                 |",
	"      |       | recv FIN+ACK: send ACK        | recv ACK of FIN | close():",
	"      |       +---------------------+         |                 | send FIN",
	"      | recv ACK of FIN             |         |                 v",
	"      v                             v         v           +----------+",
	"    +-----------+                 +-------------+         | LAST_ACK |",
	"    | FIN_WAIT2 |---------------->|  TIME_WAIT  |         +----------+",
	"    +-----------+  recv FIN:      +-------------+               | recv ACK",
	"                   send ACK              |                      | of FIN",
	"                                         | 2MSL timer (60 s)    v",
	"                                         v                  (CLOSED)",
	"                                     (CLOSED)",
};

#define ART_ROWS (sizeof(art) / sizeof(art[0]))

/* Where the box of a state is: label row, first and last column. */
struct box {
	size_t row;
	int left, right;
};

/* The label the diagram uses: the kernel's name, CLOSE drawn as CLOSED. */
static const char *label(int state)
{
	return state == TCPD_CLOSE ? "CLOSED" : tcpd_state_name(state);
}

/* The box around "| LABEL |": the '|' either side of the label. */
static int find_box(int state, struct box *b)
{
	const char *name = label(state);
	size_t n = strlen(name), r;

	for (r = 1; r + 1 < ART_ROWS; r++) {
		const char *p = strstr(art[r], name);
		int l, e;

		if (!p)
			continue;
		for (l = (int)(p - art[r]) - 1; l >= 0 && art[r][l] == ' '; l--)
			;
		for (e = (int)(p - art[r] + n); art[r][e] == ' '; e++)
			;
		if (l < 0 || art[r][l] != '|' || art[r][e] != '|')
			continue;
		b->row = r;
		b->left = l;
		b->right = e;
		return 0;
	}
	return -1;
}

static void put_span(FILE *f, const char *s, int from, int to, bool hl_ascii, bool border)
{
	int i;

	for (i = from; i < to && s[i]; i++) {
		char c = s[i];

		if (hl_ascii && (c == '+' || c == '|'))
			c = '#';
		else if (hl_ascii && border && c == '-')
			c = '=';
		fputc(c, f);
	}
}

static void put_row(FILE *f, size_t r, const struct box *b, bool color)
{
	const char *s = art[r];
	int len = (int)strlen(s);

	if (!b || r + 1 < b->row || r > b->row + 1 || b->left >= len) {
		fputs(s, f);
		fputc('\n', f);
		return;
	}
	put_span(f, s, 0, b->left, false, false);
	if (color)
		fputs("\033[1;7m", f);
	put_span(f, s, b->left, b->right + 1, !color, r != b->row);
	if (color)
		fputs("\033[0m", f);
	put_span(f, s, b->right + 1, len, false, false);
	fputc('\n', f);
}

void diagram_print(FILE *f, int state, bool color)
{
	struct box b, *hl = NULL;
	size_t r;

	if (state && !find_box(state, &b))
		hl = &b;
	for (r = 0; r < ART_ROWS; r++)
		put_row(f, r, hl, color);
	fputs(_("Not drawn: SYN_RECV -> FIN_WAIT1 on close(); SYN_RECV -> LISTEN on a RST;\n"
		"LISTEN and SYN_SENT -> CLOSED on close(); any state -> CLOSED on a RST.\n"), f);
}

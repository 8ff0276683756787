// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * --ladder: one connection as an SVG sequence diagram. The client and the
 * server are lifelines; each segment is an arrow with its flags, relative
 * sequence numbers and time; each end's state is written beside its
 * lifeline where it changes.
 */
#include "render/pcap.h"
#include "tcpdoc/i18n.h"

#define LEFT 260
#define RIGHT 660
#define TOP 90
#define ROW 34

static void flags_str(uint8_t fl, char *buf, size_t len)
{
	static const struct { uint8_t bit; const char *name; } names[] = {
		{ TCPD_TH_SYN, "SYN" }, { TCPD_TH_FIN, "FIN" }, { TCPD_TH_RST, "RST" },
		{ TCPD_TH_PSH, "PSH" }, { TCPD_TH_ACK, "ACK" }, { TCPD_TH_URG, "URG" },
	};
	size_t i, n = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && n < len; i++)
		if (fl & names[i].bit)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "", names[i].name);
}

static void header(FILE *f, const struct tcpd_pcap_conn *c, size_t rows)
{
	char a[TCPD_ENDPOINTSTRLEN], b[TCPD_ENDPOINTSTRLEN];

	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"920\" height=\"%zu\" "
		"font-family=\"monospace\" font-size=\"12\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
		"<defs><marker id=\"arr\" markerWidth=\"10\" markerHeight=\"8\" refX=\"10\" refY=\"4\" "
		"orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\"/></marker></defs>\n",
		(size_t)TOP + rows * ROW + 60);
	fprintf(f, "<text x=\"%d\" y=\"30\" text-anchor=\"middle\" font-weight=\"bold\">%s %s</text>\n",
		LEFT, _("client"), tcpd_endpoint_str(&c->end[0].addr, c->end[0].port, 0, a, sizeof(a)));
	fprintf(f, "<text x=\"%d\" y=\"30\" text-anchor=\"middle\" font-weight=\"bold\">%s %s</text>\n",
		RIGHT, _("server"), tcpd_endpoint_str(&c->end[1].addr, c->end[1].port, 0, b, sizeof(b)));
	fprintf(f, "<text x=\"460\" y=\"55\" text-anchor=\"middle\">#%llu %s</text>\n",
		(unsigned long long)c->id, tcpd_pcap_outcome_name(c->outcome));
	fprintf(f, "<line x1=\"%d\" y1=\"65\" x2=\"%d\" y2=\"%zu\" stroke=\"#888\"/>\n"
		"<line x1=\"%d\" y1=\"65\" x2=\"%d\" y2=\"%zu\" stroke=\"#888\"/>\n",
		LEFT, LEFT, (size_t)TOP + rows * ROW + 20, RIGHT, RIGHT, (size_t)TOP + rows * ROW + 20);
}

static void state_label(FILE *f, int side, int st, size_t y)
{
	fprintf(f, "<text x=\"%d\" y=\"%zu\" text-anchor=\"%s\" fill=\"#a30\">%s</text>\n",
		side ? RIGHT + 10 : LEFT - 10, y + 4, side ? "start" : "end", tcpd_state_name(st));
}

static void arrow(FILE *f, const struct tcpd_pcap_conn *c, const struct tcpd_pcap_lseg *g,
		  size_t y, int64_t start)
{
	uint32_t isn = c->end[g->dir].iss, pisn = c->end[!g->dir].iss;
	int x1 = g->dir ? RIGHT : LEFT, x2 = g->dir ? LEFT : RIGHT;
	char fl[32];

	flags_str(g->flags, fl, sizeof(fl));
	fprintf(f, "<line x1=\"%d\" y1=\"%zu\" x2=\"%d\" y2=\"%zu\" stroke=\"%s\" "
		"marker-end=\"url(#arr)\"/>\n", x1, y, x2, y + ROW / 2,
		g->flags & TCPD_TH_RST ? "red" : "black");
	fprintf(f, "<text x=\"460\" y=\"%zu\" text-anchor=\"middle\">%s seq=%u ack=%u len=%u win=%u</text>\n",
		y - 2, fl, g->seq - isn, g->flags & TCPD_TH_ACK ? g->ack - pisn : 0, g->len, g->win);
	fprintf(f, "<text x=\"10\" y=\"%zu\" fill=\"#555\">%.6f</text>\n", y + 4,
		pcap_rel(g->ts, start));
}

void pcap_ladder_svg(FILE *f, const struct tcpd_pcap_conn *c, int64_t start)
{
	uint8_t shown[2] = { 0, 0 };
	size_t i, y;
	int side;

	header(f, c, c->nsegs);
	for (i = 0; i < c->nsegs; i++) {
		const struct tcpd_pcap_lseg *g = &c->segs[i];

		y = TOP + i * ROW;
		arrow(f, c, g, y, start);
		for (side = 0; side < 2; side++)
			if (g->state[side] != shown[side]) {
				state_label(f, side, g->state[side], y + ROW / 2);
				shown[side] = g->state[side];
			}
	}
	if (c->segs_cut)
		fprintf(f, "<text x=\"460\" y=\"%zu\" text-anchor=\"middle\">%s</text>\n",
			(size_t)TOP + c->nsegs * ROW + 40, _("(more segments not drawn)"));
	fputs("</svg>\n", f);
}

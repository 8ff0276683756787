// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The sections of a snapshot, checked and indexed. The order is the
 * writer's: META first; a namespace before anything naming it; a look's
 * LOOK, its SOCKS and its LOOK_END side by side; END last with nothing
 * after. Sections this reader does not know are skipped whole.
 */
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/vec.h"
#include "owners/owners_int.h"
#include "snapshot/parse.h"
#include "snapshot/records.h"

struct parse {
	struct tcpd_snap *s;
	const char *name;
	uint32_t type;
	size_t at;			/* the section's offset, for messages */
	bool meta, end;
	struct snap_look *look;		/* open look, or NULL */
	uint64_t look_count;
};

static int corrupt(struct parse *p, const char *why, struct tcpd_err *err)
{
	return tcpd_fail(err, TCPD_E_INPUT,
			 _("%s: corrupt snapshot (section %u at byte %zu: %s)"),
			 tcpd_q(p->name), p->type, p->at, why);
}

static struct snap_ns *ns_at(struct parse *p, struct snap_cur *c)
{
	uint32_t id = rd_u32(c);

	return id < p->s->nns ? &p->s->ns[id] : NULL;
}

static int sec_netns(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	struct tcpd_snap *s = p->s;
	struct snap_ns *n;

	if (rd_u32(c) != s->nns || s->nns >= SNAP_MAX_NETNS)
		return corrupt(p, _("namespaces out of order"), err);
	if (tcpd_vec_room(s->ns, s->nns, s->capns, 8))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	n = &s->ns[s->nns];
	memset(n, 0, sizeof(*n));
	if (snap_rd_netns(c, &n->ns))
		return corrupt(p, _("bad namespace"), err);
	s->nns++;
	return 0;
}

static int sec_kernel(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	struct snap_ns *n = ns_at(p, c);
	struct tcpd_kernel k;

	if (!n || n->nreads >= SNAP_MAX_READS)
		return corrupt(p, _("a counter read of no namespace"), err);
	if (snap_rd_kernel(c, &k))
		return corrupt(p, _("bad counter read"), err);
	if (tcpd_vec_room(n->reads, n->nreads, n->capreads, 2))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	n->reads[n->nreads++] = k;
	p->s->info.reads++;
	return 0;
}

static int sec_look(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	struct snap_ns *n = ns_at(p, c);
	struct snap_look *l;
	uint8_t fam;

	if (!n || n->nlooks >= SNAP_MAX_LOOKS)
		return corrupt(p, _("a look at no namespace"), err);
	if (tcpd_vec_room(n->looks, n->nlooks, n->caplooks, 2))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	l = &n->looks[n->nlooks];
	memset(l, 0, sizeof(*l));
	l->at_ns = rd_u64(c);
	l->states = rd_u32(c);
	fam = rd_u8(c);
	l->flags = rd_u8(c);
	l->family = fam;
	if ((fam != 0 && fam != 4 && fam != 6) || l->flags > 7)
		return corrupt(p, _("bad look"), err);
	n->nlooks++;
	p->look = l;
	p->look_count = 0;
	p->s->info.looks++;
	return 0;
}

static int sec_socks(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	size_t start = (size_t)(c->p - p->s->data);
	uint32_t n = rd_u32(c), i;
	char ifname[TCPD_IFNAMELEN];
	struct tcpd_sock sk;

	if (n > c->left / 32)	/* a record is at least 40 bytes */
		return corrupt(p, _("more records than bytes"), err);
	for (i = 0; i < n; i++)
		if (snap_rd_sock(c, &sk, ifname))
			return corrupt(p, _("bad socket record"), err);
	if (tcpd_vec_room(p->look->chunks, p->look->nchunks, p->look->capchunks, 4))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	p->look->chunks[p->look->nchunks++] = start;
	p->look_count += n;
	return 0;
}

static int sec_look_end(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	struct snap_look *l = p->look;
	uint8_t intr;

	l->count = rd_u64(c);
	intr = rd_u8(c);
	l->lacks = rd_u32(c);
	if (c->bad || l->count != p->look_count || intr > 1 || l->lacks > 0xf)
		return corrupt(p, _("a look's count does not match its records"), err);
	l->interrupted = intr;
	p->s->info.sockets += l->count;
	p->look = NULL;
	return 0;
}

static int sec_owners(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	uint32_t n = rd_u32(c), i;
	struct tcpd_owner o;
	uint64_t inode;

	if (n > c->left / 32)
		return corrupt(p, _("more owners than bytes"), err);
	for (i = 0; i < n; i++) {
		if (snap_rd_owner(c, &inode, &o))
			return corrupt(p, _("bad owner"), err);
		if (owners_add(p->s->owners, inode, o.pid, o.fd, o.comm))
			return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	p->s->info.owners += n;
	return 0;
}

static int sec_notes(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	struct tcpd_snap_info *i = &p->s->info;

	i->netns_denied = rd_u64(c);
	i->netns_listed = rd_u64(c);
	i->owners_hidden = rd_u64(c);
	if (i->netns_denied > i->netns_listed || i->netns_listed > SNAP_MAX_NETNS ||
	    i->owners_hidden > (1u << 24))
		return corrupt(p, _("bad notes"), err);
	return 0;
}

static int sec_events(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	int ret;

	if (p->s->events)
		return corrupt(p, _("two connect traces"), err);
	p->s->events = true;
	ret = snap_rd_connects(c, &p->s->connects);
	if (ret == -2)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (ret)
		return corrupt(p, _("bad connect trace"), err);
	return 0;
}

static int sec_end(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	if (rd_u64(c) != p->s->info.sockets)
		return corrupt(p, _("the socket count does not match the records"), err);
	p->end = true;
	return 0;
}

/* A section in its place: what may come where. */
static int one(struct parse *p, struct snap_cur *c, struct tcpd_err *err)
{
	if (!p->meta && p->type != SNAP_SEC_META)
		return corrupt(p, _("no META section first"), err);
	if (p->look && p->type != SNAP_SEC_SOCKS && p->type != SNAP_SEC_LOOK_END)
		return corrupt(p, _("a look that does not end"), err);
	if (!p->look && (p->type == SNAP_SEC_SOCKS || p->type == SNAP_SEC_LOOK_END))
		return corrupt(p, _("records outside a look"), err);
	switch (p->type) {
	case SNAP_SEC_META:
		if (p->meta || snap_rd_meta(c, &p->s->info))
			return corrupt(p, _("bad META section"), err);
		p->meta = true;
		return 0;
	case SNAP_SEC_NETNS: return sec_netns(p, c, err);
	case SNAP_SEC_KERNEL: return sec_kernel(p, c, err);
	case SNAP_SEC_LOOK: return sec_look(p, c, err);
	case SNAP_SEC_SOCKS: return sec_socks(p, c, err);
	case SNAP_SEC_LOOK_END: return sec_look_end(p, c, err);
	case SNAP_SEC_OWNERS: return sec_owners(p, c, err);
	case SNAP_SEC_NOTES: return sec_notes(p, c, err);
	case SNAP_SEC_EVENTS: return sec_events(p, c, err);
	case SNAP_SEC_END: return sec_end(p, c, err);
	default:
		c->left = 0;	/* newer: not ours to judge */
		return 0;
	}
}

int snap_parse(struct tcpd_snap *s, const char *name, struct tcpd_err *err)
{
	struct parse p = { .s = s, .name = name };
	struct snap_cur all = { s->data, s->len, false };

	while (all.left && !p.end) {
		struct snap_cur c;
		uint32_t len;

		p.at = s->len - all.left;
		p.type = rd_u32(&all);
		len = rd_u32(&all);
		if (all.bad || len > SNAP_MAX_SECTION || len > all.left)
			return tcpd_fail(err, TCPD_E_INPUT, _("%s: truncated snapshot"), tcpd_q(name));
		c = (struct snap_cur){ rd_bytes(&all, len), len, false };
		if (one(&p, &c, err))
			return -1;
		if (c.bad || c.left)
			return corrupt(&p, c.bad ? _("shorter than its fields") : _("longer than its fields"), err);
	}
	if (!p.end)
		return tcpd_fail(err, TCPD_E_INPUT, _("%s: truncated snapshot"), tcpd_q(name));
	if (all.left)
		return corrupt(&p, _("data after the end"), err);
	if (owners_index(s->owners))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	s->owners->hidden = (size_t)s->info.owners_hidden;
	s->info.nns = s->nns;
	return 0;
}

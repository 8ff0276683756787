// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One socket record, one counter read and one namespace, to bytes and
 * back. Decoders check every field a later reader trusts (family, state,
 * timer, lengths), so a record that decodes is one a live source could
 * have streamed.
 */
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "tcpdoc/state.h"
#include "snapshot/records.h"

enum { REC_INFO = 1, REC_IFNAME = 2 };

/*
 * tcp_info is kept in the kernel's layout with every field little-endian:
 * eight single bytes, then 32-bit fields except these 64-bit ones. The
 * kernel only appends to the struct, so a shorter or longer one from
 * another kernel still lines up field by field.
 */
static const size_t info_u64[] = {
	offsetof(struct tcp_info, tcpi_pacing_rate),
	offsetof(struct tcp_info, tcpi_max_pacing_rate),
	offsetof(struct tcp_info, tcpi_bytes_acked),
	offsetof(struct tcp_info, tcpi_bytes_received),
	offsetof(struct tcp_info, tcpi_delivery_rate),
	offsetof(struct tcp_info, tcpi_busy_time),
	offsetof(struct tcp_info, tcpi_rwnd_limited),
	offsetof(struct tcp_info, tcpi_sndbuf_limited),
	offsetof(struct tcp_info, tcpi_bytes_sent),
	offsetof(struct tcp_info, tcpi_bytes_retrans),
};

static size_t info_field(size_t off)
{
	size_t i;

	if (off < 8)
		return 1;
	for (i = 0; i < sizeof(info_u64) / sizeof(info_u64[0]); i++)
		if (info_u64[i] == off)
			return 8;
	return 4;
}

static void wr_info(struct snap_buf *b, const struct tcp_info *ti)
{
	const uint8_t *p = (const uint8_t *)ti;
	size_t off, n;

	wr_u16(b, sizeof(*ti));
	for (off = 0; off < sizeof(*ti); off += n) {
		uint32_t v32;
		uint64_t v64;

		n = info_field(off);
		if (n == 1) {
			wr_u8(b, p[off]);
		} else if (n == 4) {
			memcpy(&v32, p + off, 4);
			wr_u32(b, v32);
		} else {
			memcpy(&v64, p + off, 8);
			wr_u64(b, v64);
		}
	}
}

/* Fields the file has that this build's struct lacks are skipped; missing ones stay 0. */
static void rd_info(struct snap_cur *c, struct tcp_info *ti)
{
	uint8_t *p = (uint8_t *)ti;
	size_t len = rd_u16(c), off, n;
	struct snap_cur f;
	const uint8_t *raw;

	memset(ti, 0, sizeof(*ti));
	if (len > SNAP_MAX_INFO || !(raw = rd_bytes(c, len))) {
		c->bad = true;
		return;
	}
	f = (struct snap_cur){ raw, len, false };
	for (off = 0; off < sizeof(*ti); off += n) {
		n = info_field(off);
		if (f.left < n)
			break;
		if (n == 1) {
			p[off] = rd_u8(&f);
		} else if (n == 4) {
			uint32_t v = rd_u32(&f);

			memcpy(p + off, &v, 4);
		} else {
			uint64_t v = rd_u64(&f);

			memcpy(p + off, &v, 8);
		}
	}
}

static void wr_addr(struct snap_buf *b, const struct tcpd_addr *a)
{
	wr_bytes(b, a->b, a->family == AF_INET6 ? 16 : 4);
}

void snap_wr_sock(struct snap_buf *b, const struct tcpd_sock *s, const char *ifname)
{
	uint8_t flags = (s->has_info ? REC_INFO : 0) | (ifname ? REC_IFNAME : 0);

	wr_u8(b, s->local.family == AF_INET6 ? 6 : 4);
	wr_u8(b, s->state);
	wr_u8(b, s->timer);
	wr_u8(b, s->retrans);
	wr_u8(b, s->v6only);
	wr_u8(b, flags);
	wr_u16(b, s->lport);
	wr_u16(b, s->rport);
	wr_addr(b, &s->local);
	wr_addr(b, &s->remote);
	wr_u32(b, s->recv_q);
	wr_u32(b, s->send_q);
	wr_u32(b, s->expires_ms);
	wr_u32(b, s->uid);
	wr_u32(b, s->ifindex);
	wr_u64(b, s->inode);
	wr_u64(b, s->cookie);
	if (ifname)
		wr_str(b, ifname);
	if (s->has_info)
		wr_info(b, &s->info);
}

static void rd_addr(struct snap_cur *c, int family, struct tcpd_addr *a)
{
	const uint8_t *p = rd_bytes(c, family == AF_INET6 ? 16 : 4);

	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)family;
	if (p)
		memcpy(a->b, p, family == AF_INET6 ? 16 : 4);
}

int snap_rd_sock(struct snap_cur *c, struct tcpd_sock *s, char *ifname)
{
	uint8_t fam = rd_u8(c), flags;
	int family = fam == 6 ? AF_INET6 : AF_INET;

	memset(s, 0, sizeof(*s));
	s->state = rd_u8(c);
	s->timer = rd_u8(c);
	s->retrans = rd_u8(c);
	s->v6only = rd_u8(c);
	flags = rd_u8(c);
	s->lport = rd_u16(c);
	s->rport = rd_u16(c);
	rd_addr(c, family, &s->local);
	rd_addr(c, family, &s->remote);
	s->recv_q = rd_u32(c);
	s->send_q = rd_u32(c);
	s->expires_ms = rd_u32(c);
	s->uid = rd_u32(c);
	s->ifindex = rd_u32(c);
	s->inode = rd_u64(c);
	s->cookie = rd_u64(c);
	ifname[0] = '\0';
	if (flags & REC_IFNAME)
		rd_str(c, ifname, TCPD_IFNAMELEN);
	s->has_info = flags & REC_INFO;
	if (s->has_info)
		rd_info(c, &s->info);
	if ((fam != 4 && fam != 6) || !s->state || s->state >= TCPD_STATE_MAX ||
	    s->timer > TCPD_TIMER_PROBE || s->v6only > TCPD_V6ONLY_YES ||
	    (flags & ~(REC_INFO | REC_IFNAME)))
		c->bad = true;
	return c->bad ? -1 : 0;
}

/* A read's time, CLOCK_MONOTONIC seconds, kept as whole nanoseconds. */
static uint64_t at_ns(double at)
{
	return at > 0 ? (uint64_t)(at * 1e9) : 0;
}

void snap_wr_kernel(struct snap_buf *b, const struct tcpd_kernel *k)
{
	int i;

	wr_u64(b, at_ns(k->at));
	wr_u8(b, k->has_sockstat);
	wr_u64(b, k->inuse);
	wr_u64(b, k->orphan);
	wr_u64(b, k->tw);
	wr_u64(b, k->alloc);
	wr_u64(b, k->mem_pages);
	/* By name, so a reader with more or fewer settings still matches them. */
	wr_u16(b, TCPD_SYS_MAX);
	for (i = 0; i < TCPD_SYS_MAX; i++) {
		wr_str(b, tcpd_sysctl_name(i));
		wr_u8(b, (uint8_t)(k->has_sys[i] | ((k->sys_unread >> i) & 1u) << 1));
		wr_u64(b, (uint64_t)k->sys[i]);
	}
	wr_u16(b, TCPD_C_MAX);
	for (i = 0; i < TCPD_C_MAX; i++) {
		wr_str(b, tcpd_counter_name(i));
		wr_u8(b, k->has_ctr[i]);
		wr_u64(b, k->ctr[i]);
	}
}

static int by_name(const char *name, const char *(*namer)(int), int max)
{
	int i;

	for (i = 0; i < max; i++)
		if (!strcmp(namer(i), name))
			return i;
	return -1;
}

static void set_sysctl(struct tcpd_kernel *k, int w, uint8_t fl, uint64_t v)
{
	k->has_sys[w] = fl & 1;
	k->sys[w] = (int64_t)v;
	if (fl & 2)
		k->sys_unread |= 1u << w;
}

static void set_counter(struct tcpd_kernel *k, int w, uint8_t fl, uint64_t v)
{
	k->has_ctr[w] = fl & 1;
	k->ctr[w] = v;
}

/* Named values (sysctls or counters): the ones this build knows are kept. */
static void rd_named(struct snap_cur *c, struct tcpd_kernel *k, const char *(*namer)(int),
		     int max, void (*set)(struct tcpd_kernel *, int, uint8_t, uint64_t))
{
	unsigned int n = rd_u16(c), i;
	char name[64];

	if (n > SNAP_MAX_NAMED)
		c->bad = true;
	for (i = 0; i < n && !c->bad; i++) {
		uint8_t fl;
		uint64_t v;
		int w;

		rd_str(c, name, sizeof(name));
		fl = rd_u8(c);
		v = rd_u64(c);
		w = by_name(name, namer, max);
		if (w >= 0 && !c->bad)
			set(k, w, fl, v);
	}
}

int snap_rd_kernel(struct snap_cur *c, struct tcpd_kernel *k)
{
	memset(k, 0, sizeof(*k));
	k->at = (double)rd_u64(c) / 1e9;
	k->has_sockstat = rd_u8(c) & 1;
	k->inuse = rd_u64(c);
	k->orphan = rd_u64(c);
	k->tw = rd_u64(c);
	k->alloc = rd_u64(c);
	k->mem_pages = rd_u64(c);
	rd_named(c, k, tcpd_sysctl_name, TCPD_SYS_MAX, set_sysctl);
	rd_named(c, k, tcpd_counter_name, TCPD_C_MAX, set_counter);
	return c->bad ? -1 : 0;
}

void snap_wr_netns(struct snap_buf *b, const struct tcpd_netns *ns)
{
	wr_u64(b, ns->inode);
	wr_u32(b, (uint32_t)ns->pid);
	wr_str(b, ns->name);
	wr_str(b, ns->container);
	wr_str(b, ns->path);
}

int snap_rd_netns(struct snap_cur *c, struct tcpd_netns *ns)
{
	memset(ns, 0, sizeof(*ns));
	ns->inode = rd_u64(c);
	ns->pid = (pid_t)(rd_u32(c) & 0x7fffffff);
	rd_str(c, ns->name, sizeof(ns->name));
	rd_str(c, ns->container, sizeof(ns->container));
	rd_str(c, ns->path, sizeof(ns->path));
	return c->bad ? -1 : 0;
}

void snap_wr_owner(struct snap_buf *b, uint64_t inode, const struct tcpd_owner *o)
{
	char comm[sizeof(o->comm)] = { 0 };

	memcpy(comm, o->comm, strnlen(o->comm, sizeof(comm) - 1));
	wr_u64(b, inode);
	wr_u32(b, (uint32_t)o->pid);
	wr_u32(b, (uint32_t)o->fd);
	wr_bytes(b, comm, sizeof(comm));
}

int snap_rd_owner(struct snap_cur *c, uint64_t *inode, struct tcpd_owner *o)
{
	const uint8_t *comm;

	*inode = rd_u64(c);
	o->pid = (pid_t)rd_u32(c);
	o->fd = (int)rd_u32(c);
	comm = rd_bytes(c, sizeof(o->comm));
	if (!comm)
		return -1;
	memcpy(o->comm, comm, sizeof(o->comm));
	o->comm[sizeof(o->comm) - 1] = '\0';
	if (!*inode || o->pid <= 0 || o->fd < 0)
		c->bad = true;
	return c->bad ? -1 : 0;
}

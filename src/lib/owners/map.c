// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The owner map: records (inode, owner) appended by a scanner, then sorted
 * by inode and indexed, so the owners of one socket sit side by side.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/vec.h"
#include "owners/owners_int.h"

struct tcpd_owners *tcpd_owners_new(void)
{
	struct tcpd_owners *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	if (u64map_init(&o->wanted, 64)) {
		free(o);
		return NULL;
	}
	return o;
}

void tcpd_owners_free(struct tcpd_owners *o)
{
	if (!o)
		return;
	u64map_free(&o->wanted);
	u64map_free(&o->index);
	free(o->recs);
	free(o->sorted);
	free(o);
}

int tcpd_owners_want(struct tcpd_owners *o, uint64_t inode)
{
	if (!inode)
		return 0;	/* TIME_WAIT and request sockets have no file */
	return u64map_put(&o->wanted, inode, 1);
}

bool owners_wants(const struct tcpd_owners *o, uint64_t inode)
{
	return !u64map_len(&o->wanted) || u64map_has(&o->wanted, inode);
}

int owners_add(struct tcpd_owners *o, uint64_t inode, pid_t pid, int fd,
	       const char *comm)
{
	struct owner_rec *r;

	if (o->each) {
		struct tcpd_owner own = { .pid = pid, .fd = fd };

		snprintf(own.comm, sizeof(own.comm), "%s", comm);
		o->handed++;
		return o->each(inode, &own, o->each_arg);
	}
	if (tcpd_vec_room(o->recs, o->nrecs, o->caprecs, 256))
		return -1;
	r = &o->recs[o->nrecs++];
	r->inode = inode;
	r->own.pid = pid;
	r->own.fd = fd;
	snprintf(r->own.comm, sizeof(r->own.comm), "%s", comm);
	return 0;
}

static int cmp_rec(const void *a, const void *b)
{
	const struct owner_rec *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	if (x->own.pid != y->own.pid)
		return x->own.pid < y->own.pid ? -1 : 1;
	return x->own.fd - y->own.fd;
}

int owners_index(struct tcpd_owners *o)
{
	size_t i, start = 0;

	if (o->nrecs > 1)
		qsort(o->recs, o->nrecs, sizeof(*o->recs), cmp_rec);
	/* get() hands out runs of owners, so they must sit side by side. */
	o->sorted = malloc((o->nrecs ? o->nrecs : 1) * sizeof(*o->sorted));
	if (!o->sorted || u64map_init(&o->index, o->nrecs))
		return -1;
	for (i = 0; i < o->nrecs; i++)
		o->sorted[i] = o->recs[i].own;
	for (i = 1; i <= o->nrecs; i++) {
		if (i < o->nrecs && o->recs[i].inode == o->recs[start].inode)
			continue;
		if (u64map_put(&o->index, o->recs[start].inode,
			       (uint64_t)start << 32 | (i - start)))
			return -1;
		start = i;
	}
	return 0;
}

/*
 * The BPF iterator where it loads, else /proc. When it fails after handing
 * fds to a scan_each callback, those cannot be taken back: no fallback
 * then, or they would be counted twice.
 */
static int scan(struct tcpd_owners *o, enum tcpd_owner_source src, struct tcpd_err *err)
{
	int ret = -1;

	if (src != TCPD_OWN_PROC) {
		ret = owners_scan_bpf(o, err);
		if (!ret)
			o->used = TCPD_OWN_BPF;
		else if (src == TCPD_OWN_BPF || o->handed)
			return -1;
	}
	if (ret) {
		o->nrecs = 0;
		o->hidden = 0;
		if (owners_scan_proc(o, err))
			return -1;
		o->used = TCPD_OWN_PROC;
	}
	return 0;
}

int tcpd_owners_scan_each(struct tcpd_owners *o, enum tcpd_owner_source src,
			  tcpd_owner_cb fn, void *arg, struct tcpd_err *err)
{
	int ret;

	o->each = fn;
	o->each_arg = arg;
	ret = scan(o, src, err);
	o->each = NULL;
	return ret;
}

int tcpd_owners_scan(struct tcpd_owners *o, enum tcpd_owner_source src,
		     struct tcpd_err *err)
{
	if (scan(o, src, err))
		return -1;
	if (owners_index(o))
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

size_t tcpd_owners_get(const struct tcpd_owners *o, uint64_t inode,
		       const struct tcpd_owner **out)
{
	const uint64_t *v = inode ? u64map_get(&o->index, inode) : NULL;

	if (!v)
		return 0;
	*out = &o->sorted[*v >> 32];
	return (size_t)(*v & 0xffffffffu);
}

size_t tcpd_owners_hidden(const struct tcpd_owners *o)
{
	return o->hidden;
}

enum tcpd_owner_source tcpd_owners_source(const struct tcpd_owners *o)
{
	return o->used;
}

int owners_copy(struct tcpd_owners *dst, const struct tcpd_owners *src)
{
	size_t i;

	for (i = 0; i < src->nrecs; i++)
		if (owners_wants(dst, src->recs[i].inode) &&
		    owners_add(dst, src->recs[i].inode, src->recs[i].own.pid,
			       src->recs[i].own.fd, src->recs[i].own.comm))
			return -1;
	dst->hidden = src->hidden;
	dst->used = src->used;
	return owners_index(dst);
}

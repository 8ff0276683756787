// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpd_snapshot_take: the owner map first (one scan, host-wide), then the
 * doctor's own run with the scope recording, then the owners of the
 * sockets its looks saw and what it could not see.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcpdoc/filter.h"
#include "tcpdoc/i18n.h"
#include "owners/owners_int.h"
#include "snapshot/records.h"
#include "snapshot/snap_int.h"

static int flush_owners(struct tcpd_snap *s, uint32_t n, struct snap_buf *recs,
			struct tcpd_err *err)
{
	if (!n)
		return 0;
	wr_u32(&s->out->sec, n);
	wr_bytes(&s->out->sec, recs->p, recs->len);
	recs->len = 0;
	return snap_out_section(s, SNAP_SEC_OWNERS, err);
}

/* The owners of every socket a look saw, in chunks. */
static int rec_owners(struct tcpd_snap *s, struct tcpd_err *err)
{
	const struct tcpd_owners *o = s->owners;
	struct snap_buf recs = { 0 };
	uint32_t n = 0;
	size_t i;
	int ret = 0;

	for (i = 0; i < o->nrecs && !ret; i++) {
		if (!u64map_has(&s->out->seen, o->recs[i].inode))
			continue;
		snap_wr_owner(&recs, o->recs[i].inode, &o->recs[i].own);
		s->info.owners++;
		if (recs.fail)
			ret = tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
		else if (++n == SNAP_CHUNK) {
			ret = flush_owners(s, n, &recs, err);
			n = 0;
		}
	}
	if (!ret)
		ret = flush_owners(s, n, &recs, err);
	free(recs.p);
	return ret;
}

static void info_scope(struct tcpd_snap_info *i, const struct tcpd_doctor_opts *o)
{
	i->interval_ms = o->interval_ms;
	i->all_netns = o->scope->all_netns;
	snprintf(i->netns, sizeof(i->netns), "%s", o->scope->netns ? o->scope->netns : "");
	i->family = o->scope->family;
	i->source = o->scope->source;
}

/* Everything but the doctor's run. */
static int start(struct tcpd_snap *s, const struct tcpd_doctor_opts *o, const char *path,
		 struct tcpd_err *err)
{
	struct tcpd_filter all;

	tcpd_filter_init(&all);
	s->owners = tcpd_owners_for(o->scope, &all, o->owners, err);
	if (!s->owners)
		return -1;
	if (snap_out_open(s, path, err))
		return -1;
	return snap_rec_meta(s, err);
}

static int finish(struct tcpd_snap *s, const struct tcpd_doctor_opts *o,
		  const struct tcpd_doctor_result *res, struct tcpd_err *err)
{
	s->info.netns_denied = res->netns_denied;
	s->info.netns_listed = o->scope->all_netns ? o->scope->nall : 1;
	s->info.owners_hidden = tcpd_owners_hidden(s->owners);
	s->info.nns = s->nns;
	if (snap_rec_connects(s, &res->connects, err) || rec_owners(s, err))
		return -1;
	return snap_rec_end(s, err);
}

int tcpd_snapshot_take(const struct tcpd_doctor_opts *o, const char *path,
		       const char *version, struct tcpd_doctor_result *res,
		       struct tcpd_snap_info *info, struct tcpd_err *err)
{
	struct tcpd_snap *s = calloc(1, sizeof(*s));
	bool ran = false;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (!s)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	snap_info_now(&s->info, version);
	info_scope(&s->info, o);
	if (start(s, o, path, err))
		goto out;
	o->scope->snap = s;
	ret = tcpd_doctor_run(o, res, err);
	o->scope->snap = NULL;
	ran = !ret;
	if (!ret)
		ret = finish(s, o, res, err);
	if (!ret)
		*info = s->info;
out:
	if (ret && ran)
		tcpd_doctor_result_free(res);
	if (ret && s->out && s->out->created)
		unlink(path);	/* never half a snapshot */
	tcpd_snap_free(s);
	return ret;
}

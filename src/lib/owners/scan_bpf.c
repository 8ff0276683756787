// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Owners from an iter/task_file BPF iterator (src/bpf/owners.bpf.c): the
 * kernel walks every process's file table and writes a record per socket;
 * we read them in large chunks. Needs root and BTF; otherwise the caller
 * falls back to /proc.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "core/bpf_iter.h"
#include "tcpdoc/i18n.h"
#include "owners/owners_int.h"

#if TCPD_HAVE_BPF
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/owners.h"
#include "owners.skel.h"

static int take(const void *recs, size_t n, void *arg, struct tcpd_err *err)
{
	const struct owner_event *ev = recs;
	struct tcpd_owners *o = arg;
	size_t i;

	for (i = 0; i < n; i++) {
		char comm[sizeof(ev[i].comm) + 1];

		if (!owners_wants(o, ev[i].inode))
			continue;
		memcpy(comm, ev[i].comm, sizeof(ev[i].comm));
		comm[sizeof(ev[i].comm)] = '\0';
		if (owners_add(o, ev[i].inode, (pid_t)ev[i].pid, (int)ev[i].fd, comm))
			return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	return 0;
}

int owners_scan_bpf(struct tcpd_owners *o, struct tcpd_err *err)
{
	libbpf_print_fn_t old = libbpf_set_print(tcpd_bpf_quiet);
	struct owners_skel *skel;
	struct bpf_link *link = NULL;
	int fd = -1, ret = -1;

	skel = owners_skel__open_and_load();
	if (!skel) {
		tcpd_fail_errno(err, errno, _("cannot load the BPF owner iterator"));
		goto out;
	}
	link = bpf_program__attach_iter(skel->progs.owners, NULL);
	if (!link) {
		tcpd_fail_errno(err, errno, _("cannot attach the BPF owner iterator"));
		goto out;
	}
	fd = bpf_iter_create(bpf_link__fd(link));
	if (fd < 0) {
		tcpd_fail_errno(err, errno, _("cannot start the BPF owner iterator"));
		goto out;
	}
	ret = tcpd_bpf_iter_read(fd, sizeof(struct owner_event), take, o,
				 _("reading the BPF owner iterator failed"), err);
out:
	if (fd >= 0)
		close(fd);
	bpf_link__destroy(link);
	owners_skel__destroy(skel);
	libbpf_set_print(old);
	return ret;
}

#else

int owners_scan_bpf(struct tcpd_owners *o, struct tcpd_err *err)
{
	(void)o;
	return tcpd_fail(err, TCPD_E_IO, _("BPF owner scan is not built in"));
}

#endif

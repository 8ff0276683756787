// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Owners from an iter/task_file BPF iterator (src/bpf/owners.bpf.c): the
 * kernel walks every process's file table and writes a record per socket;
 * we read them in large chunks. Needs root and BTF; otherwise the caller
 * falls back to /proc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "owners_impl.h"

#if TCPD_HAVE_BPF
#include <linux/types.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../bpf/owners.h"
#include "owners.skel.h"

#define ITER_BUF (256 * sizeof(struct owner_event))

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int take(struct tcpd_owners *o, const struct owner_event *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char comm[sizeof(ev[i].comm) + 1];

		if (!owners_wants(o, ev[i].inode))
			continue;
		memcpy(comm, ev[i].comm, sizeof(ev[i].comm));
		comm[sizeof(ev[i].comm)] = '\0';
		if (owners_add(o, ev[i].inode, (pid_t)ev[i].pid, (int)ev[i].fd, comm))
			return -1;
	}
	return 0;
}

/* Records never straddle reads: the kernel's seq_file only hands out whole ones. */
static int read_iter(struct tcpd_owners *o, int fd, struct tcpd_err *err)
{
	struct owner_event *buf = malloc(ITER_BUF);
	ssize_t n;
	int ret = 0;

	if (!buf)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	while ((n = read(fd, buf, ITER_BUF)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = tcpd_fail_errno(err, errno, _("reading the BPF owner iterator failed"));
			break;
		}
		if (take(o, buf, (size_t)n / sizeof(*buf))) {
			ret = tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
			break;
		}
	}
	free(buf);
	return ret;
}

int owners_scan_bpf(struct tcpd_owners *o, struct tcpd_err *err)
{
	libbpf_print_fn_t old = libbpf_set_print(quiet);
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
	ret = read_iter(o, fd, err);
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

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz harness (libFuzzer's interface; AFL++ runs it too, through its
 * driver): the input is a snapshot file (tcpdoc snapshot -o FILE). Either
 * the reader refuses it with one line naming it, or every namespace, look,
 * record, counter read and owner it accepted replays through a scope as
 * diagnose, summary and ls would read them. Built and run by
 * tests/fuzz/run.sh.
 *
 * zstd's checksum stops nearly every mutation of a file at the door, so an
 * input that starts with 'R' is the unpacked sections instead: the harness
 * packs them into a file, and the section reader itself is fuzzed
 * (seeds.sh makes such inputs from the real snapshots).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "tcpdoc/snapshot.h"
#include "tcpdoc/state.h"

struct seen {
	uint64_t socks;
	const struct tcpd_owners *owners;
	struct tcpd_scope *scope;
};

static int on_sock(const struct tcpd_sock *s, void *arg, struct tcpd_err *err)
{
	struct seen *n = arg;

	(void)err;
	/* What a renderer trusts: a state it can name, an address family. */
	if (!s->state || s->state >= TCPD_STATE_MAX ||
	    (s->local.family != AF_INET && s->local.family != AF_INET6))
		abort();
	if (s->ifname && strlen(s->ifname) >= TCPD_IFNAMELEN)
		abort();
	n->socks++;
	return 0;
}

static int on_ns(const struct tcpd_netns *ns, void *arg, struct tcpd_err *err)
{
	struct seen *n = arg;
	struct tcpd_query q = { .want_info = true };
	struct tcpd_kernel first, k;
	struct tcpd_rates r;

	(void)ns;
	if (tcpd_scope_kernel_read(n->scope, &first, err) ||
	    tcpd_scope_kernel_sample(n->scope, &first, &k, &r, 1000, err))
		abort();
	/* Twice: the doctor's looks in order, then again past the last. */
	if (tcpd_scope_dump(n->scope, &q, on_sock, n, err) ||
	    tcpd_scope_dump(n->scope, &q, on_sock, n, err))
		abort();
	return 0;
}

static void one(const uint8_t *data, size_t size);

/* 'R' + sections: a file around them, as the writer makes it. */
static void raw(const uint8_t *data, size_t size)
{
	static const uint8_t head[16] = { 'T', 'C', 'P', 'D', 'S', 'N', 'A', 'P', 1 };
	size_t cap = 16 + ZSTD_compressBound(size), n;
	uint8_t *file = malloc(cap);

	if (!file)
		abort();
	memcpy(file, head, sizeof(head));
	n = ZSTD_compress(file + 16, cap - 16, data, size, 1);
	if (ZSTD_isError(n))
		abort();
	one(file, 16 + n);
	free(file);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size && data[0] == 'R')
		raw(data + 1, size - 1);
	else
		one(data, size);
	return 0;
}

static void one(const uint8_t *data, size_t size)
{
	struct tcpd_scope scope = { 0 };
	struct tcpd_err err = { 0 };
	struct tcpd_owners *o;
	struct tcpd_snap *s;
	struct seen n = { .scope = &scope };

	if (tcpd_snap_open_mem(data, size, "fuzz.snap", 64u << 20, &s, &err)) {
		if (!err.msg[0] || strchr(err.msg, '\n') || !strstr(err.msg, "fuzz.snap"))
			abort();
		return;
	}
	tcpd_scope_replay(&scope, s);
	tcpd_scope_replay_start(&scope);
	if (tcpd_scope_each(&scope, on_ns, &n, &err))
		abort();
	o = tcpd_owners_new();
	if (!o || tcpd_scope_owners_scan(&scope, o, TCPD_OWN_AUTO, &err))
		abort();
	tcpd_owners_free(o);
	if (n.socks > 2 * tcpd_snap_info(s)->sockets)
		abort();
	tcpd_snap_free(s);
}

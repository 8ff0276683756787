// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * floor_iter: count TCP sockets per state with the iter/tcp BPF iterator,
 * which walks the listening and established hashes (TIME_WAIT included) of
 * the namespace the iterator was created in, both families at once.
 * The few kernel types needed are declared here and relocated by CO-RE.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct sock_common {
	unsigned char skc_state;
} __attribute__((preserve_access_index));

struct bpf_iter_meta;

struct bpf_iter__tcp {
	struct bpf_iter_meta *meta;
	struct sock_common *sk_common;
} __attribute__((preserve_access_index));

char LICENSE[] SEC("license") = "GPL";

__u64 counts[16];

SEC("iter/tcp")
int count_tcp(struct bpf_iter__tcp *ctx)
{
	struct sock_common *skc = ctx->sk_common;

	if (skc)
		counts[skc->skc_state & 15]++;
	return 0;
}

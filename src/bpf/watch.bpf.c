// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * watch: every TCP state change, from tp_btf/inet_sock_set_state (needs BTF,
 * not tracefs). For each change the kernel half reports how long the socket
 * sat in the old state and who owns it:
 *
 * - start times live in a per-socket hash keyed by the sock pointer,
 *   deleted on CLOSE; it is bounded (max_entries) and allocated as it
 *   fills, never evicts, and a failed update is counted, never silent;
 * - the owner is taken from the current task only when that task holds
 *   the socket (lock_sock: connect, listen, close, shutdown, backlog work);
 *   changes made in softirq (a segment arriving, a timer), where the
 *   current task is whoever was interrupted, report the remembered owner,
 *   or for a passively opened child, its listener's;
 * - FIN_WAIT2/CLOSING -> CLOSE without an error is the hand-over to a
 *   time-wait mini socket, which the tracepoint never reports: flagged so
 *   user space can say TIME_WAIT (and follow the mini socket by cookie).
 *
 * - with count_times (serve), the time spent in each state is counted
 *   here, in fixed buckets per state, and nothing crosses to user space
 *   but the counters it reads (emit_events off).
 *
 * Filters are const volatile, set before load, so nobody pays for events
 * nobody asked for.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "watch.h"

#define AF_INET		2
#define AF_INET6	10
#define IPPROTO_TCP	6

const volatile __u16 filter_sport = 0;
const volatile __u16 filter_dport = 0;
const volatile __u16 filter_port = 0;	/* either end */
const volatile __u16 filter_family = 0;
const volatile __u32 filter_netns = 0;
const volatile __u32 filter_states = 0;	/* TCPD_STATE_BIT mask of old or new */
const volatile __u32 filter_pid = 0;
const volatile bool emit_events = true;
const volatile bool count_times = false;

static const __u64 hist_le_ms[WATCH_HIST_N - 1] = WATCH_HIST_LE_MS;

/* Set once an update of the per-socket map failed: starts may be missing. */
__u32 map_was_full = 0;

struct sk_info {
	__u64 start_ns;
	__u32 pid;
	__u16 sport;		/* the kernel zeroes it on the way to CLOSE */
	__u8 state;
	__u8 has_owner;
	char comm[WATCH_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1 << 20);	/* user space may resize before load */
	__type(key, __u64);
	__type(value, struct sk_info);
} socks SEC(".maps");

struct listen_key {
	__u32 netns;
	__u16 port;
	__u16 family;
};

struct owner {
	__u32 pid;
	char comm[WATCH_COMM_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, struct listen_key);
	__type(value, struct owner);
} listeners SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);	/* user space may resize before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WATCH_NSTATES);
	__type(key, __u32);
	__type(value, struct watch_times);
} times SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WATCH_C_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);

	if (c)
		*c += 1;
}

/*
 * Process context, on the socket's behalf: the socket lock is owned by a
 * task (lock_sock() in connect, listen, close, shutdown, and the backlog
 * and deferred timer work release_sock() runs for its owner). Softirq
 * never takes ownership: it defers to the backlog when the owner holds it.
 * (preempt_count via the __preempt_count ksym would do too, but kernels
 * without KALLSYMS_ALL cannot resolve it.)
 */
static __always_inline bool owned_by_task(const struct sock *sk)
{
	return BPF_CORE_READ(sk, sk_lock.owned) != 0;
}

/*
 * A socket entering SYN_SENT has no local port yet (connect() picks it
 * after the tracepoint): user space holds that change until it learns the
 * port, and filters it then, so it passes local-port filters here.
 */
static __always_inline bool port_match(__u16 sport, __u16 dport, int new)
{
	bool unbound = !sport && new == TCP_SYN_SENT;

	if (filter_sport && sport != filter_sport && !unbound)
		return false;
	if (filter_dport && dport != filter_dport)
		return false;
	if (filter_port && sport != filter_port && dport != filter_port && !unbound)
		return false;
	return true;
}

/* Would user space show this change? TW hand-overs show as TIME_WAIT later. */
static __always_inline bool state_match(int old, int new, __u32 flags)
{
	__u32 bits = (1u << old) | (1u << new);

	if (!filter_states)
		return true;
	if (flags & WATCH_F_TW)
		bits |= (1u << TCP_TIME_WAIT) | (1u << TCP_FIN_WAIT2);
	return bits & filter_states;
}

static __always_inline void fill_addrs(struct watch_event *e, const struct sock *sk,
				       __u16 family)
{
	if (family == AF_INET) {
		bpf_core_read(e->saddr, 4, &sk->__sk_common.skc_rcv_saddr);
		bpf_core_read(e->daddr, 4, &sk->__sk_common.skc_daddr);
	} else {
		bpf_core_read(e->saddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(e->daddr, 16, &sk->__sk_common.skc_v6_daddr);
	}
}

/* One state change, as the program works it out. */
struct change {
	const struct sock *sk;
	struct sk_info *info;	/* what was remembered of the socket, or NULL */
	__u64 skey, now, cookie;
	__u64 start_ns;		/* when it entered @old; 0: not known */
	__u32 netns, flags, pid;
	__u16 family, sport, dport;
	int old, new;
	char comm[WATCH_COMM_LEN];
};

/* A listener's key: its namespace, local port and family. */
static __always_inline struct listen_key listen_key_of(const struct change *c)
{
	struct listen_key k = {};

	k.netns = c->netns;
	k.port = c->sport;
	k.family = c->family;
	return k;
}

/* A TCP change of the family and namespace asked for: fill @c, else false. */
static __always_inline bool read_change(struct change *c)
{
	const struct sock *sk = c->sk;

	if (BPF_CORE_READ(sk, sk_protocol) != IPPROTO_TCP)
		return false;
	if (c->old <= 0 || c->old > 12 || c->new <= 0 || c->new > 12)
		return false;
	c->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	if (c->family != AF_INET && c->family != AF_INET6)
		return false;
	if (filter_family && c->family != filter_family)
		return false;
	c->netns = BPF_CORE_READ(sk, __sk_common.skc_net.net, ns.inum);
	if (filter_netns && c->netns != filter_netns)
		return false;
	c->now = bpf_ktime_get_ns();
	count(WATCH_C_SEEN);
	c->skey = (__u64)sk;
	c->info = bpf_map_lookup_elem(&socks, &c->skey);
	/* Copied now: remember() replaces or deletes the entry. */
	if (c->info && c->info->state == c->old && c->info->start_ns <= c->now)
		c->start_ns = c->info->start_ns;
	/*
	 * Ports gate only the output: a socket leaves CLOSE before it has a
	 * local port and reaches CLOSE after losing it, so every socket of the
	 * namespace is followed. Its cookie is made now, before any hand-over
	 * to a time-wait mini socket copies it.
	 */
	c->sport = BPF_CORE_READ(sk, __sk_common.skc_num);
	if (!c->sport && c->info)
		c->sport = c->info->sport;
	c->dport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	c->cookie = bpf_get_socket_cookie((void *)sk);
	if (c->old == TCP_CLOSE || (c->old == TCP_LISTEN && c->new == TCP_SYN_RECV))
		c->flags |= WATCH_F_BIRTH;
	return true;
}

/* Who owns it: the task, if this is a system call; else as remembered. */
static __always_inline void find_owner(struct change *c)
{
	struct listen_key lkey;
	struct owner *lowner;

	if (owned_by_task(c->sk)) {
		c->flags |= WATCH_F_TASK | WATCH_F_OWNER;
		c->pid = bpf_get_current_pid_tgid() >> 32;
		bpf_get_current_comm(c->comm, sizeof(c->comm));
	} else if (c->info && c->info->has_owner && !(c->flags & WATCH_F_BIRTH)) {
		c->flags |= WATCH_F_OWNER;
		c->pid = c->info->pid;
		__builtin_memcpy(c->comm, c->info->comm, sizeof(c->comm));
	} else if (c->old == TCP_LISTEN && c->new == TCP_SYN_RECV) {
		lkey = listen_key_of(c);
		lowner = bpf_map_lookup_elem(&listeners, &lkey);
		if (lowner) {
			c->flags |= WATCH_F_OWNER | WATCH_F_LISTENER;
			c->pid = lowner->pid;
			__builtin_memcpy(c->comm, lowner->comm, sizeof(c->comm));
		}
	}
}

/* FIN_WAIT2/CLOSING -> CLOSE without an error: the hand-over to TIME_WAIT. */
static __always_inline void find_time_wait(struct change *c)
{
	/* A plain pointer: CO-RE must not relocate through struct change. */
	const struct sock *sk = c->sk;

	if (c->new != TCP_CLOSE || (c->old != TCP_FIN_WAIT2 && c->old != TCP_CLOSING) ||
	    BPF_CORE_READ(sk, sk_err))
		return;
	c->flags |= WATCH_F_TW;
	/* SOCK_DONE: the peer's FIN came (close() sets sk_shutdown anyway). */
	if (c->old == TCP_FIN_WAIT2 &&
	    !(BPF_CORE_READ(sk, __sk_common.skc_flags) & (1ul << SOCK_DONE)))
		c->flags |= WATCH_F_TW_FIN2;
}

/* Remember the new state, or forget the socket; the same for listeners. */
static __always_inline void remember(const struct change *c)
{
	struct sk_info ninfo = {};
	struct listen_key lkey = listen_key_of(c);
	struct owner o = { .pid = c->pid };

	if (c->new == TCP_CLOSE) {
		if (c->info)
			bpf_map_delete_elem(&socks, &c->skey);
	} else {
		ninfo.start_ns = c->now;
		ninfo.state = c->new;
		ninfo.sport = c->sport;
		if (c->flags & WATCH_F_OWNER) {
			ninfo.has_owner = 1;
			ninfo.pid = c->pid;
			__builtin_memcpy(ninfo.comm, c->comm, sizeof(c->comm));
		}
		if (bpf_map_update_elem(&socks, &c->skey, &ninfo, BPF_ANY)) {
			count(WATCH_C_MAP_FULL);
			map_was_full = 1;
		}
	}
	if (c->old == TCP_LISTEN && c->new == TCP_CLOSE)
		bpf_map_delete_elem(&listeners, &lkey);
	if (c->new == TCP_LISTEN && (c->flags & WATCH_F_OWNER)) {
		__builtin_memcpy(o.comm, c->comm, sizeof(c->comm));
		bpf_map_update_elem(&listeners, &lkey, &o, BPF_ANY);
	}
}

/* Would user space show it: ports, states and owner as filtered. */
static __always_inline bool wanted(const struct change *c)
{
	if (!port_match(c->sport, c->dport, c->new) || !state_match(c->old, c->new, c->flags))
		return false;
	return !filter_pid || ((c->flags & WATCH_F_OWNER) && c->pid == filter_pid);
}

/* The event to user space; a full ring buffer is counted. */
static __always_inline void emit(struct change *c)
{
	struct watch_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	/* A plain pointer: CO-RE must not relocate through struct change. */
	const struct sock *sk = c->sk;

	if (!e) {
		count(WATCH_C_LOST);
		return;
	}
	e->ts_ns = c->now;
	e->start_ns = 0;
	if (c->start_ns) {
		e->start_ns = c->start_ns;
		c->flags |= WATCH_F_START;
	}
	e->cookie = c->cookie;
	e->netns = c->netns;
	e->pid = c->pid;
	__builtin_memset(e->saddr, 0, sizeof(e->saddr));
	__builtin_memset(e->daddr, 0, sizeof(e->daddr));
	fill_addrs(e, c->sk, c->family);
	e->sport = c->sport;
	e->dport = c->dport;
	e->family = c->family;
	e->pad = 0;
	e->ifindex = BPF_CORE_READ(sk, __sk_common.skc_bound_dev_if);
	if (map_was_full)
		c->flags |= WATCH_F_FORGOT;
	e->oldstate = c->old;
	e->newstate = c->new;
	e->flags = c->flags;
	__builtin_memcpy(e->comm, c->comm, sizeof(c->comm));
	bpf_ringbuf_submit(e, 0);
	count(WATCH_C_EVENTS);
}

/* The bucket of @ns: the first bound it does not exceed, else the last. */
static __always_inline __u32 hist_bucket(__u64 ns)
{
	__u32 i;

	for (i = 0; i < WATCH_HIST_N - 1; i++)
		if (ns <= hist_le_ms[i] * 1000000ull)
			return i;
	return WATCH_HIST_N - 1;
}

/*
 * Count the change and the time spent in the old state. A hand-over to a
 * time-wait mini socket is a change to TIME_WAIT; one still in FIN_WAIT2
 * is no change (the mini socket stays in FIN_WAIT2, untraced).
 */
static __always_inline void count_time(const struct change *c)
{
	__u32 old = c->old, new = c->new;
	struct watch_times *t;
	__u64 d;

	if (c->flags & WATCH_F_TW_FIN2)
		return;
	if (c->flags & WATCH_F_TW)
		new = TCP_TIME_WAIT;
	t = bpf_map_lookup_elem(&times, &old);
	if (!t || new >= WATCH_NSTATES)
		return;
	t->to[new]++;
	if (!c->start_ns) {
		t->untimed++;
		return;
	}
	d = c->now - c->start_ns;
	t->bucket[hist_bucket(d) & (WATCH_HIST_N - 1)]++;
	t->sum_ns += d;
	t->count++;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(watch_set_state, const struct sock *sk, const int oldstate, const int newstate)
{
	struct change c = { .sk = sk, .old = oldstate, .new = newstate };

	if (!read_change(&c))
		return 0;
	find_owner(&c);
	find_time_wait(&c);
	/* Before remember(): it deletes or overwrites the start. */
	if (count_times)
		count_time(&c);
	remember(&c);
	if (emit_events && wanted(&c))
		emit(&c);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

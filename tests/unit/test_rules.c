// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The doctor's rules on synthetic facts, for the findings no lab can make
 * without touching the host: memory-pressure and orphan-pressure read
 * host-wide limits (tcp_mem, tcp_max_orphans) that a network namespace
 * cannot lower, and tcp_tw_recycle is gone from current kernels.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tap.h"
#include "tcpdoc/owners.h"
#include "doctor/rules/rules.h"
#include "tcpdoc/state.h"

struct lab {
	struct tcpd_facts f;
	struct tcpd_kernel k;
	struct tcpd_rates r;
	struct tcpd_thresholds t;
	struct tcpd_findings out;
	struct tcpd_connects c;		/* connect() seen in the interval */
};

/* An empty socket table on a kernel with no settings or counters at all. */
static void lab_init(struct lab *l)
{
	struct tcpd_facts_cfg cfg = { .port_lo = 32768, .port_hi = 60999,
				      .recv_q_bytes = 65536, .idle_ms = 3600000,
				      .send_q_retrans = 3, .fin_timeout_s = 60 };
	memset(l, 0, sizeof(*l));
	if (tcpd_facts_init(&l->f, &cfg)) {
		printf("Bail out! out of memory\n");
		exit(1);
	}
	tcpd_thresholds_init(&l->t);
}

static void lab_free(struct lab *l)
{
	tcpd_findings_free(&l->out);
	tcpd_facts_free(&l->f);
}

/* A sysctl the kernel gave. */
static void sys_set(struct tcpd_kernel *k, int which, int64_t v)
{
	k->sys[which] = v;
	k->has_sys[which] = true;
}

/* Run every rule; the finding @id, or NULL. */
static const struct tcpd_finding *run(struct lab *l, const char *id)
{
	struct tcpd_rule_in in = { .f = &l->f, .k = &l->k, .r = &l->r, .t = &l->t,
				   .c = &l->c, .netns = 7 };
	size_t i;

	tcpd_findings_free(&l->out);
	memset(&l->out, 0, sizeof(l->out));
	if (tcpd_rules_run(&in, &l->out)) {
		printf("Bail out! rules ran out of memory\n");
		exit(1);
	}
	for (i = 0; i < l->out.len; i++)
		if (!strcmp(l->out.f[i].id, id))
			return &l->out.f[i];
	return NULL;
}

static const struct tcpd_evidence *ev(const struct tcpd_finding *f, const char *key)
{
	size_t i;

	for (i = 0; f && i < f->nev; i++)
		if (!strcmp(f->ev[i].key, key))
			return &f->ev[i];
	return NULL;
}

static bool ev_is(const struct tcpd_finding *f, const char *key, uint64_t v)
{
	const struct tcpd_evidence *e = ev(f, key);

	return e && e->kind == TCPD_EV_U64 && e->u == v;
}

static void test_healthy(void)
{
	struct lab l;

	lab_init(&l);
	run(&l, "");
	ok(l.out.len == 0, "an empty table on a kernel with nothing readable: no finding");
	lab_free(&l);
}

/* tcp_mem 1000 2000 3000 pages. */
static void mem_kernel(struct lab *l, uint64_t pages)
{
	sys_set(&l->k, TCPD_SYS_MEM_LOW, 1000);
	sys_set(&l->k, TCPD_SYS_MEM_PRESSURE, 2000);
	sys_set(&l->k, TCPD_SYS_MEM_HIGH, 3000);
	l->k.mem_pages = pages;
	l->k.has_sockstat = true;
	l->k.has_ctr[TCPD_C_MEM_PRESSURES] = true;
	l->k.has_ctr[TCPD_C_ABORT_ON_MEMORY] = true;
}

static void test_memory(void)
{
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	mem_kernel(&l, 1599);
	ok(!run(&l, "memory-pressure"), "memory-pressure: 79%% of the pressure threshold is quiet");

	mem_kernel(&l, 1600);
	f = run(&l, "memory-pressure");
	ok(f && f->severity == TCPD_SEV_WARNING && f->count == 1600,
	   "memory-pressure: warning at 80%% of the pressure threshold");
	ok(ev_is(f, "mem_pages", 1600) && ev_is(f, "tcp_mem_pressure", 2000) &&
	   ev_is(f, "tcp_mem_high", 3000) && ev_is(f, "tcp_mem_low", 1000),
	   "memory-pressure: evidence mem_pages and the three tcp_mem values");
	ok(ev_is(f, "TCPMemoryPressures_since_boot", 0) &&
	   ev_is(f, "TCPAbortOnMemory_since_boot", 0),
	   "memory-pressure: counters since boot without a sample");
	ok(f && strstr(f->summary, "80%"), "memory-pressure: the summary gives the percentage");

	mem_kernel(&l, 3000);
	f = run(&l, "memory-pressure");
	ok(f && f->severity == TCPD_SEV_CRITICAL, "memory-pressure: critical at tcp_mem's high value");

	mem_kernel(&l, 100);
	l.r.interval = 1;
	l.r.per_sec[TCPD_C_MEM_PRESSURES] = 0.5;
	f = run(&l, "memory-pressure");
	ok(f && f->severity == TCPD_SEV_WARNING, "memory-pressure: TCPMemoryPressures rising at 5%% usage");
	ok(ev(f, "TCPMemoryPressures_per_s") && ev(f, "TCPMemoryPressures_per_s")->d == 0.5,
	   "memory-pressure: the rising counter as a rate");
	l.r.per_sec[TCPD_C_MEM_PRESSURES] = 0;
	ok(!run(&l, "memory-pressure"), "memory-pressure: quiet when the counter stands still");

	mem_kernel(&l, 1200);
	l.t.v[TCPD_T_MEM_WARN_PCT] = 60;
	ok(run(&l, "memory-pressure"), "memory-pressure: mem_warn_pct=60 raises it at 60%%");
	lab_free(&l);

	lab_init(&l);
	l.k.mem_pages = 1u << 30;
	l.k.has_sockstat = true;
	ok(!run(&l, "memory-pressure"), "memory-pressure: tcp_mem unreadable, nothing rising: quiet");
	lab_free(&l);
}

static void test_orphans(void)
{
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	sys_set(&l.k, TCPD_SYS_MAX_ORPHANS, 1000);
	sys_set(&l.k, TCPD_SYS_ORPHAN_RETRIES, 0);
	l.k.has_sockstat = true;
	l.k.orphan = 499;
	ok(!run(&l, "orphan-pressure"), "orphan-pressure: 49%% of tcp_max_orphans is quiet");
	l.k.orphan = 500;
	f = run(&l, "orphan-pressure");
	ok(f && f->severity == TCPD_SEV_WARNING && f->count == 500,
	   "orphan-pressure: warning at 50%% of tcp_max_orphans");
	ok(ev_is(f, "orphan", 500) && ev_is(f, "tcp_max_orphans", 1000) &&
	   ev_is(f, "tcp_orphan_retries", 0),
	   "orphan-pressure: evidence orphan, tcp_max_orphans, tcp_orphan_retries");
	l.k.orphan = 900;
	f = run(&l, "orphan-pressure");
	ok(f && f->severity == TCPD_SEV_CRITICAL, "orphan-pressure: critical from 90%%");
	l.k.orphan = 300;
	l.t.v[TCPD_T_ORPHAN_WARN_PCT] = 30;
	ok(run(&l, "orphan-pressure"), "orphan-pressure: orphan_warn_pct=30 raises it at 30%%");
	l.k.has_sys[TCPD_SYS_MAX_ORPHANS] = false;
	l.k.orphan = 1000000;
	ok(!run(&l, "orphan-pressure"), "orphan-pressure: tcp_max_orphans unreadable: quiet");
	lab_free(&l);
}

static void test_tw_recycle(void)
{
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	ok(!run(&l, "tw-recycle-enabled"), "tw-recycle-enabled: absent (Linux 4.12 and later): quiet");
	sys_set(&l.k, TCPD_SYS_TW_RECYCLE, 0);
	ok(!run(&l, "tw-recycle-enabled"), "tw-recycle-enabled: present and off: quiet");
	sys_set(&l.k, TCPD_SYS_TW_RECYCLE, 1);
	f = run(&l, "tw-recycle-enabled");
	ok(f && f->severity == TCPD_SEV_WARNING && ev_is(f, "tcp_tw_recycle", 1),
	   "tw-recycle-enabled: present and on: warning, evidence tcp_tw_recycle=1");
	ok(f && f->explanation && f->nadvice == 1, "tw-recycle-enabled: the catalogue's texts");
	lab_free(&l);
}

static void test_retrans(void)
{
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	l.k.has_ctr[TCPD_C_OUT_SEGS] = l.k.has_ctr[TCPD_C_RETRANS_SEGS] = true;
	l.k.ctr[TCPD_C_OUT_SEGS] = 1000000;
	l.k.ctr[TCPD_C_RETRANS_SEGS] = 500000;
	ok(!run(&l, "retransmission-rate"), "retransmission-rate: never from counters since boot");
	l.r.interval = 1;
	l.r.per_sec[TCPD_C_OUT_SEGS] = 99;
	l.r.per_sec[TCPD_C_RETRANS_SEGS] = 50;
	ok(!run(&l, "retransmission-rate"), "retransmission-rate: quiet under retrans_min_segs");
	l.r.per_sec[TCPD_C_OUT_SEGS] = 1000;
	l.r.per_sec[TCPD_C_RETRANS_SEGS] = 49;
	ok(!run(&l, "retransmission-rate"), "retransmission-rate: 4.9%% is quiet");
	l.r.per_sec[TCPD_C_RETRANS_SEGS] = 50;
	f = run(&l, "retransmission-rate");
	ok(f && f->severity == TCPD_SEV_WARNING && ev(f, "retrans_percent") &&
	   ev(f, "retrans_percent")->d > 4.999 && ev(f, "retrans_percent")->d < 5.001,
	   "retransmission-rate: warning at 5%%");
	lab_free(&l);
}

/* Owners of the closer's sockets are asked for only when a finding may name them. */
static void test_want_closing(void)
{
	struct tcpd_sock s;
	struct tcpd_owners *o;
	struct lab l;
	int i, want[2];

	for (i = 0; i < 2; i++) {
		lab_init(&l);
		l.f.cfg.closing_min = i ? 3 : 20;
		memset(&s, 0, sizeof(s));
		s.state = TCPD_CLOSING;
		for (s.inode = 1; s.inode <= 3; s.inode++)
			tcpd_facts_add(&s, &l.f, NULL);
		o = tcpd_owners_new();
		want[i] = o ? tcpd_facts_want(&l.f, o) : -1;
		tcpd_owners_free(o);
		lab_free(&l);
	}
	ok(want[0] == 0, "owners: 3 CLOSING under closing_warn=20 need no owner scan (%d)", want[0]);
	ok(want[1] == 3, "owners: 3 CLOSING at closing_warn=3 want their 3 inodes (%d)", want[1]);
}

/*
 * A sysctl that was not read is not judged: tcp_syncookies unread is not
 * "off", so a SYN flood is a warning and syncookies-off stays quiet.
 */
static void test_unread_sysctl(void)
{
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	l.f.synrecv_port[8080] = 500;
	l.f.synrecv_src[8080] = 500;
	f = run(&l, "syn-flood");
	ok(f && f->severity == TCPD_SEV_WARNING,
	   "syn-flood: tcp_syncookies unread is not judged off: warning");
	ok(!ev(f, "tcp_syncookies"), "syn-flood: no tcp_syncookies evidence when unread");
	ok(!run(&l, "syncookies-off"), "syncookies-off: tcp_syncookies unread: quiet");
	sys_set(&l.k, TCPD_SYS_SYNCOOKIES, 0);
	f = run(&l, "syn-flood");
	ok(f && f->severity == TCPD_SEV_CRITICAL, "syn-flood: tcp_syncookies read as 0: critical");
	ok(run(&l, "syncookies-off"), "syncookies-off: tcp_syncookies read as 0: raised");
	lab_free(&l);
}

/* What the kernel could not read is named once per file. */
static void test_unread_names(void)
{
	struct tcpd_kernel k;
	const char *names[TCPD_KERNEL_MAX_UNREAD];
	size_t i, n;

	memset(&k, 0, sizeof(k));
	for (i = 0; i < TCPD_C_MAX; i++)
		k.has_ctr[i] = true;
	k.has_sockstat = true;
	ok(tcpd_kernel_unread(&k, names, TCPD_KERNEL_MAX_UNREAD) == 0,
	   "unread: absent sysctls are not named");
	k.sys_unread = 1u << TCPD_SYS_MAX_TW_BUCKETS | 1u << TCPD_SYS_PORT_LO |
		       1u << TCPD_SYS_PORT_HI;
	k.has_ctr[TCPD_C_LISTEN_DROPS] = false;
	k.has_sockstat = false;
	n = tcpd_kernel_unread(&k, names, TCPD_KERNEL_MAX_UNREAD);
	ok(n == 4, "unread: two sysctl files, a counter and sockstat (%zu)", n);
	ok(n == 4 && !strcmp(names[0], "net.ipv4.tcp_max_tw_buckets") &&
	   !strcmp(names[1], "net.ipv4.ip_local_port_range") &&
	   !strcmp(names[2], "TcpExt.ListenDrops") && !strcmp(names[3], "/proc/net/sockstat"),
	   "unread: named as the user looks them up");
}

/* The settings in force: the sysctls when read, else Linux's defaults. */
static void test_kernel_defaults(void)
{
	struct tcpd_kernel k;
	uint16_t lo, hi;

	memset(&k, 0, sizeof(k));
	tcpd_kernel_port_range(&k, &lo, &hi);
	ok(lo == 32768 && hi == 60999, "port range not read: Linux's 32768-60999 (%u-%u)", lo, hi);
	ok(tcpd_kernel_fin_timeout_s(&k) == 60, "tcp_fin_timeout not read: Linux's 60 s");
	sys_set(&k, TCPD_SYS_PORT_LO, 1024);
	sys_set(&k, TCPD_SYS_PORT_HI, 2047);
	sys_set(&k, TCPD_SYS_FIN_TIMEOUT, 5);
	tcpd_kernel_port_range(&k, &lo, &hi);
	ok(lo == 1024 && hi == 2047, "port range read: 1024-2047 (%u-%u)", lo, hi);
	ok(tcpd_kernel_fin_timeout_s(&k) == 5, "tcp_fin_timeout read: 5 s");
}

/*
 * Ages: 10 CLOSE_WAIT sockets fed through the facts, one 3 h 12 min old,
 * eight at 20 min, one at 5 s: every socket counted, and the summary names
 * the oldest and the share older than the largest step most pass.
 */
static void test_ages(void)
{
	static const uint32_t age_s[] = { 11520, 1200, 1200, 1200, 1200, 1200, 1200,
					  1200, 1200, 5 };
	const struct tcpd_finding *f;
	struct tcpd_sock s;
	struct lab l;
	size_t i;

	lab_init(&l);
	l.t.v[TCPD_T_CLOSE_WAIT_WARN] = 1;
	memset(&s, 0, sizeof(s));
	s.state = TCPD_CLOSE_WAIT;
	s.has_info = true;
	for (i = 0; i < sizeof(age_s) / sizeof(age_s[0]); i++) {
		s.inode = i + 1;
		s.info.tcpi_last_data_recv = age_s[i] * 1000;
		tcpd_facts_add(&s, &l.f, NULL);
	}
	l.f.cw_procs.unowned = 10;	/* what attribute() makes of no owner map */
	f = run(&l, "close-wait-leak");
	ok(f && ev_is(f, "oldest_age_s", 11520), "ages: the oldest is 11520 s");
	ok(ev_is(f, "older_than_10s_pct", 90) && ev_is(f, "older_than_1min_pct", 90) &&
	   ev_is(f, "older_than_10min_pct", 90) && ev_is(f, "older_than_1h_pct", 10),
	   "ages: 90%% older than 10 s, 1 min and 10 min, 10%% older than 1 h");
	ok(f && strstr(f->summary, "; oldest 3 h 12 min, 90% older than 10 min"),
	   "ages: the summary says it (%s)", f ? f->summary : "no finding");
	lab_free(&l);

	lab_init(&l);
	l.t.v[TCPD_T_CLOSE_WAIT_WARN] = 1;
	s.has_info = false;
	tcpd_facts_add(&s, &l.f, NULL);
	l.f.cw_procs.unowned = 1;
	f = run(&l, "close-wait-leak");
	ok(f && !ev(f, "oldest_age_s") && !strstr(f->summary, "oldest"),
	   "ages: unknown without tcp_info, and not said (no 0 judged as an age)");
	lab_free(&l);
}

/* Every finding names the command to look closer, narrowed where it can be. */
static void test_looks(void)
{
	struct tcpd_findings out = { 0 };
	struct tcpd_finding *f;
	const char *id;
	size_t i, missing = 0;

	for (i = 0; (id = tcpd_finding_id(i)); i++) {
		f = tcpd_rule_finding(&out, id, TCPD_SEV_WARNING);
		if (!f)
			break;
		tcpd_f_look(f, "");
		if (strncmp(f->look, "tcpdoc ", 7)) {
			printf("# no command to look closer for %s\n", id);
			missing++;
		}
	}
	ok(i > 15 && !missing, "look: each of the %zu findings has a command", i);
	f = tcpd_rule_finding(&out, "close-wait-leak", TCPD_SEV_WARNING);
	tcpd_f_port(f, 8080);
	tcpd_f_look(f, "-N lab ");
	ok(!strcmp(f->look, "tcpdoc -N lab ls -s close-wait -p --sport 8080"),
	   "look: one port narrows it (%s)", f->look);
	tcpd_f_port(f, 9090);
	tcpd_f_look(f, "");
	ok(!strcmp(f->look, "tcpdoc ls -s close-wait -p"), "look: two ports do not (%s)", f->look);
	f = tcpd_rule_finding(&out, "ephemeral-port-exhaustion", TCPD_SEV_WARNING);
	tcpd_f_peer(f, "[fd00::1]:5432");
	tcpd_f_look(f, "-A ");
	ok(!strcmp(f->look, "tcpdoc -A ls -p --dst fd00::1 --dport 5432"),
	   "look: a destination becomes --dst and --dport (%s)", f->look);
	tcpd_findings_free(&out);
}

/* Owners counted in a top-k sample say so (issue: pooler x16 of 800). */
static void test_owner_sample(void)
{
	const struct tcpd_finding *f;
	struct tcpd_sock s;
	struct lab l;
	int i;

	lab_init(&l);
	l.t.v[TCPD_T_FIN_WAIT2_WARN] = 1;
	memset(&s, 0, sizeof(s));
	s.state = TCPD_FIN_WAIT2;
	for (i = 0; i < 40; i++) {
		s.inode = (uint64_t)i + 1;
		s.expires_ms = (uint32_t)i * 1000;
		tcpd_facts_add(&s, &l.f, NULL);
	}
	f = run(&l, "fin-wait2-stuck");
	ok(f && f->count == 40 && f->owners_sample == TCPD_TOPK,
	   "fin-wait2-stuck over 40 sockets: owners are from a sample of %d, and it says so",
	   TCPD_TOPK);
	lab_free(&l);
}

/* @n sockets like @s re-sending @now times; in the first look with @before. */
static void closers(struct lab *l, struct tcpd_first_look *fl, struct tcpd_sock s, int n,
		    int before, int now)
{
	int i;

	for (i = 0; i < n; i++) {
		s.cookie = 1000 + (uint64_t)i;
		s.retrans = (uint8_t)now;
		if (fl && u64map_put(&fl->seen, s.cookie, s.state | (uint64_t)before << 8)) {
			printf("Bail out! out of memory\n");
			exit(1);
		}
		tcpd_facts_add(&s, &l->f, NULL);
	}
}

/* @n LAST_ACK sockets re-sending their FIN; in the first look with @before retransmissions. */
static void last_acks(struct lab *l, struct tcpd_first_look *fl, int n, int before, int now)
{
	struct tcpd_sock s = { .state = TCPD_LAST_ACK, .timer = TCPD_TIMER_ON };

	closers(l, fl, s, n, before, now);
}

/* An empty first look, taken, for @l's doctor to match its sockets against. */
static void first_look_init(struct lab *l, struct tcpd_first_look *fl)
{
	memset(fl, 0, sizeof(*fl));
	if (u64map_init(&fl->seen, 8))
		exit(1);
	fl->taken = true;
	l->f.first = fl;
}

/* FIN_WAIT1: a FIN behind data a zero window refuses, probed across both looks. */
static void test_fin_wait1(void)
{
	struct tcpd_sock probing = { .state = TCPD_FIN_WAIT1, .timer = TCPD_TIMER_PROBE,
				     .send_q = 4096 };
	struct tcpd_sock fin = { .state = TCPD_FIN_WAIT1, .timer = TCPD_TIMER_ON };
	struct tcpd_first_look fl;
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	first_look_init(&l, &fl);
	/* An answered probe resets the count: Send-Q that did not shrink tells. */
	closers(&l, &fl, probing, 4, 0, 0);
	f = run(&l, "fin-wait1-stuck");
	ok(f && f->count == 4 && f->certainty == TCPD_CERTAIN &&
	   ev_is(f, "stuck_across_looks", 4) && ev_is(f, "fin_behind_unsent_data", 4) &&
	   ev_is(f, "zero_window_probing", 4) && ev_is(f, "fin_resent", 4) &&
	   strstr(f->because, "FIN_WAIT1"),
	   "fin-wait1-stuck: 4 (below 50) probing a zero window that took nothing: certain");
	lab_free(&l);
	u64map_free(&fl.seen);

	lab_init(&l);
	closers(&l, NULL, fin, 60, 0, 0);
	f = run(&l, "fin-wait1-stuck");
	ok(f && f->certainty == TCPD_POSSIBLE && ev_is(f, "fin_behind_unsent_data", 0) &&
	   ev_is(f, "zero_window_probing", 0),
	   "fin-wait1-stuck: 60 FIN_WAIT1, nothing re-sent, one look: only possible");
	lab_free(&l);

	lab_init(&l);
	closers(&l, NULL, fin, 49, 0, 2);
	ok(!run(&l, "fin-wait1-stuck"), "fin-wait1-stuck: 49 re-sending, one look: below the threshold");
	lab_free(&l);
}

/* Stuck across both looks is certain below the count threshold; seen once is traffic. */
static void test_persistence(void)
{
	struct tcpd_first_look fl;
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	first_look_init(&l, &fl);
	last_acks(&l, &fl, 3, 1, 2);
	f = run(&l, "last-ack-stuck");
	ok(f && f->count == 3 && f->certainty == TCPD_CERTAIN && f->because[0] &&
	   ev_is(f, "stuck_across_looks", 3) && ev_is(f, "seen_in_both_looks", 3) &&
	   ev_is(f, "fin_resent", 3),
	   "persistence: 3 LAST_ACK (below 50) re-sending across both looks: certain");
	lab_free(&l);

	lab_init(&l);
	u64map_free(&fl.seen);
	first_look_init(&l, &fl);
	last_acks(&l, NULL, 3, 0, 1);
	f = run(&l, "last-ack-stuck");
	ok(!f, "persistence: LAST_ACK seen once, by the full look only, is traffic");
	lab_free(&l);
	u64map_free(&fl.seen);

	lab_init(&l);
	last_acks(&l, NULL, 60, 0, 0);
	f = run(&l, "last-ack-stuck");
	ok(f && f->certainty == TCPD_POSSIBLE && f->because[0] && !ev(f, "seen_in_both_looks"),
	   "persistence: 60 LAST_ACK without a first look or a retransmission: only possible");
	lab_free(&l);
}

/* Every finding a rule raises says how sure it is and why. */
static void test_certainty(void)
{
	const struct tcpd_finding *f;
	struct lab l;
	size_t i, bare = 0;

	lab_init(&l);
	mem_kernel(&l, 2900);
	sys_set(&l.k, TCPD_SYS_TW_RECYCLE, 1);
	sys_set(&l.k, TCPD_SYS_SYNCOOKIES, 0);
	last_acks(&l, NULL, 60, 0, 3);
	run(&l, "");
	for (i = 0; i < l.out.len; i++)
		if (!l.out.f[i].because[0]) {
			printf("# %s says no why\n", l.out.f[i].id);
			bare++;
		}
	ok(l.out.len >= 3 && !bare, "certainty: each of %zu findings says why", l.out.len);
	f = run(&l, "tw-recycle-enabled");
	ok(f && f->certainty == TCPD_CERTAIN, "certainty: a setting read is certain");
	f = run(&l, "last-ack-stuck");
	ok(f && f->certainty == TCPD_LIKELY, "certainty: FINs re-sent, one look: likely");
	lab_free(&l);
}

static const char *ev_s(const struct tcpd_finding *f, const char *key)
{
	const struct tcpd_evidence *e = ev(f, key);

	return e && e->kind == TCPD_EV_STR ? e->s : "";
}

/* @n sockets in @state to 10.0.0.9:5432 from ports 32768 on (TIME_WAIT: no inode). */
static void feed_to_dest(struct lab *l, int state, int n)
{
	struct tcpd_sock s;
	int i;

	memset(&s, 0, sizeof(s));
	s.state = (uint8_t)state;
	s.local.family = s.remote.family = AF_INET;
	memcpy(s.remote.b, (uint8_t[]){ 10, 0, 0, 9 }, 4);
	s.rport = 5432;
	for (i = 0; i < n; i++) {
		s.lport = (uint16_t)(32768 + i);
		s.inode = state == TCPD_TIME_WAIT ? 0 : (uint64_t)i + 1;
		tcpd_facts_add(&s, &l->f, NULL);
	}
}

/* 8 client TIME_WAIT to 10.0.0.9:5432 from a range of 10 ports: nobody holds one. */
static void lab_client_time_wait(struct lab *l)
{
	lab_init(l);
	sys_set(&l->k, TCPD_SYS_PORT_LO, 32768);
	sys_set(&l->k, TCPD_SYS_PORT_HI, 32777);
	feed_to_dest(l, TCPD_TIME_WAIT, 8);
}

static void conn_row(struct lab *l, uint64_t netns, uint32_t pid, const char *comm,
		     uint8_t last, uint64_t n)
{
	struct tcpd_connect *c = &l->c.c[l->c.len++];

	memset(c, 0, sizeof(*c));
	c->netns = netns;
	c->pid = pid;
	snprintf(c->comm, sizeof(c->comm), "%s", comm);
	c->dst.family = AF_INET;
	memcpy(c->dst.b, (uint8_t[]){ 10, 0, 0, last }, 4);
	c->dport = 5432;
	c->count = n;
}

static void test_connect_trace(void)
{
	struct tcpd_connect rows[4];
	const struct tcpd_finding *f;
	struct lab l;

	lab_client_time_wait(&l);
	l.c = (struct tcpd_connects){ .state = TCPD_TRACE_DONE, .seconds = 1, .c = rows };
	conn_row(&l, 7, 4242, "cronjob", 9, 30);
	conn_row(&l, 7, 99, "other", 8, 5);	/* another destination */
	conn_row(&l, 8, 55, "elsewhere", 9, 50);	/* another namespace */
	f = run(&l, "ephemeral-port-exhaustion");
	ok(f && f->nowners == 1 && f->owners[0].pid == 4242 && f->owners[0].connects == 30 &&
	   !f->owners[0].count && !strcmp(ev_s(f, "owners_from"), "connect_trace") &&
	   ev_is(f, "connects_traced", 30),
	   "ephemeral-port-exhaustion without an open socket: the process traced connecting to it, from this namespace only");
	l.c = (struct tcpd_connects){ .state = TCPD_TRACE_FAILED };
	f = run(&l, "ephemeral-port-exhaustion");
	ok(f && !f->nowners && !strcmp(ev_s(f, "owners_from"), "none") &&
	   !strcmp(ev_s(f, "connect_trace"), "unavailable"),
	   "ephemeral-port-exhaustion, tracing unavailable: nobody named, and it says why");
	l.c = (struct tcpd_connects){ .state = TCPD_TRACE_OFF };
	f = run(&l, "ephemeral-port-exhaustion");
	ok(f && !f->nowners && !strcmp(ev_s(f, "connect_trace"), "off"),
	   "ephemeral-port-exhaustion, tracing off: says so");
	l.c = (struct tcpd_connects){ .state = TCPD_TRACE_NOT_RECORDED };
	f = run(&l, "ephemeral-port-exhaustion");
	ok(f && !f->nowners && !strcmp(ev_s(f, "connect_trace"), "not recorded in the snapshot"),
	   "ephemeral-port-exhaustion from a snapshot without a trace: says it was not recorded");

	/* The same TIME_WAIT against a limit of 8 buckets: every connecter of the namespace. */
	sys_set(&l.k, TCPD_SYS_MAX_TW_BUCKETS, 8);
	l.c = (struct tcpd_connects){ .state = TCPD_TRACE_DONE, .seconds = 1, .c = rows };
	conn_row(&l, 7, 4242, "cronjob", 9, 30);
	conn_row(&l, 7, 99, "other", 8, 50);
	conn_row(&l, 8, 55, "elsewhere", 9, 70);
	f = run(&l, "time-wait-bucket-overflow");
	ok(f && f->nowners == 2 && f->owners[0].pid == 99 && f->owners[0].connects == 50 &&
	   f->owners[1].pid == 4242 && ev_is(f, "connects_traced", 80) &&
	   !strcmp(ev_s(f, "owners_from"), "connect_trace"),
	   "time-wait-bucket-overflow: the namespace's connecting processes, busiest first");
	lab_free(&l);
}

/* SYN_SENT whose owners were not seen: the processes traced connecting there are named. */
static void test_syn_sent_trace(void)
{
	struct tcpd_connect rows[2];
	const struct tcpd_finding *f;
	struct lab l;

	lab_init(&l);
	l.t.v[TCPD_T_SYN_SENT_WARN] = 3;
	feed_to_dest(&l, TCPD_SYN_SENT, 3);
	l.c = (struct tcpd_connects){ .state = TCPD_TRACE_DONE, .seconds = 1, .c = rows };
	conn_row(&l, 7, 4242, "cronjob", 9, 6);
	f = run(&l, "syn-sent-stuck");
	ok(f && f->nowners == 1 && f->owners[0].pid == 4242 && f->owners[0].connects == 6 &&
	   !strcmp(ev_s(f, "owners_from"), "connect_trace"),
	   "syn-sent-stuck with no owner seen: the process traced connecting there");
	l.c = (struct tcpd_connects){ .state = TCPD_TRACE_DONE, .seconds = 1 };
	f = run(&l, "syn-sent-stuck");
	ok(f && !f->nowners && !strcmp(ev_s(f, "connect_trace"), "saw no connect to it"),
	   "syn-sent-stuck, traced but no connect seen: says so");
	lab_free(&l);
}

int main(void)
{
	test_connect_trace();
	test_syn_sent_trace();
	test_persistence();
	test_fin_wait1();
	test_certainty();
	test_owner_sample();
	test_looks();
	test_ages();
	test_kernel_defaults();
	test_unread_sysctl();
	test_unread_names();
	test_healthy();
	test_memory();
	test_orphans();
	test_tw_recycle();
	test_retrans();
	test_want_closing();
	return tap_done();
}

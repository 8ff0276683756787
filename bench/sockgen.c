// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * sockgen: fill the TCP socket table of a private network namespace with a
 * mix of states, on loopback only, and hold it until SIGTERM.
 *
 *   sockgen --total N [--ready FILE]
 *
 * The mix (of N sockets in all): 10% TIME_WAIT, kept at a steady level by
 * re-creating each batch when its 60 s run out; one LISTEN socket per
 * worker; the rest in connected pairs, 15% of them half-closed (the client
 * called shutdown(SHUT_WR): FIN_WAIT2 on its side, CLOSE_WAIT on the
 * server's, which never closes), 10% of the pairs over IPv6.
 *
 * A process may hold about 20,000 fds, so pairs are spread over worker
 * processes of at most WORKER_PAIRS pairs each, every worker with its own
 * listener. IPv4 clients bind an explicit 127.x.y.1 source address (with
 * IP_BIND_ADDRESS_NO_PORT), so the ephemeral port range is never the limit.
 * When every worker has filled its share, the parent writes FILE (counts,
 * "key value" lines) and waits for SIGTERM, on which it stops its own
 * children and exits. sockgen refuses to run in the initial namespace.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WORKER_PAIRS	9400	/* 2 fds a pair, under the ~20,000 fd limit */
#define BATCH		512	/* connects in flight before accepting them */
#define PORT_BASE	1024	/* listeners; ephemeral ports start at 2000 */
#define TW_TICK_MS	100
#define TW_SLOTS	(60000 / TW_TICK_MS)	/* TIME_WAIT lasts 60 s */
#define TW_PER_ADDR	8192	/* TIME_WAIT 4-tuples per source address */

enum kind { K_PAIRS4, K_PAIRS6, K_TW };

struct job {
	enum kind kind;
	int index;		/* also the listener's port offset */
	long pairs;		/* K_PAIRS*: connected pairs */
	long half;		/* of which half-closed */
	long tw;		/* K_TW: TIME_WAIT level */
};

struct report {
	int index;
	int err;		/* errno of the failure, 0 when filled */
	long estab, close_wait, fin_wait2, time_wait, listen;
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "sockgen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int write_sysctl(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	int ret = 0;

	if (fd < 0)
		return -1;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -1;
	close(fd);
	return ret;
}

/*
 * Refuse any namespace but a fresh one, whose only interface is lo: what
 * sockgen makes is meant to be thrown away with the namespace.
 */
static void check_private_netns(void)
{
	struct if_nameindex *ifs = if_nameindex(), *i;

	if (!ifs)
		die("if_nameindex");
	for (i = ifs; i->if_index; i++) {
		if (strcmp(i->if_name, "lo")) {
			fprintf(stderr, "sockgen: interface %s here: run me in a fresh namespace (ip netns exec)\n",
				i->if_name);
			exit(1);
		}
	}
	if_freenameindex(ifs);
}

/* Per-namespace settings: a private namespace starts with the defaults. */
static void tune_netns(long tw_level)
{
	static const char *const fixed[][2] = {
		{ "/proc/sys/net/core/somaxconn", "65535" },
		{ "/proc/sys/net/ipv4/tcp_max_syn_backlog", "65535" },
		{ "/proc/sys/net/ipv4/ip_local_port_range", "2000 65535" },
		{ "/proc/sys/net/ipv4/tcp_tw_reuse", "0" },
		{ "/proc/sys/net/ipv4/tcp_syncookies", "0" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (write_sysctl(fixed[i][0], fixed[i][1]))
			die(fixed[i][0]);
	snprintf(buf, sizeof(buf), "%ld", 2 * tw_level + 1024);
	if (write_sysctl("/proc/sys/net/ipv4/tcp_max_tw_buckets", buf))
		die("tcp_max_tw_buckets");
	if (system("ip link set lo up"))
		fprintf(stderr, "sockgen: ip link set lo up failed\n");
}

static socklen_t make_addr(struct sockaddr_storage *ss, int family,
			   uint32_t v4, uint16_t port)
{
	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		s6->sin6_port = htons(port);
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_addr.s_addr = htonl(v4);
	s4->sin_port = htons(port);
	return sizeof(*s4);
}

static int open_listener(int family, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len = make_addr(&ss, family, INADDR_LOOPBACK, port);
	int one = 1;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 65535)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A non-blocking client from source address src (IPv4) to the listener. */
static int start_connect(int family, uint32_t src, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int one = 1;
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	if (family == AF_INET) {
		setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
		len = make_addr(&ss, family, src, 0);
		if (bind(fd, (struct sockaddr *)&ss, len))
			goto fail;
	}
	len = make_addr(&ss, family, INADDR_LOOPBACK, port);
	if (connect(fd, (struct sockaddr *)&ss, len) && errno != EINPROGRESS)
		goto fail;
	return fd;
fail:
	close(fd);
	return -1;
}

/* Accept n connections into out[]; loopback handshakes finish at once. */
static int accept_n(int lfd, int *out, int n)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	int got = 0;

	while (got < n) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);

		if (fd >= 0) {
			out[got++] = fd;
			continue;
		}
		if (errno != EAGAIN && errno != EINTR)
			return -1;
		if (poll(&p, 1, 10000) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
	return 0;
}

/* n connected pairs, client and server ends both in cli[] and srv[]. */
static int connect_batch(int lfd, int family, uint32_t src, uint16_t port,
			 int *cli, int *srv, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		cli[i] = start_connect(family, src, port);
		if (cli[i] < 0)
			return -1;
	}
	return accept_n(lfd, srv, n);
}

static uint16_t job_port(const struct job *job)
{
	return PORT_BASE + job->index;
}

static void run_pairs(const struct job *job, struct report *rep)
{
	int family = job->kind == K_PAIRS6 ? AF_INET6 : AF_INET;
	uint32_t src = 0x7f000001 | (10 + job->index / 250) << 16 |
		       (job->index % 250 + 1) << 8;
	int cli[BATCH], srv[BATCH];
	long done = 0;
	int lfd = open_listener(family, job_port(job));

	if (lfd < 0)
		goto fail;
	rep->listen = 1;
	while (done < job->pairs) {
		int n = job->pairs - done < BATCH ? job->pairs - done : BATCH;
		int i;

		if (connect_batch(lfd, family, src, job_port(job), cli, srv, n))
			goto fail;
		for (i = 0; i < n; i++, done++) {
			if (done < job->half) {
				shutdown(cli[i], SHUT_WR);
				rep->fin_wait2++;
				rep->close_wait++;
			} else {
				rep->estab += 2;
			}
		}
	}
	return;
fail:
	rep->err = errno ? errno : EIO;
}

/* n TIME_WAIT sockets: the client closes first, then the server. */
static long make_tw(int lfd, long n, long *seq)
{
	int cli[BATCH], srv[BATCH];
	long made = 0;

	while (made < n) {
		int k = n - made < BATCH ? n - made : BATCH;
		long idx = (*seq / TW_PER_ADDR) % 4000;
		uint32_t src = 0x7f000001 | (200 + idx / 250) << 16 |
			       (idx % 250 + 1) << 8;
		int i;

		if (connect_batch(lfd, AF_INET, src, PORT_BASE, cli, srv, k))
			return -1;
		for (i = 0; i < k; i++)
			close(cli[i]);
		for (i = 0; i < k; i++)
			close(srv[i]);
		made += k;
		*seq += k;
	}
	return made;
}

static long now_tick(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * (1000 / TW_TICK_MS) + ts.tv_nsec / (TW_TICK_MS * 1000000L);
}

/*
 * Keep the TIME_WAIT level steady: whatever was made in a tick is made
 * again TW_SLOTS ticks later, when it expires.
 */
static void run_tw(const struct job *job, struct report *rep, int report_fd)
{
	static long ring[TW_SLOTS];
	long seq = 0, tick, next;
	int lfd = open_listener(AF_INET, job_port(job));

	if (lfd < 0)
		goto fail;
	rep->listen = 1;
	tick = now_tick();
	if (make_tw(lfd, job->tw, &seq) < 0)
		goto fail;
	ring[tick % TW_SLOTS] = job->tw;
	rep->time_wait = job->tw;
	if (write(report_fd, rep, sizeof(*rep)) != sizeof(*rep))
		exit(1);
	for (next = tick + 1; !stop; next++) {
		long slot = next % TW_SLOTS, n = ring[slot];

		while (now_tick() < next && !stop)
			usleep(TW_TICK_MS * 1000 / 4);
		ring[slot] = 0;
		if (n > 0 && make_tw(lfd, n, &seq) < 0)
			exit(1);
		ring[slot] = n;
	}
	exit(0);
fail:
	rep->err = errno ? errno : EIO;
	if (write(report_fd, rep, sizeof(*rep)) != sizeof(*rep))
		exit(1);
	exit(1);
}

static pid_t start_worker(const struct job *job, int report_fd, pid_t parent)
{
	struct report rep = { .index = job->index };
	pid_t pid = fork();

	if (pid)
		return pid;
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		exit(1);
	if (job->kind == K_TW)
		run_tw(job, &rep, report_fd);
	run_pairs(job, &rep);
	if (write(report_fd, &rep, sizeof(rep)) != sizeof(rep))
		exit(1);
	while (!stop)
		pause();
	exit(0);
}

/* Split total into the jobs; returns how many. */
static int plan(long total, struct job *jobs, int max)
{
	long tw = total / 10, pairs, p6, p4;
	int nlisten = 1, n, i, guess;

	/* The listeners count towards the total: settle their number first. */
	for (guess = 0; guess < 3; guess++) {
		pairs = (total - tw - nlisten) / 2;
		p6 = pairs / 10;
		p4 = pairs - p6;
		nlisten = 1 + (p4 + WORKER_PAIRS - 1) / WORKER_PAIRS +
			  (p6 + WORKER_PAIRS - 1) / WORKER_PAIRS;
	}
	tw = total - nlisten - 2 * pairs;
	n = 0;
	jobs[n++] = (struct job){ .kind = K_TW, .index = 0, .tw = tw };
	for (i = 0; i < 2; i++) {
		long left = i ? p6 : p4;
		long w = (left + WORKER_PAIRS - 1) / WORKER_PAIRS;

		for (; w > 0 && n < max; w--) {
			long share = (left + w - 1) / w;

			jobs[n] = (struct job){
				.kind = i ? K_PAIRS6 : K_PAIRS4,
				.index = n, .pairs = share,
				.half = share * 15 / 100,
			};
			left -= share;
			n++;
		}
	}
	return n;
}

static int write_ready(const char *path, const struct report *sum, long total)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -1;
	fprintf(f, "total %ld\nESTABLISHED %ld\nCLOSE_WAIT %ld\nFIN_WAIT2 %ld\n"
		"TIME_WAIT %ld\nLISTEN %ld\npid %d\n", total, sum->estab,
		sum->close_wait, sum->fin_wait2, sum->time_wait, sum->listen,
		(int)getpid());
	if (fclose(f))
		return -1;
	return rename(tmp, path);
}

static void stop_children(pid_t *pids, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "total", required_argument, NULL, 't' },
		{ "ready", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static struct job jobs[1000];
	static pid_t pids[1000];
	struct report sum = { 0 }, rep;
	struct sigaction sa = { .sa_handler = on_term };
	const char *ready = NULL;
	long total = 0;
	int pipefd[2], njobs, i, opt, reported = 0, ret = 1;

	while ((opt = getopt_long(argc, argv, "t:r:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			total = strtol(optarg, NULL, 10);
			break;
		case 'r':
			ready = optarg;
			break;
		default:
			fprintf(stderr, "usage: sockgen --total N [--ready FILE]\n");
			return opt == 'h' ? 0 : 1;
		}
	}
	if (total < 100 || total > 5000000) {
		fprintf(stderr, "sockgen: --total must be between 100 and 5000000\n");
		return 1;
	}
	check_private_netns();
	njobs = plan(total, jobs, 1000);
	tune_netns(jobs[0].tw);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (pipe(pipefd))
		die("pipe");
	for (i = 0; i < njobs; i++) {
		pids[i] = start_worker(&jobs[i], pipefd[1], getpid());
		if (pids[i] < 0) {
			perror("sockgen: fork");
			goto out;
		}
	}
	close(pipefd[1]);
	while (reported < njobs && !stop) {
		ssize_t r = read(pipefd[0], &rep, sizeof(rep));

		if (r < 0 && errno == EINTR)
			continue;
		if (r != sizeof(rep)) {
			fprintf(stderr, "sockgen: a worker died before reporting\n");
			goto out;
		}
		if (rep.err) {
			fprintf(stderr, "sockgen: worker %d: %s\n", rep.index, strerror(rep.err));
			goto out;
		}
		sum.estab += rep.estab;
		sum.close_wait += rep.close_wait;
		sum.fin_wait2 += rep.fin_wait2;
		sum.time_wait += rep.time_wait;
		sum.listen += rep.listen;
		reported++;
	}
	if (stop)
		goto out;
	if (ready && write_ready(ready, &sum, total))
		die(ready);
	fprintf(stderr, "sockgen: %ld sockets ready in %d workers\n", total, njobs);
	while (!stop)
		pause();
	ret = 0;
out:
	stop_children(pids, njobs);
	return ret;
}

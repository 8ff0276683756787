// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * floor: the least any tool pays to read the TCP socket table — one
 * NETLINK_SOCK_DIAG dump per family that only counts sockets per state.
 *
 *   floor [--info] [--state close-wait]
 *
 * --info asks the kernel for INET_DIAG_INFO (tcp_info) as `ls -i` must;
 * --state sends a one-state mask to the kernel as `ls -s` does.
 * Prints "STATE count" lines and "total N".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const names[] = {
	"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
	"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};
#define NSTATES (sizeof(names) / sizeof(names[0]))

/*
 * Both families in one request: TCPDIAG_GETSOCK makes the kernel dump with
 * AF_UNSPEC, one walk of the hash table IPv4 and IPv6 share (as ss and
 * tcpdoc ask), where two SOCK_DIAG_BY_FAMILY requests would walk it twice.
 */
static int dump(int fd, unsigned int states, int info, unsigned long *count)
{
	static char buf[64 * 1024];
	struct {
		struct nlmsghdr nlh;
		struct inet_diag_req req;
	} msg = {
		.nlh = {
			.nlmsg_len = sizeof(msg),
			.nlmsg_type = TCPDIAG_GETSOCK,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.req = {
			.idiag_family = AF_INET,
			.idiag_states = states,
			.idiag_ext = info ? 1 << (INET_DIAG_INFO - 1) : 0,
		},
	};

	if (send(fd, &msg, sizeof(msg), 0) != sizeof(msg))
		return -1;
	for (;;) {
		ssize_t len = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			struct inet_diag_msg *m = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			if (h->nlmsg_type == NLMSG_ERROR) {
				errno = -((struct nlmsgerr *)m)->error;
				return -1;
			}
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				fprintf(stderr, "floor: dump interrupted, counts inexact\n");
			count[m->idiag_state < NSTATES ? m->idiag_state : 0]++;
		}
	}
}

static unsigned int parse_state(const char *s)
{
	char want[32];
	size_t i;

	for (i = 0; s[i] && i < sizeof(want) - 1; i++)
		want[i] = s[i] == '-' ? '_' : s[i];
	want[i] = '\0';
	for (i = 1; i < NSTATES; i++)
		if (!strcasecmp(want, names[i]))
			return 1u << i;
	fprintf(stderr, "floor: unknown state %s\n", s);
	exit(3);
}

int main(int argc, char **argv)
{
	unsigned long count[NSTATES] = { 0 }, total = 0;
	/*
	 * The eleven states and TCP_NEW_SYN_RECV (request sockets), as tcpdoc
	 * and ss ask: ~0 would also set TCPF_BOUND_INACTIVE (1 << 13), and
	 * the kernel would then walk the bind hash too.
	 */
	unsigned int states = 0x1ffe;
	int info = 0, rcvbuf = 1 << 20, fd, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--info"))
			info = 1;
		else if (!strcmp(argv[i], "--state") && i + 1 < argc)
			states = parse_state(argv[++i]);
		else {
			fprintf(stderr, "usage: floor [--info] [--state STATE]\n");
			return 3;
		}
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0) {
		perror("floor: socket");
		return 3;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (dump(fd, states, info, count)) {
		perror("floor: sock_diag dump");
		return 3;
	}
	for (i = 1; i < (int)NSTATES; i++) {
		total += count[i];
		if (count[i])
			printf("%s %lu\n", names[i], count[i]);
	}
	printf("total %lu\n", total);
	return 0;
}

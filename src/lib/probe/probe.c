// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * probe: resolve a target, connect to each address without blocking, and
 * say how it ended. The kernel's errno is the evidence; tcp_info read while
 * the SYN is outstanding tells how many times it had to be sent again.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/number.h"
#include "tcpdoc/probe.h"

/* How often tcp_info is read while a connect is pending. */
#define SAMPLE_MS 100

static const char *const outcome_names[TCPD_PROBE_NOUTCOMES] = {
	[TCPD_PROBE_OPEN] = "open",
	[TCPD_PROBE_REFUSED] = "refused",
	[TCPD_PROBE_TIMEOUT] = "timeout",
	[TCPD_PROBE_UNREACHABLE] = "unreachable",
	[TCPD_PROBE_RESET] = "reset",
	[TCPD_PROBE_PORTS_EXHAUSTED] = "ports_exhausted",
	[TCPD_PROBE_DENIED] = "denied",
	[TCPD_PROBE_OTHER] = "other",
};

const char *tcpd_probe_outcome_name(enum tcpd_probe_outcome o)
{
	return o < TCPD_PROBE_NOUTCOMES ? outcome_names[o] : "other";
}

enum tcpd_probe_outcome tcpd_probe_classify(int errnum)
{
	switch (errnum) {
	case 0:
		return TCPD_PROBE_OPEN;
	case ECONNREFUSED:
		return TCPD_PROBE_REFUSED;
	case ETIMEDOUT:
		return TCPD_PROBE_TIMEOUT;
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ENETDOWN:
		return TCPD_PROBE_UNREACHABLE;
	case ECONNRESET:
		return TCPD_PROBE_RESET;
	case EADDRNOTAVAIL:
		return TCPD_PROBE_PORTS_EXHAUSTED;
	case EACCES:
	case EPERM:
		return TCPD_PROBE_DENIED;
	default:
		return TCPD_PROBE_OTHER;
	}
}

static int parse_port(const char *s, const char *target, uint16_t *port,
		      struct tcpd_err *err)
{
	long v;

	if (!*s)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("missing port in '%s': expected HOST:PORT, e.g. example.com:443 or [::1]:80"),
				 tcpd_q(target));
	if (!tcpd_whole_parse(s, 1, 65535, &v)) {
		*port = (uint16_t)v;
		return 0;
	}
	return tcpd_fail(err, TCPD_E_USAGE,
			 _("bad port '%s' in '%s': expected a number from 1 to 65535"), tcpd_q(s), tcpd_q(target));
}

int tcpd_probe_parse_target(const char *s, char host[TCPD_HOSTLEN], uint16_t *port,
			    struct tcpd_err *err)
{
	const char *start = s, *end, *colon;

	if (s[0] == '[') {
		start = s + 1;
		end = strchr(start, ']');
		/* Brackets hold an IPv6 address: "[1.2.3.4]:80" is a typo. */
		if (!end || (end[1] && end[1] != ':') || !memchr(start, ':', (size_t)(end - start)))
			return tcpd_fail(err, TCPD_E_USAGE,
					 _("bad target '%s': expected [IPv6]:PORT, e.g. [::1]:80"), tcpd_q(s));
		colon = end[1] ? end + 1 : end + strlen(end);
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			colon = s + strlen(s);
		else if (memchr(s, ':', (size_t)(colon - s)))
			return tcpd_fail(err, TCPD_E_USAGE,
					 _("bad target '%s': an IPv6 address goes in brackets, e.g. [::1]:80"),
					 tcpd_q(s));
		end = colon;
	}
	if (end == start || end - start >= TCPD_HOSTLEN)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad target '%s': expected HOST:PORT, e.g. example.com:443 or [::1]:80"),
				 tcpd_q(s));
	memcpy(host, start, (size_t)(end - start));
	host[end - start] = '\0';
	return parse_port(*colon ? colon + 1 : colon, s, port, err);
}

static void from_sockaddr(const struct sockaddr *sa, struct tcpd_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = (uint8_t)sa->sa_family;
	if (sa->sa_family == AF_INET)
		memcpy(a->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
	else
		memcpy(a->b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
}

static socklen_t to_sockaddr(const struct tcpd_addr *a, uint16_t port,
			     struct sockaddr_storage *ss)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		memcpy(&in->sin_addr, a->b, 4);
		return sizeof(*in);
	}
	in6->sin6_family = AF_INET6;
	in6->sin6_port = htons(port);
	memcpy(&in6->sin6_addr, a->b, 16);
	return sizeof(*in6);
}

static bool seen(const struct tcpd_probe_dst *d, size_t n, const struct tcpd_addr *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tcpd_addr_equal(&d[i].addr, a))
			return true;
	return false;
}

/* A literal address of the other family than @family asks for. */
static bool wrong_family(const char *host, int family)
{
	unsigned char b[16];

	if (family == AF_INET6)
		return inet_pton(AF_INET, host, b) == 1;
	if (family == AF_INET)
		return inet_pton(AF_INET6, host, b) == 1;
	return false;
}

int tcpd_probe_resolve(const char *host, uint16_t port, int family,
		       struct tcpd_probe_dst **out, size_t *n, struct tcpd_err *err)
{
	struct addrinfo hints = {
		.ai_family = family ? family : AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_protocol = IPPROTO_TCP,
	};
	struct addrinfo *res, *ai;
	struct tcpd_probe_dst *d;
	size_t max = 0, k = 0;
	int rc;

	if (wrong_family(host, family))
		return tcpd_fail(err, TCPD_E_USAGE, _("%s is IPv%d but -%d asks for IPv%d"), tcpd_q(host),
				 family == AF_INET ? 6 : 4, family == AF_INET ? 4 : 6,
				 family == AF_INET ? 4 : 6);
	rc = getaddrinfo(host, NULL, &hints, &res);
	if (rc == EAI_SYSTEM)
		return tcpd_fail_errno(err, errno, _("cannot resolve '%s'"), tcpd_q(host));
	if (rc)
		return tcpd_fail(err, TCPD_E_NOENT, _("cannot resolve '%s': %s"),
				 tcpd_q(host), gai_strerror(rc));
	for (ai = res; ai; ai = ai->ai_next)
		max++;
	d = calloc(max, sizeof(*d));
	if (!d) {
		freeaddrinfo(res);
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	}
	for (ai = res; ai; ai = ai->ai_next) {
		struct tcpd_addr a;

		if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
			continue;
		from_sockaddr(ai->ai_addr, &a);
		if (seen(d, k, &a))
			continue;
		d[k].addr = a;
		d[k++].port = port;
	}
	freeaddrinfo(res);
	if (!k) {
		free(d);
		return tcpd_fail(err, TCPD_E_NOENT, _("'%s' has no IPv4 or IPv6 address"), tcpd_q(host));
	}
	*out = d;
	*n = k;
	return 0;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * While in SYN_SENT, tcpi_retransmits counts the SYN's retries; it is reset
 * once the handshake completes, but tcpi_total_retrans keeps the count.
 * Keep the largest value either has shown.
 */
static void sample_retrans(int fd, struct tcpd_probe_result *res)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	unsigned int n;

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		return;
	n = ti.tcpi_total_retrans > ti.tcpi_retransmits ? ti.tcpi_total_retrans
							: ti.tcpi_retransmits;
	if (n > res->syn_retransmits)
		res->syn_retransmits = n;
}

static void finish(struct tcpd_probe_result *res, int errnum, double ms)
{
	res->ms = ms;
	res->errnum = errnum;
	res->outcome = tcpd_probe_classify(errnum);
}

static int wait_connect(int fd, const struct tcpd_probe_opts *opts,
			const struct timespec *t0, struct tcpd_probe_result *res,
			struct tcpd_err *err)
{
	struct pollfd p = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int left, n, e = 0;
	double ms;

	for (;;) {
		sample_retrans(fd, res);
		left = opts->timeout_ms - (int)ms_since(t0);
		if (left <= 0) {
			finish(res, ETIMEDOUT, ms_since(t0));
			res->own_timeout = true;
			return 0;
		}
		n = poll(&p, 1, left < SAMPLE_MS ? left : SAMPLE_MS);
		if (opts->stop && *opts->stop)
			return 1;
		if (n > 0)
			break;
		if (n < 0 && errno != EINTR)
			return tcpd_fail_errno(err, errno, _("poll"));
	}
	ms = ms_since(t0);
	sample_retrans(fd, res);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len))
		return tcpd_fail_errno(err, errno, _("cannot read the socket's error"));
	finish(res, e, ms);
	return 0;
}

static int bind_source(int fd, const struct tcpd_addr *src, struct tcpd_err *err)
{
	struct sockaddr_storage ss;
	char buf[TCPD_ADDRSTRLEN];
	socklen_t len = to_sockaddr(src, 0, &ss);
	int one = 1;

	/*
	 * Without this, bind() picks the local port before the destination is
	 * known, so a full port range shows as EADDRINUSE from bind instead of
	 * EADDRNOTAVAIL from connect(), and ports are shared less well.
	 */
	setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
	if (!bind(fd, (struct sockaddr *)&ss, len))
		return 0;
	return tcpd_fail_errno(err, errno, _("cannot use source address %s"),
			       tcpd_addr_str(src, buf, sizeof(buf)));
}

int tcpd_probe_once(const struct tcpd_probe_dst *dst, const struct tcpd_probe_opts *opts,
		    struct tcpd_probe_result *res, struct tcpd_err *err)
{
	struct sockaddr_storage ss;
	struct timespec t0;
	socklen_t len;
	int fd, ret = 0;

	memset(res, 0, sizeof(*res));
	res->dst = *dst;
	if (opts->source && opts->source->family != dst->addr.family)
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("the source address and the target are of different families"));
	fd = socket(dst->addr.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0)
		return tcpd_fail_errno(err, errno, _("cannot make a TCP socket"));
	if (opts->source && bind_source(fd, opts->source, err)) {
		ret = -1;
		goto out;
	}
	len = to_sockaddr(&dst->addr, dst->port, &ss);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!connect(fd, (struct sockaddr *)&ss, len))
		finish(res, 0, ms_since(&t0));
	else if (errno != EINPROGRESS)
		finish(res, errno, ms_since(&t0));
	else
		ret = wait_connect(fd, opts, &t0, res, err);
out:
	close(fd);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's listening socket, opened by us rather than by libmicrohttpd so
 * that every way --listen can be wrong is one plain line before anything
 * runs: no port, port 0 (a port the kernel picks is one no scraper knows),
 * a port past 65535, a name that does not resolve, a port in use.
 */
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cmd/serve.h"
#include "tcpdoc/addr.h"

/* Queued connections the kernel holds for us; it caps this at somaxconn. */
#define SERVE_BACKLOG 4096

static int bad_listen(const char *spec, struct tcpd_err *err)
{
	return tcpd_fail(err, TCPD_E_USAGE,
			 _("bad --listen '%s': expected ADDR:PORT, e.g. 127.0.0.1:%d or [::1]:%d"),
			 tcpd_q(spec), SERVE_PORT, SERVE_PORT);
}

/* "HOST:PORT" or "[ADDR6]:PORT": @host (brackets dropped) and the port's text. */
static int split_listen(const char *spec, char *host, size_t size, const char **port,
			struct tcpd_err *err)
{
	const char *colon = strrchr(spec, ':'), *h = spec;
	size_t hl = colon ? (size_t)(colon - spec) : 0;
	bool v6 = hl >= 2 && spec[0] == '[' && spec[hl - 1] == ']';

	if (v6) {
		h++;
		hl -= 2;
	}
	/* A colon left in the host is an IPv6 address without its brackets. */
	if (!colon || !hl || hl >= size || (!v6 && memchr(h, ':', hl)))
		return bad_listen(spec, err);
	memcpy(host, h, hl);
	host[hl] = '\0';
	*port = colon + 1;
	return 0;
}

/* The addresses @spec names; freeaddrinfo them. */
static int resolve_listen(const char *spec, struct addrinfo **ai, struct tcpd_err *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_NUMERICSERV | AI_PASSIVE };
	char host[256];
	const char *port = NULL;
	uint16_t n;
	int ret;

	if (split_listen(spec, host, sizeof(host), &port, err))
		return -1;
	if (tcpd_port_parse(port, &n, err) || !n)
		return bad_listen(spec, err);
	ret = getaddrinfo(host, port, &hints, ai);
	if (ret)
		return tcpd_fail(err, TCPD_E_USAGE, _("bad --listen '%s': cannot resolve '%s': %s"),
				 tcpd_q(spec), tcpd_q(host),
				 ret == EAI_SYSTEM ? strerror(errno) : gai_strerror(ret));
	return 0;
}

static int bind_one(const struct addrinfo *a)
{
	int fd, one = 1;

	fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, a->ai_addr, a->ai_addrlen) || listen(fd, SERVE_BACKLOG)) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* A name may stand for several addresses: the first that binds is taken. */
int serve_listen(const char *spec, struct tcpd_err *err)
{
	struct addrinfo *ai, *a;
	int fd = -1, e = EADDRNOTAVAIL;

	if (resolve_listen(spec, &ai, err))
		return -1;
	for (a = ai; a && fd < 0; a = a->ai_next) {
		fd = bind_one(a);
		if (fd < 0)
			e = errno;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		return tcpd_fail_errno(err, e, _("cannot listen on %s"), tcpd_q(spec));
	return fd;
}

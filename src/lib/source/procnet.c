// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socket table through /proc/net/tcp and /proc/net/tcp6: the fallback
 * where sock_diag is missing, and a second witness for tests. Parsed by hand
 * from large reads; sscanf() would dominate at a million lines.
 *
 * A line (net/ipv4/tcp_ipv4.c, get_tcp4_sock):
 *   sl local rem st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
 * Addresses are hex words in host byte order; tm->when is in clock ticks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/sock.h"
#include "tcpdoc/state.h"
#include "source/procnet_int.h"

#define PROC_BUF (256 * 1024)

struct proc_ctx {
	struct tcpd_query *q;
	tcpd_sock_cb cb;
	void *arg;
	int family;
	long hz;
	struct tcpd_sock rec;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse up to @max hex digits; NULL when there are none. */
static const char *hex(const char *p, int max, uint64_t *out)
{
	uint64_t v = 0;
	int d, n = 0;

	while (n < max && (d = hexval(*p)) >= 0) {
		v = v << 4 | (uint64_t)d;
		p++;
		n++;
	}
	*out = v;
	return n ? p : NULL;
}

static const char *dec(const char *p, uint64_t *out)
{
	uint64_t v = 0;
	const char *start = p;

	while (*p >= '0' && *p <= '9')
		v = v * 10 + (uint64_t)(*p++ - '0');
	*out = v;
	return p != start ? p : NULL;
}

static const char *skip_spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* "0100007F:1F90": words in host order, then the port. */
static const char *endpoint(const char *p, int family, struct tcpd_addr *a,
			    uint16_t *port)
{
	int words = family == AF_INET ? 1 : 4, i;
	uint64_t v;

	a->family = (uint8_t)family;
	memset(a->b, 0, sizeof(a->b));
	for (i = 0; i < words; i++) {
		uint32_t w;

		p = hex(p, 8, &v);
		if (!p)
			return NULL;
		w = (uint32_t)v;
		memcpy(a->b + 4 * i, &w, 4);
	}
	if (*p++ != ':' || !(p = hex(p, 4, &v)))
		return NULL;
	*port = (uint16_t)v;
	return p;
}

static const char *field_hex(const char *p, uint64_t *v, char sep)
{
	p = hex(skip_spaces(p), 16, v);
	if (!p || (sep && *p++ != sep))
		return NULL;
	return p;
}

/* Returns 1 when the line is a socket record in @s, 0 to skip, -1 malformed. */
static int parse_line(const char *p, struct proc_ctx *ctx)
{
	struct tcpd_sock *s = &ctx->rec;
	uint64_t st, txq, rxq, tr, when, rt, uid, tmo, ino;

	p = skip_spaces(p);
	if (*p < '0' || *p > '9')
		return 0;	/* the header */
	while (*p && *p != ':')
		p++;
	if (!*p++)
		return -1;
	p = endpoint(skip_spaces(p), ctx->family, &s->local, &s->lport);
	if (!p || !(p = endpoint(skip_spaces(p), ctx->family, &s->remote, &s->rport)))
		return -1;
	if (!(p = field_hex(p, &st, 0)) || !(p = field_hex(p, &txq, ':')) ||
	    !(p = field_hex(p, &rxq, 0)) || !(p = field_hex(p, &tr, ':')) ||
	    !(p = field_hex(p, &when, 0)) || !(p = field_hex(p, &rt, 0)))
		return -1;
	if (!(p = dec(skip_spaces(p), &uid)) || !(p = dec(skip_spaces(p), &tmo)) ||
	    !(p = dec(skip_spaces(p), &ino)))
		return -1;
	s->state = (uint8_t)tcpd_state_user((int)st);
	s->send_q = (uint32_t)txq;
	s->recv_q = (uint32_t)rxq;
	s->timer = (uint8_t)tr;
	s->expires_ms = tr ? (uint32_t)(when * 1000 / (uint64_t)ctx->hz) : 0;
	s->retrans = (uint8_t)rt;
	s->uid = (uint32_t)uid;
	s->inode = ino;
	s->cookie = 0;
	s->has_info = false;
	return 1;
}

/*
 * /proc/net/tcp6 has neither the bound interface nor v6only: a socket on
 * [::] (perhaps dual-stack, "*") or on a link-local address (perhaps
 * "%IFACE") may show otherwise than sock_diag shows it.
 */
static bool needs_scope(const struct tcpd_sock *s)
{
	static const uint8_t any[16];

	const uint8_t *b = s->local.b;

	return !memcmp(b, any, 16) || (b[0] == 0xfe && (b[1] & 0xc0) == 0x80);
}

static int proc_line(const char *line, struct proc_ctx *ctx, struct tcpd_err *err)
{
	uint32_t states = ctx->q->states ? ctx->q->states : TCPD_STATES_ALL;
	int ret = parse_line(line, ctx);

	if (ret < 0)
		return tcpd_fail(err, TCPD_E_INPUT, _("malformed line in /proc/net/tcp%s"),
				 ctx->family == AF_INET6 ? "6" : "");
	if (!ret || !(states & TCPD_STATE_BIT(ctx->rec.state)))
		return 0;
	if (ctx->family == AF_INET6 && !ctx->q->tuple_only && needs_scope(&ctx->rec))
		ctx->q->lacks |= TCPD_LACK_SCOPE;
	return ctx->cb(&ctx->rec, ctx->arg, err);
}

/* Feed whole lines to proc_line; keep the tail of a partial line. */
static int proc_read(int fd, struct proc_ctx *ctx, char *buf, struct tcpd_err *err)
{
	size_t have = 0;

	for (;;) {
		ssize_t n = read(fd, buf + have, PROC_BUF - 1 - have);
		char *line, *nl;
		int ret;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return tcpd_fail_errno(err, errno, _("cannot read /proc/net/tcp"));
		if (n == 0)
			return 0;
		have += (size_t)n;
		buf[have] = '\0';
		for (line = buf; (nl = strchr(line, '\n')); line = nl + 1) {
			*nl = '\0';
			ret = proc_line(line, ctx, err);
			if (ret)
				return ret < 0 ? -1 : 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have >= PROC_BUF - 1)
			return tcpd_fail(err, TCPD_E_INPUT, _("overlong line in /proc/net/tcp"));
	}
}

static int proc_file(const char *path, struct proc_ctx *ctx, char *buf,
		     struct tcpd_err *err)
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		/* A kernel without IPv6 has no tcp6: nothing to list. */
		if (errno == ENOENT && ctx->family == AF_INET6)
			return 0;
		return tcpd_fail_errno(err, errno, _("cannot open %s"), path);
	}
	ret = proc_read(fd, ctx, buf, err);
	close(fd);
	return ret;
}

/* Clock ticks per second: the unit of the tm->when column. */
static long clock_ticks(void)
{
	long hz = sysconf(_SC_CLK_TCK);

	return hz > 0 ? hz : 100;
}

int tcpd_procnet_read(int fd, int family, struct tcpd_query *q,
		      tcpd_sock_cb cb, void *arg, struct tcpd_err *err)
{
	struct proc_ctx ctx = { .q = q, .cb = cb, .arg = arg, .family = family };
	char *buf;
	int ret;

	ctx.hz = clock_ticks();
	buf = malloc(PROC_BUF);
	if (!buf)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	ret = proc_read(fd, &ctx, buf, err);
	free(buf);
	return ret;
}

int tcpd_procnet_dump(struct tcpd_query *q, tcpd_sock_cb cb, void *arg,
		      struct tcpd_err *err)
{
	struct proc_ctx ctx = { .q = q, .cb = cb, .arg = arg };
	char *buf;
	int ret = 0;

	ctx.hz = clock_ticks();
	buf = malloc(PROC_BUF);
	if (!buf)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (!q->family || q->family == AF_INET) {
		ctx.family = AF_INET;
		ret = proc_file("/proc/net/tcp", &ctx, buf, err);
	}
	if (!ret && (!q->family || q->family == AF_INET6)) {
		ctx.family = AF_INET6;
		ret = proc_file("/proc/net/tcp6", &ctx, buf, err);
	}
	free(buf);
	return ret < 0 ? -1 : 0;
}

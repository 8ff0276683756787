// SPDX-License-Identifier: GPL-2.0-or-later
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "tcpdoc/i18n.h"
#include "tcpdoc/addr.h"
#include "tcpdoc/fmt.h"
#include "tcpdoc/number.h"

static const uint8_t v4mapped_prefix[12] = { [10] = 0xff, [11] = 0xff };

bool tcpd_addr_is_v4mapped(const struct tcpd_addr *a)
{
	return a->family == AF_INET6 && !memcmp(a->b, v4mapped_prefix, 12);
}

bool tcpd_addr_equal(const struct tcpd_addr *a, const struct tcpd_addr *b)
{
	size_t n = a->family == AF_INET ? 4 : 16;

	return a->family == b->family && !memcmp(a->b, b->b, n);
}

/* "a.b.c.d" without inet_ntop's sprintf: pcap prints millions of them. */
static const char *v4_str(const uint8_t *b, char *buf, size_t len)
{
	char tmp[16], *p = tmp;
	int i;

	for (i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*p++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*p++ = (char)('0' + b[i] / 10 % 10);
		*p++ = (char)('0' + b[i] % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
	if ((size_t)(p - tmp) > len)
		return NULL;
	memcpy(buf, tmp, (size_t)(p - tmp));
	return buf;
}

const char *tcpd_addr_str(const struct tcpd_addr *a, char *buf, size_t len)
{
	if (a->family != AF_INET6) {
		if (!v4_str(a->b, buf, len))
			snprintf(buf, len, "?");
		return buf;
	}
	if (!inet_ntop(a->family == AF_INET6 ? AF_INET6 : AF_INET, a->b, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

const char *tcpd_endpoint_str(const struct tcpd_addr *a, uint16_t port, unsigned int flags,
			      char *buf, size_t len)
{
	char tmp[TCPD_ENDPOINTSTRLEN], *p = tmp;
	bool v6 = a->family == AF_INET6;
	size_t n;

	if (v6)
		*p++ = '[';
	tcpd_addr_str(a, p, TCPD_ADDRSTRLEN);
	p += strlen(p);
	if (v6)
		*p++ = ']';
	*p++ = ':';
	if (!port && (flags & TCPD_EP_ANY_PORT))
		*p++ = '*';
	else
		p = tcpd_fmt_u64(p, port);
	if (!len)
		return buf;
	n = (size_t)(p - tmp) < len ? (size_t)(p - tmp) : len - 1;
	memcpy(buf, tmp, n);
	buf[n] = '\0';
	return buf;
}

static int parse_len(const char *s, int max, uint8_t *len)
{
	long v;

	if (tcpd_whole_parse(s, 0, max, &v))
		return -1;
	*len = (uint8_t)v;
	return 0;
}

int tcpd_prefix_parse(const char *s, struct tcpd_prefix *p, struct tcpd_err *err)
{
	char buf[TCPD_ADDRSTRLEN + 8];
	const char *slash;
	char *host = buf;
	size_t n;

	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n == 0 || n >= sizeof(buf))
		goto bad;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (host[0] == '[' && host[n - 1] == ']') {
		host[n - 1] = '\0';
		host++;
	}
	memset(p, 0, sizeof(*p));
	if (inet_pton(AF_INET, host, p->addr.b) == 1) {
		p->addr.family = AF_INET;
		p->len = 32;
	} else if (inet_pton(AF_INET6, host, p->addr.b) == 1) {
		p->addr.family = AF_INET6;
		p->len = 128;
	} else {
		goto bad;
	}
	if (slash && parse_len(slash + 1, p->len, &p->len))
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad prefix length in '%s': expected /0 to /%d"),
				 s, p->addr.family == AF_INET ? 32 : 128);
	return 0;
bad:
	return tcpd_fail(err, TCPD_E_USAGE,
			 _("bad address '%s': expected IPv4 or IPv6, optionally /LEN"), s);
}

static bool bits_match(const uint8_t *a, const uint8_t *b, unsigned int bits)
{
	unsigned int bytes = bits / 8, rest = bits % 8;
	uint8_t mask;

	if (memcmp(a, b, bytes))
		return false;
	if (!rest)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return (a[bytes] & mask) == (b[bytes] & mask);
}

bool tcpd_prefix_match(const struct tcpd_prefix *p, const struct tcpd_addr *a)
{
	if (p->addr.family == a->family)
		return bits_match(p->addr.b, a->b, p->len);
	if (p->addr.family == AF_INET && tcpd_addr_is_v4mapped(a))
		return bits_match(p->addr.b, a->b + 12, p->len);
	return false;
}

int tcpd_port_parse(const char *s, uint16_t *port, struct tcpd_err *err)
{
	long v;

	if (tcpd_whole_parse(s, 0, 65535, &v))
		return tcpd_fail(err, TCPD_E_USAGE,
				 _("bad port '%s': expected a number from 0 to 65535"), s);
	*port = (uint16_t)v;
	return 0;
}

void tcpd_addr_set(struct tcpd_addr *a, int family, const void *b)
{
	a->family = (uint8_t)family;
	memcpy(a->b, b, family == AF_INET ? 4 : 16);
	if (family == AF_INET)
		memset(a->b + 4, 0, 12);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_ADDR_H
#define TCPD_ADDR_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#include "tcpdoc/err.h"

/* An IPv4 or IPv6 address; v4 sits in the first four bytes. */
struct tcpd_addr {
	uint8_t family;		/* AF_INET or AF_INET6 */
	uint8_t b[16];
};

/* An address with a prefix length, for --src and --dst. */
struct tcpd_prefix {
	struct tcpd_addr addr;
	uint8_t len;
};

/* INET6_ADDRSTRLEN is 46; v4-mapped forms fit too. */
#define TCPD_ADDRSTRLEN 48

/* Set @a from @family's address in network order (4 or 16 bytes at @b). */
void tcpd_addr_set(struct tcpd_addr *a, int family, const void *b);

/* Print an address; v4-mapped IPv6 shows as "::ffff:1.2.3.4". */
const char *tcpd_addr_str(const struct tcpd_addr *a, char *buf, size_t len);

/* "[v6]:port" with room to spare. */
#define TCPD_ENDPOINTSTRLEN (TCPD_ADDRSTRLEN + 16)

/* Port 0 prints as "*": any port, as ss shows a listener's peer. */
#define TCPD_EP_ANY_PORT 1u

/*
 * Print an endpoint, "1.2.3.4:80" or "[::1]:80", cut to @len and always
 * terminated; no printf, since a listing prints two per socket.
 */
const char *tcpd_endpoint_str(const struct tcpd_addr *a, uint16_t port, unsigned int flags,
			      char *buf, size_t len);

/* Parse "1.2.3.4", "::1", "[::1]", with an optional "/LEN". */
int tcpd_prefix_parse(const char *s, struct tcpd_prefix *p, struct tcpd_err *err);

/*
 * Does @a fall inside @p? A v4 prefix also matches v4-mapped IPv6
 * addresses, since a dual-stack socket reports them that way.
 */
bool tcpd_prefix_match(const struct tcpd_prefix *p, const struct tcpd_addr *a);

/* Parse a port number 0..65535. */
int tcpd_port_parse(const char *s, uint16_t *port, struct tcpd_err *err);

bool tcpd_addr_is_v4mapped(const struct tcpd_addr *a);
bool tcpd_addr_equal(const struct tcpd_addr *a, const struct tcpd_addr *b);

#endif

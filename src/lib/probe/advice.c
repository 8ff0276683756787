// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What each probe outcome usually means and what to do next. Only marked
 * here with N_(); the CLI translates at use.
 */
#include "tcpdoc/i18n.h"
#include "tcpdoc/probe.h"

#define MAX_ADVICE 6

struct outcome_words {
	const char *label;
	const char *advice[MAX_ADVICE + 1];	/* NULL-terminated */
};

static const struct outcome_words words[TCPD_PROBE_NOUTCOMES] = {
	[TCPD_PROBE_OPEN] = { N_("open"), {
		N_("open: the handshake completed, so the port accepts connections at the TCP level."),
		N_("If the application still fails, look above TCP: TLS, the protocol, the client's own timeouts, or an accept queue that fills up under load (nstat TcpExtListenOverflows).") } },
	[TCPD_PROBE_REFUSED] = { N_("refused"), {
		N_("refused (ECONNREFUSED 111): the host answered the SYN with an RST. It is up and reachable, but nothing listens on that address and port, or a firewall rejects with tcp-reset."),
		N_("On the server: ss -ltnp 'sport = :PORT' shows whether anything listens, and on which address (127.0.0.1 only is not reachable from elsewhere)."),
		N_("Check that the service is running (systemctl status, journalctl -u) and listening on the port the client uses."),
		N_("Look for a 'reject with tcp reset' rule: nft list ruleset, iptables -S.") } },
	[TCPD_PROBE_TIMEOUT] = { N_("timed out"), {
		N_("timed out (ETIMEDOUT 110): no answer at all to the SYN; the SYN or the SYN-ACK was lost. Usually a firewall or security group dropping silently, a host that is down, or a wrong address."),
		N_("SYN retransmits above 0 confirm the kernel resent the SYN and nothing came back."),
		N_("Capture on both ends: tcpdump -ni any 'tcp port PORT and tcp[tcpflags] & tcp-syn != 0'. A SYN that never arrives was dropped on the way; a SYN-ACK that never returns was dropped on the way back."),
		N_("Check drop rules on the path and on the server (nft list ruleset, cloud security groups), and a full SYN backlog on the server (nstat TcpExtListenDrops, TcpExtTCPReqQFullDrop)."),
		N_("The kernel gives up after net.ipv4.tcp_syn_retries retries (default 6, about 127 s); applications usually time out sooner.") } },
	[TCPD_PROBE_UNREACHABLE] = { N_("unreachable"), {
		N_("unreachable (EHOSTUNREACH 113 / ENETUNREACH 101): there is no route to the address, a route marks it unreachable, the next hop did not answer ARP/neighbour discovery, or a router sent ICMP unreachable (also sent by firewalls that reject with admin-prohibited)."),
		N_("ip route get ADDR shows the route this host would use; 'unreachable' or no route means the fault is here."),
		N_("ip neigh shows FAILED entries when the next hop or the host itself does not answer on the local network."),
		N_("If the route is fine, a router or firewall on the path sent ICMP: tcpdump -ni any icmp or icmp6 shows who.") } },
	[TCPD_PROBE_RESET] = { N_("reset"), {
		N_("reset (ECONNRESET 104): the connection was torn down by an RST after the SYN; often a middlebox (load balancer, proxy, IPS) or a listener whose accept queue overflowed with net.ipv4.tcp_abort_on_overflow=1."),
		N_("Capture the handshake (tcpdump -ni any tcp port PORT) to see who sends the RST, and compare its TTL with the server's.") } },
	[TCPD_PROBE_PORTS_EXHAUSTED] = { N_("no local port"), {
		N_("no local port (EADDRNOTAVAIL 99): every local port in net.ipv4.ip_local_port_range is already used towards this address and port, or the source address is not on this host."),
		N_("Count sockets towards that peer: ss -tan state time-wait dst ADDR | wc -l; many TIME_WAIT means short connections from this side."),
		N_("Reuse connections (keep-alive, pooling), widen net.ipv4.ip_local_port_range, or set net.ipv4.tcp_tw_reuse=1 for outgoing connections.") } },
	[TCPD_PROBE_DENIED] = { N_("denied"), {
		N_("denied (EACCES 13 / EPERM 1): this host refused to send the SYN: a 'prohibit' route, or a local firewall rule in the output path."),
		N_("ip route get ADDR shows a prohibit route; nft list ruleset and iptables -S show output rules; also check SELinux/AppArmor and cgroup BPF programs (bpftool cgroup tree).") } },
	[TCPD_PROBE_OTHER] = { N_("failed"), {
		N_("failed: connect() returned an errno tcpdoc does not classify; the name and number are shown with each attempt (tcpdoc explain ERRNO tells more). EINVAL here often means a blackhole route: ip route get ADDR.") } },
};

const char *tcpd_probe_outcome_label(enum tcpd_probe_outcome o)
{
	return o < TCPD_PROBE_NOUTCOMES ? words[o].label : words[TCPD_PROBE_OTHER].label;
}

const char *const *tcpd_probe_advice(enum tcpd_probe_outcome o)
{
	return o < TCPD_PROBE_NOUTCOMES ? words[o].advice : words[TCPD_PROBE_OTHER].advice;
}

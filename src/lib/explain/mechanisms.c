// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * How TCP does things, after RFC 9293 (handshake, close, TIME-WAIT), RFC
 * 5961 (challenge ACKs), RFC 4987 (SYN cookies), RFC 1122 (keepalive,
 * delayed ACK) and tcp(7) / socket(7) for the Linux specifics.
 */
#include "tcpdoc/explain.h"
#include "tcpdoc/i18n.h"

#define MECH(n) .name = n, .kind = TCPD_TOPIC_MECHANISM

const struct tcpd_topic tcpd_explain_mechanisms[] = {
	{ MECH("handshake"), .aliases = "three-way-handshake 3whs syn connect",
	  .title = N_("the three-way handshake: how a connection opens"),
	  .text = N_("1. The client sends SYN with its initial sequence number (CLOSED -> SYN_SENT).\n"
		     "2. The server's listener answers SYN+ACK with its own sequence number and acknowledges the client's (LISTEN -> SYN_RECV).\n"
		     "3. The client acknowledges that (-> ESTABLISHED); when the ACK arrives the server is ESTABLISHED too and the connection waits in the accept queue for accept().\n"
		     "Both sides also agree on options here: maximum segment size, window scaling, selective acknowledgements, timestamps. connect() returns after step 3 on the client; the whole costs one round trip before data can flow."),
	  .advice = N_("When it fails: RST in reply is ECONNREFUSED, silence is ETIMEDOUT after tcp_syn_retries, an ICMP error is EHOSTUNREACH or ENETUNREACH. tcpdoc probe HOST:PORT times it and names the outcome."),
	  .see_also = "SYN_SENT SYN_RECV LISTEN syn-cookies diagram" },
	{ MECH("four-way-close"), .aliases = "close-sequence teardown fin shutdown four-way-handshake",
	  .title = N_("the four-way close: how a connection ends"),
	  .text = N_("Each direction is closed on its own with a FIN, and each FIN is acknowledged:\n"
		     "1. The side that closes first sends FIN (ESTABLISHED -> FIN_WAIT1).\n"
		     "2. The other side acknowledges it (-> CLOSE_WAIT); the first side moves to FIN_WAIT2. The other side's program sees the end of the stream (read() returns 0) and may still send.\n"
		     "3. When that program calls close(), it sends its FIN (CLOSE_WAIT -> LAST_ACK).\n"
		     "4. The first side acknowledges it and waits in TIME_WAIT; the other side is done when the ACK arrives.\n"
		     "Steps 2 and 3 may share one segment. If both sides close at once, both pass through CLOSING instead of FIN_WAIT2."),
	  .advice = N_("Where it stalls shows who to blame: CLOSE_WAIT is the local program not closing; FIN_WAIT2 is the peer's program not closing; FIN_WAIT1 and LAST_ACK are FINs or ACKs that do not get through."),
	  .see_also = "FIN_WAIT1 FIN_WAIT2 CLOSE_WAIT LAST_ACK TIME_WAIT CLOSING" },
	{ MECH("2msl"), .aliases = "msl time-wait-timer",
	  .title = N_("2MSL: why TIME_WAIT lasts as long as it does"),
	  .text = N_("MSL, the maximum segment lifetime, is how long a segment may survive in the network. The side that closes first stays in TIME_WAIT for twice that, so that its last ACK can be sent again if the peer's FIN is retransmitted, and so that late segments of the old connection die before a new connection with the same addresses and ports could take them for its own.\n"
		     "RFC 9293 suggests an MSL of 2 minutes; Linux uses a fixed 60 seconds for the whole of TIME_WAIT (TCP_TIMEWAIT_LEN), which no sysctl changes."),
	  .advice = N_("Live with it, reuse connections, and use tcp_tw_reuse for outgoing connections. Timestamps (tcp_timestamps) are what make early reuse safe."),
	  .see_also = "TIME_WAIT tcp_tw_reuse tcp_fin_timeout" },
	{ MECH("keepalive"), .aliases = "so_keepalive keep-alive tcp_keepalive",
	  .title = N_("keepalive: probing idle connections for a dead peer"),
	  .text = N_("TCP sends nothing on an idle connection, so a peer that vanished (crashed host, pulled cable, a NAT that forgot the mapping) goes unnoticed forever. With SO_KEEPALIVE set on the socket, after tcp_keepalive_time of silence the kernel sends an empty segment the peer must acknowledge; after tcp_keepalive_probes unanswered probes, tcp_keepalive_intvl apart, the connection is aborted with ETIMEDOUT. A RST in reply aborts it with ECONNRESET.\n"
		     "It is off unless the program asks for it, and the defaults (2 hours) are far longer than most firewall and NAT idle timeouts."),
	  .advice = N_("Enable it in programs that hold long idle connections and set TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT per socket below the shortest idle timeout on the path. HTTP keep-alive is something else: reusing a connection for several requests."),
	  .see_also = "tcp_keepalive_time tcp_keepalive_intvl tcp_keepalive_probes half-open" },
	{ MECH("delayed-ack"), .aliases = "delack quickack tcp_quickack",
	  .title = N_("delayed ACK: acknowledging later to send less"),
	  .text = N_("A receiver need not acknowledge each segment at once: it waits briefly (Linux: between about 40 ms and 200 ms) hoping to piggyback the ACK on reply data or to acknowledge two segments with one ACK. Together with Nagle's algorithm on the sender, which holds small writes until earlier data is acknowledged, it can add a 40 ms pause to request-response traffic that writes a request in two small pieces."),
	  .advice = N_("If small requests take about 40 ms more than they should, write each request in one call, or set TCP_NODELAY on the sender; TCP_QUICKACK on the receiver turns delayed ACKs off for a while."),
	  .see_also = "handshake" },
	{ MECH("challenge-ack"), .aliases = "rfc5961 blind-reset",
	  .title = N_("challenge ACK: checking that a RST or SYN is genuine"),
	  .text = N_("To resist blind reset attacks (RFC 5961), a RST is accepted only if its sequence number is exactly the next one expected. A RST elsewhere in the window, or a SYN on an established connection, gets an ACK back instead: the challenge. A genuine peer that lost the connection answers it with a correctly numbered RST; an attacker cannot see it. Linux limits how many it sends per second (tcp_challenge_ack_limit)."),
	  .advice = N_("A SYN to a port where the server still believes in an old connection is answered by an ACK instead of SYN+ACK; the client then resets and retries. Seeing TCPChallengeACK grow in nstat is usually this, or stray resets."),
	  .see_also = "half-open ECONNRESET" },
	{ MECH("so-linger"), .aliases = "linger so_linger linger-zero abortive-close rst-close",
	  .title = N_("SO_LINGER with zero timeout: closing with a reset"),
	  .text = N_("Normally close() returns at once and the kernel delivers remaining data and the FIN in the background. With SO_LINGER enabled and a zero timeout, close() discards unsent data and sends a RST: the connection is aborted, no FIN exchange and no TIME_WAIT on this side. The peer's next call fails with ECONNRESET. With a non-zero timeout, close() blocks until the data is sent or the time runs out.\n"
		     "Closing a socket that still has unread received data also sends a RST, linger or not."),
	  .advice = N_("It avoids TIME_WAIT but throws away data in flight and surprises the peer with resets; use it only for connections that are truly broken. Reusing connections is the better cure for too much TIME_WAIT."),
	  .see_also = "ECONNRESET TIME_WAIT four-way-close" },
	{ MECH("half-open"), .aliases = "half-open-connection dead-peer",
	  .title = N_("half-open connections: one side gone without a word"),
	  .text = N_("A connection is half-open when one side no longer knows it: its host rebooted or crashed, or a NAT or firewall in between dropped the state. The side that remains still shows ESTABLISHED. If it sends, the peer answers with a RST (ECONNRESET) or nothing comes back and retransmissions end in ETIMEDOUT after tcp_retries2; if it only waits to read, it waits forever unless keepalive or an application timeout is in place.\n"
		     "Not to be confused with half-closed connections, where one direction was closed with shutdown() and the other still carries data (FIN_WAIT2 and CLOSE_WAIT), or with half-open handshakes in SYN_RECV."),
	  .advice = N_("Enable keepalive with short timers, or application heartbeats, and lower tcp_retries2 or set TCP_USER_TIMEOUT where dead peers must be found fast."),
	  .see_also = "keepalive ESTABLISHED tcp_retries2 challenge-ack" },
	{ MECH("syn-cookies"), .aliases = "syncookies syn-cookie syn-flood",
	  .title = N_("SYN cookies: handshakes without state under a SYN flood"),
	  .text = N_("A SYN flood fills a listener's SYN queue with handshakes that will never finish. With tcp_syncookies on, once the queue overflows the listener keeps nothing for new SYNs: it encodes the connection's details (addresses, ports, a time counter, the MSS) in the SYN+ACK's sequence number with a secret hash. A real client's ACK carries that number back, and the kernel rebuilds the connection from it. Forged sources never answer and cost nothing."),
	  .advice = N_("Keep tcp_syncookies at 1. \"Sending cookies\" in the kernel log on a service without an attack means the SYN queue or accept queue is too small for the load: raise the listen backlog, somaxconn and tcp_max_syn_backlog."),
	  .see_also = "tcp_syncookies SYN_RECV LISTEN tcp_max_syn_backlog" },
	{ .name = "diagram", .kind = TCPD_TOPIC_DIAGRAM, .aliases = "state-diagram states fsm",
	  .title = N_("the TCP state diagram"),
	  .text = N_("The states of a TCP connection and the events that move it from one to the next, after RFC 9293 section 3.3.2, with Linux's names. The highlighted state is the one asked about."),
	  .see_also = "handshake four-way-close" },
	{ 0 },
};

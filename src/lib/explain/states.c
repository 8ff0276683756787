// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The eleven states users see, and the edges between them, after RFC 9293
 * section 3.3.2 as Linux implements it (net/ipv4/tcp.c, tcp_input.c).
 */
#include "tcpdoc/explain.h"
#include "tcpdoc/i18n.h"
#include "tcpdoc/state.h"

#define STATE(s) .name = #s, .kind = TCPD_TOPIC_STATE, .state = TCPD_##s

const struct tcpd_topic tcpd_explain_states[] = {
	{ STATE(LISTEN), .aliases = "listening",
	  .title = N_("a server socket waiting for connections"),
	  .text = N_("The socket called listen() and waits for SYNs. It never carries data: each connection that completes the handshake becomes a new socket, queued until the application calls accept().\n"
		     "A listener has two queues: the SYN queue of half-open connections (SYN_RECV, bounded by tcp_max_syn_backlog) and the accept queue of finished ones, bounded by min(backlog passed to listen(), somaxconn). For a listener, ss and tcpdoc show the accept queue's length as Recv-Q and its limit as Send-Q.\n"
		     "It lasts until the application closes it. One per listening address and port is normal (more with SO_REUSEPORT)."),
	  .advice = N_("If Recv-Q reaches Send-Q the accept queue is full: new handshakes are dropped and the ListenOverflows and ListenDrops counters (nstat) grow. Make the application accept faster, or raise the backlog it passes to listen() together with net.core.somaxconn."),
	  .see_also = "SYN_RECV somaxconn tcp_max_syn_backlog syn-cookies" },
	{ STATE(SYN_SENT), .aliases = "SYN-SENT",
	  .title = N_("a client sent SYN and waits for the answer"),
	  .text = N_("connect() sent a SYN and the socket waits for the peer's SYN+ACK. Only the side that opens the connection is ever in this state.\n"
		     "Normally it lasts one round trip. Without an answer Linux sends the SYN again after 1, 2, 4, 8... seconds, tcp_syn_retries times (6 by default, about 127 s in all) and then connect() fails with ETIMEDOUT. A RST in reply ends it with ECONNREFUSED, an ICMP error with EHOSTUNREACH or ENETUNREACH.\n"
		     "Many sockets in SYN_SENT, or ones that stay for seconds, mean SYNs get no answer: the peer is down or overloaded, a firewall drops them, the route is broken, or the peer's accept queue is full (Linux then drops SYNs silently)."),
	  .advice = N_("Look at where they go (tcpdoc summary -s syn-sent --by peer), then try one by hand with tcpdoc probe HOST:PORT. Check firewalls and routes on the way, and the listener on the peer (its accept queue). Give the application a connect timeout shorter than the kernel's two minutes."),
	  .see_also = "ETIMEDOUT ECONNREFUSED tcp_syn_retries handshake" },
	{ STATE(SYN_RECV), .aliases = "SYN-RECEIVED syn_rcvd",
	  .title = N_("a server answered a SYN and waits for the final ACK"),
	  .text = N_("A SYN arrived at a listener, which replied with SYN+ACK and waits for the ACK that completes the handshake. Only the server side is here (or both sides of a rare simultaneous open). Linux keeps these as small request socks in the listener's SYN queue, not as full sockets.\n"
		     "Normally it lasts one round trip. Without the ACK the SYN+ACK is sent again tcp_synack_retries times (5 by default, about 63 s in all) before the request is dropped.\n"
		     "Many of them mean handshakes are not finishing: a SYN flood (forged sources never answer), clients whose ACKs are lost or filtered on the way back, or a full accept queue, where Linux drops the final ACK and the client believes it is connected while the server still waits."),
	  .advice = N_("See whether a few sources dominate (tcpdoc summary -s syn-recv --by peer). Keep tcp_syncookies at 1 so a flood cannot fill the SYN queue. Check the listener's accept queue (ListenOverflows in nstat) and the return path of the ACKs (asymmetric routing, firewalls)."),
	  .see_also = "LISTEN tcp_synack_retries tcp_syncookies syn-cookies handshake" },
	{ STATE(ESTABLISHED), .aliases = "estab",
	  .title = N_("the connection is open and data can flow both ways"),
	  .text = N_("The handshake is done; both sides are here while they exchange data. It lasts as long as the applications keep the connection: a database connection in a pool may stay for days.\n"
		     "It ends when one side closes (FIN_WAIT1 there, CLOSE_WAIT on the other) or resets. If the peer vanishes without a word, an idle connection stays ESTABLISHED forever unless keepalive is on; one with unacknowledged data gives up after tcp_retries2 retransmissions (about 15 minutes) with ETIMEDOUT.\n"
		     "Many of them is normal on a busy server. It is a problem when the count grows without bound (a leak of idle connections) or exceeds what the peers should hold."),
	  .advice = N_("Compare the count with what the application should have open (pool sizes, clients). Use tcpdoc ls -i to see how long each has been idle (last_data_recv_ms) and enable keepalive, or an application-level timeout, to find dead peers."),
	  .see_also = "keepalive half-open tcp_retries2 four-way-close" },
	{ STATE(FIN_WAIT1), .aliases = "FIN-WAIT-1",
	  .title = N_("this side closed and waits for its FIN to be acknowledged"),
	  .text = N_("The application called close() or shutdown(SHUT_WR) and the kernel sent a FIN (after any data still queued). The socket waits for the peer to acknowledge that FIN. It is the side that closes first.\n"
		     "Normally it lasts one round trip. It lasts longer when the FIN cannot be sent or is not acknowledged: data still waits in Send-Q because the peer advertises a zero window (it stopped reading), or the peer is gone. If the application already closed the socket it is an orphan, retried tcp_orphan_retries times and limited in number by tcp_max_orphans.\n"
		     "Many of them point to peers that disappeared or stopped reading, often behind a lossy path."),
	  .advice = N_("Look at Send-Q and retransmissions (tcpdoc ls -i -e -s fin-wait-1) and at which peers they belong to. A full Send-Q means a slow or stuck reader on the other end. Lowering tcp_orphan_retries frees orphans sooner on a loaded server."),
	  .see_also = "FIN_WAIT2 CLOSING four-way-close tcp_orphan_retries tcp_max_orphans" },
	{ STATE(FIN_WAIT2), .aliases = "FIN-WAIT-2",
	  .title = N_("this side's FIN was acknowledged; it waits for the peer's FIN"),
	  .text = N_("Our half of the connection is closed and the peer acknowledged it. The socket now waits for the peer to close its half: the peer sits in CLOSE_WAIT until its application calls close().\n"
		     "If our application closed the socket completely, the kernel gives up after tcp_fin_timeout (60 s by default) and drops it. If it only called shutdown(SHUT_WR) and keeps the socket, FIN_WAIT2 lasts as long as the peer keeps its half open, which may be forever.\n"
		     "Many of them mean peers that do not close their side: look at the application on the other end, which will show the same connections in CLOSE_WAIT."),
	  .advice = N_("Find the peers (tcpdoc summary -s fin-wait-2 --by peer) and check their applications for CLOSE_WAIT. tcp_fin_timeout bounds orphaned FIN_WAIT2 sockets; it does not change TIME_WAIT."),
	  .see_also = "CLOSE_WAIT TIME_WAIT tcp_fin_timeout four-way-close" },
	{ STATE(TIME_WAIT), .aliases = "TIME-WAIT",
	  .title = N_("the connection is closed; the closer waits out old segments"),
	  .text = N_("Both FINs were exchanged and acknowledged. The side that closed first keeps the connection's four-tuple reserved for 2MSL, 60 seconds on Linux (fixed in the kernel, not a sysctl), so that it can repeat its last ACK if the peer's FIN comes again and so that stray segments from this connection cannot be taken for part of a new one.\n"
		     "Linux keeps a small replacement socket (a few hundred bytes, no file descriptor) and ends it when the timer fires. Which side gets TIME_WAIT depends only on who closes first.\n"
		     "Tens of thousands are normal for a host that makes or serves many short connections. They hurt only when one client makes so many connections to the same address and port that it runs out of local ports (connect() fails with EADDRNOTAVAIL)."),
	  .advice = N_("Reuse connections (HTTP keep-alive, connection pools) instead of opening one per request. For outgoing connections tcp_tw_reuse=1 lets new connections take over TIME_WAIT ports safely, and ip_local_port_range can be widened. Do not shorten the 60 s by other means, and never use tcp_tw_recycle (removed in Linux 4.12)."),
	  .see_also = "2msl tcp_tw_reuse tcp_max_tw_buckets ip_local_port_range EADDRNOTAVAIL" },
	{ STATE(CLOSE), .aliases = "CLOSED unconn",
	  .title = N_("no connection: a socket not yet connected, or already finished"),
	  .text = N_("The socket is not part of any connection. This is where a new socket starts before connect() or listen(), and where a connection ends after TIME_WAIT, LAST_ACK, a reset or a failed connect.\n"
		     "The kernel forgets a socket once it is closed, so those listed in CLOSE are still held by an application: bound but unused sockets, or connections that ended (typically by a reset or a timeout) whose file descriptor was never closed.\n"
		     "Many of them usually mean an application that does not close sockets after an error."),
	  .advice = N_("Find the owners with tcpdoc ls -p -s close and check the error paths of that program: every socket must be closed, also after a failed connect or a reset."),
	  .see_also = "ECONNRESET ETIMEDOUT diagram" },
	{ STATE(CLOSE_WAIT), .aliases = "CLOSE-WAIT",
	  .title = N_("the peer closed; this side's application has not closed yet"),
	  .text = N_("The peer sent a FIN and the kernel acknowledged it. The connection now waits for the local application: it has read everything (read() returned 0) or will, and must call close(). No timer ends this state; only the application can.\n"
		     "Normally it lasts as long as the application takes to notice the end of the stream, well under a second.\n"
		     "Many of them, or old ones, are nearly always a bug in the program that owns them: it does not notice that the peer closed (it never reads), or it loses track of the socket on an error path, or a connection pool hands out and keeps connections the server already closed. A Recv-Q above zero means the program is not even reading."),
	  .advice = N_("Find the process (tcpdoc ls -p -s close-wait) and the peers and ports involved, then fix the code that should close these sockets. No sysctl removes CLOSE_WAIT; restarting the program frees them until the leak fills again."),
	  .see_also = "LAST_ACK FIN_WAIT2 four-way-close diagram" },
	{ STATE(LAST_ACK), .aliases = "LAST-ACK",
	  .title = N_("the peer closed first, this side closed too and waits for the last ACK"),
	  .text = N_("After CLOSE_WAIT the local application called close() and the kernel sent its FIN. The socket waits for the peer to acknowledge it; then it is gone, without TIME_WAIT (that is the other side's).\n"
		     "Normally it lasts one round trip. Without an ACK the FIN is sent again as for any orphan (tcp_orphan_retries) before the socket is dropped.\n"
		     "Many of them mean peers that vanish right after closing, or a firewall or NAT that forgets the connection as soon as it sees a FIN."),
	  .advice = N_("Check which peers they belong to and whether a middlebox between the two drops the final ACK."),
	  .see_also = "CLOSE_WAIT four-way-close tcp_orphan_retries" },
	{ STATE(CLOSING), .aliases = "",
	  .title = N_("both sides closed at the same time"),
	  .text = N_("This side sent a FIN and, before it was acknowledged, received the peer's FIN: a simultaneous close. Both sides wait for the ACK of their own FIN, then go to TIME_WAIT.\n"
		     "It is rare and lasts one round trip. Sockets that stay in CLOSING mean the ACKs are lost."),
	  .advice = N_("A few are harmless. Many that stay point to packet loss between the two hosts."),
	  .see_also = "FIN_WAIT1 TIME_WAIT four-way-close" },
	{ 0 },
};

#define T(a, b) .from = TCPD_##a, .to = TCPD_##b

const struct tcpd_transition tcpd_transitions[] = {
	{ T(CLOSE, LISTEN), N_("listen()") },
	{ T(CLOSE, SYN_SENT), N_("connect(): send SYN") },
	{ T(LISTEN, SYN_RECV), N_("recv SYN: send SYN+ACK") },
	{ T(LISTEN, CLOSE), N_("close()") },
	{ T(SYN_SENT, ESTABLISHED), N_("recv SYN+ACK: send ACK") },
	{ T(SYN_SENT, SYN_RECV), N_("recv SYN (simultaneous open): send SYN+ACK") },
	{ T(SYN_SENT, CLOSE), N_("close(), RST, or no answer after tcp_syn_retries") },
	{ T(SYN_RECV, ESTABLISHED), N_("recv ACK of SYN") },
	{ T(SYN_RECV, FIN_WAIT1), N_("close(): send FIN") },
	{ T(SYN_RECV, LISTEN), N_("recv RST, or no ACK after tcp_synack_retries") },
	{ T(ESTABLISHED, FIN_WAIT1), N_("close(): send FIN") },
	{ T(ESTABLISHED, CLOSE_WAIT), N_("recv FIN: send ACK") },
	{ T(FIN_WAIT1, FIN_WAIT2), N_("recv ACK of FIN") },
	{ T(FIN_WAIT1, CLOSING), N_("recv FIN: send ACK") },
	{ T(FIN_WAIT1, TIME_WAIT), N_("recv FIN+ACK: send ACK") },
	{ T(FIN_WAIT2, TIME_WAIT), N_("recv FIN: send ACK") },
	{ T(CLOSING, TIME_WAIT), N_("recv ACK of FIN") },
	{ T(CLOSE_WAIT, LAST_ACK), N_("close(): send FIN") },
	{ T(LAST_ACK, CLOSE), N_("recv ACK of FIN") },
	{ T(TIME_WAIT, CLOSE), N_("2MSL timer (60 s)") },
	{ 0 },
};

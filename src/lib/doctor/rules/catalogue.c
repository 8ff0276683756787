// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The catalogue of findings: for each stable id, how the mechanism works and
 * what to do. Rules fill in the numbers; the words live here, in one place,
 * in the same order as docs/findings.md.
 */
#include <string.h>

#include "tcpdoc/i18n.h"
#include "rules.h"

struct entry {
	const char *id;
	const char *explanation;		/* N_() */
	const char *advice[TCPD_F_ADVICE];	/* N_(), NULL-terminated */
};

static const struct entry catalogue[] = {
	{ "close-wait-leak",
	  N_("The peer sent FIN and the kernel acknowledged it; the socket now waits for the "
	     "application to close() its descriptor, which only the application can do. The "
	     "kernel never times CLOSE_WAIT out. Ages are estimated from the time since data was "
	     "last received (tcp_info last_data_recv)."),
	  { N_("Find where the process handles a read() that returns 0 (EOF) and make it close() "
	       "the socket on every path, errors and timeouts included."),
	    N_("Look for connection-pool leaks: connections the pool forgot, or never validates "
	       "after the server closed them."),
	    N_("Restarting the process frees the sockets now but the leak will return.") } },
	{ "fin-wait1-stuck",
	  N_("We closed, but the peer has not acknowledged our FIN. Either the FIN is re-sent "
	     "and its ACK never arrives (the peer is gone, or a firewall drops what follows "
	     "the first FIN), or the FIN still waits behind data the peer's zero window will "
	     "not take (the peer stopped reading). Orphaned ones are freed after "
	     "tcp_orphan_retries tries (0 means 8)."),
	  { N_("When Send-Q holds data (fin_behind_unsent_data), the peers named here stopped "
	       "reading: look at the application there."),
	    N_("Otherwise look for a firewall or NAT that drops the segments to the peers named "
	       "here after the first FIN."),
	    N_("A lower net.ipv4.tcp_orphan_retries frees orphaned sockets sooner.") } },
	{ "fin-wait2-stuck",
	  N_("Our FIN was acknowledged but the peer has not sent its own: the peer application "
	     "sits in CLOSE_WAIT. Orphaned FIN_WAIT2 sockets are freed after tcp_fin_timeout; "
	     "ones still owned by a process (shutdown() without close()) wait forever."),
	  { N_("Check the peers named here for a CLOSE_WAIT leak (run tcpdoc there)."),
	    N_("If the sockets are orphans, a lower net.ipv4.tcp_fin_timeout frees them sooner.") } },
	{ "last-ack-stuck",
	  N_("Both sides sent FIN, but the last segment of the close is not getting through, "
	     "so the socket retransmits its FIN until tcp_orphan_retries gives up "
	     "(0 means 8 tries, several minutes)."),
	  { N_("Look for a firewall or NAT that forgets the connection after the first FIN, "
	       "or drops packets to the peers named here."),
	    N_("A lower net.ipv4.tcp_orphan_retries frees these sockets sooner.") } },
	{ "closing-stuck",
	  N_("Both ends sent FIN at the same moment (a simultaneous close) and the ACK of our "
	     "FIN has not arrived, so the FIN is retransmitted until tcp_orphan_retries gives up."),
	  { N_("Look for packet loss between the two ends: a firewall or NAT that drops the "
	       "segments after the first FIN."),
	    N_("A lower net.ipv4.tcp_orphan_retries frees these sockets sooner.") } },
	{ "time-wait-server-close",
	  N_("Whoever sends the first FIN ends in TIME_WAIT for 60 s. Here the server does, "
	     "so it keeps one TIME_WAIT per connection it served; with short connections at a "
	     "high rate they add up to memory and, at tcp_max_tw_buckets, to dropped TIME_WAIT "
	     "state."),
	  { N_("Let clients close first: keep-alive with a client-side idle timeout, or HTTP "
	       "\"Connection: close\" sent by the client, not the server."),
	    N_("Reuse connections (keep-alive, pooling) instead of one connection per request.") } },
	{ "ephemeral-port-exhaustion",
	  N_("Each connection to one destination address and port needs its own local port "
	     "from ip_local_port_range, and TIME_WAIT holds the port for 60 s after the close. "
	     "When the range is used up, connect() fails with EADDRNOTAVAIL (99)."),
	  { N_("Reuse connections (keep-alive, a connection pool) instead of one per request."),
	    N_("Widen net.ipv4.ip_local_port_range (e.g. 1024 65535), and enable "
	       "net.ipv4.tcp_tw_reuse=1 for outgoing connections."),
	    N_("Spread the load over more destination addresses or ports.") } },
	{ "time-wait-bucket-overflow",
	  N_("Past tcp_max_tw_buckets the kernel destroys closing sockets at once instead of "
	     "keeping TIME_WAIT (\"TCP: time wait bucket table overflow\"), so late segments of "
	     "old connections can corrupt new ones."),
	  { N_("Find who makes the TIME_WAIT (tcpdoc summary --by port) and reuse connections."),
	    N_("Raise net.ipv4.tcp_max_tw_buckets if memory allows (each costs about 256 bytes).") } },
	{ "tw-recycle-enabled",
	  N_("tcp_tw_recycle drops SYNs whose TCP timestamps go backwards for an address; "
	     "behind NAT many hosts share an address with unrelated clocks, so their "
	     "connections time out at random. Linux 4.12 removed the setting."),
	  { N_("Set net.ipv4.tcp_tw_recycle=0 (and remove it from /etc/sysctl.conf); use "
	       "tcp_tw_reuse for outgoing connections instead.") } },
	{ "syn-flood",
	  N_("Each SYN takes a slot in the listener's SYN queue until the handshake completes "
	     "or tcp_synack_retries give up. Spoofed sources never complete it; when the queue "
	     "is full, new SYNs are dropped (TCPReqQFullDrop) unless SYN cookies answer them."),
	  { N_("Keep net.ipv4.tcp_syncookies=1 (the default) so legitimate clients still get in."),
	    N_("Rate-limit SYNs per source upstream or with nftables (limit rate / meter)."),
	    N_("A larger net.ipv4.tcp_max_syn_backlog gives the SYN queue more slots; a lower "
	       "net.ipv4.tcp_synack_retries shortens the time each bogus entry holds one.") } },
	{ "handshake-ack-lost",
	  N_("These clients got our SYN-ACK (they keep retrying from the same addresses) but "
	     "their final ACK does not arrive: a firewall or load balancer drops it, the route "
	     "back is asymmetric, or an MTU problem eats it."),
	  { N_("Capture on this host (tcpdump 'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0 and port "
	       "N') and check whether the client's ACK arrives."),
	    N_("Check firewalls, conntrack and reverse-path filtering (rp_filter) between the two.") } },
	{ "syncookies-off",
	  N_("With tcp_syncookies=0 a full SYN queue drops new connections outright; with 1 the "
	     "kernel answers with a cookie and keeps no state until the client's ACK."),
	  { N_("Set net.ipv4.tcp_syncookies=1.") } },
	{ "accept-queue-overflow",
	  N_("Completed connections wait in the listener's accept queue (Recv-Q) until the "
	     "application calls accept(); its size is the listen() backlog (Send-Q), clamped to "
	     "net.core.somaxconn. When it is full, the kernel drops the client's handshake ACK "
	     "(ListenOverflows) and clients see slow or failed connects."),
	  { N_("Find why the process named here is slow to accept(): blocked event loop, too few "
	       "worker threads, or it stopped accepting."),
	    N_("Raise the listen() backlog in the application and net.core.somaxconn with it.") } },
	{ "syn-sent-stuck",
	  N_("No SYN-ACK and no RST came back. The kernel retransmits the SYN tcp_syn_retries "
	     "times with exponential backoff (about 127 s at the default 6), then connect() "
	     "fails with ETIMEDOUT (110). A refused port would answer RST at once (111)."),
	  { N_("Check that the destination is up and listening, and that no firewall on the way "
	       "(or on it) drops the SYNs: tcpdoc probe HOST:PORT."),
	    N_("Give clients a connect timeout shorter than the SYN retries, and back off.") } },
	{ "syn-sent-scan",
	  N_("One host trying many addresses at once, most of them unanswered, is what port "
	     "scanners and worms do; a misconfigured service discovery can look the same."),
	  { N_("Check the process named here: its binary, parent and owner (ls -l /proc/PID/exe)."),
	    N_("If it is not expected, isolate the host and block its outgoing SYNs.") } },
	{ "recv-queue-backlog",
	  N_("Recv-Q is data the kernel received and acknowledged but the application has not "
	     "read. When the receive buffer fills, the window closes and the peer stalls."),
	  { N_("Find why the process named here stopped reading: blocked on a lock, a slow "
	       "downstream, or a thread that died.") } },
	{ "send-queue-stalled",
	  N_("Zero-window probing means the peer is alive but its application does not read; "
	     "retransmissions in backoff mean the peer has gone (crash, cable pull, a firewall "
	     "that forgot the connection): a half-open connection that ends only after "
	     "tcp_retries2 (about 15 minutes at the default)."),
	  { N_("For zero windows, look at the peer application: it is not reading."),
	    N_("For backoff, check the peer is still up; set TCP_USER_TIMEOUT in the application "
	       "to give up sooner.") } },
	{ "keepalive-missing",
	  N_("An idle connection whose peer vanished (crash, NAT timeout) is never noticed "
	     "without keepalive; with SO_KEEPALIVE and the default tcp_keepalive_time of 7200 s "
	     "it takes over two hours, longer than most NAT and firewall idle timeouts."),
	  { N_("Enable SO_KEEPALIVE in the application, with TCP_KEEPIDLE below your firewalls' "
	       "idle timeout (e.g. 300 s), or lower net.ipv4.tcp_keepalive_time.") } },
	{ "memory-pressure",
	  N_("Above the tcp_mem pressure threshold the kernel shrinks socket buffers; above "
	     "the high one it refuses new allocations and aborts connections "
	     "(TCPAbortOnMemory, \"out of memory -- consider tuning tcp_mem\")."),
	  { N_("Find the sockets holding the memory: large Recv-Q/Send-Q (tcpdoc ls -s estab)."),
	    N_("If the load is legitimate, raise net.ipv4.tcp_mem (in pages).") } },
	{ "orphan-pressure",
	  N_("Orphans are sockets closed by their process but still finishing the close "
	     "(FIN_WAIT1, FIN_WAIT2, LAST_ACK, CLOSING). Past tcp_max_orphans the kernel resets "
	     "them (\"too many orphaned sockets\")."),
	  { N_("Look at the FIN_WAIT1/LAST_ACK counts and the peers: lost FINs keep orphans alive."),
	    N_("Lower net.ipv4.tcp_orphan_retries, or raise tcp_max_orphans if memory allows.") } },
	{ "retransmission-rate",
	  N_("Retransmissions mean segments or their ACKs were lost: congestion, a faulty "
	     "link, or a firewall dropping packets. A few percent already slows transfers "
	     "a lot."),
	  { N_("Find the connections that retransmit (tcpdoc ls -i: retrans, rtt) and the path "
	       "they share; check interface errors (ip -s link).") } },
};

const char *tcpd_finding_id(size_t i)
{
	return i < sizeof(catalogue) / sizeof(catalogue[0]) ? catalogue[i].id : NULL;
}

/* The advice that sends the reader to the peer's host, by finding. */
static const struct {
	const char *id;
	size_t advice;
} remote_advice[] = {
	{ "fin-wait2-stuck", 0 },
};

void tcpd_rule_peer_here(struct tcpd_finding *f)
{
	const char *remote = NULL;
	size_t i, j, k;

	for (k = 0; k < sizeof(remote_advice) / sizeof(remote_advice[0]); k++)
		for (i = 0; i < sizeof(catalogue) / sizeof(catalogue[0]); i++)
			if (!strcmp(catalogue[i].id, f->id) &&
			    !strcmp(remote_advice[k].id, f->id))
				remote = _(catalogue[i].advice[remote_advice[k].advice]);
	for (i = 0, j = 0; i < f->nadvice; i++)
		if (f->advice[i] != remote)
			f->advice[j++] = f->advice[i];
	f->nadvice = j;
}

struct tcpd_finding *tcpd_rule_finding(struct tcpd_findings *out, const char *id,
				       enum tcpd_severity sev)
{
	struct tcpd_finding *f = tcpd_finding_add(out, id, sev);
	size_t i, j;

	if (!f)
		return NULL;
	for (i = 0; i < sizeof(catalogue) / sizeof(catalogue[0]); i++) {
		if (strcmp(catalogue[i].id, id))
			continue;
		f->explanation = _(catalogue[i].explanation);
		for (j = 0; j < TCPD_F_ADVICE && catalogue[i].advice[j]; j++)
			tcpd_f_advice(f, _(catalogue[i].advice[j]));
	}
	return f;
}

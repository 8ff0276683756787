// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdio.h>
#include <sys/socket.h>

#include "render/sock.h"
#include "render/strbuf.h"
#include "tcpdoc/owners.h"

void fmt_timer(char *buf, size_t len, const struct tcpd_sock *s)
{
	if (s->timer == TCPD_TIMER_OFF) {
		snprintf(buf, len, "off");
		return;
	}
	if (s->expires_ms >= 10000)
		snprintf(buf, len, "%s,%us,%u", tcpd_timer_name(s->timer),
			 s->expires_ms / 1000, s->retrans);
	else
		snprintf(buf, len, "%s,%.1fs,%u", tcpd_timer_name(s->timer),
			 s->expires_ms / 1000.0, s->retrans);
}

void fmt_info(char *buf, size_t len, const struct tcp_info *i)
{
	struct strbuf b;

	sb_init(&b, buf, len);
	sb_str(&b, "rtt:");
	sb_us_as_ms(&b, i->tcpi_rtt);
	sb_str(&b, "/");
	sb_us_as_ms(&b, i->tcpi_rttvar);
	sb_kv(&b, "ms rto:", i->tcpi_rto / 1000);
	sb_kv(&b, "ms cwnd:", i->tcpi_snd_cwnd);
	sb_kv(&b, " ssthresh:", i->tcpi_snd_ssthresh);
	sb_kv(&b, " mss:", i->tcpi_snd_mss);
	sb_kv(&b, " pmtu:", i->tcpi_pmtu);
	sb_kv(&b, " retrans:", i->tcpi_retrans);
	sb_kv(&b, "/", i->tcpi_total_retrans);
	sb_kv(&b, " lost:", i->tcpi_lost);
	sb_kv(&b, " unacked:", i->tcpi_unacked);
	sb_kv(&b, " last_send:", i->tcpi_last_data_sent);
	sb_kv(&b, "ms last_recv:", i->tcpi_last_data_recv);
	sb_kv(&b, "ms last_ack:", i->tcpi_last_ack_recv);
	sb_kv(&b, "ms delivery_rate:", (uint64_t)i->tcpi_delivery_rate * 8);
	sb_kv(&b, "bps bytes_acked:", i->tcpi_bytes_acked);
	sb_kv(&b, " bytes_received:", i->tcpi_bytes_received);
}

static void endpoint_fields(struct json *j, const struct tcpd_addr *a, uint16_t port)
{
	char addr[TCPD_ADDRSTRLEN];

	json_str(j, "addr", tcpd_addr_str(a, addr, sizeof(addr)));
	json_u64(j, "port", port);
}

void json_endpoint(struct json *j, const char *key, const struct tcpd_addr *a,
		   uint16_t port)
{
	json_obj_open(j, key);
	endpoint_fields(j, a, port);
	json_obj_close(j);
}

void json_endpoint_noport(struct json *j, const char *key, const struct tcpd_addr *a)
{
	char addr[TCPD_ADDRSTRLEN];

	json_obj_open(j, key);
	json_str(j, "addr", tcpd_addr_str(a, addr, sizeof(addr)));
	json_null(j, "port");
	json_obj_close(j);
}

void json_sock_local(struct json *j, const struct tcpd_sock *s, const char *scope)
{
	json_obj_open(j, "local");
	endpoint_fields(j, &s->local, s->lport);
	if (scope)
		json_str(j, "scope", scope);
	else
		json_null(j, "scope");
	json_obj_close(j);
}

void json_v6only(struct json *j, const struct tcpd_sock *s)
{
	if (s->v6only == TCPD_V6ONLY_UNKNOWN)
		json_null(j, "v6only");
	else
		json_bool(j, "v6only", s->v6only == TCPD_V6ONLY_YES);
}

const char *sock_scope(const struct tcpd_sock *s, char *buf)
{
	if (!s->ifindex)
		return NULL;
	return s->ifname ? s->ifname : tcpd_ifname(s->ifindex, buf);
}

unsigned int sock_ep_flags(const struct tcpd_sock *s)
{
	return TCPD_EP_ANY_PORT | (s->v6only == TCPD_V6ONLY_NO ? TCPD_EP_DUAL_STACK : 0);
}

void json_timer(struct json *j, const struct tcpd_sock *s)
{
	json_obj_open(j, "timer");
	json_str(j, "kind", tcpd_timer_name(s->timer));
	json_u64(j, "expires_ms", s->expires_ms);
	json_u64(j, "retrans", s->retrans);
	json_obj_close(j);
}

void json_info(struct json *j, const struct tcp_info *i)
{
	json_obj_open(j, "info");
	json_u64(j, "rtt_us", i->tcpi_rtt);
	json_u64(j, "rttvar_us", i->tcpi_rttvar);
	json_u64(j, "min_rtt_us", i->tcpi_min_rtt);
	json_u64(j, "rto_us", i->tcpi_rto);
	json_u64(j, "retransmits", i->tcpi_retransmits);
	json_u64(j, "retrans", i->tcpi_retrans);
	json_u64(j, "total_retrans", i->tcpi_total_retrans);
	json_u64(j, "lost", i->tcpi_lost);
	json_u64(j, "unacked", i->tcpi_unacked);
	json_u64(j, "probes", i->tcpi_probes);
	json_u64(j, "backoff", i->tcpi_backoff);
	json_u64(j, "last_data_sent_ms", i->tcpi_last_data_sent);
	json_u64(j, "last_data_recv_ms", i->tcpi_last_data_recv);
	json_u64(j, "last_ack_recv_ms", i->tcpi_last_ack_recv);
	json_u64(j, "snd_cwnd", i->tcpi_snd_cwnd);
	json_u64(j, "snd_ssthresh", i->tcpi_snd_ssthresh);
	json_u64(j, "snd_mss", i->tcpi_snd_mss);
	json_u64(j, "rcv_mss", i->tcpi_rcv_mss);
	json_u64(j, "pmtu", i->tcpi_pmtu);
	json_u64(j, "rcv_space", i->tcpi_rcv_space);
	json_u64(j, "snd_wnd", i->tcpi_snd_wnd);
	json_u64(j, "delivery_rate", i->tcpi_delivery_rate);
	json_u64(j, "bytes_acked", i->tcpi_bytes_acked);
	json_u64(j, "bytes_received", i->tcpi_bytes_received);
	json_u64(j, "bytes_retrans", i->tcpi_bytes_retrans);
	json_u64(j, "segs_out", i->tcpi_segs_out);
	json_u64(j, "segs_in", i->tcpi_segs_in);
	json_obj_close(j);
}

void fmt_owners(char *buf, size_t len, const struct tcpd_owners *o, uint64_t inode)
{
	const struct tcpd_owner *own;
	size_t n = tcpd_owners_get(o, inode, &own), i, at = 0;

	snprintf(buf, len, "-");
	for (i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s(pid=%d,fd=%d)",
				       i ? "," : "", own[i].comm, own[i].pid, own[i].fd);
}

void json_owners(struct json *j, const struct tcpd_owners *o, uint64_t inode)
{
	const struct tcpd_owner *own;
	size_t n = tcpd_owners_get(o, inode, &own), i;

	json_arr_open(j, "owners");
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		json_i64(j, "pid", own[i].pid);
		json_str(j, "comm", own[i].comm);
		json_i64(j, "fd", own[i].fd);
		json_obj_close(j);
	}
	json_arr_close(j);
}

bool owned_by(const struct tcpd_owners *o, uint64_t inode, pid_t pid)
{
	const struct tcpd_owner *own;
	size_t n = tcpd_owners_get(o, inode, &own), i;

	for (i = 0; i < n; i++)
		if (own[i].pid == pid)
			return true;
	return false;
}

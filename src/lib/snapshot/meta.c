// SPDX-License-Identifier: GPL-2.0-or-later
/* The snapshot's META section: who took it, on which host, when and how. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/utsname.h>

#include "snapshot/snap_int.h"

void snap_info_now(struct tcpd_snap_info *i, const char *version)
{
	struct utsname u;
	struct timespec ts;

	memset(i, 0, sizeof(*i));
	snprintf(i->tcpdoc, sizeof(i->tcpdoc), "%s", version);
	if (!uname(&u)) {
		snprintf(i->host, sizeof(i->host), "%s", u.nodename);
		snprintf(i->release, sizeof(i->release), "%s", u.release);
		snprintf(i->kversion, sizeof(i->kversion), "%s", u.version);
		snprintf(i->machine, sizeof(i->machine), "%s", u.machine);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	i->taken_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	i->uid = (uint32_t)geteuid();
}

void snap_wr_meta(struct snap_buf *b, const struct tcpd_snap_info *i)
{
	wr_str(b, i->tcpdoc);
	wr_str(b, i->host);
	wr_str(b, i->release);
	wr_str(b, i->kversion);
	wr_str(b, i->machine);
	wr_u64(b, (uint64_t)i->taken_ms);
	wr_u32(b, i->interval_ms);
	wr_u32(b, i->uid);
	wr_u8(b, i->all_netns);
	wr_str(b, i->netns);
	wr_u8(b, i->family == AF_INET6 ? 6 : i->family == AF_INET ? 4 : 0);
	wr_u8(b, (uint8_t)i->source);
}

int snap_rd_meta(struct snap_cur *c, struct tcpd_snap_info *i)
{
	uint8_t fam;

	rd_str(c, i->tcpdoc, sizeof(i->tcpdoc));
	rd_str(c, i->host, sizeof(i->host));
	rd_str(c, i->release, sizeof(i->release));
	rd_str(c, i->kversion, sizeof(i->kversion));
	rd_str(c, i->machine, sizeof(i->machine));
	i->taken_ms = (int64_t)rd_u64(c);
	i->interval_ms = rd_u32(c);
	i->uid = rd_u32(c);
	i->all_netns = rd_u8(c) & 1;
	rd_str(c, i->netns, sizeof(i->netns));
	fam = rd_u8(c);
	i->family = fam == 6 ? AF_INET6 : fam == 4 ? AF_INET : 0;
	i->source = (enum tcpd_source)rd_u8(c);
	if (i->source > TCPD_SRC_BPF)
		c->bad = true;
	/* The doctor takes at most an hour between its reads (--interval). */
	if ((fam != 0 && fam != 4 && fam != 6) || i->interval_ms > 3600000)
		c->bad = true;
	return c->bad ? -1 : 0;
}

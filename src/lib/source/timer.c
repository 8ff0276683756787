// SPDX-License-Identifier: GPL-2.0-or-later
/* The kernel's socket timer codes (idiag_timer, /proc/net/tcp "tr") by name. */
#include "tcpdoc/sock.h"

const char *tcpd_timer_name(int timer)
{
	static const char *const names[] = {
		[TCPD_TIMER_OFF] = "off", [TCPD_TIMER_ON] = "on",
		[TCPD_TIMER_KEEPALIVE] = "keepalive",
		[TCPD_TIMER_TIMEWAIT] = "timewait", [TCPD_TIMER_PROBE] = "probe",
	};

	if (timer < 0 || timer > TCPD_TIMER_PROBE)
		return "unknown";
	return names[timer];
}

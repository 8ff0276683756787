// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/states.h"

/* Busy states first, then the closing sequence, then the rare ones. */
const int tcpd_state_order[TCPD_NSTATES] = {
	TCPD_ESTABLISHED, TCPD_SYN_SENT, TCPD_SYN_RECV, TCPD_FIN_WAIT1,
	TCPD_FIN_WAIT2, TCPD_TIME_WAIT, TCPD_CLOSE, TCPD_CLOSE_WAIT,
	TCPD_LAST_ACK, TCPD_LISTEN, TCPD_CLOSING,
};

void json_states(struct json *j, const char *key, const struct tcpd_counts *c)
{
	int i;

	json_obj_open(j, key);
	for (i = 0; i < TCPD_NSTATES; i++)
		json_u64(j, tcpd_state_name(tcpd_state_order[i]),
			 c->state[tcpd_state_order[i]]);
	json_obj_close(j);
}

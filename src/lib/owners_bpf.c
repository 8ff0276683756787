// SPDX-License-Identifier: GPL-2.0-or-later
#include "i18n.h"
#include "owners_impl.h"

/* The iter/task_file scanner arrives with the BPF build; until then, /proc. */
int owners_scan_bpf(struct tcpd_owners *o, struct tcpd_err *err)
{
	(void)o;
	return tcpd_fail(err, TCPD_E_IO, _("BPF owner scan is not built in"));
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The ages of stuck sockets in a finding: the oldest and how many are
 * older than 10 s, 1 min, 10 min and 1 h, as evidence, and a clause for
 * the summary an operator reads first ("oldest 3 h 12 min, 90% older than
 * 10 min").
 */
#include <stdio.h>
#include <string.h>

#include "tcpdoc/i18n.h"
#include "rules.h"

static const char *const older_keys[TCPD_AGE_STEPS] = {
	"older_than_10s_pct", "older_than_1min_pct", "older_than_10min_pct", "older_than_1h_pct",
};
static const char *const step_names[TCPD_AGE_STEPS] = {
	N_("10 s"), N_("1 min"), N_("10 min"), N_("1 h"),
};

/* "3 h 12 min", "45 min 3 s", "12 s": the two largest units. */
void tcpd_age_str(uint32_t ms, char *buf, size_t len)
{
	uint32_t s = ms / 1000, h = s / 3600, m = s % 3600 / 60;

	if (h)
		snprintf(buf, len, _("%u h %u min"), h, m);
	else if (m)
		snprintf(buf, len, _("%u min %u s"), m, s % 60);
	else
		snprintf(buf, len, _("%u s"), s);
}

static unsigned int pct(uint64_t part, uint64_t whole)
{
	return whole ? (unsigned int)(part * 100 / whole) : 0;
}

/* The largest step that at least half the sockets are older than, or -1. */
static int telling_step(const struct tcpd_ages *a)
{
	int i;

	for (i = TCPD_AGE_STEPS - 1; i >= 0; i--)
		if (a->older[i] * 2 >= a->n && a->older[i])
			return i;
	return -1;
}

void tcpd_f_ages(struct tcpd_finding *f, const struct tcpd_ages *a)
{
	size_t len = strlen(f->summary);
	char oldest[32];
	int i, step;

	if (!a->n)
		return;
	tcpd_ev_u64(f, "oldest_age_s", a->oldest_ms / 1000);
	for (i = 0; i < TCPD_AGE_STEPS; i++)
		tcpd_ev_u64(f, older_keys[i], pct(a->older[i], a->n));
	tcpd_age_str(a->oldest_ms, oldest, sizeof(oldest));
	step = telling_step(a);
	if (step < 0)
		snprintf(f->summary + len, sizeof(f->summary) - len, _("; oldest %s"), oldest);
	else
		snprintf(f->summary + len, sizeof(f->summary) - len,
			 _("; oldest %s, %u%% older than %s"), oldest,
			 pct(a->older[step], a->n), _(step_names[step]));
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RENDER_WATCH_H
#define TCPD_RENDER_WATCH_H

#include <stdio.h>

#include "render/json.h"
#include "tcpdoc/watch.h"

/* One change: a text line, or one JSON object on one line. */
void watch_line_text(FILE *f, const struct tcpd_watch_event *ev, const char *netns);
void watch_line_json(FILE *f, const struct tcpd_watch_event *ev, const char *netns);

/* The end-of-run summary. @mode is "bpf" or "sample". */
void watch_summary_text(FILE *f, const struct tcpd_watch_stats *s,
			const struct tcpd_watch_counters *c, const char *mode);
void watch_summary_json(FILE *f, const struct tcpd_watch_stats *s,
			const struct tcpd_watch_counters *c, const char *mode);

#endif

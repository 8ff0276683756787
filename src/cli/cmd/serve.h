/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_CLI_SERVE_H
#define TCPD_CLI_SERVE_H

#include <pthread.h>
#include <stdbool.h>

#include "cli.h"
#include "render/metrics.h"
#include "tcpdoc/metrics.h"

/* The port serve listens on by default (docs/metrics.md says why this one). */
#define SERVE_PORT 10127

/*
 * What the HTTP threads share. One collection at a time (single flight):
 * a scrape that finds one running waits for it and gets its result; a
 * result younger than min_interval is reused.
 */
struct serve {
	struct cli *cli;
	struct tcpd_metrics_opts o;
	unsigned int min_interval_ms;
	pthread_mutex_t lock;
	pthread_cond_t done;
	bool busy;			/* a collection is running */
	unsigned long gen;		/* collections finished */
	bool have;			/* m holds the last good collection */
	struct tcpd_metrics m;
	double at;			/* CLOCK_MONOTONIC seconds m was finished */
	struct serve_stats st;
};

/*
 * The exposition of a collection no older than min_interval, made or
 * shared: a malloc'd buffer for the response, NULL when out of memory.
 */
char *serve_scrape(struct serve *s, bool om, size_t *len);

/* s->m holds the collection made at start: count and date it. */
void serve_keep_first(struct serve *s);

/* Start answering HTTP on the listening socket @fd; NULL on failure. */
struct MHD_Daemon;
struct MHD_Daemon *serve_http_start(struct serve *s, int fd);

#endif

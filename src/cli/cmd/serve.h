/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_CLI_SERVE_H
#define TCPD_CLI_SERVE_H

#include <pthread.h>
#include <stdbool.h>

#include "cli.h"
#include "cmd/serve_web.h"
#include "render/metrics.h"
#include "tcpdoc/metrics.h"
#include "tcpdoc/watch.h"

/* The port serve listens on by default (docs/metrics.md says why this one). */
#define SERVE_PORT 10127

struct MHD_Connection;
struct MHD_Daemon;

/*
 * What the HTTP threads and the collector share. Collections run in one
 * thread of their own (single flight): a scrape that finds no result
 * younger than min_interval is suspended until the next collection ends,
 * and every scrape that comes while one runs gets that one. No HTTP
 * thread ever waits, so a slow collection never holds up other clients.
 */
struct serve {
	struct cli *cli;
	struct tcpd_metrics_opts o;
	unsigned int min_interval_ms;
	const char *web_path;		/* --web-config, NULL: none */
	unsigned int max_conns;		/* what RLIMIT_NOFILE allows (serve_limits) */
	pthread_mutex_t lock;
	/* Both read at start and on SIGHUP, replaced under the lock. */
	struct tcpd_thresholds thr;
	struct serve_web *web;
	pthread_cond_t work;		/* the collector: want or quit */
	pthread_cond_t idle;		/* stop(): no scrape left waiting */
	pthread_t collector;
	bool want, quit, busy;
	unsigned long gen;		/* collections finished */
	unsigned long settings;		/* reloads (SIGHUP) done */
	unsigned long m_settings;	/* the settings m was collected with */
	bool have;			/* m holds the last good collection */
	struct tcpd_metrics m;
	double at;			/* CLOCK_MONOTONIC seconds m was finished */
	struct serve_stats st;
	struct tcpd_state_timer *timer;	/* time in state, NULL without BPF */
	struct tcpd_times times;	/* read at each collection */
	struct MHD_Connection **waiting;	/* suspended until the next collection */
	size_t nwaiting, capwaiting;
	size_t inflight;		/* suspended scrapes not yet answered */
};

int serve_init(struct serve *s);
void serve_destroy(struct serve *s);
/* Collect with the thresholds in force (read under the lock). */
int serve_collect(struct serve *s, struct tcpd_metrics *m, struct tcpd_err *err);
/* s->m holds the collection made at start: count and date it. */
void serve_keep_first(struct serve *s);
/* The web config in force, referenced: serve_web_put it when done. */
struct serve_web *serve_web_now(struct serve *s);
int serve_collector_start(struct serve *s);
/* Let the collection in flight end and its scrapes be answered (10 s at most). */
void serve_collector_stop(struct serve *s);

/*
 * For a scrape of /metrics (@req: MHD's per-request pointer): true when
 * the connection was suspended until a fresh collection, false when the
 * result in hand may be served now.
 */
bool serve_scrape_wait(struct serve *s, struct MHD_Connection *c, void **req);
/* The request @req is done: a scrape that waited is answered. */
void serve_scrape_done(struct serve *s, void *req);
/* The exposition of the result in hand: malloc'd, NULL when out of memory. */
char *serve_render(struct serve *s, bool om, size_t *len);

/*
 * The time-in-state timer (serve_times.c): open it for serve's scope, or
 * say in one line why its families are absent; read it into s->times.
 */
void serve_times_open(struct serve *s);
void serve_times_read(struct serve *s);
void serve_times_close(struct serve *s);

/*
 * The listening socket for --listen @spec (HOST:PORT or [ADDR6]:PORT): its
 * descriptor, or -1 and @err when @spec is bad, does not resolve or is taken.
 */
int serve_listen(const char *spec, struct tcpd_err *err);
/*
 * Raise RLIMIT_NOFILE's soft limit to the hard one and size the
 * connection limit by it (s->max_conns).
 */
void serve_limits(struct serve *s);
/* Start answering HTTP (HTTPS when s->web has TLS) on the listening socket @fd. */
struct MHD_Daemon *serve_http_start(struct serve *s, int fd);

#endif

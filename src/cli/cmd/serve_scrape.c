// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One collection for any number of scrapers. A scrape that finds no result
 * younger than --min-interval is suspended (libmicrohttpd keeps its
 * socket, no thread waits) and the collector thread is woken; when the
 * collection ends, every suspended scrape is resumed and served from it.
 * Scrapes that come while a collection runs share it. Memory and time do
 * not grow with the number of scrapers.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/serve.h"
#include "tcpdoc/vec.h"

/* MHD's per-request pointer of a scrape that waited for a collection. */
#define WAITED ((void *)1)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int serve_init(struct serve *s)
{
	if (pthread_mutex_init(&s->lock, NULL))
		return -1;
	pthread_cond_init(&s->work, NULL);
	pthread_cond_init(&s->idle, NULL);
	return 0;
}

void serve_destroy(struct serve *s)
{
	if (s->have)
		tcpd_metrics_free(&s->m);
	serve_times_close(s);
	serve_web_put(s->web);
	free(s->waiting);
	pthread_cond_destroy(&s->idle);
	pthread_cond_destroy(&s->work);
	pthread_mutex_destroy(&s->lock);
}

int serve_collect(struct serve *s, struct tcpd_metrics *m, struct tcpd_err *err)
{
	struct tcpd_metrics_opts o;
	struct tcpd_thresholds t;

	pthread_mutex_lock(&s->lock);
	o = s->o;
	t = s->thr;
	pthread_mutex_unlock(&s->lock);
	o.doctor.thresholds = &t;
	return tcpd_metrics_collect(&o, m, err);
}

struct serve_web *serve_web_now(struct serve *s)
{
	struct serve_web *w;

	pthread_mutex_lock(&s->lock);
	w = serve_web_get(s->web);
	pthread_mutex_unlock(&s->lock);
	return w;
}

void serve_keep_first(struct serve *s)
{
	s->have = s->st.ok = true;
	s->st.collections = s->gen = 1;
	serve_times_read(s);
	s->at = now_s();
}

/* Called with the lock held; returns with it held. */
static void collect_once(struct serve *s)
{
	struct tcpd_err err = { 0 };
	struct tcpd_metrics m;
	unsigned long settings = s->settings;
	int ret;

	s->busy = true;
	pthread_mutex_unlock(&s->lock);
	ret = serve_collect(s, &m, &err);
	if (ret)
		fprintf(stderr, "%s: %s\n", s->cli->prog, err.msg);
	pthread_mutex_lock(&s->lock);
	s->st.collections++;
	if (s->have)
		tcpd_metrics_free(&s->m);
	s->have = s->st.ok = !ret;
	if (ret)
		s->st.errors++;
	else
		s->m = m;
	serve_times_read(s);
	s->m_settings = settings;
	s->at = now_s();
	s->gen++;
	s->busy = false;
}

/*
 * Called with the lock held. A reload (SIGHUP) while a collection runs:
 * collect again, so that no scrape made after it is answered with the
 * settings it replaced.
 */
static void collect_current(struct serve *s)
{
	do
		collect_once(s);
	while (s->m_settings != s->settings && !s->quit);
}

/*
 * Resume the scrapes that waited, outside the lock: each was suspended
 * under it, so none is resumed before it was suspended.
 */
static void *collector(void *arg)
{
	struct serve *s = arg;
	struct MHD_Connection **ready = NULL;
	size_t i, n;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->want && !s->quit)
			pthread_cond_wait(&s->work, &s->lock);
		if (!s->want)
			break;
		s->want = false;
		collect_current(s);
		free(ready);
		ready = s->waiting;
		n = s->nwaiting;
		s->waiting = NULL;
		s->nwaiting = s->capwaiting = 0;
		pthread_mutex_unlock(&s->lock);
		for (i = 0; i < n; i++)
			MHD_resume_connection(ready[i]);
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	free(ready);
	return NULL;
}

int serve_collector_start(struct serve *s)
{
	return pthread_create(&s->collector, NULL, collector, s) ? -1 : 0;
}

void serve_collector_stop(struct serve *s)
{
	struct timespec until;

	pthread_mutex_lock(&s->lock);
	s->quit = true;
	pthread_cond_signal(&s->work);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->collector, NULL);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	pthread_mutex_lock(&s->lock);
	while (s->inflight)
		if (pthread_cond_timedwait(&s->idle, &s->lock, &until))
			break;
	pthread_mutex_unlock(&s->lock);
}

static bool fresh(const struct serve *s)
{
	return s->gen && s->m_settings == s->settings &&
	       (now_s() - s->at) * 1000 < s->min_interval_ms;
}

bool serve_scrape_wait(struct serve *s, struct MHD_Connection *c, void **req)
{
	bool wait = false;

	pthread_mutex_lock(&s->lock);
	if (*req == WAITED || s->quit || (!s->busy && fresh(s)))
		goto out;
	/* Out of memory: serve what there is rather than nothing. */
	if (tcpd_vec_room(s->waiting, s->nwaiting, s->capwaiting, 8))
		goto out;
	s->waiting[s->nwaiting++] = c;
	s->inflight++;
	*req = WAITED;
	if (!s->busy) {
		s->want = true;
		pthread_cond_signal(&s->work);
	}
	MHD_suspend_connection(c);
	wait = true;
out:
	pthread_mutex_unlock(&s->lock);
	return wait;
}

void serve_scrape_done(struct serve *s, void *req)
{
	if (req != WAITED)
		return;
	pthread_mutex_lock(&s->lock);
	if (!--s->inflight)
		pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
}

char *serve_render(struct serve *s, bool om, size_t *len)
{
	char *buf = NULL;
	FILE *f;

	pthread_mutex_lock(&s->lock);
	f = open_memstream(&buf, len);
	if (f) {
		render_metrics(f, s->have ? &s->m : NULL, &s->st, om);
		if (fclose(f)) {
			free(buf);
			buf = NULL;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return buf;
}

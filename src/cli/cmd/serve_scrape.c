// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One collection for any number of scrapers: the first to find no fresh
 * result collects, those who come while it runs wait for it, and a result
 * younger than --min-interval is served again. Memory and time do not
 * grow with the number of scrapers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cmd/serve.h"

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Collect without the lock held; keep the result under it. */
static void collect(struct serve *s)
{
	struct tcpd_metrics m;
	struct tcpd_err err = { 0 };
	int ret;

	s->busy = true;
	pthread_mutex_unlock(&s->lock);
	ret = tcpd_metrics_collect(&s->o, &m, &err);
	if (ret)
		fprintf(stderr, "%s: %s\n", s->cli->prog, err.msg);
	pthread_mutex_lock(&s->lock);
	s->st.collections++;
	if (s->have)
		tcpd_metrics_free(&s->m);
	s->have = !ret;
	s->st.ok = !ret;
	if (ret)
		s->st.errors++;
	else
		s->m = m;
	s->at = now_s();
	s->gen++;
	s->busy = false;
	pthread_cond_broadcast(&s->done);
}

void serve_keep_first(struct serve *s)
{
	s->have = s->st.ok = true;
	s->st.collections = s->gen = 1;
	s->at = now_s();
}

static bool fresh(const struct serve *s)
{
	return s->gen && (now_s() - s->at) * 1000 < s->min_interval_ms;
}

char *serve_scrape(struct serve *s, bool om, size_t *len)
{
	unsigned long gen;
	char *buf = NULL;
	FILE *f;

	pthread_mutex_lock(&s->lock);
	if (s->busy) {
		gen = s->gen;
		while (s->gen == gen)
			pthread_cond_wait(&s->done, &s->lock);
	} else if (!fresh(s)) {
		collect(s);
	}
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

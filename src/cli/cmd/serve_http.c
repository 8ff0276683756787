// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's HTTP side (libmicrohttpd): /metrics, a small page at /, and
 * /-/healthy for probes; 404 for any other path, 405 for any method but
 * GET and HEAD; libmicrohttpd answers what is not HTTP: 400 for a bad
 * request line, header or Content-Length, 414 and 431 for a target or
 * headers too long, 505 for another HTTP version. A request line with no
 * space in it at all it closes without an answer. A scrape waiting for a
 * collection is suspended (serve_scrape.c), not blocking.
 *
 * With basic_auth_users in the web config, / and /metrics need a user's
 * password (401 and WWW-Authenticate otherwise); /-/healthy stays open,
 * so that probes need no secret: it tells nothing but that serve runs.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cmd/serve.h"
#include "render/prom.h"

/*
 * The limits that keep idle, slow and hostile clients from starving the
 * scrapers (docs/metrics.md, "Limits"): a few threads each poll many
 * connections, so a client costs a descriptor and a small memory pool,
 * never a thread; one address holds at most SERVE_PER_IP of them, so a
 * noisy host cannot take the slots Prometheus needs; a connection silent
 * for SERVE_TIMEOUT_S is closed. libmicrohttpd 0.9.75 has no deadline for
 * a whole request, so a client trickling a byte at a time keeps its slot:
 * the per-address limit and the room left for others bound what that costs.
 */
#define SERVE_THREADS 4
#define SERVE_TIMEOUT_S 10
#define SERVE_PER_IP 64
/* A request's headers and the reply's fit in this; bigger headers get 431. */
#define SERVE_CONN_MEMORY (16 * 1024)
/* Connections at most, whatever RLIMIT_NOFILE allows. */
#define SERVE_MAX_CONNS 16384
/* Descriptors left to the collector: netlink, /proc, namespaces, owners. */
#define SERVE_FD_RESERVE 256

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int code,
			     const char *type, char *body, size_t len, bool owned)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, body,
					    owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_MUST_COPY);
	if (!r) {
		if (owned)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	if (code == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result text(struct MHD_Connection *c, unsigned int code, const char *msg)
{
	return reply(c, code, "text/plain; charset=utf-8", (char *)msg, strlen(msg), false);
}

/* OpenMetrics when the scraper lists it; Prometheus asks for it first. */
static bool wants_om(struct MHD_Connection *c)
{
	const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);

	return a && strstr(a, "application/openmetrics-text");
}

static enum MHD_Result metrics(struct serve *s, struct MHD_Connection *c, void **req)
{
	bool om = wants_om(c);
	size_t len = 0;
	char *buf;

	if (serve_scrape_wait(s, c, req))
		return MHD_YES;
	buf = serve_render(s, om, &len);

	if (!buf)
		return text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, _("out of memory\n"));
	return reply(c, MHD_HTTP_OK, prom_content_type(om), buf, len, true);
}

static enum MHD_Result index_page(struct MHD_Connection *c)
{
	char page[1024];

	snprintf(page, sizeof(page),
		 "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tcpdoc</title></head>\n"
		 "<body><h1>tcpdoc</h1>\n<p>%s</p>\n<p><a href=\"/metrics\">/metrics</a></p>\n"
		 "</body></html>\n",
		 _("TCP states, the doctor's findings and the kernel's TCP counters, for Prometheus."));
	return reply(c, MHD_HTTP_OK, "text/html; charset=utf-8", page, strlen(page), false);
}

/* True when the web config asks for no password or the request gives a good one. */
static bool allowed(struct serve *s, struct MHD_Connection *c)
{
	struct serve_web *w = serve_web_now(s);
	char *user, *pass = NULL;
	bool ok;

	if (!w->nusers) {
		serve_web_put(w);
		return true;
	}
	user = MHD_basic_auth_get_username_password(c, &pass);
	ok = serve_auth_ok(w, user, pass);
	serve_web_put(w);
	if (pass)
		explicit_bzero(pass, strlen(pass));
	MHD_free(user);
	MHD_free(pass);
	return ok;
}

static enum MHD_Result unauthorized(struct MHD_Connection *c)
{
	static const char msg[] = N_("unauthorized\n");
	const char *body = _(msg);
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	ret = MHD_queue_basic_auth_fail_response(c, "tcpdoc", r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *data,
			      size_t *data_len, void **state)
{
	(void)data;
	/* A request with a body: wait for all of it before answering. */
	if (*data_len) {
		*data_len = 0;
		return MHD_YES;
	}
	/* HTTP/1.1 requires Host (RFC 9112, 3.2); libmicrohttpd 0.9.75 lets it pass. */
	if (!strcmp(version, MHD_HTTP_VERSION_1_1) &&
	    !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
		return text(c, MHD_HTTP_BAD_REQUEST, _("bad request: no Host header\n"));
	if (!strcmp(url, "/-/healthy") || *state)
		;	/* open to probes; or a scrape resumed, already let in */
	else if (!allowed(cls, c))
		return unauthorized(c);
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return text(c, MHD_HTTP_METHOD_NOT_ALLOWED, _("method not allowed\n"));
	if (!strcmp(url, "/metrics"))
		return metrics(cls, c, state);
	if (!strcmp(url, "/"))
		return index_page(c);
	if (!strcmp(url, "/-/healthy"))
		return text(c, MHD_HTTP_OK, _("tcpdoc is healthy.\n"));
	return text(c, MHD_HTTP_NOT_FOUND, _("not found\n"));
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
		      enum MHD_RequestTerminationCode why)
{
	(void)c;
	(void)why;
	serve_scrape_done(cls, *state);
}

/*
 * Each connection keeps the web config it was accepted under (its socket
 * context): its TLS handshake takes that config's certificate even when
 * SIGHUP replaces it meanwhile.
 */
static void connection(void *cls, struct MHD_Connection *c, void **ctx,
		       enum MHD_ConnectionNotificationCode code)
{
	(void)c;
	if (code == MHD_CONNECTION_NOTIFY_STARTED)
		*ctx = serve_web_now(cls);
	else
		serve_web_put(*ctx);
}

void serve_limits(struct serve *s)
{
	struct rlimit rl;
	rlim_t n;

	/* 1,000 idle clients need 1,000 descriptors: the soft limit is often 1,024. */
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl))
		rl.rlim_cur = 1024;
	n = rl.rlim_cur > 2 * SERVE_FD_RESERVE ? rl.rlim_cur - SERVE_FD_RESERVE : rl.rlim_cur / 2;
	s->max_conns = n > SERVE_MAX_CONNS ? SERVE_MAX_CONNS : (unsigned int)n;
}

struct MHD_Daemon *serve_http_start(struct serve *s, int fd)
{
	unsigned int flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;

	if (s->web->tls)
		flags |= MHD_USE_TLS;
	return MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
				MHD_OPTION_LISTEN_SOCKET, fd,
				MHD_OPTION_NOTIFY_COMPLETED, completed, s,
				MHD_OPTION_NOTIFY_CONNECTION, connection, s,
				MHD_OPTION_HTTPS_CERT_CALLBACK, serve_tls_cert,
				MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)SERVE_THREADS,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)SERVE_TIMEOUT_S,
				MHD_OPTION_CONNECTION_LIMIT, s->max_conns,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)SERVE_PER_IP,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_CONN_MEMORY,
				MHD_OPTION_END);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve --web-config: the Prometheus exporter-toolkit file, read with
 * libyaml. Only what tcpdoc implements is accepted (TLS certificate and
 * key, basic-auth users with bcrypt hashes); any other key is refused
 * rather than ignored, so that a setting the operator relies on (client
 * certificates, a minimum TLS version) is never silently dropped.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cmd/serve_web.h"
#include "tcpdoc/file.h"
#include "tcpdoc/i18n.h"

struct web_parse {
	const char *path;
	yaml_document_t doc;
	struct serve_web *w;
	char *cert, *key;	/* as resolved against the config's folder */
	bool tls;
	struct tcpd_err *err;
};

__attribute__((format(printf, 3, 4)))
static int bad(struct web_parse *p, const yaml_node_t *n, const char *fmt, ...)
{
	char why[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return tcpd_fail(p->err, TCPD_E_INPUT, "%s:%lu: %s", tcpd_q(p->path),
			 (unsigned long)n->start_mark.line + 1, why);
}

/* A scalar's text, or NULL for anything else (and for text holding a NUL). */
static const char *scalar(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE)
		return NULL;
	if (strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
		return NULL;
	return (const char *)n->data.scalar.value;
}

/* "key:" with nothing after it, or "~" / "null". */
static bool is_null(const yaml_node_t *n)
{
	const char *s = scalar(n);

	return s && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
		!strcmp(s, "NULL"));
}

static int unsupported(struct web_parse *p, const yaml_node_t *n, const char *key)
{
	return bad(p, n, _("unsupported key '%s': tcpdoc reads tls_server_config (cert_file, key_file) and basic_auth_users"),
		   tcpd_q(key));
}

/* A relative path is relative to the config file's folder, as exporter-toolkit reads it. */
static char *resolve(const char *config, const char *file)
{
	const char *slash = strrchr(config, '/');
	char *out;

	if (file[0] == '/' || !slash)
		return strdup(file);
	if (asprintf(&out, "%.*s/%s", (int)(slash - config), config, file) < 0)
		return NULL;
	return out;
}

static int tls_key(struct web_parse *p, const yaml_node_t *k, const yaml_node_t *v)
{
	const char *key = scalar(k), *val = scalar(v);
	char **slot;

	if (!strcmp(key, "cert_file"))
		slot = &p->cert;
	else if (!strcmp(key, "key_file"))
		slot = &p->key;
	else
		return unsupported(p, k, key);
	if (*slot)
		return bad(p, k, _("'%s' given twice"), key);
	if (!val || !*val)
		return bad(p, v, _("'%s' must be a file name"), key);
	*slot = resolve(p->path, val);
	if (!*slot)
		return tcpd_fail(p->err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

static int add_user(struct web_parse *p, const yaml_node_t *k, const yaml_node_t *v)
{
	struct serve_web *w = p->w;
	const char *name = scalar(k), *hash = scalar(v);
	struct serve_user *u;
	size_t i;

	if (!name || !*name || strchr(name, ':'))
		return bad(p, k, _("a basic_auth_users name must be a string without ':'"));
	for (i = 0; i < w->nusers; i++)
		if (!strcmp(w->users[i].name, name))
			return bad(p, k, _("user '%s' given twice"), tcpd_q(name));
	if (!hash || !serve_auth_hash_ok(hash))
		return bad(p, v, _("the password of '%s' must be a bcrypt hash ($2y$ or $2b$)"),
			   tcpd_q(name));
	u = realloc(w->users, (w->nusers + 1) * sizeof(*u));
	if (!u)
		return tcpd_fail(p->err, TCPD_E_NOMEM, _("out of memory"));
	w->users = u;
	u += w->nusers;
	u->name = strdup(name);
	u->hash = strdup(hash);
	w->nusers++;
	if (!u->name || !u->hash)
		return tcpd_fail(p->err, TCPD_E_NOMEM, _("out of memory"));
	return 0;
}

typedef int (*pair_fn)(struct web_parse *p, const yaml_node_t *k, const yaml_node_t *v);

/* Every pair of mapping @m, whose keys must be strings. */
static int each_pair(struct web_parse *p, const yaml_node_t *m, const char *what, pair_fn fn)
{
	yaml_node_pair_t *pair;
	yaml_node_t *k, *v;

	if (is_null(m))
		return 0;
	if (m->type != YAML_MAPPING_NODE)
		return bad(p, m, _("%s must be a mapping"), what);
	for (pair = m->data.mapping.pairs.start; pair < m->data.mapping.pairs.top; pair++) {
		k = yaml_document_get_node(&p->doc, pair->key);
		v = yaml_document_get_node(&p->doc, pair->value);
		if (!k || !v || !scalar(k))
			return bad(p, m, _("%s must be a mapping"), what);
		if (fn(p, k, v))
			return -1;
	}
	return 0;
}

static int top_key(struct web_parse *p, const yaml_node_t *k, const yaml_node_t *v)
{
	const char *key = scalar(k);

	if (!strcmp(key, "tls_server_config")) {
		if (p->tls)
			return bad(p, k, _("'%s' given twice"), key);
		p->tls = true;
		return each_pair(p, v, key, tls_key);
	}
	if (!strcmp(key, "basic_auth_users"))
		return each_pair(p, v, key, add_user);
	return unsupported(p, k, key);
}

/* The YAML itself: one document, a mapping or nothing. */
static int parse_doc(struct web_parse *p, const char *buf, size_t len)
{
	yaml_document_t next = { 0 };
	yaml_parser_t y;
	yaml_node_t *root;
	int ret = -1;

	yaml_parser_initialize(&y);
	yaml_parser_set_input_string(&y, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&y, &p->doc)) {
		tcpd_fail(p->err, TCPD_E_INPUT, _("%s:%lu: not YAML: %s"), tcpd_q(p->path),
			  (unsigned long)y.problem_mark.line + 1, y.problem ? y.problem : "?");
		yaml_parser_delete(&y);
		return -1;
	}
	root = yaml_document_get_root_node(&p->doc);
	if (!yaml_parser_load(&y, &next))
		tcpd_fail(p->err, TCPD_E_INPUT, _("%s:%lu: not YAML: %s"), tcpd_q(p->path),
			  (unsigned long)y.problem_mark.line + 1, y.problem ? y.problem : "?");
	else if (yaml_document_get_root_node(&next))
		tcpd_fail(p->err, TCPD_E_INPUT, _("%s: one YAML document expected, found more"),
			  tcpd_q(p->path));
	else if (root)
		ret = each_pair(p, root, _("the web config"), top_key);
	else
		ret = 0;
	yaml_document_delete(&next);
	yaml_document_delete(&p->doc);
	yaml_parser_delete(&y);
	return ret;
}

static void web_free(struct serve_web *w)
{
	size_t i;

	for (i = 0; i < w->nusers; i++) {
		free(w->users[i].name);
		free(w->users[i].hash);
	}
	free(w->users);
	if (w->tls)
		serve_tls_free(w->tls);
	free(w);
}

static int parse_file(struct web_parse *p)
{
	size_t len = 0;
	char *buf = NULL;
	int ret;

	if (tcpd_file_read(p->path, 0, &buf, &len, p->err))
		return -1;
	ret = parse_doc(p, buf, len);
	free(buf);
	if (ret)
		return -1;
	if (p->tls && (!p->cert || !p->key))
		return tcpd_fail(p->err, TCPD_E_INPUT,
				 _("%s: tls_server_config needs both cert_file and key_file"),
				 tcpd_q(p->path));
	if (p->tls)
		return serve_tls_load(p->cert, p->key, &p->w->tls, p->err);
	return 0;
}

int serve_web_load(const char *path, struct serve_web **out, struct tcpd_err *err)
{
	struct web_parse p = { .path = path, .err = err };
	int ret = 0;

	p.w = calloc(1, sizeof(*p.w));
	if (!p.w)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	p.w->refs = 1;
	if (path)
		ret = parse_file(&p);
	free(p.cert);
	free(p.key);
	if (ret) {
		web_free(p.w);
		return -1;
	}
	*out = p.w;
	return 0;
}

struct serve_web *serve_web_get(struct serve_web *w)
{
	if (w)
		__atomic_add_fetch(&w->refs, 1, __ATOMIC_RELAXED);
	return w;
}

void serve_web_put(struct serve_web *w)
{
	if (w && !__atomic_sub_fetch(&w->refs, 1, __ATOMIC_ACQ_REL))
		web_free(w);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_CLI_SERVE_WEB_H
#define TCPD_CLI_SERVE_WEB_H

#include <gnutls/abstract.h>
#include <stdbool.h>
#include <stddef.h>

#include "tcpdoc/err.h"

struct serve_tls;

struct serve_user {
	char *name;
	char *hash;		/* bcrypt: $2y$ or $2b$ */
};

/*
 * --web-config, in the subset of the Prometheus exporter-toolkit format
 * tcpdoc supports: tls_server_config (cert_file, key_file) and
 * basic_auth_users. Shared by reference: a connection keeps the one it
 * was accepted under, so SIGHUP can swap in a new one at any time.
 */
struct serve_web {
	int refs;
	struct serve_tls *tls;	/* NULL: plain HTTP */
	struct serve_user *users;
	size_t nusers;		/* 0: no authentication */
};

/* Parse @path; NULL @path is the empty config (plain HTTP, no users). */
int serve_web_load(const char *path, struct serve_web **out, struct tcpd_err *err);
struct serve_web *serve_web_get(struct serve_web *w);
void serve_web_put(struct serve_web *w);

/* TLS (serve_tls.c): the certificate chain and its key, checked to match. */
int serve_tls_load(const char *cert, const char *key, struct serve_tls **out,
		   struct tcpd_err *err);
void serve_tls_free(struct serve_tls *t);
/*
 * For MHD_OPTION_HTTPS_CERT_CALLBACK: the certificate of the config the
 * connection was accepted under (its MHD socket context).
 */
gnutls_certificate_retrieve_function2 serve_tls_cert;

/* Basic auth (serve_auth.c): true when @user and @pass match one of @w's users. */
bool serve_auth_ok(const struct serve_web *w, const char *user, const char *pass);
/* A bcrypt hash crypt_r takes; false for anything else. */
bool serve_auth_hash_ok(const char *hash);

#endif

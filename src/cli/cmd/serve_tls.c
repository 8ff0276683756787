// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve over HTTPS (GnuTLS, through libmicrohttpd): the certificate chain
 * and key of a web config, checked to belong together when read, and
 * handed to each handshake by a callback, so that SIGHUP can put a new
 * certificate in place without closing the listening socket.
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/serve_web.h"
#include "tcpdoc/file.h"
#include "tcpdoc/i18n.h"

/* A server's chain is its certificate and a few intermediates. */
#define SERVE_TLS_CHAIN_MAX 16

struct serve_tls {
	gnutls_pcert_st pcerts[SERVE_TLS_CHAIN_MAX];
	unsigned int n;
	gnutls_privkey_t key;
};

void serve_tls_free(struct serve_tls *t)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		gnutls_pcert_deinit(&t->pcerts[i]);
	if (t->key)
		gnutls_privkey_deinit(t->key);
	free(t);
}

/* @path's bytes as GnuTLS takes them; free d->data after. */
static int read_datum(const char *path, gnutls_datum_t *d, struct tcpd_err *err)
{
	size_t len = 0;
	char *buf;

	if (tcpd_file_read(path, 0, &buf, &len, err))
		return -1;
	d->data = (unsigned char *)buf;
	d->size = (unsigned int)len;
	return 0;
}

static int load_chain(struct serve_tls *t, const char *path, struct tcpd_err *err)
{
	gnutls_datum_t d;
	int r;

	if (read_datum(path, &d, err))
		return -1;
	t->n = SERVE_TLS_CHAIN_MAX;
	r = gnutls_pcert_list_import_x509_raw(t->pcerts, &t->n, &d, GNUTLS_X509_FMT_PEM, 0);
	free(d.data);
	if (r < 0) {
		t->n = 0;
		return tcpd_fail(err, TCPD_E_INPUT, _("%s: not a PEM certificate: %s"),
				 tcpd_q(path), gnutls_strerror(r));
	}
	return 0;
}

static int load_key(struct serve_tls *t, const char *path, struct tcpd_err *err)
{
	gnutls_datum_t d;
	int r;

	if (read_datum(path, &d, err))
		return -1;
	r = gnutls_privkey_init(&t->key);
	if (!r)
		r = gnutls_privkey_import_x509_raw(t->key, &d, GNUTLS_X509_FMT_PEM, NULL, 0);
	/* The key's bytes do not outlive the import. */
	explicit_bzero(d.data, d.size);
	free(d.data);
	if (r < 0)
		return tcpd_fail(err, TCPD_E_INPUT, _("%s: not a PEM private key: %s"),
				 tcpd_q(path), gnutls_strerror(r));
	return 0;
}

/* The key's public half must be the certificate's, or every handshake would fail. */
static bool key_matches(struct serve_tls *t)
{
	unsigned char a[64], b[64];
	size_t al = sizeof(a), bl = sizeof(b);
	gnutls_pubkey_t pub;
	bool same = false;

	if (gnutls_pubkey_init(&pub) < 0)
		return false;
	if (!gnutls_pubkey_import_privkey(pub, t->key, 0, 0) &&
	    !gnutls_pubkey_get_key_id(pub, 0, a, &al) &&
	    !gnutls_pubkey_get_key_id(t->pcerts[0].pubkey, 0, b, &bl))
		same = al == bl && !memcmp(a, b, al);
	gnutls_pubkey_deinit(pub);
	return same;
}

int serve_tls_load(const char *cert, const char *key, struct serve_tls **out,
		   struct tcpd_err *err)
{
	struct serve_tls *t = calloc(1, sizeof(*t));

	if (!t)
		return tcpd_fail(err, TCPD_E_NOMEM, _("out of memory"));
	if (load_chain(t, cert, err) || load_key(t, key, err))
		goto fail;
	if (!key_matches(t)) {
		tcpd_fail(err, TCPD_E_INPUT, _("%s is not the key of the certificate %s"),
			  tcpd_q(key), tcpd_q(cert));
		goto fail;
	}
	*out = t;
	return 0;
fail:
	serve_tls_free(t);
	return -1;
}

int serve_tls_cert(gnutls_session_t session, const gnutls_datum_t *req_ca_rdn, int nreqs,
		   const gnutls_pk_algorithm_t *pk_algos, int pk_algos_length,
		   gnutls_pcert_st **pcert, unsigned int *pcert_length, gnutls_privkey_t *privkey)
{
	/* libmicrohttpd makes the session's pointer its connection. */
	struct MHD_Connection *c = gnutls_session_get_ptr(session);
	const union MHD_ConnectionInfo *ci;
	const struct serve_web *w;

	(void)req_ca_rdn;
	(void)nreqs;
	(void)pk_algos;
	(void)pk_algos_length;
	ci = c ? MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT) : NULL;
	w = ci ? ci->socket_context : NULL;
	if (!w || !w->tls)
		return -1;
	*pcert = w->tls->pcerts;
	*pcert_length = w->tls->n;
	*privkey = w->tls->key;
	return 0;
}

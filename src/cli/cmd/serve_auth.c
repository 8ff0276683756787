// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * serve's basic auth: bcrypt hashes checked with libcrypt's crypt_rn. The
 * time a check takes says nothing about the password or whether the user
 * exists: an unknown user is hashed against a known user's hash all the
 * same, and hashes are compared without an early exit.
 */
#include <crypt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/serve_web.h"

/* bcrypt's base64 alphabet; a hash is "$2y$" COST "$" then 53 of these. */
static const char b64[] = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
#define BCRYPT_LEN 60

bool serve_auth_hash_ok(const char *hash)
{
	int cost;

	if (strlen(hash) != BCRYPT_LEN || hash[6] != '$')
		return false;
	if (strncmp(hash, "$2y$", 4) && strncmp(hash, "$2b$", 4))
		return false;
	if (hash[4] < '0' || hash[4] > '3' || hash[5] < '0' || hash[5] > '9')
		return false;
	cost = (hash[4] - '0') * 10 + hash[5] - '0';
	if (cost < 4 || cost > 31)
		return false;
	return strspn(hash + 7, b64) == BCRYPT_LEN - 7;
}

static bool same(const char *a, const char *b, size_t len)
{
	unsigned char d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return !d;
}

bool serve_auth_ok(const struct serve_web *w, const char *user, const char *pass)
{
	const char *hash, *out;
	struct crypt_data *cd;
	bool known = false, ok;
	size_t i;

	if (!w->nusers || !user || !pass)
		return false;
	hash = w->users[0].hash;
	for (i = 0; i < w->nusers; i++)
		if (!strcmp(w->users[i].name, user)) {
			hash = w->users[i].hash;
			known = true;
		}
	/* struct crypt_data is 32 KiB: too big for an HTTP thread's stack. */
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return false;
	/*
	 * crypt_rn, not crypt_r: GCC 12's ASan intercepts crypt_r, finds no
	 * crypt_r in glibc 2.36 (libxcrypt has it) and calls address 0
	 * (GCC bug 111057); crypt_rn is libxcrypt's own and not intercepted.
	 */
	out = crypt_rn(pass, hash, cd, (int)sizeof(*cd));
	ok = out && strlen(out) == BCRYPT_LEN && same(out, hash, BCRYPT_LEN) && known;
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	return ok;
}

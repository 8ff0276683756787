// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tcpdoc/vec.h"

int tcpd_vec_grow(void *arrp, size_t *cap, size_t esize, size_t first, size_t max)
{
	size_t n = *cap ? *cap * 2 : first;
	void *v;

	if (max && n > max)
		n = max;
	if (n <= *cap || n > SIZE_MAX / esize)
		return -1;
	/* The caller's pointer has its own type: copy it, do not alias it. */
	memcpy(&v, arrp, sizeof(v));
	v = realloc(v, n * esize);
	if (!v)
		return -1;
	memcpy(arrp, &v, sizeof(v));
	*cap = n;
	return 0;
}

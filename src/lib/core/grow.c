// SPDX-License-Identifier: GPL-2.0-or-later
/* Growing an array by doubling, with the overflow checks in one place. */
#include <stdint.h>
#include <stdlib.h>

#include "core/grow.h"

int tcpd_grow(void **v, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -1;
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		return -1;
	p = realloc(*v, n * size);
	if (!p)
		return -1;
	*v = p;
	*cap = n;
	return 0;
}

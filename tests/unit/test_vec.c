// SPDX-License-Identifier: GPL-2.0-or-later
/* The growing array: doubling from the first capacity, the cap, and failure. */
#include <stdint.h>
#include <stdlib.h>

#include "tcpdoc/vec.h"
#include "tap.h"

struct pair {
	uint64_t a;
	uint32_t b;
};

int main(void)
{
	struct pair *v = NULL;
	size_t len = 0, cap = 0, i, caps = 0, last = 0;
	int *w = NULL;
	size_t wl = 0, wc = 0;
	int bad = 0;

	for (i = 0; i < 1000; i++) {
		if (tcpd_vec_room(v, len, cap, 4))
			break;
		if (cap != last) {
			caps++;
			last = cap;
		}
		v[len++] = (struct pair){ i, (uint32_t)(i * 3) };
	}
	ok(len == 1000, "1000 elements appended");
	ok(cap == 1024, "capacity doubled from 4 to 1024 (got %zu)", cap);
	ok(caps == 9, "nine allocations for 1000 elements (got %zu)", caps);
	for (i = 0; i < len; i++)
		bad += v[i].a != i || v[i].b != i * 3;
	ok(!bad, "every element kept across reallocations");

	for (i = 0; i < 10; i++) {
		if (tcpd_vec_room_max(w, wl, wc, 2, 5))
			break;
		w[wl++] = (int)i;
	}
	ok(wl == 5 && wc == 5, "the _max form stops at its cap (5, got %zu)", wl);
	ok(tcpd_vec_room_max(w, wl, wc, 2, 5) == -1 && w[4] == 4,
	   "room past the cap fails and leaves the array as it was");

	cap = SIZE_MAX / sizeof(*v) / 2 + 1;
	len = cap;
	ok(tcpd_vec_room(v, len, cap, 4) == -1, "a size that would overflow fails");
	free(v);
	free(w);
	return tap_done();
}

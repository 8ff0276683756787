/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_VEC_H
#define TCPD_VEC_H

#include <stddef.h>

/*
 * Arrays that grow by doubling. The caller keeps the pointer, the length
 * and the capacity (a size_t) in its own struct, and asks for room before
 * appending one element:
 *
 *	if (tcpd_vec_room(l->f, l->len, l->cap, 8))
 *		return NULL;
 *	l->f[l->len++] = x;
 *
 * @first is the capacity of the first allocation; @max (the _max form)
 * caps the capacity, and asking for room beyond it fails. On failure the
 * array is left as it was, still owned by the caller.
 */
#define tcpd_vec_room(arr, len, cap, first) \
	((len) < (cap) ? 0 : tcpd_vec_grow(&(arr), &(cap), sizeof(*(arr)), (first), 0))
#define tcpd_vec_room_max(arr, len, cap, first, max) \
	((len) < (cap) ? 0 : tcpd_vec_grow(&(arr), &(cap), sizeof(*(arr)), (first), (max)))

/* Behind the macros: @arrp points to the caller's element pointer. 0 or -1. */
int tcpd_vec_grow(void *arrp, size_t *cap, size_t esize, size_t first, size_t max);

#endif

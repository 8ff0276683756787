/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_GROW_H
#define TCPD_GROW_H

#include <stddef.h>

/*
 * Make room for @need elements of @size bytes in *@v, doubling *@cap (at
 * least 16). Returns 0, or -1 when out of memory (*@v is then unchanged).
 */
int tcpd_grow(void **v, size_t *cap, size_t need, size_t size);

#endif

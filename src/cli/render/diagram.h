/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_DIAGRAM_H
#define TCPD_DIAGRAM_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Draw the TCP state diagram on @f with enum tcpd_state @state highlighted
 * (0: none): in reverse video when @color, in a box of '#' otherwise.
 */
void diagram_print(FILE *f, int state, bool color);

#endif

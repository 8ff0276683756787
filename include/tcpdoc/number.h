/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_NUMBER_H
#define TCPD_NUMBER_H

#include "tcpdoc/err.h"

/*
 * The one number parser, for every option, setting and number in a name
 * (pid:PID, /proc/PID). All of @s must be the number, as strtol() and
 * strtod() read it (leading blanks and a sign are allowed, base 10 for
 * whole numbers); a number out of [@min, @max] or out of the type's range
 * fails, and so does NaN. 0, or -1 leaving *@out alone; no message, since
 * each caller words its own.
 */
int tcpd_whole_parse(const char *s, long min, long max, long *out);
int tcpd_real_parse(const char *s, double min, double max, double *out);

/*
 * A whole-number option: on failure @err says "bad WHAT 'S': expected a
 * whole number from MIN to MAX" (TCPD_E_USAGE).
 */
int tcpd_whole_opt(const char *s, long min, long max, long *out, const char *what,
		   struct tcpd_err *err);

#endif

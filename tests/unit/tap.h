/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_TAP_H
#define TCPD_TAP_H

/* Minimal TAP output for unit tests; tests/run.sh counts the lines. */
#include <stdio.h>
#include <string.h>

static int tap_failed;

/* @cond is evaluated once: it may call the code under test. */
#define ok(cond, ...) do {						\
	int tap_pass_ = !!(cond);					\
									\
	if (tap_pass_) {						\
		printf("ok - ");					\
	} else {							\
		printf("not ok - ");					\
		tap_failed = 1;						\
	}								\
	printf(__VA_ARGS__);						\
	if (!tap_pass_)							\
		printf("  (%s:%d: %s)", __FILE__, __LINE__, #cond);	\
	putchar('\n');							\
} while (0)

#define is_str(got, want, ...) ok(!strcmp((got), (want)), __VA_ARGS__)

static inline int tap_done(void)
{
	return tap_failed;
}

#endif

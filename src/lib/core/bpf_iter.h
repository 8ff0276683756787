/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_BPF_ITER_H
#define TCPD_BPF_ITER_H

/* What the BPF iterator sources (owners/scan_bpf.c, source/iter_tcp.c) share. */
#include <stdarg.h>
#include <stddef.h>

#include "tcpdoc/err.h"

#if TCPD_HAVE_BPF
#include <bpf/libbpf.h>

/* A libbpf print callback that says nothing: failures become tcpd_errs. */
int tcpd_bpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap);
#endif

/* Handed @n whole records; 0 to go on, >0 to stop, <0 after filling @err. */
typedef int (*tcpd_iter_take)(const void *recs, size_t n, void *arg,
			      struct tcpd_err *err);

/*
 * Read the iterator @fd to its end in large chunks and hand every whole
 * @recsize-byte record to @take; a record cut by a short read is kept for
 * the next. @failed is the (translated) message for a failed read().
 * Returns 0 (also when @take stopped), or -1 with @err filled.
 */
int tcpd_bpf_iter_read(int fd, size_t recsize, tcpd_iter_take take, void *arg,
		       const char *failed, struct tcpd_err *err);

#endif

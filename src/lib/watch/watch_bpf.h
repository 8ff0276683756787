/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside watch, with libbpf: what tracepoint.c and times.c share. */
#ifndef TCPD_WATCH_BPF_H
#define TCPD_WATCH_BPF_H

#include <stdarg.h>
#include <bpf/libbpf.h>

#include "tcpdoc/err.h"

/* The kernel can run tp_btf programs (BTF); forget libbpf's last complaint. */
int watch_bpf_begin(struct tcpd_err *err);

/* libbpf's print hook while loading: keeps its last complaint for the message. */
int watch_libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap);

enum watch_bpf_op { WATCH_OP_OPEN, WATCH_OP_LOAD, WATCH_OP_ATTACH, WATCH_OP_READ };

/* @op failed with @ret (-errno, or 0: errno): one error, permission said plainly. */
int watch_bpf_fail(struct tcpd_err *err, int ret, enum watch_bpf_op op);

#endif

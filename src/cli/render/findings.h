/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_RENDER_FINDINGS_H
#define TCPD_RENDER_FINDINGS_H

#include <stdio.h>

#include "cmd/doctor_opts.h"

/* The status word for JSON and check: ok, warning, critical. */
const char *doctor_status(const struct tcpd_doctor_result *res);

/* DESIGN.md's diagnose shape. */
void render_findings_json(FILE *f, const struct tcpd_doctor_result *res);
/* For people: severity first, evidence, explanation, advice. */
void render_findings_text(FILE *f, const struct tcpd_doctor_result *res, bool color);

#endif

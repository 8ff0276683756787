/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef TCPD_I18N_H
#define TCPD_I18N_H

/*
 * Every user-facing string goes through _() (or N_() where it is only
 * marked, e.g. in static tables, and translated where it is used). The
 * library translates in its own text domain so it needs no set-up of its own.
 */
#include <libintl.h>

#define TCPD_TEXTDOMAIN "tcpdoc"
#define _(s) dgettext(TCPD_TEXTDOMAIN, s)
#define N_(s) (s)

#endif

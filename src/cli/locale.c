// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Which language tcpdoc speaks, and where it finds its catalogue.
 *
 * An installed binary reads PREFIX/share/locale (TCPD_LOCALEDIR). A binary
 * run from the build tree reads the catalogue the same build made
 * (BUILD/po, TCPD_BUILD_LOCALEDIR), so `make run` speaks the user's
 * language too. It knows it runs from the build tree when the file it was
 * started from (/proc/self/exe) is the very file the build wrote
 * (TCPD_BUILD_EXE): the same inode, not merely the same name, so a copy,
 * an installed binary or a build tree moved elsewhere fall back to the
 * installed catalogue. TCPDOC_LOCALEDIR overrides both.
 */
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#ifndef TCPD_LOCALEDIR
#define TCPD_LOCALEDIR "/usr/local/share/locale"
#endif

static bool is_c_locale(const char *name)
{
	return !name || !strcmp(name, "C") || !strcmp(name, "POSIX");
}

#if defined(TCPD_BUILD_EXE) && defined(TCPD_BUILD_LOCALEDIR)
/* Is this process running the executable the build wrote at @path? */
static bool runs_from(const char *path)
{
	struct stat self, built;

	if (stat("/proc/self/exe", &self) || stat(path, &built))
		return false;
	return self.st_dev == built.st_dev && self.st_ino == built.st_ino;
}
#endif

static const char *catalogue_dir(void)
{
	const char *dir = getenv("TCPDOC_LOCALEDIR");

	if (dir && *dir)
		return dir;
#if defined(TCPD_BUILD_EXE) && defined(TCPD_BUILD_LOCALEDIR)
	if (runs_from(TCPD_BUILD_EXE))
		return TCPD_BUILD_LOCALEDIR;
#endif
	return TCPD_LOCALEDIR;
}

/*
 * gettext ignores LANGUAGE when LC_MESSAGES is the C locale, and a fresh
 * machine often has nothing else. C.UTF-8 behaves like C but is not "C",
 * so with it LANGUAGE=zh_CN is honoured; LC_CTYPE follows so that display
 * widths of Chinese text are measured right.
 *
 * Numbers stay in the C locale: JSON allows only '.' as a decimal point,
 * scripts parse the text output too, and "--interval 0.5" must mean the
 * same under de_DE as under en_US.
 */
void cli_setup_locale(void)
{
	const char *language = getenv("LANGUAGE");

	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
	if (language && *language && is_c_locale(setlocale(LC_MESSAGES, NULL))) {
		setlocale(LC_MESSAGES, "C.UTF-8");
		if (is_c_locale(setlocale(LC_CTYPE, NULL)))
			setlocale(LC_CTYPE, "C.UTF-8");
	}
	bindtextdomain(TCPD_TEXTDOMAIN, catalogue_dir());
	bind_textdomain_codeset(TCPD_TEXTDOMAIN, "UTF-8");
	textdomain(TCPD_TEXTDOMAIN);
}

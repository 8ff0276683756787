// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcpdoc top's terminal: curses up and down, the signals that end the
 * view, and stderr while the screen is up. Messages the library and the
 * shared CLI code print to stderr would scribble over the screen, so fd 2
 * goes into a pipe the loop drains; the last line is shown on screen and,
 * when top ends on an error, printed again once the terminal is back.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "top/top.h"

volatile sig_atomic_t top_stop;

static SCREEN *screen;
static int saved_stderr = -1;
static int pipe_rd = -1;
static char last_line[512];
static char partial[512];

static void on_signal(int sig)
{
	(void)sig;
	top_stop = 1;
}

static void catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa = { .sa_handler = on_signal };
	size_t i;

	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

static int capture_stderr(struct cli *cli)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK))
		return cli_failf(cli, _("cannot make a pipe: %s"), strerror(errno)), -1;
	fflush(stderr);
	saved_stderr = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
	if (saved_stderr < 0 || dup2(fds[1], STDERR_FILENO) < 0) {
		close(fds[0]);
		close(fds[1]);
		if (saved_stderr >= 0)
			close(saved_stderr);
		saved_stderr = -1;
		return cli_failf(cli, _("cannot redirect stderr: %s"), strerror(errno)), -1;
	}
	close(fds[1]);
	pipe_rd = fds[0];
	return 0;
}

static void release_stderr(void)
{
	if (saved_stderr < 0)
		return;
	fflush(stderr);
	dup2(saved_stderr, STDERR_FILENO);
	close(saved_stderr);
	saved_stderr = -1;
}

/* Whatever exit() path is taken, the terminal comes back. */
static void at_exit(void)
{
	top_term_close(false);
}

static int start_curses(struct cli *cli)
{
	screen = newterm(NULL, stdout, stdin);
	if (!screen)
		return cli_failf(cli, _("cannot start the full-screen view: unknown terminal type '%s'"),
				 getenv("TERM") ? getenv("TERM") : ""), -1;
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_CYAN, -1);
		init_pair(2, COLOR_YELLOW, -1);
		init_pair(3, COLOR_RED, -1);
		init_pair(4, COLOR_GREEN, -1);
	}
	return 0;
}

int top_term_open(struct cli *cli)
{
	static bool registered;

	top_stop = 0;
	catch_signals();
	if (!registered) {
		atexit(at_exit);
		registered = true;
	}
	if (start_curses(cli))
		return -1;
	if (capture_stderr(cli)) {
		top_term_close(false);
		return -1;
	}
	return 0;
}

/* Keep the last complete line of @buf (@n bytes, appended to a partial one). */
static bool take_lines(const char *buf, size_t n)
{
	size_t i, plen = strlen(partial);
	bool line = false;

	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			if (plen) {
				snprintf(last_line, sizeof(last_line), "%s", partial);
				partial[0] = '\0';
				plen = 0;
				line = true;
			}
			continue;
		}
		if (plen + 1 < sizeof(partial)) {
			partial[plen++] = buf[i];
			partial[plen] = '\0';
		}
	}
	return line;
}

static bool drain(void)
{
	char buf[4096];
	bool got = false;
	ssize_t n;

	if (pipe_rd < 0)
		return false;
	fflush(stderr);
	while ((n = read(pipe_rd, buf, sizeof(buf))) > 0)
		got |= take_lines(buf, (size_t)n);
	return got;
}

bool top_term_note(char *buf, size_t len)
{
	const char *s = last_line;
	size_t plen = strlen("tcpdoc: ");

	if (!drain())
		return false;
	if (!strncmp(s, "tcpdoc: ", plen))
		s += plen;
	snprintf(buf, len, "%s", s);
	return true;
}

void top_term_close(bool replay)
{
	if (screen) {
		endwin();
		delscreen(screen);
		screen = NULL;
	}
	if (saved_stderr >= 0) {
		drain();
		release_stderr();
		close(pipe_rd);
		pipe_rd = -1;
		if (replay && last_line[0])
			fprintf(stderr, "%s\n", last_line);
	}
}

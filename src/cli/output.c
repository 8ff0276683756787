// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What happens to stdout: the one place that decides what a failed write
 * means. SIGPIPE is ignored so that writes fail with EPIPE where we can see
 * them; a reader that went away ends the command quietly, as the signal
 * would have; any other failure is said in one line, exit 3.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void cli_output_init(void)
{
	int fd;

	/*
	 * A closed stdout would be taken by the first socket or file we open,
	 * and the output written into it. Hold the slot with a descriptor that
	 * cannot be written, so that writes fail and are reported.
	 */
	for (fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY) != fd)
			break;
	signal(SIGPIPE, SIG_IGN);
}

bool cli_output_gone(void)
{
	struct pollfd p = { .fd = STDOUT_FILENO };

	if (ferror(stdout))
		return true;
	/* A pipe whose reader closed polls POLLERR, before any write fails. */
	return poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLNVAL));
}

int cli_output_done(const struct cli *cli, int code)
{
	int failed = fflush(stdout) == EOF || ferror(stdout);
	int err = errno;

	if (!failed)
		return code;
	if (err == EPIPE) {
		/* Die as a pipeline expects: quietly, by the signal. */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	fprintf(stderr, "%s: %s: %s\n", cli->prog, _("cannot write output"),
		err ? strerror(err) : _("write error"));
	return EXIT_UNKNOWN;
}

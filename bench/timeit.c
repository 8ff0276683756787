// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * timeit: run one command inside a named network namespace, its output to
 * /dev/null, and print "SECONDS PEAK_RSS_KIB STATUS" on stdout.
 *
 *   timeit [--netns NAME] [--timeout SECONDS] [--err FILE] -- CMD [ARG...]
 *
 * The wall clock runs from fork to the child's exit. The peak RSS is the
 * child's, or its largest waited-for descendant's (a pipeline run by sh
 * reports its largest member). STATUS is the exit code, 128+N for a signal,
 * or "timeout" when the command ran past SECONDS; its whole process group is
 * then killed (it is a group this program made, nothing else).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile pid_t child;
static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	if (child > 0)
		kill(-child, SIGKILL);
}

/* Interrupted: the command is in its own group, so take it down too. */
static void on_term(int sig)
{
	if (child > 0)
		kill(-child, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void enter_netns(const char *name)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s%s", strchr(name, '/') ? "" : "/run/netns/", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "timeit: netns %s: %s\n", name, strerror(errno));
		exit(125);
	}
	close(fd);
}

static void run_child(char **argv, const char *errfile)
{
	int out = open("/dev/null", O_WRONLY);
	int err = errfile ? open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644) : out;

	setpgid(0, 0);
	if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(126);
	execvp(argv[0], argv);
	_exit(127);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct sigaction st = { .sa_handler = on_term };
	struct timespec t0, t1;
	struct rusage ru;
	const char *errfile = NULL;
	int i, status, timeout = 0;
	pid_t pid;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--netns") && i + 1 < argc)
			enter_netns(argv[++i]);
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--err") && i + 1 < argc)
			errfile = argv[++i];
		else
			break;
	}
	if (i >= argc - 1 || strcmp(argv[i], "--")) {
		fprintf(stderr, "usage: timeit [--netns NAME] [--timeout S] [--err FILE] -- CMD [ARG...]\n");
		return 125;
	}
	sigaction(SIGALRM, &sa, NULL);
	sigaction(SIGINT, &st, NULL);
	sigaction(SIGTERM, &st, NULL);
	sigaction(SIGHUP, &st, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("timeit: fork");
		return 125;
	}
	if (pid == 0)
		run_child(argv + i + 1, errfile);
	child = pid;
	setpgid(pid, pid);
	if (timeout > 0)
		alarm(timeout);
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("timeit: wait4");
			return 125;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	alarm(0);
	printf("%.4f %ld ", (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       ru.ru_maxrss);
	if (timed_out)
		printf("timeout\n");
	else if (WIFSIGNALED(status))
		printf("%d\n", 128 + WTERMSIG(status));
	else
		printf("%d\n", WEXITSTATUS(status));
	return 0;
}

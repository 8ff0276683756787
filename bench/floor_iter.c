// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * floor_iter: the floor by the iter/tcp BPF iterator instead of sock_diag —
 * load floor_iter.bpf.o, run the iterator once, print "STATE count" lines
 * and "total N" like bench/floor. Root and a BTF kernel.
 *
 *   floor_iter [--obj PATH]     (default: floor_iter.bpf.o beside this binary)
 */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const names[] = {
	"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
	"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING",
};

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	char obj_path[PATH_MAX], exe[PATH_MAX], buf[4096];
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_link *link;
	struct bpf_map *map;
	__u64 value[16] = { 0 };
	const __u64 *counts = NULL;
	unsigned long total = 0;
	int zero = 0;
	ssize_t n;
	int fd, i;

	if (argc == 3 && !strcmp(argv[1], "--obj")) {
		snprintf(obj_path, sizeof(obj_path), "%s", argv[2]);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			return 3;
		exe[n] = '\0';
		snprintf(obj_path, sizeof(obj_path), "%s/floor_iter.bpf.o", dirname(exe));
	}
	libbpf_set_print(quiet);
	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj || bpf_object__load(obj)) {
		fprintf(stderr, "floor_iter: cannot load %s\n", obj_path);
		return 3;
	}
	prog = bpf_object__find_program_by_name(obj, "count_tcp");
	link = prog ? bpf_program__attach_iter(prog, NULL) : NULL;
	fd = link ? bpf_iter_create(bpf_link__fd(link)) : -1;
	if (fd < 0) {
		fprintf(stderr, "floor_iter: cannot start iter/tcp: %s\n", strerror(errno));
		return 3;
	}
	/* EAGAIN: a million sockets passed without output (we write none). */
	while ((n = read(fd, buf, sizeof(buf))) > 0 ||
	       (n < 0 && (errno == EINTR || errno == EAGAIN)))
		;
	/* The counters are the program's .bss: a one-element array map. */
	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);
		size_t len = strlen(name);

		if (len > 4 && !strcmp(name + len - 4, ".bss") &&
		    bpf_map__value_size(map) <= sizeof(value) &&
		    !bpf_map_lookup_elem(bpf_map__fd(map), &zero, value))
			counts = value;
	}
	if (n < 0 || !counts) {
		fprintf(stderr, "floor_iter: iterator failed\n");
		return 3;
	}
	for (i = 1; i < 12; i++) {
		total += counts[i];
		if (counts[i])
			printf("%s %llu\n", names[i], (unsigned long long)counts[i]);
	}
	printf("total %lu\n", total);
	close(fd);
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}

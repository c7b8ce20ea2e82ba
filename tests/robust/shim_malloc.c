/* LD_PRELOAD shim for the out-of-memory tests: the SHIM_FAIL_AT-th call to
 * malloc, calloc or realloc returns NULL; every other call goes to glibc.
 * With SHIM_SELF set only calls made from the program's own code count:
 * its allocation wrappers and the allocators it hands to cmark, libharu
 * and libcsv (libraries without such a hook, HarfBuzz and GLib, abort or
 * crash on a NULL of their own; they are left out). With SHIM_COUNT set,
 * the number of calls counted is written to that file at exit. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <fcntl.h>
#include <string.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t m);
void *__libc_realloc(void *p, size_t n);

static long calls, fail_at = -2;
static int self = -1;
static unsigned long exe_lo, exe_hi;

/* The address range of the program's own code, from /proc/self/maps
 * (read with system calls only: no allocation in here). */
static void find_exe(void)
{
	char exe[512], buf[65536], *l, *e;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1), got = 0, r;
	int fd = open("/proc/self/maps", O_RDONLY);

	if (n <= 0 || fd < 0)
		return;
	exe[n] = '\0';
	while (got < (ssize_t)sizeof buf - 1 && (r = read(fd, buf + got, sizeof buf - 1 - got)) > 0)
		got += r;
	close(fd);
	buf[got] = '\0';
	for (l = buf; *l; l = e + 1) {
		unsigned long lo = strtoul(l, &e, 16), hi = strtoul(e + 1, &e, 16);
		char *nl = strchr(e, '\n'), *path = strchr(e, '/');
		if (!nl)
			break;
		if (path && path < nl && (size_t)(nl - path) == strlen(exe) && !strncmp(path, exe, nl - path)) {
			if (!exe_lo || lo < exe_lo)
				exe_lo = lo;
			if (hi > exe_hi)
				exe_hi = hi;
		}
		e = nl;
	}
}

static int fail(void *caller)
{
	if (fail_at == -2) {
		const char *e = getenv("SHIM_FAIL_AT");
		fail_at = e ? atol(e) : -1;
		self = getenv("SHIM_SELF") != NULL;
		if (self)
			find_exe();
	}
	if (self && ((unsigned long)caller < exe_lo || (unsigned long)caller >= exe_hi))
		return 0;
	return ++calls == fail_at;
}

void *malloc(size_t n)
{
	return fail(__builtin_return_address(0)) ? NULL : __libc_malloc(n);
}

void *calloc(size_t n, size_t m)
{
	return fail(__builtin_return_address(0)) ? NULL : __libc_calloc(n, m);
}

void *realloc(void *p, size_t n)
{
	return fail(__builtin_return_address(0)) ? NULL : __libc_realloc(p, n);
}

__attribute__((destructor)) static void shim_report(void)
{
	const char *f = getenv("SHIM_COUNT");
	char b[32];
	int fd, len;

	if (!f || (fd = open(f, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		return;
	len = snprintf(b, sizeof b, "%ld\n", calls);
	if (write(fd, b, (size_t)len) < 0)
		len = 0;
	close(fd);
}

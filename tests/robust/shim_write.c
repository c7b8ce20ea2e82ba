/* LD_PRELOAD shim for the "nothing lost" tests. write() to a file whose
 * path contains SHIM_PATH is changed:
 *   SHIM_FAIL_AFTER=K  the first K bytes are written, then ENOSPC (a full disk);
 *   SHIM_READY=FILE    after the first piece (512 bytes) is written, FILE is
 *                      created and the process sleeps 10 s inside write(), so
 *                      a test can interrupt it half way through;
 *   SHIM_CRASH=1       the process dies of SIGSEGV instead (a crash while
 *                      making that one file). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long written;

static int matches(int fd)
{
	const char *pat = getenv("SHIM_PATH");
	char link[64], path[4096];
	ssize_t k;

	if (!pat || fd <= 2)
		return 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	k = readlink(link, path, sizeof path - 1);
	if (k <= 0)
		return 0;
	path[k] = '\0';
	return strstr(path, pat) != NULL;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	const char *after = getenv("SHIM_FAIL_AFTER"), *ready = getenv("SHIM_READY");

	if (!real)
		real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (!matches(fd))
		return real(fd, buf, n);
	if (getenv("SHIM_CRASH"))
		raise(SIGSEGV);
	if (after) {
		long room = atol(after) - written;
		ssize_t w;
		if (room <= 0) {
			errno = ENOSPC;
			return -1;
		}
		w = real(fd, buf, n < (size_t)room ? n : (size_t)room);
		if (w > 0)
			written += w;
		return w;
	}
	if (ready) {
		ssize_t w = real(fd, buf, n < 512 ? n : 512);
		int r = open(ready, O_WRONLY | O_CREAT, 0644);
		if (r >= 0)
			close(r);
		sleep(10);
		return w;
	}
	return real(fd, buf, n);
}

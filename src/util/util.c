/* Allocation, buffers and files shared by every stage. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "util.h"

void oom(void)
{
	/* Nothing sensible can go on without memory; say so plainly. */
	fputs("phat: error: out of memory\n", stderr);
	exit(3);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t m)
{
	void *p = calloc(n ? n : 1, m ? m : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p;

	n = strnlen(s, n);   /* like strndup: never past the string's end */
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	int n;

	buf_init(&b);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	b.data = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return b.data;
}

void buf_init(struct buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

static void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (need < b->len)
		oom();
	b->cap = b->cap ? b->cap : 64;
	while (b->cap < need)
		b->cap *= 2;
	b->data = xrealloc(b->data, b->cap);
}

uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *c = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ c[i]) * 1099511628211u;
	return h;
}

void buf_reserve(struct buf *b, size_t n)
{
	buf_grow(b, n);
}

void buf_add(struct buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

const char *buf_str(struct buf *b)
{
	if (!b->data)
		buf_grow(b, 0), b->data[0] = '\0';
	return b->data;
}

char *buf_take(struct buf *b)
{
	char *p;

	buf_str(b);
	p = b->data;
	buf_init(b);
	return p;
}

void buf_free(struct buf *b)
{
	free(b->data);
	buf_init(b);
}

static void (*note_fn)(const char *path, void *ctx);
static void *note_ctx;

void file_note_set(void (*fn)(const char *path, void *ctx), void *ctx)
{
	note_fn = fn;
	note_ctx = ctx;
}

void file_note(const char *path)
{
	if (note_fn)
		note_fn(path, note_ctx);
}

char *file_read(const char *path, size_t max, size_t *len)
{
	FILE *f = NULL;
	struct buf b;
	char tmp[65536];
	size_t n;
	char *ret = NULL;

	buf_init(&b);
	file_note(path);
	if (!(f = fopen(path, "rb")))
		goto out;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
		if (b.len + n > max) {
			errno = EFBIG;
			goto out;
		}
		buf_add(&b, tmp, n);
	}
	if (ferror(f)) {
		errno = EIO;
		goto out;
	}
	if (len)
		*len = b.len;
	buf_str(&b);
	ret = buf_take(&b);
out:
	if (f)
		fclose(f);
	buf_free(&b);
	return ret;
}

char *file_temp_name(const char *path)
{
	return file_temp_name_of(path, (long)getpid());
}

char *file_temp_name_of(const char *path, long pid)
{
	return xasprintf("%s.tmp.%ld", path, pid);
}

int file_commit(const char *tmp, const char *path, int ok)
{
	if (!ok) {
		unlink(tmp);
		return 0;
	}
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int file_write_atomic(const char *path, const void *p, size_t n)
{
	char *tmp = file_temp_name(path);
	int fd = -1, ret = -1, e = 0;
	const char *c = p;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		e = errno;
		goto out;
	}
	while (n > 0) {
		ssize_t w = write(fd, c, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			goto out;
		}
		c += w;
		n -= (size_t)w;
	}
	/* A full disk shows at write() on local file systems (ext4, XFS and
	 * btrfs reserve the blocks there) and at close() on network ones:
	 * both are checked before renaming. No fsync: it costs a disk flush
	 * per file (about 6 ms here, a minute for a commune's 10,000 hamlet
	 * reports), and ext4 already writes a file replaced by rename before
	 * the rename itself (auto_da_alloc). */
	if (close(fd) != 0) {
		fd = -1;
		e = errno;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		e = errno;
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	if (ret != 0)
		unlink(tmp);
	free(tmp);
	if (ret != 0)
		errno = e;
	return ret;
}

int dir_make(const char *path)
{
	char *p = xstrdup(path), *s;
	int ret = -1;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			goto out;
		*s = '/';
	}
	if (mkdir(p, 0755) != 0 && errno != EEXIST)
		goto out;
	ret = 0;
out:
	free(p);
	return ret;
}

char *path_dir(const char *path)
{
	const char *s = strrchr(path, '/');

	if (!s)
		return xstrdup(".");
	if (s == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(s - path));
}

char *path_join(const char *a, const char *b)
{
	if (!a || !*a || b[0] == '/')
		return xstrdup(b);
	if (a[strlen(a) - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}

char *path_tidy(const char *path)
{
	struct buf b;
	const char *p = path, *e;
	size_t *seg = NULL, n = 0, cap = 0, keep = 0;

	buf_init(&b);
	if (*p == '/')
		buf_addc(&b, '/');
	/* a leading "./" stays, as the messages print the folder's files */
	if (p[0] == '.' && p[1] == '/')
		buf_adds(&b, "./");
	keep = strlen(buf_str(&b));
	for (; *p; p = *e ? e + 1 : e) {
		size_t len;

		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		len = (size_t)(e - p);
		if (len == 0 || (len == 1 && *p == '.'))
			continue;
		if (len == 2 && p[0] == '.' && p[1] == '.' && n > 0 &&
		    strcmp(buf_str(&b) + seg[n - 1], "..") != 0) {
			/* drop the last name: back to where it began */
			b.len = seg[--n];
			b.data[b.len] = '\0';
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			seg = xrealloc(seg, cap * sizeof *seg);
		}
		if (b.len > keep && b.data[b.len - 1] != '/')
			buf_addc(&b, '/');
		seg[n++] = b.len;
		buf_add(&b, p, len);
	}
	free(seg);
	if (b.len > keep && b.data[b.len - 1] == '/')
		b.data[--b.len] = '\0';
	if (!b.len)
		buf_addc(&b, '.');
	return buf_take(&b);
}

char *path_stem(const char *path)
{
	const char *s = strrchr(path, '/');
	const char *dot;

	s = s ? s + 1 : path;
	dot = strrchr(s, '.');
	return dot && dot != s ? xstrndup(s, (size_t)(dot - s)) : xstrdup(s);
}

char *str_squash(const char *s)
{
	struct buf b;
	int space = 0;

	buf_init(&b);
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *s);
	}
	return buf_take(&b);
}

size_t str_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), i, j, r;
	size_t *d = xcalloc((n + 1) * (m + 1), sizeof *d);

#define D(i, j) d[(i) * (m + 1) + (j)]
	for (i = 0; i <= n; i++)
		D(i, 0) = i;
	for (j = 0; j <= m; j++)
		D(0, j) = j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t v = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < v)
				v = D(i, j - 1) + 1;
			if (D(i - 1, j - 1) + cost < v)
				v = D(i - 1, j - 1) + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    D(i - 2, j - 2) + 1 < v)
				v = D(i - 2, j - 2) + 1;
			D(i, j) = v;
		}
	}
	r = D(n, m);
#undef D
	free(d);
	return r;
}

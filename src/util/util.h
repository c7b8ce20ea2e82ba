/* Small shared helpers: allocation that never returns NULL, a growable
 * byte buffer, and whole-file I/O with atomic replacement. */
#ifndef PHAT_UTIL_H
#define PHAT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Prints "phat: error: out of memory" and exits 3: also for libraries
 * that report a failed allocation as a status (cairo). */
void oom(void) __attribute__((noreturn));

/* Allocation wrappers: on failure they print "out of memory" and exit(3),
 * so callers need no NULL checks (mandoc's approach). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* FNV-1a over p[0..n), continuing from h (FNV1A_INIT to start): for
 * tables keyed by strings and for telling pictures apart; not for
 * anything an adversary chooses. */
#define FNV1A_INIT 14695981039346656037u
uint64_t fnv1a(uint64_t h, const void *p, size_t n);

/* Growable buffer, always NUL-terminated when len > 0 or after buf_str(). */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};
void buf_init(struct buf *b);
void buf_add(struct buf *b, const void *p, size_t n);
/* Room for n more bytes (and the NUL) after data + len, for a writer
 * that fills it and then adds what it wrote to len. */
void buf_reserve(struct buf *b, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the contents as a C string (never NULL), still owned by b. */
const char *buf_str(struct buf *b);
/* Hands the contents to the caller (who frees) and empties b. */
char *buf_take(struct buf *b);
void buf_free(struct buf *b);

/* s with every run of white space (newlines too) made one space, and
 * none at either end: titles and bookmarks. Caller frees. */
char *str_squash(const char *s);

/* Edit distance for "did you mean": insertions, deletions, substitutions
 * and swaps of two neighbours ("ngya" -> "ngay" is 1), on bytes. */
size_t str_distance(const char *a, const char *b);

/* Reads a whole file (up to max bytes; larger is an error). Returns a new
 * NUL-terminated buffer (caller frees) and its length, or NULL with errno. */
char *file_read(const char *path, size_t max, size_t *len);

/* Every file a run reads (file_read) or looks for in vain is told to fn
 * while it is set: phat watch learns each document's inputs from it.
 * NULL unhooks. Set it only while one thread runs. */
void file_note_set(void (*fn)(const char *path, void *ctx), void *ctx);
void file_note(const char *path);

/* Writes are never half done: write to "<path>.tmp.<pid>", then rename.
 * file_temp_name returns that temporary name (caller frees);
 * file_commit renames it over path, or removes it when ok is 0. */
char *file_temp_name(const char *path);
/* The same for process pid (a worker that died while writing). */
char *file_temp_name_of(const char *path, long pid);
int file_commit(const char *tmp, const char *path, int ok);
/* Write a buffer to path atomically. 0 or -1 with errno. */
int file_write_atomic(const char *path, const void *p, size_t n);

/* Creates a directory and its parents (mkdir -p). 0 or -1. */
int dir_make(const char *path);

/* dirname of a path as a new string ("." when none). */
char *path_dir(const char *path);
/* a/b joined; caller frees. */
char *path_join(const char *a, const char *b);
/* path with "." and "name/.." taken out, as printed for the clerk
 * ("./2025-09/../so-lieu/a.csv" -> "./so-lieu/a.csv"); lexical, so the
 * caller checks it is the same file where links may differ. Caller frees. */
char *path_tidy(const char *path);
/* The base name without directory and without extension; caller frees. */
char *path_stem(const char *path);

#endif

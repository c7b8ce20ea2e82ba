/* The progress line: see progress.h. It goes to standard error, like the
 * diagnostics it makes room for; "\r" and "erase to end of line" (ECMA-48
 * EL, "\033[K") rewrite it in place, and it is kept one column short of the
 * terminal's width so that it never wraps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include "progress.h"
#include "../util/diag.h"
#include "../util/util.h"

#define PROGRESS_REDRAW 0.1     /* seconds between redraws, at most */
#define PROGRESS_ETA_AFTER 1.0  /* seconds of work before a time left is shown */
#define PROGRESS_MIN_PARTS 10   /* outputs that make one document worth a line */

static struct {
	int on;                 /* the line is in use for this run */
	int shown;              /* something is on the line now */
	size_t total, done;     /* documents */
	size_t part_done, part_n;
	const char *path;
	double t0, last;        /* start, last draw (monotonic seconds) */
	int width;              /* columns */
} pg;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int term_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (c && atoi(c) > 0)
		return atoi(c);
	return 80;
}

/* "27 s", "1 min 20 s", "2 h 05 min". */
static void put_duration(struct buf *b, double s)
{
	long t = (long)(s + 0.5);

	if (t < 60)
		buf_printf(b, "%ld s", t);
	else if (t < 3600)
		buf_printf(b, "%ld min %ld s", t / 60, t % 60);
	else
		buf_printf(b, "%ld h %02ld min", t / 3600, t % 3600 / 60);
}

/* Code points in s (the columns of Vietnamese text, near enough). */
static size_t columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

char *progress_line(const struct progress_state *st, int width)
{
	struct buf b, tail;
	double done = (double)st->done + (st->part_n ? (double)st->part_done / st->part_n : 0);
	const char *path = st->path;
	size_t head, room, skip, tl;

	buf_init(&b);
	buf_init(&tail);
	buf_printf(&b, "%zu/%zu documents", st->done, st->total);
	if (st->elapsed >= PROGRESS_ETA_AFTER && done > 0 && st->total > 0) {
		buf_adds(&b, ", about ");
		put_duration(&b, st->elapsed / done * ((double)st->total - done));
		buf_adds(&b, " left");
	}
	if (st->part_n > 1)
		buf_printf(&tail, " (%zu/%zu files)", st->part_done, st->part_n);
	head = columns(buf_str(&b));
	tl = columns(buf_str(&tail));
	if (path && *path && width > 0 && head + tl + 8 < (size_t)width) {
		/* keep the end of a long path: the file's own name */
		room = (size_t)width - head - tl - 2;
		buf_adds(&b, ": ");
		if (columns(path) > room) {
			skip = columns(path) - (room - 1);
			while (skip) {
				path++;
				skip -= ((unsigned char)*path & 0xC0) != 0x80;
			}
			buf_adds(&b, "…");
		}
		buf_adds(&b, path);
		buf_adds(&b, buf_str(&tail));
	}
	buf_free(&tail);
	return buf_take(&b);
}

static void draw(int force)
{
	double t = now();
	struct progress_state st;
	char *line;

	if (!pg.on || (!force && t - pg.last < PROGRESS_REDRAW))
		return;
	if (pg.total < 2 && pg.part_n < PROGRESS_MIN_PARTS)
		return;
	pg.last = t;
	st.done = pg.done;
	st.total = pg.total;
	st.part_done = pg.part_done;
	st.part_n = pg.part_n;
	st.path = pg.path;
	st.elapsed = t - pg.t0;
	line = progress_line(&st, pg.width - 1);
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	pg.shown = 1;
	free(line);
}

void progress_redraw(void)
{
	if (pg.on && !pg.shown)
		draw(1);
}

void progress_clear(void)
{
	if (!pg.shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	pg.shown = 0;
}

void progress_begin(size_t total, int verbosity)
{
	const char *term = getenv("TERM");

	memset(&pg, 0, sizeof pg);
	if (verbosity != VERBOSITY_NORMAL || !isatty(STDERR_FILENO) ||
	    (term && strcmp(term, "dumb") == 0))
		return;
	pg.on = 1;
	pg.total = total;
	pg.t0 = now();
	pg.width = term_width();
	diag_before_print_set(progress_clear);
}

void progress_doc(const char *path)
{
	if (!pg.on)
		return;
	if (pg.path)
		pg.done++;
	pg.path = path;
	pg.part_done = pg.part_n = 0;
	draw(pg.done == 0);
}

void progress_part(size_t done, size_t n)
{
	if (!pg.on)
		return;
	pg.part_done = done;
	pg.part_n = n;
	draw(0);
}

void progress_end(void)
{
	if (!pg.on)
		return;
	progress_clear();
	diag_before_print_set(NULL);
	memset(&pg, 0, sizeof pg);
}

/* Diagnostics: the single place that formats messages about content. */
#include <stdio.h>
#include <stdlib.h>
#include "diag.h"
#include "util.h"

static int n_errors;
static int n_warnings;
static int n_repeated;   /* errors not printed: the same line was before */
static diag_sink_fn sink;
static void *sink_ctx;
static int muted;
static enum diag_level shown = DIAG_NOTE;   /* the least level printed */

/* Lines already printed: a per-hamlet build lays one document out a
 * hundred times, and its front matter's warnings must show once. */
#define DIAG_SEEN_MAX 4096
static unsigned long seen[DIAG_SEEN_MAX];
static size_t nseen;

static int diag_seen(const char *line)
{
	unsigned long h = 5381;
	size_t i;

	for (; *line; line++)
		h = h * 33 + (unsigned char)*line;
	for (i = 0; i < nseen; i++)
		if (seen[i] == h)
			return 1;
	if (nseen < DIAG_SEEN_MAX)
		seen[nseen++] = h;
	return 0;
}
static void (*before_print)(void);

static const char *const level_names[] = { "note", "warning", "error" };

static void diag_vreport(enum diag_level lvl, struct pos at, const char *fmt, va_list ap)
{
	struct buf b;

	if (muted)
		return;
	buf_init(&b);
	if (at.file) {
		buf_adds(&b, at.file);
		if (at.line > 0) {
			buf_printf(&b, ":%d", at.line);
			if (at.col > 0)
				buf_printf(&b, ":%d", at.col);
		}
		buf_adds(&b, ": ");
	} else {
		buf_adds(&b, "phat: ");
	}
	buf_printf(&b, "%s: ", level_names[lvl]);
	{
		char tmp[1024];
		vsnprintf(tmp, sizeof tmp, fmt, ap);
		buf_adds(&b, tmp);
	}
	if (lvl == DIAG_ERROR)
		n_errors++;
	else if (lvl == DIAG_WARNING)
		n_warnings++;
	if (lvl < shown)
		;
	else if (diag_seen(buf_str(&b)))
		n_repeated += lvl == DIAG_ERROR;
	else if (sink)
		sink(buf_str(&b), sink_ctx);
	else {
		if (before_print)
			before_print();
		fprintf(stderr, "%s\n", buf_str(&b));
	}
	buf_free(&b);
}

void diag_report(enum diag_level lvl, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(lvl, at, fmt, ap);
	va_end(ap);
}

void diag_error(struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(DIAG_ERROR, at, fmt, ap);
	va_end(ap);
}

void diag_warning(struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vreport(DIAG_WARNING, at, fmt, ap);
	va_end(ap);
}

int diag_error_count(void) { return n_errors; }
int diag_warning_count(void) { return n_warnings; }
int diag_repeated_count(void) { return n_repeated; }

void diag_reset(void)
{
	n_errors = 0;
	n_warnings = 0;
	n_repeated = 0;
	nseen = 0;
}

void diag_before_print_set(void (*fn)(void))
{
	before_print = fn;
}

void diag_sink_set(diag_sink_fn fn, void *ctx)
{
	sink = fn;
	sink_ctx = ctx;
}

struct pos pos_file(const char *file)
{
	struct pos p = { file, 0, 0 };
	return p;
}

void diag_mute(int on)
{
	/* nested: a quiet layout try may hold text that mutes a second pass */
	muted += on ? 1 : -1;
	if (muted < 0)
		muted = 0;
}

void diag_show_from(enum diag_level lvl)
{
	shown = lvl;
}

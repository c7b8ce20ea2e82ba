/* Diagnostics: the single place that formats messages about content. */
#include <stdio.h>
#include <stdlib.h>
#include "diag.h"
#include "util.h"

static int n_errors;
static int n_warnings;
static diag_sink_fn sink;
static void *sink_ctx;

static const char *const level_names[] = { "note", "warning", "error" };

static void diag_vreport(enum diag_level lvl, struct pos at, const char *fmt, va_list ap)
{
	struct buf b;

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
	if (sink)
		sink(buf_str(&b), sink_ctx);
	else
		fprintf(stderr, "%s\n", buf_str(&b));
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

void diag_reset(void)
{
	n_errors = 0;
	n_warnings = 0;
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

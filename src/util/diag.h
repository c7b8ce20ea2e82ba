/* Diagnostics in one place: every message about content goes through here
 * and comes out as "file:line:col: level: text", the form editors jump to.
 * The exit status of a run is derived from the worst level seen. */
#ifndef PHAT_DIAG_H
#define PHAT_DIAG_H

#include <stdarg.h>

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* Where something is in a source file. line and col are 1-based; 0 means
 * "unknown" and is left out of the message. file is borrowed, never freed. */
struct pos {
	const char *file;
	int line;
	int col;
};

/* Report one message. fmt is printf-style, in plain words for a clerk. */
void diag_report(enum diag_level lvl, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_error(struct pos at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(struct pos at, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Number of errors reported since the last diag_reset(). */
int diag_error_count(void);
int diag_warning_count(void);
void diag_reset(void);
/* Errors counted but not printed, because the same line was printed
 * before (a data file two documents read says its errors once). */
int diag_repeated_count(void);

/* Tests capture messages instead of printing them: while a sink is set,
 * every formatted line (without the trailing newline) goes to it. */
typedef void (*diag_sink_fn)(const char *line, void *ctx);
void diag_sink_set(diag_sink_fn fn, void *ctx);

/* Messages below lvl are not printed (phat -q: no notes); they still count. */
void diag_show_from(enum diag_level lvl);

/* While on, messages are dropped and not counted: for a second pass over
 * text whose problems were reported once already, or a layout tried at
 * another size. Calls nest: each diag_mute(1) is undone by one diag_mute(0). */
void diag_mute(int on);

/* Called before a message is printed on stderr (not to a sink): the
 * progress line erases itself there. NULL unhooks. */
void diag_before_print_set(void (*fn)(void));

/* Convenience: a position with only a file. */
struct pos pos_file(const char *file);

#endif

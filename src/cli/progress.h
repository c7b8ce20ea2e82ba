/* Progress of a long build: one line on a terminal, rewritten in place,
 * that says how many documents are done of how many, the file at work and
 * the time left. Nothing at all when standard error is not a terminal, so
 * logs stay clean. Call from one thread. */
#ifndef PHAT_PROGRESS_H
#define PHAT_PROGRESS_H

#include <stddef.h>

/* How much a run prints: -q errors and warnings only; the default adds a
 * summary (and the progress line on a terminal); -v one line per file. */
enum verbosity { VERBOSITY_QUIET = -1, VERBOSITY_NORMAL = 0, VERBOSITY_FILES = 1 };

/* Starts a run of total documents. The line is shown only when verbosity
 * is normal, standard error is a terminal and TERM is not "dumb" (else
 * every call below does nothing), and there are two documents or more, or
 * one with ten outputs or more (a report with one file per hamlet). */
void progress_begin(size_t total, int verbosity);
/* Document path starts (borrowed until the next call); those before it
 * are done. Redraws at most ten times a second. */
void progress_doc(const char *path);
/* Inside the current document, done of n outputs are made (a report with
 * one file per hamlet can take minutes on its own). */
void progress_part(size_t done, size_t n);
/* Erases the line so the caller can print; the next step draws it again.
 * Diagnostics call this themselves (diag's before-print hook). */
void progress_clear(void);
/* Draws the line again at once when a message has erased it (what a
 * build prints from its queue goes between a clear and a redraw). */
void progress_redraw(void);
/* Erases the line for good and unhooks diagnostics. */
void progress_end(void);

/* Where a run is, for the line's text. */
struct progress_state {
	size_t done, total;        /* documents finished, all */
	size_t part_done, part_n;  /* outputs of the current document (0, 0: not known) */
	const char *path;          /* the current document */
	double elapsed;            /* seconds since progress_begin */
};

/* The line's text, at most width columns (code points): "3/12 documents,
 * about 27 s left: content/x.md (340/10000 files)". The time left, from
 * the rate so far (parts of the current document included), appears after
 * a second's work; a long path keeps its end. Caller frees. For tests. */
char *progress_line(const struct progress_state *st, int width);

#endif

/* Building documents into files: what `phat build`, `check` and `render`
 * do once the command line is read. A document is read, laid out part by
 * part (the whole, or one hamlet at a time), and each output is rendered
 * and written as soon as its part is laid out, never all held at once;
 * with more than one job, worker processes render while the next parts
 * are laid out (src/build/queue.h), and the files and messages are the
 * same as with one. */
#ifndef PHAT_BUILD_H
#define PHAT_BUILD_H

#include <stddef.h>
#include "../blocks/outputs.h"

#define EXIT_CONTENT 1
#define EXIT_USAGE 2
#define EXIT_MEMORY 3

struct fontset;
struct queue;
struct watch;

/* One phat.yaml: the folder it sits in and what it holds (NULL when the
 * folder has none). */
struct defaults_dir {
	char *dir;
	struct meta *m;
};

/* An output file already written (or to be written) in this run, and the
 * source that makes it: a second source for one path is an error. */
struct claim {
	char *path;
	char *source;
};

/* What a command works with, from its options and the content folder. */
struct session {
	struct fontset *fonts;
	const char *root;          /* the content folder */
	int building;              /* build/check: appendices are built with their dispatch */
	int verbosity;             /* enum verbosity: -q, default, -v */
	struct watch *watch;       /* phat watch: learns what each document reads */
	int phone;                 /* --phone */
	const char *tile;          /* --tile a4 */
	int errors_before;
	int leftovers_before;      /* read_markdown_leftovers() when the document began */
	struct defaults_dir *dd;   /* phat.yaml of each folder seen, as read */
	size_t ndd;
	struct claim *claims;
	size_t nclaims, claims_cap;
	/* claims by path: open addressing, index + 1 (0 empty), a power of
	 * two at least twice nclaims; a per-hamlet build claims ten thousand
	 * paths, and comparing each with all before it was 9 % of its time */
	size_t *claim_slots;
	size_t nslots;
	char **appendices;         /* real paths of the files named under phu_luc: */
	size_t nappendices;
	/* documents with front matter but no "loai:", put off to the end of a
	 * build: an appendix when a dispatch names it, else an error then */
	char **kindless;
	size_t nkindless;
	int kindless_final;        /* now the error */
};

/* Loads the fonts. 0, or -1 after diag_error (close s either way). */
int session_open(struct session *s, const char *root);
void session_close(struct session *s);
/* Forgets what the run has learnt about the folder (its phat.yaml files,
 * the outputs claimed, the appendices named): phat watch builds it all
 * again from scratch. */
void session_forget(struct session *s);

/* Lays out one document into outs (outs->emit set: each part's outputs
 * are handed on as it is laid out; unset: all are kept, for phat dump).
 * Returns 0, -1 after an error (some parts may have been handed on), or 1
 * for an appendix during a build (built with the dispatch that names it). */
int doc_layout(struct session *s, const char *path, struct outputs *outs);

/* A run of documents: what was done, and where it goes. */
struct build_run {
	const char *outdir;        /* build and render: the output folder */
	int write;                 /* 0 for check: render, write nothing */
	int built, failed;         /* documents */
	int unread;                /* documents that failed before any output (known at once) */
	struct queue *q;           /* while running */
};

/* Starts a run with jobs worker processes (1: all in this process). */
void build_begin(struct build_run *run, int jobs);
/* Builds (or checks) the document path: its outputs go to run->outdir,
 * the main PDF to main_path when given (render -o). Its result is counted
 * in run once all its outputs are made. */
void build_doc(struct build_run *run, struct session *s, const char *path, const char *main_path);
/* Waits for every output and prints what is left. Returns 0, or
 * EXIT_MEMORY when a worker ran out of memory. */
int build_end(struct build_run *run);

/* Builds files (Markdown files of the content folder, sorted) into
 * run->outdir, or only checks them, with jobs worker processes. A file
 * without front matter is an appendix once a document has named it, else
 * left out with a warning. Each failure is listed on stderr; the progress
 * line shows the rest. Returns as build_end. */
int build_files(struct session *s, char **files, size_t n, struct build_run *run, int jobs);
/* The last line of a build or check: what failed (stderr), else what was
 * done (stdout, unless -q). Returns the exit status. */
int build_summary(const struct session *s, const struct build_run *run);

/* The Markdown files of a folder and its sub-folders, sorted (caller
 * frees each and the array). */
void build_collect(const char *dir, char ***v, size_t *n);

/* The number of processors online, for the default of -j. */
int build_jobs_default(void);

/* Removes the file being written when the run is interrupted (SIGINT,
 * SIGTERM), then dies of the signal. */
void build_signals(void);

#endif

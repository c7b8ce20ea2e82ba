/* The build's queue: see queue.h. Records (text, jobs, marks) form one
 * list in the order they were queued; the head is printed as soon as it
 * is complete. Jobs wait in `pending` until a worker is free; a worker is
 * a child forked for one batch of jobs, which sends back, job by job in
 * order, a 12-byte header (index in the batch, status, length of text)
 * and the diagnostics the job reported, then exits. Forking per batch
 * (not a long-lived pool) means a worker needs nothing sent but the
 * batch's place in memory: the laid-out pages are already there. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include "queue.h"
#include "../cli/progress.h"
#include "../util/diag.h"
#include "../util/util.h"

/* Jobs a worker takes at once, at most: a worker forked per file would
 * cost a fork per file; a long batch keeps laid-out pages waiting. Each
 * new worker faults in again the pages it writes and the libraries' pages
 * it runs: at 16, a 10,000-hamlet build spent 4 s in the kernel (against
 * 3 s at 32) and its time grew 12-fold from 1,000 hamlets (10-fold at 32);
 * the peak grows by about 1.5 MB. */
#define QUEUE_BATCH 32

enum rec_kind { REC_TEXT, REC_JOB, REC_MARK };

struct rec {
	enum rec_kind kind;
	int ready;                 /* complete: may be printed */
	struct buf text;           /* lines, each "1…\n" (stdout) or "2…\n" (stderr) */
	int status;                /* REC_JOB: what run returned */
	char *what;                /* REC_JOB: the file, for messages */
	int (*run)(void *arg);
	void (*done)(void *arg, int status);
	void (*fn)(void *arg);     /* REC_MARK */
	void *arg;
	struct rec *next;
};

struct worker {
	pid_t pid;
	int fd;                    /* read end of its pipe */
	struct rec **jobs;         /* its batch, in order */
	size_t n, got;             /* jobs, results read */
	struct buf in;             /* bytes read, not yet a whole result */
};

struct queue {
	int max;                   /* workers at most; 1: jobs run here */
	struct rec *head, *tail;
	struct rec **pending;      /* jobs not yet given to a worker */
	size_t npending, cap;
	struct worker *w;          /* workers running */
	size_t nw;
	int printing;              /* inside done or fn: print at once */
	int oom;
};

/* Result header sent by a worker for each job. */
struct result {
	uint32_t index;
	int32_t status;
	uint32_t len;
};

static void rec_add(struct queue *q, struct rec *r)
{
	if (q->tail)
		q->tail->next = r;
	else
		q->head = r;
	q->tail = r;
}

/* Appends one line (without its newline) for fd to b. */
static void lines_add(struct buf *b, int fd, const char *line)
{
	buf_addc(b, fd == 1 ? '1' : '2');
	buf_adds(b, line);
	buf_addc(b, '\n');
}

static void lines_print(const struct buf *b)
{
	size_t i = 0;

	if (!b->len)
		return;
	progress_clear();
	while (i < b->len) {
		const char *nl = memchr(b->data + i + 1, '\n', b->len - i - 1);
		size_t end = nl ? (size_t)(nl - b->data) + 1 : b->len;

		fwrite(b->data + i + 1, 1, end - i - 1, b->data[i] == '1' ? stdout : stderr);
		i = end;
	}
	fflush(stdout);
	fflush(stderr);
	progress_redraw();
}

/* Prints and frees every complete record at the head. */
static void queue_flush(struct queue *q)
{
	while (q->head && q->head->ready) {
		struct rec *r = q->head;

		lines_print(&r->text);
		q->printing = 1;
		if (r->kind == REC_JOB && r->done)
			r->done(r->arg, r->status);
		else if (r->kind == REC_MARK && r->fn)
			r->fn(r->arg);
		q->printing = 0;
		q->head = r->next;
		if (!q->head)
			q->tail = NULL;
		buf_free(&r->text);
		free(r->what);
		free(r);
	}
}

static void queue_line(struct queue *q, int fd, const char *line)
{
	struct rec *r;

	if (q->printing || !q->head) {
		struct buf b;
		buf_init(&b);
		lines_add(&b, fd, line);
		lines_print(&b);
		buf_free(&b);
		return;
	}
	r = q->tail;
	if (r->kind != REC_TEXT) {
		r = xcalloc(1, sizeof *r);
		r->kind = REC_TEXT;
		r->ready = 1;
		buf_init(&r->text);
		rec_add(q, r);
	}
	lines_add(&r->text, fd, line);
}

void queue_printf(struct queue *q, int fd, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("phat: error: out of memory\n", stderr);
		exit(3);
	}
	/* one call may hold several lines */
	{
		char *line = s, *nl;
		while (*line) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			queue_line(q, fd, line);
			if (!nl)
				break;
			line = nl + 1;
		}
	}
	free(s);
}

static void queue_diag(const char *line, void *ctx)
{
	queue_line(ctx, 2, line);
}

/* A worker's diagnostics, kept for its current job. */
static void capture_diag(const char *line, void *ctx)
{
	lines_add(ctx, 2, line);
}

struct queue *queue_new(int workers)
{
	struct queue *q = xcalloc(1, sizeof *q);

	q->max = workers < 1 ? 1 : workers;
	diag_sink_set(queue_diag, q);
	return q;
}

/* Runs r's job here, its diagnostics kept in r. */
static void job_run_here(struct queue *q, struct rec *r)
{
	diag_sink_set(capture_diag, &r->text);
	r->status = r->run(r->arg) == 0 ? 0 : -1;
	diag_sink_set(queue_diag, q);
	r->ready = 1;
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

/* In the child: runs the batch and reports each job; never returns. */
static void worker_main(struct queue *q, struct rec **jobs, size_t n, int fd, pid_t parent)
{
	size_t i;

	/* a worker outlives no build: the parent gone, it stops */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(1);
	for (i = 0; i < q->nw; i++)
		close(q->w[i].fd);
	for (i = 0; i < n; i++) {
		struct buf t;
		struct result h;

		buf_init(&t);
		diag_sink_set(capture_diag, &t);
		h.index = (uint32_t)i;
		h.status = jobs[i]->run(jobs[i]->arg) == 0 ? 0 : -1;
		h.len = (uint32_t)t.len;
		if (write_all(fd, &h, sizeof h) != 0 || write_all(fd, t.data, t.len) != 0)
			_exit(1);
		buf_free(&t);
	}
	_exit(0);
}

/* Gives up to QUEUE_BATCH pending jobs to a new worker. */
static void worker_start(struct queue *q)
{
	size_t n = q->npending < QUEUE_BATCH ? q->npending : QUEUE_BATCH, i;
	struct rec **jobs = xmalloc(n * sizeof *jobs);
	int fds[2];
	pid_t pid = -1;

	memcpy(jobs, q->pending, n * sizeof *jobs);
	q->npending -= n;
	memmove(q->pending, q->pending + n, q->npending * sizeof *q->pending);
	fflush(NULL);   /* nothing buffered may be printed twice */
	if (pipe(fds) == 0) {
		pid_t parent = getpid();
		pid = fork();
		if (pid == 0)
			worker_main(q, jobs, n, fds[1], parent);
		close(fds[1]);
		if (pid < 0)
			close(fds[0]);
	}
	if (pid < 0) {
		/* no process to spare: the batch is made here */
		for (i = 0; i < n; i++)
			job_run_here(q, jobs[i]);
		free(jobs);
		queue_flush(q);
		return;
	}
	q->w = xrealloc(q->w, (q->nw + 1) * sizeof *q->w);
	memset(&q->w[q->nw], 0, sizeof q->w[q->nw]);
	q->w[q->nw].pid = pid;
	q->w[q->nw].fd = fds[0];
	q->w[q->nw].jobs = jobs;
	q->w[q->nw].n = n;
	buf_init(&q->w[q->nw].in);
	q->nw++;
}

/* Takes the whole results in w->in. */
static void worker_results(struct worker *w)
{
	size_t off = 0;

	while (w->got < w->n && w->in.len - off >= sizeof(struct result)) {
		struct result h;
		struct rec *r;

		memcpy(&h, w->in.data + off, sizeof h);
		if (w->in.len - off - sizeof h < h.len)
			break;
		r = w->jobs[w->got++];
		buf_add(&r->text, w->in.data + off + sizeof h, h.len);
		r->status = h.status == 0 ? 0 : -1;
		r->ready = 1;
		off += sizeof h + h.len;
	}
	if (off) {
		memmove(w->in.data, w->in.data + off, w->in.len - off);
		w->in.len -= off;
	}
}

/* The worker has closed its pipe: collects its status; its jobs without a
 * result fail, saying why. */
static void worker_end(struct queue *q, size_t k)
{
	struct worker *w = &q->w[k];
	int st = 0;
	char why[160];

	close(w->fd);
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		snprintf(why, sizeof why, "phat stopped while making this file (signal %d, %s); the other "
			 "files are made", WTERMSIG(st), strsignal(WTERMSIG(st)));
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
		snprintf(why, sizeof why, "out of memory while making this file");
	else
		snprintf(why, sizeof why, "the process making this file stopped (exit status %d)",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 3)
		q->oom = 1;
	if (w->got < w->n) {
		/* the job it was making fails; the rest of its batch goes to
		 * the next worker, ahead of the jobs queued since */
		struct rec *r = w->jobs[w->got++];
		char *line = xasprintf("%s: error: %s", r->what, why);
		size_t left = w->n - w->got;

		lines_add(&r->text, 2, line);
		free(line);
		r->status = -1;
		r->ready = 1;
		/* what it was writing, if it got that far (file_write_atomic) */
		line = file_temp_name_of(r->what, (long)w->pid);
		unlink(line);
		free(line);
		if (q->npending + left > q->cap) {
			q->cap = q->npending + left + QUEUE_BATCH;
			q->pending = xrealloc(q->pending, q->cap * sizeof *q->pending);
		}
		memmove(q->pending + left, q->pending, q->npending * sizeof *q->pending);
		memcpy(q->pending, w->jobs + w->got, left * sizeof *q->pending);
		q->npending += left;
	}
	free(w->jobs);
	buf_free(&w->in);
	q->w[k] = q->w[--q->nw];
}

/* Reads what the workers have sent; waits for it when block is set.
 * Ends the workers that are done. */
static void queue_poll(struct queue *q, int block)
{
	struct pollfd pf[64];
	size_t i, n = q->nw < 64 ? q->nw : 64;
	int r;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		pf[i].fd = q->w[i].fd;
		pf[i].events = POLLIN;
		pf[i].revents = 0;
	}
	r = poll(pf, (nfds_t)n, block ? -1 : 0);
	if (r <= 0)
		return;
	for (i = n; i-- > 0;) {
		char chunk[65536];
		ssize_t got;

		if (!pf[i].revents)
			continue;
		got = read(q->w[i].fd, chunk, sizeof chunk);
		if (got < 0 && errno == EINTR)
			continue;
		if (got > 0) {
			buf_add(&q->w[i].in, chunk, (size_t)got);
			worker_results(&q->w[i]);
		} else {
			worker_end(q, i);
		}
	}
	queue_flush(q);
}

/* Gives pending jobs to free workers, a full batch at a time; with
 * force, waits until all are given, the last batch short. Without it,
 * waits only when a full batch is pending and every worker is busy, so
 * laid-out pages never pile up. A worker started as soon as one was free,
 * with the one or two jobs laid out by then, made 101 workers for 300
 * files, each faulting in its pages again: the build took more time in
 * the kernel than on one core. */
static void queue_dispatch(struct queue *q, int force)
{
	queue_poll(q, 0);
	while (q->npending && (force || q->npending >= QUEUE_BATCH)) {
		if (q->nw < (size_t)q->max)
			worker_start(q);
		else
			queue_poll(q, 1);
	}
}

void queue_job(struct queue *q, const char *what, int (*run)(void *arg), void (*done)(void *arg, int status),
	       void *arg)
{
	struct rec *r = xcalloc(1, sizeof *r);

	r->kind = REC_JOB;
	buf_init(&r->text);
	r->what = xstrdup(what);
	r->run = run;
	r->done = done;
	r->arg = arg;
	rec_add(q, r);
	if (q->max == 1) {
		job_run_here(q, r);
		queue_flush(q);
		return;
	}
	if (q->npending == q->cap) {
		q->cap = q->cap ? 2 * q->cap : QUEUE_BATCH;
		q->pending = xrealloc(q->pending, q->cap * sizeof *q->pending);
	}
	q->pending[q->npending++] = r;
	queue_dispatch(q, 0);
}

void queue_mark(struct queue *q, void (*fn)(void *arg), void *arg)
{
	struct rec *r = xcalloc(1, sizeof *r);

	r->kind = REC_MARK;
	r->ready = 1;
	buf_init(&r->text);
	r->fn = fn;
	r->arg = arg;
	rec_add(q, r);
	queue_flush(q);
}

void queue_finish(struct queue *q)
{
	/* a worker that dies hands its batch's rest back to pending */
	while (q->npending || q->nw) {
		queue_dispatch(q, 1);
		if (q->nw)
			queue_poll(q, 1);
	}
	queue_flush(q);
}

int queue_out_of_memory(const struct queue *q)
{
	return q->oom;
}

void queue_free(struct queue *q)
{
	if (!q)
		return;
	queue_finish(q);
	diag_sink_set(NULL, NULL);
	free(q->pending);
	free(q->w);
	free(q);
}

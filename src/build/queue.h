/* What a build prints, in the order a one-process build prints it, while
 * worker processes make the files. The build lays documents out here, one
 * after the other, and queues each file as a job; up to n workers (forked
 * processes, which share the fonts and the laid-out pages copy-on-write)
 * render and write the jobs in batches, and send back what each job said.
 * Messages, job results and marks come out strictly in the order they
 * were queued, so `-j 1` and `-j 8` print the same lines in the same
 * order and write the same bytes. A job that fails, or a worker that dies
 * (a crash, out of memory), fails only its own jobs. */
#ifndef PHAT_QUEUE_H
#define PHAT_QUEUE_H

#include <stddef.h>

struct queue;

/* A queue with up to workers worker processes; 1 runs every job in this
 * process, as it is queued. While the queue exists, diagnostics (src/util/
 * diag) are printed through it, in order. Never NULL. */
struct queue *queue_new(int workers);
/* Waits for every job (queue_finish) and frees q; NULL is fine. */
void queue_free(struct queue *q);

/* Prints to stdout (fd 1) or stderr (fd 2) after everything queued before. */
void queue_printf(struct queue *q, int fd, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A job: run(arg) makes one file, what (a path, for messages), and
 * returns 0, or -1 after diag_error; it runs in a worker (or here, with
 * one worker), and what it reports is printed in the job's place. Then,
 * here and in order, done(arg, status) is called with run's result (-1
 * also when the worker died before it finished: that is said at what,
 * and the worker's temporary file for what, file_temp_name_of, removed):
 * it may print (queue_printf prints at once there) and frees arg. arg
 * must stay as it is until done: a worker reads its copy. */
void queue_job(struct queue *q, const char *what, int (*run)(void *arg), void (*done)(void *arg, int status),
	       void *arg);
/* fn(arg) is called here once everything queued before it is printed. */
void queue_mark(struct queue *q, void (*fn)(void *arg), void *arg);

/* Runs every job queued, waits for the workers and prints everything. */
void queue_finish(struct queue *q);
/* Whether a worker ran out of memory (the run then exits with status 3). */
int queue_out_of_memory(const struct queue *q);

#endif

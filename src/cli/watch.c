/* phat watch: see watch.h. One inotify descriptor, one watch per folder
 * (inotify(7) does not recurse). Files are written in place
 * (IN_CLOSE_WRITE) or renamed over (IN_MOVED_TO: vim, gedit, LibreOffice
 * save to a temporary name first); a file only created is not read yet,
 * since its writer still holds it open. Paths are compared canonical: the
 * real path of the folder and the file's own name, so that a file that
 * does not exist yet (a picture still to be copied in) matches too. */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "watch.h"
#include "../util/util.h"

#define WATCH_QUIET_MS 100     /* a save is over when nothing came for this long */
#define WATCH_MAX_MS 1000      /* build at the latest this long after the first event */
#define WATCH_DEPTH 64         /* folders deeper than this are not watched (a link loop) */
#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | \
		    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

struct watch_dir {
	int wd;
	char *path;      /* as the build names it: root/sub */
	char *real;
};

struct watch_doc {
	char *path;      /* as the build names it */
	char **deps;     /* canonical paths it read or looked for */
	size_t ndeps;
};

struct watch {
	int fd;
	char *root;
	char *out_real;              /* outdir, never watched; NULL when not there */
	struct watch_dir *dirs;
	size_t ndirs;
	struct watch_doc *docs;
	size_t ndocs;
	long cur;                    /* the document building now, or -1 */
};

/* Ctrl-C: stops the wait; during a build, what it did before (main's
 * handler removes the temporary file and dies). */
static volatile sig_atomic_t waiting, stopped;
static struct sigaction saved_int, saved_term;

static void watch_on_signal(int sig)
{
	const struct sigaction *o = sig == SIGINT ? &saved_int : &saved_term;

	if (waiting) {
		stopped = 1;
		return;
	}
	if (!(o->sa_flags & SA_SIGINFO) && o->sa_handler == SIG_IGN)
		return;
	if (!(o->sa_flags & SA_SIGINFO) && o->sa_handler != SIG_DFL) {
		o->sa_handler(sig);
		return;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The real path of path's folder joined with its own name. Caller frees. */
static char *canonical(const char *path)
{
	char *r = realpath(path, NULL), *dir, *rd;
	const char *slash;

	if (r)
		return r;
	dir = path_dir(path);
	rd = realpath(dir, NULL);
	slash = strrchr(path, '/');
	r = rd ? path_join(rd, slash ? slash + 1 : path) : xstrdup(path);
	free(rd);
	free(dir);
	return r;
}

static int is_markdown(const char *name)
{
	size_t l = strlen(name);

	return l > 3 && strcasecmp(name + l - 3, ".md") == 0;
}

static struct watch_dir *dir_of(struct watch *w, int wd)
{
	size_t i;

	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

static void dir_forget(struct watch *w, struct watch_dir *d)
{
	free(d->path);
	free(d->real);
	*d = w->dirs[--w->ndirs];
}

/* Watches path and the folders under it. 0, or -1 after a message. */
static int watch_tree(struct watch *w, const char *path, int depth)
{
	char *real = realpath(path, NULL);
	struct watch_dir *d;
	struct dirent *e;
	DIR *dp = NULL;
	int wd, ret = 0;

	if (!real || depth > WATCH_DEPTH || (w->out_real && strcmp(real, w->out_real) == 0))
		goto out;
	wd = inotify_add_watch(w->fd, path, WATCH_MASK);
	if (wd < 0) {
		if (errno == ENOSPC)
			fprintf(stderr, "phat: error: too many folders to watch; raise the limit, as root: "
				"sysctl fs.inotify.max_user_watches=524288\n");
		else
			fprintf(stderr, "phat: error: cannot watch %s: %s\n", path, strerror(errno));
		ret = -1;
		goto out;
	}
	if (!(d = dir_of(w, wd))) {
		w->dirs = xrealloc(w->dirs, (w->ndirs + 1) * sizeof *w->dirs);
		d = &w->dirs[w->ndirs++];
		d->wd = wd;
	} else {
		free(d->path);
		free(d->real);
	}
	d->path = xstrdup(path);
	d->real = real;
	real = NULL;
	if (!(dp = opendir(path)))
		goto out;
	while (ret == 0 && (e = readdir(dp))) {
		struct stat sb;
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = path_join(path, e->d_name);
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			ret = watch_tree(w, p, depth + 1);
		free(p);
	}
out:
	if (dp)
		closedir(dp);
	free(real);
	return ret;
}

/* util's file_note hook: a file the current document reads or looks for. */
static void watch_note(const char *path, void *ctx)
{
	struct watch *w = ctx;
	struct watch_doc *d;
	char *c;
	size_t i;

	if (w->cur < 0)
		return;
	d = &w->docs[w->cur];
	c = canonical(path);
	for (i = 0; i < d->ndeps; i++)
		if (strcmp(d->deps[i], c) == 0) {
			free(c);
			return;
		}
	d->deps = xrealloc(d->deps, (d->ndeps + 1) * sizeof *d->deps);
	d->deps[d->ndeps++] = c;
}

struct watch *watch_new(const char *root, const char *outdir)
{
	struct watch *w = xcalloc(1, sizeof *w);
	struct sigaction sa;

	w->cur = -1;
	w->root = xstrdup(root);
	w->out_real = realpath(outdir, NULL);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		fprintf(stderr, "phat: error: cannot watch files here (inotify: %s)\n", strerror(errno));
		goto fail;
	}
	if (watch_tree(w, root, 0) != 0)
		goto fail;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = watch_on_signal;
	sigemptyset(&sa.sa_mask);
	stopped = waiting = 0;
	sigaction(SIGINT, &sa, &saved_int);
	sigaction(SIGTERM, &sa, &saved_term);
	file_note_set(watch_note, w);
	return w;
fail:
	watch_free(w);
	return NULL;
}

void watch_free(struct watch *w)
{
	size_t i, j;

	if (!w)
		return;
	if (w->fd >= 0) {
		file_note_set(NULL, NULL);
		sigaction(SIGINT, &saved_int, NULL);
		sigaction(SIGTERM, &saved_term, NULL);
		close(w->fd);
	}
	for (i = 0; i < w->ndirs; i++) {
		free(w->dirs[i].path);
		free(w->dirs[i].real);
	}
	for (i = 0; i < w->ndocs; i++) {
		for (j = 0; j < w->docs[i].ndeps; j++)
			free(w->docs[i].deps[j]);
		free(w->docs[i].deps);
		free(w->docs[i].path);
	}
	free(w->dirs);
	free(w->docs);
	free(w->root);
	free(w->out_real);
	free(w);
}

void watch_doc(struct watch *w, const char *path)
{
	size_t i, j;

	w->cur = -1;
	if (!path)
		return;
	for (i = 0; i < w->ndocs && strcmp(w->docs[i].path, path) != 0; i++)
		;
	if (i == w->ndocs) {
		w->docs = xrealloc(w->docs, (w->ndocs + 1) * sizeof *w->docs);
		memset(&w->docs[i], 0, sizeof w->docs[i]);
		w->docs[i].path = xstrdup(path);
		w->ndocs++;
	}
	for (j = 0; j < w->docs[i].ndeps; j++)
		free(w->docs[i].deps[j]);
	w->docs[i].ndeps = 0;
	w->cur = (long)i;
}

/* Adds s to the list v (n long) unless it is there. Takes s. */
static void list_add(char ***v, size_t *n, char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0) {
			free(s);
			return;
		}
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* Whether some document read or looked for the canonical path c; each
 * such document is added to the list. */
static int add_dependents(struct watch *w, const char *c, char ***files, size_t *n)
{
	size_t i, j;
	int any = 0;

	for (i = 0; i < w->ndocs; i++)
		for (j = 0; j < w->docs[i].ndeps; j++)
			if (strcmp(w->docs[i].deps[j], c) == 0) {
				list_add(files, n, xstrdup(w->docs[i].path));
				any = 1;
				break;
			}
	return any;
}

enum event_kind { EV_NONE, EV_SOME, EV_ALL, EV_GONE };

/* What one inotify event asks for; documents to build go to the list. */
static enum event_kind event_read(struct watch *w, const struct inotify_event *ev, char ***files, size_t *n)
{
	struct watch_dir *d;
	char *path, *c;
	int dep;

	if (ev->mask & IN_Q_OVERFLOW)
		return EV_ALL;       /* events were lost */
	if (!(d = dir_of(w, ev->wd)))
		return EV_NONE;
	if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) {
		int root = strcmp(d->path, w->root) == 0;
		if (ev->mask & IN_IGNORED)
			dir_forget(w, d);
		return root ? EV_GONE : EV_ALL;
	}
	if (!ev->len || ev->name[0] == '.')
		return EV_NONE;      /* hidden: editors' swap and lock files */
	if (ev->mask & IN_ISDIR)
		return EV_ALL;       /* a folder made, moved or removed */
	if (ev->mask & IN_CREATE)
		return EV_NONE;      /* still being written: IN_CLOSE_WRITE follows */
	if (strcmp(ev->name, "phat.yaml") == 0)
		return EV_ALL;
	if (is_markdown(ev->name) && (ev->mask & (IN_DELETE | IN_MOVED_FROM)))
		return EV_ALL;       /* a document gone: what it wrote may go to another */
	path = path_join(d->path, ev->name);
	c = path_join(d->real, ev->name);
	dep = add_dependents(w, c, files, n);
	free(c);
	if (is_markdown(ev->name)) {
		list_add(files, n, path);
		return EV_SOME;
	}
	free(path);
	return dep ? EV_SOME : EV_NONE;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

enum watch_event watch_wait(struct watch *w, char ***files, size_t *n)
{
	char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
	struct pollfd pfd = { w->fd, POLLIN, 0 };
	enum watch_event ret = WATCH_SOME;
	long first = -1;
	size_t i;
	int all = 0;

	*files = NULL;
	*n = 0;
	for (;;) {
		int timeout = first < 0 ? 500 : WATCH_QUIET_MS, r;
		ssize_t len;
		char *p;

		if (first >= 0 && now_ms() - first >= WATCH_MAX_MS)
			break;
		waiting = 1;
		r = stopped ? -1 : poll(&pfd, 1, timeout);
		waiting = 0;
		if (stopped) {
			ret = WATCH_STOP;
			goto out;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "phat: error: watching stopped: %s\n", strerror(errno));
			ret = WATCH_STOP;
			goto out;
		}
		if (r == 0) {
			if (first >= 0)
				break;
			continue;
		}
		len = read(w->fd, buf, sizeof buf);
		for (p = buf; len > 0 && p < buf + len;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			enum event_kind k = event_read(w, ev, files, n);

			p += sizeof *ev + ev->len;
			if (k == EV_GONE) {
				fprintf(stderr, "phat: the folder %s is gone; watching stopped\n", w->root);
				ret = WATCH_STOP;
				goto out;
			}
			all |= k == EV_ALL;
			if (k != EV_NONE && first < 0)
				first = now_ms();
		}
	}
	if (all) {
		/* folders may have come or gone: watch them all again */
		ret = watch_tree(w, w->root, 0) == 0 ? WATCH_ALL : WATCH_STOP;
		goto out;
	}
	if (*n > 1)
		qsort(*files, *n, sizeof **files, name_cmp);
	return WATCH_SOME;
out:
	for (i = 0; i < *n; i++)
		free((*files)[i]);
	free(*files);
	*files = NULL;
	*n = 0;
	return ret;
}

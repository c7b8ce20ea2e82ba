/* Building documents into files: see build.h. The command line (main.c)
 * calls it; it reads, lays out and hands each output to the queue, which
 * renders and writes it here or in a worker process. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include "build.h"
#include "queue.h"
#include "../cli/progress.h"
#include "../cli/watch.h"
#include "../font/font.h"
#include "../kinds/kind.h"
#include "../layout/box.h"
#include "../model/campaign.h"
#include "../model/doc.h"
#include "../read/read.h"
#include "../render/pdf.h"
#include "../render/png.h"
#include "../sign/sign.h"
#include "../util/diag.h"
#include "../util/util.h"
#include "../util/utf8.h"

/* The temporary file being written, removed if the run is interrupted. */
static volatile sig_atomic_t have_tmp;
static char tmp_path[4096];

static void on_signal(int sig)
{
	if (have_tmp)
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static int write_output(const char *path, const struct buf *b)
{
	char *tmp = file_temp_name(path);
	int ret;

	snprintf(tmp_path, sizeof tmp_path, "%s", tmp);
	have_tmp = 1;
	ret = file_write_atomic(path, b->data, b->len);
	have_tmp = 0;
	if (ret != 0)
		diag_error(pos_file(path), "could not write the file: %s (is the disk full, or the folder read-only?)",
			   strerror(errno));
	free(tmp);
	return ret;
}

/* The keys a kind accepts: its own and the common ones. Caller frees. */
static const char **kind_keys(const struct kind *k)
{
	size_t n = 0, i, o = 0;
	const char **v;

	for (i = 0; k->keys[i]; i++)
		n++;
	for (i = 0; kind_common_keys[i]; i++)
		n++;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; k->keys[i]; i++)
		v[o++] = k->keys[i];
	for (i = 0; kind_common_keys[i]; i++)
		v[o++] = kind_common_keys[i];
	return v;
}

/* The phat.yaml of folder dir (read once), or NULL when it has none or
 * it is broken (then an error was reported). */
static const struct meta *folder_defaults(struct session *s, const char *dir)
{
	char *p;
	size_t i;
	struct meta *m = NULL;

	for (i = 0; i < s->ndd; i++)
		if (strcmp(s->dd[i].dir, dir) == 0)
			return s->dd[i].m;
	p = path_join(dir, "phat.yaml");
	if (access(p, F_OK) == 0)
		m = read_yaml_file(p);
	free(p);
	s->dd = xrealloc(s->dd, (s->ndd + 1) * sizeof *s->dd);
	s->dd[s->ndd].dir = xstrdup(dir);
	s->dd[s->ndd].m = m;
	s->ndd++;
	return m;
}

/* The settings a document in folder dir starts from: every phat.yaml from
 * the content folder down to dir, the nearest winning key by key. Returns
 * a new map (caller frees) or NULL when there is none. */
static struct meta *defaults_for(struct session *s, const char *dir)
{
	struct meta *acc = NULL, *merged;
	const struct meta *m;
	char *root = realpath(s->root, NULL), *cur = realpath(dir, NULL), *chain[64];
	size_t rl, n = 0, i;
	int inside;

	if (!root || !cur) {
		free(root);
		free(cur);
		return NULL;
	}
	rl = strlen(root);
	inside = strncmp(cur, root, rl) == 0 && (cur[rl] == '/' || cur[rl] == '\0' || rl == 1);
	/* from dir up to the content folder (only dir when it is outside) */
	for (;;) {
		char *up;

		if (n < sizeof chain / sizeof chain[0])
			chain[n++] = xstrdup(cur);
		if (!inside || strlen(cur) <= rl || strcmp(cur, "/") == 0)
			break;
		up = path_dir(cur);
		free(cur);
		cur = up;
	}
	free(cur);
	free(root);
	for (i = n; i-- > 0;) {
		if ((m = folder_defaults(s, chain[i]))) {
			merged = meta_merge(acc, m);
			meta_free(acc);
			acc = merged;
		}
		free(chain[i]);
	}
	return acc;
}

/* Remembers the appendices d names, so a build does not take them for
 * documents of their own. */
static void note_appendices(struct session *s, const struct doc *d)
{
	const struct meta *pl = meta_get(d->meta, "phu_luc"), *it;

	if (!pl)
		return;
	for (it = pl->type == META_LIST ? pl->first : pl; it; it = pl->type == META_LIST ? it->next : NULL) {
		char *p, *real;

		if (it->type != META_SCALAR || !*it->value)
			continue;
		p = read_path_find(d->dir, it->value);
		if (p && (real = realpath(p, NULL))) {
			s->appendices = xrealloc(s->appendices, (s->nappendices + 1) * sizeof *s->appendices);
			s->appendices[s->nappendices++] = real;
		}
		free(p);
	}
}

static int is_named_appendix(const struct session *s, const char *path)
{
	char *real = realpath(path, NULL);
	size_t i;
	int r = 0;

	for (i = 0; real && i < s->nappendices && !r; i++)
		r = strcmp(real, s->appendices[i]) == 0;
	free(real);
	return r;
}

/* Whether d, without "loai:", is an appendix to preview alone: its front
 * matter holds only what an appendix may have (tieu_de:), or it lies in a
 * folder named as the README names the appendices' (phu-luc/). */
static int looks_appendix(const struct doc *d)
{
	const char **keys = kind_keys(kind_find("phu-luc"));
	const struct meta *m;
	char *base = path_stem(d->dir), *folded = campaign_fold(base);
	int r = 1;
	size_t i;

	for (m = d->own->first; m && r; m = m->next) {
		for (i = 0; keys[i] && strcmp(keys[i], m->key); i++)
			;
		r = keys[i] != NULL;
	}
	if (!strcmp(folded, "phu_luc") || !strcmp(folded, "phuluc"))
		r = 1;
	free(keys);
	free(folded);
	free(base);
	return r;
}

/* "loai:" missing or empty: the kinds there are. */
static void kindless_error(const struct doc *d, const struct meta *loai)
{
	struct buf names;
	size_t i;

	buf_init(&names);
	for (i = 0; kind_all[i]; i++)
		buf_printf(&names, "%s%s (%s)", i ? (kind_all[i + 1] ? ", " : " or ") : "", kind_all[i]->name,
			   kind_all[i]->title);
	if (looks_appendix(d))
		diag_error(loai ? loai->pos : d->own->pos, "the front matter has no \"loai:\" and no dispatch "
			   "names this file under \"phu_luc:\"; if it is an appendix, name it there, else add "
			   "\"loai:\", the kind of document: %s", buf_str(&names));
	else
		diag_error(loai ? loai->pos : d->own->pos, "the front matter needs \"loai:\", the kind of "
			   "document: %s", buf_str(&names));
	buf_free(&names);
}

int doc_layout(struct session *s, const char *path, struct outputs *outs)
{
	struct doc *d = NULL;
	const struct kind *k;
	const struct meta *loai;
	const char **keys = NULL;
	struct kind_env env;
	struct meta *defaults = NULL;
	char *dir = path_dir(path);
	void (*emit)(struct outputs *o, void *ctx);
	int ret = -1, bare, stopped, r;

	s->leftovers_before = read_markdown_leftovers();
	defaults = defaults_for(s, dir);
	if (diag_error_count() > s->errors_before)
		goto out;
	/* a file without front matter is an appendix written as plain Markdown */
	bare = !s->building && read_has_frontmatter(path) == 0;
	d = bare ? read_appendix(path, s->root, defaults) : read_doc(path, s->root, defaults);
	if (!d)
		goto out;
	/* "Loai:", as Word capitalises it, is loai: too */
	meta_fix_keys(d->own, d->meta, kind_common_keys);
	loai = meta_get(d->own, "loai");
	if (!bare && (!loai || loai->type != META_SCALAR || !*loai->value)) {
		/* no kind: an appendix with front matter (tieu_de:) when a
		 * dispatch names it, which a build knows only at its end */
		if (s->building && !s->kindless_final) {
			s->kindless = xrealloc(s->kindless, (s->nkindless + 1) * sizeof *s->kindless);
			s->kindless[s->nkindless++] = xstrdup(path);
			ret = 1;
			goto out;
		}
		bare = !s->building && looks_appendix(d);
		if (!bare) {
			kindless_error(d, loai);
			goto out;
		}
	}
	if (bare) {
		k = kind_find("phu-luc");
	} else if (s->building && strcmp(loai->value, "phu-luc") == 0) {
		ret = 1;
		goto out;
	} else if (!(k = kind_find(loai->value))) {
		struct buf names;
		size_t i;
		buf_init(&names);
		for (i = 0; kind_all[i]; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", kind_all[i]->name);
		diag_error(loai->pos, "\"loai: %s\" is not a kind of document phat knows; use one of: %s",
			   loai->value, buf_str(&names));
		buf_free(&names);
		goto out;
	}
	note_appendices(s, d);
	keys = kind_keys(k);
	/* an unknown key fails the document, but the layout still runs, so
	 * that every problem of the file is said in one run */
	meta_fix_keys(d->own, d->meta, keys);
	meta_check_keys(d->own, keys);
	if (s->phone && !(k->options & KIND_PHONE))
		diag_warning(pos_file(path), "--phone does not apply to this kind of document (loai: %s); "
			     "only leaflets (to-roi) and posters (ap-phich) have a phone copy", k->name);
	if (s->tile && !(k->options & KIND_TILE))
		diag_warning(pos_file(path), "--tile does not apply to this kind of document (loai: %s); "
			     "only posters (ap-phich) are tiled onto A4", k->name);
	memset(&env, 0, sizeof env);
	env.m = fontset_measure(s->fonts);
	env.defaults = defaults;
	env.phone = s->phone;
	env.tile = s->tile;
	/* after an error reading the document (a picture outside the folder,
	 * an unknown key) it is still laid out, for the other messages, but no
	 * part of it is handed on to be written */
	stopped = diag_error_count() > s->errors_before;
	emit = outs->emit;
	if (stopped)
		outs->emit = NULL;
	r = k->layout(d, &env, outs);
	outs->emit = emit;
	if (stopped || r != 0 || diag_error_count() > s->errors_before) {
		if (outs->emit)
			outputs_drop(outs, 0);
		goto out;
	}
	if (!outs->emit) {
		outputs_check_text(outs, path, read_markdown_leftovers() == s->leftovers_before);
	} else if (outs->n) {
		/* a kind that lays the document out whole (an appendix alone) */
		if (!outs->units_total)
			outs->units = outs->units_total = 1;
		outputs_flush(outs);
	}
	ret = 0;
out:
	free(keys);
	doc_free(d);
	meta_free(defaults);
	free(dir);
	return ret;
}

/* Where an output goes: main_path for the main PDF when given (render -o),
 * else <outdir>/<sub><dir><stem><suffix><ext>, sub being the document's
 * folder inside the content folder ("2025-07/"). Names are NFC whatever
 * form the file system gave. Caller frees. */
static char *output_path(const struct output *o, const char *outdir, const char *sub, const char *stem,
			 const char *main_path)
{
	char *name, *ret, *nfc;

	/* render: the main PDF is the one named, the others beside it, not in
	 * a sub-folder of their own */
	if (main_path && !*o->suffix && strcmp(o->ext, ".pdf") == 0)
		return xstrdup(main_path);
	name = xasprintf("%s%s%s%s%s", sub, main_path ? "" : o->dir, stem, o->suffix, o->ext);
	if (o->ascii_name) {
		char *f = utf8_ascii_fold(name);
		free(name);
		name = f;
	}
	nfc = utf8_nfc(name, strlen(name));
	ret = path_join(outdir, nfc);
	free(nfc);
	free(name);
	return ret;
}

/* Records that source writes path. Returns 0, or -1 after an error naming
 * both sources when another source of this run writes that path too. */
static int claim_output(struct session *s, const char *path, const char *source)
{
	size_t i, mask;
	uint64_t h;

	if (2 * (s->nclaims + 1) > s->nslots) {
		/* grown and filled again from the claims */
		size_t n = s->nslots ? 2 * s->nslots : 64, k;

		free(s->claim_slots);
		s->claim_slots = xcalloc(n, sizeof *s->claim_slots);
		s->nslots = n;
		for (k = 0; k < s->nclaims; k++) {
			for (i = (size_t)fnv1a(FNV1A_INIT, s->claims[k].path, strlen(s->claims[k].path)) & (n - 1); s->claim_slots[i]; i = (i + 1) & (n - 1))
				;
			s->claim_slots[i] = k + 1;
		}
	}
	mask = s->nslots - 1;
	h = fnv1a(FNV1A_INIT, path, strlen(path));
	for (i = (size_t)h & mask; s->claim_slots[i]; i = (i + 1) & mask) {
		const struct claim *c = &s->claims[s->claim_slots[i] - 1];
		if (strcmp(c->path, path) != 0)
			continue;
		if (strcmp(c->source, source) == 0)
			return 0;
		diag_error(pos_file(source), "this document would write %s, which %s already writes; "
			   "rename one of the two files", path, c->source);
		return -1;
	}
	if (s->nclaims == s->claims_cap) {
		s->claims_cap = s->claims_cap ? 2 * s->claims_cap : 16;
		s->claims = xrealloc(s->claims, s->claims_cap * sizeof *s->claims);
	}
	s->claims[s->nclaims].path = xstrdup(path);
	s->claims[s->nclaims].source = xstrdup(source);
	s->claim_slots[i] = ++s->nclaims;
	return 0;
}

/* The folder of path inside the content folder, "" or "2025-07/". Caller frees. */
static char *sub_folder(const struct session *s, const char *path)
{
	size_t rl = strlen(s->root);
	const char *rel, *slash;

	if (!s->building || strncmp(path, s->root, rl) != 0)
		return xstrdup("");
	rel = path + rl;
	while (*rel == '/')
		rel++;
	slash = strrchr(rel, '/');
	return slash ? xstrndup(rel, (size_t)(slash - rel + 1)) : xstrdup("");
}

int session_open(struct session *s, const char *root)
{
	memset(s, 0, sizeof *s);
	s->root = root;
	s->fonts = fontset_new(NULL);
	if (!s->fonts)
		return -1;
	return 0;
}

void session_forget(struct session *s)
{
	size_t i;

	for (i = 0; i < s->ndd; i++) {
		free(s->dd[i].dir);
		meta_free(s->dd[i].m);
	}
	free(s->dd);
	for (i = 0; i < s->nclaims; i++) {
		free(s->claims[i].path);
		free(s->claims[i].source);
	}
	free(s->claims);
	free(s->claim_slots);
	s->claim_slots = NULL;
	s->nslots = s->claims_cap = 0;
	for (i = 0; i < s->nappendices; i++)
		free(s->appendices[i]);
	free(s->appendices);
	for (i = 0; i < s->nkindless; i++)
		free(s->kindless[i]);
	free(s->kindless);
	s->kindless = NULL;
	s->nkindless = 0;
	s->dd = NULL;
	s->claims = NULL;
	s->appendices = NULL;
	s->ndd = s->nclaims = s->nappendices = 0;
}

void session_close(struct session *s)
{
	fontset_free(s->fonts);
	s->fonts = NULL;
	session_forget(s);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The Markdown files of a folder and its sub-folders, sorted. */
void build_collect(const char *dir, char ***v, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *e;

	if (!dp)
		return;
	while ((e = readdir(dp))) {
		char *p;
		struct stat sb;
		size_t l = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		p = path_join(dir, e->d_name);
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			build_collect(p, v, n);
			free(p);
		} else if (l > 3 && strcasecmp(e->d_name + l - 3, ".md") == 0) {
			*v = xrealloc(*v, (*n + 1) * sizeof **v);
			(*v)[(*n)++] = p;
		} else {
			free(p);
		}
	}
	closedir(dp);
	if (*n > 1)
		qsort(*v, *n, sizeof **v, name_cmp);
}

/* A document being built: what its outputs need, and how they went. */
struct doc_state {
	struct build_run *run;
	struct session *s;
	char *path;                /* the source, for messages */
	char *stem, *sub;
	const char *main_path;     /* render -o, or NULL */
	int layout;                /* doc_layout's result */
	int warnings;              /* outputs_check_text's, at most about 20 */
	size_t ok, failed;         /* outputs made, outputs that failed */
	size_t units_total, units_failed;
};

/* The outputs of one part of a document (one hamlet, or the whole), kept
 * together until the last is made: a poster's A4 tiles and phone copy
 * draw the main poster's pictures and QR codes. */
struct part {
	struct output *v;
	size_t n;
	size_t left;               /* jobs not yet done */
};

/* One output to render and write: a job of the queue. */
struct job {
	struct doc_state *ds;
	struct part *part;
	const struct output *o;    /* in part */
	char *path;
	struct fontset *fonts;
	int write;
};

/* Renders one output and writes it (build), or only renders it (check).
 * Runs in a worker: only diagnostics leave it. */
static int job_run(void *arg)
{
	struct job *j = arg;
	struct buf file;
	int r = 0;

	buf_init(&file);
	if (j->o->ld) {
		r = pdf_render(j->o->ld, j->fonts, j->path, &file);
		/* the empty signature fields of a dispatch (src/sign) */
		if (r == 0)
			r = sign_fields_add(j->o->ld, &file, j->path);
	} else if (j->o->png) {
		/* a page of the phone copy as a picture for Zalo */
		r = png_render(j->o->png, j->o->png_page, j->o->png_width, j->fonts, j->path, &file);
	} else {
		buf_adds(&file, j->o->text ? j->o->text : "");
	}
	if (r == 0 && j->write && sign_guard(j->path) != 0)
		r = -1;
	if (r == 0 && j->write) {
		char *dir = path_dir(j->path);
		if (dir_make(dir) != 0) {
			diag_error(pos_file(j->path), "could not create the folder %s: %s", dir, strerror(errno));
			r = -1;
		} else {
			r = write_output(j->path, &file);
		}
		free(dir);
	}
	buf_free(&file);
	return r;
}

static void part_release(struct part *p)
{
	size_t i;

	if (--p->left)
		return;
	for (i = 0; i < p->n; i++)
		output_clear(&p->v[i]);
	free(p->v);
	free(p);
}

static void job_done(void *arg, int status)
{
	struct job *j = arg;
	struct doc_state *ds = j->ds;

	if (status == 0) {
		ds->ok++;
		if (ds->run->write && ds->s->verbosity >= VERBOSITY_FILES)
			queue_printf(ds->run->q, 1, "%s -> %s\n", ds->path, j->path);
	} else {
		ds->failed++;
	}
	part_release(j->part);
	free(j->path);
	free(j);
}

/* outputs' emit: the outputs of a part just laid out go to the queue. */
static void build_emit(struct outputs *o, void *ctx)
{
	struct doc_state *ds = ctx;
	struct part *part = xcalloc(1, sizeof *part);
	size_t i;

	part->v = xcalloc(o->n, sizeof *part->v);
	part->n = o->n;
	memcpy(part->v, o->v, o->n * sizeof *o->v);
	memset(o->v, 0, o->n * sizeof *o->v);   /* the part owns them now */
	part->left = 1;                         /* held until all are queued */
	progress_part(o->units, o->units_total);
	/* a part whose file another source writes too is not written at all */
	{
		int clash = 0;
		for (i = 0; i < part->n && !clash; i++) {
			char *path = output_path(&part->v[i], ds->run->outdir, ds->sub, ds->stem, ds->main_path);
			clash = claim_output(ds->s, path, ds->path) != 0;
			free(path);
		}
		if (clash) {
			ds->failed += part->n;
			part_release(part);
			return;
		}
	}
	for (i = 0; i < part->n; i++) {
		struct output *x = &part->v[i];
		char *path = output_path(x, ds->run->outdir, ds->sub, ds->stem, ds->main_path);
		struct job *j;

		if (ds->warnings <= 20) {
			struct outputs one = { 0 };
			one.v = x;
			one.n = 1;
			ds->warnings += outputs_check_text(&one, ds->path,
							   read_markdown_leftovers() == ds->s->leftovers_before);
		}
		j = xcalloc(1, sizeof *j);
		j->ds = ds;
		j->part = part;
		j->o = x;
		j->path = path;
		j->fonts = ds->s->fonts;
		j->write = ds->run->write;
		part->left++;
		queue_job(ds->run->q, path, job_run, job_done, j);
	}
	part_release(part);
}

/* After the last output of a document: counts it, and says when it was not
 * (or only in part) built. */
static void doc_end(void *arg)
{
	struct doc_state *ds = arg;
	struct build_run *run = ds->run;
	const char *done = run->write ? "built" : "checked";

	if (ds->layout == 1) {
		/* an appendix, built with its dispatch */
	} else if (ds->layout < 0 || ds->failed) {
		run->failed++;
		if (ds->ok == 0)
			queue_printf(run->q, 2, "phat: %s was not %s\n", ds->path, done);
		else if (ds->units_total > 1)
			queue_printf(run->q, 2, "phat: %s was %s for %zu of its %zu hamlets; the messages above say "
				     "what stopped the others\n", ds->path, done,
				     ds->units_total - (ds->units_failed + ds->failed < ds->units_total ?
							ds->units_failed + ds->failed : ds->units_total),
				     ds->units_total);
		else
			queue_printf(run->q, 2, "phat: %s was %s only in part: %zu file%s made, %zu not\n", ds->path,
				     done, ds->ok, ds->ok == 1 ? "" : "s", ds->failed);
	} else {
		run->built++;
		if (!run->write && ds->s->verbosity >= VERBOSITY_FILES)
			queue_printf(run->q, 1, "%s: checked, no error\n", ds->path);
	}
	free(ds->path);
	free(ds->stem);
	free(ds->sub);
	free(ds);
}

void build_begin(struct build_run *run, int jobs)
{
	run->built = run->failed = run->unread = 0;
	run->q = queue_new(jobs);
}

void build_doc(struct build_run *run, struct session *s, const char *path, const char *main_path)
{
	struct doc_state *ds = xcalloc(1, sizeof *ds);
	struct outputs outs = { 0 };

	ds->run = run;
	ds->s = s;
	ds->path = xstrdup(path);
	ds->main_path = main_path;
	ds->stem = main_path ? path_stem(main_path) : path_stem(path);
	ds->sub = sub_folder(s, path);
	outs.emit = build_emit;
	outs.emit_ctx = ds;
	s->errors_before = diag_error_count();
	ds->layout = doc_layout(s, path, &outs);
	if (ds->layout < 0)
		run->unread++;
	ds->units_total = outs.units_total;
	ds->units_failed = outs.units_failed;
	outputs_free(&outs);
	queue_mark(run->q, doc_end, ds);
}

int build_end(struct build_run *run)
{
	int oom;

	queue_finish(run->q);
	oom = queue_out_of_memory(run->q);
	queue_free(run->q);
	run->q = NULL;
	return oom ? EXIT_MEMORY : 0;
}

int build_files(struct session *s, char **files, size_t n, struct build_run *run, int jobs)
{
	const char *done = run->write ? "built" : "checked";
	char **bare = NULL;
	size_t nbare = 0, i;
	int ret;

	build_begin(run, jobs);
	progress_begin(n, s->verbosity);
	for (i = 0; i < n; i++) {
		progress_doc(files[i]);
		if (s->watch)
			watch_doc(s->watch, files[i]);
		/* plain Markdown: an appendix, once a dispatch has named it */
		if (read_has_frontmatter(files[i]) == 0) {
			bare = xrealloc(bare, (nbare + 1) * sizeof *bare);
			bare[nbare++] = files[i];
			continue;
		}
		build_doc(run, s, files[i], NULL);
	}
	if (s->watch)
		watch_doc(s->watch, NULL);
	/* Front matter without "loai:": built with the dispatch that names it,
	 * else the error, now that every dispatch has been read */
	s->kindless_final = 1;
	for (i = 0; i < s->nkindless; i++) {
		if (!is_named_appendix(s, s->kindless[i]))
			build_doc(run, s, s->kindless[i], NULL);
		free(s->kindless[i]);
	}
	s->nkindless = 0;
	s->kindless_final = 0;
	/* A plain Markdown file no dispatch names (notes, a README) is not
	 * built, with a warning; none when a document could not be read, which
	 * may be the one that names it. */
	for (i = 0; i < nbare; i++) {
		if (!run->unread && !is_named_appendix(s, bare[i])) {
			struct stat st;
			if (stat(bare[i], &st) == 0 && st.st_size == 0)
				diag_warning((struct pos){ bare[i], 1, 1 }, "the file is empty, so nothing is %s from "
					     "it; write a document in it (start from \"phat new cong-van\")", done);
			else
				diag_warning((struct pos){ bare[i], 1, 1 }, "this file is not %s: it has no front matter "
					     "(a first line \"---\", then \"loai: cong-van\" or another kind, the settings "
					     "and a closing \"---\"), and no dispatch names it under \"phu_luc:\" as an appendix",
					     done);
		}
	}
	free(bare);
	ret = build_end(run);
	progress_end();
	return ret;
}

int build_summary(const struct session *s, const struct build_run *run)
{
	const char *done = run->write ? "built" : "checked";

	if (run->failed) {
		fprintf(stderr, "phat: %d document%s not %s, %d %s\n", run->failed, run->failed > 1 ? "s" : "",
			done, run->built, done);
		return EXIT_CONTENT;
	}
	if (s->verbosity < VERBOSITY_NORMAL)
		return 0;
	if (run->write)
		printf("%d document%s built into %s\n", run->built, run->built == 1 ? "" : "s", run->outdir);
	else
		printf("%d document%s checked, no error\n", run->built, run->built == 1 ? "" : "s");
	fflush(stdout);
	return 0;
}

int build_jobs_default(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

void build_signals(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

/* phat: command line. Parses arguments and dispatches; the work is done
 * by the stages under src/. Exit status: 0 fine, 1 bad content, 2 bad usage. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cli/progress.h"
#include "cli/starter.h"
#include "cli/watch.h"
#include "font/font.h"
#include "kinds/kind.h"
#include "layout/box.h"
#include "model/doc.h"
#include "read/read.h"
#include "render/pdf.h"
#include "sign/sign.h"
#include "render/png.h"
#include "speak/speak.h"
#include "util/diag.h"
#include "util/util.h"
#include "util/utf8.h"

#define EXIT_CONTENT 1
#define EXIT_USAGE 2

static const char usage[] =
	"usage: phat build [-q|-v] [-o OUTDIR] [CONTENTDIR]\n"
	"                                             build every document (default content -> out)\n"
	"       phat render FILE.md [-q] [-o FILE.pdf] [--phone] [--tile a4]\n"
	"                                             build one document\n"
	"       phat check [-q|-v] [CONTENTDIR]       check every document, write nothing\n"
	"       phat watch [-q|-v] [-o OUTDIR] [CONTENTDIR]\n"
	"                                             build, then build again what each save changes\n"
	"       phat speak [FILE] [--mien-nam] [--tu-dien FILE]\n"
	"                                             write Vietnamese text as it is read aloud\n"
	"       phat new KIND [NAME]                  write a first document of a kind that builds as it is\n"
	"                                             (cong-van, bao-cao, to-roi, ap-phich, loa, phu-luc)\n"
	"       phat sign --as nguoi-ky|co-quan --image FILE.png [--p12 FILE] [--pkcs11 FILE.so] [--token LABEL] [--key LABEL] [--cert FILE] [--prepare] [--finish SIGNATURE] [--tsa URL] [--seal-mm MM] [--pss] [--appendix-of SO] [-o FILE.pdf] FILE.pdf\n"
	"                                             add a digital signature (phat sign --help)\n"
	"       phat verify FILE.pdf [--ca ROOT.pem]  check the signatures of a PDF\n"
	"       phat dump FILE.md                     print the laid-out boxes (for tests)\n"
	"       phat --help | --version\n";

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

struct session {
	struct fontset *fonts;
	const char *root;          /* the content folder */
	int building;              /* build/check: appendices are built with their dispatch */
	int verbosity;             /* enum verbosity: -q, default, -v */
	struct watch *watch;       /* phat watch: learns what each document reads */
	int phone;                 /* --phone */
	const char *tile;          /* --tile a4 */
	int errors_before;
	struct defaults_dir *dd;   /* phat.yaml of each folder seen, as read */
	size_t ndd;
	struct claim *claims;
	size_t nclaims;
	char **appendices;         /* real paths of the files named under phu_luc: */
	size_t nappendices;
};

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

/* Lays out one document into its outputs. Returns 0, -1 after an error,
 * or 1 for an appendix during a build (built with the dispatch that names it). */
static int doc_layout(struct session *s, const char *path, struct outputs *outs)
{
	struct doc *d = NULL;
	const struct kind *k;
	const struct meta *loai;
	const char **keys = NULL;
	struct kind_env env;
	struct meta *defaults = NULL;
	char *dir = path_dir(path);
	int ret = -1, bare, leftovers_before = read_markdown_leftovers();

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
	if (bare) {
		k = kind_find("phu-luc");
	} else if (!loai || loai->type != META_SCALAR || !*loai->value) {
		diag_error(d->own->pos, "the front matter needs \"loai:\", the kind of document "
			   "(cong-van for a dispatch)");
		goto out;
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
	if (k->layout(d, &env, outs) != 0 || diag_error_count() > s->errors_before)
		goto out;
	outputs_check_text(outs, path, read_markdown_leftovers() == leftovers_before);
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
	size_t i;

	for (i = 0; i < s->nclaims; i++)
		if (strcmp(s->claims[i].path, path) == 0) {
			if (strcmp(s->claims[i].source, source) == 0)
				return 0;
			diag_error(pos_file(source), "this document would write %s, which %s already writes; "
				   "rename one of the two files", path, s->claims[i].source);
			return -1;
		}
	s->claims = xrealloc(s->claims, (s->nclaims + 1) * sizeof *s->claims);
	s->claims[s->nclaims].path = xstrdup(path);
	s->claims[s->nclaims].source = xstrdup(source);
	s->nclaims++;
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

/* Builds path into its outputs. Returns 0, 1 for an appendix, -1 on error.
 * Nothing is written unless every output rendered. */
static int doc_build(struct session *s, const char *path, const char *outdir, const char *main_path,
		     int write)
{
	struct outputs outs = { 0 };
	struct buf *files = NULL;
	char *stem = NULL, *sub = NULL, **paths = NULL;
	size_t i;
	int r, ret = -1;

	s->errors_before = diag_error_count();
	r = doc_layout(s, path, &outs);
	if (r != 0) {
		ret = r;
		goto out;
	}
	stem = main_path ? path_stem(main_path) : path_stem(path);
	sub = sub_folder(s, path);
	files = xcalloc(outs.n ? outs.n : 1, sizeof *files);
	paths = xcalloc(outs.n ? outs.n : 1, sizeof *paths);
	for (i = 0; i < outs.n; i++)
		paths[i] = output_path(&outs.v[i], outdir, sub, stem, main_path);
	for (i = 0; i < outs.n; i++)
		if (claim_output(s, paths[i], path) != 0)
			goto out;
	for (i = 0; i < outs.n; i++) {
		buf_init(&files[i]);
		if (outs.v[i].ld) {
			r = pdf_render(outs.v[i].ld, s->fonts, paths[i], &files[i]);
			if (r == 0)
				r = sign_fields_add(outs.v[i].ld, &files[i], paths[i]);
		} else if (outs.v[i].png) {
			r = png_render(outs.v[i].png, outs.v[i].png_page, outs.v[i].png_width, s->fonts, paths[i],
				       &files[i]);
		} else {
			buf_adds(&files[i], outs.v[i].text ? outs.v[i].text : "");
			r = 0;
		}
		if (r != 0)
			goto out;
		progress_part(i + 1, outs.n);
	}
	for (i = 0; write && i < outs.n; i++) {
		char *dir = path_dir(paths[i]);
		if (sign_guard(paths[i]) != 0) {
			free(dir);
			goto out;
		}
		r = dir_make(dir) == 0 ? write_output(paths[i], &files[i]) : -1;
		if (r == 0 && s->verbosity >= VERBOSITY_FILES)
			printf("%s -> %s\n", path, paths[i]);
		else if (r != 0)
			diag_error(pos_file(paths[i]), "could not create the folder %s", dir);
		free(dir);
		if (r != 0)
			goto out;
	}
	ret = 0;
out:
	for (i = 0; files && i < outs.n; i++)
		buf_free(&files[i]);
	for (i = 0; paths && i < outs.n; i++)
		free(paths[i]);
	free(paths);
	free(files);
	free(stem);
	free(sub);
	outputs_free(&outs);
	return ret;
}

static int session_open(struct session *s, const char *root)
{
	memset(s, 0, sizeof *s);
	s->root = root;
	s->fonts = fontset_new(NULL);
	if (!s->fonts)
		return -1;
	return 0;
}

/* Forgets what the run has learnt about the folder (its phat.yaml files,
 * the outputs claimed, the appendices named): phat watch builds it all
 * again from scratch. */
static void session_forget(struct session *s)
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
	for (i = 0; i < s->nappendices; i++)
		free(s->appendices[i]);
	free(s->appendices);
	s->dd = NULL;
	s->claims = NULL;
	s->appendices = NULL;
	s->ndd = s->nclaims = s->nappendices = 0;
}

static void session_close(struct session *s)
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
static void collect_md(const char *dir, char ***v, size_t *n)
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
			collect_md(p, v, n);
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

/* What a build or check has done so far. */
struct build_run {
	const char *outdir;
	int write;                 /* build; 0 for check */
	int built, failed;
};

/* Builds files (Markdown files of the content folder, sorted) into
 * run->outdir, or only checks them, counting into run. A file without
 * front matter is an appendix once a document has named it, else an
 * error. Each failure is listed on stderr; the progress line shows the
 * rest. */
static void build_files(struct session *s, char **files, size_t n, struct build_run *run)
{
	const char *done = run->write ? "built" : "checked";
	char **bare = NULL;
	size_t nbare = 0, i;
	int failed_docs;


	progress_begin(n, s->verbosity);
	for (i = 0; i < n; i++) {
		int r;

		progress_doc(files[i]);
		if (s->watch)
			watch_doc(s->watch, files[i]);
		/* plain Markdown: an appendix, once a dispatch has named it */
		if (read_has_frontmatter(files[i]) == 0) {
			bare = xrealloc(bare, (nbare + 1) * sizeof *bare);
			bare[nbare++] = files[i];
			continue;
		}
		r = doc_build(s, files[i], run->outdir, NULL, run->write);
		if (r < 0) {
			run->failed++;
			progress_clear();
			fprintf(stderr, "phat: %s was not %s\n", files[i], done);
		} else if (r == 0) {
			run->built++;
			if (!run->write && s->verbosity >= VERBOSITY_FILES)
				printf("%s: checked, no error\n", files[i]);
		}
	}
	progress_end();
	if (s->watch)
		watch_doc(s->watch, NULL);
	/* A plain Markdown file no dispatch names (notes, a README) is not
	 * built, with a warning; none when a document could not be read, which
	 * may be the one that names it. */
	failed_docs = run->failed;
	for (i = 0; i < nbare; i++) {
		if (!failed_docs && !is_named_appendix(s, bare[i])) {
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
}

/* The last line of a build or check: what failed (stderr), else what was
 * done (stdout, unless -q). Returns the exit status. */
static int build_summary(const struct session *s, const struct build_run *run)
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

static void files_free(char **files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

/* phat watch: builds files, then what each save changes, until Ctrl-C.
 * Takes files. Returns 0. */
static int watch_loop(struct session *s, const struct build_run *start, char **files, size_t n)
{
	enum watch_event ev;
	int first = 1;

	do {
		struct build_run run = *start;

		diag_reset();   /* a message seen in the last round is news again */
		build_files(s, files, n, &run);
		build_summary(s, &run);
		files_free(files, n);
		if (first && s->verbosity >= VERBOSITY_NORMAL) {
			printf("phat: watching %s for changes (Ctrl-C to stop)\n", s->root);
			fflush(stdout);
		}
		first = 0;
		ev = watch_wait(s->watch, &files, &n);
		if (ev == WATCH_ALL) {
			session_forget(s);
			collect_md(s->root, &files, &n);
		}
	} while (ev != WATCH_STOP);
	return 0;
}

enum build_mode { MODE_CHECK, MODE_BUILD, MODE_WATCH };

static int not_markdown(const char *path);

/* phat check FILE.md: one document laid out and rendered, nothing written. */
static int check_one(const char *path, int verbosity)
{
	struct session s;
	char *root = read_content_root(path);
	int r, ret = EXIT_CONTENT;

	if (session_open(&s, root) != 0)
		goto out;
	s.verbosity = verbosity;
	r = doc_build(&s, path, ".", NULL, 0);
	if (r >= 0) {
		if (verbosity >= VERBOSITY_NORMAL)
			printf("%s: checked, no error\n", path);
		ret = 0;
	} else {
		fprintf(stderr, "phat: %s was not checked\n", path);
	}
out:
	session_close(&s);
	free(root);
	return ret;
}

static int cmd_build(int argc, char **argv, enum build_mode mode)
{
	const char *root = "content";
	int write = mode != MODE_CHECK;
	struct build_run run = { "out", write, 0, 0 };
	struct session s;
	char **files = NULL;
	size_t n = 0;
	int opt, verbosity = VERBOSITY_NORMAL, ret;
	struct stat sb;

	optind = 1;
	while ((opt = getopt(argc, argv, "o:qv")) != -1) {
		if (opt == 'o' && write)
			run.outdir = optarg;
		else if (opt == 'q')
			verbosity = VERBOSITY_QUIET, diag_show_from(DIAG_WARNING);
		else if (opt == 'v')
			verbosity = VERBOSITY_FILES;
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		root = argv[optind++];
	else if (stat(root, &sb) != 0 && access("phat.yaml", F_OK) == 0)
		root = ".";   /* no content/ here, but this folder is one (phat new made it) */
	if (optind < argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (stat(root, &sb) == 0 && S_ISREG(sb.st_mode)) {
		/* one document: check it, or say how to build it */
		if (not_markdown(root))
			return EXIT_USAGE;
		if (mode == MODE_CHECK)
			return check_one(root, verbosity);
		fprintf(stderr, "phat: error: \"%s\" is a document, not a folder; build it with: phat render %s\n",
			root, root);
		return EXIT_USAGE;
	}
	if (stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "phat: error: the content folder \"%s\" does not exist; give the folder of the "
			"documents (phat %s FOLDER, or phat %s . for this one)\n", root,
			mode == MODE_CHECK ? "check" : mode == MODE_WATCH ? "watch" : "build",
			mode == MODE_CHECK ? "check" : mode == MODE_WATCH ? "watch" : "build");
		return EXIT_USAGE;
	}
	if (session_open(&s, root) != 0) {
		session_close(&s);
		return EXIT_CONTENT;
	}
	s.building = 1;
	s.verbosity = verbosity;
	if (write && dir_make(run.outdir) != 0) {
		fprintf(stderr, "phat: error: cannot create the folder \"%s\": %s\n", run.outdir, strerror(errno));
		session_close(&s);
		return EXIT_USAGE;
	}
	if (mode == MODE_WATCH && !(s.watch = watch_new(root, run.outdir))) {
		session_close(&s);
		return EXIT_USAGE;
	}
	collect_md(root, &files, &n);
	if (mode == MODE_WATCH) {
		ret = watch_loop(&s, &run, files, n);
		watch_free(s.watch);
	} else {
		build_files(&s, files, n, &run);
		files_free(files, n);
		ret = build_summary(&s, &run);
	}
	session_close(&s);
	return ret;
}

/* A file that is not a document (phat.yaml, a CSV, a picture): say what
 * it is for. Returns 1 after the message, 0 for a .md file. */
static int not_markdown(const char *path)
{
	size_t l = strlen(path);
	const char *dot = strrchr(path, '.');

	if (l > 3 && strcasecmp(path + l - 3, ".md") == 0)
		return 0;
	if (dot && (!strcasecmp(dot, ".yaml") || !strcasecmp(dot, ".yml")))
		fprintf(stderr, "%s: error: this is a settings file, not a document; phat renders Markdown "
			"documents (.md), and every document of the folder reads it\n", path);
	else if (dot && !strcasecmp(dot, ".csv"))
		fprintf(stderr, "%s: error: this is a data file, not a document; a report or another document "
			"names it under \"so_lieu:\" (phat new bao-cao writes one)\n", path);
	else
		fprintf(stderr, "%s: error: phat renders Markdown documents (.md); this file is not one\n", path);
	return 1;
}

static int cmd_render(int argc, char **argv, int dump)
{
	const char *out = NULL, *in = NULL;
	char *dir = NULL, *def = NULL;
	struct session s;
	int opt, ret = EXIT_CONTENT;

	static const struct option longs[] = {
		{ "phone", no_argument, NULL, 'p' },
		{ "tile", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	int phone = 0, verbosity = VERBOSITY_FILES;
	const char *tile = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, dump ? "" : "o:q", longs, NULL)) != -1) {
		if (opt == 'o')
			out = optarg;
		else if (opt == 'q')
			verbosity = VERBOSITY_QUIET, diag_show_from(DIAG_WARNING);
		else if (opt == 'p')
			phone = 1;
		else if (opt == 't' && strcmp(optarg, "a4") == 0)
			tile = optarg;
		else {
			if (opt == 't')
				fprintf(stderr, "phat: error: --tile takes a4 (the paper the poster is split onto)\n");
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	in = argv[optind];
	if (access(in, R_OK) != 0) {
		fprintf(stderr, "%s: error: cannot read this file: %s\n", in, strerror(errno));
		return EXIT_USAGE;
	}
	if (not_markdown(in))
		return EXIT_USAGE;
	if (!out) {
		size_t l = strlen(in);
		def = l > 3 && strcmp(in + l - 3, ".md") == 0 ? xasprintf("%.*s.pdf", (int)(l - 3), in)
							      : xasprintf("%s.pdf", in);
		out = def;
	}
	dir = read_content_root(in);
	if (session_open(&s, dir) != 0)
		goto out;
	s.phone = phone;
	s.tile = tile;
	s.verbosity = verbosity;
	if (dump) {
		struct outputs outs = { 0 };
		size_t i;
		if (doc_layout(&s, in, &outs) == 0) {
			for (i = 0; i < outs.n; i++) {
				char *t = outs.v[i].ld ? layout_doc_dump(outs.v[i].ld)
					: outs.v[i].png ? xasprintf("picture of page %zu above\n", outs.v[i].png_page + 1)
					: xstrdup(outs.v[i].text);
				printf("== output %s%s%s\n", outs.v[i].dir, outs.v[i].suffix[0] ? outs.v[i].suffix : "(main)",
				       outs.v[i].ext);
				fputs(t, stdout);
				free(t);
			}
			ret = 0;
		}
		outputs_free(&outs);
	} else {
		char *odir = path_dir(out);
		int r = doc_build(&s, in, odir, out, 1);
		free(odir);
		ret = r == 0 ? 0 : EXIT_CONTENT;
	}
out:
	session_close(&s);
	free(dir);
	free(def);
	return ret;
}

int main(int argc, char **argv)
{
	const char *cmd;

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* a line at a time, so what phat says on both streams keeps its order
	 * in a log or a pipe as on a terminal */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("phat %s\n", PHAT_VERSION);
		return 0;
	}
	if (strcmp(cmd, "build") == 0)
		return cmd_build(argc - 1, argv + 1, MODE_BUILD);
	if (strcmp(cmd, "check") == 0)
		return cmd_build(argc - 1, argv + 1, MODE_CHECK);
	if (strcmp(cmd, "watch") == 0)
		return cmd_build(argc - 1, argv + 1, MODE_WATCH);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1, 0);
	if (strcmp(cmd, "speak") == 0)
		return speak_main(argc - 1, argv + 1);
	if (strcmp(cmd, "new") == 0) {
		if (argc < 3 || argc > 4 || argv[2][0] == '-') {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
		return starter_write(argv[2], argc == 4 ? argv[3] : NULL);
	}
	if (strcmp(cmd, "sign") == 0)
		return sign_main(argc - 1, argv + 1);
	if (strcmp(cmd, "verify") == 0)
		return verify_main(argc - 1, argv + 1);
	if (strcmp(cmd, "dump") == 0)
		return cmd_render(argc - 1, argv + 1, 1);
	fprintf(stderr, "phat: error: unknown command \"%s\"\n%s", cmd, usage);
	return EXIT_USAGE;
}

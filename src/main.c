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
#include "font/font.h"
#include "kinds/kind.h"
#include "layout/box.h"
#include "model/doc.h"
#include "read/read.h"
#include "render/pdf.h"
#include "speak/speak.h"
#include "util/diag.h"
#include "util/util.h"
#include "util/utf8.h"

#define EXIT_CONTENT 1
#define EXIT_USAGE 2

static const char usage[] =
	"usage: phat build [-o OUTDIR] [CONTENTDIR]   build every document (default content -> out)\n"
	"       phat render FILE.md [-o FILE.pdf] [--phone] [--tile a4]\n"
	"                                             build one document\n"
	"       phat check [CONTENTDIR]               check every document, write nothing\n"
	"       phat speak [FILE] [--mien-nam] [--tu-dien FILE]\n"
	"                                             write Vietnamese text as it is read aloud\n"
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

struct session {
	struct fontset *fonts;
	struct meta *defaults;
	const char *root;
	int phone;                 /* --phone */
	const char *tile;          /* --tile a4 */
	int errors_before;
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

/* Lays out one document into its outputs. Returns 0, -1 after an error,
 * or 1 for an appendix (built with the dispatch that names it). */
static int doc_layout(struct session *s, const char *path, struct outputs *outs)
{
	struct doc *d = NULL;
	const struct kind *k;
	const struct meta *loai;
	const char **keys = NULL;
	struct kind_env env;
	int ret = -1;

	d = read_doc(path, s->root, s->defaults);
	if (!d)
		goto out;
	loai = meta_get(d->own, "loai");
	if (!loai || loai->type != META_SCALAR || !*loai->value) {
		diag_error(d->own->pos, "the front matter needs \"loai:\", the kind of document "
			   "(cong-van for a dispatch)");
		goto out;
	}
	if (strcmp(loai->value, "phu-luc") == 0) {
		ret = 1;
		goto out;
	}
	k = kind_find(loai->value);
	if (!k) {
		struct buf names;
		size_t i;
		buf_init(&names);
		for (i = 0; kind_all[i]; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", kind_all[i]->name);
		diag_error(loai->pos, "\"loai: %s\" is not a kind of document phat knows; use one of: %s, phu-luc",
			   loai->value, buf_str(&names));
		buf_free(&names);
		goto out;
	}
	keys = kind_keys(k);
	if (meta_check_keys(d->own, keys))
		goto out;
	memset(&env, 0, sizeof env);
	env.m = fontset_measure(s->fonts);
	env.defaults = s->defaults;
	env.phone = s->phone;
	env.tile = s->tile;
	if (k->layout(d, &env, outs) != 0 || diag_error_count() > s->errors_before)
		goto out;
	ret = 0;
out:
	free(keys);
	doc_free(d);
	return ret;
}

/* Where an output goes: main_path for the main PDF when given (render -o),
 * else <outdir>/<dir><stem><suffix><ext>. Caller frees. */
static char *output_path(const struct output *o, const char *outdir, const char *stem,
			 const char *main_path)
{
	char *name, *ret;

	if (main_path && !*o->dir && !*o->suffix && strcmp(o->ext, ".pdf") == 0)
		return xstrdup(main_path);
	name = xasprintf("%s%s%s%s", o->dir, stem, o->suffix, o->ext);
	if (o->ascii_name) {
		char *f = utf8_ascii_fold(name);
		free(name);
		name = f;
	}
	ret = path_join(outdir, name);
	free(name);
	return ret;
}

/* Builds path into its outputs. Returns 0, 1 for an appendix, -1 on error.
 * Nothing is written unless every output rendered. */
static int doc_build(struct session *s, const char *path, const char *outdir, const char *main_path,
		     int write)
{
	struct outputs outs = { 0 };
	struct buf *files = NULL;
	char *stem = NULL;
	size_t i;
	int r, ret = -1;

	s->errors_before = diag_error_count();
	r = doc_layout(s, path, &outs);
	if (r != 0) {
		ret = r;
		goto out;
	}
	stem = main_path ? path_stem(main_path) : path_stem(path);
	files = xcalloc(outs.n ? outs.n : 1, sizeof *files);
	for (i = 0; i < outs.n; i++) {
		char *p = output_path(&outs.v[i], outdir, stem, main_path);
		buf_init(&files[i]);
		if (outs.v[i].ld) {
			r = pdf_render(outs.v[i].ld, s->fonts, p, &files[i]);
		} else {
			buf_adds(&files[i], outs.v[i].text ? outs.v[i].text : "");
			r = 0;
		}
		free(p);
		if (r != 0)
			goto out;
	}
	for (i = 0; write && i < outs.n; i++) {
		char *p = output_path(&outs.v[i], outdir, stem, main_path);
		char *dir = path_dir(p);
		r = dir_make(dir) == 0 ? write_output(p, &files[i]) : -1;
		if (r == 0)
			printf("%s -> %s\n", path, p);
		else
			diag_error(pos_file(p), "could not create the folder %s", dir);
		free(dir);
		free(p);
		if (r != 0)
			goto out;
	}
	ret = 0;
out:
	for (i = 0; files && i < outs.n; i++)
		buf_free(&files[i]);
	free(files);
	free(stem);
	outputs_free(&outs);
	return ret;
}

static struct meta *load_defaults(const char *dir)
{
	char *p = path_join(dir, "phat.yaml");
	struct meta *m = NULL;

	if (access(p, F_OK) == 0)
		m = read_yaml_file(p);
	free(p);
	return m;
}

static int session_open(struct session *s, const char *root)
{
	memset(s, 0, sizeof *s);
	s->root = root;
	s->fonts = fontset_new(NULL);
	if (!s->fonts)
		return -1;
	s->defaults = load_defaults(root);
	if (diag_error_count())
		return -1;
	return 0;
}

static void session_close(struct session *s)
{
	fontset_free(s->fonts);
	meta_free(s->defaults);
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
		} else if (l > 3 && strcmp(e->d_name + l - 3, ".md") == 0) {
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

static int cmd_build(int argc, char **argv, int write)
{
	const char *outdir = "out", *root = "content";
	struct session s;
	char **files = NULL;
	size_t n = 0, i;
	int failed = 0, built = 0, opt;
	struct stat sb;

	optind = 1;
	while ((opt = getopt(argc, argv, "o:")) != -1) {
		if (opt == 'o' && write)
			outdir = optarg;
		else {
			fputs(usage, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		root = argv[optind++];
	if (optind < argc) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "phat: error: the content folder \"%s\" does not exist\n", root);
		return EXIT_USAGE;
	}
	if (session_open(&s, root) != 0) {
		session_close(&s);
		return EXIT_CONTENT;
	}
	if (write && dir_make(outdir) != 0) {
		fprintf(stderr, "phat: error: cannot create the folder \"%s\": %s\n", outdir, strerror(errno));
		session_close(&s);
		return EXIT_USAGE;
	}
	collect_md(root, &files, &n);
	for (i = 0; i < n; i++) {
		int r = doc_build(&s, files[i], outdir, NULL, write);

		if (r < 0) {
			failed++;
			fprintf(stderr, "phat: %s was not built\n", files[i]);
		} else if (r == 0) {
			built++;
		}
		free(files[i]);
	}
	free(files);
	session_close(&s);
	if (failed) {
		fprintf(stderr, "phat: %d document%s not built, %d built\n", failed, failed > 1 ? "s" : "", built);
		return EXIT_CONTENT;
	}
	if (!write)
		printf("%d document%s checked, no error\n", built, built == 1 ? "" : "s");
	return 0;
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
	int phone = 0;
	const char *tile = NULL;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "o:", longs, NULL)) != -1) {
		if (opt == 'o' && !dump)
			out = optarg;
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
	if (!out) {
		size_t l = strlen(in);
		def = l > 3 && strcmp(in + l - 3, ".md") == 0 ? xasprintf("%.*s.pdf", (int)(l - 3), in)
							      : xasprintf("%s.pdf", in);
		out = def;
	}
	dir = path_dir(in);
	if (session_open(&s, dir) != 0)
		goto out;
	s.phone = phone;
	s.tile = tile;
	if (dump) {
		struct outputs outs = { 0 };
		size_t i;
		if (doc_layout(&s, in, &outs) == 0) {
			for (i = 0; i < outs.n; i++) {
				char *t = outs.v[i].ld ? layout_doc_dump(outs.v[i].ld) : xstrdup(outs.v[i].text);
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
		if (r == 1)
			fprintf(stderr, "%s: note: this is an appendix; render the dispatch that names it\n", in);
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
		return cmd_build(argc - 1, argv + 1, 1);
	if (strcmp(cmd, "check") == 0)
		return cmd_build(argc - 1, argv + 1, 0);
	if (strcmp(cmd, "render") == 0)
		return cmd_render(argc - 1, argv + 1, 0);
	if (strcmp(cmd, "speak") == 0)
		return speak_main(argc - 1, argv + 1);
	if (strcmp(cmd, "dump") == 0)
		return cmd_render(argc - 1, argv + 1, 1);
	fprintf(stderr, "phat: error: unknown command \"%s\"\n%s", cmd, usage);
	return EXIT_USAGE;
}

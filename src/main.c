/* phat: command line. Parses arguments and dispatches; the work is done
 * by the stages under src/. Exit status: 0 fine, 1 bad content, 2 bad usage. */
#include <dirent.h>
#include <errno.h>
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
#include "util/diag.h"
#include "util/util.h"

#define EXIT_CONTENT 1
#define EXIT_USAGE 2

static const char usage[] =
	"usage: phat build [-o OUTDIR] [CONTENTDIR]   build every document (default content -> out)\n"
	"       phat render FILE.md [-o FILE.pdf]     build one document\n"
	"       phat check [CONTENTDIR]               check every document, write nothing\n"
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

/* Lays out one document. Returns the layout (caller frees), NULL after an
 * error, or NULL with *skipped set for parts built with another document. */
static struct layout_doc *doc_layout(struct session *s, const char *path, int *skipped)
{
	struct doc *d = NULL;
	struct layout_doc *ld = NULL;
	const struct kind *k;
	const struct meta *loai;
	const char **keys = NULL;
	struct kind_env env;

	*skipped = 0;
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
		/* appendices are built with the dispatch that names them */
		*skipped = 1;
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
	env.m = fontset_measure(s->fonts);
	env.defaults = s->defaults;
	ld = k->layout(d, &env);
out:
	free(keys);
	doc_free(d);
	return ld;
}

static int doc_build(struct session *s, const char *path, const char *outpath, int write)
{
	struct layout_doc *ld;
	struct buf pdf;
	int skipped, ret = -1;

	buf_init(&pdf);
	ld = doc_layout(s, path, &skipped);
	if (!ld) {
		ret = skipped ? 1 : -1;
		goto out;
	}
	if (pdf_render(ld, s->fonts, outpath, &pdf) != 0)
		goto out;
	if (write && write_output(outpath, &pdf) != 0)
		goto out;
	ret = 0;
out:
	layout_doc_free(ld);
	buf_free(&pdf);
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
		char *stem = path_stem(files[i]);
		char *name = xasprintf("%s.pdf", stem);
		char *out = path_join(outdir, name);
		int r = doc_build(&s, files[i], out, write);

		if (r < 0) {
			failed++;
			fprintf(stderr, "phat: %s was not built\n", files[i]);
		} else if (r == 0) {
			built++;
			if (write)
				printf("%s -> %s\n", files[i], out);
		}
		free(stem);
		free(name);
		free(out);
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

	optind = 1;
	while ((opt = getopt(argc, argv, "o:")) != -1) {
		if (opt == 'o' && !dump)
			out = optarg;
		else {
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
	if (dump) {
		int skipped;
		struct layout_doc *ld = doc_layout(&s, in, &skipped);
		if (ld) {
			char *t = layout_doc_dump(ld);
			fputs(t, stdout);
			free(t);
			layout_doc_free(ld);
			ret = 0;
		}
	} else {
		int r = doc_build(&s, in, out, 1);
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
	if (strcmp(cmd, "dump") == 0)
		return cmd_render(argc - 1, argv + 1, 1);
	fprintf(stderr, "phat: error: unknown command \"%s\"\n%s", cmd, usage);
	return EXIT_USAGE;
}

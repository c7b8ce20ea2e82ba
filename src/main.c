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
#include "build/build.h"
#include "cli/progress.h"
#include "cli/starter.h"
#include "cli/watch.h"
#include "layout/box.h"
#include "read/read.h"
#include "sign/sign.h"
#include "render/png.h"
#include "speak/speak.h"
#include "util/diag.h"
#include "util/util.h"
#include "util/utf8.h"


static const char usage[] =
	"usage: phat build [-q|-v] [-j N] [-o OUTDIR] [CONTENTDIR]\n"
	"                                             build every document (default content -> out)\n"
	"       phat render FILE.md [-q|-v] [-o FILE.pdf] [--phone] [--tile a4]\n"
	"                                             build one document\n"
	"       phat check [-q|-v] [-j N] [CONTENTDIR | FILE.md]\n"
	"                                             check every document (or one), write nothing\n"
	"       phat watch [-q|-v] [-j N] [-o OUTDIR] [CONTENTDIR]\n"
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

/* -j N: a number of worker processes, 1 to 64. 0, or -1 after a message. */
static int parse_jobs(const char *arg, int *jobs)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 1 || v > 64) {
		fprintf(stderr, "phat: error: -j takes the number of files made at once, 1 to 64 (default: "
			"the number of processors, %d here)\n", build_jobs_default());
		return -1;
	}
	*jobs = (int)v;
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
static int watch_loop(struct session *s, const struct build_run *start, char **files, size_t n, int jobs)
{
	enum watch_event ev;
	int first = 1;

	do {
		struct build_run run = *start;

		diag_reset();   /* a message seen in the last round is news again */
		build_files(s, files, n, &run, jobs);
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
			build_collect(s->root, &files, &n);
		}
	} while (ev != WATCH_STOP);
	return 0;
}

enum build_mode { MODE_CHECK, MODE_BUILD, MODE_WATCH };

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

/* phat check FILE.md: one document laid out and rendered, nothing written. */
static int check_one(const char *path, int verbosity)
{
	struct session s;
	struct build_run run = { ".", 0, 0, 0, 0, NULL };
	char *root = read_content_root(path);
	int r, ret = EXIT_CONTENT;

	if (session_open(&s, root) != 0)
		goto out;
	s.verbosity = verbosity;
	build_begin(&run, 1);
	build_doc(&run, &s, path, NULL);
	r = build_end(&run);
	if (!r && !run.failed) {
		if (verbosity >= VERBOSITY_NORMAL)
			printf("%s: checked, no error\n", path);
		ret = 0;
	}
	/* otherwise the build has said "phat: FILE was not checked" */
out:
	session_close(&s);
	free(root);
	return ret;
}

static int cmd_build(int argc, char **argv, enum build_mode mode)
{
	const char *root = "content";
	int write = mode != MODE_CHECK;
	struct build_run run = { "out", write, 0, 0, 0, NULL };
	struct session s;
	char **files = NULL;
	size_t n = 0;
	int opt, verbosity = VERBOSITY_NORMAL, ret, jobs = build_jobs_default();
	struct stat sb;

	optind = 1;
	while ((opt = getopt(argc, argv, "o:qvj:")) != -1) {
		if (opt == 'o' && write)
			run.outdir = optarg;
		else if (opt == 'q')
			verbosity = VERBOSITY_QUIET, diag_show_from(DIAG_WARNING);
		else if (opt == 'v')
			verbosity = VERBOSITY_FILES;
		else if (opt == 'j') {
			if (parse_jobs(optarg, &jobs) != 0)
				return EXIT_USAGE;
		} else {
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
	build_collect(root, &files, &n);
	if (mode == MODE_WATCH) {
		ret = watch_loop(&s, &run, files, n, jobs);
		watch_free(s.watch);
	} else {
		ret = build_files(&s, files, n, &run, jobs);
		files_free(files, n);
		if (ret == 0)
			ret = build_summary(&s, &run);
		else
			build_summary(&s, &run);
	}
	session_close(&s);
	return ret;
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
	while ((opt = getopt_long(argc, argv, dump ? "" : "o:qv", longs, NULL)) != -1) {
		if (opt == 'o')
			out = optarg;
		else if (opt == 'q')
			verbosity = VERBOSITY_QUIET, diag_show_from(DIAG_WARNING);
		else if (opt == 'v')
			verbosity = VERBOSITY_FILES;   /* a file's line is said anyway: as build -v */
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
		int e = errno;
		const char *slash = strrchr(in, '/');
		char *dir = slash ? xstrndup(in, (size_t)(slash - in) + 1) : xstrdup("./");
		char *near = e == ENOENT ? read_path_nearest(dir, slash ? slash + 1 : in) : NULL;

		if (near)
			fprintf(stderr, "%s: error: cannot read this file: %s; did you mean %s%s?\n", in, strerror(e),
				slash ? dir : "", near);
		else
			fprintf(stderr, "%s: error: cannot read this file: %s\n", in, strerror(e));
		free(near);
		free(dir);
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
		struct build_run run = { NULL, 1, 0, 0, 0, NULL };
		char *odir = path_dir(out);
		int r;

		run.outdir = odir;
		build_begin(&run, 1);
		build_doc(&run, &s, in, out);
		r = build_end(&run);
		free(odir);
		ret = r ? r : run.failed ? EXIT_CONTENT : 0;
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

	build_signals();
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
	{
		static const char *const cmds[] = { "build", "render", "check", "watch", "speak", "new", "sign",
						    "verify", "dump", NULL };
		const char *near = NULL;
		size_t i, best = 3, d;

		for (i = 0; cmds[i]; i++)
			if ((d = str_distance(cmd, cmds[i])) < best)
				best = d, near = cmds[i];
		if (near)
			fprintf(stderr, "phat: error: unknown command \"%s\"; did you mean \"phat %s\"?\n%s", cmd, near,
				usage);
		else
			fprintf(stderr, "phat: error: unknown command \"%s\"\n%s", cmd, usage);
	}
	return EXIT_USAGE;
}

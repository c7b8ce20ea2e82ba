/* `phat speak [FILE] [--mien-nam] [--tu-dien FILE]`: text as it is read
 * over the loudspeaker, one line out for each line in.
 *
 * The lexicon is the built-in one, extended by every tu-dien-loa.txt from
 * the content folder (the outermost folder above FILE with a phat.yaml)
 * down to FILE's own folder, the nearer one winning; never one in the
 * working directory, which has nothing to do with the document. A
 * front matter's "tu_dien:" names another file instead (relative to FILE),
 * as --tu-dien does on the command line; "mien: nam" reads the southern
 * way. The front matter itself is not read aloud, and a Markdown heading's
 * "#" marks are dropped. Standard input gets the built-in lexicon. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "../read/read.h"
#include "../util/diag.h"

#define MAX_INPUT (256u << 20)

static const char speak_usage[] =
	"usage: phat speak [FILE] [--mien-nam] [--tu-dien FILE]\n"
	"  writes FILE (or standard input) as it is to be read over the loudspeaker,\n"
	"  one line for each line; --mien-nam reads \"lẻ\", \"ngàn\"; --tu-dien adds that\n"
	"  lexicon to the built-in one (default: the " SPEAK_LEXICON_NAME " files beside FILE,\n"
	"  up to its content folder)\n";

static char *read_stdin(size_t *len)
{
	struct buf b;
	char chunk[65536], *p;
	size_t n;

	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (b.len + n > MAX_INPUT) {
			buf_free(&b);
			errno = EFBIG;
			return NULL;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(stdin)) {
		buf_free(&b);
		return NULL;
	}
	*len = b.len;
	p = buf_take(&b);
	return p ? p : xstrdup("");
}

/* The line at p is "---" (or "..." when closing), blanks after it allowed. */
static int fence_at(const char *p, int closing)
{
	size_t n = strcspn(p, "\n");

	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
		n--;
	return n == 3 && (!memcmp(p, "---", 3) || (closing && !memcmp(p, "...", 3)));
}

/* The number of the first line after the front matter of text (0 when it
 * has none); *yaml and *ylen the YAML between the fences. */
static int front_matter(const char *text, const char **yaml, size_t *ylen)
{
	const char *p;
	int line;

	if (!fence_at(text, 0) || !(p = strchr(text, '\n')))
		return 0;
	*yaml = ++p;
	for (line = 2; *p; line++) {
		if (fence_at(p, 1)) {
			*ylen = (size_t)(p - *yaml);
			return line + 1;
		}
		if (!(p = strchr(p, '\n')))
			break;
		p++;
	}
	return 0;
}

/* The settings of the front matter that concern reading: tu_dien and
 * mien. Returns 0, or -1 after diag_error. */
static int settings(struct speak *sp, const char *text, const char *name, int *body, int *lexicon_named)
{
	const char *yaml = NULL;
	size_t ylen = 0;
	struct meta *m;
	const struct meta *v;
	int ret = 0;

	*body = front_matter(text, &yaml, &ylen);
	if (!*body)
		return 0;
	m = read_frontmatter(yaml, ylen, name, 2);
	if (!m)
		return -1;
	if ((v = meta_get(m, "mien")) && v->type == META_SCALAR && !strcmp(v->value, "nam"))
		sp->southern = 1;
	if ((v = meta_get(m, "tu_dien")) && v->type == META_SCALAR && *v->value) {
		char *dir = path_dir(name), *p = path_join(dir, v->value);
		if (access(p, R_OK) != 0) {
			diag_error(v->pos, "the lexicon \"%s\" named here cannot be read (%s); put it beside the "
				   "document or correct the name", v->value, strerror(errno));
			ret = -1;
		} else if (speak_lexicon_load(sp, p) != 0) {
			ret = -1;
		}
		*lexicon_named = 1;
		free(dir);
		free(p);
	}
	meta_free(m);
	return ret;
}

/* A Markdown heading's "## " marks are not read. */
static char *unmark(char *line)
{
	char *p = line;

	while (*p == '#')
		p++;
	if (p > line && p - line <= 6 && (*p == ' ' || *p == '\t'))
		return p + 1;
	return line;
}

int speak_main(int argc, char **argv)
{
	const char *in = NULL, *lex = NULL, *name;
	struct speak *sp = NULL;
	char *raw = NULL, *text = NULL, *line, *next, *dir = NULL, *root = NULL;
	size_t len = 0;
	int southern = 0, ret = 2, i, lineno = 0, failed = 0, body = 0, named = 0;
	FILE *f;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--mien-nam") == 0) {
			southern = 1;
		} else if (strcmp(a, "--tu-dien") == 0) {
			if (++i >= argc)
				goto usage;
			lex = argv[i];
		} else if (strncmp(a, "--tu-dien=", 10) == 0) {
			lex = a + 10;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(speak_usage, stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "phat speak: unknown option \"%s\"\n", a);
			goto usage;
		} else if (in) {
			goto usage;
		} else {
			in = a;
		}
	}
	sp = speak_new(southern);
	if (lex && (f = fopen(lex, "r")) == NULL) {
		fprintf(stderr, "phat: error: cannot read the lexicon \"%s\": %s\n", lex, strerror(errno));
		goto out;
	} else if (lex) {
		fclose(f);
	}
	if (!in || strcmp(in, "-") == 0) {
		name = "<stdin>";
		raw = read_stdin(&len);
	} else {
		name = in;
		raw = file_read(in, MAX_INPUT, &len);
	}
	if (!raw) {
		fprintf(stderr, "phat: error: cannot read \"%s\": %s\n", name, strerror(errno));
		goto out;
	}
	ret = 1;
	text = read_decode(raw, len, name, "save the file as UTF-8", &len);
	if (!text)
		goto out;
	if (lex && speak_lexicon_load(sp, lex) != 0)
		goto out;
	if (settings(sp, text, name, &body, &named) != 0)
		goto out;
	if (southern)
		sp->southern = 1;
	if (in && !lex && !named) {
		dir = path_dir(in);
		root = read_content_root(in);
		if (speak_lexicon_beside(sp, dir, root) != 0)
			goto out;
	}
	for (line = text; line && *line; line = next) {
		char *s;
		size_t ll;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (++lineno < body)
			continue;   /* the front matter is not read aloud */
		ll = strlen(line);
		if (ll > 0 && line[ll - 1] == '\r')
			line[ll - 1] = '\0';
		s = speak_text(sp, unmark(line), (struct pos){ name, lineno, 1 });
		if (!s) {
			failed = 1;
			s = xstrdup(line);
		}
		fputs(s, stdout);
		putchar('\n');
		free(s);
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "phat: error: cannot write the output: %s\n", strerror(errno));
		goto out;
	}
	ret = failed ? 1 : 0;
out:
	free(raw);
	free(text);
	free(dir);
	free(root);
	speak_free(sp);
	return ret;
usage:
	fputs(speak_usage, stderr);
	return 2;
}

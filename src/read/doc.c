/* Whole source files: size limit, encoding check, NFC, the "---" fences
 * around the front matter, then the YAML and Markdown readers. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "read.h"
#include "../util/utf8.h"
#include "../util/util.h"

/* File names in positions are borrowed by every node and message; keep
 * one copy of each for the whole run so no position ever dangles (a run
 * reads a few dozen files at most). */
struct interned {
	struct interned *next;
	char name[];
};
static struct interned *interned;

static const char *intern(const char *s)
{
	struct interned *i;
	size_t n = strlen(s);

	for (i = interned; i; i = i->next)
		if (strcmp(i->name, s) == 0)
			return i->name;
	i = xmalloc(sizeof *i + n + 1);
	memcpy(i->name, s, n + 1);
	i->next = interned;
	interned = i;
	return i->name;
}

/* Reads path, checks its size and encoding and returns its text in NFC
 * (BOM removed; caller frees), or NULL after reporting. */
static char *read_text(const char *path, const char *file, size_t *len)
{
	char *raw, *ret = NULL;
	size_t n;

	raw = file_read(path, READ_MAX_FILE, &n);
	if (!raw) {
		struct stat st;

		if (errno == EFBIG && stat(path, &st) == 0)
			diag_error(pos_file(file), "the file is %lld MB; phat reads files up to %u MB",
			           ((long long)st.st_size + (1 << 20) - 1) >> 20, READ_MAX_FILE >> 20);
		else if (errno == EFBIG)
			diag_error(pos_file(file), "the file is larger than %u MB, the most phat reads",
			           READ_MAX_FILE >> 20);
		else
			diag_error(pos_file(file), "cannot read this file: %s", strerror(errno));
		return NULL;
	}
	ret = read_decode(raw, n, file, "save it as UTF-8 (Unicode) and try again", len);
	free(raw);
	return ret;
}

/* A file of nothing but white space: say so, rather than "must start with
 * ---". Returns 1 after reporting, else 0. */
static int empty_text(const char *s, const char *end, const char *file, int line)
{
	const char *p;

	for (p = s; p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'); p++)
		;
	if (p < end)
		return 0;
	diag_error((struct pos){ file, line, 1 }, "the file is empty; write the document in it (see README.md, "
		   "or start from \"phat new cong-van\")");
	return 1;
}

/* Length of the line at s (without its newline) once trailing spaces
 * and a Windows "\r" are ignored. */
static size_t line_len(const char *s, const char *end, const char **next)
{
	const char *e = memchr(s, '\n', (size_t)(end - s));
	size_t n;

	*next = e ? e + 1 : end;
	n = (size_t)((e ? e : end) - s);
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

static int is_fence(const char *s, size_t n, int closing)
{
	return n == 3 && (memcmp(s, "---", 3) == 0 || (closing && memcmp(s, "...", 3) == 0));
}

/* Lines break only at spaces: a "word" longer than this cannot fit any
 * page and, past 65,535 bytes, makes libharu fail; refuse it by name. */
#define READ_MAX_WORD 10000

/* Reports the first run of more than READ_MAX_WORD characters without a
 * space in s[0..n), whose first line is line first_line.
 * Returns -1 after reporting, else 0. Front matter too: its values are
 * printed (trích yếu, names). */
static int check_words(const char *file, const char *s, size_t n, int first_line)
{
	size_t i, run = 0;
	int line = first_line, col = 1, wline = 0, wcol = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			run = 0;
		} else if ((c & 0xC0) != 0x80) {
			if (run++ == 0)
				wline = line, wcol = col;
			if (run > READ_MAX_WORD) {
				diag_error((struct pos){ file, wline, wcol },
					   "the text starting here runs for more than %d characters without a space; "
					   "lines break only at spaces: put spaces in it (write a long link as "
					   "[words](link))", READ_MAX_WORD);
				return -1;
			}
		}
		if (c == '\n')
			line++, col = 1;
		else if ((c & 0xC0) != 0x80)
			col++;
	}
	return 0;
}

/* The whole of read_doc and read_appendix: bare says a file without front
 * matter is all body (an appendix written as plain Markdown). */
static struct doc *read_doc_opt(const char *path, const char *root, const struct meta *defaults, int bare)
{
	struct doc *d = NULL;
	const char *file = intern(path);
	char *text = NULL;
	const char *end, *p, *next, *yaml, *body = NULL;
	size_t len = 0, n;
	int line = 1, yaml_end_line = 0, ok = 1;
	struct meta *own = NULL;
	struct node *tree = NULL;

	if (!(text = read_text(path, file, &len)) || check_words(file, text, len, 1) != 0)
		goto out;
	end = text + len;
	n = line_len(text, end, &next);
	if (!is_fence(text, n, 0) && bare) {
		if (empty_text(text, end, file, 1))
			goto out;
		own = meta_new(META_MAP, (struct pos){ file, 1, 1 });
		body = text;
		yaml_end_line = 0;
		goto body;
	}
	if (!is_fence(text, n, 0)) {
		if (empty_text(text, end, file, 1))
			goto out;
		diag_error((struct pos){ file, 1, 1 },
		           "the file must start with a line \"---\" and a \"loai:\" line (for example \"loai: cong-van\"), then the other settings and a closing \"---\" line");
		goto out;
	}
	yaml = p = next;
	for (line = 2; p < end; line++, p = next) {
		n = line_len(p, end, &next);
		if (is_fence(p, n, 1)) {
			yaml_end_line = line;
			body = next;
			break;
		}
	}
	if (!body) {
		diag_error((struct pos){ file, 1, 1 },
		           "the front matter that starts here has no closing \"---\" line; put one after the settings");
		goto out;
	}
	own = read_frontmatter(yaml, (size_t)(p - yaml), file, 2);
	if (!own)
		ok = 0;
	for (p = body; p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'); p++)
		;
	if (p == end) {
		diag_error((struct pos){ file, yaml_end_line, 1 },
		           "the document has no text after its front matter; write the text below this \"---\" line");
		goto out;
	}
body:
	/* Read the body even when the front matter failed: the clerk gets
	 * every message in one run. */
	tree = read_markdown(body, (size_t)(end - body), file, yaml_end_line + 1);
	if (!tree || !ok)
		goto out;
	d = xcalloc(1, sizeof *d);
	d->path = xstrdup(path);
	d->dir = path_dir(path);
	d->root = xstrdup(root ? root : d->dir);
	d->own = own;
	d->meta = meta_merge(defaults, own);
	d->body = tree;
	d->body_pos = (struct pos){ file, yaml_end_line + 1, 1 };
	own = NULL;
	tree = NULL;
out:
	meta_free(own);
	node_free(tree);
	free(text);
	return d;
}

struct doc *read_doc(const char *path, const char *root, const struct meta *defaults)
{
	return read_doc_opt(path, root, defaults, 0);
}

struct doc *read_appendix(const char *path, const char *root, const struct meta *defaults)
{
	return read_doc_opt(path, root, defaults, 1);
}

int read_has_frontmatter(const char *path)
{
	char head[16];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return -1;
	n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		return n >= 6 && memcmp(head + 3, "---", 3) == 0;
	if (n >= 8 && memcmp(head, "\xFF\xFE", 2) == 0)
		return memcmp(head + 2, "-\0-\0-\0", 6) == 0;
	if (n >= 8 && memcmp(head, "\xFE\xFF", 2) == 0)
		return memcmp(head + 2, "\0-\0-\0-", 6) == 0;
	return n >= 3 && memcmp(head, "---", 3) == 0;
}

struct meta *read_yaml_file(const char *path)
{
	const char *file = intern(path);
	char *text;
	size_t len = 0;
	struct meta *m;

	if (!(text = read_text(path, file, &len)))
		return NULL;
	if (check_words(file, text, len, 1) != 0) {
		free(text);
		return NULL;
	}
	m = read_frontmatter(text, len, file, 1);
	free(text);
	return m;
}

/* The entry of folder dir that is name in another Unicode form (a Mac or a
 * zip file keeps names decomposed: "ảnh" as a + ̉ ) or, failing that, in
 * other capitals (a name typed on Windows, where case does not count);
 * *other_case says which. Returns the entry's name (caller frees) or NULL. */
static char *find_entry(const char *dir, const char *name, int *other_case)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char *want = utf8_nfc(name, strlen(name)), *want_low = utf8_lower(want), *found = NULL;

	*other_case = 0;
	while (dp && (e = readdir(dp))) {
		char *have, *have_low;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    utf8_check(e->d_name, strlen(e->d_name), NULL, NULL) != 0)
			continue;
		have = utf8_nfc(e->d_name, strlen(e->d_name));
		have_low = utf8_lower(have);
		if (!strcmp(have, want)) {
			free(found);
			found = xstrdup(e->d_name);
			*other_case = 0;
			free(have);
			free(have_low);
			break;
		}
		if (!found && !strcmp(have_low, want_low)) {
			found = xstrdup(e->d_name);
			*other_case = 1;
		}
		free(have);
		free(have_low);
	}
	if (dp)
		closedir(dp);
	free(want);
	free(want_low);
	return found;
}

/* dir/name as it is on disk, each part of name found whatever its Unicode
 * form or capitals ("\\" taken as "/", as Windows writes it). Returns the
 * path (caller frees) or NULL; *other_case is set when capitals differ. */
static char *find_on_disk(const char *dir, const char *name, int *other_case)
{
	char *copy = xstrdup(name), *part, *save = NULL, *cur = xstrdup(dir), *p;

	*other_case = 0;
	for (p = copy; *p; p++)
		if (*p == '\\')
			*p = '/';
	for (part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		char *next = path_join(cur, part), *entry;
		struct stat st;
		int oc;

		if (strcmp(part, ".") == 0 || strcmp(part, "..") == 0 || lstat(next, &st) == 0) {
			free(cur);
			cur = next;
			continue;
		}
		free(next);
		if (!(entry = find_entry(cur, part, &oc))) {
			free(cur);
			cur = NULL;
			break;
		}
		*other_case |= oc;
		next = path_join(cur, entry);
		free(entry);
		free(cur);
		cur = next;
	}
	free(copy);
	return cur;
}

char *read_path_find(const char *dir, const char *name)
{
	int other_case;
	char *joined = path_join(dir, name), *found;

	if (access(joined, F_OK) == 0)
		return joined;
	free(joined);
	found = find_on_disk(dir, name, &other_case);
	if (found && access(found, F_OK) != 0) {
		free(found);
		found = NULL;
	}
	return found;
}

/* name with its %XX escapes decoded ("Ảnh%20mẫu.jpg", as Markdown editors
 * write a name with spaces), or NULL when it has none. Caller frees. */
static char *percent_decoded(const char *name)
{
	struct buf b;
	const char *p;
	int any = 0;

	if (!strchr(name, '%'))
		return NULL;
	buf_init(&b);
	for (p = name; *p; p++) {
		if (p[0] == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char hex[3] = { p[1], p[2], 0 };
			buf_addc(&b, (char)strtol(hex, NULL, 16));
			p += 2;
			any = 1;
		} else {
			buf_addc(&b, *p);
		}
	}
	if (!any || utf8_check(buf_str(&b), b.len, NULL, NULL) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* dir/name if it is there, found whatever the Unicode form or capitals of
 * its parts; *other_case says the capitals differ. NULL when it is not. */
static char *locate(const char *dir, const char *name, int *other_case)
{
	char *joined = path_join(dir, name), *found;
	struct stat st;

	*other_case = 0;
	if (stat(joined, &st) == 0)
		return joined;
	free(joined);
	found = find_on_disk(dir, name, other_case);
	if (found && stat(found, &st) != 0) {
		free(found);
		found = NULL;
	}
	return found;
}

char *read_path_nearest(const char *dir, const char *name)
{
	const char *slash = strrchr(name, '/'), *base = slash ? slash + 1 : name;
	char *sub = slash ? xstrndup(name, (size_t)(slash - name)) : xstrdup(""), *where, *best = NULL;
	char *want = utf8_lower(base), *want_stem;
	size_t best_d = (size_t)-1, wl = strlen(want);
	DIR *dp;
	struct dirent *e;

	where = *sub ? path_join(dir, sub) : xstrdup(dir);
	want_stem = xstrndup(want, strrchr(want, '.') ? (size_t)(strrchr(want, '.') - want) : wl);
	dp = opendir(where);
	while (dp && (e = readdir(dp))) {
		char *have, *stem;
		const char *dot;
		size_t dist, hl;

		if (e->d_name[0] == '.')
			continue;
		have = utf8_lower(e->d_name);
		hl = strlen(have);
		dot = strrchr(have, '.');
		stem = xstrndup(have, dot ? (size_t)(dot - have) : hl);
		dist = str_distance(want, have);
		if (!strcmp(stem, want) || (*want_stem && strlen(want_stem) >= 4 && strlen(stem) >= 4 &&
					    (strstr(want_stem, stem) || strstr(stem, want_stem))))
			dist = 1;   /* the extension left out, or words added */
		if (dist < best_d && dist <= (wl > 8 ? 3 : 2)) {
			best_d = dist;
			free(best);
			best = *sub ? path_join(sub, e->d_name) : xstrdup(e->d_name);
		}
		free(stem);
		free(have);
	}
	if (dp)
		closedir(dp);
	free(where);
	free(sub);
	free(want);
	free(want_stem);
	return best;
}

char *read_path_inside(const struct doc *d, const char *name, const char *what, const char *example,
		       struct pos at)
{
	char *joined = NULL, *real = NULL, *root = NULL, *ret = NULL, *decoded = NULL;
	const char *names[2], *dirs[2], *in = NULL;
	size_t rl, i, k;
	int other_case = 0;

	if (!*name || name[0] == '/' || strstr(name, "://") || (isalpha((unsigned char)name[0]) && name[1] == ':')) {
		diag_error(at, "the %s \"%s\" must be a file in the content folder, named relative to "
			   "this document (e.g. %s)", what, name, example);
		goto out;
	}
	/* relative to the document, as the README says; else to the content
	 * folder (a report in 2025-09/ naming so-lieu/2025-09.csv); the name as
	 * typed, else with its %20s decoded */
	decoded = percent_decoded(name);
	names[0] = name;
	names[1] = decoded;
	dirs[0] = d->dir;
	dirs[1] = d->root && strcmp(d->root, d->dir) ? d->root : NULL;
	for (i = 0; i < 2 && !joined; i++)
		for (k = 0; k < 2 && !joined; k++)
			if (dirs[i] && names[k] && (joined = locate(dirs[i], names[k], &other_case)))
				in = dirs[i];
	if (!joined) {
		char *near = NULL, *also = dirs[1] ? path_join(dirs[1], name) : NULL;

		joined = path_join(d->dir, name);
		file_note(joined);   /* phat watch builds again when it appears */
		for (i = 0; i < 2 && !near; i++)
			if (dirs[i])
				near = read_path_nearest(dirs[i], name);
		if (near)
			diag_error(at, "the %s \"%s\" was not found (looked for %s%s%s); did you mean \"%s\"?",
				   what, name, joined, also ? " and " : "", also ? also : "", near);
		else
			diag_error(at, "the %s \"%s\" was not found (looked for %s%s%s)", what, name, joined,
				   also ? " and " : "", also ? also : "");
		free(near);
		free(also);
		goto out;
	}
	if (other_case)
		diag_warning(at, "the %s \"%s\" is named with other capitals on disk (%s); phat used it, but "
			     "write the name as it is", what, name,
			     joined + strlen(in) + (in[strlen(in) - 1] == '/' ? 0 : 1));
	real = realpath(joined, NULL);
	root = realpath(d->root ? d->root : d->dir, NULL);
	rl = root ? strlen(root) : 0;
	if (!real || !root || strncmp(real, root, rl) != 0 || (real[rl] != '/' && real[rl] != '\0')) {
		diag_error(at, "the %s \"%s\" is outside the content folder; copy it into the content "
			   "folder and name it from there", what, name);
		goto out;
	}
	/* "./2025-09/../so-lieu/2025-09.csv" as "./so-lieu/2025-09.csv" in
	 * messages, when it is the same file (a linked folder's ".." is not) */
	{
		char *tidy = path_tidy(joined);
		struct stat st_tidy, st_joined;

		if (strcmp(tidy, joined) && stat(tidy, &st_tidy) == 0 && stat(joined, &st_joined) == 0 &&
		    st_tidy.st_dev == st_joined.st_dev && st_tidy.st_ino == st_joined.st_ino) {
			free(joined);
			joined = tidy;
		} else {
			free(tidy);
		}
	}
	ret = joined;
	joined = NULL;
out:
	free(joined);
	free(real);
	free(root);
	free(decoded);
	return ret;
}

/* See read.h. */
char *read_content_root(const char *file)
{
	char *dir = path_dir(file), *cur = realpath(dir, NULL), *best = NULL;
	int level;

	for (level = 0; cur && level < 16; level++) {
		char *p = path_join(cur, "phat.yaml"), *up;

		if (access(p, F_OK) == 0) {
			free(best);
			best = xstrdup(cur);
		}
		free(p);
		if (strcmp(cur, "/") == 0)
			break;
		up = path_dir(cur);
		free(cur);
		cur = up;
	}
	free(cur);
	if (!best)
		return dir;
	/* keep the caller's spelling of the path where the root is its own folder */
	{
		char *real = realpath(dir, NULL);
		int same = real && strcmp(real, best) == 0;
		free(real);
		if (same) {
			free(best);
			return dir;
		}
	}
	free(dir);
	return best;
}

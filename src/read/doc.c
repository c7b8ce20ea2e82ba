/* Whole source files: size limit, encoding check, NFC, the "---" fences
 * around the front matter, then the YAML and Markdown readers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Bytes that are not part of UTF-8 sequences: several of them in mostly
 * ASCII text is the mark of the old 8-bit Vietnamese encodings. A rough
 * count (overlong forms pass) is enough for a hint; stops at limit. */
static size_t count_bad(const char *str, size_t n, size_t limit)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, bad = 0, k, len;

	while (i < n && bad < limit) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		len = s[i] >= 0xC2 && s[i] <= 0xDF ? 2 : s[i] >= 0xE0 && s[i] <= 0xEF ? 3 :
		      s[i] >= 0xF0 && s[i] <= 0xF4 ? 4 : 0;
		for (k = 1; len && k < len; k++)
			if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
				len = 0;
		if (len) {
			i += len;
		} else {
			bad++;
			i++;
		}
	}
	return bad;
}

/* The byte offset of a 1-based line and character column. */
static size_t offset_of(const char *s, size_t n, int line, int col)
{
	size_t j = 0;
	int l = 1, c = 1;
	uint32_t cp;

	while (j < n && !(l == line && c == col)) {
		if (s[j] == '\n')
			l++, c = 1, j++;
		else
			c++, j += (size_t)utf8_decode(s + j, &cp);
	}
	return j < n ? j : n - 1;
}

/* Reads path, checks its size and encoding and returns its text in NFC
 * (BOM removed; caller frees), or NULL after reporting. */
static char *read_text(const char *path, const char *file, size_t *len)
{
	char *raw, *ret = NULL;
	const char *s;
	size_t n;
	int line, col;

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
	s = raw;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	if (n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
		diag_error((struct pos){ file, 1, 1 },
		           "this file is saved as UTF-16 (\"Unicode\" in Notepad); save it as UTF-8 and try again");
		goto out;
	}
	if (utf8_check(s, n, &line, &col) != 0) {
		size_t off = offset_of(s, n, line, col);

		diag_error((struct pos){ file, line, col },
		           "this file is not valid UTF-8 text (byte 0x%02X); save it as UTF-8 (Unicode) and try again",
		           (unsigned char)s[off]);
		if (count_bad(s, n, 3) >= 3)
			diag_report(DIAG_NOTE, (struct pos){ file, line, col },
			            "the text looks like an old Vietnamese encoding (TCVN3/ABC or VNI); convert it to Unicode first, for example with the converter of UniKey");
		goto out;
	}
	ret = utf8_nfc(s, n);
	*len = strlen(ret);
out:
	free(raw);
	return ret;
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

struct doc *read_doc(const char *path, const char *root, const struct meta *defaults)
{
	struct doc *d = NULL;
	const char *file = intern(path);
	char *text = NULL;
	const char *end, *p, *next, *yaml, *body = NULL;
	size_t len = 0, n;
	int line = 1, yaml_end_line = 0, ok = 1;
	struct meta *own = NULL;
	struct node *tree = NULL;

	if (!(text = read_text(path, file, &len)))
		goto out;
	end = text + len;
	n = line_len(text, end, &next);
	if (!is_fence(text, n, 0)) {
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

struct meta *read_yaml_file(const char *path)
{
	const char *file = intern(path);
	char *text;
	size_t len = 0;
	struct meta *m;

	if (!(text = read_text(path, file, &len)))
		return NULL;
	m = read_frontmatter(text, len, file, 1);
	free(text);
	return m;
}

/* Whole source files: size limit, encoding check, NFC, the "---" fences
 * around the front matter, then the YAML and Markdown readers. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
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

/* ---- Old 8-bit Vietnamese encodings ----
 * Text typed with the .VnTime (TCVN3, "ABC") or VNI-Times fonts is still
 * common in copies from old Word files. Saved as bytes it is not UTF-8;
 * copied through Word it becomes valid UTF-8 made of Latin-1 letters
 * ("ViÖt Nam", "Vieät Nam"). Either way the letters are wrong: find it and
 * name the encoding, so the clerk knows what to pick in the converter.
 * Each character is seen as a code point: a byte that is not UTF-8 stands
 * for itself (ISO 8859-1), which is how both encodings read. */

/* Letters written only in Vietnamese Unicode: ă â đ ê ô ơ ư, ĩ ũ and
 * every letter with a tone from U+1EA0 on. Latin-1's à á è é ì í ò ó ù ú ý
 * and â ê ô are Vietnamese too, so they are not counted either way. */
static int cp_vietnamese(uint32_t c)
{
	return c == 0x102 || c == 0x103 || c == 0x110 || c == 0x111 || c == 0x128 || c == 0x129 ||
	       c == 0x168 || c == 0x169 || c == 0x1A0 || c == 0x1A1 || c == 0x1AF || c == 0x1B0 ||
	       (c >= 0x1EA0 && c <= 0x1EF9);
}

/* A Latin-1 character that Vietnamese never writes (ö, ß, µ, ·, ¸, Ö …). */
static int cp_foreign(uint32_t c)
{
	static const char viet[] = "\xC0\xC1\xC2\xC3\xC8\xC9\xCA\xCC\xCD\xD2\xD3\xD4\xD5\xD9\xDA\xDD"
				   "\xE0\xE1\xE2\xE3\xE8\xE9\xEA\xEC\xED\xF2\xF3\xF4\xF5\xF9\xFA\xFD";

	if (c < 0xA1 || c > 0xFF || c == 0xB0 || c == 0xD7 || c == 0xF7) /* ° × ÷ */
		return 0;
	return !memchr(viet, (int)c, sizeof viet - 1);
}

/* VNI writes a tone or hat as a second character after the vowel:
 * "Vieät" (ä), "hoøa" (ø), "chuû" (û), "Coäng", "ñöôøng" (ñ ö). */
static int cp_vni_mark(uint32_t c)
{
	return c == 0xF8 || c == 0xFB || c == 0xEF || c == 0xE4 || c == 0xE5 || c == 0xEB || c == 0xFC ||
	       c == 0xF6 || c == 0xD8 || c == 0xDB || c == 0xCF || c == 0xC4 || c == 0xC5 || c == 0xCB ||
	       c == 0xDC || c == 0xD6;
}

static int ascii_vowel(uint32_t c)
{
	return c < 0x80 && c && strchr("aeiouyAEIOUY", (int)c);
}

enum legacy { LEGACY_NONE, LEGACY_TCVN3, LEGACY_VNI };

struct legacy_scan {
	size_t foreign;            /* Latin-1 letters Vietnamese never uses, after a letter */
	size_t vni;                /* of those, VNI marks right after a vowel */
	size_t vietnamese;         /* letters only Vietnamese Unicode has */
	int line, col;             /* the first foreign character */
};

/* Counts the signs of either encoding in s[0..n); bytes that are not
 * UTF-8 count as the Latin-1 character of their value. */
static void legacy_scan(const char *str, size_t n, struct legacy_scan *ls)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, len;
	uint32_t prev = ' ', c;
	int line = 1, col = 1;

	memset(ls, 0, sizeof *ls);
	while (i < n) {
		len = s[i] < 0x80 ? 1 : s[i] >= 0xC2 && s[i] <= 0xDF ? 2 : s[i] >= 0xE0 && s[i] <= 0xEF ? 3 :
		      s[i] >= 0xF0 && s[i] <= 0xF4 ? 4 : 0;
		for (k = 1; len > 1 && k < len; k++)
			if (i + k >= n || (s[i + k] & 0xC0) != 0x80)
				len = 0;
		if (len == 0) {
			c = s[i];
			len = 1;
		} else if (len == 1) {
			c = s[i];
		} else {
			c = len == 2 ? s[i] & 0x1Fu : len == 3 ? s[i] & 0x0Fu : s[i] & 0x07u;
			for (k = 1; k < len; k++)
				c = (c << 6) | (s[i + k] & 0x3Fu);
		}
		if (cp_vietnamese(c)) {
			ls->vietnamese++;
		} else if (cp_foreign(c) && ((prev < 0x80 && isalpha((int)prev)) || cp_foreign(prev) ||
					     (prev >= 0xC0 && prev <= 0xFF))) {
			if (!ls->foreign++)
				ls->line = line, ls->col = col;
			if (ascii_vowel(prev) && cp_vni_mark(c))
				ls->vni++;
		}
		if (c == '\n')
			line++, col = 1;
		else
			col++;
		prev = c;
		i += len;
	}
}

/* Which old encoding the scan points at. bytes: the file is not UTF-8,
 * so fewer signs are needed. */
static enum legacy legacy_guess(const struct legacy_scan *ls, int bytes)
{
	if (ls->foreign < (bytes ? 2u : 3u) || (!bytes && ls->foreign <= ls->vietnamese))
		return LEGACY_NONE;
	return 2 * ls->vni >= ls->foreign ? LEGACY_VNI : LEGACY_TCVN3;
}

static void legacy_report(enum legacy l, struct pos at, enum diag_level lvl)
{
	const char *name = l == LEGACY_VNI ? "VNI (fonts VNI-Times, VNI-Helve …)"
					   : "TCVN3, also called ABC (fonts .VnTime, .VnArial …)";
	const char *from = l == LEGACY_VNI ? "VNI Windows" : "TCVN3 (ABC)";

	diag_report(lvl, at, "the text looks like the old Vietnamese encoding %s, not Unicode; convert it: "
		    "copy it, open UniKey's converter (Ctrl+Shift+F6), choose source %s, destination "
		    "Unicode, press \"Chuyển mã\", paste it back and save the file as UTF-8", name, from);
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
		if (count_bad(s, n, 3) >= 3) {
			struct legacy_scan ls;
			enum legacy l;

			legacy_scan(s, n, &ls);
			l = legacy_guess(&ls, 1);
			legacy_report(l == LEGACY_NONE ? LEGACY_TCVN3 : l, (struct pos){ file, line, col }, DIAG_NOTE);
		}
		goto out;
	}
	{
		/* Valid UTF-8 may still hold old-encoding text pasted from Word. */
		struct legacy_scan ls;
		enum legacy l;

		legacy_scan(s, n, &ls);
		if ((l = legacy_guess(&ls, 0)) != LEGACY_NONE) {
			legacy_report(l, (struct pos){ file, ls.line, ls.col }, DIAG_ERROR);
			goto out;
		}
	}
	ret = utf8_nfc(s, n);
	*len = strlen(ret);
out:
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
	char head[8];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return -1;
	n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	if (n >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
		return n >= 6 && memcmp(head + 3, "---", 3) == 0;
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

char *read_path_inside(const struct doc *d, const char *name, const char *what, const char *example,
		       struct pos at)
{
	char *joined = NULL, *real = NULL, *root = NULL, *ret = NULL;
	size_t rl;

	if (!*name || name[0] == '/' || strstr(name, "://")) {
		diag_error(at, "the %s \"%s\" must be a file in the content folder, named relative to "
			   "this document (e.g. %s)", what, name, example);
		goto out;
	}
	joined = path_join(d->dir, name);
	real = realpath(joined, NULL);
	if (!real) {
		diag_error(at, "the %s \"%s\" was not found (looked for %s)", what, name, joined);
		goto out;
	}
	root = realpath(d->root ? d->root : d->dir, NULL);
	rl = root ? strlen(root) : 0;
	if (!root || strncmp(real, root, rl) != 0 || (real[rl] != '/' && real[rl] != '\0')) {
		diag_error(at, "the %s \"%s\" is outside the content folder; copy it into the content "
			   "folder and name it from there", what, name);
		goto out;
	}
	/* the name as the user wrote it, for later messages */
	ret = joined;
	joined = NULL;
out:
	free(joined);
	free(real);
	free(root);
	return ret;
}

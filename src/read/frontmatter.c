/* Front matter: YAML text into a struct meta tree. libyaml lives only here.
 * The event API is used (not the document loader) so that depth, anchors
 * and duplicate keys are caught as they come, before any work is wasted. */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "read.h"
#include "../util/utf8.h"
#include "../util/util.h"

struct frame {
	struct meta *m;
	char *key;           /* a map's key waiting for its value, or NULL */
	struct pos key_pos;
	int line;            /* the line the map or list starts on */
	int pairs;           /* a map's pairs so far */
	int one_line;        /* a block map whose pairs are all on that line */
};

struct fm {
	const char *text;
	size_t len;
	const char *file;
	int first_line;
	struct frame stack[READ_MAX_DEPTH + 1];
	int sp;              /* frames in use */
	struct meta *root;
	int failed;
	int ev_line;         /* line of the event being placed */
};

/* libyaml marks are 0-based and relative to the YAML text. */
static struct pos fm_pos(const struct fm *f, yaml_mark_t mk)
{
	struct pos p = { f->file, (int)mk.line + f->first_line, (int)mk.column + 1 };
	return p;
}

/* Reader errors only carry a byte offset: count lines and characters. */
static struct pos fm_pos_offset(const struct fm *f, size_t off)
{
	struct pos p = { f->file, f->first_line, 1 };
	size_t i;

	for (i = 0; i < off && i < f->len; i++) {
		if (f->text[i] == '\n')
			p.line++, p.col = 1;
		else if (((unsigned char)f->text[i] & 0xC0) != 0x80)
			p.col++;
	}
	return p;
}

/* libyaml's problems in words a clerk can act on. */
static const struct {
	const char *problem;
	const char *words;
} yaml_words[] = {
	{ "mapping values are not allowed", "mapping values are not allowed here (a \":\" inside a value? put the value in \"quotes\")" },
	{ "found character that cannot start any token", "a value cannot start with this character (put the value in \"quotes\"; indent with spaces, not tabs)" },
	{ "did not find expected key", "this line does not line up with the \"key: value\" lines around it (check the spaces at the start of the line, or put a value with \":\" or \"#\" in \"quotes\")" },
	{ "could not find expected ':'", "a key has no \":\" after it (write \"key: value\")" },
	{ "found a tab character", "tabs are not allowed for indenting front matter; use spaces" },
	{ "did not find expected node content", "a value is missing or starts with a character that needs \"quotes\"" },
	{ "block sequence entries are not allowed", "a \"- \" list item is in the wrong place (put list items on their own lines under their key)" },
	{ "did not find expected '-' indicator", "the \"- \" items of a list are not indented alike" },
	{ "found unknown escape character", "unknown \\ sequence inside a \"double-quoted\" value (write \\\\ for a backslash, or use 'single quotes')" },
	{ "found unexpected end of stream", "the front matter ends in the middle of a value (a quote \" or ' left open?)" },
	{ "did not find expected hexdecimal number", "unknown \\ sequence inside a \"double-quoted\" value (write \\\\ for a backslash, or use 'single quotes')" },
	{ "did not find expected ',' or ']'", "a list in [brackets] has no closing \"]\" (or a value with \",\" needs \"quotes\")" },
	{ "did not find expected ',' or '}'", "a group in {braces} has no closing \"}\" (or a value with \",\" needs \"quotes\")" },
	{ "found undefined tag handle", "a value starts with \"!\" (put the value in \"quotes\")" },
	{ "control characters are not allowed", "the front matter contains an invisible control character; retype the line" },
	{ "found unexpected document indicator", "a line \"---\" or \"...\" in the middle of a quoted value (a quote left open?)" },
};

/* The 0-based line k of the front matter: its start, and its length
 * without the newline. 0, or -1 past the end. */
static int fm_line(const struct fm *f, size_t k, const char **s, size_t *n)
{
	const char *t = f->text, *end = f->text + f->len, *e;

	while (k > 0 && t < end) {
		e = memchr(t, '\n', (size_t)(end - t));
		if (!e)
			return -1;
		t = e + 1;
		k--;
	}
	if (t >= end)
		return -1;
	e = memchr(t, '\n', (size_t)(end - t));
	*s = t;
	*n = (size_t)((e ? e : end) - t);
	return 0;
}

/* Spaces before a "- " list item on the line, or -1 when it is not one. */
static int fm_item_indent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return i + 1 < n && s[i] == '-' && s[i + 1] == ' ' ? (int)i : -1;
}

/* A list item indented further than the item above it reads, to YAML, as
 * more words of that item, and its "Lưu: VT" then as a ":" in a value:
 * libyaml says "mapping values are not allowed". Says what happened when
 * line k and the line above it are such items. Returns 1 after the
 * error, else 0. */
static int fm_items_unaligned(struct fm *f, size_t k)
{
	const char *s, *u;
	size_t n, m, j = k;
	int here, above;

	if (fm_line(f, k, &s, &n) < 0 || (here = fm_item_indent(s, n)) < 0)
		return 0;
	do {
		if (j == 0 || fm_line(f, --j, &u, &m) < 0)
			return 0;
	} while (m == 0 || strspn(u, " ") >= m);
	above = fm_item_indent(u, m);
	if (above < 0 || above == here)
		return 0;
	diag_error((struct pos){ f->file, (int)k + f->first_line, here + 1 },
		   "YAML syntax: the \"- \" items of this list are not indented alike (line %d has %d space%s "
		   "before \"-\", this line %d); give them the same", (int)j + f->first_line, above,
		   above == 1 ? "" : "s", here);
	f->failed = 1;
	return 1;
}

static void fm_syntax_error(struct fm *f, yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "unknown problem";
	const char *words = NULL;
	struct pos at;
	size_t i;

	for (i = 0; i < sizeof yaml_words / sizeof yaml_words[0]; i++)
		if (strncmp(problem, yaml_words[i].problem, strlen(yaml_words[i].problem)) == 0)
			words = yaml_words[i].words;
	if (p->error == YAML_READER_ERROR)
		at = fm_pos_offset(f, p->problem_offset);
	else
		at = fm_pos(f, p->problem_mark);
	/* A broken tag or anchor is a value starting with "!", "&" or "*":
	 * point at its start, where the clerk typed that character. */
	if (p->context && strstr(p->context, "scanning a tag")) {
		diag_error(fm_pos(f, p->context_mark), "a value starts with \"!\" (put the value in \"quotes\")");
		f->failed = 1;
		return;
	}
	if (p->context && (strstr(p->context, "scanning an anchor") || strstr(p->context, "scanning an alias"))) {
		diag_error(fm_pos(f, p->context_mark), "anchors and aliases (&, *) are not supported in front matter");
		f->failed = 1;
		return;
	}
	if (p->context && strstr(p->context, "scanning a quoted scalar")) {
		/* libyaml finds out at the end of the settings; the clerk
		 * needs the line where the quote was opened */
		diag_error(fm_pos(f, p->context_mark), "YAML syntax: this quote is never closed; put the "
			   "closing quote at the end of the value, or take the opening one away");
		f->failed = 1;
		return;
	}
	if (!strncmp(problem, "mapping values are not allowed", 30) && p->error != YAML_READER_ERROR &&
	    fm_items_unaligned(f, p->problem_mark.line))
		return;
	if (words)
		diag_error(at, "YAML syntax: %s", words);
	else
		diag_error(at, "YAML syntax: %s%s%s", problem, p->context ? " " : "",
		           p->context ? p->context : "");
	f->failed = 1;
}

static int is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;

	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return n == 0 || (n == 1 && v[0] == '~') ||
	       (n == 4 && (!memcmp(v, "null", 4) || !memcmp(v, "Null", 4) || !memcmp(v, "NULL", 4)));
}

/* Places a new value (scalar, list or map) where the stack says it goes.
 * Takes v; returns 0, or -1 after reporting (v is then freed). */
static int fm_place(struct fm *f, struct meta *v)
{
	struct frame *top;

	if (f->sp == 0) {
		if (v->type == META_MAP) {
			f->root = v;
			return 0;
		}
		if (v->type == META_SCALAR && v->value[0] == '\0') {
			/* Only comments or "~": no settings at all. */
			f->root = meta_new(META_MAP, v->pos);
			meta_free(v);
			return 0;
		}
		diag_error(v->pos, "the front matter must be \"key: value\" lines (such as \"loai: cong-van\")");
		goto fail;
	}
	top = &f->stack[f->sp - 1];
	if (top->m->type == META_LIST) {
		meta_append(top->m, v);
		return 0;
	}
	if (!top->key) {
		struct meta *prev;

		if (v->type != META_SCALAR) {
			diag_error(v->pos, "a key must be a plain word followed by \":\" (such as \"ngay:\")");
			goto fail;
		}
		if ((prev = meta_get(top->m, v->value))) {
			diag_error(v->pos, "the key \"%s\" appears twice (first on line %d); keep only one",
			           v->value, prev->key_pos.line);
			goto fail;
		}
		top->key = v->value;
		top->key_pos = v->pos;
		v->value = NULL;
		meta_free(v);
		top->pairs++;
		if (f->ev_line != top->line)
			top->one_line = 0;
		return 0;
	}
	if (v->type != META_SCALAR || f->ev_line != top->line)
		top->one_line = 0;
	v->key = top->key;
	v->pos = top->key_pos;
	v->key_pos = top->key_pos;
	top->key = NULL;
	meta_append(top->m, v);
	return 0;
fail:
	meta_free(v);
	f->failed = 1;
	return -1;
}

/* Anchors would let one value stand for another; tags ("!x") would
 * silently eat the start of a value such as "!Khẩn". Both are refused. */
static int fm_anchor(struct fm *f, const yaml_char_t *anchor, const yaml_char_t *tag, yaml_mark_t mk)
{
	if (!anchor && !tag)
		return 0;
	if (anchor)
		diag_error(fm_pos(f, mk), "anchors and aliases (&, *) are not supported in front matter");
	else
		diag_error(fm_pos(f, mk), "a value starts with \"!\" (put the value in \"quotes\")");
	f->failed = 1;
	return -1;
}

/* Handles one event; returns 1 at the end of the stream, 0 to go on, -1 on error. */
static int fm_event(struct fm *f, yaml_event_t *ev, int *docs)
{
	struct meta *v;
	struct pos at = fm_pos(f, ev->start_mark);

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			diag_error(at, "a second \"---\" line starts another YAML document here; keep one block of settings");
			f->failed = 1;
			return -1;
		}
		return 0;
	case YAML_ALIAS_EVENT:
		diag_error(at, "anchors and aliases (&, *) are not supported in front matter");
		f->failed = 1;
		return -1;
	case YAML_SCALAR_EVENT:
		f->ev_line = at.line;
		if (fm_anchor(f, ev->data.scalar.anchor, ev->data.scalar.tag, ev->start_mark))
			return -1;
		if (memchr(ev->data.scalar.value, 0, ev->data.scalar.length)) {
			diag_error(at, "a value contains the character \\0; remove it");
			f->failed = 1;
			return -1;
		}
		v = meta_new(META_SCALAR, at);
		if (!is_null(ev)) {
			free(v->value);
			v->value = utf8_nfc((const char *)ev->data.scalar.value, ev->data.scalar.length);
		}
		return fm_place(f, v);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (fm_anchor(f, ev->type == YAML_SEQUENCE_START_EVENT ?
		              ev->data.sequence_start.anchor : ev->data.mapping_start.anchor,
		              ev->type == YAML_SEQUENCE_START_EVENT ?
		              ev->data.sequence_start.tag : ev->data.mapping_start.tag,
		              ev->start_mark))
			return -1;
		if (f->sp >= READ_MAX_DEPTH) {
			diag_error(at, "the front matter is nested more than %d levels deep; phat reads up to %d",
			           READ_MAX_DEPTH, READ_MAX_DEPTH);
			f->failed = 1;
			return -1;
		}
		v = meta_new(ev->type == YAML_SEQUENCE_START_EVENT ? META_LIST : META_MAP, at);
		f->ev_line = at.line;
		if (fm_place(f, v))
			return -1;
		f->stack[f->sp].m = v;
		f->stack[f->sp].key = NULL;
		f->stack[f->sp].line = at.line;
		f->stack[f->sp].pairs = 0;
		f->stack[f->sp].one_line = ev->type == YAML_MAPPING_START_EVENT &&
					   ev->data.mapping_start.style != YAML_FLOW_MAPPING_STYLE;
		f->sp++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (f->sp > 0) {
			struct frame *fr = &f->stack[--f->sp];
			struct meta *m = fr->m, *c = m->first;

			/* "- Lưu: VT, VP": one pair on one line is, to a clerk, a line of text */
			if (m->type == META_MAP && fr->one_line && fr->pairs == 1 && c && c->type == META_SCALAR &&
			    f->sp > 0 && f->stack[f->sp - 1].m->type == META_LIST)
				m->line = *c->value ? xasprintf("%s: %s", c->key, c->value) : xasprintf("%s:", c->key);
			free(fr->key);
			fr->key = NULL;
		}
		return 0;
	default:
		return 0;
	}
}


/* ---- front matter as clerks type it ----
 * Before YAML sees the text, the habits of Word, Zalo and hand typing are
 * turned into what the clerk meant, line by line, keeping every line where
 * it was so messages point at the right place:
 * - a no-break space (U+00A0, U+202F, U+2007) is a space;
 * - "key:value" gets its space ("so:5");
 * - a value wrapped in typographic quotes (“…”, ‘…’, as Word types "…") is
 *   a quoted value;
 * - a plain value that YAML would refuse or cut is put in quotes: one with
 *   ": " inside ("trich_yeu: V/v: …"), one starting with "@" or "`", and one
 *   with a "#" glued to a word ("mau: #7A1FA2", "chiến dịch #VNeID"), which
 *   YAML would drop as a comment: that one with a warning, since the clerk
 *   may have meant a comment. A "#" followed by a space stays a comment. */

static int fm_is_space_cp(const unsigned char *p, size_t n)
{
	return (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0) ||
	       (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF) ||
	       (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x87);
}

static int fm_ident_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int fm_ident(char c)
{
	return fm_ident_start(c) || (c >= '0' && c <= '9');
}

static int fm_cols(const char *s, const char *e)
{
	int c = 0;

	for (; s < e; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			c++;
	return c;
}

static void fm_quoted(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_addc(b, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"' || s[i] == '\\')
			buf_addc(b, '\\');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

/* Is the line after [s, end) a continuation of a plain value that starts
 * on a line indented by indent (more indented, not a key or list item)? */
static int fm_continues(const char *s, const char *end, int indent)
{
	while (s < end) {
		const char *e = memchr(s, '\n', (size_t)(end - s)), *p = s;
		int in = 0;

		e = e ? e : end;
		while (p < e && *p == ' ')
			p++, in++;
		if (p < e && *p != '\r' && *p != '#') {
			const char *k = p;
			if (in <= indent || *p == '-')
				return 0;
			while (k < e && fm_ident(*k))
				k++;
			return !(k > p && k < e && *k == ':');
		}
		s = e < end ? e + 1 : end;
	}
	return 0;
}

/* Returns the cleaned text (caller frees); *outlen its length; *errors
 * counts the lines it reported as wrong (then the YAML is not read). */
enum fm_line { FM_OTHER, FM_ITEM, FM_OPEN };   /* the last line: a "- " item, a "key:" with no value */

/* Whether the last line of s[0, n) so far holds only spaces. */
static int fm_indent_only(const char *s, size_t n)
{
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return n == 0 || s[n - 1] == '\n';
}

static char *fm_clean(const char *text, size_t len, const char *file, int first_line, size_t *outlen,
		      int *errors)
{
	struct buf t, b;
	const char *s, *end;
	int line = first_line, block = -1, prev_indent = 0;
	enum fm_line prev = FM_OTHER;
	size_t i;
	int tabbed = 0;

	/* no-break spaces: one character each way, so columns stay put; a
	 * Tab that indents a line (YAML refuses them) is two spaces, as the
	 * clerk's editor showed a step in */
	buf_init(&t);
	for (i = 0; i < len;) {
		size_t k = (unsigned char)text[i] == 0xC2 ? 2 : 3;
		if (text[i] == '\t' && (i == 0 || text[i - 1] == '\n' || (t.len && (t.data[t.len - 1] == ' ') &&
					  fm_indent_only(t.data, t.len)))) {
			if (!tabbed) {
				int ln = first_line;
				size_t j;
				for (j = 0; j < i; j++)
					ln += text[j] == '\n';
				diag_warning((struct pos){ file, ln, 1 }, "this line is indented with a Tab; phat "
					     "read it as two spaces (in the settings, indent with spaces)");
				tabbed = 1;
			}
			buf_adds(&t, "  ");
			i++;
		} else if (fm_is_space_cp((const unsigned char *)text + i, len - i)) {
			buf_addc(&t, ' ');
			i += k;
		} else {
			buf_addc(&t, text[i++]);
		}
	}
	buf_init(&b);
	s = buf_str(&t);
	end = s + t.len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl ? nl : end, *e2 = e, *p = s, *v, *k, *cut, *hash = NULL, *ls = s;
		const char *key = NULL;
		size_t keylen = 0, n;
		int indent = 0, item = 0, needs = 0, colons = 0;

		while (e2 > s && (e2[-1] == '\r' || e2[-1] == ' ' || e2[-1] == '\t'))
			e2--;
		while (p < e2 && *p == ' ')
			p++, indent++;
		if (block >= 0 && (p == e2 || indent > block))
			goto copy;
		block = -1;
		if (p == e2 || *p == '#')
			goto copy;   /* blank or a comment: the context stays */
		if (*p == '-' && p + 1 < e2 && p[1] != ' ' && p[1] != '-' && !(p[1] >= '0' && p[1] <= '9') &&
		    (prev == FM_ITEM || prev == FM_OPEN)) {
			/* "-Lưu: VT" under a list: the space after the dash */
			buf_add(&b, s, (size_t)(p + 1 - s));
			buf_addc(&b, ' ');
			s = ++p;
			item = 1;
		} else if (*p != '-' && prev == FM_ITEM && indent == prev_indent && !memchr(p, ':', (size_t)(e2 - p))) {
			/* "Tổ CNSCĐ" among "- " items: an item without its dash */
			diag_warning((struct pos){ file, line, indent + 1 }, "this line stands among the \"- \" items "
				     "of a list without its \"- \"; phat reads it as an item (write \"- %.*s\")",
				     (int)(e2 - p), p);
			buf_add(&b, s, (size_t)(p - s));
			buf_adds(&b, "- ");
			s = p;
			item = 1;
		} else if (indent == 0 && !strchr("-?:[{\"'&*!|>%@`", *p) && !memchr(p, ':', (size_t)(e2 - p))) {
			/* "so 15": the colon forgotten (YAML would blame the next line) */
			const char *we = p, *sp;
			while (we < e2 && *we != ' ' && *we != '\t')
				we++;
			for (sp = we; sp < e2 && (*sp == ' ' || *sp == '\t'); sp++)
				;
			if (sp < e2)
				diag_error((struct pos){ file, line, 1 }, "\"%.*s\" has no \":\"; a setting is written "
					   "\"key: value\" (%.*s: %.*s)", (int)(e2 - p), p, (int)(we - p), p,
					   (int)(e2 - sp), sp);
			else
				diag_error((struct pos){ file, line, 1 }, "\"%.*s\" has no \":\"; a setting is written "
					   "\"key: value\"", (int)(e2 - p), p);
			(*errors)++;
			goto copy;
		}
		prev_indent = indent;
		while (p < e2 && *p == '-' && (p + 1 == e2 || p[1] == ' ')) {
			item = 1;
			p++;
			while (p < e2 && *p == ' ')
				p++;
		}
		k = p;
		if (k < e2 && fm_ident_start(*k)) {
			while (k < e2 && fm_ident(*k))
				k++;
			if (k < e2 && *k == ':') {
				key = p;
				keylen = (size_t)(k - p);
				k++;
				if (k < e2 && *k != ' ' && *k != '\t' && *k != '/') {
					/* "so:5": the space YAML needs after the colon */
					buf_add(&b, s, (size_t)(k - s));
					buf_addc(&b, ' ');
					s = k;
				}
				p = k;
				while (p < e2 && (*p == ' ' || *p == '\t'))
					p++;
			}
		}
		if (!key && !item && p < e2 && !strchr("\"'[{#&*!?|>%@`-", *p)) {
			/* a key typed in words ("Trích yếu: …"): up to the first ": " */
			for (k = p; k < e2 && *k != '#' && !(*k == ':' && (k + 1 == e2 || k[1] == ' ' || k[1] == '\t')); k++)
				;
			if (k < e2 && *k == ':') {
				key = p;
				keylen = (size_t)(k - p);
				p = k + 1;
				while (p < e2 && (*p == ' ' || *p == '\t'))
					p++;
			}
		}
		if ((!key && !item) || p >= e2)
			goto copy;
		v = p;
		if (*v == '|' || *v == '>') {
			block = indent;
			goto copy;
		}
		n = (size_t)(e2 - v);
		/* “…” or ‘…’ around the whole value */
		if (n >= 6 && (!memcmp(v, "\xE2\x80\x9C", 3) || !memcmp(v, "\xE2\x80\x98", 3) ||
			       !memcmp(v, "\xE2\x80\x9E", 3)) &&
		    (!memcmp(e2 - 3, "\xE2\x80\x9D", 3) || !memcmp(e2 - 3, "\xE2\x80\x99", 3) ||
		     !memcmp(e2 - 3, "\xE2\x80\x9C", 3))) {
			buf_add(&b, s, (size_t)(v - s));
			fm_quoted(&b, v + 3, n - 6);
			buf_add(&b, e2, (size_t)(e - e2));
			goto next;
		}
		if ((*v == '"' || *v == '\'') && n >= 2) {
			/* a value in quotes that holds the same quotes ("Kế hoạch
			 * "khẩn"" as Word users write it): YAML ends it at the
			 * inner quote and blames the indentation; the clerk meant
			 * everything between the outer quotes */
			const char *q = v + 1, *last = e2;

			while (last > v + 1 && (last[-1] == ' ' || last[-1] == '\t'))
				last--;
			for (; q < last; q++) {
				if (*v == '"' && *q == '\\' && q + 1 < last) {
					q++;
					continue;
				}
				if (*q == *v) {
					if (*v == '\'' && q + 1 < last && q[1] == '\'')
						q++;
					else
						break;
				}
			}
			if (q < last - 1 && !memchr(v, '\\', (size_t)(last - v))) {
				const char *r = q + 1;
				while (r < last && (*r == ' ' || *r == '\t'))
					r++;
				if (*r != '#') {
					/* outer quotes around the value when the inner ones
					 * pair up ("… "khẩn""); otherwise they are the
					 * text's own ("Ngày hội" và "Tuần lễ") */
					const char *i0 = v + 1, *i1 = last - 1, *c;
					int open = 0, wrap = last[-1] == *v;

					for (c = i0; c < i1 && wrap; c++) {
						if (*c != *v)
							continue;
						if (!open)
							wrap = c == i0 || c[-1] == ' ' || c[-1] == '(';
						open = !open;
					}
					if (open)
						wrap = 0;
					if (!wrap)
						i0 = v, i1 = last;
					diag_report(DIAG_NOTE, (struct pos){ file, line, fm_cols(s, v) + 1 },
						    wrap ? "this value holds quotes inside its quotes; phat reads what is "
							   "between the outer ones: %.*s"
							 : "the quotes in this value are part of its text; phat reads it "
							   "as written: %.*s", (int)(i1 - i0), i0);
					buf_add(&b, s, (size_t)(v - s));
					fm_quoted(&b, i0, (size_t)(i1 - i0));
					buf_add(&b, e2, (size_t)(e - e2));
					goto next;
				}
			}
		}
		if (strchr("\"'[{&*!%", *v))
			goto copy;
		/* where a true comment starts: "#" after a space, then a space */
		cut = e2;
		for (p = v; p < e2; p++) {
			if (*p != '#' || (p > v && p[-1] != ' ' && p[-1] != '\t'))
				continue;
			if (p + 1 == e2 || p[1] == ' ' || p[1] == '\t' || p[1] == '#') {
				cut = p;
				break;
			}
			if (!hash)
				hash = p;
		}
		while (cut > v && (cut[-1] == ' ' || cut[-1] == '\t'))
			cut--;
		for (p = v; p + 1 < cut; p++)
			if (*p == ':' && (p[1] == ' ' || p[1] == '\t'))
				colons++;
		if (cut > v && cut[-1] == ':')
			colons++;
		needs = hash || *v == '@' || *v == '`' || (key && colons > 0) || (!key && colons > 1);
		if (!needs || cut == v || fm_continues(e < end ? e + 1 : end, end, indent))
			goto copy;
		if (hash) {
			char *whole = xstrndup(v, (size_t)(cut - v));
			const char *h_end = hash;
			while (h_end < cut && *h_end != ' ')
				h_end++;
			struct buf qv;

			/* the suggestion must itself be valid YAML: inner
			 * quotes escaped as fm_quoted writes them */
			buf_init(&qv);
			fm_quoted(&qv, whole, strlen(whole));
			buf_addc(&qv, 0);
			diag_warning((struct pos){ file, line, fm_cols(s, hash) + 1 },
				     "YAML reads \"%.*s\" as a comment and would leave it out; phat keeps it as part "
				     "of the value: to be sure, put the value in quotes: %s%.*s%s %s",
				     (int)(h_end - hash), hash, item && !key ? "- " : "", (int)keylen,
				     key ? key : "", key ? ":" : "", qv.data);
			buf_free(&qv);
			free(whole);
		}
		buf_add(&b, s, (size_t)(v - s));
		fm_quoted(&b, v, (size_t)(cut - v));
		buf_add(&b, cut, (size_t)(e - cut));
		goto next;
copy:
		buf_add(&b, s, (size_t)(e - s));
next:
		{
			/* what this line was, for the next one */
			const char *q = e2, *f = ls;
			while (f < e2 && *f == ' ')
				f++;
			if (f < e2 && *f != '#')
				prev = item || (*f == '-' && (f + 1 == e2 || f[1] == ' ')) ? FM_ITEM :
				       q > f && q[-1] == ':' ? FM_OPEN : FM_OTHER;
		}
		if (nl)
			buf_addc(&b, '\n');
		s = nl ? nl + 1 : end;
		line++;
	}
	buf_free(&t);
	*outlen = b.len;
	return buf_take(&b);
}

struct meta *read_frontmatter(const char *text, size_t len, const char *file, int first_line)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct fm f;
	struct meta *ret = NULL;
	char *clean;
	int docs = 0, r = 0, i, cleanerr = 0;

	memset(&f, 0, sizeof f);
	clean = fm_clean(text, len, file, first_line, &len, &cleanerr);
	if (cleanerr) {
		free(clean);
		return NULL;
	}
	text = clean;
	f.text = text;
	f.len = len;
	f.file = file;
	f.first_line = first_line;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(pos_file(file), "out of memory while reading the front matter");
		free(clean);
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	while (r == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fm_syntax_error(&f, &parser);
			goto out;
		}
		r = fm_event(&f, &ev, &docs);
		yaml_event_delete(&ev);
	}
	if (r < 0 || f.failed)
		goto out;
	/* No document at all (empty or only comments): no settings. */
	ret = f.root ? f.root : meta_new(META_MAP, (struct pos){ file, first_line, 1 });
	f.root = NULL;
out:
	for (i = 0; i < f.sp; i++)
		free(f.stack[i].key);
	meta_free(f.root);
	yaml_parser_delete(&parser);
	free(clean);
	return ret;
}

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
		return 0;
	}
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
		if (fm_place(f, v))
			return -1;
		f->stack[f->sp].m = v;
		f->stack[f->sp].key = NULL;
		f->sp++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (f->sp > 0) {
			f->sp--;
			free(f->stack[f->sp].key);
			f->stack[f->sp].key = NULL;
		}
		return 0;
	default:
		return 0;
	}
}

struct meta *read_frontmatter(const char *text, size_t len, const char *file, int first_line)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct fm f;
	struct meta *ret = NULL;
	int docs = 0, r = 0, i;

	memset(&f, 0, sizeof f);
	f.text = text;
	f.len = len;
	f.file = file;
	f.first_line = first_line;
	if (!yaml_parser_initialize(&parser)) {
		diag_error(pos_file(file), "out of memory while reading the front matter");
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
	return ret;
}

/* The PDF tail reader (tail.h). A small recursive-descent reader of PDF
 * objects (ISO 32000-1 §7.3), the cross-reference sections (§7.5.4 tables,
 * §7.5.8 streams), object streams (§7.5.7), the page tree (§7.7.3) and the
 * signature fields of the AcroForm (§12.7, §12.8). Limits: nesting 32,
 * 100 000 objects visited in a tree, 64 MB inflated per stream. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tail.h"
#include "../util/flate.h"
#include "../util/util.h"
#include "../util/utf8.h"

#define TAIL_DEPTH 32
#define TAIL_REVS 4096
#define TAIL_VISITS 100000
#define TAIL_INFLATE_MAX (64u << 20)

/* One cross-reference entry: type 1 at an offset, type 2 inside object
 * stream `stm` at index `idx`, type 0 free. */
struct tail_entry {
	long num, gen;
	int type;
	size_t off;
	long stm, idx;
	size_t order;             /* position in reading order: newest first */
	struct tail_val *val;     /* parsed, cached */
	size_t rev;               /* the revision whose section lists it (0 newest) */
	int busy;                 /* being parsed: a reference loop */
	int failed;               /* tried, unreadable */
};

/* ---- the lexer ---- */

struct lex {
	const unsigned char *p;
	size_t n, pos;
	int infile;               /* spans are file offsets */
};

static int is_ws(int c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
	       c == '}' || c == '/' || c == '%';
}

static void lex_skip(struct lex *l)
{
	while (l->pos < l->n) {
		int c = l->p[l->pos];
		if (is_ws(c)) {
			l->pos++;
		} else if (c == '%') {
			while (l->pos < l->n && l->p[l->pos] != '\n' && l->p[l->pos] != '\r')
				l->pos++;
		} else {
			break;
		}
	}
}

/* Whether the keyword kw starts at pos and ends at a delimiter. */
static int lex_keyword_at(const struct lex *l, size_t pos, const char *kw)
{
	size_t k = strlen(kw);

	if (pos + k > l->n || memcmp(l->p + pos, kw, k) != 0)
		return 0;
	return pos + k == l->n || is_ws(l->p[pos + k]) || is_delim(l->p[pos + k]);
}

/* An unsigned integer at pos (no sign, no point); -1 when none. */
static long lex_uint(struct lex *l)
{
	long v = 0;
	size_t start = l->pos;

	while (l->pos < l->n && l->p[l->pos] >= '0' && l->p[l->pos] <= '9') {
		if (v > 99999999999L)
			return -1;
		v = v * 10 + (l->p[l->pos] - '0');
		l->pos++;
	}
	if (l->pos == start)
		return -1;
	if (l->pos < l->n && !is_ws(l->p[l->pos]) && !is_delim(l->p[l->pos]))
		return -1;
	return v;
}

static void val_free(struct tail_val *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++)
		val_free(&v->v[i]);
	free(v->v);
	free(v->str);
	memset(v, 0, sizeof *v);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_value(struct lex *l, struct tail_val *v, int depth);

static int parse_literal(struct lex *l, struct tail_val *v)
{
	struct buf b;
	int nest = 1;

	buf_init(&b);
	l->pos++;
	while (l->pos < l->n) {
		int c = l->p[l->pos++];
		if (c == '(') {
			nest++;
		} else if (c == ')') {
			if (--nest == 0)
				break;
		} else if (c == '\\' && l->pos < l->n) {
			c = l->p[l->pos++];
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (l->pos < l->n && l->p[l->pos] == '\n')
					l->pos++;
				continue;
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					int k, o = c - '0';
					for (k = 0; k < 2 && l->pos < l->n && l->p[l->pos] >= '0' && l->p[l->pos] <= '7'; k++)
						o = o * 8 + (l->p[l->pos++] - '0');
					c = o & 0xFF;
				}
			}
		}
		if (nest > 0)
			buf_addc(&b, (char)c);
	}
	if (nest != 0) {
		buf_free(&b);
		return -1;
	}
	v->type = TV_STR;
	v->len = b.len;
	buf_str(&b);
	v->str = buf_take(&b);
	return 0;
}

static int parse_hex(struct lex *l, struct tail_val *v)
{
	struct buf b;
	int hi = -1;

	buf_init(&b);
	l->pos++;
	while (l->pos < l->n && l->p[l->pos] != '>') {
		int d = hexval(l->p[l->pos]);
		if (d < 0 && !is_ws(l->p[l->pos])) {
			buf_free(&b);
			return -1;
		}
		l->pos++;
		if (d < 0)
			continue;
		if (hi < 0) {
			hi = d;
		} else {
			buf_addc(&b, (char)(hi << 4 | d));
			hi = -1;
		}
	}
	if (l->pos >= l->n) {
		buf_free(&b);
		return -1;
	}
	l->pos++;
	if (hi >= 0)
		buf_addc(&b, (char)(hi << 4));
	v->type = TV_STR;
	v->len = b.len;
	buf_str(&b);
	v->str = buf_take(&b);
	return 0;
}

static int parse_name(struct lex *l, struct tail_val *v)
{
	struct buf b;

	buf_init(&b);
	l->pos++;
	while (l->pos < l->n && !is_ws(l->p[l->pos]) && !is_delim(l->p[l->pos])) {
		int c = l->p[l->pos++];
		if (c == '#' && l->pos + 1 < l->n && hexval(l->p[l->pos]) >= 0 && hexval(l->p[l->pos + 1]) >= 0) {
			c = hexval(l->p[l->pos]) << 4 | hexval(l->p[l->pos + 1]);
			l->pos += 2;
		}
		buf_addc(&b, (char)c);
	}
	v->type = TV_NAME;
	v->len = b.len;
	buf_str(&b);
	v->str = buf_take(&b);
	return 0;
}

static void val_push(struct tail_val *v, size_t *cap, const struct tail_val *item)
{
	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		v->v = xrealloc(v->v, *cap * sizeof *v->v);
	}
	v->v[v->n++] = *item;
}

/* Items up to the closing `close` (']' or '>' of ">>"). */
static int parse_items(struct lex *l, struct tail_val *v, int close, int depth)
{
	size_t cap = 0;

	for (;;) {
		struct tail_val item;

		lex_skip(l);
		if (l->pos >= l->n)
			return -1;
		if (close == ']' && l->p[l->pos] == ']') {
			l->pos++;
			return 0;
		}
		if (close == '>' && l->p[l->pos] == '>') {
			if (l->pos + 1 >= l->n || l->p[l->pos + 1] != '>')
				return -1;
			l->pos += 2;
			return (v->n & 1) ? -1 : 0;
		}
		memset(&item, 0, sizeof item);
		if (parse_value(l, &item, depth + 1) != 0) {
			val_free(&item);
			return -1;
		}
		/* a dictionary's keys are names */
		if (close == '>' && !(v->n & 1) && item.type != TV_NAME) {
			val_free(&item);
			return -1;
		}
		val_push(v, &cap, &item);
	}
}

static int parse_number(struct lex *l, struct tail_val *v)
{
	char tmp[64];
	size_t k = 0;
	char *end;

	while (l->pos < l->n && k < sizeof tmp - 1 &&
	       (strchr("+-.", l->p[l->pos]) || (l->p[l->pos] >= '0' && l->p[l->pos] <= '9')))
		tmp[k++] = (char)l->p[l->pos++];
	tmp[k] = '\0';
	if (k == 0)
		return -1;
	v->type = TV_NUM;
	v->num = strtod(tmp, &end);
	if (end == tmp)
		v->num = 0;   /* "-" alone: Acrobat reads 0 */
	/* "12 0 R": a reference */
	if (strspn(tmp, "0123456789") == k) {
		struct lex save = *l;
		long gen;
		lex_skip(l);
		gen = lex_uint(l);
		if (gen >= 0 && gen <= 65535) {
			lex_skip(l);
			if (lex_keyword_at(l, l->pos, "R") && v->num <= 8388607) {
				l->pos++;
				v->type = TV_REF;
				v->ref = (long)v->num;
				v->gen = gen;
				return 0;
			}
		}
		*l = save;
	}
	return 0;
}

static int parse_value(struct lex *l, struct tail_val *v, int depth)
{
	int c, r;

	memset(v, 0, sizeof *v);
	if (depth > TAIL_DEPTH)
		return -1;
	lex_skip(l);
	if (l->pos >= l->n)
		return -1;
	v->start = l->pos;
	c = l->p[l->pos];
	if (c == '(') {
		r = parse_literal(l, v);
	} else if (c == '<' && l->pos + 1 < l->n && l->p[l->pos + 1] == '<') {
		l->pos += 2;
		v->type = TV_DICT;
		r = parse_items(l, v, '>', depth);
	} else if (c == '<') {
		r = parse_hex(l, v);
	} else if (c == '[') {
		l->pos++;
		v->type = TV_ARRAY;
		r = parse_items(l, v, ']', depth);
	} else if (c == '/') {
		r = parse_name(l, v);
	} else if (c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9')) {
		r = parse_number(l, v);
	} else if (lex_keyword_at(l, l->pos, "true") || lex_keyword_at(l, l->pos, "false")) {
		v->type = TV_BOOL;
		v->num = l->p[l->pos] == 't';
		l->pos += v->num ? 4 : 5;
		r = 0;
	} else if (lex_keyword_at(l, l->pos, "null")) {
		v->type = TV_NULL;
		l->pos += 4;
		r = 0;
	} else {
		r = -1;
	}
	v->end = l->pos;
	if (!l->infile)
		v->start = v->end = 0;
	return r;
}

/* ---- small accessors ---- */

const struct tail_val *tail_dict(const struct tail_val *d, const char *key)
{
	size_t i;

	if (!d || d->type != TV_DICT)
		return NULL;
	for (i = 0; i + 1 < d->n; i += 2)
		if (strcmp(d->v[i].str, key) == 0)
			return &d->v[i + 1];
	return NULL;
}

const struct tail_val *tail_key(struct tail *t, const struct tail_val *d, const char *key)
{
	return tail_get(t, tail_dict(tail_get(t, d), key));
}

double tail_num(struct tail *t, const struct tail_val *d, const char *key, double def)
{
	const struct tail_val *v = tail_key(t, d, key);
	return v && v->type == TV_NUM ? v->num : def;
}

int tail_is_name(const struct tail_val *v, const char *s)
{
	return v && v->type == TV_NAME && strcmp(v->str, s) == 0;
}

/* A non-negative integer value, or -1. */
static long val_uint(const struct tail_val *v)
{
	if (!v || v->type != TV_NUM || v->num < 0 || v->num > 1e15 || v->num != (double)(long long)v->num)
		return -1;
	return (long)v->num;
}

/* ---- cross-reference entries ---- */

static void entry_add(struct tail *t, size_t *cap, long num, long gen, int type, size_t off, long stm, long idx)
{
	struct tail_entry *e;

	if (t->ne == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		t->e = xrealloc(t->e, *cap * sizeof *t->e);
	}
	e = &t->e[t->ne];
	memset(e, 0, sizeof *e);
	e->num = num;
	e->gen = gen;
	e->type = type;
	e->off = off;
	e->stm = stm;
	e->idx = idx;
	e->rev = t->nrevs;
	e->order = t->ne++;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct tail_entry *x = a, *y = b;

	if (x->num != y->num)
		return x->num < y->num ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static struct tail_entry *entry_find(const struct tail *t, long num)
{
	size_t lo = 0, hi = t->ne;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->e[mid].num < num)
			lo = mid + 1;
		else if (t->e[mid].num > num)
			hi = mid;
		else
			return &t->e[mid];
	}
	return NULL;
}

/* A classic table at l->pos ("xref" already seen): its subsections, then
 * the trailer dictionary into *trailer. */
static int read_table(struct tail *t, struct lex *l, size_t *cap, struct tail_val *trailer)
{
	for (;;) {
		long start, count, i;

		lex_skip(l);
		if (lex_keyword_at(l, l->pos, "trailer")) {
			l->pos += 7;
			return parse_value(l, trailer, 0) == 0 && trailer->type == TV_DICT ? 0 : -1;
		}
		start = lex_uint(l);
		lex_skip(l);
		count = lex_uint(l);
		if (start < 0 || count < 0 || start > 8388607 || count > 8388608 - start ||
		    (size_t)count > (l->n - l->pos) / 18)
			return -1;
		for (i = 0; i < count; i++) {
			long off, gen;
			lex_skip(l);
			off = lex_uint(l);
			lex_skip(l);
			gen = lex_uint(l);
			lex_skip(l);
			if (off < 0 || gen < 0 || l->pos >= l->n)
				return -1;
			if (l->p[l->pos] == 'n')
				entry_add(t, cap, start + i, gen, 1, (size_t)off, 0, 0);
			else if (l->p[l->pos] == 'f')
				entry_add(t, cap, start + i, gen, 0, 0, 0, 0);
			else
				return -1;
			l->pos++;
		}
	}
}

/* The data of a stream whose dictionary d ends at dict_end: decoded
 * (FlateDecode with PNG predictors, or none) into out. */
static int stream_data(struct tail *t, const struct tail_val *d, size_t dict_end, struct buf *out)
{
	struct lex l = { t->p, t->n, dict_end, 1 };
	const struct tail_val *f = tail_key(t, d, "Filter"), *dp = tail_key(t, d, "DecodeParms");
	long len = val_uint(tail_key(t, d, "Length"));
	size_t start;
	struct buf raw;
	int ret = -1;

	lex_skip(&l);
	if (!lex_keyword_at(&l, l.pos, "stream"))
		return -1;
	start = l.pos + 6;
	if (start < t->n && t->p[start] == '\r')
		start++;
	if (start < t->n && t->p[start] == '\n')
		start++;
	if (len < 0 || (size_t)len > t->n - start)
		return -1;
	if (f && f->type == TV_ARRAY) {
		if (f->n > 1)
			return -1;
		f = f->n ? tail_get(t, &f->v[0]) : NULL;
		if (dp && dp->type == TV_ARRAY)
			dp = dp->n ? tail_get(t, &dp->v[0]) : NULL;
	}
	buf_init(&raw);
	if (!f || f->type == TV_NULL) {
		buf_add(out, t->p + start, (size_t)len);
		return 0;
	}
	if (!tail_is_name(f, "FlateDecode") || flate_inflate(t->p + start, (size_t)len, TAIL_INFLATE_MAX, &raw))
		goto out;
	{
		long pred = dp ? (long)tail_num(t, dp, "Predictor", 1) : 1;
		long cols = dp ? (long)tail_num(t, dp, "Columns", 1) : 1;
		size_t row, r, i;
		unsigned char *prev = NULL;

		if (pred == 1) {
			buf_add(out, raw.data, raw.len);
			ret = 0;
			goto out;
		}
		/* PNG predictors (10–15): each row starts with its filter byte;
		 * bytes per pixel 1 in every cross-reference stream */
		if (pred < 10 || pred > 15 || cols < 1 || cols > 1 << 16)
			goto out;
		row = (size_t)cols;
		prev = xcalloc(row, 1);
		for (r = 0; r + row + 1 <= raw.len; r += row + 1) {
			unsigned char *cur = (unsigned char *)raw.data + r + 1;
			int ft = (unsigned char)raw.data[r];
			for (i = 0; i < row; i++) {
				int a = i ? cur[i - 1] : 0, b = prev[i], c = i ? prev[i - 1] : 0;
				switch (ft) {
				case 0: break;
				case 1: cur[i] = (unsigned char)(cur[i] + a); break;
				case 2: cur[i] = (unsigned char)(cur[i] + b); break;
				case 3: cur[i] = (unsigned char)(cur[i] + (a + b) / 2); break;
				case 4: {
					int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
					cur[i] = (unsigned char)(cur[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c));
					break;
				}
				default:
					free(prev);
					goto out;
				}
			}
			memcpy(prev, cur, row);
			buf_add(out, cur, row);
		}
		free(prev);
		ret = 0;
	}
out:
	buf_free(&raw);
	return ret;
}

/* A cross-reference stream (object at l->pos): its entries (without the
 * free ones when skip_free), and its dictionary (the trailer of that
 * section) into *trailer. */
static int read_xref_stream(struct tail *t, struct lex *l, size_t *cap, struct tail_val *trailer,
			    int skip_free)
{
	const struct tail_val *w, *index;
	long wv[3], size;
	struct buf data;
	size_t i, k, pos = 0, esize;
	int ret = -1;

	if (lex_uint(l) < 0)
		return -1;
	lex_skip(l);
	if (lex_uint(l) < 0)
		return -1;
	lex_skip(l);
	if (!lex_keyword_at(l, l->pos, "obj"))
		return -1;
	l->pos += 3;
	if (parse_value(l, trailer, 0) != 0 || trailer->type != TV_DICT || !tail_is_name(tail_dict(trailer, "Type"), "XRef"))
		return -1;
	w = tail_dict(trailer, "W");
	size = val_uint(tail_dict(trailer, "Size"));
	if (!w || w->type != TV_ARRAY || w->n != 3 || size < 0 || size > 8388608)
		return -1;
	for (i = 0; i < 3; i++) {
		wv[i] = val_uint(&w->v[i]);
		if (wv[i] < 0 || wv[i] > 8)
			return -1;
	}
	esize = (size_t)(wv[0] + wv[1] + wv[2]);
	if (esize == 0)
		return -1;
	buf_init(&data);
	if (stream_data(t, trailer, l->pos, &data) != 0)
		goto out;
	index = tail_dict(trailer, "Index");
	for (k = 0; index ? k + 1 < index->n : k == 0; k += 2) {
		long start = index ? val_uint(&index->v[k]) : 0, count = index ? val_uint(&index->v[k + 1]) : size, j;
		if (start < 0 || count < 0 || start > 8388607 || count > 8388608 - start)
			goto out;
		for (j = 0; j < count && pos + esize <= data.len; j++) {
			unsigned long long f[3] = { 0, 0, 0 };
			size_t fi;
			int b;
			for (fi = 0; fi < 3; fi++)
				for (b = 0; b < wv[fi]; b++)
					f[fi] = f[fi] << 8 | (unsigned char)data.data[pos++];
			if (wv[0] == 0)
				f[0] = 1;
			if (f[0] == 1 && f[1] < t->n && f[2] <= 65535)
				entry_add(t, cap, start + j, (long)f[2], 1, (size_t)f[1], 0, 0);
			else if (f[0] == 2 && f[1] <= 8388607 && f[2] <= 8388607)
				entry_add(t, cap, start + j, 0, 2, 0, (long)f[1], (long)f[2]);
			else if (f[0] == 0 && !skip_free)
				entry_add(t, cap, start + j, (long)f[2], 0, 0, 0, 0);
		}
	}
	ret = 0;
out:
	buf_free(&data);
	return ret;
}

/* The end of the revision whose section starts at off: just after the
 * first "%%EOF" at or after it (and its end of line). */
static size_t rev_end(const struct tail *t, size_t off)
{
	const unsigned char *e = t->n > off ? memmem(t->p + off, t->n - off, "%%EOF", 5) : NULL;
	size_t end;

	if (!e)
		return t->n;
	end = (size_t)(e - t->p) + 5;
	if (end < t->n && t->p[end] == '\r')
		end++;
	if (end < t->n && t->p[end] == '\n')
		end++;
	return end;
}

/* The offset after the last "startxref", or -1. */
static long find_startxref(const unsigned char *p, size_t n)
{
	size_t from = n > 4096 ? n - 4096 : 0, i;
	struct lex l = { p, n, 0, 1 };

	for (i = n >= 9 ? n - 9 : 0; i + 1 > from && i + 9 <= n; i--) {
		if (memcmp(p + i, "startxref", 9) == 0) {
			l.pos = i + 9;
			lex_skip(&l);
			return lex_uint(&l);
		}
		if (i == 0)
			break;
	}
	return -1;
}

struct tail *tail_open(const unsigned char *p, size_t n, const char **why)
{
	struct tail *t = xcalloc(1, sizeof *t);
	size_t cap = 0, rcap = 0, i;
	long off;

	*why = NULL;
	t->p = p;
	t->n = n;
	if (n < 8 || !memmem(p, n < 1024 ? n : 1024, "%PDF-", 5)) {
		*why = "this file is not a PDF";
		goto fail;
	}
	off = find_startxref(p, n);
	if (off < 0 || (size_t)off >= n) {
		*why = "the end of this PDF is missing or damaged (no \"startxref\"): it was cut short, or "
		       "saved by a program that broke it; ask for the file again";
		goto fail;
	}
	while (off >= 0) {
		struct lex l = { p, n, (size_t)off, 1 };
		struct tail_val tr;
		const struct tail_val *prev, *xs;
		size_t section = t->ne;
		int stream = 0, r;

		for (i = 0; i < t->nrevs; i++)
			if (t->revs[i].xref_off == (size_t)off)
				break;
		if (i < t->nrevs || t->nrevs >= TAIL_REVS) {
			*why = "the cross-reference sections of this PDF loop back on themselves (a damaged file)";
			goto fail;
		}
		memset(&tr, 0, sizeof tr);
		if (lex_keyword_at(&l, l.pos, "xref")) {
			l.pos += 4;
			r = read_table(t, &l, &cap, &tr);
			/* a hybrid file: the stream holds objects the table hides
			 * (listed free there), so its entries go first */
			xs = tail_dict(&tr, "XRefStm");
			if (r == 0 && xs && val_uint(xs) >= 0 && (size_t)val_uint(xs) < n) {
				struct lex sl = { p, n, (size_t)val_uint(xs), 1 };
				struct tail_val st;
				size_t table_end = t->ne;
				memset(&st, 0, sizeof st);
				t->has_xref_stream = 1;
				if (read_xref_stream(t, &sl, &cap, &st, 1) == 0 && t->ne > table_end) {
					size_t ns = t->ne - table_end, nt = table_end - section;
					struct tail_entry *tmp = xmalloc(ns * sizeof *tmp);
					memcpy(tmp, t->e + table_end, ns * sizeof *tmp);
					memmove(t->e + section + ns, t->e + section, nt * sizeof *tmp);
					memcpy(t->e + section, tmp, ns * sizeof *tmp);
					free(tmp);
				}
				val_free(&st);
			}
		} else {
			stream = 1;
			t->has_xref_stream = 1;
			r = read_xref_stream(t, &l, &cap, &tr, 0);
		}
		if (r != 0) {
			val_free(&tr);
			*why = "the cross-reference table of this PDF is damaged (\"startxref\" points to no "
			       "table); it was changed by a program that broke it";
			goto fail;
		}
		if (t->nrevs == rcap) {
			rcap = rcap ? rcap * 2 : 8;
			t->revs = xrealloc(t->revs, rcap * sizeof *t->revs);
		}
		t->revs[t->nrevs].xref_off = (size_t)off;
		t->revs[t->nrevs].end = rev_end(t, (size_t)off);
		t->revs[t->nrevs].is_stream = stream;
		t->nrevs++;
		prev = tail_dict(&tr, "Prev");
		off = prev ? val_uint(prev) : -1;
		if (prev && (off < 0 || (size_t)off >= n)) {
			val_free(&tr);
			*why = "this PDF's earlier versions cannot be found (a /Prev offset outside the file)";
			goto fail;
		}
		if (t->nrevs == 1)
			t->trailer = tr;
		else
			val_free(&tr);
	}
	/* number the entries newest first, then sort by object number */
	for (i = 0; i < t->ne; i++)
		t->e[i].order = i;
	if (t->ne > 1)
		qsort(t->e, t->ne, sizeof *t->e, entry_cmp);
	{
		size_t o = 0;
		for (i = 0; i < t->ne; i++)
			if (o == 0 || t->e[o - 1].num != t->e[i].num)
				t->e[o++] = t->e[i];
		t->ne = o;
	}
	if (tail_dict(&t->trailer, "Encrypt")) {
		*why = "this PDF is encrypted (it has a password or permissions); phat signs and checks only "
		       "unencrypted PDFs: ask for the file without protection";
		goto fail;
	}
	{
		const struct tail_val *r = tail_dict(&t->trailer, "Root"), *in = tail_dict(&t->trailer, "Info");
		t->root = r && r->type == TV_REF ? r->ref : 0;
		t->info = in && in->type == TV_REF ? in->ref : 0;
	}
	if (!t->root || !tail_object(t, t->root) || tail_object(t, t->root)->type != TV_DICT) {
		*why = "this PDF has no readable catalog (/Root): it is damaged";
		goto fail;
	}
	return t;
fail:
	tail_free(t);
	return NULL;
}

void tail_free(struct tail *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ne; i++) {
		val_free(t->e[i].val);
		free(t->e[i].val);
	}
	free(t->e);
	free(t->revs);
	free(t->pages);
	val_free(&t->trailer);
	free(t);
}

long tail_offset(const struct tail *t, long num, long *gen)
{
	struct tail_entry *e = entry_find(t, num);

	if (!e || e->type != 1)
		return -1;
	if (gen)
		*gen = e->gen;
	return (long)e->off;
}

long *tail_newest(const struct tail *t, size_t *n)
{
	long *v = xmalloc((t->ne ? t->ne : 1) * sizeof *v);
	size_t i;

	*n = 0;
	for (i = 0; i < t->ne; i++)
		if (t->e[i].rev == 0 && t->e[i].type != 0)
			v[(*n)++] = t->e[i].num;
	return v;
}

long tail_size(const struct tail *t)
{
	long size = val_uint(tail_dict(&t->trailer, "Size"));

	if (t->ne && t->e[t->ne - 1].num + 1 > size)
		size = t->e[t->ne - 1].num + 1;
	return size < 1 ? 1 : size;
}

/* Object idx of object stream stm, parsed into v. */
static int objstm_value(struct tail *t, long stm, long idx, long num, struct tail_val *v)
{
	const struct tail_val *d;
	struct tail_entry *se = entry_find(t, stm);
	struct buf data;
	long first, count, k, off = -1;
	int ret = -1;
	struct lex l;

	if (!se || se->type != 1 || se->busy)
		return -1;
	d = tail_object(t, stm);
	if (!d || d->type != TV_DICT || !tail_is_name(tail_dict(d, "Type"), "ObjStm"))
		return -1;
	first = val_uint(tail_dict(d, "First"));
	count = val_uint(tail_dict(d, "N"));
	buf_init(&data);
	se->busy = 1;
	if (first < 0 || count < 0 || idx >= count || stream_data(t, d, d->end, &data) != 0 || (size_t)first > data.len)
		goto out;
	l.p = (const unsigned char *)data.data;
	l.n = (size_t)first;
	l.pos = 0;
	l.infile = 0;
	for (k = 0; k <= idx; k++) {
		long on, oo;
		lex_skip(&l);
		on = lex_uint(&l);
		lex_skip(&l);
		oo = lex_uint(&l);
		if (on < 0 || oo < 0)
			goto out;
		if (k == idx && on == num)
			off = oo;
	}
	if (off < 0 || (size_t)off > data.len - (size_t)first)
		goto out;
	l.n = data.len;
	l.pos = (size_t)first + (size_t)off;
	ret = parse_value(&l, v, 0);
out:
	se->busy = 0;
	buf_free(&data);
	return ret;
}

const struct tail_val *tail_object(struct tail *t, long num)
{
	struct tail_entry *e = entry_find(t, num);
	struct tail_val *v;
	int r = -1;

	if (!e || e->type == 0 || e->failed || e->busy)
		return NULL;
	if (e->val)
		return e->val;
	e->busy = 1;
	v = xcalloc(1, sizeof *v);
	if (e->type == 1) {
		struct lex l = { t->p, t->n, e->off, 1 };
		long on, og;
		on = lex_uint(&l);
		lex_skip(&l);
		og = lex_uint(&l);
		lex_skip(&l);
		if (on == num && og >= 0 && lex_keyword_at(&l, l.pos, "obj")) {
			l.pos += 3;
			r = parse_value(&l, v, 0);
		}
	} else {
		r = objstm_value(t, e->stm, e->idx, num, v);
	}
	e->busy = 0;
	if (r != 0) {
		val_free(v);
		free(v);
		e->failed = 1;
		return NULL;
	}
	e->val = v;
	return v;
}

const struct tail_val *tail_get(struct tail *t, const struct tail_val *v)
{
	if (v && v->type == TV_REF)
		return tail_object(t, v->ref);
	return v;
}

/* ---- pages ---- */

long tail_page(struct tail *t, size_t index)
{
	const struct tail_val *node = tail_key(t, tail_object(t, t->root), "Pages");
	const struct tail_val *pages_ref = tail_dict(tail_object(t, t->root), "Pages");
	long num = pages_ref && pages_ref->type == TV_REF ? pages_ref->ref : 0;
	int depth, visits = 0;

	for (depth = 0; node && depth < TAIL_DEPTH; depth++) {
		const struct tail_val *kids = tail_key(t, node, "Kids");
		size_t i;
		int down = 0;

		if (tail_is_name(tail_dict(node, "Type"), "Page"))
			return index == 0 ? num : 0;
		if (!kids || kids->type != TV_ARRAY)
			return 0;
		for (i = 0; i < kids->n && !down; i++) {
			const struct tail_val *k = tail_get(t, &kids->v[i]);
			long count;
			if (++visits > TAIL_VISITS || !k || k->type != TV_DICT || kids->v[i].type != TV_REF)
				return 0;
			if (tail_is_name(tail_dict(k, "Type"), "Page")) {
				if (index == 0)
					return kids->v[i].ref;
				index--;
				continue;
			}
			count = val_uint(tail_key(t, k, "Count"));
			if (count < 0)
				return 0;
			if (index < (size_t)count) {
				node = k;
				num = kids->v[i].ref;
				down = 1;
			} else {
				index -= (size_t)count;
			}
		}
		if (!down)
			return 0;
	}
	return 0;
}

long tail_page_index(struct tail *t, long num)
{
	long index = 0, cur = num;
	int depth, visits = 0;

	for (depth = 0; depth < TAIL_DEPTH; depth++) {
		const struct tail_val *node = tail_object(t, cur);
		const struct tail_val *parent = tail_dict(node, "Parent");
		const struct tail_val *kids;
		size_t i;

		if (!node || node->type != TV_DICT)
			return -1;
		if (!parent)
			return depth == 0 ? -1 : index;
		if (parent->type != TV_REF)
			return -1;
		kids = tail_key(t, tail_object(t, parent->ref), "Kids");
		if (!kids || kids->type != TV_ARRAY)
			return -1;
		for (i = 0; i < kids->n; i++) {
			const struct tail_val *k;
			if (++visits > TAIL_VISITS)
				return -1;
			if (kids->v[i].type == TV_REF && kids->v[i].ref == cur)
				break;
			k = tail_get(t, &kids->v[i]);
			if (tail_is_name(tail_dict(k, "Type"), "Page"))
				index++;
			else if (val_uint(tail_key(t, k, "Count")) >= 0)
				index += val_uint(tail_key(t, k, "Count"));
		}
		if (i == kids->n)
			return -1;
		cur = parent->ref;
	}
	return -1;
}

/* ---- text strings ---- */

/* PDFDocEncoding 0x80–0x9F (ISO 32000-1 Annex D); the rest is Latin-1. */
static const uint16_t pdfdoc_high[32] = {
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044, 0x2039, 0x203A, 0x2212, 0x2030,
	0x201E, 0x201C, 0x201D, 0x2018, 0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
	0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD,
};

static void put_utf8(struct buf *b, uint32_t cp)
{
	char tmp[4];

	if (cp < 0x20 && cp != '\n' && cp != '\t')
		cp = ' ';
	if ((cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
		cp = 0xFFFD;
	buf_add(b, tmp, (size_t)utf8_encode(cp, tmp));
}

char *tail_text(const struct tail_val *s)
{
	struct buf b;
	const unsigned char *p;
	size_t i, n;

	buf_init(&b);
	if (!s || (s->type != TV_STR && s->type != TV_NAME)) {
		buf_str(&b);
		return buf_take(&b);
	}
	p = (const unsigned char *)s->str;
	n = s->len;
	if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF) {
		for (i = 2; i + 1 < n; i += 2) {
			uint32_t u = (uint32_t)p[i] << 8 | p[i + 1];
			if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
				uint32_t lo = (uint32_t)p[i + 2] << 8 | p[i + 3];
				if (lo >= 0xDC00 && lo < 0xE000) {
					put_utf8(&b, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
					i += 2;
					continue;
				}
			}
			put_utf8(&b, u);
		}
	} else if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		/* PDF 2.0 UTF-8 text string */
		int line, col;
		if (utf8_check((const char *)p + 3, n - 3, &line, &col) == 0) {
			buf_free(&b);
			return xstrndup((const char *)p + 3, n - 3);
		}
	} else {
		for (i = 0; i < n; i++)
			put_utf8(&b, p[i] >= 0x80 && p[i] < 0xA0 ? pdfdoc_high[p[i] - 0x80] : p[i]);
	}
	buf_str(&b);
	return buf_take(&b);
}

/* ---- signature fields ---- */

struct field_walk {
	struct tail *t;
	struct tail_field *v;
	size_t n, cap;
	int visits;
};

/* Every leaf of the page tree in order (cached in t): one walk, with the
 * visit budget, whatever the tree claims in its /Count entries. */
static void pages_walk(struct tail *t, const struct tail_val *kids, int depth, int *visits, size_t *cap)
{
	size_t i;

	if (!kids || kids->type != TV_ARRAY || depth > TAIL_DEPTH)
		return;
	for (i = 0; i < kids->n && *visits < TAIL_VISITS; i++) {
		const struct tail_val *k = tail_get(t, &kids->v[i]);
		(*visits)++;
		if (!k || k->type != TV_DICT || kids->v[i].type != TV_REF)
			continue;
		if (tail_is_name(tail_dict(k, "Type"), "Page")) {
			if (t->npages == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				t->pages = xrealloc(t->pages, *cap * sizeof *t->pages);
			}
			t->pages[t->npages++] = kids->v[i].ref;
		} else {
			pages_walk(t, tail_key(t, k, "Kids"), depth + 1, visits, cap);
		}
	}
}

static void pages_list(struct tail *t)
{
	int visits = 0;
	size_t cap = 0;

	if (t->pages_done)
		return;
	t->pages_done = 1;
	pages_walk(t, tail_key(t, tail_key(t, tail_object(t, t->root), "Pages"), "Kids"), 0, &visits, &cap);
}

/* The page whose /Annots lists the widget obj, or 0. */
static long annot_page(struct tail *t, long obj)
{
	size_t i, k;

	pages_list(t);
	for (i = 0; i < t->npages; i++) {
		const struct tail_val *annots = tail_key(t, tail_object(t, t->pages[i]), "Annots");
		for (k = 0; annots && annots->type == TV_ARRAY && k < annots->n; k++)
			if (annots->v[k].type == TV_REF && annots->v[k].ref == obj)
				return t->pages[i];
	}
	return 0;
}

static void field_add(struct field_walk *w, const struct tail_val *node, long obj, const char *name,
		      const struct tail_val *widget, long widget_obj)
{
	struct tail_field *f;
	const struct tail_val *rect = tail_key(w->t, widget, "Rect"), *p = tail_dict(widget, "P");
	const struct tail_val *v = tail_dict(node, "V");
	size_t i;

	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 4;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	f = &w->v[w->n++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name);
	f->obj = obj;
	if (rect && rect->type == TV_ARRAY && rect->n == 4) {
		for (i = 0; i < 4; i++) {
			const struct tail_val *x = tail_get(w->t, &rect->v[i]);
			f->rect[i] = x && x->type == TV_NUM ? x->num : 0;
		}
		if (f->rect[0] > f->rect[2]) {
			double s = f->rect[0];
			f->rect[0] = f->rect[2];
			f->rect[2] = s;
		}
		if (f->rect[1] > f->rect[3]) {
			double s = f->rect[1];
			f->rect[1] = f->rect[3];
			f->rect[3] = s;
		}
	}
	f->page = p && p->type == TV_REF ? p->ref : annot_page(w->t, widget_obj);
	f->sig = tail_get(w->t, v);
	if (f->sig && f->sig->type != TV_DICT)
		f->sig = NULL;
	f->sig_obj = f->sig && v->type == TV_REF ? v->ref : 0;
}

static void field_walk(struct field_walk *w, const struct tail_val *ref, const char *parent_name,
		       int parent_sig, int depth)
{
	const struct tail_val *node = tail_get(w->t, ref), *kids, *ft, *tn;
	char *name, *part;
	int sig;
	size_t i;

	if (!node || node->type != TV_DICT || depth > TAIL_DEPTH || ++w->visits > TAIL_VISITS)
		return;
	ft = tail_key(w->t, node, "FT");
	sig = ft ? tail_is_name(ft, "Sig") : parent_sig;
	tn = tail_key(w->t, node, "T");
	part = tn ? tail_text(tn) : NULL;
	name = part ? (*parent_name ? xasprintf("%s.%s", parent_name, part) : xstrdup(part)) : xstrdup(parent_name);
	kids = tail_key(w->t, node, "Kids");
	if (kids && kids->type == TV_ARRAY && kids->n) {
		/* kids with names are fields; kids without are this field's widgets */
		const struct tail_val *k0 = tail_get(w->t, &kids->v[0]);
		if (tail_dict(k0, "T") || !sig) {
			for (i = 0; i < kids->n; i++)
				field_walk(w, &kids->v[i], name, sig, depth + 1);
		} else if (sig && ref->type == TV_REF) {
			field_add(w, node, ref->ref, name, k0, kids->v[0].type == TV_REF ? kids->v[0].ref : 0);
		}
	} else if (sig && ref->type == TV_REF) {
		field_add(w, node, ref->ref, name, node, ref->ref);
	}
	free(part);
	free(name);
}

struct tail_field *tail_fields(struct tail *t, size_t *n)
{
	const struct tail_val *form = tail_key(t, tail_object(t, t->root), "AcroForm");
	const struct tail_val *fields = tail_key(t, form, "Fields");
	struct field_walk w;
	size_t i;

	memset(&w, 0, sizeof w);
	w.t = t;
	for (i = 0; fields && fields->type == TV_ARRAY && i < fields->n; i++)
		field_walk(&w, &fields->v[i], "", 0, 0);
	*n = w.n;
	return w.v;
}

void tail_fields_free(struct tail_field *f, size_t n)
{
	size_t i;

	for (i = 0; f && i < n; i++)
		free(f[i].name);
	free(f);
}

int tail_sig_read(struct tail *t, const struct tail_val *sig, struct tail_sig *out, const char **why)
{
	const struct tail_val *br = tail_key(t, sig, "ByteRange"), *c = tail_dict(sig, "Contents");
	long v[4];
	size_t i;

	memset(out, 0, sizeof *out);
	if (!br || br->type != TV_ARRAY || br->n != 4) {
		*why = "the signature has no /ByteRange of four numbers";
		return -1;
	}
	for (i = 0; i < 4; i++) {
		v[i] = val_uint(tail_get(t, &br->v[i]));
		if (v[i] < 0) {
			*why = "the signature's /ByteRange holds a number that is not a length";
			return -1;
		}
		out->range[i] = (size_t)v[i];
	}
	if (v[0] != 0 || v[1] > v[2] || (size_t)v[2] > t->n || (size_t)v[3] > t->n - (size_t)v[2]) {
		*why = "the signature's /ByteRange points outside the file";
		return -1;
	}
	/* the gap left out must be exactly the /Contents string of this
	 * dictionary, else the signed bytes could be made to say anything */
	if (!c || c->type != TV_STR || c->start != (size_t)v[1] || c->end != (size_t)v[2] ||
	    t->p[c->start] != '<') {
		*why = "the signature's /ByteRange does not leave out exactly its own /Contents (a "
		       "forged or damaged signature)";
		return -1;
	}
	out->gap_start = (size_t)v[1];
	out->gap_end = (size_t)v[2];
	out->cms = xmalloc(c->len ? c->len : 1);
	memcpy((void *)out->cms, c->str, c->len);
	out->cms_len = c->len;
	return 0;
}

void tail_sig_fini(struct tail_sig *s)
{
	free((void *)s->cms);
	s->cms = NULL;
}

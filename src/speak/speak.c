/* Text for reading aloud: a line is cut into tokens (words, digit runs,
 * spaces, single punctuation marks, links), then read left to right; each
 * rule looks at the tokens around it (the word before a number decides
 * whether "4" is "bốn" or "tư", "05" "năm" or "không năm"). The readings are
 * listed in speak.h. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "speak.h"
#include "../util/diag.h"
#include "../util/utf8.h"
#include "../util/util.h"

#define MAX_INPUT (256u << 20)
#define MAX_VALUE 999999999999ULL /* 999 tỷ … */
#define DEFAULT_URL_PHRASE "đường dẫn trong nhóm Zalo của xã"
#define DEFAULT_LEXICON "content/tu-dien-loa.txt"

struct entry {
	char *key;
	size_t klen;
	char *val;
};

struct speak {
	int southern;
	/* Sorted by first byte, then longest key first, so the first match
	 * found in a bucket is the longest. */
	struct entry *e;
	size_t n, cap;
	size_t first[257]; /* entries with first byte b: [first[b], first[b+1]) */
};

/* ---- lexicon ---------------------------------------------------------- */

struct speak *speak_new(int southern)
{
	struct speak *sp = xcalloc(1, sizeof *sp);

	sp->southern = southern;
	return sp;
}

void speak_free(struct speak *sp)
{
	size_t i;

	if (!sp)
		return;
	for (i = 0; i < sp->n; i++) {
		free(sp->e[i].key);
		free(sp->e[i].val);
	}
	free(sp->e);
	free(sp);
}

static int entry_before(const struct entry *a, const struct entry *b)
{
	unsigned char fa = (unsigned char)a->key[0], fb = (unsigned char)b->key[0];

	if (fa != fb)
		return fa < fb;
	return a->klen > b->klen;
}

static void reindex(struct speak *sp)
{
	size_t i, b = 0;

	for (i = 0; i < sp->n; i++) {
		unsigned char f = (unsigned char)sp->e[i].key[0];
		while (b <= f)
			sp->first[b++] = i;
	}
	while (b <= 256)
		sp->first[b++] = sp->n;
}

static struct entry *find_exact(const struct speak *sp, const char *key, size_t klen)
{
	unsigned char f = (unsigned char)key[0];
	size_t i;

	if (klen == 0)
		return NULL;
	for (i = sp->first[f]; i < sp->first[f + 1]; i++)
		if (sp->e[i].klen == klen && memcmp(sp->e[i].key, key, klen) == 0)
			return &sp->e[i];
	return NULL;
}

/* Returns 1 when key replaced an earlier entry. */
static int lexicon_put(struct speak *sp, const char *key, const char *val)
{
	struct entry *old = find_exact(sp, key, strlen(key)), ne;
	size_t i;

	if (!key[0])
		return 0;
	if (old) {
		free(old->val);
		old->val = xstrdup(val);
		return 1;
	}
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 64;
		sp->e = xrealloc(sp->e, sp->cap * sizeof *sp->e);
	}
	ne.key = xstrdup(key);
	ne.klen = strlen(key);
	ne.val = xstrdup(val);
	for (i = sp->n; i > 0 && entry_before(&ne, &sp->e[i - 1]); i--)
		sp->e[i] = sp->e[i - 1];
	sp->e[i] = ne;
	sp->n++;
	reindex(sp);
	return 0;
}

void speak_lexicon_add(struct speak *sp, const char *key, const char *spoken)
{
	char *k = utf8_nfc(key, strlen(key)), *v = utf8_nfc(spoken, strlen(spoken));

	lexicon_put(sp, k, v);
	free(k);
	free(v);
}

const char *speak_lookup(const struct speak *sp, const char *key)
{
	struct entry *e = find_exact(sp, key, strlen(key));

	return e ? e->val : NULL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int speak_lexicon_load(struct speak *sp, const char *path)
{
	char *text = NULL, *nfc = NULL, *line, *next;
	size_t len;
	int lineno = 0, ret = -1, bad = 0, l, c;

	text = file_read(path, 16u << 20, &len);
	if (!text) {
		diag_error(pos_file(path), "cannot read the lexicon: %s", strerror(errno));
		goto out;
	}
	if (utf8_check(text, len, &l, &c) != 0) {
		diag_error((struct pos){ path, l, c }, "the lexicon is not UTF-8 text; save it as UTF-8");
		goto out;
	}
	nfc = utf8_nfc(text, len);
	for (line = nfc; line; line = next) {
		char *eq, *key, *val, *hash;
		struct pos at = { path, ++lineno, 1 };

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		at.col = 1 + (int)(key - line); /* only blanks before it */
		eq = strchr(key, '=');
		if (!eq) {
			diag_error(at, "this lexicon line has no \"=\": write the abbreviation, \"=\" and how it is "
				   "read aloud, e.g. \"UBND = Ủy ban nhân dân\"");
			bad = 1;
			continue;
		}
		*eq = '\0';
		val = trim(eq + 1);
		key = trim(key);
		/* A trailing " # note" is a comment; "#" inside a word is kept. */
		if ((hash = strstr(val, " #")) != NULL) {
			*hash = '\0';
			val = trim(val);
		}
		if (!*key || !*val) {
			diag_error(at, "this lexicon line needs text on both sides of \"=\", "
				   "e.g. \"CCCD = căn cước công dân\"");
			bad = 1;
			continue;
		}
		if (lexicon_put(sp, key, val))
			diag_warning(at, "\"%s\" is in the lexicon twice; this later line is the one used", key);
	}
	ret = bad ? -1 : 0;
out:
	free(text);
	free(nfc);
	return ret;
}

/* ---- links ------------------------------------------------------------ */

static const char *lookup_n(const struct speak *sp, const char *key, size_t n)
{
	struct entry *e = find_exact(sp, key, n);

	return e ? e->val : NULL;
}

const char *speak_url(const struct speak *sp, const char *url)
{
	char *u = xstrdup(url), *p, *host, *slash;
	const char *v = NULL;
	size_t n;

	for (p = u; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	host = u;
	if (strncmp(host, "https://", 8) == 0)
		host += 8;
	else if (strncmp(host, "http://", 7) == 0)
		host += 7;
	if (strncmp(host, "www.", 4) == 0)
		host += 4;
	n = strlen(host);
	while (n > 0 && host[n - 1] == '/')
		host[--n] = '\0';
	/* The whole address first (one Zalo group may have its own phrase),
	 * then the host and its parent domains. */
	v = lookup_n(sp, host, n);
	slash = strchr(host, '/');
	if (slash)
		*slash = '\0';
	for (p = host; !v && p; p = strchr(p, '.'), p = p ? p + 1 : NULL)
		v = lookup_n(sp, p, strlen(p));
	if (!v)
		v = speak_lookup(sp, "(đường dẫn)");
	free(u);
	return v ? v : DEFAULT_URL_PHRASE;
}

/* ---- tokens ----------------------------------------------------------- */

enum tok_kind { T_WORD, T_NUM, T_SPACE, T_PUNCT, T_URL };

struct tok {
	enum tok_kind kind;
	const char *s;
	size_t len;
	int col; /* code points before it in the line */
};

static int is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return isalpha((int)cp);
	if (cp == 0xD7 || cp == 0xF7)
		return 0;
	return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x300 && cp <= 0x36F) ||
	       (cp >= 0x1E00 && cp <= 0x1EFF);
}

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == '\r';
}

static const char *const tlds[] = { "vn", "com", "me", "net", "org", "gov", "edu", "info", "io", "ly", NULL };

/* Length of a link starting at p (0 when none): with a scheme or "www.", or
 * a bare host ending in a known top-level domain ("dichvucong.gov.vn"). */
static size_t url_len(const char *p, const char *line)
{
	size_t n = 0, label = 0, dots = 0, last = 0;
	const char *q;
	int i;

	if (p > line) {
		unsigned char b = (unsigned char)p[-1];
		if (isalnum(b) || b == '.' || b == '/' || b == '@' || b == '-' || b >= 0x80)
			return 0;
	}
	if (strncasecmp(p, "http://", 7) == 0 || strncasecmp(p, "https://", 8) == 0 ||
	    strncasecmp(p, "www.", 4) == 0) {
		n = 0;
		goto path;
	}
	if (!isalnum((unsigned char)*p))
		return 0;
	for (q = p;; q++) {
		if (isalnum((unsigned char)*q) || *q == '-') {
			label++;
		} else if (*q == '.' && label > 0 && (isalnum((unsigned char)q[1]))) {
			dots++;
			last = (size_t)(q + 1 - p);
			label = 0;
		} else {
			break;
		}
	}
	if (dots == 0)
		return 0;
	n = (size_t)(q - p);
	/* The host must end at a word boundary, in a known domain. */
	if ((unsigned char)*q >= 0x80 || *q == '@')
		return 0;
	for (i = 0; tlds[i]; i++)
		if (n - last == strlen(tlds[i]) && strncasecmp(p + last, tlds[i], n - last) == 0)
			break;
	if (!tlds[i])
		return 0;
	if (*q != '/')
		return n;
path:
	while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '<' && p[n] != '>' && p[n] != '"' &&
	       p[n] != '\r' && (unsigned char)p[n] < 0x80)
		n++;
	/* Sentence punctuation after a link is not part of it. */
	while (n > 0 && strchr(".,;:!?)'*", p[n - 1]))
		n--;
	return n;
}

struct toks {
	struct tok *t;
	size_t n, cap;
};

static void tok_push(struct toks *v, enum tok_kind k, const char *s, size_t len, int col)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->t = xrealloc(v->t, v->cap * sizeof *v->t);
	}
	v->t[v->n++] = (struct tok){ k, s, len, col };
}

static void tokenize(const char *line, struct toks *v)
{
	const char *p = line;
	int col = 0;

	v->n = 0;
	while (*p) {
		const char *s = p;
		uint32_t cp;
		size_t ul;
		int cols = 0;
		enum tok_kind k;

		if ((ul = url_len(p, line)) > 0) {
			tok_push(v, T_URL, p, ul, col);
			col += (int)ul; /* links are ASCII */
			p += ul;
			continue;
		}
		p += utf8_decode(p, &cp);
		cols = 1;
		if (cp >= '0' && cp <= '9') {
			k = T_NUM;
			while (*p >= '0' && *p <= '9')
				p++, cols++;
		} else if (is_letter(cp) || is_space(cp)) {
			int letter = is_letter(cp);
			k = letter ? T_WORD : T_SPACE;
			for (;;) {
				int l = utf8_decode(p, &cp);
				if (!*p || (letter ? !is_letter(cp) : !is_space(cp)))
					break;
				p += l, cols++;
			}
		} else {
			k = T_PUNCT;
		}
		tok_push(v, k, s, (size_t)(p - s), col);
		col += cols;
	}
}

/* ---- reading numbers -------------------------------------------------- */

static const char *const digit_name[] = { "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín" };

/* Words are appended with one space between them. */
static void add_w(struct buf *b, const char *w)
{
	if (b->len > 0 && b->data[b->len - 1] != ' ')
		buf_addc(b, ' ');
	buf_adds(b, w);
}

/* One group of three digits; full when a higher group was read, so the
 * hundreds are said even when zero ("một nghìn không trăm linh năm"). */
static void say_group(const struct speak *sp, struct buf *b, unsigned g, int full)
{
	unsigned h = g / 100, t = g / 10 % 10, u = g % 10;

	if (full || h) {
		add_w(b, digit_name[h]);
		add_w(b, "trăm");
	}
	if (t == 0) {
		if (u && (full || h))
			add_w(b, sp->southern ? "lẻ" : "linh");
		if (u)
			add_w(b, digit_name[u]);
	} else if (t == 1) {
		add_w(b, "mười");
		if (u == 5)
			add_w(b, "lăm");
		else if (u)
			add_w(b, digit_name[u]);
	} else {
		add_w(b, digit_name[t]);
		add_w(b, "mươi");
		if (u == 1)
			add_w(b, "mốt");
		else if (u == 4)
			add_w(b, "tư");
		else if (u == 5)
			add_w(b, "lăm");
		else if (u)
			add_w(b, digit_name[u]);
	}
}

/* n <= MAX_VALUE. */
static void say_int(const struct speak *sp, struct buf *b, uint64_t n)
{
	const char *units[] = { "tỷ", "triệu", sp->southern ? "ngàn" : "nghìn", NULL };
	uint64_t div[] = { 1000000000ULL, 1000000ULL, 1000ULL, 1ULL };
	int i, started = 0;

	if (n == 0) {
		add_w(b, "không");
		return;
	}
	for (i = 0; i < 4; i++) {
		unsigned g = (unsigned)(n / div[i] % 1000);
		if (!g)
			continue;
		say_group(sp, b, g, started);
		if (units[i])
			add_w(b, units[i]);
		started = 1;
	}
}

static void say_digits(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			add_w(b, digit_name[s[i] - '0']);
}

static void say_month(const struct speak *sp, struct buf *b, unsigned m)
{
	if (m == 4)
		add_w(b, "tư");
	else
		say_int(sp, b, m);
}

/* Value of a digit run (at most 18 digits). */
static uint64_t tok_val(const struct tok *t)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < t->len && i < 18; i++)
		v = v * 10 + (uint64_t)(t->s[i] - '0');
	return v;
}

/* ---- the reader --------------------------------------------------------- */

struct rd {
	const struct speak *sp;
	struct toks tk;
	struct buf out;
	int start;          /* at the start of a sentence */
	long last_num_end;  /* index of the last token of the last number read */
	struct pos at;
	const char *line, *line_end;
};

static const struct tok *T(const struct rd *r, long i)
{
	return i >= 0 && (size_t)i < r->tk.n ? &r->tk.t[i] : NULL;
}

static int is_p(const struct tok *t, const char *s)
{
	return t && t->kind == T_PUNCT && t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

static int is_kind(const struct tok *t, enum tok_kind k)
{
	return t && t->kind == k;
}

static int is_dash(const struct tok *t)
{
	return is_p(t, "-") || is_p(t, "\xE2\x80\x93"); /* – */
}

/* A word token equal to w ignoring case (w lower-case). */
static int word_is(const struct tok *t, const char *w)
{
	char *s, *l;
	int eq;

	if (!t || t->kind != T_WORD)
		return 0;
	if (t->len == strlen(w) && memcmp(t->s, w, t->len) == 0)
		return 1;
	s = xstrndup(t->s, t->len);
	l = utf8_lower(s);
	eq = strcmp(l, w) == 0;
	free(s);
	free(l);
	return eq;
}

static int word_in(const struct tok *t, const char *const *set)
{
	char *s, *l;
	int in = 0;

	if (!t || t->kind != T_WORD)
		return 0;
	s = xstrndup(t->s, t->len);
	l = utf8_lower(s);
	for (; *set && !in; set++)
		in = strcmp(l, *set) == 0;
	free(s);
	free(l);
	return in;
}

/* The word before token i, across one run of spaces. */
static const struct tok *prev_word(const struct rd *r, long i)
{
	const struct tok *t = T(r, i - 1);

	if (is_kind(t, T_SPACE))
		t = T(r, i - 2);
	return is_kind(t, T_WORD) ? t : NULL;
}

static const struct tok *next_word(const struct rd *r, long i)
{
	const struct tok *t = T(r, i + 1);

	if (is_kind(t, T_SPACE))
		t = T(r, i + 2);
	return is_kind(t, T_WORD) ? t : NULL;
}

static int last_cp(const struct buf *b, uint32_t *cp)
{
	size_t i = b->len;

	if (i == 0)
		return 0;
	while (i > 0 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0)
		return 0;
	utf8_decode(b->data + i - 1, cp);
	return 1;
}

static int wordy(uint32_t cp)
{
	return is_letter(cp) || (cp >= '0' && cp <= '9');
}

/* Text phat writes in place of the source: a space from a neighbouring
 * word, a capital at the start of a sentence. */
static void emit_gen(struct rd *r, const char *s)
{
	uint32_t a, b;

	if (!*s)
		return;
	utf8_decode(s, &b);
	if (last_cp(&r->out, &a) && wordy(a) && wordy(b))
		buf_addc(&r->out, ' ');
	if (r->start && is_letter(b)) {
		char first[8] = { 0 }, *up;
		int n = utf8_decode(s, &b);
		memcpy(first, s, (size_t)n);
		up = utf8_upper(first);
		buf_adds(&r->out, up);
		buf_adds(&r->out, s + n);
		free(up);
	} else {
		buf_adds(&r->out, s);
	}
	r->start = 0;
}

static void emit_buf(struct rd *r, struct buf *g)
{
	emit_gen(r, buf_str(g));
	buf_free(g);
}

static void emit_raw(struct rd *r, const struct tok *t)
{
	uint32_t a, b;

	utf8_decode(t->s, &b);
	if (t->kind == T_WORD && last_cp(&r->out, &a) && wordy(a))
		buf_addc(&r->out, ' ');
	buf_add(&r->out, t->s, t->len);
	if (t->kind == T_WORD || t->kind == T_NUM)
		r->start = 0;
	else if (t->kind == T_PUNCT && (is_p(t, ".") || is_p(t, "!") || is_p(t, "?") || is_p(t, "\xE2\x80\xA6")))
		r->start = 1;
}

/* Words after which a number is a date part, an hour: a leading zero is
 * padding there ("ngày 05" is "ngày năm"). */
static const char *const pad_before[] = { "ngày", "tháng", "năm", "giờ", "lúc", "mùng", "mồng", NULL };
static const char *const pad_after[] = { "giờ", "phút", "giây", "ngày", "tháng", "năm", NULL };
/* Words after which a Roman numeral is a number. */
static const char *const roman_before[] = { "quý", "lục", "chương", "mục", "phần", "khóa", "khoá", "đợt",
	"đoạn", "kỷ", "kỳ", "kì", "tập", "điều", "loại", "cấp", "hạng", "thứ", "số", "nhóm", "bài", "tiết",
	"quyển", "đại", "hội", NULL };
/* "/" before these means "a" (per): "đồng/tháng" "đồng một tháng". */
static const char *const per_units[] = { "tháng", "năm", "ngày", "tuần", "giờ", "phút", "người", "hộ",
	"lần", "xã", "xóm", "thôn", "km", "kg", "con", "suất", "khẩu", NULL };

static int pos_col(const struct rd *r, const struct tok *t)
{
	return r->at.col > 0 ? r->at.col + t->col : (r->at.line > 0 ? 1 + t->col : 0);
}

/* A year after "/" ("Quý I/2025", "30/2020/NĐ-CP"): reads " năm …" and
 * returns the tokens taken (0 when none). */
static long year_after(struct rd *r, long j, struct buf *g)
{
	const struct tok *s = T(r, j), *y = T(r, j + 1);

	if (is_p(s, "/") && is_kind(y, T_NUM) && y->len == 4) {
		uint64_t v = tok_val(y);
		if (v >= 1900 && v <= 2099) {
			add_w(g, "năm");
			say_int(r->sp, g, v);
			return 2;
		}
	}
	return 0;
}

/* Phone, ID and hotline numbers, digit by digit. */
static long try_phone(struct rd *r, long i)
{
	const struct tok *t = T(r, i);
	size_t total = t->len;
	long j = i, k;
	int zero = t->s[0] == '0';
	int hot = (t->len == 4 || t->len == 8) && (!memcmp(t->s, "1800", 4) || !memcmp(t->s, "1900", 4));
	struct buf g;

	if (t->len < 10 && !(hot && t->len == 8)) {
		if (!((zero && t->len >= 3) || hot))
			return 0;
		/* Groups joined by one space, dot or hyphen. */
		while (total < 11) {
			const struct tok *s = T(r, j + 1), *d = T(r, j + 2);
			if (!(s && ((s->kind == T_SPACE && s->len == 1 && s->s[0] == ' ') || is_p(s, ".") || is_p(s, "-"))))
				break;
			if (!is_kind(d, T_NUM) || d->len < 2 || d->len > 4 || total + d->len > 11)
				break;
			total += d->len;
			j += 2;
		}
		if (!((zero && (total == 10 || total == 11)) || (hot && total == 8)))
			return 0;
		/* Not the start of a longer number ("0912.345.678,5"). */
		if (is_p(T(r, j + 1), ",") && is_kind(T(r, j + 2), T_NUM))
			return 0;
	}
	buf_init(&g);
	for (k = i; k <= j; k += 2)
		say_digits(&g, T(r, k)->s, T(r, k)->len);
	emit_buf(r, &g);
	return j - i + 1;
}

/* Not followed by more of a word or number ("7h" but not "7ha"). */
static int ends_here(const struct rd *r, long j)
{
	const struct tok *t = T(r, j);

	return !t || (t->kind != T_WORD && t->kind != T_NUM);
}

static long try_time(struct rd *r, long i)
{
	const struct tok *h = T(r, i), *m = NULL, *u = T(r, i + 1);
	uint64_t hv = tok_val(h);
	long j;
	struct buf g;

	if (h->len > 2 || hv > 24)
		return 0;
	if (is_kind(u, T_WORD) && u->len == 1 && strchr("hHg", u->s[0])) {
		j = i + 2;
		if (is_kind(T(r, j), T_NUM) && T(r, j)->len == 2 && tok_val(T(r, j)) <= 59)
			m = T(r, j++);
	} else if (is_p(u, ":") && is_kind(T(r, i + 2), T_NUM) && T(r, i + 2)->len == 2 &&
		   tok_val(T(r, i + 2)) <= 59 && !is_p(T(r, i + 3), ":")) {
		m = T(r, i + 2);
		j = i + 3;
	} else {
		return 0;
	}
	if (!ends_here(r, j))
		return 0;
	buf_init(&g);
	say_int(r->sp, &g, hv);
	add_w(&g, "giờ");
	if (m && tok_val(m) > 0) {
		say_int(r->sp, &g, tok_val(m));
		add_w(&g, "phút");
	}
	emit_buf(r, &g);
	return j - i;
}

static long try_date(struct rd *r, long i)
{
	const struct tok *a = T(r, i), *s1 = T(r, i + 1), *b = T(r, i + 2), *s2 = T(r, i + 3), *c = T(r, i + 4);
	const struct tok *pw = prev_word(r, i);
	uint64_t d, m, y = 0;
	int has_y = 0, month_year = 0;
	long n;
	struct buf g;

	if (word_is(pw, "số") || !is_kind(b, T_NUM))
		return 0;
	/* The tail of a code or list ("12/5/3", "1.2.3"), not a date. */
	if ((is_p(T(r, i - 1), "/") || is_p(T(r, i - 1), ".") || is_p(T(r, i - 1), ",")) &&
	    is_kind(T(r, i - 2), T_NUM))
		return 0;
	if (a->len == 4 && is_p(s1, "-") && b->len == 2 && is_p(s2, "-") && is_kind(c, T_NUM) && c->len == 2) {
		/* 2025-01-15 */
		y = tok_val(a), m = tok_val(b), d = tok_val(c), has_y = 1, n = 5;
	} else if (a->len <= 2 && b->len <= 2 && s1 && (is_p(s1, "/") || is_p(s1, ".") || is_p(s1, "-")) &&
		   s2 && s2->len == s1->len && memcmp(s2->s, s1->s, s1->len) == 0 && is_kind(c, T_NUM) &&
		   (c->len == 4 || (c->len == 2 && is_p(s1, "/")))) {
		d = tok_val(a), m = tok_val(b), y = tok_val(c), has_y = 1, n = 5;
	} else if (a->len <= 2 && is_p(s1, "/") && b->len <= 2) {
		d = tok_val(a), m = tok_val(b), n = 3;
	} else if (a->len <= 2 && is_p(s1, "/") && b->len == 4 && !word_in(pw, roman_before)) {
		m = tok_val(a), y = tok_val(b), has_y = 1, month_year = 1, n = 3;
	} else {
		return 0;
	}
	if (m < 1 || m > 12 || (!month_year && (d < 1 || d > 31)))
		return 0;
	/* "15/01/2025/QĐ" or "1/2/3" is a code, not a date. */
	if (is_p(T(r, i + n), "/") || ((is_p(T(r, i + n), ".") || is_p(T(r, i + n), ",")) && is_kind(T(r, i + n + 1), T_NUM)) ||
	    !ends_here(r, i + n))
		return 0;
	buf_init(&g);
	if (!month_year) {
		if (!word_is(pw, "ngày"))
			add_w(&g, "ngày");
		say_int(r->sp, &g, d);
		add_w(&g, "tháng");
	} else if (!word_is(pw, "tháng")) {
		add_w(&g, "tháng");
	}
	say_month(r->sp, &g, (unsigned)m);
	if (has_y) {
		add_w(&g, "năm");
		say_int(r->sp, &g, y);
	}
	emit_buf(r, &g);
	return n;
}

/* The digits of a number with "." between groups of three, or NULL. */
static long thousands(const struct rd *r, long i, struct buf *digits)
{
	const struct tok *t = T(r, i);
	long j = i;

	buf_add(digits, t->s, t->len);
	if (t->len > 3 || t->s[0] == '0')
		return 1;
	while (is_p(T(r, j + 1), ".") && is_kind(T(r, j + 2), T_NUM) && T(r, j + 2)->len == 3) {
		buf_add(digits, T(r, j + 2)->s, 3);
		j += 2;
	}
	/* "1.234.5" is not a number with thousands: read it part by part. */
	if (is_p(T(r, j + 1), ".") && is_kind(T(r, j + 2), T_NUM)) {
		digits->len = 0;
		buf_add(digits, t->s, t->len);
		return 1;
	}
	return j - i + 1;
}

static long read_number(struct rd *r, long i)
{
	const struct tok *t = T(r, i), *pw = prev_word(r, i), *nx;
	struct buf digits, g;
	long n, j;
	const char *d;
	size_t dl;
	uint64_t v = 0;

	buf_init(&digits);
	buf_init(&g);
	n = thousands(r, i, &digits);
	d = buf_str(&digits);
	dl = digits.len;
	j = i + n;
	while (dl > 1 && *d == '0' && n > 1)
		d++, dl--;
	if (dl > 12) {
		diag_error((struct pos){ r->at.file, r->at.line, pos_col(r, t) },
			   "the number %.*s is too large to read aloud (the largest is 999.999.999.999, "
			   "\"chín trăm chín mươi chín tỷ …\"); write it in words",
			   (int)(T(r, j - 1)->s + T(r, j - 1)->len - t->s), t->s);
		buf_free(&digits);
		return -1;
	}
	for (size_t k = 0; k < dl; k++)
		v = v * 10 + (uint64_t)(d[k] - '0');

	if (n == 1 && t->len >= 2 && t->s[0] == '0' && !is_p(T(r, j), ",") &&
	    !word_in(pw, pad_before) && !word_in(next_word(r, j - 1), pad_after)) {
		/* "Đề án 06", "06/CP": a code, said digit by digit. */
		say_digits(&g, t->s, t->len);
	} else if (n == 1 && word_is(pw, "tháng") && v >= 1 && v <= 12 && !is_p(T(r, j), ",")) {
		say_month(r->sp, &g, (unsigned)v);
	} else if (n == 1 && word_is(pw, "thứ") && v == 1) {
		add_w(&g, "nhất");
	} else if (n == 1 && word_is(pw, "thứ") && v == 4) {
		add_w(&g, "tư");
	} else {
		say_int(r->sp, &g, v);
	}
	/* Decimal comma, unless it is a list "1,2,3". */
	if (is_p(T(r, j), ",") && is_kind(T(r, j + 1), T_NUM) &&
	    !(is_p(T(r, j + 2), ",") && is_kind(T(r, j + 3), T_NUM)) &&
	    !(is_p(T(r, i - 1), ",") && is_kind(T(r, i - 2), T_NUM))) {
		const struct tok *f = T(r, j + 1);
		size_t z = 0;

		while (z < f->len && f->s[z] == '0')
			z++;
		/* "40,0 %" is said "bốn mươi phần trăm": a fraction of zeros
		 * (a rate printed with one decimal) is not read out */
		if (z < f->len) {
			add_w(&g, "phẩy");
			for (size_t k = 0; k < z; k++)
				add_w(&g, "không");
			if (f->len - z > 3)
				say_digits(&g, f->s + z, f->len - z);
			else
				say_int(r->sp, &g, tok_val(&(struct tok){ T_NUM, f->s + z, f->len - z, 0 }));
		}
		j += 2;
	}
	nx = T(r, j);
	if (is_p(nx, "%")) {
		add_w(&g, "phần trăm");
		j++;
	} else if (is_kind(nx, T_SPACE) && is_p(T(r, j + 1), "%")) {
		add_w(&g, "phần trăm");
		j += 2;
	} else if (is_kind(nx, T_WORD) && nx->len == 2 && memcmp(nx->s, "đ", 2) == 0) {
		add_w(&g, "đồng");
		j++;
	} else {
		j += year_after(r, j, &g);
	}
	emit_buf(r, &g);
	buf_free(&digits);
	return j - i;
}

static long do_num(struct rd *r, long i)
{
	long n;

	n = try_phone(r, i);
	if (!n)
		n = try_time(r, i);
	if (!n)
		n = try_date(r, i);
	if (!n)
		n = read_number(r, i);
	if (n > 0)
		r->last_num_end = i + n - 1;
	return n;
}

/* ---- words ------------------------------------------------------------ */

static int roman_value(const struct tok *t)
{
	static const char sym[] = "IVXLC";
	static const int val[] = { 1, 5, 10, 50, 100 };
	static const char *const enc[] = { "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
	static const int encv[] = { 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	char back[32];
	size_t i, o = 0;
	int v = 0, k;

	if (t->len == 0 || t->len > 12)
		return 0;
	for (i = 0; i < t->len; i++) {
		const char *p = strchr(sym, t->s[i]);
		int cur, nxt = 0;
		if (!p || !t->s[i])
			return 0;
		cur = val[p - sym];
		if (i + 1 < t->len) {
			const char *q = strchr(sym, t->s[i + 1]);
			if (!q || !t->s[i + 1])
				return 0;
			nxt = val[q - sym];
		}
		v += cur < nxt ? -cur : cur;
	}
	/* Only the canonical spelling counts ("IIII" and "IC" do not). */
	for (k = 0, i = (size_t)v; k < 9; k++)
		while ((int)i >= encv[k] && o + 2 < sizeof back) {
			size_t l = strlen(enc[k]);
			memcpy(back + o, enc[k], l);
			o += l;
			i -= (size_t)encv[k];
		}
	return o == t->len && memcmp(back, t->s, o) == 0 && v > 0 ? v : 0;
}

/* Could this all-capital word be a Vietnamese syllable ("TÂN", "XÃ")?
 * If not, it is an abbreviation to spell ("HTX"). */
static int syllable(const struct tok *t)
{
	static const char *const onsets[] = { "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
		"b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "", NULL };
	static const char *const codas[] = { "", "ch", "ng", "nh", "c", "m", "n", "p", "t", NULL };
	char *s = xstrndup(t->s, t->len), *f = utf8_ascii_fold(s), *p;
	int ok = 0, i, k;

	for (p = f; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (i = 0; onsets[i] && !ok; i++) {
		size_t ol = strlen(onsets[i]), v = 0;
		if (strncmp(f, onsets[i], ol) != 0)
			continue;
		while (f[ol + v] && strchr("aeiouy", f[ol + v]))
			v++;
		if (v == 0 || v > 3) {
			/* "gi" alone: the i is the vowel. */
			continue;
		}
		for (k = 0; codas[k]; k++)
			if (strcmp(f + ol + v, codas[k]) == 0)
				ok = 1;
	}
	if (!ok && strcmp(f, "gi") == 0)
		ok = 1;
	free(s);
	free(f);
	return ok;
}

static int all_caps(const struct tok *t)
{
	char *s, *l;
	int caps;
	const char *p;
	size_t i;

	/* Most words have a lower-case ASCII letter: no allocation for them. */
	for (i = 0; i < t->len; i++)
		if (t->s[i] >= 'a' && t->s[i] <= 'z')
			return 0;
	s = xstrndup(t->s, t->len);
	l = utf8_lower(s);
	caps = strcmp(s, l) != 0;

	/* Upper-case when no letter is already lower-case. */
	for (p = s; caps && *p;) {
		uint32_t cp;
		char one[8] = { 0 }, *u;
		int n = utf8_decode(p, &cp);
		memcpy(one, p, (size_t)n);
		u = utf8_upper(one);
		if (strcmp(u, one) != 0)
			caps = 0;
		free(u);
		p += n;
	}
	free(s);
	free(l);
	return caps;
}

static void spell(struct buf *g, const struct tok *t)
{
	static const char *const names[26] = { "a", "bê", "xê", "dê", "e", "ép", "giê", "hát", "i", "gi", "ca",
		"e lờ", "em", "en", "o", "pê", "quy", "e rờ", "ét", "tê", "u", "vê", "vê kép", "ích", "y", "dét" };
	const char *p = t->s, *e = t->s + t->len;

	while (p < e) {
		uint32_t cp;
		char one[8] = { 0 }, *f, *l;
		int n = utf8_decode(p, &cp);
		memcpy(one, p, (size_t)n);
		f = utf8_ascii_fold(one);
		l = utf8_lower(one);
		if (cp == 0x110)
			add_w(g, "đê");
		else if (cp == 0x102)
			add_w(g, "á");
		else if (cp == 0xC2)
			add_w(g, "ớ");
		else if (strchr("aeiouyAEIOUY", f[0]) && f[0])
			add_w(g, l);
		else if (isalpha((unsigned char)f[0]))
			add_w(g, names[tolower((unsigned char)f[0]) - 'a']);
		else
			add_w(g, l);
		free(f);
		free(l);
		p += n;
	}
}

/* Longest lexicon key starting at token i and ending at a token end. */
static long lexicon_match(struct rd *r, long i)
{
	const struct speak *sp = r->sp;
	const struct tok *t = T(r, i);
	const char *p = t->s, *lend = r->line_end;
	unsigned char f = (unsigned char)*p;
	size_t k;

	for (k = sp->first[f]; k < sp->first[f + 1]; k++) {
		const struct entry *e = &sp->e[k];
		const char *end = p + e->klen;
		long j;

		if (end > lend || memcmp(p, e->key, e->klen) != 0)
			continue;
		for (j = i; (size_t)j < r->tk.n && T(r, j)->s + T(r, j)->len < end; j++)
			;
		if ((size_t)j >= r->tk.n || T(r, j)->s + T(r, j)->len != end || T(r, j)->kind == T_URL)
			continue;
		if (!ends_here(r, j + 1))
			continue;
		emit_gen(r, e->val);
		return j - i + 1;
	}
	return 0;
}

static long do_word(struct rd *r, long i)
{
	const struct tok *t = T(r, i);
	struct buf g;
	long n;
	int v;

	if ((v = roman_value(t)) > 0 && ends_here(r, i + 1) && word_in(prev_word(r, i), roman_before)) {
		buf_init(&g);
		if (word_is(prev_word(r, i), "thứ") && (v == 1 || v == 4))
			add_w(&g, v == 1 ? "nhất" : "tư");
		else
			say_int(r->sp, &g, (uint64_t)v);
		n = 1 + year_after(r, i + 1, &g);
		emit_buf(r, &g);
		r->last_num_end = i + n - 1;
		return n;
	}
	if ((n = lexicon_match(r, i)) > 0)
		return n;
	if (all_caps(t) && !syllable(t)) {
		buf_init(&g);
		spell(&g, t);
		emit_buf(r, &g);
		return 1;
	}
	emit_raw(r, t);
	return 1;
}

/* ---- punctuation -------------------------------------------------------- */

static int code_like(const struct tok *t)
{
	return t && t->kind == T_WORD && all_caps(t);
}

static long do_punct(struct rd *r, long i)
{
	const struct tok *t = T(r, i), *L = T(r, i - 1), *R = T(r, i + 1);
	int after_num = r->last_num_end == i - 1;

	if (is_dash(t)) {
		if (after_num && is_kind(R, T_NUM)) {
			emit_gen(r, "đến");
			buf_addc(&r->out, ' ');
			return 1;
		}
		if (r->last_num_end == i - 2 && is_kind(L, T_SPACE) && is_kind(R, T_SPACE) &&
		    is_kind(T(r, i + 2), T_NUM)) {
			emit_gen(r, "đến");
			return 1;
		}
		if ((is_kind(L, T_WORD) && is_kind(R, T_WORD) && (code_like(L) || code_like(R))) ||
		    (is_kind(L, T_WORD) && is_kind(R, T_NUM)) || (after_num && is_kind(R, T_WORD))) {
			buf_addc(&r->out, ' ');
			return 1;
		}
	} else if (is_p(t, "/")) {
		if (is_kind(L, T_WORD) && is_kind(R, T_WORD)) {
			if (word_is(L, "và") || word_is(L, "hoặc") || word_is(R, "và") || word_is(R, "hoặc") ||
			    (code_like(L) && code_like(R)))
				buf_addc(&r->out, ' ');
			else if (word_in(R, per_units))
				emit_gen(r, " một ");
			else
				emit_gen(r, " hoặc ");
			return 1;
		}
		if (after_num && is_kind(R, T_WORD)) {
			if (word_in(R, per_units))
				buf_adds(&r->out, " một ");
			else
				buf_addc(&r->out, ' ');
			return 1;
		}
		if (after_num && is_kind(R, T_NUM)) {
			emit_gen(r, "trên");
			buf_addc(&r->out, ' ');
			return 1;
		}
		if (is_kind(L, T_WORD) && is_kind(R, T_NUM)) {
			buf_addc(&r->out, ' ');
			return 1;
		}
	} else if (is_p(t, ".") && after_num && is_kind(R, T_NUM)) {
		/* "mục 2.1" */
		emit_gen(r, "chấm");
		buf_addc(&r->out, ' ');
		return 1;
	} else if (is_p(t, "%")) {
		emit_gen(r, "phần trăm");
		return 1;
	} else if (is_p(t, "&")) {
		emit_gen(r, is_kind(L, T_SPACE) ? "và" : " và ");
		return 1;
	} else if (is_p(t, "<") && is_kind(R, T_URL) && is_p(T(r, i + 2), ">")) {
		/* <https://…> in Markdown: the brackets go with the link. */
		char *u = xstrndup(R->s, R->len);
		emit_gen(r, speak_url(r->sp, u));
		free(u);
		return 3;
	}
	emit_raw(r, t);
	return 1;
}

/* ---- lines ------------------------------------------------------------ */

/* Reads one NFC line; NULL after diag_error. */
static char *speak_line(const struct speak *sp, const char *line, struct pos at, struct toks *tk)
{
	struct rd r;
	long i, n;
	char *ret = NULL;

	memset(&r, 0, sizeof r);
	r.sp = sp;
	r.tk = *tk;
	r.start = 1;
	r.last_num_end = -2;
	r.at = at;
	r.line = line;
	r.line_end = line + strlen(line);
	buf_init(&r.out);
	tokenize(line, &r.tk);
	for (i = 0; (size_t)i < r.tk.n; i += n) {
		const struct tok *t = T(&r, i);

		switch (t->kind) {
		case T_NUM:
			n = do_num(&r, i);
			break;
		case T_WORD:
			n = do_word(&r, i);
			break;
		case T_PUNCT:
			n = do_punct(&r, i);
			break;
		case T_URL: {
			char *u = xstrndup(t->s, t->len);
			emit_gen(&r, speak_url(sp, u));
			free(u);
			n = 1;
			break;
		}
		default:
			emit_raw(&r, t);
			n = 1;
		}
		if (n < 0)
			goto out;
	}
	ret = buf_take(&r.out);
	if (!ret)
		ret = xstrdup("");
out:
	*tk = r.tk;
	buf_free(&r.out);
	return ret;
}

char *speak_text(const struct speak *sp, const char *utf8, struct pos at)
{
	struct toks tk = { 0 };
	size_t len = strlen(utf8);
	char *nfc, *ret;
	int l, c;

	if (utf8_check(utf8, len, &l, &c) != 0) {
		diag_error((struct pos){ at.file, at.line ? at.line + l - 1 : l, c },
			   "this text is not UTF-8; save the file as UTF-8");
		return NULL;
	}
	nfc = utf8_nfc(utf8, len);
	ret = speak_line(sp, nfc, at, &tk);
	free(tk.t);
	free(nfc);
	return ret;
}

/* ---- the subcommand ----------------------------------------------------- */

static const char speak_usage[] =
	"usage: phat speak [FILE] [--mien-nam] [--tu-dien FILE]\n"
	"  writes FILE (or standard input) as it is to be read over the loudspeaker,\n"
	"  one line for each line; --mien-nam reads \"lẻ\", \"ngàn\"; --tu-dien names the\n"
	"  lexicon of abbreviations (default " DEFAULT_LEXICON " when it exists)\n";

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

int speak_main(int argc, char **argv)
{
	const char *in = NULL, *lex = NULL, *name;
	struct speak *sp = NULL;
	struct toks tk = { 0 };
	char *text = NULL, *nfc = NULL, *line, *next;
	size_t len = 0;
	int southern = 0, ret = 2, i, l, c, lineno = 0, failed = 0;
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
	if (!lex && (f = fopen(DEFAULT_LEXICON, "r")) != NULL) {
		fclose(f);
		lex = DEFAULT_LEXICON;
	} else if (lex && (f = fopen(lex, "r")) == NULL) {
		fprintf(stderr, "phat: error: cannot read the lexicon \"%s\": %s\n", lex, strerror(errno));
		goto out;
	} else if (lex) {
		fclose(f);
	}
	if (lex && speak_lexicon_load(sp, lex) != 0) {
		ret = 1;
		goto out;
	}
	if (!in || strcmp(in, "-") == 0) {
		name = "<stdin>";
		text = read_stdin(&len);
	} else {
		name = in;
		text = file_read(in, MAX_INPUT, &len);
	}
	if (!text) {
		fprintf(stderr, "phat: error: cannot read \"%s\": %s\n", name, strerror(errno));
		goto out;
	}
	ret = 1;
	if (utf8_check(text, len, &l, &c) != 0) {
		diag_error((struct pos){ name, l, c }, "this is not UTF-8 text (or it holds a NUL byte); "
			   "save the file as UTF-8");
		goto out;
	}
	nfc = utf8_nfc(text, len);
	for (line = nfc; line && *line; line = next) {
		char *s;
		size_t ll;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		ll = strlen(line);
		if (ll > 0 && line[ll - 1] == '\r')
			line[ll - 1] = '\0';
		s = speak_line(sp, line, (struct pos){ name, ++lineno, 1 }, &tk);
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
	free(tk.t);
	free(text);
	free(nfc);
	speak_free(sp);
	return ret;
usage:
	fputs(speak_usage, stderr);
	return 2;
}

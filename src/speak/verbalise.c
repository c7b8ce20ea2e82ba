/* The verbalisers: each semiotic class written out as it is said (NeMo's
 * verbaliser), then the line put back together: ordinary words and
 * punctuation as written, one space between a generated word and its
 * neighbours, a capital where phat's words start a sentence. */
#include <ctype.h>
#include <stdio.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "../util/diag.h"
#include "../util/utf8.h"

/* ---- electronic ---- */

/* An address read out: "." "chấm", "@" "a còng", "-" "gạch ngang",
 * "_" "gạch dưới", "/" "xẹt", digits one by one; letters as written (the
 * announcer reads "tanthanh" as the name it is). */
static void say_address(struct buf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (isalpha(c) || c >= 0x80) {
			size_t j = i;
			while (j < n && (isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80))
				j++;
			if (b->len && b->data[b->len - 1] != ' ')
				buf_addc(b, ' ');
			buf_add(b, s + i, j - i);
			i = j;
			continue;
		}
		if (isdigit(c))
			say_digits(b, s + i, 1);
		else if (c == '.')
			say_w(b, "chấm");
		else if (c == '@')
			say_w(b, "a còng");
		else if (c == '-')
			say_w(b, "gạch ngang");
		else if (c == '_')
			say_w(b, "gạch dưới");
		else if (c == '/')
			say_w(b, "xẹt");
		i++;
	}
}

/* The host of a link, without scheme, "www." and path. */
static void url_host(const char *url, const char **h, size_t *n)
{
	const char *p = url, *e;

	if (!strncasecmp(p, "https://", 8))
		p += 8;
	else if (!strncasecmp(p, "http://", 7))
		p += 7;
	if (!strncasecmp(p, "www.", 4))
		p += 4;
	for (e = p; *e && *e != '/' && *e != '?' && *e != '#' && *e != ':'; e++)
		;
	*h = p;
	*n = (size_t)(e - p);
}

char *speak_url(const struct speak *sp, const char *url)
{
	const char *v = lexicon_url(sp, url), *h;
	struct buf b;
	size_t n;

	if (v)
		return xstrdup(v);
	/* no entry: the site's name in words, never a guess at where the
	 * link was posted ("trang dichvucong chấm gov chấm vn") */
	buf_init(&b);
	url_host(url, &h, &n);
	buf_adds(&b, "trang");
	say_address(&b, h, n);
	return buf_take(&b);
}

/* ---- numbers ---- */

static void say_sign(struct buf *b, const struct number *n, int temp)
{
	if (n->sign == '-')
		say_w(b, n->rise && !temp ? "giảm" : "âm");
	else if (n->sign == '+')
		say_w(b, n->rise && !temp ? "tăng" : "cộng");
}

static void say_value(const struct speak *sp, struct buf *b, const struct number *n, enum num_style st)
{
	say_number(sp, b, n->d, strlen(n->d), st);
	/* "40,0 %": one zero after the comma is a rate printed with one
	 * decimal, not said; a longer tail is read as written */
	if (*n->f && strcmp(n->f, "0") != 0) {
		say_w(b, "phẩy");
		say_decimal_tail(sp, b, n->f, strlen(n->f));
	}
}

/* The denominator: 4 is "tư" ("ba phần tư"). */
static void say_denominator(const struct speak *sp, struct buf *b, const struct number *n)
{
	if (!strcmp(n->d, "4"))
		say_w(b, "tư");
	else
		say_value(sp, b, n, NUM_QUANTITY);
}

static void say_fraction(const struct speak *sp, struct buf *b, const struct sem *s)
{
	if (*s->whole.d) {
		say_value(sp, b, &s->whole, NUM_QUANTITY);
		say_w(b, "và");
	}
	say_value(sp, b, &s->a, NUM_QUANTITY);
	say_w(b, "phần");
	say_denominator(sp, b, &s->b);
}

static void say_mag_unit(struct buf *b, const struct sem *s)
{
	if (s->mag) {
		if (b->len && b->data[b->len - 1] != ' ')
			buf_addc(b, ' ');
		buf_add(b, s->mag, s->maglen);
	}
	if (s->unit)
		say_w(b, s->unit);
	if (s->per_word) {
		say_w(b, s->per_word);
		if (s->per) {
			say_w(b, s->per);
		} else if (s->perw) {
			buf_addc(b, ' ');
			buf_add(b, s->perw, s->perwlen);
		}
	}
}

/* Money with cents: "10,5$" "mười đô la năm mươi xu". */
static int say_minor(const struct speak *sp, struct buf *b, const struct sem *s)
{
	char cents[3];
	size_t fl = strlen(s->a.f);
	int whole;

	if (!s->minor || fl == 0 || fl > 2 || s->mag)
		return 0;
	cents[0] = s->a.f[0];
	cents[1] = fl == 2 ? s->a.f[1] : '0';
	cents[2] = '\0';
	whole = strspn(s->a.d, "0") != strlen(s->a.d);
	say_sign(b, &s->a, 0);
	if (whole) {
		say_number(sp, b, s->a.d, strlen(s->a.d), NUM_QUANTITY);
		say_w(b, s->unit);
	}
	if (strcmp(cents, "00") != 0) {
		say_number(sp, b, cents, 2, NUM_QUANTITY);
		say_w(b, "xu");
	}
	if (s->per_word) {
		struct sem t = *s;
		t.unit = NULL;
		t.mag = NULL;
		say_mag_unit(b, &t);
	}
	return 1;
}

/* ---- dates and times ---- */

static void say_year(const struct speak *sp, struct buf *b, int y)
{
	char d[16];
	int n = snprintf(d, sizeof d, "%d", y);

	say_number(sp, b, d, (size_t)n, NUM_YEAR);
}

static void say_date(const struct speak *sp, struct buf *b, const struct sem *s)
{
	if (s->v[0] > 0) {
		if (s->flags & SF_SAY_DAY)
			say_w(b, "ngày");
		say_uint(sp, b, (uint64_t)s->v[0]);
		say_w(b, "tháng");
	} else if (s->flags & SF_SAY_MONTH) {
		say_w(b, "tháng");
	}
	if (s->flags & SF_QUARTER)
		say_uint(sp, b, (uint64_t)s->v[1]);
	else
		say_month(sp, b, (unsigned)s->v[1]);
	if (s->v[2] >= 0) {
		say_w(b, "năm");
		say_year(sp, b, s->v[2]);
	}
}

static void say_time(const struct speak *sp, struct buf *b, const struct sem *s)
{
	if (s->v[0] >= 0) {
		say_uint(sp, b, (uint64_t)s->v[0]);
		say_w(b, "giờ");
	}
	if (s->v[1] >= 0) {
		say_uint(sp, b, (uint64_t)s->v[1]);
		say_w(b, "phút");
	}
	if (s->v[2] >= 0) {
		say_uint(sp, b, (uint64_t)s->v[2]);
		say_w(b, "giây");
	}
}

/* ---- the rest ---- */

/* A ký hiệu ("KH-UBND", "NĐ-CP", "NQ/TW", "QH14") read part by part, the
 * parts being cut at "-", "/" and "&": the longest run of parts the
 * lexicon holds as written ("NĐ-CP", "TN&MT") says its phrase; else a part
 * that names a kind of document or an issuer (lexicon_kyhieu) says it;
 * else the part is spelled ("STTTT" has an entry, "XYZ" is "ích y dét").
 * Digits glued to a part are its number ("QH14" "Quốc hội mười bốn"). */
static void say_kyhieu(const struct speak *sp, struct buf *b, const char *s, size_t n)
{
	size_t at = 0;
	int first = 1;

	while (at < n) {
		size_t end = n, len, letters;
		const struct entry *e = NULL;
		const char *w;

		/* the longest run of whole parts with an entry */
		for (;;) {
			e = lexicon_find(sp, s + at, end - at);
			if (e)
				break;
			while (end > at && !strchr("-/&", s[end - 1]))
				end--;
			if (end == at)
				break;
			end--;
		}
		if (!e || end - at == 0) {
			end = at + strcspn(s + at, "-/&");
			if (end > n)
				end = n;
		}
		len = end - at;
		for (letters = len; letters > 0 && s[at + letters - 1] >= '0' && s[at + letters - 1] <= '9'; letters--)
			;
		if (first && (w = lexicon_kyhieu(s + at, letters, 1)) != NULL) {
			say_w(b, w);
		} else if (e) {
			say_w(b, e->val);
			letters = len;
		} else if ((e = lexicon_find(sp, s + at, letters)) != NULL) {
			say_w(b, e->val);
		} else if ((w = lexicon_kyhieu(s + at, letters, first)) != NULL) {
			say_w(b, w);
		} else {
			say_letters(b, s + at, letters);
		}
		if (letters < len)
			say_number(sp, b, s + at + letters, len - letters, NUM_QUANTITY);
		at = end < n ? end + 1 : n;
		first = 0;
	}
}

static void say_docnum(const struct speak *sp, const struct toks *tk, struct buf *b, const struct sem *s)
{
	const struct tok *t = &tk->t[s->tok];
	long i;

	if (!s->src) {
		/* "12/5/3": the parts with "trên" between */
		for (i = s->tok; i < s->tok + s->ntok; i++) {
			t = &tk->t[i];
			if (t->kind == T_NUM)
				say_number(sp, b, t->s, t->len, NUM_QUANTITY);
			else
				say_w(b, "trên");
		}
		return;
	}
	/* the number (a leading zero read, as clerks say "không năm"), the
	 * year, then the ký hiệu */
	if (t->len > 1 && t->s[0] == '0')
		say_digits(b, t->s, t->len);
	else
		say_number(sp, b, t->s, t->len, NUM_QUANTITY);
	if (s->v[0] >= 0) {
		const struct tok *y = &tk->t[s->v[0]];
		say_w(b, "năm");
		say_number(sp, b, y->s, y->len, NUM_YEAR);
	}
	say_kyhieu(sp, b, s->src, s->srclen);
}

static void say_ordinal(const struct speak *sp, struct buf *b, const struct sem *s)
{
	if (!strcmp(s->a.d, "1"))
		say_w(b, "nhất");
	else if (!strcmp(s->a.d, "4"))
		say_w(b, "tư");
	else
		say_value(sp, b, &s->a, NUM_QUANTITY);
}

void verbalise(const struct speak *sp, const struct toks *tk, const struct sem *s, struct buf *b)
{
	int temp = s->unit && !strncmp(s->unit, "độ", 4);
	char *u;

	switch (s->cls) {
	case SEM_CONNECTIVE:
	case SEM_ABBREVIATION:
		buf_adds(b, s->text);
		break;
	case SEM_CARDINAL:
	case SEM_DECIMAL:
	case SEM_MEASURE:
	case SEM_MONEY:
		if (s->cls == SEM_MONEY && say_minor(sp, b, s))
			break;
		if (*s->b.d) {
			/* "1/2kg": a fraction with its unit */
			say_sign(b, &s->a, temp);
			say_fraction(sp, b, s);
			say_mag_unit(b, s);
			break;
		}
		say_sign(b, &s->a, temp);
		say_value(sp, b, &s->a, s->flags & SF_YEAR ? NUM_YEAR : NUM_QUANTITY);
		say_mag_unit(b, s);
		break;
	case SEM_FRACTION:
		say_sign(b, &s->a, temp);
		say_fraction(sp, b, s);
		say_mag_unit(b, s);
		break;
	case SEM_ORDINAL:
		say_ordinal(sp, b, s);
		break;
	case SEM_DATE:
		say_date(sp, b, s);
		break;
	case SEM_TIME:
		say_time(sp, b, s);
		break;
	case SEM_TELEPHONE:
		if (s->flags & SF_COUNTRY) {
			say_w(b, "cộng");
			say_digits(b, s->src, (size_t)s->v[0]);
			say_digits(b, s->src + s->v[0], s->srclen - (size_t)s->v[0]);
		} else {
			say_digits(b, s->src, s->srclen);
		}
		break;
	case SEM_ELECTRONIC:
		u = xstrndup(s->src, s->srclen);
		if (s->flags & SF_EMAIL) {
			say_address(b, u, s->srclen);
		} else {
			char *v = speak_url(sp, u);
			buf_adds(b, v);
			free(v);
		}
		free(u);
		break;
	case SEM_DOCNUM:
		say_docnum(sp, tk, b, s);
		break;
	case SEM_ROMAN:
		if (s->flags & SF_YEAR)
			say_year(sp, b, s->v[0]);
		else
			say_uint(sp, b, (uint64_t)s->v[0]);
		if (s->v[2] >= 0) {
			say_w(b, "năm");
			say_year(sp, b, s->v[2]);
		}
		break;
	case SEM_LETTERS:
		say_letters(b, s->src, s->srclen);
		break;
	case SEM_DIGITS:
		say_digits(b, s->src, s->srclen);
		break;
	case SEM_VERBATIM:
		break;
	}
}

/* ---- putting the line back together ---- */

struct out {
	struct buf b;
	int start;             /* at the start of a sentence */
};

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
	return tok_is_letter(cp) || (cp >= '0' && cp <= '9');
}

/* Text phat writes in place of the source: a space from a neighbouring
 * word, a capital at the start of a sentence. */
static void emit_gen(struct out *o, const char *s)
{
	uint32_t a, b;

	if (!*s)
		return;
	utf8_decode(s, &b);
	/* "1,2,3" is a list once said: "một, hai, ba" */
	if (last_cp(&o->b, &a) && (wordy(a) || a == ',' || a == ';') && wordy(b))
		buf_addc(&o->b, ' ');
	if (o->start && tok_is_letter(b)) {
		char first[8] = { 0 }, *up;
		int n = utf8_decode(s, &b);
		memcpy(first, s, (size_t)n);
		up = utf8_upper(first);
		buf_adds(&o->b, up);
		buf_adds(&o->b, s + n);
		free(up);
	} else {
		buf_adds(&o->b, s);
	}
	if (tok_is_letter(b) || (b >= '0' && b <= '9'))
		o->start = 0;
}

static void emit_raw(struct out *o, const struct tok *t)
{
	uint32_t a;

	if (t->kind == T_WORD && last_cp(&o->b, &a) && wordy(a))
		buf_addc(&o->b, ' ');
	buf_add(&o->b, t->s, t->len);
	if (t->kind == T_WORD || t->kind == T_NUM)
		o->start = 0;
	else if (t->kind == T_PUNCT && t->len == 1 && strchr(".!?", t->s[0]))
		o->start = 1;
	else if (t->kind == T_PUNCT && t->len == 3 && !memcmp(t->s, "\xE2\x80\xA6", 3))
		o->start = 1;   /* … */
}

/* Classes said as one unit: a line is not broken inside them. */
static int atomic(enum sem_class c)
{
	return c == SEM_MEASURE || c == SEM_MONEY || c == SEM_ABBREVIATION || c == SEM_LETTERS || c == SEM_TIME;
}

/* Spaces inside s made no-break spaces. */
static char *glue(const char *s)
{
	struct buf b;

	buf_init(&b);
	for (; *s; s++) {
		if (*s == ' ')
			buf_adds(&b, "\xC2\xA0");
		else
			buf_addc(&b, *s);
	}
	return buf_take(&b);
}

static char *speak_line(const struct speak *sp, const char *line, struct toks *tk, struct sems *ss)
{
	struct out o;
	char *clean = tok_clean(line), *ret;
	size_t k;

	buf_init(&o.b);
	o.start = 1;
	tok_split(clean, tk);
	speak_tag(sp, tk, ss);
	for (k = 0; k < ss->n; k++) {
		const struct sem *s = &ss->v[k];
		struct buf g;

		if (s->cls == SEM_VERBATIM) {
			emit_raw(&o, &tk->t[s->tok]);
			continue;
		}
		buf_init(&g);
		verbalise(sp, tk, s, &g);
		if (sp->nobreak && atomic(s->cls) && g.len) {
			char *t = glue(buf_str(&g));
			emit_gen(&o, t);
			free(t);
		} else {
			emit_gen(&o, buf_str(&g));
		}
		buf_free(&g);
	}
	ret = buf_take(&o.b);
	free(clean);
	return ret ? ret : xstrdup("");
}

char *speak_text(const struct speak *sp, const char *utf8, struct pos at)
{
	struct toks tk = { 0 };
	struct sems ss = { 0 };
	size_t len = strlen(utf8);
	char *nfc, *ret;
	int l, c;

	if (utf8_check(utf8, len, &l, &c) != 0) {
		diag_error((struct pos){ at.file, at.line ? at.line + l - 1 : l, c },
			   "this text is not UTF-8; save the file as UTF-8");
		return NULL;
	}
	nfc = utf8_nfc(utf8, len);
	ret = speak_line(sp, nfc, &tk, &ss);
	free(tk.t);
	free(ss.v);
	free(nfc);
	return ret;
}

/* The words of s as said, lower case, each followed by a NUL, the list
 * ended by an empty word. New string, NULL when s is not UTF-8. */
static char *spoken_words(const struct speak *sp, const char *s)
{
	char *t = speak_text(sp, s, (struct pos){ NULL, 0, 0 }), *l;
	const char *r;
	struct buf b;

	if (!t)
		return NULL;
	l = utf8_lower(t);
	free(t);
	buf_init(&b);
	for (r = l; *r;) {
		uint32_t c;
		int k = utf8_decode(r, &c);
		if (wordy(c))
			buf_add(&b, r, (size_t)k);
		else if (b.len && b.data[b.len - 1] != '\0')
			buf_addc(&b, '\0');
		r += k;
	}
	if (b.len && b.data[b.len - 1] != '\0')
		buf_addc(&b, '\0');
	buf_addc(&b, '\0');
	free(l);
	return buf_take(&b);
}
int speak_said_within(const struct speak *sp, const char *a, const char *b)
{
	char *wa = spoken_words(sp, a), *wb = spoken_words(sp, b), *p, *q;
	int within = wa && wb && *wa;

	for (p = wa; within && *p; p += strlen(p) + 1) {
		for (q = wb; *q && strcmp(p, q) != 0; q += strlen(q) + 1)
			;
		within = *q != '\0';
	}
	free(wa);
	free(wb);
	return within;
}

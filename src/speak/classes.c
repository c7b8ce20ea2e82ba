/* The tagger: runs of tokens classified into semiotic classes, each with
 * the fields its verbaliser needs (NeMo's tagger; Sproat & Jaitly's
 * classes). It reads left to right; at each token the classes are tried in
 * a fixed order, the most specific shape first:
 *
 *   digits   telephone, time, date, document number or address, fraction,
 *            then a number (cardinal, decimal, ordinal, measure, money,
 *            or a code read digit by digit);
 *   words    Roman numeral (after quý, chương, thế kỷ … or heading a line),
 *            lexicon entry (longest match), letters (an all-capital word
 *            that cannot be a Vietnamese syllable), else verbatim;
 *   signs    a sign or currency before a number, a range's dash ("đến"),
 *            "/" ("trên", "một", "hoặc"), "%", "&", a link in <…>.
 *
 * What decides between two readings is the context a reader uses: the word
 * before ("ngày 2/3" is a date, "2/3 số hộ" a fraction; "thứ 4" is "thứ
 * tư"; "mã 1234567890" is read digit by digit), the shape (a month written
 * "01" is a date's; "1,234,567" has English thousands commas, "1,5" the
 * Vietnamese decimal comma), and what follows (a unit after a number wins
 * over the lexicon: "1 TB" is a terabyte). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "../util/utf8.h"

struct tg {
	const struct speak *sp;
	const struct toks *tk;
	struct sems *out;
};

/* ---- looking at tokens ---- */

static const struct tok *T(const struct tg *g, long i)
{
	return i >= 0 && (size_t)i < g->tk->n ? &g->tk->t[i] : NULL;
}

static int is_kind(const struct tok *t, enum tok_kind k)
{
	return t && t->kind == k;
}

static int is_p(const struct tok *t, const char *s)
{
	return t && t->kind == T_PUNCT && t->len == strlen(s) && memcmp(t->s, s, t->len) == 0;
}

static int is_dash(const struct tok *t)
{
	return is_p(t, "-") || is_p(t, "\xE2\x80\x93") || is_p(t, "\xE2\x80\x94"); /* – — */
}

/* One space between words (a no-break space too). */
static int is_gap(const struct tok *t)
{
	return is_kind(t, T_SPACE) && (t->len == 1 || (t->len <= 3 && (unsigned char)t->s[0] >= 0x80));
}

static int is_num(const struct tok *t)
{
	return is_kind(t, T_NUM);
}

static int tok_eq(const struct tok *t, const char *w)
{
	return t && t->len == strlen(w) && memcmp(t->s, w, t->len) == 0;
}

/* A word token equal to w ignoring case (w lower-case). */
static int word_is(const struct tok *t, const char *w)
{
	char *s, *l;
	int eq;

	if (!t || t->kind != T_WORD)
		return 0;
	if (tok_eq(t, w))
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
static const struct tok *prev_word(const struct tg *g, long i)
{
	const struct tok *t = T(g, i - 1);

	if (is_kind(t, T_SPACE))
		t = T(g, i - 2);
	return is_kind(t, T_WORD) ? t : NULL;
}

static long prev_word_at(const struct tg *g, long i)
{
	long j = i - 1;

	if (is_kind(T(g, j), T_SPACE))
		j--;
	return is_kind(T(g, j), T_WORD) ? j : -1;
}

static const struct tok *next_word(const struct tg *g, long i)
{
	const struct tok *t = T(g, i + 1);

	if (is_kind(t, T_SPACE))
		t = T(g, i + 2);
	return is_kind(t, T_WORD) ? t : NULL;
}

/* Not followed by more of a word or number ("7h" but not "7ha"). */
static int ends_here(const struct tg *g, long j)
{
	const struct tok *t = T(g, j);

	return !t || (t->kind != T_WORD && t->kind != T_NUM);
}

/* Value of a digit run (at most 9 digits). */
static long tok_val(const struct tok *t)
{
	long v = 0;
	size_t i;

	for (i = 0; i < t->len && i < 9; i++)
		v = v * 10 + (t->s[i] - '0');
	return v;
}

static int all_caps(const struct tok *t)
{
	char *s, *u;
	int caps;
	size_t i;

	/* most words have a lower-case ASCII letter: no allocation for them */
	for (i = 0; i < t->len; i++)
		if (t->s[i] >= 'a' && t->s[i] <= 'z')
			return 0;
	s = xstrndup(t->s, t->len);
	u = utf8_upper(s);
	caps = strcmp(s, u) == 0;
	if (caps) {
		char *l = utf8_lower(s);
		caps = strcmp(s, l) != 0;
		free(l);
	}
	free(s);
	free(u);
	return caps;
}

/* Could this word be a Vietnamese syllable ("TÂN", "XÃ")? If not, an
 * all-capital word is an abbreviation to spell ("HTX"). */
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
		if (v == 0 || v > 3)
			continue;
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

/* ---- the output ---- */

static struct sem *add(struct tg *g, enum sem_class c, long tok, long ntok)
{
	struct sems *o = g->out;
	struct sem *s;

	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 32;
		o->v = xrealloc(o->v, o->cap * sizeof *o->v);
	}
	s = &o->v[o->n++];
	memset(s, 0, sizeof *s);
	s->cls = c;
	s->tok = tok;
	s->ntok = ntok;
	s->v[0] = s->v[1] = s->v[2] = -1;
	return s;
}

/* The last sem that is not a space, or NULL. */
static const struct sem *last_sem(const struct tg *g)
{
	size_t k = g->out->n;

	while (k > 0) {
		const struct sem *s = &g->out->v[k - 1];
		if (!(s->cls == SEM_VERBATIM && is_kind(T(g, s->tok), T_SPACE)))
			return s;
		k--;
	}
	return NULL;
}

static int numeric(const struct sem *s)
{
	if (!s)
		return 0;
	switch (s->cls) {
	case SEM_CARDINAL: case SEM_DECIMAL: case SEM_FRACTION: case SEM_MEASURE: case SEM_MONEY:
	case SEM_DATE: case SEM_TIME: case SEM_ORDINAL: case SEM_ROMAN:
		return 1;
	default:
		return (s->flags & SF_RANGE) != 0;
	}
}

/* Ends the sem that began at token `from` just before token `to`. */
static void set_end(struct sem *s, long to)
{
	s->ntok = to - s->tok;
}

static void copy_digits(char *dst, size_t cap, const char *s, size_t n)
{
	size_t l = strlen(dst), i;

	for (i = 0; i < n && l + 1 < cap; i++)
		if (s[i] >= '0' && s[i] <= '9')
			dst[l++] = s[i];
	dst[l] = '\0';
}

/* ---- word lists ---- */

/* After these a number is a date part or an hour: a leading zero is
 * padding ("ngày 05" is "ngày năm"). */
static const char *const pad_before[] = { "ngày", "tháng", "năm", "giờ", "lúc", "mùng", "mồng", "quý", NULL };
static const char *const pad_after[] = { "giờ", "phút", "giây", "ngày", "tháng", "năm", NULL };
/* A d/m after these is a date. */
static const char *const date_before[] = { "ngày", "mùng", "mồng", "hôm", "từ", "đến", "tới", "hạn", "trước",
	"sau", "vào", "nay", "sáng", "chiều", "tối", "trưa", "đêm", "khuya", "qua", "kể", "hết", "cuối", "đầu",
	"giữa", "chủ", "thứ", "lịch", "lúc", "chót", "lễ", "dịp", "niệm", "tết", NULL };
/* A d/m after these is a share: "tỉ lệ 1/3", "chiếm 3/4", "đạt 1/2". */
static const char *const fraction_before[] = { "lệ", "chiếm", "đạt", "khoảng", "gần", "hơn", "bằng", "gấp",
	"còn", "mất", "giảm", "tăng", "nửa", "phân", "điểm", NULL };
/* … and before these: "3/4 số hộ", "1/2 diện tích", "2/3 kinh phí". */
static const char *const fraction_after[] = { "số", "tổng", "dân", "diện", "kinh", "kế", "thời", "lượng",
	"phần", "trong", "quỹ", "giá", "hộ", "người", "chỉ", "ngân", "cái", "chiếc", "con", "quả", "cốc",
	"ly", "chén", "bát", "miếng", "gói", "bao", "thùng", "mảnh", "quãng", "đoạn", "chặng", NULL };
/* After these a Roman numeral is a number. */
static const char *const roman_before[] = { "quý", "lục", "chương", "mục", "phần", "khóa", "khoá", "đợt",
	"đoạn", "kỷ", "kỉ", "kỳ", "kì", "tập", "điều", "khoản", "loại", "cấp", "hạng", "thứ", "số", "nhóm", "bài",
	"tiết", "quyển", "hội", "năm", "lớp", "vòng", "tuần", "cụm", "vùng", "khu", "tổ", NULL };
/* After these a long run of digits is an identifier, read digit by digit. */
static const char *const id_before[] = { "mã", "khoản", "stk", "cccd", "cmnd", "danh", "hiệu", "mst", "thuế",
	"thẻ", "seri", "serial", "chiếu", "số", "tk", "hồ", "sơ", "id", NULL };
/* After these "2.1" is a numbering ("mục hai chấm một"), not a decimal. */
static const char *const section_before[] = { "mục", "điều", "khoản", "phần", "chương", "bước", "tiết", "điểm",
	"bản", "mẫu", "biểu", "lục", "tiêu", "nhiệm", "vụ", "bài", "câu", "hình", "bảng", "ý", NULL };
/* A number after these is a year (read without "linh": "năm 2024"). */
static const char *const year_before[] = { "năm", "học", "đoạn", "niên", "khóa", "khoá", NULL };
/* "/" before these after a word means "a" (per): "người/tháng". */
static const char *const per_words[] = { "tháng", "năm", "ngày", "tuần", "giờ", "phút", "người", "hộ", "lần",
	"xã", "xóm", "thôn", "con", "suất", "khẩu", "lượt", "buổi", "ca", "kỳ", "quý", "bộ", "chiếc", "cái", NULL };
/* Emergency lines said digit by digit after these. */
static const char *const hotline_before[] = { "gọi", "đài", "nóng", "hotline", "cứu", "hỏa", "hoả", "sát",
	"khẩn", "cấp", "hoặc", "và", "số", "quay", NULL };
/* "số 2/3", "ngõ 12/5": a number with parts, read with "trên". */
static const char *const address_before[] = { "số", "nhà", "ngõ", "ngách", "hẻm", "kiệt", "lô", "phòng", "tổ",
	"khu", NULL };
/* Written after a number, part of how large it is. */
static const char *const magnitudes[] = { "nghìn", "ngàn", "triệu", "tỷ", "tỉ", "vạn", NULL };

/* ---- the lexicon ---- */

static int place_prefix(const struct entry *e)
{
	/* "x.", "tp.", "Q.": only before a capitalised name */
	return e->klen >= 2 && e->klen <= 3 && e->key[e->klen - 1] == '.' && !memchr(e->key, '.', e->klen - 1);
}

static int capitalised_word(const struct tok *t)
{
	uint32_t c;
	char one[8] = { 0 }, *l;
	int k, cap;

	if (!is_kind(t, T_WORD))
		return 0;
	k = utf8_decode(t->s, &c);
	memcpy(one, t->s, (size_t)k);
	l = utf8_lower(one);
	cap = strcmp(l, one) != 0;
	free(l);
	return cap;
}

/* Brand names come in any case from clerks ("VNEID", "Vneid"): a key with
 * both cases, ASCII only, also matches without regard to case. */
static int brand_key(const struct entry *e)
{
	size_t i;
	int up = 0, lo = 0;

	for (i = 0; i < e->klen; i++) {
		unsigned char c = (unsigned char)e->key[i];
		if (c >= 0x80)
			return 0;
		up |= isupper(c) != 0;
		lo |= islower(c) != 0;
	}
	return up && lo && e->klen >= 4;
}

/* The longest lexicon entry written at token i, ending at a token's end
 * and not followed by more of a word; *end the token after it. NULL when
 * none. any_case: brand names in other capitals. */
static const struct entry *lexicon_at(const struct tg *g, long i, int any_case, long *end)
{
	const struct speak *sp = g->sp;
	const struct tok *t = T(g, i);
	const char *p, *lend;
	size_t k, from = 0, to = sp->n;

	if (!t || t->kind == T_SPACE)
		return NULL;
	p = t->s;
	lend = g->tk->t[g->tk->n - 1].s + g->tk->t[g->tk->n - 1].len;
	if (!any_case) {
		from = sp->first[(unsigned char)*p];
		to = sp->first[(unsigned char)*p + 1];
	}
	for (k = from; k < to; k++) {
		const struct entry *e = &sp->e[k];
		const char *stop = p + e->klen;
		long j;

		if (stop > lend)
			continue;
		if (any_case ? !(brand_key(e) && strncasecmp(p, e->key, e->klen) == 0)
			     : memcmp(p, e->key, e->klen) != 0)
			continue;
		for (j = i; (size_t)j < g->tk->n && T(g, j)->s + T(g, j)->len < stop; j++)
			;
		if ((size_t)j >= g->tk->n || T(g, j)->s + T(g, j)->len != stop || T(g, j)->kind == T_URL ||
		    T(g, j)->kind == T_EMAIL)
			continue;
		/* a key ending in "." ends at its dot: "Q.Bình Thạnh", "KP.3" */
		if (!ends_here(g, j + 1) && e->key[e->klen - 1] != '.')
			continue;
		if (place_prefix(e) && !(capitalised_word(T(g, j + 1)) || is_num(T(g, j + 1)) ||
					 (is_gap(T(g, j + 1)) && (capitalised_word(T(g, j + 2)) || is_num(T(g, j + 2))))))
			continue;
		*end = j + 1;
		return e;
	}
	return NULL;
}

/* The place prefix for word t written with a number glued to it ("KP3",
 * "P5", "Q10": khu phố, phường, quận as the south writes them), or NULL: t
 * with a dot is a place-name prefix of the lexicon ("KP.", "P."). A single
 * lower-case letter ("p5", "h2") is too likely something else. */
static const struct entry *place_before_number(const struct tg *g, long i)
{
	const struct tok *t = T(g, i);
	char key[8];
	const struct entry *e;

	if (!is_kind(t, T_WORD) || t->len > 4 || !is_num(T(g, i + 1)) || !ends_here(g, i + 2) ||
	    (t->len == 1 && !isupper((unsigned char)t->s[0])) ||
	    ((is_p(T(g, i + 2), ".") || is_p(T(g, i + 2), ",")) && is_num(T(g, i + 3))))
		return NULL;
	memcpy(key, t->s, t->len);
	key[t->len] = '.';
	e = lexicon_find(g->sp, key, t->len + 1);
	return e && place_prefix(e) ? e : NULL;
}

/* A place prefix before its number is said in lower case, as the common
 * noun it is ("Q.2" "quận hai", "KP3" "khu phố ba"): the lower-case key's
 * entry when there is one. */
static const char *place_word(const struct tg *g, const struct entry *e)
{
	char key[8];
	const struct entry *l;
	size_t k;

	if (e->klen >= sizeof key)
		return e->val;
	for (k = 0; k < e->klen; k++)
		key[k] = (char)tolower((unsigned char)e->key[k]);
	l = lexicon_find(g->sp, key, e->klen);
	return l ? l->val : e->val;
}

static long lexicon_match(struct tg *g, long i, int any_case)
{
	long end;
	const struct entry *e = lexicon_at(g, i, any_case, &end);
	struct sem *s;

	if (!any_case && !e && (e = place_before_number(g, i)) != NULL) {
		s = add(g, SEM_ABBREVIATION, i, 1);
		s->text = place_word(g, e);
		return 1;
	}
	if (!e)
		return 0;
	s = add(g, SEM_ABBREVIATION, i, end - i);
	s->text = e->val;
	if (place_prefix(e) && (is_num(T(g, end)) || (is_gap(T(g, end)) && is_num(T(g, end + 1)))))
		s->text = place_word(g, e);
	/* a day of the week may stand on either side of a range's dash */
	if ((e->klen == 2 && e->key[0] == 'T' && e->key[1] >= '2' && e->key[1] <= '7') ||
	    (e->klen == 2 && !memcmp(e->key, "CN", 2)))
		s->flags |= SF_RANGE;
	return end - i;
}

/* ---- units and currencies ---- */

enum ukind { U_MEASURE, U_PERCENT, U_TEMP, U_MONEY, U_MINOR, U_PER };

struct unit {
	const char *w;         /* as written */
	const char *say;
	enum ukind kind;
	int ci;                /* also matched in any case ("gb", "Mhz") */
};

static const struct unit units[] = {
	/* money; U_MINOR: cents are "xu" ("10,5$" "mười đô la năm mươi xu") */
	{ "đồng", "đồng", U_MONEY, 0 }, { "đ", "đồng", U_MONEY, 0 }, { "₫", "đồng", U_MONEY, 0 },
	{ "VNĐ", "đồng", U_MONEY, 1 }, { "VND", "đồng", U_MONEY, 1 }, { "Đ", "đồng", U_MONEY, 0 },
	{ "USD", "đô la", U_MINOR, 1 }, { "$", "đô la", U_MINOR, 0 }, { "đô la", "đô la", U_MINOR, 0 },
	{ "€", "ơ rô", U_MINOR, 0 }, { "EUR", "ơ rô", U_MINOR, 1 }, { "euro", "ơ rô", U_MINOR, 0 },
	{ "£", "bảng Anh", U_MINOR, 0 }, { "GBP", "bảng Anh", U_MINOR, 1 }, { "¥", "yên Nhật", U_MONEY, 0 },
	{ "JPY", "yên Nhật", U_MONEY, 1 }, { "₹", "rupee", U_MONEY, 0 }, { "CNY", "nhân dân tệ", U_MONEY, 1 },
	{ "₩", "uôn", U_MONEY, 0 }, { "KRW", "uôn", U_MONEY, 1 },
	/* shares */
	{ "%", "phần trăm", U_PERCENT, 0 }, { "‰", "phần nghìn", U_PERCENT, 0 },
	/* temperature */
	{ "°C", "độ xê", U_TEMP, 0 }, { "°c", "độ xê", U_TEMP, 0 }, { "℃", "độ xê", U_TEMP, 0 },
	{ "°F", "độ ép", U_TEMP, 0 }, { "°f", "độ ép", U_TEMP, 0 }, { "°K", "độ ca", U_TEMP, 0 },
	{ "°k", "độ ca", U_TEMP, 0 }, { "°", "độ", U_TEMP, 0 },
	/* area and volume (before their lengths: the longest form wins anyway) */
	{ "km²", "ki lô mét vuông", U_MEASURE, 0 }, { "km2", "ki lô mét vuông", U_MEASURE, 0 },
	{ "m²", "mét vuông", U_MEASURE, 0 }, { "m2", "mét vuông", U_MEASURE, 0 },
	{ "cm²", "xăng ti mét vuông", U_MEASURE, 0 }, { "cm2", "xăng ti mét vuông", U_MEASURE, 0 },
	{ "mm²", "mi li mét vuông", U_MEASURE, 0 }, { "ha", "héc ta", U_MEASURE, 0 },
	{ "m³", "mét khối", U_MEASURE, 0 }, { "m3", "mét khối", U_MEASURE, 0 },
	{ "cm³", "xăng ti mét khối", U_MEASURE, 0 }, { "cm3", "xăng ti mét khối", U_MEASURE, 0 },
	{ "l", "lít", U_MEASURE, 0 }, { "L", "lít", U_MEASURE, 0 }, { "ml", "mi li lít", U_MEASURE, 0 },
	{ "mL", "mi li lít", U_MEASURE, 0 }, { "lít", "lít", U_MEASURE, 0 },
	/* length */
	{ "km", "ki lô mét", U_MEASURE, 0 }, { "m", "mét", U_MEASURE, 0 }, { "cm", "xăng ti mét", U_MEASURE, 0 },
	{ "mm", "mi li mét", U_MEASURE, 0 }, { "dm", "đề xi mét", U_MEASURE, 0 }, { "inch", "inch", U_MEASURE, 0 },
	{ "mét", "mét", U_MEASURE, 0 },
	/* mass */
	{ "kg", "ki lô gam", U_MEASURE, 0 }, { "g", "gam", U_MEASURE, 0 }, { "mg", "mi li gam", U_MEASURE, 0 },
	{ "tấn", "tấn", U_MEASURE, 0 }, { "tạ", "tạ", U_MEASURE, 0 }, { "yến", "yến", U_MEASURE, 0 },
	/* electricity, frequency, power */
	{ "kWh", "ki lô oát giờ", U_MEASURE, 1 }, { "kW", "ki lô oát", U_MEASURE, 1 },
	{ "MW", "mê ga oát", U_MEASURE, 0 }, { "TW", "tê ra oát", U_MEASURE, 0 }, { "tw", "tê ra oát", U_MEASURE, 0 },
	{ "W", "oát", U_MEASURE, 0 }, { "kV", "ki lô vôn", U_MEASURE, 1 }, { "mV", "mi li vôn", U_MEASURE, 0 },
	{ "V", "vôn", U_MEASURE, 0 }, { "v", "vôn", U_MEASURE, 0 }, { "mA", "mi li am pe", U_MEASURE, 0 },
	{ "GHz", "gi ga hẹc", U_MEASURE, 1 }, { "MHz", "mê ga hẹc", U_MEASURE, 1 },
	{ "kHz", "ki lô hẹc", U_MEASURE, 1 }, { "Hz", "hẹc", U_MEASURE, 1 }, { "hp", "mã lực", U_MEASURE, 1 },
	/* data */
	{ "Mbps", "mê ga bít trên giây", U_MEASURE, 1 }, { "Gbps", "gi ga bít trên giây", U_MEASURE, 1 },
	{ "kbps", "ki lô bít trên giây", U_MEASURE, 1 }, { "μm", "mi crô mét", U_MEASURE, 0 },
	{ "µm", "mi crô mét", U_MEASURE, 0 }, { "nm", "na nô mét", U_MEASURE, 0 },
	{ "KB", "ki lô bai", U_MEASURE, 1 }, { "MB", "mê ga bai", U_MEASURE, 1 },
	{ "GB", "gi ga bai", U_MEASURE, 1 }, { "TB", "tê ra bai", U_MEASURE, 1 },
	/* only after "/" ("km/h", "m/s") */
	{ "h", "giờ", U_PER, 0 }, { "s", "giây", U_PER, 0 }, { "min", "phút", U_PER, 0 },
	{ "giờ", "giờ", U_PER, 0 }, { "phút", "phút", U_PER, 0 }, { "giây", "giây", U_PER, 0 },
};

/* The unit written at token j (to a token's end, not followed by more of
 * a word), longest first; *end the token after it. per: U_PER forms count. */
static const struct unit *unit_at(const struct tg *g, long j, long *end, int per)
{
	const struct tok *t = T(g, j);
	const struct unit *best = NULL;
	size_t bestlen = 0, i;
	long bestend = j;

	if (!t || t->kind == T_SPACE || t->kind == T_URL || t->kind == T_EMAIL)
		return NULL;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		const struct unit *u = &units[i];
		size_t l = strlen(u->w);
		long k;
		const char *e;

		if (l <= bestlen || (u->kind == U_PER && !per))
			continue;
		if (strncmp(t->s, u->w, l) != 0 && !(u->ci && strncasecmp(t->s, u->w, l) == 0))
			continue;
		e = t->s + l;
		for (k = j; T(g, k) && T(g, k)->s + T(g, k)->len < e; k++)
			;
		if (!T(g, k) || T(g, k)->s + T(g, k)->len != e || !ends_here(g, k + 1))
			continue;
		/* "m" of "m/s" is a unit, but not the start of a word "m2x" */
		best = u;
		bestlen = l;
		bestend = k + 1;
	}
	if (best)
		*end = bestend;
	return best;
}

/* ---- numbers ---- */

/* Reads the number at token i (digits with their separators and decimal
 * part) into n; returns the token after it. */
static long parse_number(const struct tg *g, long i, struct number *n, int *grouped)
{
	const struct tok *t = T(g, i);
	long j = i, k;
	int english = 0;

	*grouped = 0;
	n->d[0] = n->f[0] = '\0';
	copy_digits(n->d, sizeof n->d, t->s, t->len);
	if (t->len <= 3 && t->s[0] != '0') {
		/* 1.234.567: dots between groups of three */
		while (is_p(T(g, j + 1), ".") && is_num(T(g, j + 2)) && T(g, j + 2)->len == 3)
			j += 2;
		if (j > i && is_p(T(g, j + 1), ".") && is_num(T(g, j + 2)))
			j = i;    /* "1.234.5" or "2.1.3": not thousands */
		/* 1,234,567: English thousands commas (two groups at least, or
		 * one before a decimal point) */
		if (j == i) {
			k = i;
			while (is_p(T(g, k + 1), ",") && is_num(T(g, k + 2)) && T(g, k + 2)->len == 3)
				k += 2;
			if ((k - i >= 4 || (k > i && is_p(T(g, k + 1), ".") && is_num(T(g, k + 2)))) &&
			    !(is_p(T(g, k + 1), ",") && is_num(T(g, k + 2)))) {
				j = k;
				english = 1;
			}
		}
		/* 9 000 000: spaces between groups of three */
		if (j == i && !word_in(prev_word(g, i), pad_before)) {
			k = i;
			while (is_gap(T(g, k + 1)) && is_num(T(g, k + 2)) && T(g, k + 2)->len == 3 &&
			       !is_p(T(g, k + 3), "/") && !is_p(T(g, k + 3), ":"))
				k += 2;
			if (k > i && !(is_gap(T(g, k + 1)) && is_num(T(g, k + 2))))
				j = k;
		}
		for (k = i + 2; k <= j; k += 2)
			copy_digits(n->d, sizeof n->d, T(g, k)->s, T(g, k)->len);
		*grouped = j > i;
	}
	j++;
	/* the decimal part: a Vietnamese comma, unless it is a list "1,2,3" */
	if (!english && is_p(T(g, j), ",") && is_num(T(g, j + 1)) &&
	    !(is_p(T(g, j + 2), ",") && is_num(T(g, j + 3))) &&
	    !(is_p(T(g, i - 1), ",") && is_num(T(g, i - 2)))) {
		copy_digits(n->f, sizeof n->f, T(g, j + 1)->s, T(g, j + 1)->len);
		j += 2;
	} else if (is_p(T(g, j), ".") && is_num(T(g, j + 1)) && !(is_p(T(g, j + 2), ".") && is_num(T(g, j + 3))) &&
		   (english || (!*grouped && (T(g, j + 1)->len != 3 || t->s[0] == '0') &&
				!(is_p(T(g, i - 1), ".") && is_num(T(g, i - 2))) &&
				!word_in(prev_word(g, i), section_before)))) {
		/* an English decimal point: after English commas, or where the
		 * dot cannot group thousands ("2.5%", "0.05", "1.5 triệu");
		 * "mục 2.1" and "1.2.3" are numbering, read with "chấm" */
		copy_digits(n->f, sizeof n->f, T(g, j + 1)->s, T(g, j + 1)->len);
		j += 2;
	}
	return j;
}

/* "500k", "1tr2", "2t3": the value written with k (nghìn), tr (triệu) or t
 * (tỷ), as chat and shop signs write money; returns the token after it, or
 * j when there is none. */
static long magnitude_suffix(const struct tg *g, long j, struct number *n)
{
	const struct tok *t = T(g, j);
	int e = 0;
	long end = j + 1;
	char tail[16] = "";
	size_t dl, fl, i;

	if (!is_kind(t, T_WORD))
		return j;
	if (tok_eq(t, "k") || tok_eq(t, "K"))
		e = 3;
	else if (tok_eq(t, "tr"))
		e = 6;
	else if (tok_eq(t, "t"))
		e = 9;
	if (!e)
		return j;
	if (e > 3 && is_num(T(g, end)) && T(g, end)->len <= 3) {
		copy_digits(tail, sizeof tail, T(g, end)->s, T(g, end)->len);
		end++;
	}
	if (!ends_here(g, end) || (*tail && *n->f))
		return j;
	if (*tail)
		strcpy(n->f, tail);
	fl = strlen(n->f);
	dl = strlen(n->d);
	if ((int)fl > e || dl + (size_t)e + 1 > sizeof n->d)
		return j;
	for (i = 0; i < (size_t)e; i++)
		n->d[dl + i] = i < fl ? n->f[i] : '0';
	n->d[dl + (size_t)e] = '\0';
	n->f[0] = '\0';
	return end;
}

/* A unit or currency at j, glued or after one space; fills s; returns the
 * token after it (and after a "/ unit" that follows), or j. */
static long tag_unit(struct tg *g, long j, struct sem *s)
{
	const struct unit *u, *pu;
	long k = j, end, pend, lend;

	if (is_gap(T(g, k)) && !is_kind(T(g, k + 1), T_NUM))
		k++;
	u = unit_at(g, k, &end, 0);
	if (!u)
		return j;
	/* "5 đ/c" is five comrades: a lexicon entry longer than the unit wins
	 * (one of the same length does not: "1 TB" is a terabyte) */
	if (lexicon_at(g, k, 0, &lend) && lend > end && !(is_p(T(g, end), "/") && unit_at(g, end + 1, &pend, 1)))
		return j;
	s->unit = u->say;
	s->cls = u->kind == U_MONEY || u->kind == U_MINOR ? SEM_MONEY : SEM_MEASURE;
	s->minor = u->kind == U_MINOR;
	if (u->kind == U_PERCENT && s->a.sign)
		s->a.rise = 1;
	/* per: "km/h" "trên giờ"; "đồng/tháng", "kg/người" "một tháng" */
	if (is_p(T(g, end), "/")) {
		pu = unit_at(g, end + 1, &pend, 1);
		if (pu && pu->kind != U_MONEY && pu->kind != U_MINOR) {
			s->per = pu->say;
			s->per_word = s->cls == SEM_MONEY ? "một" : "trên";
			return pend;
		}
		if (is_kind(T(g, end + 1), T_WORD) && ends_here(g, end + 2) && !all_caps(T(g, end + 1))) {
			s->per_word = "một";
			s->perw = T(g, end + 1)->s;
			s->perwlen = T(g, end + 1)->len;
			return end + 2;
		}
	}
	return end;
}

/* Phone numbers, hotlines and emergency lines, digit by digit. start is
 * where the sem starts ("+", "("), i the first digits. */
static long tag_telephone(struct tg *g, long start, long i, int country)
{
	const struct tok *t = T(g, i);
	char d[40] = "";
	size_t total;
	long j = i;
	int hot = t->len >= 4 && (!memcmp(t->s, "1800", 4) || !memcmp(t->s, "1900", 4));
	int zero = t->s[0] == '0';
	size_t want1 = 0, want2 = 0;
	struct sem *s;

	if (country && t->len > 3) {
		/* "+84912345678": the country code is not set apart */
		if (t->len < 11 || t->len > 12 || memcmp(t->s, "84", 2) != 0 || !ends_here(g, i + 1))
			return 0;
		s = add(g, SEM_TELEPHONE, start, i + 1 - start);
		s->src = t->s;
		s->srclen = t->len;
		s->flags |= SF_COUNTRY;
		s->v[0] = 2;
		return i + 1 - start;
	}
	/* "(+84)", "(0262)": the bracket closes after the first group */
	if (is_p(T(g, start), "(")) {
		if (!is_p(T(g, j + 1), ")"))
			return 0;
		j++;
	}
	copy_digits(d, sizeof d, t->s, t->len);
	total = t->len;
	if (country) {
		want1 = t->len + 9, want2 = t->len + 10;
	} else if (hot) {
		if (word_is(prev_word(g, i), "năm"))
			return 0;
		want1 = 8, want2 = 10;
	} else if (zero && t->len >= 3) {
		want1 = want2 = t->len >= 2 && t->s[1] == '2' ? 11 : 10;
		if (t->len == 10 || t->len == 11)
			want1 = 10, want2 = 11;
	} else if (t->len == 3 && t->s[0] == '1' && t->s[1] == '1' && t->s[2] >= '1' && t->s[2] <= '5' &&
		   word_in(prev_word(g, i), hotline_before) && ends_here(g, i + 1) &&
		   !is_p(T(g, i + 1), "/") && !is_p(T(g, i + 1), ".")) {
		s = add(g, SEM_TELEPHONE, start, i + 1 - start);
		s->src = t->s;
		s->srclen = t->len;
		return i + 1 - start;
	} else {
		return 0;
	}
	/* groups joined by one space, a dot or a hyphen ("0262 3 123 456") */
	while (total < want2) {
		const struct tok *sep = T(g, j + 1), *nx = T(g, j + 2);
		if (!(is_gap(sep) || (is_p(sep, ".") && !is_p(T(g, j), ")")) || (is_p(sep, "-") && !is_p(T(g, j), ")"))) ||
		    !is_num(nx) || nx->len > 8 ||
		    total + nx->len > want2)
			break;
		copy_digits(d, sizeof d, nx->s, nx->len);
		total += nx->len;
		j += 2;
		if (total == want1 && !(is_gap(T(g, j + 1)) && is_num(T(g, j + 2)) && total + T(g, j + 2)->len == want2))
			break;
	}
	if (total != want1 && total != want2)
		return 0;
	/* not the start of a longer number ("0912.345.678,5") */
	if (is_p(T(g, j + 1), ",") && is_num(T(g, j + 2)))
		return 0;
	if (!ends_here(g, j + 1))
		return 0;
	s = add(g, SEM_TELEPHONE, start, j + 1 - start);
	s->src = T(g, i)->s;
	s->srclen = (size_t)(T(g, j)->s + T(g, j)->len - s->src);
	if (country)
		s->flags |= SF_COUNTRY, s->v[0] = (int)t->len;
	return j + 1 - start;
}

/* 14h30, 14g30, 17h30p, 14:30, 12:30:45, 20p, 3p20s, 30s. */
static long tag_time(struct tg *g, long i)
{
	const struct tok *a = T(g, i), *u = T(g, i + 1);
	long j, h = -1, m = -1, sec = -1, av = tok_val(a);
	struct sem *s;

	if (a->len > 3)
		return 0;
	if (is_kind(u, T_WORD) && (tok_eq(u, "h") || tok_eq(u, "H") ||
				   ((tok_eq(u, "g") || tok_eq(u, "G")) && is_num(T(g, i + 2))))) {
		/* "7g30"; "100g" alone is grams */
		h = av;
		j = i + 2;
		if (is_num(T(g, j)) && T(g, j)->len == 2 && tok_val(T(g, j)) <= 59) {
			m = tok_val(T(g, j));
			j++;
			if (is_kind(T(g, j), T_WORD) && (tok_eq(T(g, j), "p") || tok_eq(T(g, j), "ph"))) {
				j++;
				if (is_num(T(g, j)) && T(g, j)->len == 2 && tok_val(T(g, j)) <= 59 &&
				    tok_eq(T(g, j + 1), "s"))
					sec = tok_val(T(g, j)), j += 2;
			} else if (is_p(T(g, j), "'")) {
				j++;
			}
		}
		if ((m >= 0 && h > 24) || h > 999)
			return 0;
	} else if (is_p(u, ":") && is_num(T(g, i + 2)) && T(g, i + 2)->len == 2 && tok_val(T(g, i + 2)) <= 59 &&
		   av <= 24 && a->len <= 2) {
		h = av;
		m = tok_val(T(g, i + 2));
		j = i + 3;
		if (is_p(T(g, j), ":")) {
			if (!(is_num(T(g, j + 1)) && T(g, j + 1)->len == 2 && tok_val(T(g, j + 1)) <= 59))
				return 0;
			sec = tok_val(T(g, j + 1));
			j += 2;
		}
		if (is_p(T(g, j), ":") || (is_p(T(g, j), ".") && is_num(T(g, j + 1))))
			return 0;
	} else if (is_kind(u, T_WORD) && (tok_eq(u, "p") || tok_eq(u, "ph"))) {
		m = av;
		j = i + 2;
		if (is_num(T(g, j)) && T(g, j)->len <= 2 && tok_val(T(g, j)) <= 59 && tok_eq(T(g, j + 1), "s"))
			sec = tok_val(T(g, j)), j += 2;
	} else if (is_kind(u, T_WORD) && tok_eq(u, "s")) {
		sec = av;
		j = i + 2;
	} else {
		return 0;
	}
	if (!ends_here(g, j))
		return 0;
	s = add(g, SEM_TIME, i, j - i);
	/* zero minutes and seconds are not said ("8:00" "tám giờ") */
	s->v[0] = (int)h;
	s->v[1] = (int)(m > 0 || (h < 0 && sec <= 0) ? m : -1);
	s->v[2] = (int)(sec > 0 ? sec : -1);
	s->flags |= SF_RANGE;
	return j - i;
}

static int valid_dm(long d, long m)
{
	return d >= 1 && d <= 31 && m >= 1 && m <= 12;
}

static int plausible_year(long y, size_t len)
{
	return len == 4 && y >= 1000 && y <= 2999;
}

/* Whether a weekday was just said ("T2 15/01", "Chủ nhật 2/3"). */
static int after_weekday(const struct tg *g)
{
	const struct sem *s = last_sem(g);

	return s && s->cls == SEM_ABBREVIATION && s->text &&
	       (!strncmp(s->text, "thứ ", 6) || !strncmp(s->text, "chủ nhật", 10));
}

/* A valid d/m written with "/" ("30/9", "2/3") at token i: a date or a
 * fraction? Clerks write a day and month far more often than a share, so
 * it is a date unless the context says share: a word of quantity before it
 * ("tỉ lệ 1/3", "chiếm 3/4") or a noun of amount after it ("2/3 số hộ"),
 * a unit after it ("1/2 kg"), or nothing else on the line ("3/4" alone,
 * as a table of shares or a test of fractions writes it). sure: a date
 * word ("ngày", a weekday) or a month written "01" came first, which only
 * a noun of amount after it overrides ("từ 1/3 số hộ"). "24/7" is the
 * round-the-clock service, not the 24th of July. */
static int day_month(const struct tg *g, long i, int sure)
{
	const struct tok *pw = prev_word(g, i), *nw = next_word(g, i + 2);
	long k, end;

	if (tok_val(T(g, i)) == 24 && tok_val(T(g, i + 2)) == 7 && !sure)
		return 0;
	if (word_in(nw, fraction_after) && !word_is(pw, "ngày") && !word_is(pw, "mùng") && !word_is(pw, "mồng"))
		return 0;
	if (sure)
		return 1;
	if (word_in(pw, fraction_before))
		return 0;
	k = is_kind(T(g, i + 3), T_SPACE) ? i + 4 : i + 3;
	if (unit_at(g, k, &end, 0))
		return 0;
	/* alone on the line: nothing but spaces and punctuation around it */
	for (k = 0; (size_t)k < g->tk->n; k++)
		if ((k < i || k > i + 2) && (is_kind(T(g, k), T_WORD) || is_num(T(g, k))))
			return 1;
	return 0;
}

static long tag_date(struct tg *g, long i)
{
	const struct tok *a = T(g, i), *s1 = T(g, i + 1), *b = T(g, i + 2), *s2 = T(g, i + 3), *c = T(g, i + 4);
	const struct tok *pw = prev_word(g, i);
	long d = 0, m = 0, y = 0, n;
	int ctx = word_in(pw, date_before) || after_weekday(g), quarter = 0, month_year = 0;
	struct sem *s;

	if (word_in(pw, address_before) || !is_num(b) || !s1)
		return 0;
	/* the tail of a code or list ("12/5/3", "1.2.3"), not a date */
	if ((is_p(T(g, i - 1), "/") || is_p(T(g, i - 1), ".") || is_p(T(g, i - 1), ",")) && is_num(T(g, i - 2)))
		return 0;
	if (a->len == 4 && is_p(s1, "-") && b->len == 2 && is_p(s2, "-") && is_num(c) && c->len == 2) {
		y = tok_val(a), m = tok_val(b), d = tok_val(c), n = 5;             /* 2025-01-15 */
	} else if (a->len <= 2 && b->len <= 2 && (is_p(s1, "/") || is_p(s1, ".") || is_p(s1, "-")) && s2 &&
		   s2->len == s1->len && !memcmp(s2->s, s1->s, s1->len) && is_num(c) &&
		   (plausible_year(tok_val(c), c->len) || (c->len == 2 && is_p(s1, "/")))) {
		d = tok_val(a), m = tok_val(b), y = tok_val(c), n = 5;             /* 15/01/2025, 15.01.2025 */
		if (c->len == 2)
			y += 2000;
	} else if (a->len <= 2 && (is_p(s1, "/") || is_p(s1, ".") || is_p(s1, "-")) && b->len == 4 &&
		   plausible_year(tok_val(b), 4) &&
		   (is_p(s1, "/") || a->len == 2 || word_is(pw, "tháng") || word_is(pw, "quý"))) {
		m = tok_val(a), y = tok_val(b), n = 3, month_year = 1;              /* 01/2025, quý 02/2025 */
		quarter = word_is(pw, "quý");
		if (quarter ? (m < 1 || m > 4) : (m < 1 || m > 12))
			return 0;
	} else if (a->len <= 2 && b->len <= 2 && (is_p(s1, "/") || is_p(s1, ".") || is_p(s1, "-"))) {
		d = tok_val(a), m = tok_val(b), n = 3;                              /* 15/01, ngày 2/3 */
		if (!is_p(s1, "/") && !ctx && !(a->len == 2 && b->len == 2 && b->s[0] == '0'))
			return 0;
		if (!day_month(g, i, ctx || (b->len == 2 && b->s[0] == '0')))
			return 0;
	} else {
		return 0;
	}
	if (!month_year && !valid_dm(d, m))
		return 0;
	/* "15/01/2025/QĐ" or "1/2/3" is a code, not a date */
	if (is_p(T(g, i + n), "/") || ((is_p(T(g, i + n), ".") || is_p(T(g, i + n), ",")) && is_num(T(g, i + n + 1))) ||
	    !ends_here(g, i + n))
		return 0;
	s = add(g, SEM_DATE, i, n);
	s->v[0] = (int)d;
	s->v[1] = (int)m;
	s->v[2] = y ? (int)y : -1;
	if (y)
		s->flags |= SF_YEAR_WORD;
	if (quarter)
		s->flags |= SF_QUARTER;
	if (!month_year && !word_is(pw, "ngày") && !word_is(pw, "mùng") && !word_is(pw, "mồng"))
		s->flags |= SF_SAY_DAY;
	if (month_year && !quarter && !word_is(pw, "tháng"))
		s->flags |= SF_SAY_MONTH;
	s->flags |= SF_RANGE;
	return n;
}

/* A ký hiệu part: a word with a capital letter ("STTTT", "TTg", "NĐ"). */
static int code_word(const struct tok *t)
{
	uint32_t c;

	if (!is_kind(t, T_WORD))
		return 0;
	utf8_decode(t->s, &c);
	return (c >= 'A' && c <= 'Z') || c == 0x110;
}

/* The last token of the ký hiệu part at k: digits glued to it count
 * ("QH14"). */
static long code_part_end(const struct tg *g, long k)
{
	return is_num(T(g, k + 1)) ? k + 1 : k;
}

/* "173/STTTT-CNTT", "30/2020/NĐ-CP", "57-NQ/TW", "số nhà 12/5/3". */
static long tag_docnum(struct tg *g, long i)
{
	const struct tok *pw = prev_word(g, i);
	long j = i + 1, year = -1, k;
	struct sem *s;

	if (T(g, i)->len > 6)
		return 0;
	if (is_p(T(g, j), "/") && is_num(T(g, j + 1)) && T(g, j + 1)->len == 4 && is_p(T(g, j + 2), "/") &&
	    code_word(T(g, j + 3)))
		year = j + 1, j += 2;
	if ((is_p(T(g, j), "/") || is_p(T(g, j), "-")) && code_word(T(g, j + 1))) {
		/* the ký hiệu: capitalised words joined by "-", "/", "&" */
		k = code_part_end(g, j + 1);
		while ((is_p(T(g, k + 1), "-") || is_p(T(g, k + 1), "/") || is_p(T(g, k + 1), "&")) &&
		       code_word(T(g, k + 2)))
			k = code_part_end(g, k + 2);
		if (!ends_here(g, k + 1))
			return 0;
		/* "Covid-19" is no document; "57-NQ/TW" needs its "/" */
		if (is_p(T(g, j), "-") && k == j + 1)
			return 0;
		s = add(g, SEM_DOCNUM, i, k + 1 - i);
		s->v[0] = (int)year;
		s->src = T(g, j + 1)->s;
		s->srclen = (size_t)(T(g, k)->s + T(g, k)->len - s->src);
		return k + 1 - i;
	}
	/* an address or a number with parts: 12/5/3, "số 2/3" */
	k = i;
	while (is_p(T(g, k + 1), "/") && is_num(T(g, k + 2)) && T(g, k + 2)->len <= 4)
		k += 2;
	if (k == i || !ends_here(g, k + 1))
		return 0;
	if (k - i < 4 && !word_in(pw, address_before))
		return 0;
	s = add(g, SEM_DOCNUM, i, k + 1 - i);
	s->v[0] = -1;
	s->src = NULL;
	return k + 1 - i;
}

/* "2021-2025", "2024 – 2025": both ends of a range of years. */
static int year_range(const struct tg *g, long i)
{
	const struct tok *t = T(g, i);
	long a, b;

	if (t->len != 4 || tok_val(t) < 1900 || tok_val(t) > 2099)
		return 0;
	for (a = i + 1, b = 0; b < 2 && is_kind(T(g, a), T_SPACE); a++, b++)
		;
	if (is_dash(T(g, a))) {
		a++;
		if (is_kind(T(g, a), T_SPACE))
			a++;
		if (is_num(T(g, a)) && T(g, a)->len == 4 && tok_val(T(g, a)) >= 1900 && tok_val(T(g, a)) <= 2099)
			return 1;
	}
	a = i - 1;
	if (is_kind(T(g, a), T_SPACE))
		a--;
	if (!is_dash(T(g, a)))
		return 0;
	a--;
	if (is_kind(T(g, a), T_SPACE))
		a--;
	return is_num(T(g, a)) && T(g, a)->len == 4 && tok_val(T(g, a)) >= 1900 && tok_val(T(g, a)) <= 2099;
}

static int fraction_shape(const struct tg *g, long i)
{
	const struct tok *a = T(g, i), *b = T(g, i + 2);

	return is_num(a) && is_p(T(g, i + 1), "/") && is_num(b) && a->len <= 3 && b->len <= 3 &&
	       tok_val(b) > 0 && !(a->len > 1 && a->s[0] == '0') && !(b->len > 1 && b->s[0] == '0') &&
	       !is_p(T(g, i + 3), "/") && !(is_p(T(g, i + 3), ".") && is_num(T(g, i + 4))) &&
	       !(is_p(T(g, i + 3), ",") && is_num(T(g, i + 4)));
}

/* The number at i with what goes with it; sign_at is the sign's token
 * (or i). Always takes at least the digits. */
static long tag_number(struct tg *g, long sign_at, long i, char sign, const struct unit *prefix)
{
	const struct tok *t = T(g, i), *pw = prev_word(g, sign_at);
	struct sem s0, *s;
	long j, k, end;
	int grouped;
	size_t dl;

	memset(&s0, 0, sizeof s0);
	s0.v[0] = s0.v[1] = s0.v[2] = -1;
	s0.tok = sign_at;
	s0.a.sign = sign;
	s0.cls = SEM_CARDINAL;

	/* a fraction "2/3", "-3/4", "1/2kg" ("24/7" is "hai mươi tư trên bảy") */
	if (fraction_shape(g, i) && !(tok_val(T(g, i)) == 24 && tok_val(T(g, i + 2)) == 7) &&
	    (ends_here(g, i + 3) || unit_at(g, i + 3, &k, 0))) {
		copy_digits(s0.a.d, sizeof s0.a.d, t->s, t->len);
		copy_digits(s0.b.d, sizeof s0.b.d, T(g, i + 2)->s, T(g, i + 2)->len);
		s0.cls = SEM_FRACTION;
		j = i + 3;
		goto unit;
	}
	j = parse_number(g, i, &s0.a, &grouped);
	dl = strlen(s0.a.d);

	/* a code written with its leading zero: "Đề án 06", "mã 007" */
	if (!grouped && !*s0.a.f && t->len >= 2 && t->s[0] == '0' && !word_in(pw, pad_before) &&
	    !word_in(next_word(g, j - 1), pad_after) && !is_kind(T(g, j), T_WORD) && !prefix) {
		s = add(g, SEM_DIGITS, sign_at, j - sign_at);
		s->src = t->s;
		s->srclen = t->len;
		return j - sign_at;
	}
	/* an identifier: a long run of digits after "mã", "số tài khoản" … */
	if (!grouped && !*s0.a.f && !sign && !prefix &&
	    (t->len > 21 || (t->len >= 9 && (word_in(pw, id_before) ||
					     word_in(prev_word(g, prev_word_at(g, sign_at)), id_before))))) {
		s = add(g, SEM_DIGITS, sign_at, j - sign_at);
		s->src = t->s;
		s->srclen = t->len;
		return j - sign_at;
	}
	/* "tháng 4" "tháng tư"; "tháng 1 2024" "tháng một năm …" */
	if (!grouped && !*s0.a.f && !sign && word_is(pw, "tháng") && dl <= 2 && atoi(s0.a.d) >= 1 &&
	    atoi(s0.a.d) <= 12 && !is_kind(T(g, j), T_WORD) && !is_p(T(g, j), "%")) {
		s = add(g, SEM_DATE, sign_at, j - sign_at);
		s->v[0] = 0;
		s->v[1] = atoi(s0.a.d);
		s->v[2] = -1;
		if (is_gap(T(g, j)) && is_num(T(g, j + 1)) && plausible_year(tok_val(T(g, j + 1)), T(g, j + 1)->len) &&
		    ends_here(g, j + 2)) {
			s->v[2] = (int)tok_val(T(g, j + 1));
			s->flags |= SF_YEAR_WORD;
			j += 2;
		}
		s->flags |= SF_RANGE;
		set_end(s, j);
		return j - sign_at;
	}
	if (word_is(pw, "thứ") && !grouped && !*s0.a.f && !sign)
		s0.cls = SEM_ORDINAL;
	else if (*s0.a.f)
		s0.cls = SEM_DECIMAL;
	if (!grouped && !*s0.a.f && !sign && (word_in(pw, year_before) ? dl <= 4 : year_range(g, i)))
		s0.flags |= SF_YEAR;
	/* "500k", "1tr2" */
	k = magnitude_suffix(g, j, &s0.a);
	if (k != j) {
		j = k;
		s0.cls = SEM_CARDINAL;
	}
	/* a mixed number "23 1/5" */
	if (s0.cls == SEM_CARDINAL && !grouped && is_gap(T(g, j)) && fraction_shape(g, j + 1) &&
	    tok_val(T(g, j + 1)) < tok_val(T(g, j + 3)) && !word_in(pw, date_before)) {
		s0.whole = s0.a;
		s0.whole.sign = 0;
		memset(&s0.a, 0, sizeof s0.a);
		s0.a.sign = sign;
		copy_digits(s0.a.d, sizeof s0.a.d, T(g, j + 1)->s, T(g, j + 1)->len);
		copy_digits(s0.b.d, sizeof s0.b.d, T(g, j + 3)->s, T(g, j + 3)->len);
		s0.cls = SEM_FRACTION;
		j += 4;
	}
	/* "1,5 triệu", "2 tỷ" */
	if (is_gap(T(g, j)) && word_in(T(g, j + 1), magnitudes) && ends_here(g, j + 2)) {
		s0.mag = T(g, j + 1)->s;      /* said as written ("tỉ" stays "tỉ") */
		s0.maglen = T(g, j + 1)->len;
		j += 2;
	}
unit:
	if (prefix) {
		s0.unit = prefix->say;
		s0.cls = SEM_MONEY;
		s0.minor = prefix->kind == U_MINOR;
	} else {
		j = tag_unit(g, j, &s0);
	}
	end = j;
	s = add(g, s0.cls, sign_at, end - sign_at);
	*s = s0;
	s->tok = sign_at;
	s->ntok = end - sign_at;
	s->flags |= SF_RANGE;
	return end - sign_at;
}

/* "1234 5678 9012 3456", "1903 4567 8901 23": a card or account number in
 * groups of four, digit by digit. */
static long tag_digit_groups(struct tg *g, long i)
{
	long j = i, groups = 1;
	struct sem *s;

	if (T(g, i)->len != 4)
		return 0;
	while (is_gap(T(g, j + 1)) && is_num(T(g, j + 2)) && T(g, j + 2)->len >= 2 && T(g, j + 2)->len <= 4 &&
	       T(g, j)->len == 4)
		j += 2, groups++;
	if (groups < 3 || !ends_here(g, j + 1))
		return 0;
	s = add(g, SEM_DIGITS, i, j + 1 - i);
	s->src = T(g, i)->s;
	s->srclen = (size_t)(T(g, j)->s + T(g, j)->len - s->src);
	return j + 1 - i;
}

static long tag_digits(struct tg *g, long i)
{
	long n;

	if ((n = tag_telephone(g, i, i, 0)) > 0)
		return n;
	if ((n = tag_digit_groups(g, i)) > 0)
		return n;
	if ((n = tag_time(g, i)) > 0)
		return n;
	if ((n = tag_date(g, i)) > 0)
		return n;
	if ((n = tag_docnum(g, i)) > 0)
		return n;
	if ((n = tag_number(g, i, i, 0, NULL)) > 0)
		return n;
	return 0;
}

/* ---- words ---- */

/* At the head of a line, only spaces (or a list's "#") before it. */
static int line_head(const struct tg *g, long i)
{
	long j;

	for (j = 0; j < i; j++)
		if (!is_kind(T(g, j), T_SPACE) && !is_p(T(g, j), "#"))
			return 0;
	return 1;
}

static long tag_roman(struct tg *g, long i)
{
	const struct tok *t = T(g, i), *pw = prev_word(g, i);
	int v = roman_value(t->s, t->len), upper = all_caps(t), single = t->len == 1;
	struct sem *s;
	long n = 1;

	if (!v || !ends_here(g, i + 1))
		return 0;
	/* a single letter is a list's ("hạng C", "mục c") unless I, V or X */
	if (single && !strchr("IVXivx", t->s[0]))
		return 0;
	if (word_in(pw, roman_before)) {
		;
	} else if (!(upper && line_head(g, i) && strspn(t->s, "IVXL") == t->len &&
		     (is_p(T(g, i + 1), ".") || is_p(T(g, i + 1), ")") || is_p(T(g, i + 1), ":") ||
		      is_dash(T(g, i + 1))))) {
		return 0;
	}
	s = add(g, SEM_ROMAN, i, 1);
	s->v[0] = v;
	if (word_is(pw, "năm"))
		s->flags |= SF_YEAR;
	if (word_is(pw, "thứ"))
		s->cls = SEM_ORDINAL, snprintf(s->a.d, sizeof s->a.d, "%d", v);
	/* "Quý I/2025" "quý một năm hai nghìn hai mươi lăm" */
	if (is_p(T(g, i + 1), "/") && is_num(T(g, i + 2)) && plausible_year(tok_val(T(g, i + 2)), T(g, i + 2)->len) &&
	    ends_here(g, i + 3)) {
		s->v[2] = (int)tok_val(T(g, i + 2));
		n = 3;
	}
	s->ntok = n;
	s->flags |= SF_RANGE;
	return n;
}

static long tag_word(struct tg *g, long i)
{
	const struct tok *t = T(g, i);
	long n;
	struct sem *s;

	if ((n = tag_roman(g, i)) > 0)
		return n;
	if ((n = lexicon_match(g, i, 0)) > 0 || (n = lexicon_match(g, i, 1)) > 0)
		return n;
	if (all_caps(t) && !syllable(t)) {
		s = add(g, SEM_LETTERS, i, 1);
		s->src = t->s;
		s->srclen = t->len;
		return 1;
	}
	return 0;
}

/* ---- signs ---- */

static void connective(struct tg *g, long i, long n, const char *text)
{
	struct sem *s = add(g, SEM_CONNECTIVE, i, n);

	s->text = text;
}

static const struct unit *currency_prefix(const struct tok *t)
{
	size_t i;

	if (!is_kind(t, T_PUNCT))
		return NULL;
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if ((units[i].kind == U_MINOR || units[i].kind == U_MONEY) && tok_eq(t, units[i].w))
			return &units[i];
	return NULL;
}

static int code_like(const struct tok *t)
{
	return is_kind(t, T_WORD) && all_caps(t);
}

/* Word w compared with the words of the lexicon phrase at *p (moved past
 * the word), ignoring case. */
static int phrase_word(const struct tok *w, const char **p)
{
	size_t n;
	char *a, *b, *la, *lb;
	int eq;

	while (**p == ' ')
		(*p)++;
	n = strcspn(*p, " ");
	a = xstrndup(w->s, w->len);
	b = xstrndup(*p, n);
	la = utf8_lower(a);
	lb = utf8_lower(b);
	eq = n > 0 && strcmp(la, lb) == 0;
	*p += n;
	free(a), free(b), free(la), free(lb);
	return eq;
}

/* "Căn cước công dân (CCCD)", "Tổ công nghệ số cộng đồng (TCNSCĐ)": an
 * abbreviation in brackets right after the words it stands for, as a
 * clerk defines it; said, it would repeat them ("… công dân (căn cước
 * công dân)"). The words before token `open` ("(") are compared with the
 * lexicon's phrase for it, or their first letters with its letters.
 * Returns the token after ")" or 0. */
static long repeated_abbreviation(const struct tg *g, long open)
{
	long close = open + 1, k, w[16];
	size_t nw = 0, nl = 0, i;
	const struct entry *e;
	char *abbr, *fold;
	int same = 1;

	while (is_kind(T(g, close), T_WORD) || is_p(T(g, close), "&") || is_p(T(g, close), "-"))
		close++;
	if (close == open + 1 || !is_p(T(g, close), ")") || !all_caps(T(g, open + 1)))
		return 0;
	/* the words before, nearest first, one space between them */
	for (k = is_kind(T(g, open - 1), T_SPACE) ? open - 2 : open - 1; nw < 16 && is_kind(T(g, k), T_WORD);) {
		w[nw++] = k;
		if (!is_gap(T(g, k - 1)))
			break;
		k -= 2;
	}
	if (nw == 0)
		return 0;
	e = lexicon_find(g->sp, T(g, open + 1)->s, (size_t)(T(g, close)->s - T(g, open + 1)->s));
	if (e) {
		const char *p = e->val;
		size_t words = 0;
		for (const char *q = p; *q;) {
			while (*q == ' ')
				q++;
			if (*q)
				words++;
			q += strcspn(q, " ");
		}
		if (words == 0 || words > nw)
			return 0;
		for (i = words; i-- > 0 && same;)
			same = phrase_word(T(g, w[i]), &p);
		return same ? close + 1 : 0;
	}
	/* the letters: one word each, in order */
	if (close != open + 2)
		return 0;
	abbr = xstrndup(T(g, open + 1)->s, T(g, open + 1)->len);
	fold = utf8_ascii_fold(abbr);
	nl = strlen(fold);
	if (nl < 2 || nl > nw)
		same = 0;
	for (i = 0; same && i < nl; i++) {
		const struct tok *t = T(g, w[nl - 1 - i]);
		uint32_t c;
		char *one = xstrndup(t->s, (size_t)utf8_decode(t->s, &c)), *f = utf8_ascii_fold(one);
		same = toupper((unsigned char)f[0]) == fold[i];
		free(one), free(f);
	}
	free(abbr), free(fold);
	return same ? close + 1 : 0;
}

static long tag_punct(struct tg *g, long i)
{
	const struct tok *t = T(g, i), *L = T(g, i - 1), *R = T(g, i + 1);
	const struct sem *ls = last_sem(g);
	const struct unit *cur;
	int free_before = !L || is_kind(L, T_SPACE) || is_p(L, "(") || is_p(L, "[") || is_p(L, "\"") ||
			  is_p(L, "\xE2\x80\x9C") || is_p(L, ":");
	long n;

	/* a sign: "-5 °C", "+6,4", "-2,5 %", "+84 912 345 678" */
	if ((is_p(t, "-") || is_p(t, "+")) && is_num(R) && free_before &&
	    !(is_kind(L, T_SPACE) && numeric(ls) && is_p(t, "-"))) {
		if (is_p(t, "+") && (n = tag_telephone(g, i, i + 1, 1)) > 0)
			return n;
		return tag_number(g, i, i + 1, t->s[0], NULL);
	}
	/* "(+84) 912 345 678", "(0262) 3 123 456" */
	if (is_p(t, "(") && is_p(R, "+") && is_num(T(g, i + 2)) && is_p(T(g, i + 3), ")") &&
	    (n = tag_telephone(g, i, i + 2, 1)) > 0)
		return n;
	if (is_p(t, "(") && is_num(R) && R->s[0] == '0' && R->len >= 3 && is_p(T(g, i + 2), ")") &&
	    (n = tag_telephone(g, i, i + 1, 0)) > 0)
		return n;
	/* "Căn cước công dân (CCCD)": the brackets say nothing */
	if (is_p(t, "(") && (n = repeated_abbreviation(g, i)) > 0) {
		long from = i;
		if (g->out->n && is_kind(L, T_SPACE) && g->out->v[g->out->n - 1].tok == i - 1)
			g->out->n--, from = i - 1;
		connective(g, from, n - from, "");
		return n - i;
	}
	/* "$10", "€5" */
	if ((cur = currency_prefix(t)) && is_num(R))
		return tag_number(g, i, i + 1, 0, cur);
	if (is_dash(t)) {
		/* a range: "7-11 giờ", "15/01-20/01", "T2–T7", "7 - 11" */
		int spaced = is_kind(L, T_SPACE) && is_kind(R, T_SPACE);
		const struct tok *r = spaced ? T(g, i + 2) : R;
		if (numeric(ls) && (spaced || !is_kind(L, T_SPACE)) &&
		    (is_num(r) || (is_kind(r, T_WORD) && (tok_eq(r, "T") || tok_eq(r, "CN"))) ||
		     currency_prefix(r))) {
			connective(g, i, 1, "đến");
			return 1;
		}
		if ((is_kind(L, T_WORD) && is_kind(R, T_WORD) && (code_like(L) || code_like(R))) ||
		    (is_kind(L, T_WORD) && is_num(R)) || (numeric(ls) && !is_kind(L, T_SPACE) && is_kind(R, T_WORD))) {
			connective(g, i, 1, " ");
			return 1;
		}
		return 0;
	}
	if (is_p(t, "/")) {
		if (is_kind(L, T_WORD) && is_kind(R, T_WORD)) {
			if (word_is(L, "và") || word_is(L, "hoặc") || word_is(R, "và") || word_is(R, "hoặc") ||
			    (code_like(L) && code_like(R)))
				connective(g, i, 1, " ");
			else if (word_in(R, per_words))
				connective(g, i, 1, "một");
			else
				connective(g, i, 1, "hoặc");
			return 1;
		}
		if (numeric(ls) && !is_kind(L, T_SPACE) && is_kind(R, T_WORD)) {
			connective(g, i, 1, word_in(R, per_words) ? "một" : " ");
			return 1;
		}
		if (numeric(ls) && !is_kind(L, T_SPACE) && is_num(R)) {
			connective(g, i, 1, "trên");
			return 1;
		}
		if (is_kind(L, T_WORD) && is_num(R)) {
			connective(g, i, 1, " ");
			return 1;
		}
		return 0;
	}
	if (is_p(t, ".") && numeric(ls) && !is_kind(L, T_SPACE) && is_num(R)) {
		connective(g, i, 1, "chấm");     /* "mục 2.1" */
		return 1;
	}
	/* "TDP.5", "ĐT.0912…": the dot only joins an abbreviation to its
	 * number; it ends no sentence */
	if (is_p(t, ".") && ls && (ls->cls == SEM_ABBREVIATION || ls->cls == SEM_LETTERS) && is_kind(L, T_WORD) &&
	    is_num(R)) {
		connective(g, i, 1, " ");
		return 1;
	}
	if (is_p(t, "%")) {
		connective(g, i, 1, "phần trăm");
		return 1;
	}
	if (is_p(t, "&")) {
		connective(g, i, 1, "và");
		return 1;
	}
	if (is_p(t, "<") && (is_kind(R, T_URL) || is_kind(R, T_EMAIL)) && is_p(T(g, i + 2), ">")) {
		/* <https://…> in Markdown: the brackets go with the link */
		struct sem *s = add(g, SEM_ELECTRONIC, i, 3);
		s->src = R->s;
		s->srclen = R->len;
		if (R->kind == T_EMAIL)
			s->flags |= SF_EMAIL;
		return 3;
	}
	return 0;
}

void speak_tag(const struct speak *sp, const struct toks *tk, struct sems *out)
{
	struct tg g = { sp, tk, out };
	long i, n;

	out->n = 0;
	for (i = 0; (size_t)i < tk->n; i += n) {
		const struct tok *t = T(&g, i);
		struct sem *s;

		switch (t->kind) {
		case T_NUM:
			n = tag_digits(&g, i);
			break;
		case T_WORD:
			n = tag_word(&g, i);
			break;
		case T_PUNCT:
			n = tag_punct(&g, i);
			break;
		case T_URL:
		case T_EMAIL:
			s = add(&g, SEM_ELECTRONIC, i, 1);
			s->src = t->s;
			s->srclen = t->len;
			if (t->kind == T_EMAIL)
				s->flags |= SF_EMAIL;
			n = 1;
			break;
		default:
			n = 0;
		}
		if (n <= 0) {
			add(&g, SEM_VERBATIM, i, 1);
			n = 1;
		}
	}
}

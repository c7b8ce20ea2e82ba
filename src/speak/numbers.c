/* The number grammar of spoken Vietnamese, shared by every verbaliser.
 *
 * A whole number is read in groups of three digits, each followed by its
 * magnitude (nghìn, triệu, tỷ; above 999 tỷ the tỷ repeats: "nghìn tỷ",
 * "triệu tỷ", "tỷ tỷ", as NeMo reads them). Inside a group: "mười" for the
 * tens digit 1, "mươi" above it; after "mươi" 1 is "mốt", 4 "tư", 5 "lăm";
 * after "mười" 5 is "lăm"; a zero tens digit after hundreds is "linh"
 * ("lẻ" in the South). A group after a higher one does not say "không
 * trăm" (num2words and NeMo both read 1.001 "một nghìn linh một"); the last
 * group, when under a hundred after a higher one, starts with "linh" for a
 * quantity (1.000.017 "một triệu linh mười bảy", num2words' reading, which
 * keeps it apart from "một triệu mười bảy [nghìn]") but not for a year
 * (2024 "hai nghìn hai mươi tư"). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "../util/utf8.h"

static const char *const digit_name[] = { "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín" };

void say_w(struct buf *b, const char *w)
{
	if (b->len > 0 && b->data[b->len - 1] != ' ')
		buf_addc(b, ' ');
	buf_adds(b, w);
}

/* Tens and units of 0 < tu < 100. */
static void say_tens(struct buf *b, unsigned tu)
{
	unsigned t = tu / 10, u = tu % 10;

	if (t == 0) {
		say_w(b, digit_name[u]);
	} else if (t == 1) {
		say_w(b, "mười");
		if (u == 5)
			say_w(b, "lăm");
		else if (u)
			say_w(b, digit_name[u]);
	} else {
		say_w(b, digit_name[t]);
		say_w(b, "mươi");
		if (u == 1)
			say_w(b, "mốt");
		else if (u == 4)
			say_w(b, "tư");
		else if (u == 5)
			say_w(b, "lăm");
		else if (u)
			say_w(b, digit_name[u]);
	}
}

/* One group 0 < g < 1000; after: a higher group was read; last: it is the
 * units group. */
static void say_group(const struct speak *sp, struct buf *b, unsigned g, int after, int last,
		      enum num_style st)
{
	unsigned h = g / 100, tu = g % 100;
	const char *linh = sp->southern ? "lẻ" : "linh";

	if (h) {
		say_w(b, digit_name[h]);
		say_w(b, "trăm");
		if (tu && tu < 10)
			say_w(b, linh);
	} else if (after && last && (tu < 10 || st == NUM_QUANTITY)) {
		say_w(b, linh);
	}
	if (tu)
		say_tens(b, tu);
}

/* Below a thousand million: d[0..n), n <= 9. */
static void say_below_ty(const struct speak *sp, struct buf *b, const char *d, size_t n, int after,
			 enum num_style st)
{
	const char *mag[] = { "", sp->southern ? "ngàn" : "nghìn", "triệu" };
	unsigned g[3] = { 0, 0, 0 };
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		size_t from_right = n - 1 - i;
		unsigned dv = (unsigned)(d[i] - '0');
		unsigned p = from_right % 3 == 2 ? 100 : from_right % 3 == 1 ? 10 : 1;
		g[from_right / 3] += dv * p;
	}
	for (k = 2; k >= 0; k--) {
		if (!g[k])
			continue;
		say_group(sp, b, g[k], after, k == 0, st);
		if (k)
			say_w(b, mag[k]);
		after = 1;
	}
}

static int all_zero(const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i] != '0')
			return 0;
	return 1;
}

static void say_digits_from(const struct speak *sp, struct buf *b, const char *d, size_t n, int after,
			    enum num_style st)
{
	if (n > 9) {
		/* above the tỷ: what is left of it is a number of tỷ */
		say_digits_from(sp, b, d, n - 9, after, st);
		say_w(b, "tỷ");
		if (!all_zero(d + n - 9, 9))
			say_below_ty(sp, b, d + n - 9, 9, 1, st);
		return;
	}
	say_below_ty(sp, b, d, n, after, st);
}

void say_number(const struct speak *sp, struct buf *b, const char *d, size_t n, enum num_style st)
{
	while (n > 1 && *d == '0')
		d++, n--;
	if (n == 0 || all_zero(d, n)) {
		say_w(b, "không");
		return;
	}
	say_digits_from(sp, b, d, n, 0, st);
}

void say_uint(const struct speak *sp, struct buf *b, uint64_t v)
{
	char d[24];
	int n = snprintf(d, sizeof d, "%llu", (unsigned long long)v);

	say_number(sp, b, d, (size_t)n, NUM_QUANTITY);
}

void say_digits(struct buf *b, const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i] >= '0' && d[i] <= '9')
			say_w(b, digit_name[d[i] - '0']);
}

void say_decimal_tail(const struct speak *sp, struct buf *b, const char *d, size_t n)
{
	size_t z = 0;

	while (z < n && d[z] == '0') {
		say_w(b, "không");
		z++;
	}
	if (z == n)
		return;
	if (n - z > 3)
		say_digits(b, d + z, n - z);
	else
		say_number(sp, b, d + z, n - z, NUM_QUANTITY);
}

void say_month(const struct speak *sp, struct buf *b, unsigned m)
{
	if (m == 4)
		say_w(b, "tư");
	else
		say_uint(sp, b, m);
}

int roman_value(const char *s, size_t n)
{
	static const char sym[] = "IVXLCDM";
	static const int val[] = { 1, 5, 10, 50, 100, 500, 1000 };
	static const char *const enc[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I" };
	static const int encv[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	char up[24], back[24];
	size_t i, o = 0;
	int v = 0, k, rest;

	if (n == 0 || n >= sizeof up)
		return 0;
	for (i = 0; i < n; i++)
		up[i] = (char)toupper((unsigned char)s[i]);
	for (i = 0; i < n; i++) {
		const char *p = memchr(sym, up[i], sizeof sym - 1);
		int cur, nxt = 0;
		if (!p)
			return 0;
		cur = val[p - sym];
		if (i + 1 < n) {
			const char *q = memchr(sym, up[i + 1], sizeof sym - 1);
			if (!q)
				return 0;
			nxt = val[q - sym];
		}
		v += cur < nxt ? -cur : cur;
	}
	if (v <= 0 || v > 3999)
		return 0;
	/* only the canonical spelling counts ("IIII" and "IC" do not) */
	for (k = 0, rest = v; k < 13; k++)
		while (rest >= encv[k]) {
			size_t l = strlen(enc[k]);
			if (o + l >= sizeof back)
				return 0;
			memcpy(back + o, enc[k], l);
			o += l;
			rest -= encv[k];
		}
	return o == n && memcmp(back, up, n) == 0 ? v : 0;
}

void say_letters(struct buf *b, const char *s, size_t n)
{
	static const char *const names[26] = { "a", "bê", "xê", "dê", "e", "ép", "giê", "hát", "i", "gi", "ca",
		"e lờ", "em", "en", "o", "pê", "quy", "e rờ", "ét", "tê", "u", "vê", "vê kép", "ích", "y", "dét" };
	const char *p = s, *e = s + n;

	while (p < e) {
		uint32_t cp;
		char one[8] = { 0 }, *f, *l;
		int k = utf8_decode(p, &cp);

		memcpy(one, p, (size_t)k);
		p += k;
		if (cp >= '0' && cp <= '9') {
			say_w(b, digit_name[cp - '0']);
			continue;
		}
		if (!tok_is_letter(cp))
			continue;
		f = utf8_ascii_fold(one);
		l = utf8_lower(one);
		if (cp == 0x110 || cp == 0x111)
			say_w(b, "đê");
		else if (cp == 0x102 || cp == 0x103)
			say_w(b, "á");
		else if (cp == 0xC2 || cp == 0xE2)
			say_w(b, "ớ");
		else if (f[0] && strchr("aeiouyAEIOUY", f[0]))
			say_w(b, l);
		else if (isalpha((unsigned char)f[0]))
			say_w(b, names[tolower((unsigned char)f[0]) - 'a']);
		else
			say_w(b, l);
		free(f);
		free(l);
	}
}

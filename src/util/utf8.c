/* UTF-8 checks, normalisation and case mapping. utf8proc lives only here,
 * so the rest of phat sees plain C strings of valid NFC UTF-8. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "utf8.h"
#include "util.h"

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not one
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t len, i;
	uint32_t cp, min;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, cp = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, cp = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, cp = c & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

int utf8_check(const char *s, size_t n, int *line, int *col)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	int l = 1, c = 1;

	while (i < n) {
		/* NUL is valid UTF-8 but ends C strings early downstream. */
		if (p[i] == 0 || (len = seq_len(p + i, n - i)) == 0) {
			if (line)
				*line = l;
			if (col)
				*col = c;
			return -1;
		}
		if (p[i] == '\n')
			l++, c = 1;
		else
			c++;
		i += len;
	}
	return 0;
}

/* utf8proc only fails on invalid input (checked before) or on memory. */
static char *map_or_die(const char *s, size_t n, utf8proc_option_t opt)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t r;
	char *ret;

	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst, opt);
	if (r < 0) {
		if (r == UTF8PROC_ERROR_NOMEM) {
			fputs("phat: error: out of memory\n", stderr);
			exit(3);
		}
		/* Invalid input: hand back an unchanged copy rather than lose text. */
		return xstrndup(s, n);
	}
	/* Copy into our allocator so every string is freed the same way. */
	ret = xstrndup((const char *)dst, (size_t)r);
	free(dst);
	return ret;
}

/* Whether s[0..n) is NFC by a quick check that needs no table: every code
 * point is below U+0300, in Latin Extended Additional (U+1E00-U+1EFF, the
 * precomposed Vietnamese letters) or in U+2002-U+20CF (punctuation, the
 * dong sign). None of these is a combining mark or decomposes canonically
 * to a different string (UAX #15 quick check: NFC_QC = Yes, ccc = 0), so
 * such a text is its own NFC; anything else takes the full path. Nearly
 * every Vietnamese text passes, and NFC costs as much as reading it. */
static int nfc_quick(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c < 0xCC && i + 1 < n) {        /* U+0080-U+02FF */
			i += 2;
			continue;
		}
		if (c < 0xE0 || c > 0xEF || i + 2 >= n)
			return 0;
		cp = (c & 0x0Fu) << 12 | (p[i + 1] & 0x3Fu) << 6 | (p[i + 2] & 0x3Fu);
		if (!((cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2002 && cp <= 0x20CF)))
			return 0;
		i += 3;
	}
	return 1;
}

char *utf8_nfc(const char *s, size_t n)
{
	if (nfc_quick(s, n))
		return xstrndup(s, n);
	return map_or_die(s, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

int utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i;

	if (p[0] < 0x80) {   /* ASCII, NUL included: most of any text */
		*cp = p[0];
		return 1;
	}
	/* seq_len stops at the first non-continuation byte (a NUL included),
	 * so reading up to 4 bytes never runs past the string's end. */
	len = seq_len(p, 4);
	if (len == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	if (len == 1) {
		*cp = p[0];
		return 1;
	}
	*cp = p[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (i = 1; i < len; i++)
		*cp = (*cp << 6) | (p[i] & 0x3F);
	return (int)len;
}

int utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Maps every code point through fn; simple one-to-one case mappings are
 * what Vietnamese needs (no letter changes length or splits). */
static char *map_each(const char *s, utf8proc_int32_t (*fn)(utf8proc_int32_t))
{
	struct buf b;
	char enc[4];
	uint32_t cp;

	buf_init(&b);
	while (*s) {
		s += utf8_decode(s, &cp);
		buf_add(&b, enc, (size_t)utf8_encode((uint32_t)fn((utf8proc_int32_t)cp), enc));
	}
	return buf_take(&b);
}

char *utf8_upper(const char *s)
{
	return map_each(s, utf8proc_toupper);
}

char *utf8_lower(const char *s)
{
	return map_each(s, utf8proc_tolower);
}

char *utf8_tone_key(const char *s)
{
	char *low = map_each(s, utf8proc_tolower);
	char *dec = map_or_die(low, strlen(low), UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
	struct buf b;
	const char *p = dec;
	char enc[4];
	uint32_t cp, tone = 0;

	/* the tone mark, wherever the typist put it, goes to the end */
	buf_init(&b);
	while (*p) {
		p += utf8_decode(p, &cp);
		if (cp == 0x300 || cp == 0x301 || cp == 0x303 || cp == 0x309 || cp == 0x323)
			tone = cp;
		else
			buf_add(&b, enc, (size_t)utf8_encode(cp, enc));
	}
	if (tone)
		buf_add(&b, enc, (size_t)utf8_encode(tone, enc));
	free(low);
	free(dec);
	return buf_take(&b);
}

char *utf8_ascii_fold(const char *s)
{
	char *dec = map_or_die(s, strlen(s), UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
	struct buf b;
	const char *p = dec;
	char enc[4];
	uint32_t cp;

	/* đ and Đ are letters of their own, not d with a mark, so
	 * decomposition leaves them; map them by hand. */
	buf_init(&b);
	while (*p) {
		p += utf8_decode(p, &cp);
		if (cp == 0x111)
			cp = 'd';
		else if (cp == 0x110)
			cp = 'D';
		buf_add(&b, enc, (size_t)utf8_encode(cp, enc));
	}
	free(dec);
	return buf_take(&b);
}

char *utf8_ascii_words(const char *s, char sep)
{
	char *fold = utf8_ascii_fold(s);
	char *p, *q;
	int gap = 0;

	for (p = q = fold; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 128 && isalnum(c)) {
			if (gap && q != fold)
				*q++ = sep;
			gap = 0;
			*q++ = (char)tolower(c);
		} else {
			gap = 1;
		}
	}
	*q = '\0';
	return fold;
}

size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int utf8_invisible(uint32_t c)
{
	return c == 0xAD || c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF ||
	       c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

uint32_t utf8_lookalike_d(uint32_t c)
{
	if (c == 0xD0 || c == 0x189)
		return 0x110;   /* Ð (Icelandic eth), Ɖ (African D): Đ */
	if (c == 0xF0 || c == 0x256)
		return 0x111;   /* ð, ɖ: đ */
	return 0;
}

uint32_t utf8_lookalike_latin(uint32_t c)
{
	static const uint32_t map[][2] = {
		{ 0x430, 'a' }, { 0x435, 'e' }, { 0x43E, 'o' }, { 0x440, 'p' }, { 0x441, 'c' },
		{ 0x443, 'y' }, { 0x445, 'x' }, { 0x456, 'i' }, { 0x458, 'j' }, { 0x455, 's' },
		{ 0x410, 'A' }, { 0x412, 'B' }, { 0x415, 'E' }, { 0x41A, 'K' }, { 0x41C, 'M' },
		{ 0x41D, 'H' }, { 0x41E, 'O' }, { 0x420, 'P' }, { 0x421, 'C' }, { 0x422, 'T' },
		{ 0x425, 'X' }, { 0x406, 'I' }, { 0x3BF, 'o' }, { 0x391, 'A' }, { 0x392, 'B' },
		{ 0x395, 'E' }, { 0x397, 'H' }, { 0x399, 'I' }, { 0x39A, 'K' }, { 0x39C, 'M' },
		{ 0x39D, 'N' }, { 0x39F, 'O' }, { 0x3A1, 'P' }, { 0x3A4, 'T' }, { 0x3A7, 'X' },
	};
	size_t i;

	if (c < 0x391 || c > 0x458)   /* the table's span: most text is never looked up */
		return 0;
	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i][0] == c)
			return map[i][1];
	return 0;
}

int utf8_latin_letter(uint32_t c)
{
	return (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ||
	       (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF);
}

int utf8_is_upper(uint32_t c)
{
	return c < 0x110000 && utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_LU;
}

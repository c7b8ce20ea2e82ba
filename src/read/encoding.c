/* Text as it arrives: the bytes of a file into NFC UTF-8, whatever Word,
 * Notepad, Excel or Zalo made of them. iconv lives only here.
 * - UTF-8, with or without a BOM, is read as it is;
 * - UTF-16 with a BOM (Notepad's "Unicode", Excel's "Unicode Text") and
 *   Windows-1258 (Excel's "CSV (Comma delimited)" on Vietnamese Windows,
 *   tone marks as separate characters) are converted, with a note;
 * - the old 8-bit Vietnamese encodings TCVN3 (ABC) and VNI, as bytes or
 *   pasted into UTF-8 through Word, in a whole file or a single line or
 *   paragraph, are refused, naming the encoding and how to convert it;
 * - characters pasted from Word and the web that print wrongly are put
 *   right: soft hyphens and invisible marks go, look-alike letters (Ð
 *   U+00D0, Cyrillic "о" in a Latin word) become the Vietnamese letter. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include "read.h"
#include "../util/utf8.h"
#include "../util/util.h"

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
		} else if ((c == 0xB2 || c == 0xB3) && (i + len >= n || !isalpha(s[i + len]))) {
			;   /* m², m³ */
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
 * so fewer signs are needed; so are they in a line or paragraph without a
 * single letter of Vietnamese Unicode. */
static enum legacy legacy_guess(const struct legacy_scan *ls, int bytes)
{
	size_t need = bytes || ls->vietnamese == 0 ? 2 : 3;

	if (ls->foreign < need || (!bytes && ls->foreign <= ls->vietnamese))
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


/* The first line or paragraph that reads as TCVN3 or VNI (a clerk pastes
 * one paragraph from an old .doc into a Unicode file): sets *line and
 * *col (1-based, in characters) of its first sign. */
static enum legacy legacy_find(const char *s, size_t n, int *line, int *col)
{
	size_t i = 0, para = 0;
	int l = 1, para_line = 1;
	struct legacy_scan ls;
	enum legacy g;

	legacy_scan(s, n, &ls);
	if ((g = legacy_guess(&ls, 0)) != LEGACY_NONE) {
		*line = ls.line, *col = ls.col;
		return g;
	}
	while (i < n) {
		const char *e = memchr(s + i, '\n', n - i);
		size_t end = e ? (size_t)(e - s) : n, k;
		int blankl = 1;

		/* the line alone */
		legacy_scan(s + i, end - i, &ls);
		if ((g = legacy_guess(&ls, 0)) != LEGACY_NONE) {
			*line = l, *col = ls.col;
			return g;
		}
		for (k = i; k < end; k++)
			if (!isspace((unsigned char)s[k]))
				blankl = 0;
		if (blankl || end == n) {
			/* the paragraph that ends here */
			size_t pe = blankl ? i : end;
			legacy_scan(s + para, pe - para, &ls);
			if (pe > para && (g = legacy_guess(&ls, 0)) != LEGACY_NONE) {
				*line = para_line + ls.line - 1, *col = ls.col;
				return g;
			}
			para = end + 1;
			para_line = l + 1;
		}
		i = end + 1;
		l++;
	}
	return LEGACY_NONE;
}

/* iconv from the encoding named to UTF-8. NULL on a byte that is not of
 * that encoding. Caller frees. */
static char *convert(const char *from, const char *s, size_t n, size_t *outlen)
{
	iconv_t cd = iconv_open("UTF-8", from);
	struct buf b;
	char chunk[4096], *in = (char *)s;
	size_t left = n;

	if (cd == (iconv_t)-1)
		return NULL;
	buf_init(&b);
	while (left > 0) {
		char *out = chunk;
		size_t room = sizeof chunk;

		if (iconv(cd, &in, &left, &out, &room) == (size_t)-1 && errno != E2BIG) {
			iconv_close(cd);
			buf_free(&b);
			return NULL;
		}
		buf_add(&b, chunk, (size_t)(out - chunk));
	}
	iconv_close(cd);
	*outlen = b.len;
	return buf_take(&b);
}

/* Does s[0..n) hold a valid UTF-8 sequence of two bytes or more? */
static int has_multibyte(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i, len;

	for (i = 0; i < n; i++) {
		if (s[i] < 0xC2 || s[i] > 0xF4)
			continue;
		len = s[i] < 0xE0 ? 2 : s[i] < 0xF0 ? 3 : 4;
		if (i + len <= n && utf8_check(str + i, len, NULL, NULL) == 0)
			return 1;
	}
	return 0;
}

/* Does text converted from Windows-1258 read as Vietnamese? Every
 * character that is not ASCII must be a letter of Vietnamese (TCVN3 bytes
 * read as Windows-1258 give "¸", "¹", "ª" …). */
static int reads_vietnamese(const char *t, size_t n)
{
	const char *p = t, *end = t + n;
	uint32_t c;
	size_t viet = 0;

	while (p < end) {
		p += utf8_decode(p, &c);
		if (c < 0x80)
			continue;
		if (cp_vietnamese(c) || (c >= 0xC0 && c <= 0xFF && !cp_foreign(c)))
			viet++;
		else if (c != 0xA0 && c != 0x20AB)   /* no-break space, ₫ */
			return 0;
	}
	return viet > 0;
}

/* ---- pasted text ---- */

/* Emoji and pictographs, as Zalo and Facebook posts are full of: no font
 * of a printed document has them, and the text reads the same without.
 * The few symbols of these blocks that the fonts do have stay. */
static int emoji(uint32_t c)
{
	if (c >= 0x1F000 && c <= 0x1FAFF)
		return 1;
	if (c >= 0x2600 && c <= 0x26FF)
		return !(c == 0x2640 || c == 0x2642 || (c >= 0x263A && c <= 0x263C) || (c >= 0x2660 && c <= 0x266F));
	return (c >= 0x2700 && c <= 0x27BF) || (c >= 0x2B00 && c <= 0x2BFF) || c == 0xFE0F || c == 0xFE0E ||
	       c == 0x20E3 || (c >= 0xE0020 && c <= 0xE007F) || c == 0x203C || c == 0x2049;
}

/* s[0..n) with pasted characters put right (see the top of the file);
 * notes the first look-alike letter at its place. Caller frees. */
static char *clean_pasted(const char *s, size_t n, const char *file)
{
	struct buf b;
	const char *p = s, *end = s + n, *word;
	int line = 1, col = 1, noted = 0, dropped = 0, eline = 0, ecol = 0, gap = 0;
	uint32_t c, first_emoji = 0;
	char enc[4];

	buf_init(&b);
	word = s;
	while (p < end) {
		const char *at = p;
		uint32_t to = 0;

		p += utf8_decode(p, &c);
		if (c == ' ' || c == '\n' || c == '\t')
			word = p;
		if (utf8_invisible(c)) {
			col++;
			continue;
		}
		if (emoji(c)) {
			if (!dropped++)
				first_emoji = c, eline = line, ecol = col;
			gap = 1;
			col++;
			continue;
		}
		if (gap) {
			/* no double space, none at a line's start or before a stop,
			 * where the picture was */
			char last = b.len ? b.data[b.len - 1] : '\n';
			if (c == ' ' && (last == ' ' || last == '\n')) {
				col++;
				continue;
			}
			if (c == '\n' || (c < 0x80 && strchr(".,;:!?)", (int)c)))
				while (b.len && b.data[b.len - 1] == ' ')
					b.len--;
			if (c != ' ')
				gap = 0;
		}
		to = utf8_lookalike_d(c);
		if (!to && (to = utf8_lookalike_latin(c))) {
			/* only inside a word that has Latin letters too */
			const char *q = word;
			int latin = 0;
			uint32_t d;

			while (q < end && !latin) {
				int k = utf8_decode(q, &d);
				if (d == ' ' || d == '\n' || d == '\t')
					break;
				latin = utf8_latin_letter(d);
				q += k;
			}
			if (!latin)
				to = 0;
		}
		if (to && !noted) {
			char shown[8];
			shown[utf8_encode(c, shown)] = '\0';
			diag_report(DIAG_NOTE, (struct pos){ file, line, col }, "\"%s\" (U+%04X) only looks like a "
				    "Vietnamese letter; phat reads it as \"%s\" here and wherever else it comes (text "
				    "pasted from another program)", shown, (unsigned)c,
				    (enc[utf8_encode(to, enc)] = '\0', enc));
			noted = 1;
		}
		if (to)
			buf_add(&b, enc, (size_t)utf8_encode(to, enc));
		else
			buf_add(&b, at, (size_t)(p - at));
		if (c == '\n')
			line++, col = 1;
		else
			col++;
	}
	if (dropped) {
		char shown[8];
		shown[utf8_encode(first_emoji, shown)] = '\0';
		diag_warning((struct pos){ file, eline, ecol }, "the emoji \"%s\"%s left out: printed documents "
			     "have no such pictures%s", shown, dropped > 1 ? " and the others in this file are" : " is",
			     ecol == 1 ? " (start a list item with \"- \")" : "");
	}
	return buf_take(&b);
}

char *read_decode(const char *raw, size_t n, const char *file, const char *save_as, size_t *len)
{
	const char *s = raw;
	char *conv = NULL, *clean = NULL, *ret = NULL;
	const char *named = NULL;
	int line, col;
	enum legacy l;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, n -= 3;
	if (n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
		size_t cl = 0;

		conv = convert(s[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE", s + 2, n - 2, &cl);
		if (!conv) {
			diag_error((struct pos){ file, 1, 1 }, "this file says it is UTF-16 (\"Unicode\") but is "
				   "damaged; %s", save_as);
			goto out;
		}
		named = "UTF-16 (\"Unicode\")";
		s = conv;
		n = cl;
	} else if (utf8_check(s, n, &line, &col) != 0) {
		size_t cl = 0;

		/* Windows-1258, if the file has no UTF-8 letter at all and every
		 * character it gives is Vietnamese (one bad byte in UTF-8 text is
		 * damage, not another encoding) */
		conv = !has_multibyte(s, n) ? convert("WINDOWS-1258", s, n, &cl) : NULL;
		if (conv && memchr(s, 0, n) == NULL && reads_vietnamese(conv, cl)) {
			named = "Windows-1258 (Excel's \"CSV (Comma delimited)\", Notepad's \"ANSI\")";
			s = conv;
			n = cl;
		} else {
			size_t off = offset_of(s, n, line, col);

			diag_error((struct pos){ file, line, col }, "this file is not valid UTF-8 text (byte 0x%02X); %s",
				   (unsigned char)s[off], save_as);
			if (count_bad(s, n, 3) >= 3) {
				struct legacy_scan ls;

				legacy_scan(s, n, &ls);
				l = legacy_guess(&ls, 1);
				legacy_report(l == LEGACY_NONE ? LEGACY_TCVN3 : l, (struct pos){ file, line, col },
					      DIAG_NOTE);
			}
			goto out;
		}
	}
	if (utf8_check(s, n, &line, &col) != 0) {
		diag_error((struct pos){ file, line, col }, "this file holds the character \\0 or a broken "
			   "character here; %s", save_as);
		goto out;
	}
	/* valid UTF-8 may still hold old-encoding text pasted through Word */
	if ((l = legacy_find(s, n, &line, &col)) != LEGACY_NONE) {
		legacy_report(l, (struct pos){ file, line, col }, DIAG_ERROR);
		goto out;
	}
	if (named)
		diag_report(DIAG_NOTE, pos_file(file), "this file is saved as %s; phat read it as such (to be "
			    "sure, save it as UTF-8)", named);
	clean = clean_pasted(s, n, file);
	ret = utf8_nfc(clean, strlen(clean));
	*len = strlen(ret);
out:
	free(conv);
	free(clean);
	return ret;
}

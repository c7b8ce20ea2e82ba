/* The line breaker shared by every document kind.
 *
 * A paragraph becomes a list of Knuth–Plass items: boxes (pieces of words),
 * glue (the spaces between words, which may stretch and shrink) and
 * penalties (forced breaks). Justified paragraphs choose their breaks by
 * optimum fit over the whole paragraph, as TeX does, because libharu cannot
 * justify CID text and first-fit leaves loose lines; ragged and centred
 * text fills lines first-fit. Each piece is then placed at its own x. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "layout.h"
#include "../util/util.h"
#include "../util/utf8.h"

enum item_type { IT_BOX, IT_GLUE, IT_PENALTY };

#define INF_PENALTY 10000.0
#define TOLERANCE   3.0      /* largest stretch ratio in the first pass */
#define LINE_PENALTY 10.0
#define FITNESS_DEMERITS 100.0

struct item {
	enum item_type type;
	double w, stretch, shrink;
	double penalty;          /* IT_PENALTY; -INF_PENALTY forces a break */
	int nobreak;             /* IT_GLUE that must not become a line end */
	size_t span;             /* the span it came from */
	size_t off, len;         /* IT_BOX: bytes of the span's text */
	int indent;              /* IT_BOX: the first-line indent (draws nothing) */
};

struct items {
	struct item *v;
	size_t n, cap;
};

static struct item *items_add(struct items *it, enum item_type t)
{
	struct item *x;

	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 64;
		it->v = xrealloc(it->v, it->cap * sizeof *it->v);
	}
	x = &it->v[it->n++];
	memset(x, 0, sizeof *x);
	x->type = t;
	return x;
}

/* ---- what may not end a line ---- */

static int is_closing(uint32_t c)
{
	if (c < 128)
		return c && strchr(".,;:!?)]}%", (int)c) != NULL;
	return c == 0x00BB || c == 0x201D || c == 0x2019 || c == 0x2026 || c == 0x2030;
}

static int is_opening(uint32_t c)
{
	return c == '(' || c == '[' || c == '{' || c == 0x00AB || c == 0x201C || c == 0x2018;
}

/* Length of w without the closing punctuation at its end ("đồng," "2025).") */
static size_t strip_closing(const char *w, size_t n)
{
	while (n > 0) {
		size_t k = n - 1;
		uint32_t c;

		while (k > 0 && ((unsigned char)w[k] & 0xC0) == 0x80)
			k--;
		utf8_decode(w + k, &c);
		if (!is_closing(c) && c != '"' && c != 0x201D && c != 0x2019)
			break;
		n = k;
	}
	return n;
}

/* What stays on the line of the number before it: units, currencies, "%",
 * the words that count ("0 đồng", "12 tháng", "50 %", "1,5 triệu"). */
static int is_unit(const char *w, size_t n)
{
	static const char *const units[] = {
		"%", "‰", "mm", "cm", "m", "km", "m²", "m2", "ha", "kg", "g", "tấn", "đ", "đồng",
		"VNĐ", "VND", "USD", "KB", "MB", "GB", "°C", "giờ", "phút", "giây", "h", "ngày", "tuần",
		"tháng", "năm", "quý", "lần", "người", "hộ", "điểm", "trăm", "nghìn", "ngàn", "triệu",
		"tỷ", "tỉ", NULL
	};
	size_t i;

	n = strip_closing(w, n);
	for (i = 0; units[i]; i++)
		if (strlen(units[i]) == n && memcmp(units[i], w, n) == 0)
			return 1;
	return 0;
}

/* A number as written in Vietnamese text: "1.169", "36,4", "+6,4", "-2". */
static int is_number(const char *w, size_t n)
{
	size_t i;
	int digit = 0;

	for (i = 0; i < n; i++) {
		if (w[i] >= '0' && w[i] <= '9')
			digit = 1;
		else if (w[i] != '.' && w[i] != ',' && !(i == 0 && (w[i] == '+' || w[i] == '-')))
			return 0;
	}
	return digit;
}

/* The number after "ngày", "tháng", "năm": "09", "8", "2025", "09/8/2025",
 * with a closing punctuation mark after it. */
static int is_date_number(const char *w, size_t n)
{
	size_t i;
	int digit = 0;

	n = strip_closing(w, n);
	for (i = 0; i < n; i++) {
		if (w[i] >= '0' && w[i] <= '9')
			digit = 1;
		else if (w[i] != '/' && w[i] != '-' && w[i] != '.')
			return 0;
	}
	return digit;
}

/* A short number that names a thing after its word: "Thôn 3", "Khu phố
 * 1", "bản 2", "Điều 5" (one to three digits, closing punctuation after
 * them allowed). */
static int is_short_number(const char *w, size_t n)
{
	size_t i;

	n = strip_closing(w, n);
	if (n == 0 || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return 1;
}

/* A word that ends in a letter (Latin, with Vietnamese marks). */
static int ends_in_letter(uint32_t last)
{
	return (last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z') ||
	       (last >= 0xC0 && last <= 0x1EF9 && last != 0xD7 && last != 0xF7);
}

static int is_date_word(const char *w, size_t n)
{
	static const char *const words[] = { "ngày", "Ngày", "tháng", "Tháng", "năm", "Năm", NULL };
	size_t i;

	for (i = 0; words[i]; i++)
		if (strlen(words[i]) == n && memcmp(words[i], w, n) == 0)
			return 1;
	return 0;
}

/* A run of no-break spaces: the blank left for a number or a date in a
 * draft ("ngày      tháng"). It stays with the words on both sides. */
static int is_blank(const char *w, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i + 1 < n; i += 2)
		if ((unsigned char)w[i] != 0xC2 || (unsigned char)w[i + 1] != 0xA0)
			return 0;
	return i == n;
}

static int is_dash(const char *w, size_t n)
{
	return (n == 1 && w[0] == '-') || (n == 3 && memcmp(w, "–", 3) == 0) ||
	       (n == 3 && memcmp(w, "—", 3) == 0);
}

/* The glue between two words may break unless the break would leave
 * closing punctuation, a unit or a lone dash at the start of a line, or an
 * opening bracket at the end of one, or split a date's "ngày 09",
 * "tháng 8", "năm 2025", or a short number from the word it numbers
 * ("Thôn 3", "Khu phố 1"). */
static int may_break_between(const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t first, last = 0;
	size_t i = 0;

	if (an == 0 || bn == 0)
		return 1;
	utf8_decode(b, &first);
	while (i < an) {
		uint32_t c;
		i += (size_t)utf8_decode(a + i, &c);
		last = c;
	}
	if (is_closing(first) || is_dash(b, bn) || is_opening(last) || is_blank(a, an) || is_blank(b, bn))
		return 0;
	if (is_number(a, an) && is_unit(b, bn))
		return 0;
	if (is_date_word(a, an) && is_date_number(b, bn))
		return 0;
	if (ends_in_letter(last) && is_short_number(b, bn))
		return 0;
	return 1;
}

/* Names that are never split across lines, wherever they are written: the
 * apps a campaign names. The content adds its own ("khong_ngat_dong:" in
 * phat.yaml, passed as para->nobreak). */
static const char *const builtin_phrases[] = {
	"VNPT SmartCA", "VNPT Smart CA", "Viettel MySign", "Viettel CA", "Cổng Dịch vụ công", NULL
};

/* ---- breaks inside a printed address ---- */

/* Penalties of a break inside a web address, drawn without a hyphen: after
 * "/" the reader sees the address go on; after "." or "-" only when nothing
 * better is at hand. An address in brackets after a link's words
 * ("(dichvucong.gov.vn/p/home/dvc-dich-vu-cong-truc-tuyen.html)") is wider
 * than the gaps a justified line can hide. */
#define ADDR_SLASH_PENALTY 50.0
#define ADDR_DOT_PENALTY   300.0
#define ADDR_MIN_PIECE     3     /* bytes of the address on each side */

static int is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int is_host_char(char c)
{
	return is_lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* w (n bytes: one word of a span) holds a web address: "https://…",
 * "dichvucong.gov.vn/p/home/…", an opening bracket before it and closing
 * punctuation after it allowed. Its host is labels joined by "." whose last
 * is 2 to 6 lower-case letters ("gov.vn", "zalo.me"); "tp.HCM", "v.v.",
 * "1.169" and "09/8/2025" are not addresses. Sets [*host, *end) to the
 * address without its scheme and the punctuation around it. */
static int is_address(const char *w, size_t n, size_t *host, size_t *end)
{
	size_t i = 0, e = strip_closing(w, n), h, k;
	int dots = 0;

	while (i < e && strchr("(\"'[", w[i]))
		i++;
	if (e - i > 8 && !strncmp(w + i, "https://", 8))
		i += 8;
	else if (e - i > 7 && !strncmp(w + i, "http://", 7))
		i += 7;
	for (h = i; h < e && w[h] != '/'; h++)
		if (!is_host_char(w[h]))
			return 0;
		else if (w[h] == '.' && (h == i || w[h - 1] == '.'))
			return 0;
		else
			dots += w[h] == '.';
	for (k = h; k > i && is_lower(w[k - 1]); k--)
		;
	if (!dots || k == i || w[k - 1] != '.' || h - k < 2 || h - k > 6)
		return 0;
	*host = i;
	*end = e;
	return 1;
}

/* The boxes of one word of span s (t[i..j)): one box, or for a web
 * address a box per piece with a penalty between pieces where a line may
 * end without a hyphen. */
static void word_boxes(const struct measure *m, const struct span *sp, size_t s, const char *t, size_t i,
		       size_t j, struct items *it)
{
	size_t host, end, from = i, k;

	if (is_address(t + i, j - i, &host, &end)) {
		host += i;
		end += i;
		for (k = host + ADDR_MIN_PIECE; k + ADDR_MIN_PIECE <= end; k++) {
			double pen;
			struct item *x;

			if (t[k - 1] == '/' && t[k] != '/')
				pen = ADDR_SLASH_PENALTY;
			else if ((t[k - 1] == '.' || t[k - 1] == '-') && t[k] != '.' && t[k] != '-')
				pen = ADDR_DOT_PENALTY;
			else
				continue;
			x = items_add(it, IT_BOX);
			x->span = s;
			x->off = from;
			x->len = k - from;
			x->w = measure_textn(m, sp->face, sp->size, t + from, k - from);
			x = items_add(it, IT_PENALTY);
			x->penalty = pen;
			x->span = s;
			from = k;
		}
	}
	{
		struct item *x = items_add(it, IT_BOX);
		x->span = s;
		x->off = from;
		x->len = j - from;
		x->w = measure_textn(m, sp->face, sp->size, t + from, j - from);
	}
}

/* ---- items from spans ---- */

/* A word: the boxes between two glues, and the glue after it. Its text is
 * at text + off (len bytes) in the words' shared buffer. */
struct word {
	size_t off, len;
	size_t glue;             /* item index, or (size_t)-1: none (a forced break) */
};

struct words {
	struct word *v;
	size_t n, cap;
	struct buf text;
};

static void words_open(struct words *w)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	w->v[w->n].off = w->text.len;
	w->v[w->n].len = 0;
	w->v[w->n].glue = (size_t)-1;
	w->n++;
}

/* Words i.. match the words of phrase (spaces between them): the first may
 * have an opening bracket before it, the last closing punctuation after it. */
static size_t phrase_match(const struct words *w, size_t i, const char *phrase)
{
	const char *ph = phrase;
	size_t k = i;

	while (*ph) {
		size_t pn = strcspn(ph, " "), wn;
		const char *wt;

		if (k >= w->n)
			return 0;
		wt = w->text.data + w->v[k].off;
		wn = w->v[k].len;
		if (k == i)
			while (wn > 0 && strchr("(\"'[", *wt))
				wt++, wn--;
		if (!ph[pn])
			wn = strip_closing(wt, wn);
		if (wn != pn || memcmp(wt, ph, pn) != 0)
			return 0;
		if (ph[pn] && w->v[k].glue == (size_t)-1)
			return 0;
		ph += pn;
		ph += strspn(ph, " ");
		k++;
	}
	return k - i;
}

/* A group of a telephone number: 1 to 4 digits, closing punctuation after
 * it allowed when last. Returns its number of digits, or 0. */
static size_t phone_group(const char *w, size_t n, int last)
{
	size_t i;

	if (last)
		n = strip_closing(w, n);
	if (n < 1 || n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return n;
}

/* Words i.. that are one telephone number written in groups, as Vietnamese
 * write them: "0912 345 678", "0277 3 841 234", "024 3825 1234" (10 or 11
 * digits from a leading 0), "1800 1096", "1900 555 520" (8 or 10 digits),
 * "+84 912 345 678" (9 or 10 after +84); an opening bracket before it
 * allowed. Returns the number of words (the longest such number), 0 when
 * none. */
static size_t phone_match(const struct words *w, size_t i)
{
	const char *a = w->text.data + w->v[i].off;
	size_t an = w->v[i].len, k, digits, best = 0, lo, hi;

	if (an > 0 && a[0] == '(')
		a++, an--;
	if ((an == 3 && !memcmp(a, "+84", 3)) || (an == 4 && !memcmp(a, "+84)", 4))) {
		digits = 0;
		lo = 9, hi = 10;
	} else if (an == 4 && (!memcmp(a, "1800", 4) || !memcmp(a, "1900", 4))) {
		digits = 4;
		lo = 8, hi = 10;
	} else if (phone_group(a, an, 0) >= 3 && a[0] == '0') {
		digits = an;
		lo = 10, hi = 11;
	} else {
		return 0;
	}
	for (k = i + 1; k < w->n && w->v[k - 1].glue != (size_t)-1; k++) {
		const char *b = w->text.data + w->v[k].off;
		size_t bn = w->v[k].len, d = phone_group(b, bn, 1);

		if (!d || (digits += d) > hi)
			break;
		if (digits == lo || digits == hi)
			best = k - i + 1;
		if (d != bn)
			break;       /* punctuation ends the number */
	}
	return best;
}

/* Marks the glues that must not break: between two words the rules of
 * may_break_between forbid, inside a telephone number's groups, inside a
 * name of the phrase lists. */
static void words_nobreak(const struct para *p, const struct words *w, struct items *it)
{
	const char *const *lists[2] = { builtin_phrases, p->nobreak };
	size_t i, j, k, l;

	for (i = 0; i + 1 < w->n; i++) {
		const struct word *a = &w->v[i], *b = &w->v[i + 1];

		if (a->glue != (size_t)-1 &&
		    !may_break_between(w->text.data + a->off, a->len, w->text.data + b->off, b->len))
			it->v[a->glue].nobreak = 1;
	}
	for (i = 0; i + 1 < w->n; i++) {
		size_t m = phone_match(w, i);
		for (k = 0; m > 1 && k + 1 < m; k++)
			it->v[w->v[i + k].glue].nobreak = 1;
	}
	for (l = 0; l < 2; l++)
		for (j = 0; lists[l] && lists[l][j]; j++)
			for (i = 0; i < w->n; i++) {
				size_t m = phrase_match(w, i, lists[l][j]);
				for (k = 0; m > 1 && k + 1 < m; k++)
					it->v[w->v[i + k].glue].nobreak = 1;
			}
}

static void build_items(const struct measure *m, const struct para *p, struct items *it)
{
	struct words w;
	size_t s;
	int in_word = 0;

	memset(&w, 0, sizeof w);
	buf_init(&w.text);
	if (p->first_indent > 0) {
		struct item *x = items_add(it, IT_BOX);
		x->w = p->first_indent;
		x->indent = 1;
	}
	for (s = 0; s < p->n; s++) {
		const struct span *sp = &p->spans[s];
		const char *t = sp->text;
		size_t i = 0, n = strlen(t);

		while (i < n) {
			if (t[i] == ' ' || t[i] == '\n') {
				int forced = 0;
				size_t start = i;

				while (i < n && (t[i] == ' ' || t[i] == '\n')) {
					forced |= t[i] == '\n';
					i++;
				}
				in_word = 0;
				if (forced) {
					struct item *g = items_add(it, IT_GLUE);
					struct item *pen;
					g->stretch = 1e9;
					g->nobreak = 1;
					g->span = s;
					pen = items_add(it, IT_PENALTY);
					pen->penalty = -INF_PENALTY;
					pen->span = s;
				} else if (it->n > 0 && it->v[it->n - 1].type == IT_BOX && !it->v[it->n - 1].indent) {
					struct item *g = items_add(it, IT_GLUE);
					double sw = measure_textn(m, sp->face, sp->size, " ", 1);
					g->w = sw;
					g->stretch = sw / 2;
					g->shrink = sw / 3;
					g->span = s;
					/* a span that keeps its words together breaks only
					 * at a space that starts or ends it */
					g->nobreak = sp->nobreak && start > 0 && i < n;
					if (w.n)
						w.v[w.n - 1].glue = it->n - 1;
				}
				continue;
			}
			{
				size_t j = i;

				while (j < n && t[j] != ' ' && t[j] != '\n')
					j++;
				word_boxes(m, sp, s, t, i, j, it);
				if (!in_word)
					words_open(&w);
				in_word = 1;
				buf_add(&w.text, t + i, j - i);
				w.v[w.n - 1].len += j - i;
				i = j;
			}
		}
	}
	/* the end: a glue that fills the last line, then a forced break */
	if (it->n == 0 || it->v[it->n - 1].type != IT_PENALTY) {
		struct item *g;
		struct item *pen;

		if (it->n > 0 && it->v[it->n - 1].type == IT_GLUE) {
			it->n--;    /* trailing space */
			if (w.n)
				w.v[w.n - 1].glue = (size_t)-1;
		}
		g = items_add(it, IT_GLUE);
		g->stretch = 1e9;
		g->nobreak = 1;
		pen = items_add(it, IT_PENALTY);
		pen->penalty = -INF_PENALTY;
	}
	buf_addc(&w.text, '\0');
	words_nobreak(p, &w, it);
	buf_free(&w.text);
	free(w.v);
}

/* ---- optimum fit ---- */

struct kp_node {
	size_t pos;              /* item index of the break */
	int line;                /* lines before this break */
	int fitness;
	double tw, ty, tz;       /* totals after the break */
	double demerits;
	long prev;               /* index into the node pool, -1 for the start */
	int active;
};

struct kp {
	struct kp_node *v;
	size_t n, cap;
};

static long kp_add(struct kp *k, const struct kp_node *x)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 64;
		k->v = xrealloc(k->v, k->cap * sizeof *k->v);
	}
	k->v[k->n] = *x;
	return (long)k->n++;
}

static int is_legal_break(const struct items *it, size_t b)
{
	const struct item *x = &it->v[b];

	if (x->type == IT_PENALTY)
		return x->penalty < INF_PENALTY;
	if (x->type == IT_GLUE)
		return !x->nobreak && b > 0 && it->v[b - 1].type == IT_BOX;
	return 0;
}

/* Totals from the start of the paragraph up to item b, and after a break
 * at b (skipping the glue and penalties that vanish at a line start). */
static void after_break(const struct items *it, size_t b, double sw, double sy, double sz,
			double *tw, double *ty, double *tz)
{
	size_t i;

	*tw = sw;
	*ty = sy;
	*tz = sz;
	for (i = b; i < it->n; i++) {
		const struct item *x = &it->v[i];
		if (x->type == IT_BOX)
			break;
		if (x->type == IT_GLUE) {
			*tw += x->w;
			*ty += x->stretch;
			*tz += x->shrink;
		} else if (x->penalty <= -INF_PENALTY && i > b) {
			break;
		}
	}
}

/* Returns the break positions (item indices), in order, ending with the
 * final penalty; *nbreaks their count. Caller frees. */
static size_t *kp_breaks(const struct items *it, double width0, double width1, size_t *nbreaks,
			  double tolerance)
{
	struct kp k = { 0 };
	struct kp_node start = { 0 };
	double sw = 0, sy = 0, sz = 0;
	size_t b, *out = NULL;
	long best = -1;

	start.prev = -1;
	start.active = 1;
	kp_add(&k, &start);
	for (b = 0; b < it->n; b++) {
		const struct item *x = &it->v[b];
		long a, last_deact = -1;
		double best_d[4];
		long best_a[4];
		int fit, any_active = 0;
		double last_deact_r = 0;

		if (x->type == IT_BOX) {
			sw += x->w;
			continue;
		}
		if (!is_legal_break(it, b)) {
			if (x->type == IT_GLUE) {
				sw += x->w;
				sy += x->stretch;
				sz += x->shrink;
			}
			continue;
		}
		for (fit = 0; fit < 4; fit++) {
			best_d[fit] = INFINITY;
			best_a[fit] = -1;
		}
		for (a = 0; a < (long)k.n; a++) {
			struct kp_node *n = &k.v[a];
			double L, r, bad, d, width, pen = x->type == IT_PENALTY ? x->penalty : 0;
			int cls;

			if (!n->active)
				continue;
			width = n->line == 0 ? width0 : width1;
			L = sw - n->tw;
			if (x->type == IT_PENALTY)
				L += x->w;
			if (L < width)
				r = sy - n->ty > 0 ? (width - L) / (sy - n->ty) : INFINITY;
			else if (L > width)
				r = sz - n->tz > 0 ? (width - L) / (sz - n->tz) : -INFINITY;
			else
				r = 0;
			if (r < -1 || pen <= -INF_PENALTY) {
				n->active = 0;
				if (r < -1) {
					last_deact = a;
					last_deact_r = r;
				}
			} else {
				any_active = 1;
			}
			if (r >= -1 && r <= tolerance) {
				bad = 100 * pow(fabs(r), 3);
				if (bad > 10000)
					bad = 10000;
				if (pen >= 0)
					d = pow(LINE_PENALTY + bad, 2) + pen * pen;
				else if (pen > -INF_PENALTY)
					d = pow(LINE_PENALTY + bad, 2) - pen * pen;
				else
					d = pow(LINE_PENALTY + bad, 2);
				cls = r < -0.5 ? 0 : r <= 0.5 ? 1 : r <= 1 ? 2 : 3;
				if (n->line > 0 && abs(cls - n->fitness) > 1)
					d += FITNESS_DEMERITS;
				d += n->demerits;
				if (d < best_d[cls]) {
					best_d[cls] = d;
					best_a[cls] = a;
				}
			}
		}
		{
			int found = 0;
			for (fit = 0; fit < 4; fit++) {
				struct kp_node nn = { 0 };
				if (best_a[fit] < 0)
					continue;
				found = 1;
				nn.pos = b;
				nn.line = k.v[best_a[fit]].line + 1;
				nn.fitness = fit;
				nn.demerits = best_d[fit];
				nn.prev = best_a[fit];
				nn.active = 1;
				after_break(it, b, sw, sy, sz, &nn.tw, &nn.ty, &nn.tz);
				kp_add(&k, &nn);
			}
			/* Nothing fits and nothing is left: a word wider than the line.
			 * Break here anyway, from the node that overflowed least, so
			 * the paragraph still comes out (overfull) rather than not at all. */
			if (!found && !any_active && last_deact >= 0 && isinf(tolerance)) {
				struct kp_node nn = { 0 };
				(void)last_deact_r;
				nn.pos = b;
				nn.line = k.v[last_deact].line + 1;
				nn.fitness = 1;
				nn.demerits = k.v[last_deact].demerits + 1e12;
				nn.prev = last_deact;
				nn.active = 1;
				after_break(it, b, sw, sy, sz, &nn.tw, &nn.ty, &nn.tz);
				kp_add(&k, &nn);
			}
		}
		if (x->type == IT_GLUE) {
			sw += x->w;
			sy += x->stretch;
			sz += x->shrink;
		}
	}
	{
		size_t i;
		double bd = INFINITY;
		for (i = 0; i < k.n; i++)
			if (k.v[i].pos == it->n - 1 && k.v[i].prev >= 0 && k.v[i].demerits < bd) {
				bd = k.v[i].demerits;
				best = (long)i;
			}
	}
	if (best >= 0) {
		size_t cnt = 0;
		long a;
		for (a = best; a > 0; a = k.v[a].prev)
			cnt++;
		out = xmalloc(cnt * sizeof *out);
		*nbreaks = cnt;
		for (a = best; a > 0; a = k.v[a].prev)
			out[--cnt] = k.v[a].pos;
	}
	free(k.v);
	return out;
}

/* First fit: the longest line that fits, then the next. */
static size_t *greedy_breaks(const struct items *it, double width0, double width1, size_t *nbreaks)
{
	size_t *out = NULL, n = 0, cap = 0, b;
	size_t last_ok = (size_t)-1;
	double w = 0;
	int has_box = 0;

	for (b = 0; b < it->n; b++) {
		const struct item *x = &it->v[b];
		int forced = x->type == IT_PENALTY && x->penalty <= -INF_PENALTY;
		size_t at = (size_t)-1;

		if (x->type == IT_BOX) {
			w += x->w;
			has_box = 1;
			if (w > (n == 0 ? width0 : width1) && last_ok != (size_t)-1)
				at = last_ok;
		} else if (forced) {
			at = b;
		} else if (x->type == IT_GLUE) {
			if (is_legal_break(it, b))
				last_ok = b;
			if (has_box)
				w += x->w;
		} else if (is_legal_break(it, b)) {
			last_ok = b;     /* inside an address */
		}
		if (at == (size_t)-1)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			out = xrealloc(out, cap * sizeof *out);
		}
		out[n++] = at;
		b = at;      /* go on after the break */
		w = 0;
		has_box = 0;
		last_ok = (size_t)-1;
	}
	*nbreaks = n;
	return out;
}

/* Centred text of several lines reads best with lines of even length
 * ("ỦY BAN NHÂN DÂN / XÃ TÂN THÀNH", not a last line of one word): the
 * narrowest measure that still gives the same number of lines. */
static int lines_fit(const struct items *it, const size_t *br, size_t n, double w0, double w1)
{
	size_t i, from = 0, b;

	for (i = 0; i < n; i++) {
		double w = 0;
		int started = 0;
		for (b = from; b < br[i]; b++) {
			const struct item *x = &it->v[b];
			if (x->type == IT_BOX) {
				w += x->w;
				started = 1;
			} else if (x->type == IT_GLUE && started && b + 1 < br[i]) {
				w += x->w;
			}
		}
		if (w > (i == 0 ? w0 : w1) + 0.01)
			return 0;
		from = br[i] + 1;
	}
	return 1;
}

static size_t *balance_breaks(const struct items *it, double w0, double w1, size_t *br, size_t *nbr)
{
	double lo = w1 * 0.3, hi = w1;
	int k;

	if (!lines_fit(it, br, *nbr, w0, w1))
		return br;      /* overfull already: nothing to balance */
	for (k = 0; k < 24; k++) {
		double mid = (lo + hi) / 2, d = w1 - mid;
		size_t n = 0, *b = greedy_breaks(it, w0 - d, mid, &n);

		if (n == *nbr && lines_fit(it, b, n, w0 - d, mid)) {
			free(br);
			br = b;
			hi = mid;
		} else {
			free(b);
			lo = mid;
		}
	}
	return br;
}

/* ---- lines from breaks ---- */

static void line_add_item(struct line *ln, size_t *cap, const struct para *p, const struct item *x,
			  double xpos)
{
	const struct span *sp = &p->spans[x->span];
	struct line_item *li;

	if (ln->n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		ln->items = xrealloc(ln->items, *cap * sizeof *ln->items);
	}
	li = &ln->items[ln->n++];
	li->face = sp->face;
	li->size = sp->size;
	li->text = xstrndup(sp->text + x->off, x->len);
	/* The line outlives its para (kinds free the para once it is broken). */
	li->url = sp->url ? xstrdup(sp->url) : NULL;
	li->rgb = sp->rgb;
	li->underline = sp->underline;
	li->x = xpos;
	li->w = x->w;
}

/* Pieces that keep their natural spacing and share a style become one
 * piece: fewer text objects, and text that copies out as written. */
static void line_merge(struct line *ln, const struct measure *m)
{
	size_t i, o = 0;

	for (i = 0; i < ln->n; i++) {
		struct line_item *cur = &ln->items[i];
		if (o > 0) {
			struct line_item *pv = &ln->items[o - 1];
			double gap = cur->x - (pv->x + pv->w);
			double sw = measure_textn(m, pv->face, pv->size, " ", 1);
			int same = pv->face == cur->face && pv->size == cur->size && pv->rgb == cur->rgb &&
				   pv->underline == cur->underline &&
				   (pv->url == cur->url || (pv->url && cur->url && !strcmp(pv->url, cur->url)));
			if (same && (fabs(gap) < 0.01 || fabs(gap - sw) < 0.01)) {
				/* appended in place: printf's formatting cost a dispatch
				 * 4 % of its instructions here */
				size_t a = strlen(pv->text), sp = fabs(gap) < 0.01 ? 0 : 1, c = strlen(cur->text);
				pv->text = xrealloc(pv->text, a + sp + c + 1);
				if (sp)
					pv->text[a] = ' ';
				memcpy(pv->text + a + sp, cur->text, c + 1);
				free(cur->text);
				free(cur->url);
				pv->w = cur->x + cur->w - pv->x;
				continue;
			}
		}
		ln->items[o++] = *cur;
	}
	ln->n = o;
}

static void make_line(const struct measure *m, const struct para *p, const struct items *it,
		      size_t from, size_t to, int last, int first, struct line *ln, double *ratio_max)
{
	/* a positive first indent is a box among the items; a negative one
	 * (hanging marker) widens the first line instead */
	double hang = first && p->first_indent < 0 ? -p->first_indent : 0;
	double width = p->width - p->indent + hang;
	double nat = 0, st = 0, sh = 0, r = 0, x = 0, shift = 0;
	size_t i, cap = 0, end = to;
	int forced_end = it->v[to].type == IT_PENALTY && it->v[to].penalty <= -INF_PENALTY;

	memset(ln, 0, sizeof *ln);
	/* skip the glue at the line start */
	while (from < end && it->v[from].type != IT_BOX)
		from++;
	/* drop glue before the break */
	while (end > from && it->v[end - 1].type == IT_GLUE)
		end--;
	for (i = from; i < end; i++) {
		const struct item *xi = &it->v[i];
		if (xi->type == IT_BOX || xi->type == IT_GLUE)
			nat += xi->w;
		if (xi->type == IT_GLUE) {
			st += xi->stretch;
			sh += xi->shrink;
		}
	}
	if (p->align == ALIGN_JUSTIFY) {
		/* the last line keeps its natural spacing unless it must shrink
		 * to fit, which the optimum fit counted on */
		if (nat < width && st > 0 && !forced_end)
			r = (width - nat) / st;
		else if (nat > width && sh > 0)
			r = (width - nat) / sh;
		if (r < -1)
			r = -1;
	}
	(void)last;
	if (fabs(r) > *ratio_max)
		*ratio_max = fabs(r);
	for (i = from; i < end; i++) {
		const struct item *xi = &it->v[i];
		if (xi->type == IT_BOX) {
			if (!xi->indent)
				line_add_item(ln, &cap, p, xi, x);
			x += xi->w;
		} else if (xi->type == IT_GLUE) {
			x += xi->w + (r > 0 ? r * xi->stretch : r * xi->shrink);
		}
	}
	ln->width = nat;
	if (p->align == ALIGN_JUSTIFY && (!forced_end || r < 0))
		ln->width = x;
	switch (p->align) {
	case ALIGN_CENTER: shift = (width - nat) / 2; break;
	case ALIGN_RIGHT: shift = width - nat; break;
	default: shift = 0; break;
	}
	if (shift < 0 && p->align != ALIGN_LEFT)
		shift = p->align == ALIGN_CENTER ? shift : 0;
	for (i = 0; i < ln->n; i++)
		ln->items[i].x += shift + p->indent - hang;
	if (fabs(r) < 1e-9)
		line_merge(ln, m);
	if (first && p->marker.text) {
		/* the marker hangs left of the text, in the indent */
		struct line_item li;
		size_t k;
		if (ln->n == cap) {
			cap = cap ? cap * 2 : 4;
			ln->items = xrealloc(ln->items, cap * sizeof *ln->items);
		}
		for (k = ln->n; k > 0; k--)
			ln->items[k] = ln->items[k - 1];
		li.face = p->marker.face;
		li.size = p->marker.size;
		li.text = xstrdup(p->marker.text);
		li.url = NULL;
		li.rgb = p->marker.rgb;
		li.underline = 0;
		li.x = p->marker_x;
		li.w = measure_text(m, li.face, li.size, li.text);
		ln->items[0] = li;
		ln->n++;
	}
	ln->size = 0;
	ln->ascent = 0;
	ln->descent = 0;
	for (i = 0; i < ln->n; i++) {
		const struct line_item *li = &ln->items[i];
		double a = m->ascent(m->ctx, li->face) * li->size;
		double d = m->descent(m->ctx, li->face) * li->size;
		if (li->size > ln->size)
			ln->size = li->size;
		if (a > ln->ascent)
			ln->ascent = a;
		if (d < ln->descent)
			ln->descent = d;
	}
	if (ln->n == 0 && p->n > 0) {
		/* an empty line (two hard breaks): keep the height of the text */
		const struct span *sp = &p->spans[0];
		ln->size = sp->size;
		ln->ascent = m->ascent(m->ctx, sp->face) * sp->size;
		ln->descent = m->descent(m->ctx, sp->face) * sp->size;
	}
	ln->leading = p->leading > 0 ? p->leading : 1.15 * ln->size;
}

int layout_break(const struct measure *m, const struct para *p, struct lines *out)
{
	struct items it = { 0 };
	size_t *br = NULL, nbr = 0, i, from = 0;
	double width = p->width - p->indent;
	double width0 = width - (p->first_indent < 0 ? p->first_indent : 0);

	memset(out, 0, sizeof *out);
	build_items(m, p, &it);
	if (p->align == ALIGN_JUSTIFY) {
		br = kp_breaks(&it, width0, width, &nbr, TOLERANCE);
		if (!br)
			br = kp_breaks(&it, width0, width, &nbr, INFINITY);
	}
	if (!br)
		br = greedy_breaks(&it, width0, width, &nbr);
	if (p->align == ALIGN_CENTER && nbr > 1)
		br = balance_breaks(&it, width0, width, br, &nbr);
	out->v = xcalloc(nbr ? nbr : 1, sizeof *out->v);
	for (i = 0; i < nbr; i++) {
		make_line(m, p, &it, from, br[i], i + 1 == nbr, i == 0, &out->v[out->n], &out->ratio_max);
		out->n++;
		from = br[i] + 1;
	}
	/* A paragraph of hard breaks only would leave a trailing empty line. */
	while (out->n > 1 && out->v[out->n - 1].n == 0) {
		free(out->v[out->n - 1].items);
		out->n--;
	}
	free(br);
	free(it.v);
	return 0;
}

void lines_free(struct lines *l)
{
	size_t i, j;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		for (j = 0; j < l->v[i].n; j++) {
			free(l->v[i].items[j].text);
			free(l->v[i].items[j].url);
		}
		free(l->v[i].items);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

double line_baseline(const struct line *ln)
{
	/* the text's own height (ascent - descent) is centred in the leading,
	 * as word processors do with "single" spacing */
	double h = ln->ascent - ln->descent;
	return ln->ascent + (ln->leading - h) / 2;
}

/* Loa (loudspeaker script, issue 5): the Markdown body written out the way
 * it is read over the commune's loudspeakers, for an announcer or a hamlet
 * head who reads it cold.
 *
 * Every heading, paragraph and list item becomes one spoken paragraph: its
 * text with {{figures}} filled in, then src/speak (numbers, dates,
 * abbreviations, links) over the whole paragraph, so "ngày" is not said
 * twice when a date runs onto the next source line. Ordered list items are
 * read "Thứ nhất: …", "Thứ hai: …" unless the item already says "Bước …";
 * a QR picture becomes the lexicon's "(mã QR)" phrase (listeners cannot
 * scan a loudspeaker); other pictures are not read; a link is read as the
 * lexicon's phrase for its address, after its label when it has one.
 *
 * Outputs: out/loa/NAME.txt (UTF-8, paragraphs separated by blank lines)
 * and out/loa/NAME.pdf, the large-print copy: A4, sans 18 pt (headings
 * 20 pt), 1.5 line spacing, each paragraph preceded by its reading time and
 * the whole script's time at the top. "moi_xom: true" makes both per hamlet.
 * In the PDF a paragraph that fits on a page is not split across two, and
 * no line breaks inside a spoken name ("vê en e ai đi") or a number with its
 * unit ("hai mươi lăm độ xê"): src/speak joins their words with no-break
 * spaces, which the shared line breaker keeps together (unless the run is
 * wider than a line, when it breaks rather than run off the page).
 *
 * Keys: toc_do (reading rate in syllables a minute, default 180; radio news
 * runs about 230), mien (bac, default, or nam: "lẻ", "ngàn"), tu_dien (a
 * lexicon file instead of the tu-dien-loa.txt files beside the document and
 * above it up to the content folder; the built-in lexicon is always there),
 * and the statistics keys. Reading time counts a syllable per word written between
 * spaces, as Vietnamese writes one syllable per word; each paragraph's time
 * is rounded to the second and the total is the sum of what is printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../blocks/hamlets.h"
#include "../blocks/viethoa.h"
#include "../blocks/panel.h"
#include "../layout/layout.h"
#include "../speak/speak.h"
#include "../read/read.h"
#include "../util/util.h"
#include "../util/utf8.h"

#define LOA_RATE_DEFAULT 180
#define LOA_RATE_MIN 60
#define LOA_RATE_MAX 400
#define LOA_SIZE 18.0          /* body text, pt */
#define LOA_HEAD_SIZE 20.0     /* headings, pt */
#define LOA_NOTE_SIZE 16.0     /* times, header, page numbers: never under 16 */
#define LOA_SPACING 1.5        /* baseline to baseline, in text sizes */
#define LOA_GREY 0x555555
#define LOA_MARGIN MM(22)
#define LOA_TOP MM(18)
#define LOA_BOTTOM MM(24)
#define LOA_DEFAULT_QR "mã kiu a"

static const char *const loa_keys[] = {
	"toc_do", "mien", "tu_dien", "co_quan", KIND_STATS_KEYS, NULL
};

/* Read once per document, shared by every hamlet's script. */
struct loa {
	struct speak *sp;
	int rate;              /* syllables a minute */
};

/* One spoken paragraph. */
struct unit {
	char *text;            /* as it is read */
	int heading;
	long syllables;
	long seconds;
};

struct script {
	struct unit *v;
	size_t n, cap;
	int errors;
};

static void script_free(struct script *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].text);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Syllables: words between spaces that hold a letter or a digit (a lone
 * "–" or ":" is not read). */
static long loa_syllables(const char *s)
{
	long n = 0;
	int in = 0, counted = 0;

	while (*s) {
		uint32_t cp;
		int k = utf8_decode(s, &cp);

		if (k <= 0)
			k = 1, cp = (unsigned char)*s;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
			in = 0;
		} else {
			if (!in)
				counted = 0;
			in = 1;
			/* letters and digits; punctuation (ASCII, general
			 * punctuation U+2000–U+206F) makes no sound */
			if (!counted && ((cp < 0x80 && ((cp | 0x20) - 'a' < 26 || cp - '0' < 10)) ||
					 (cp >= 0xC0 && !(cp >= 0x2000 && cp <= 0x206F)))) {
				n++;
				counted = 1;
			}
		}
		s += k;
	}
	return n;
}

/* Seconds to read n syllables at rate a minute, to the nearest second. */
static long loa_seconds(long n, int rate)
{
	return (n * 60 + rate / 2) / rate;
}

/* "2 phút 30 giây", "45 giây", "3 phút". */
static char *loa_duration(long s)
{
	if (s < 60)
		return xasprintf("%ld giây", s);
	if (s % 60 == 0)
		return xasprintf("%ld phút", s / 60);
	return xasprintf("%ld phút %ld giây", s / 60, s % 60);
}

static const char *qr_phrase(const struct loa *lo)
{
	const char *p = speak_lookup(lo->sp, "(mã QR)");
	return p ? p : LOA_DEFAULT_QR;
}

/* Appends the raw text of the inlines under n to b: figures filled in,
 * links as their address (src/speak turns an address into its phrase),
 * QR pictures as the QR phrase. Each piece of source text is first read
 * on its own, so a number too large to read is reported at its own line
 * and column rather than somewhere in the joined paragraph. */
static void raw_inlines(struct buf *b, const struct node *n, const struct figures *fig,
			const struct loa *lo, int *errs)
{
	const struct node *c;

	for (c = n->first; c; c = c->next) {
		switch (c->type) {
		case NODE_TEXT:
		case NODE_CODE: {
			char *t = speak_text(lo->sp, c->text ? c->text : "", c->pos);
			if (!t) {
				(*errs)++;
				break;
			}
			free(t);
			if (c->text && figures_present(c->text)) {
				t = figures_expand(c->text, fig, c->pos);
				if (!t) {
					(*errs)++;
					break;
				}
				buf_adds(b, t);
				free(t);
			} else if (c->text) {
				buf_adds(b, c->text);
			}
			break;
		}
		case NODE_SOFTBREAK:
		case NODE_LINEBREAK:
			buf_addc(b, ' ');
			break;
		case NODE_EMPH:
		case NODE_STRONG:
			raw_inlines(b, c, fig, lo, errs);
			break;
		case NODE_LINK: {
			char *label = node_text(c);
			const char *u = c->url ? c->url : "";
			const char *bare = u;

			if (!strncmp(bare, "https://", 8))
				bare += 8;
			else if (!strncmp(bare, "http://", 7))
				bare += 7;
			if (!strncmp(u, "tel:", 4) || !strncmp(u, "mailto:", 7)) {
				/* the label says the number or the address */
				raw_inlines(b, c, fig, lo, errs);
			} else if (!*label || !strcmp(label, u) || !strcmp(label, bare) ||
				   strstr(label, "://") || !strncmp(label, "www.", 4)) {
				/* an address written out: only its phrase
				 * (the brackets keep a following "." out of it) */
				buf_printf(b, " <%s>", u);
			} else {
				/* the label first; the lexicon's name of the
				 * address after it, unless the label already
				 * names the site ("Cổng DVC") */
				struct buf l;
				char *name = speak_url(lo->sp, u);
				buf_init(&l);
				raw_inlines(&l, c, fig, lo, errs);
				buf_adds(b, buf_str(&l));
				if (!speak_said_within(lo->sp, buf_str(&l), name) &&
				    !speak_said_within(lo->sp, name, buf_str(&l)))
					buf_printf(b, " (<%s>)", u);
				buf_free(&l);
				free(name);
			}
			free(label);
			break;
		}
		case NODE_IMAGE:
			if (c->url && !strncmp(c->url, "qr:", 3))
				buf_printf(b, " %s", qr_phrase(lo));
			break;
		default:
			break;
		}
	}
}

/* Adds text as a unit (takes ownership); empty text is dropped. */
static void script_add(struct script *s, char *text, int heading, int rate)
{
	struct unit *u;
	char *t = str_squash(text), *r, *w;

	free(text);
	/* a link or picture put in the text may leave a space before the
	 * punctuation that followed it */
	for (r = w = t; *r; r++) {
		if (*r == ' ' && r[1] && strchr(",.;:!?)", r[1]))
			continue;
		*w++ = *r;
	}
	*w = '\0';
	if (!*t) {
		free(t);
		return;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	u = &s->v[s->n++];
	u->text = t;
	u->heading = heading;
	u->syllables = loa_syllables(t);
	u->seconds = loa_seconds(u->syllables, rate);
}

/* Reads the inlines of block n (with prefix before them) as one unit. */
static void script_block(struct script *s, const struct node *n, const char *prefix, int heading,
			 const struct figures *fig, const struct loa *lo)
{
	struct buf b;
	int errs = 0;

	buf_init(&b);
	if (prefix)
		buf_adds(&b, prefix);
	raw_inlines(&b, n, fig, lo, &errs);
	if (errs) {
		s->errors += errs;
	} else {
		char *t = speak_text(lo->sp, buf_str(&b), n->pos);
		if (t)
			script_add(s, t, heading, lo->rate);
		else
			s->errors++;
	}
	buf_free(&b);
}

/* An item that already numbers itself ("Bước 1: …") gets no "Thứ nhất". */
static int item_says_step(const struct node *para)
{
	const struct node *t = para ? para->first : NULL;

	while (t && t->type != NODE_TEXT && t->first)
		t = t->first;
	return t && t->type == NODE_TEXT && t->text &&
	       (!strncmp(t->text, "Bước ", 6) || !strncmp(t->text, "bước ", 6));
}

static void script_blocks(struct script *s, const struct node *first, const struct figures *fig,
			  const struct loa *lo);

static void script_list(struct script *s, const struct node *list, const struct figures *fig,
			const struct loa *lo)
{
	const struct node *item, *c;
	int k = list->start > 0 ? list->start : 1;

	for (item = list->first; item; item = item->next, k++) {
		for (c = item->first; c; c = c->next) {
			if (c == item->first && c->type == NODE_PARAGRAPH) {
				char pre[32];
				int num = list->ordered && !item_says_step(c);
				snprintf(pre, sizeof pre, "Thứ %d: ", k);
				script_block(s, c, num ? pre : NULL, 0, fig, lo);
			} else {
				/* nested lists, quotes, pictures inside the item */
				const struct node *save = c->next;
				((struct node *)c)->next = NULL;
				script_blocks(s, c, fig, lo);
				((struct node *)c)->next = (struct node *)save;
			}
		}
	}
}

/* The inlines of n read raw into b, trimmed; 1 when they say something. */
static int cell_words(struct buf *b, const struct node *n, const struct figures *fig, const struct loa *lo,
		      int *errs)
{
	struct buf c;
	char *t;
	int said;

	buf_init(&c);
	raw_inlines(&c, n, fig, lo, errs);
	t = str_squash(buf_str(&c));
	said = *t != '\0';
	buf_adds(b, t);
	free(t);
	buf_free(&c);
	return said;
}

/* t into b with its first letter lowered, as a word in the middle of a
 * sentence ("Số người" "số người"), unless the second letter is a capital
 * too (an abbreviation such as "CKS" stays). */
static void words_lowered(struct buf *b, const char *t)
{
	char *low = utf8_lower(t);
	uint32_t c;
	int k = *t ? utf8_decode(t, &c) : 0;
	int k2 = k > 0 && t[k] ? utf8_decode(t + k, &c) : 0;

	if (low && k > 0 && strlen(low) == strlen(t) && (k2 <= 0 || !memcmp(low + k, t + k, (size_t)k2))) {
		buf_add(b, low, (size_t)k);
		buf_adds(b, t + k);
	} else {
		buf_adds(b, t);
	}
	free(low);
}

/* A column's header split into what is said before a figure and the unit
 * said after it: "Tỷ lệ (%)" is name "tỷ lệ" and unit "%", "Số hộ (hộ)"
 * name "số hộ" and unit "hộ". Only a short bracket at the end is a unit (at
 * most three words, 24 bytes, no digit); a longer one stays in the name.
 * A header that is only "%" is a unit with no name. */
static void header_words(struct buf *name, struct buf *unit, const struct node *hc,
			 const struct figures *fig, const struct loa *lo, int *errs)
{
	struct buf h;
	const char *t, *open = NULL, *p;
	size_t len;

	buf_init(&h);
	cell_words(&h, hc, fig, lo, errs);
	t = buf_str(&h);
	len = strlen(t);
	if (len > 2 && t[len - 1] == ')')
		open = strrchr(t, '(');
	if (open && open > t && open[-1] == ' ' && (size_t)(t + len - 1 - (open + 1)) <= 24) {
		int spaces = 0, ok = t + len - 1 > open + 1;
		for (p = open + 1; ok && p < t + len - 1; p++) {
			if (*p >= '0' && *p <= '9')
				ok = 0;
			spaces += *p == ' ';
		}
		if (ok && spaces <= 2) {
			struct buf u;
			buf_init(&u);
			buf_add(&u, open + 1, (size_t)(t + len - 2 - open));
			words_lowered(unit, buf_str(&u));
			buf_free(&u);
			h.data[open - 1 - t] = '\0';
			t = buf_str(&h);
		}
	}
	if (!strcmp(t, "%") && !unit->len)
		buf_adds(unit, t);
	else
		words_lowered(name, t);
	buf_free(&h);
}

/* When a cell holds a figure, the length of its number ("640", "1.169",
 * "86,6", "-2,5"), which may be followed by one short word of unit ("36,4
 * %", "12 ha", "640 người"); else 0. Such a cell means nothing to a
 * listener without its header. */
static size_t cell_figure(const char *t)
{
	const char *p = t, *u;
	size_t n, num;

	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while ((*p >= '0' && *p <= '9') || ((*p == '.' || *p == ',' || *p == ' ') && p[1] >= '0' && p[1] <= '9'))
		p++;
	num = (size_t)(p - t);
	for (u = p; *u == ' '; u++)
		;
	n = strcspn(u, " 0123456789");
	return n <= 12 && u[n] == '\0' ? num : 0;
}

/* A table is read row by row, as a listener can follow it: the first cell,
 * then what the row says of it. A figure is named by its column's header,
 * the header's bracketed unit said after it ("| Ấp | Tỷ lệ (%) |" and
 * "| Tân Hòa | 86,6 |" are read "Tân Hòa: tỷ lệ tám mươi sáu phẩy sáu phần
 * trăm."); with two columns a text cell stands alone ("Thứ Hai: họp
 * dân."), with more every cell is named ("Đồng Cả: số người 1.169, nơi
 * nhà văn hóa."). Neither header nor unit is said when the cell says its
 * words anyway ("Giờ" and "7h30", "bảy giờ ba mươi phút"; "(%)" and "36,4
 * %"); the header row itself is not read, nor an empty cell. */
static void script_table(struct script *s, const struct node *table, const struct figures *fig,
			 const struct loa *lo)
{
	const struct node *head = table->first && table->first->header ? table->first : NULL;
	const struct node *row, *cell, *hc;
	size_t ncols = 0;

	for (cell = head ? head->first : table->first ? table->first->first : NULL; cell; cell = cell->next)
		ncols++;
	for (row = table->first; row; row = row->next) {
		struct buf b, one;
		int errs = 0, k = 0, said = 0, first = 0;

		if (row->header)
			continue;
		buf_init(&b);
		for (cell = row->first, hc = head ? head->first : NULL; cell;
		     cell = cell->next, hc = hc ? hc->next : NULL, k++) {
			buf_init(&one);
			if (cell_words(&one, cell, fig, lo, &errs)) {
				if (said)
					buf_adds(&b, said == 1 && first ? ": " : ", ");
				if (k == 0)
					first = 1;
				if (k > 0 && hc) {
					/* "Giờ" before "7h30" would say "giờ" twice; with
					 * two columns a text cell ("Thứ Hai: họp dân") needs
					 * no header, a figure does ("Tân Hòa: tỷ lệ 86,6 %") */
					struct buf name, unit, with;
					int say_name, say_unit;
					const char *c = buf_str(&one);
					size_t num = cell_figure(c);
					const char *own = c + num + strspn(c + num, " ");
					buf_init(&name);
					buf_init(&unit);
					buf_init(&with);
					header_words(&name, &unit, hc, fig, lo, &errs);
					/* "Số người" and "1.169 người": the cell's own unit
					 * says what it counts; "Số hộ (hộ)": said once */
					say_name = name.len && (ncols > 2 || num) &&
						   !(num && *own && speak_said_within(lo->sp, own, buf_str(&name))) &&
						   !speak_said_within(lo->sp, buf_str(&name), c);
					say_unit = unit.len && num &&
						   !(say_name && speak_said_within(lo->sp, buf_str(&unit), buf_str(&name)));
					if (say_name) {
						buf_adds(&b, buf_str(&name));
						buf_addc(&b, ' ');
					}
					buf_adds(&b, c);
					/* the unit as said after this number ("ha" is "héc
					 * ta" only there), so "12,5 ha" keeps "(ha)" out */
					buf_add(&with, c, num);
					buf_addc(&with, ' ');
					buf_adds(&with, buf_str(&unit));
					if (say_unit && !speak_said_within(lo->sp, buf_str(&with), c)) {
						buf_addc(&b, ' ');
						buf_adds(&b, buf_str(&unit));
					}
					buf_free(&with);
					buf_free(&name);
					buf_free(&unit);
				} else {
					buf_adds(&b, buf_str(&one));
				}
				said++;
			}
			buf_free(&one);
		}
		if (said && !strchr(".!?:;", buf_str(&b)[b.len - 1]))
			buf_addc(&b, '.');
		if (errs) {
			s->errors += errs;
		} else if (said) {
			char *t = speak_text(lo->sp, buf_str(&b), row->pos);
			if (t)
				script_add(s, t, 0, lo->rate);
			else
				s->errors++;
		}
		buf_free(&b);
	}
}

/* A picture standing alone: a QR code is read as where to find it ("Quét
 * mã QR dán tại nhà văn hóa xóm."), after its caption; a photo says nothing
 * to a listener. */
static void script_figure(struct script *s, const struct node *n, const struct figures *fig,
			  const struct loa *lo)
{
	const char *phrase = qr_phrase(lo);
	char *t = NULL;

	if (!n->url || strncmp(n->url, "qr:", 3) != 0)
		return;
	if (n->text && *n->text) {
		char *cap = figures_present(n->text) ? figures_expand(n->text, fig, n->pos) : xstrdup(n->text);
		char *sp = cap ? speak_text(lo->sp, cap, n->pos) : NULL;
		if (!sp) {
			s->errors++;
			free(cap);
			return;
		}
		t = xasprintf("%s: quét %s.", sp, phrase);
		free(sp);
		free(cap);
	} else {
		t = xasprintf("Quét %s.", phrase);
	}
	script_add(s, t, 0, lo->rate);
}

static void script_blocks(struct script *s, const struct node *first, const struct figures *fig,
			  const struct loa *lo)
{
	const struct node *n;

	for (n = first; n; n = n->next) {
		switch (n->type) {
		case NODE_HEADING:
			script_block(s, n, NULL, 1, fig, lo);
			break;
		case NODE_PARAGRAPH:
			script_block(s, n, NULL, 0, fig, lo);
			break;
		case NODE_LIST:
			script_list(s, n, fig, lo);
			break;
		case NODE_QUOTE:
		case NODE_ITEM:
			script_blocks(s, n->first, fig, lo);
			break;
		case NODE_FIGURE:
			script_figure(s, n, fig, lo);
			break;
		case NODE_FIGURES: {
			const struct node *c;
			for (c = n->first; c; c = c->next)
				script_figure(s, c, fig, lo);
			break;
		}
		case NODE_TABLE:
			script_table(s, n, fig, lo);
			break;
		default:
			break;   /* "---" and anything without words */
		}
	}
}

/* The text of s[0..n) with its no-break spaces made plain spaces. */
static void add_plain(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			buf_addc(b, ' ');
			i++;
		} else {
			buf_addc(b, s[i]);
		}
	}
}

/* The announcer's phone copy: plain spaces, the no-break ones are for the
 * printed page only. */
static char *script_text(const struct script *s)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < s->n; i++) {
		if (i)
			buf_addc(&b, '\n');
		add_plain(&b, s->v[i].text, strlen(s->v[i].text));
		buf_addc(&b, '\n');
	}
	return buf_take(&b);
}

/* text with the no-break spaces of any run wider than a line (w pt)
 * made plain: a very long spoken number then breaks rather than runs off
 * the page. Caller frees. */
static char *loa_fit(const char *text, const struct measure *m, enum face f, double size, double w)
{
	struct buf b;
	const char *p = text;

	buf_init(&b);
	while (*p) {
		const char *e = strchr(p, ' ');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (memmem(p, n, "\xC2\xA0", 2) && measure_textn(m, f, size, p, n) > w)
			add_plain(&b, p, n);
		else
			buf_add(&b, p, n);
		p += n;
		if (*p == ' ')
			buf_addc(&b, *p++);
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

/* ---- the large-print PDF --------------------------------------------- */

static void add_para(struct flow *f, const struct measure *m, double w, enum face face, double size,
		     unsigned rgb, const char *text, struct pos at, double before, int keep, int *errs)
{
	struct para p;
	char *fit = loa_fit(text, m, face, size, w);

	para_init(&p, ALIGN_LEFT, w);
	p.leading = size * LOA_SPACING;
	p.space_before = before;
	p.keep_with_next = keep;
	/* an announcer reads a paragraph in one breath: never half of it
	 * at the foot of a page when the whole fits on the next */
	p.no_split = 1;
	para_add(&p, face, size, fit, NULL, at);
	free(fit);
	p.spans[p.n - 1].rgb = rgb;
	*errs += para_check_glyphs(&p, m);
	flow_add_para(f, m, &p, 0);
	para_free(&p);
}

/* "Trang 1/3" at the foot of every page, once the pages are known. */
static void page_numbers(struct layout_doc *ld, const struct measure *m)
{
	size_t i;

	for (i = 0; i < ld->npages; i++) {
		struct page *pg = &ld->pages[i];
		char *t = xasprintf("Trang %zu/%zu", i + 1, ld->npages);
		double w = measure_text(m, FACE_SANS, LOA_NOTE_SIZE, t);
		struct box *b = page_add_text(pg, pg->width - LOA_MARGIN - w, pg->height - MM(12),
					      FACE_SANS, LOA_NOTE_SIZE, t, w);
		b->rgb = LOA_GREY;
		free(t);
	}
}

static struct layout_doc *script_pdf(const struct doc *d, const struct script *s, const struct loa *lo,
				     const struct figures *fig, const struct measure *m, int *errs)
{
	struct layout_doc *ld = layout_doc_new();
	struct flow f;
	struct page_style ps;
	struct block *rule;
	struct box proto = { 0 };
	double w = MM(210) - 2 * LOA_MARGIN;
	long total = 0;
	size_t i;
	char *t, *dur;

	flow_init(&f);
	for (i = 0; i < s->n; i++)
		total += s->v[i].seconds;
	if (fig->s && fig->current >= 0)
		t = xasprintf("Kịch bản đọc loa: %s %s", fig->s->c->unit, fig->s->rows[fig->current].name);
	else
		t = xstrdup("Kịch bản đọc loa");
	add_para(&f, m, w, FACE_SANS, LOA_NOTE_SIZE, LOA_GREY, t, d->body_pos, 0, 1, errs);
	free(t);
	dur = loa_duration(total);
	t = xasprintf("Thời lượng đọc: khoảng %s", dur);
	add_para(&f, m, w, FACE_SANS_BOLD, LOA_SIZE, 0, t, d->body_pos, 0, 1, errs);
	free(t);
	t = xasprintf("(%d tiếng một phút; thời gian trước mỗi đoạn)", lo->rate);
	add_para(&f, m, w, FACE_SANS, LOA_NOTE_SIZE, LOA_GREY, t, d->body_pos, 0, 1, errs);
	free(t);
	rule = flow_add_fixed(&f, 10);
	proto.type = BOX_RULE;
	proto.y = 5;
	proto.w = w;
	proto.h = 0.8;
	proto.rgb = LOA_GREY;
	block_add_box(rule, &proto);

	for (i = 0; i < s->n; i++) {
		const struct unit *u = &s->v[i];
		char *d1 = loa_duration(u->seconds);

		t = xasprintf("(%s)", d1);
		add_para(&f, m, w, FACE_SANS_ITALIC, LOA_NOTE_SIZE, LOA_GREY, t, d->body_pos,
			 i ? 14 : 6, 1, errs);
		free(t);
		free(d1);
		size_t len = strlen(u->text);
		/* a heading or a lead-in ("Các bước như sau:") stays with
		 * what it introduces */
		int keep = u->heading || (len && u->text[len - 1] == ':');
		add_para(&f, m, w, u->heading ? FACE_SANS_BOLD : FACE_SANS,
			 u->heading ? LOA_HEAD_SIZE : LOA_SIZE, 0, u->text, d->body_pos, 0, keep, errs);
	}
	memset(&ps, 0, sizeof ps);
	ps.width = MM(210);
	ps.height = MM(297);
	ps.frame.x = LOA_MARGIN;
	ps.frame.y = LOA_TOP;
	ps.frame.w = w;
	ps.frame.h = MM(297) - LOA_TOP - LOA_BOTTOM;
	if (!*errs) {
		flow_paginate(&f, ld, &ps, -1, 0, NULL);
		page_numbers(ld, m);
	}
	flow_free(&f);
	for (i = 0; i < s->n && !s->v[i].heading; i++)
		;
	if (i < s->n) {
		struct buf tb;
		buf_init(&tb);
		add_plain(&tb, s->v[i].text, strlen(s->v[i].text));
		ld->title = buf_take(&tb);
	} else {
		ld->title = xstrdup("Kịch bản đọc loa");
	}
	ld->author = viethoa_agency_of(d->meta);
	if (!ld->author)
		ld->author = xstrdup("");
	ld->subject = xasprintf("Kịch bản đọc loa, khoảng %s", dur);
	free(dur);
	return ld;
}

static int loa_one(const struct doc *d, const struct kind_env *env, const struct figures *fig,
		   const char *suffix, struct outputs *outs, void *ctx)
{
	const struct loa *lo = ctx;
	struct script s = { 0 };
	struct layout_doc *ld = NULL;
	struct figures spoken = *fig;
	int errs = 0, ret = -1;

	/* {{chu_ky_so.ten}} is the indicator's name as read aloud */
	spoken.spoken = 1;
	fig = &spoken;
	script_blocks(&s, d->body->first, fig, lo);
	if (s.errors)
		goto out;
	if (!s.n) {
		diag_error(d->body_pos, "the script has no text to read; write the announcement "
			   "under the front matter");
		goto out;
	}
	ld = script_pdf(d, &s, lo, fig, env->m, &errs);
	if (errs)
		goto out;
	outputs_add_text(outs, "loa/", suffix, script_text(&s));
	outputs_add_pdf(outs, "loa/", suffix, ld);
	ld = NULL;
	ret = 0;
out:
	layout_doc_free(ld);
	script_free(&s);
	return ret;
}

/* The lexicon over the built-in one: tu_dien (relative to the document,
 * inside the content folder), else every tu-dien-loa.txt from the content
 * folder down to the document's own folder (the nearest wins), never one
 * in the working directory. Returns 0, or -1 after diag_error. */
static int loa_lexicon(const struct doc *d, struct speak *sp)
{
	const struct meta *v = meta_get(d->meta, "tu_dien");
	char *path;
	int ret;

	if (!v)
		return speak_lexicon_beside(sp, d->dir, d->root);
	path = read_path_inside(d, v->type == META_SCALAR ? v->value : "", "lexicon", "tu_dien: tu-dien-loa.txt",
				v->pos);
	if (!path)
		return -1;
	ret = speak_lexicon_load(sp, path);
	free(path);
	return ret;
}

static int loa_layout(const struct doc *d, const struct kind_env *env, struct outputs *outs)
{
	const struct meta *mien = meta_get(d->meta, "mien");
	const struct meta *rate = meta_get(d->meta, "toc_do");
	struct loa lo;
	int southern = 0, ret = -1;

	memset(&lo, 0, sizeof lo);
	lo.rate = LOA_RATE_DEFAULT;
	if (mien) {
		const char *m = mien->type == META_SCALAR ? mien->value : "";
		if (!strcmp(m, "nam"))
			southern = 1;
		else if (strcmp(m, "bac") && strcmp(m, "bắc")) {
			diag_error(mien->pos, "\"mien:\" is how numbers are read: bac (\"linh\", \"nghìn\", "
				   "the default) or nam (\"lẻ\", \"ngàn\")");
			return -1;
		}
	}
	if (rate) {
		char *end = NULL;
		long r = rate->type == META_SCALAR ? strtol(rate->value, &end, 10) : 0;

		if (!end || end == rate->value || *end || r < LOA_RATE_MIN || r > LOA_RATE_MAX) {
			diag_error(rate->pos, "\"toc_do:\" is the reading rate in syllables a minute, a whole "
				   "number from %d to %d (an unhurried reading is about 180, radio news "
				   "about 230)", LOA_RATE_MIN, LOA_RATE_MAX);
			return -1;
		}
		lo.rate = (int)r;
	}
	lo.sp = speak_new(southern);
	speak_set_nobreak(lo.sp, 1);
	if (loa_lexicon(d, lo.sp) != 0)
		goto out;
	ret = kind_layout_each(d, env, outs, loa_one, &lo);
out:
	speak_free(lo.sp);
	return ret;
}

const struct kind kind_loa = { "loa", loa_keys, loa_layout, 0, "a loudspeaker script" };

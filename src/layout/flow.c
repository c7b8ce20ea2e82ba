/* Flow: blocks poured into frames, page after page.
 * Pagination rules live here once for every kind: headings stay with what
 * follows, no paragraph leaves one line alone at the foot or head of a
 * page, fixed blocks (pictures, QR codes, signature blocks) never split. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "layout.h"
#include "../util/util.h"

/* An underline, in ems below the baseline and thick (the font's own are
 * about these: 0.12 and 0.05). */
#define LINE_UNDERLINE_Y 0.12
#define LINE_UNDERLINE_T 0.06

static void place_line(struct page *pg, const struct line *ln, double x, double y_top)
{
	double base = y_top + line_baseline(ln);
	size_t i;

	for (i = 0; i < ln->n; i++) {
		const struct line_item *li = &ln->items[i];
		struct box *b = page_add_text(pg, x + li->x, base, li->face, li->size, li->text, li->w);
		b->rgb = li->rgb;
		if (li->underline)
			page_add_rule(pg, x + li->x, base + li->size * LINE_UNDERLINE_Y, li->w,
				      li->size * LINE_UNDERLINE_T)->rgb = li->rgb;
		if (li->url) {
			/* the clickable area covers the word from ascender to descender */
			page_add_link(pg, x + li->x, base - li->size * 0.9, li->w, li->size * 1.15, li->url);
		}
	}
}

double lines_place(struct page *pg, const struct lines *ls, double x, double y_top)
{
	size_t i;

	for (i = 0; i < ls->n; i++) {
		place_line(pg, &ls->v[i], x, y_top);
		y_top += ls->v[i].leading;
	}
	return y_top;
}

void flow_init(struct flow *f)
{
	memset(f, 0, sizeof *f);
}

static void block_clear(struct block *b)
{
	size_t i;

	lines_free(&b->lines);
	for (i = 0; i < b->nboxes; i++) {
		free(b->boxes[i].text);
		free(b->boxes[i].url);
	}
	free(b->boxes);
	free(b->outline);
}

void flow_free(struct flow *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++)
		block_clear(&f->v[i]);
	free(f->v);
	memset(f, 0, sizeof *f);
}

static struct block *flow_block(struct flow *f, enum block_type t)
{
	struct block *b;

	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	b = &f->v[f->n++];
	memset(b, 0, sizeof *b);
	b->type = t;
	b->repeat = -1;
	return b;
}

struct block *flow_add_para(struct flow *f, const struct measure *m, const struct para *p, double x)
{
	struct block *b = flow_block(f, BLOCK_LINES);

	layout_break(m, p, &b->lines);
	b->x = x;
	b->space_before = p->space_before;
	b->space_after = p->space_after;
	b->keep_with_next = p->keep_with_next;
	b->no_split = p->no_split;
	return b;
}

struct block *flow_add_fixed(struct flow *f, double height)
{
	struct block *b = flow_block(f, BLOCK_FIXED);

	b->height = height;
	return b;
}

void flow_add_break(struct flow *f)
{
	flow_block(f, BLOCK_BREAK);
}

struct box *block_add_box(struct block *b, const struct box *proto)
{
	struct box *x;

	if (b->nboxes == b->capboxes) {
		b->capboxes = b->capboxes ? b->capboxes * 2 : 16;
		b->boxes = xrealloc(b->boxes, b->capboxes * sizeof *b->boxes);
	}
	x = &b->boxes[b->nboxes++];
	*x = *proto;
	x->text = proto->text ? xstrdup(proto->text) : NULL;
	x->url = proto->url ? xstrdup(proto->url) : NULL;
	return x;
}

double block_add_lines(struct block *b, const struct lines *ls, double x, double y_top)
{
	size_t i, j;

	for (i = 0; i < ls->n; i++) {
		const struct line *ln = &ls->v[i];
		double base = y_top + line_baseline(ln);

		for (j = 0; j < ln->n; j++) {
			const struct line_item *li = &ln->items[j];
			struct box t = { 0 };

			t.type = BOX_TEXT;
			t.x = x + li->x;
			t.y = base;
			t.w = li->w;
			t.h = li->size;
			t.face = li->face;
			t.size = li->size;
			t.rgb = li->rgb;
			t.text = li->text;
			block_add_box(b, &t);
			if (li->underline) {
				struct box u = { 0 };
				u.type = BOX_RULE;
				u.x = t.x;
				u.y = base + li->size * LINE_UNDERLINE_Y;
				u.w = li->w;
				u.h = li->size * LINE_UNDERLINE_T;
				u.rgb = li->rgb;
				block_add_box(b, &u);
			}
			if (li->url) {
				struct box l = { 0 };
				l.type = BOX_LINK;
				l.x = t.x;
				l.y = base - li->size * 0.9;
				l.w = li->w;
				l.h = li->size * 1.15;
				l.url = (char *)li->url;
				block_add_box(b, &l);
			}
		}
		y_top += ln->leading;
	}
	return y_top;
}

/* ---- pagination ---- */

/* A block started on the current page after a gap: where its boxes
 * begin, for stretching the gaps of a page that ends early. */
struct pager_gap {
	size_t box;
	double gap;
};

struct pager {
	struct layout_doc *d;
	const struct page_style *ps;
	int page;          /* index in d */
	int number;        /* within the section */
	double y;          /* cursor */
	int at_top;        /* nothing placed on this page yet */
	double bottom;     /* where the content placed on this page ends */
	struct pager_gap *gaps;
	size_t ngaps, capgaps;
};

static double frame_bottom(const struct pager *pg)
{
	return pg->ps->frame.y + pg->ps->frame.h;
}

/* ps->stretch: the gaps of a page that ends early because what comes
 * next does not fit grow, each to at most stretch times its size, so the
 * page's content reaches nearer its foot (vertical justification); with
 * ps->fill, further when it would still end above that share. */
static void pager_stretch(struct pager *pg)
{
	struct page *p;
	double slack, g = 0, extra, shift = 0;
	size_t i, j;

	if (pg->ps->stretch <= 1 || !pg->ngaps || pg->page < 0)
		return;
	slack = frame_bottom(pg) - pg->bottom;
	for (i = 0; i < pg->ngaps; i++)
		g += pg->gaps[i].gap;
	if (slack <= 0.01 || g <= 0)
		return;
	extra = g * (pg->ps->stretch - 1);
	if (pg->ps->fill > 0 && extra < slack - pg->ps->frame.h * (1 - pg->ps->fill))
		extra = slack - pg->ps->frame.h * (1 - pg->ps->fill);
	if (extra > slack)
		extra = slack;
	p = &pg->d->pages[pg->page];
	for (i = 0; i < pg->ngaps; i++) {
		size_t end = i + 1 < pg->ngaps ? pg->gaps[i + 1].box : p->n;
		shift += extra * pg->gaps[i].gap / g;
		for (j = pg->gaps[i].box; j < end; j++)
			p->boxes[j].y += shift;
	}
}

static void pager_new_page(struct pager *pg)
{
	struct page *p = layout_page_new(pg->d, pg->ps->width, pg->ps->height);

	pg->page = (int)pg->d->npages - 1;
	pg->number++;
	pg->y = pg->ps->frame.y;
	pg->at_top = 1;
	pg->ngaps = 0;
	if (pg->ps->decorate)
		pg->ps->decorate(p, pg->number, pg->ps->ctx);
}

static double lines_height(const struct lines *ls, size_t from, size_t to)
{
	double h = 0;
	size_t i;

	for (i = from; i < to && i < ls->n; i++)
		h += ls->v[i].leading;
	return h;
}

/* Height a block needs at the top of what follows a keep_with_next block:
 * all of a fixed block or of a no_split paragraph that fits a frame of
 * height frame_h, or the first two lines of a paragraph. */
static double lead_height(const struct block *b, double frame_h)
{
	if (b->type == BLOCK_FIXED)
		return b->space_before + b->height;
	if (b->type == BLOCK_LINES && b->no_split && lines_height(&b->lines, 0, b->lines.n) <= frame_h + 0.01)
		return b->space_before + lines_height(&b->lines, 0, b->lines.n);
	if (b->type == BLOCK_LINES)
		return b->space_before + lines_height(&b->lines, 0, b->lines.n < 2 ? b->lines.n : 2);
	return 0;
}

double block_height(const struct block *b)
{
	if (b->type == BLOCK_FIXED)
		return b->height;
	if (b->type == BLOCK_LINES)
		return lines_height(&b->lines, 0, b->lines.n);
	return 0;
}

double flow_height(const struct flow *f)
{
	double h = 0;
	size_t i;

	for (i = 0; i < f->n; i++) {
		if (i > 0)
			h += f->v[i].space_before;
		h += block_height(&f->v[i]) + f->v[i].space_after;
	}
	return h;
}

/* Places fixed block b with its first box cut points smaller (b->shrink):
 * centred where it was, a link over it cut alike, the boxes under it
 * moved up. */
static void place_fixed(struct pager *pg, const struct block *b, double cut)
{
	struct page *p = &pg->d->pages[pg->page];
	const struct box *first = b->nboxes ? &b->boxes[0] : NULL;
	size_t i;

	for (i = 0; i < b->nboxes; i++) {
		struct box bx = b->boxes[i];

		if (cut > 0 && (i == 0 || (bx.type == BOX_LINK && fabs(bx.x - first->x) < 0.01 &&
					   fabs(bx.y - first->y) < 0.01))) {
			bx.x += cut / 2;
			bx.w -= cut;
			bx.h -= cut;
		} else if (cut > 0 && bx.y >= first->y + first->h - 0.01) {
			bx.y -= cut;
		}
		page_add_copy(p, &bx, pg->ps->frame.x + b->x, pg->y);
	}
	pg->y += b->height - cut;
	pg->bottom = pg->y;
	pg->at_top = 0;
}

/* What is cut off the blocks [from, to] already. */
static double chain_cut(const struct flow *f, const double *cut, size_t from, size_t to)
{
	double sum = 0;
	size_t k;

	for (k = from; k <= to && k < f->n; k++)
		sum += cut[k];
	return sum;
}

/* What fixed blocks [from, to] may still lose (their shrink less what is
 * cut already), and, with excess > 0, the cuts that take excess off them,
 * the earliest first. */
static double chain_shrink(const struct flow *f, double *cut, size_t from, size_t to, double excess)
{
	double can = 0;
	size_t k;

	for (k = from; k <= to && k < f->n; k++) {
		double left = f->v[k].type == BLOCK_FIXED ? f->v[k].shrink - cut[k] : 0;

		if (left <= 0)
			continue;
		if (excess > 0) {
			double take = left < excess ? left : excess;
			cut[k] += take;
			excess -= take;
		}
		can += left;
	}
	return can;
}

int flow_paginate(const struct flow *f, struct layout_doc *d, const struct page_style *ps,
		  int start_page, double start_y, double *end_y)
{
	struct pager pg;
	double *cut = xcalloc(f->n ? f->n : 1, sizeof *cut);   /* points each block's shrink takes */
	size_t i;

	memset(&pg, 0, sizeof pg);
	pg.d = d;
	pg.ps = ps;
	if (start_page >= 0) {
		pg.page = start_page;
		pg.number = 1;
		pg.y = start_y;
		pg.at_top = 0;
	} else {
		pager_new_page(&pg);
	}
	for (i = 0; i < f->n; i++) {
		const struct block *b = &f->v[i];
		double room, need, before = pg.at_top ? 0 : b->space_before;
		size_t last = i;   /* the last block need counts whole or in part */

		if (b->type == BLOCK_BREAK) {
			pager_new_page(&pg);
			continue;
		}
		/* what must fit here: a fixed block whole, a paragraph's first two
		 * lines; a heading (keep_with_next) whole, with the chain of kept
		 * blocks after it and the start of the block that ends the chain */
		if (b->keep_with_next && i + 1 < f->n) {
			size_t j = i;

			need = before + block_height(b);
			while (f->v[j].keep_with_next && j + 1 < f->n) {
				j++;
				if (f->v[j].keep_with_next && j + 1 < f->n)
					need += f->v[j].space_before + block_height(&f->v[j]);
			}
			need += lead_height(&f->v[j], pg.ps->frame.h);
			last = j;
		} else {
			/* a no_split paragraph taller than a whole frame cannot be
			 * kept whole: it starts where it is, like any other */
			int whole = b->type == BLOCK_FIXED ||
				    (b->no_split && block_height(b) <= pg.ps->frame.h + 0.01);
			need = before + (whole ? block_height(b)
				       : lines_height(&b->lines, 0, b->lines.n < 2 ? b->lines.n : 2));
		}
		need -= chain_cut(f, cut, i, last);
		if (b->keep_together > 1 && i + b->keep_together <= f->n) {
			/* a group that fits on one page starts on the page that
			 * takes it whole */
			double all = before + block_height(b);
			size_t j;

			for (j = i + 1; j < i + b->keep_together; j++)
				all += f->v[j].space_before + block_height(&f->v[j]) +
				       (j > i ? f->v[j - 1].space_after : 0);
			if (all <= pg.ps->frame.h + 0.01 && all > need)
				need = all;
		}
		room = frame_bottom(&pg) - pg.y;
		if (need > room + 0.01 && !pg.at_top && need - chain_shrink(f, cut, i, last, 0) <= room + 0.01) {
			/* a QR code drawn smaller keeps the chain on this page */
			chain_shrink(f, cut, i, last, need - room);
			need = room;
		}
		if (need > room + 0.01 && !pg.at_top) {
			pager_stretch(&pg);
			pager_new_page(&pg);
			before = 0;
			if (b->repeat >= 0 && (size_t)b->repeat < i) {
				/* a table row on a new page: its header row first */
				place_fixed(&pg, &f->v[b->repeat], 0);
			}
		}
		if (before > 0 && ps->stretch > 1) {
			if (pg.ngaps == pg.capgaps) {
				pg.capgaps = pg.capgaps ? pg.capgaps * 2 : 16;
				pg.gaps = xrealloc(pg.gaps, pg.capgaps * sizeof *pg.gaps);
			}
			pg.gaps[pg.ngaps].box = d->pages[pg.page].n;
			pg.gaps[pg.ngaps].gap = before;
			pg.ngaps++;
		}
		pg.y += before;
		if (b->outline)
			layout_outline_add(d, b->outline, pg.page, pg.y, b->outline_level);
		if (b->type == BLOCK_FIXED) {
			place_fixed(&pg, b, cut[i]);
		} else {
			const struct lines *ls = &b->lines;
			size_t k = 0;

			while (k < ls->n) {
				/* how many lines fit on this page */
				size_t fit = 0;
				double h = 0;

				while (k + fit < ls->n && pg.y + h + ls->v[k + fit].leading <= frame_bottom(&pg) + 0.01) {
					h += ls->v[k + fit].leading;
					fit++;
				}
				if (k + fit < ls->n) {
					/* a split: keep two lines on each side when the
					 * paragraph has them (no orphan, no widow) */
					size_t left = ls->n - k;
					if (fit > 0 && left >= 4 && ls->n - (k + fit) < 2)
						fit = left - 2;
					if (fit == 1 && left >= 2)
						fit = 0;
					if (fit > 0 && left - fit == 1) {
						fit = fit >= 2 ? fit - 1 : 0;
						if (fit == 1)
							fit = 0;
					}
					if (fit == 0 && pg.at_top)
						fit = 1;   /* a line taller than the page: place it anyway */
				}
				{
					struct lines part = *ls;
					part.v = ls->v + k;
					part.n = fit;
					pg.y = lines_place(&d->pages[pg.page], &part, ps->frame.x + b->x, pg.y);
					if (fit > 0) {
						pg.at_top = 0;
						pg.bottom = pg.y;
					}
				}
				k += fit;
				if (k < ls->n) {
					pager_stretch(&pg);
					pager_new_page(&pg);
				}
			}
		}
		pg.y += b->space_after;
	}
	if (end_y)
		*end_y = pg.y;
	free(cut);
	free(pg.gaps);
	return pg.page;
}

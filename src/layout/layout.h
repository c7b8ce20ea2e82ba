/* The shared layout engine: paragraphs of styled spans are broken into
 * lines (optimum fit when justified), lines and fixed blocks are flowed
 * into frames on pages, and everything ends up as boxes (box.h).
 * Every document kind arranges this engine; none breaks lines itself. */
#ifndef PHAT_LAYOUT_H
#define PHAT_LAYOUT_H

#include "box.h"
#include "measure.h"
#include "../util/diag.h"

enum align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_JUSTIFY };

/* A run of text in one style. Spaces in text are break opportunities;
 * U+00A0 is a space that never breaks. */
struct span {
	enum face face;
	double size;
	char *text;            /* owned */
	char *url;             /* owned, or NULL */
	unsigned rgb;
	int nobreak;           /* its inner spaces never break a line (a space at
				* its start or end may): "(Kèm theo … ngày … của …)" */
	int underline;         /* a rule under it, in its colour (links on a phone) */
	struct pos pos;
};

struct para {
	struct span *spans;
	size_t n, cap;
	enum align align;
	double width;          /* of the column, points */
	double indent;         /* left indent of every line */
	double first_indent;   /* extra indent of the first line */
	double leading;        /* baseline to baseline; 0 = 1.15 × largest size */
	double space_before;
	double space_after;
	int keep_with_next;    /* headings: never last on a page */
	int no_split;          /* keep all lines on one page (when they fit on one) */
	struct span marker;    /* list marker hung left of the first line, or text NULL */
	const char *const *nobreak; /* names never split across lines ("VNPT SmartCA"),
				     * NULL-terminated, borrowed; a built-in list applies too */
	double marker_x;       /* where the marker starts, from the column's left */
};

void para_init(struct para *p, enum align align, double width);
/* Appends a span (text and url copied). A forced line break is "\n". */
void para_add(struct para *p, enum face f, double size, const char *text,
	      const char *url, struct pos at);
void para_free(struct para *p);   /* frees the spans, not p itself */
/* A list marker ("1.", "-") drawn at x on the first line, outside the
 * text, so every line of the item's text starts at p->indent. */
void para_set_marker(struct para *p, enum face f, double size, const char *text, unsigned rgb,
		     double x);
/* Reports (diag_error at the span's position) every character that the
 * face has no glyph for. Returns the number reported. */
int para_check_glyphs(const struct para *p, const struct measure *m);

/* One placed piece of a line: a word, a part of a word in another style,
 * or several words merged when they keep their natural spacing. */
struct line_item {
	enum face face;
	double size;
	char *text;            /* owned */
	char *url;             /* owned (a copy of the span's: lines outlive their para) */
	unsigned rgb;
	int underline;
	double x;              /* from the line's left edge */
	double w;
};

struct line {
	struct line_item *items;
	size_t n;
	double width;          /* natural width of the content */
	double size;           /* largest font size */
	double ascent;         /* largest ascent, points */
	double descent;        /* largest descent (negative), points */
	double leading;        /* baseline to baseline for this line */
};

struct lines {
	struct line *v;
	size_t n;
	double ratio_max;      /* largest |adjustment ratio| used (tests) */
};

/* Breaks p into lines of p->width - p->indent (the first line also minus
 * first_indent). Justified paragraphs use Knuth–Plass over the whole
 * paragraph; others fill lines first-fit. Items get their final x, indents
 * and alignment included. Returns 0 (a word wider than the line overflows). */
int layout_break(const struct measure *m, const struct para *p, struct lines *out);
void lines_free(struct lines *l);

/* Places lines on a page, the first line's top at y_top; returns the y of
 * the bottom of the last line. Links become BOX_LINK boxes. */
double lines_place(struct page *pg, const struct lines *ls, double x, double y_top);
/* Where the baseline of a line sits below its top. */
double line_baseline(const struct line *ln);

/* ---- flow: blocks poured into frames, page after page ---- */

enum block_type {
	BLOCK_LINES,   /* a broken paragraph: may split between lines */
	BLOCK_FIXED,   /* boxes of a fixed height, never split */
	BLOCK_BREAK    /* start a new page */
};

struct block {
	enum block_type type;
	struct lines lines;     /* BLOCK_LINES */
	double x;               /* offset from the frame's left edge */
	double height;          /* BLOCK_FIXED */
	struct box *boxes;      /* BLOCK_FIXED: relative to the block's top-left */
	size_t nboxes, capboxes;
	double space_before, space_after;
	int keep_with_next;
	int no_split;
	char *outline;          /* bookmark at this block, or NULL */
	int outline_level;
	long repeat;            /* index of a block (a table's header row) placed
				 * again above this one when it starts a new page; -1 none */
	double shrink;          /* BLOCK_FIXED: points its first box (a QR code)
				 * may lose in width and height, centred, the boxes
				 * under it moving up, when that keeps the block on
				 * the page with what it is kept with; 0 none */
	size_t keep_together;   /* > 1: this block and the next keep_together - 1
				 * go on one page whenever they fit on one (a chart
				 * moves whole to the next page rather than split) */
};

struct flow {
	struct block *v;
	size_t n, cap;
};

void flow_init(struct flow *f);
void flow_free(struct flow *f);
/* Breaks p and appends it as a BLOCK_LINES at offset x. */
struct block *flow_add_para(struct flow *f, const struct measure *m, const struct para *p, double x);
/* Appends an empty fixed block of height h; fill it with block_add_* .
 * Table rows are fixed blocks whose repeat is the header row's index. */
struct block *flow_add_fixed(struct flow *f, double height);
void flow_add_break(struct flow *f);
/* Boxes inside a fixed block, coordinates relative to its top-left. */
struct box *block_add_box(struct block *b, const struct box *proto);
/* Places lines into a fixed block (relative coordinates); returns bottom y. */
double block_add_lines(struct block *b, const struct lines *ls, double x, double y_top);

/* Height the flow would take in one unbroken column (space before the
 * first block left out): what a panel or poster needs to fit. */
double flow_height(const struct flow *f);
/* Height of one block without its spaces: a fixed block's, or its lines'. */
double block_height(const struct block *b);

/* The frame text flows in, on one page. y is its top. */
struct frame {
	double x, y, w, h;
};

/* How the pages of one section look. decorate is called for each new page
 * with its 1-based number within the section (page numbers, fold marks). */
struct page_style {
	double width, height;
	struct frame frame;
	void (*decorate)(struct page *pg, int number, void *ctx);
	void *ctx;
	double stretch;   /* > 1: a page that ends early because what follows does
			   * not fit has its gaps between blocks grown, each to at
			   * most stretch times its size (phone pages); 0: never */
	double fill;      /* with stretch: and further, when the page would still
			   * end above this share of the frame (0: no such rule) */
};

/* Pours f onto pages of d. When start is non-NULL the flow begins on that
 * page at y = start_y (page 1 of a dispatch, under its header), and that
 * page counts as number 1; otherwise on a new page. Headings stay with the
 * next two lines; no paragraph leaves a single line alone at the bottom or
 * top of a page; fixed blocks move whole to the next page, unless their
 * shrink keeps them (and what they are kept with) on this one. Returns the
 * index of the last page used, and *end_y the y where the flow ended. */
int flow_paginate(const struct flow *f, struct layout_doc *d, const struct page_style *ps,
		  int start_page, double start_y, double *end_y);

#endif

/* What layout produces and back ends consume: pages of positioned boxes.
 * Plain data, no library types, so tests can dump and compare it.
 * Units are PDF points; the origin is the top-left corner of the page and
 * y grows downwards (the PDF back end flips it). */
#ifndef PHAT_BOX_H
#define PHAT_BOX_H

#include <stddef.h>
#include "measure.h"

struct image;
struct qr;

enum box_type {
	BOX_TEXT,   /* text at baseline (x, y); w = advance width; face, size, text */
	BOX_RULE,   /* horizontal line from (x, y) to (x + w, y), thickness h */
	BOX_RECT,   /* filled rectangle, top-left (x, y), size w × h */
	BOX_IMAGE,  /* picture in the rectangle (x, y, w, h) */
	BOX_QR,     /* QR matrix in the square (x, y, w, w), quiet zone included */
	BOX_LINK,   /* clickable area (x, y, w, h) to url; draws nothing */
	BOX_CLIP,   /* what follows on the page is clipped to (x, y, w, h);
		     * a BOX_CLIP with w <= 0 ends the clipping */
	BOX_SIGN    /* where the decree's digital signatures go (x, y, w, h): the
		     * signer's column between title and name (Nghị định 30
		     * Phụ lục I); draws nothing: src/sign writes the empty
		     * signature fields there */
};

struct box {
	enum box_type type;
	double x, y, w, h;
	enum face face;                 /* BOX_TEXT */
	double size;                    /* BOX_TEXT */
	char *text;                     /* BOX_TEXT: NFC UTF-8, owned */
	char *url;                      /* BOX_LINK: owned */
	const struct image *image;      /* BOX_IMAGE: owned by the layout_doc */
	const struct qr *qr;            /* BOX_QR: owned by the layout_doc */
	unsigned rgb;                   /* colour 0xRRGGBB; 0 is black */
};

struct page {
	double width, height;
	struct box *boxes;
	size_t n, cap;
	char *label;                    /* page label for viewers ("1", "PL I-2"), or NULL */
};

struct outline {
	char *title;
	int page;                       /* 0-based page index */
	double y;
	int level;                      /* 0 top level */
};

struct layout_doc {
	struct page *pages;
	size_t npages, cap;
	struct outline *outlines;
	size_t noutlines, outcap;
	char *title, *author, *subject, *keywords;   /* PDF metadata, UTF-8 */
	/* số và ký hiệu ("05/UBND-VP") and date ("2025-01-05") of a numbered,
	 * dated Nghị định 30 document, else NULL: phat sign checks them */
	char *doc_number, *doc_date;
	/* resources the boxes point at; freed with the document */
	struct image **images;
	size_t nimages;
	struct qr **qrs;
	size_t nqrs;
};

struct layout_doc *layout_doc_new(void);
void layout_doc_free(struct layout_doc *d);
/* Appends an empty page and returns it (valid until the next page_new). */
struct page *layout_page_new(struct layout_doc *d, double width, double height);
/* Adds a bookmark to the page with index page. */
void layout_outline_add(struct layout_doc *d, const char *title, int page, double y, int level);
/* The document takes ownership of img / q. */
void layout_doc_own_image(struct layout_doc *d, struct image *img);
void layout_doc_own_qr(struct layout_doc *d, struct qr *q);

struct box *page_add_text(struct page *p, double x, double y, enum face f, double size,
			  const char *text, double w);
struct box *page_add_rule(struct page *p, double x, double y, double w, double thickness);
struct box *page_add_rect(struct page *p, double x, double y, double w, double h, unsigned rgb);
struct box *page_add_image(struct page *p, double x, double y, double w, double h,
			   const struct image *img);
struct box *page_add_qr(struct page *p, double x, double y, double side, const struct qr *q);
struct box *page_add_link(struct page *p, double x, double y, double w, double h, const char *url);
struct box *page_add_clip(struct page *p, double x, double y, double w, double h);
/* Copies box b (deep) onto p shifted by dx, dy. */
void page_add_copy(struct page *p, const struct box *b, double dx, double dy);
/* The same scaled by s about the origin first (positions, sizes, text size). */
void page_add_copy_scaled(struct page *p, const struct box *b, double s, double dx, double dy);

/* Text dump, one box per line, coordinates in points with 2 decimals:
 *   page 1 595.28x841.89
 *   text 99.21 70.87 serif-bold 13.00 w=120.55 "ỦY BAN NHÂN DÂN"
 * Caller frees. */
char *layout_doc_dump(const struct layout_doc *d);

/* mm to points. */
#define MM(x) ((x) * 72.0 / 25.4)

#endif

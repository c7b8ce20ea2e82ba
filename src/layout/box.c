/* Pages of positioned boxes: the plain data between layout and back ends. */
#include <stdlib.h>
#include <string.h>
#include "box.h"
#include "../image/image.h"
#include "../qr/qr.h"
#include "../util/util.h"

struct layout_doc *layout_doc_new(void)
{
	return xcalloc(1, sizeof(struct layout_doc));
}

static void box_clear(struct box *b)
{
	free(b->text);
	free(b->url);
}

void layout_doc_free(struct layout_doc *d)
{
	size_t i, j;

	if (!d)
		return;
	for (i = 0; i < d->npages; i++) {
		for (j = 0; j < d->pages[i].n; j++)
			box_clear(&d->pages[i].boxes[j]);
		free(d->pages[i].boxes);
		free(d->pages[i].label);
	}
	free(d->pages);
	for (i = 0; i < d->noutlines; i++)
		free(d->outlines[i].title);
	free(d->outlines);
	for (i = 0; i < d->nimages; i++)
		image_free(d->images[i]);
	free(d->images);
	for (i = 0; i < d->nqrs; i++)
		qr_free(d->qrs[i]);
	free(d->qrs);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->doc_number);
	free(d->doc_date);
	free(d->keywords);
	free(d);
}

struct page *layout_page_new(struct layout_doc *d, double width, double height)
{
	struct page *p;

	if (d->npages == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->pages = xrealloc(d->pages, d->cap * sizeof *d->pages);
	}
	p = &d->pages[d->npages++];
	memset(p, 0, sizeof *p);
	p->width = width;
	p->height = height;
	return p;
}

void layout_outline_add(struct layout_doc *d, const char *title, int page, double y, int level)
{
	struct outline *o;

	if (d->noutlines == d->outcap) {
		d->outcap = d->outcap ? d->outcap * 2 : 8;
		d->outlines = xrealloc(d->outlines, d->outcap * sizeof *d->outlines);
	}
	o = &d->outlines[d->noutlines++];
	o->title = xstrdup(title);
	o->page = page;
	o->y = y;
	o->level = level;
}

void layout_doc_own_image(struct layout_doc *d, struct image *img)
{
	d->images = xrealloc(d->images, (d->nimages + 1) * sizeof *d->images);
	d->images[d->nimages++] = img;
}

void layout_doc_own_qr(struct layout_doc *d, struct qr *q)
{
	d->qrs = xrealloc(d->qrs, (d->nqrs + 1) * sizeof *d->qrs);
	d->qrs[d->nqrs++] = q;
}

/* A new box of type t at (x, y) of size w × h on p. */
static struct box *page_box(struct page *p, enum box_type t, double x, double y, double w, double h)
{
	struct box *b;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->boxes = xrealloc(p->boxes, p->cap * sizeof *p->boxes);
	}
	b = &p->boxes[p->n++];
	memset(b, 0, sizeof *b);
	b->type = t;
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	return b;
}

struct box *page_add_text(struct page *p, double x, double y, enum face f, double size,
			  const char *text, double w)
{
	struct box *b = page_box(p, BOX_TEXT, x, y, w, size);

	b->face = f;
	b->size = size;
	b->text = xstrdup(text);
	return b;
}

struct box *page_add_rule(struct page *p, double x, double y, double w, double thickness)
{
	return page_box(p, BOX_RULE, x, y, w, thickness);
}

struct box *page_add_rect(struct page *p, double x, double y, double w, double h, unsigned rgb)
{
	struct box *b = page_box(p, BOX_RECT, x, y, w, h);

	b->rgb = rgb;
	return b;
}

struct box *page_add_image(struct page *p, double x, double y, double w, double h,
			   const struct image *img)
{
	struct box *b = page_box(p, BOX_IMAGE, x, y, w, h);

	b->image = img;
	return b;
}

struct box *page_add_qr(struct page *p, double x, double y, double side, const struct qr *q)
{
	struct box *b = page_box(p, BOX_QR, x, y, side, side);

	b->qr = q;
	return b;
}

struct box *page_add_link(struct page *p, double x, double y, double w, double h, const char *url)
{
	struct box *b = page_box(p, BOX_LINK, x, y, w, h);

	b->url = xstrdup(url);
	return b;
}

struct box *page_add_clip(struct page *p, double x, double y, double w, double h)
{
	return page_box(p, BOX_CLIP, x, y, w, h);
}

void page_add_copy(struct page *p, const struct box *src, double dx, double dy)
{
	page_add_copy_scaled(p, src, 1, dx, dy);
}

void page_add_copy_scaled(struct page *p, const struct box *src, double s, double dx, double dy)
{
	struct box *b = page_box(p, src->type, 0, 0, 0, 0);

	*b = *src;
	b->x = src->x * s + dx;
	b->y = src->y * s + dy;
	b->w = src->w * s;
	b->h = src->h * s;
	b->size = src->size * s;
	b->text = src->text ? xstrdup(src->text) : NULL;
	b->url = src->url ? xstrdup(src->url) : NULL;
}

static void dump_text(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

char *layout_doc_dump(const struct layout_doc *d)
{
	struct buf out;
	size_t i, j;

	buf_init(&out);
	for (i = 0; i < d->npages; i++) {
		const struct page *p = &d->pages[i];

		buf_printf(&out, "page %zu %.2fx%.2f", i + 1, p->width, p->height);
		if (p->label)
			buf_printf(&out, " label=%s", p->label);
		buf_addc(&out, '\n');
		for (j = 0; j < p->n; j++) {
			const struct box *b = &p->boxes[j];

			switch (b->type) {
			case BOX_TEXT:
				buf_printf(&out, "text %.2f %.2f %s %.2f w=%.2f ", b->x, b->y,
					   face_name(b->face), b->size, b->w);
				dump_text(&out, b->text);
				break;
			case BOX_RULE:
				buf_printf(&out, "rule %.2f %.2f w=%.2f t=%.2f", b->x, b->y, b->w, b->h);
				break;
			case BOX_RECT:
				buf_printf(&out, "rect %.2f %.2f %.2fx%.2f", b->x, b->y, b->w, b->h);
				break;
			case BOX_IMAGE:
				buf_printf(&out, "image %.2f %.2f %.2fx%.2f", b->x, b->y, b->w, b->h);
				break;
			case BOX_QR:
				buf_printf(&out, "qr %.2f %.2f %.2f ", b->x, b->y, b->w);
				dump_text(&out, b->qr && b->qr->text ? b->qr->text : "");
				break;
			case BOX_CLIP:
				if (b->w > 0)
					buf_printf(&out, "clip %.2f %.2f %.2fx%.2f", b->x, b->y, b->w, b->h);
				else
					buf_printf(&out, "clip end");
				break;
			case BOX_LINK:
				buf_printf(&out, "link %.2f %.2f %.2fx%.2f ", b->x, b->y, b->w, b->h);
				dump_text(&out, b->url);
				break;
			case BOX_SIGN:
				buf_printf(&out, "sign %.2f %.2f %.2fx%.2f", b->x, b->y, b->w, b->h);
				break;
			}
			if (b->rgb)
				buf_printf(&out, " rgb=%06x", b->rgb);
			buf_addc(&out, '\n');
		}
	}
	for (i = 0; i < d->noutlines; i++) {
		buf_printf(&out, "outline %d page=%d y=%.2f ", d->outlines[i].level,
			   d->outlines[i].page + 1, d->outlines[i].y);
		dump_text(&out, d->outlines[i].title);
		buf_addc(&out, '\n');
	}
	return buf_take(&out);
}

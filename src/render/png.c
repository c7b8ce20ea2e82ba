/* The PNG back end, the only file that includes cairo.h (cairo 1.16 with
 * its FreeType font backend). Like the PDF back end it walks the boxes
 * layout placed and makes no layout decision of its own.
 *
 * Text: the glyphs' advances must be the ones layout measured (HarfBuzz,
 * unhinted, no kerning), or words would drift from where the PDF has them;
 * so hinting of metrics is off and cairo_show_text, which applies no
 * kerning, places each box's text at its x. QR codes are drawn without
 * anti-aliasing, so no light seam runs between modules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cairo.h>
#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include "png.h"
#include "../image/image.h"
#include "../qr/qr.h"
#include "../util/diag.h"
#include "../util/dl.h"

/* cairo is opened by the first picture, so only runs that make one load it
 * (with pixman, X11 and fontconfig, ~1.4 MB mapped). Every cairo function
 * this file calls is one of these; one missing here fails the link.
 * FreeType stays linked: HarfBuzz loads it for every run anyway. */
static struct dl_lib cairo = { "libcairo.so.2", "libcairo2", "a phone page as a picture (cairo)", NULL };
#define cairo_clip DL_FN(cairo, cairo_clip)
#define cairo_create DL_FN(cairo, cairo_create)
#define cairo_debug_reset_static_data DL_FN(cairo, cairo_debug_reset_static_data)
#define cairo_destroy DL_FN(cairo, cairo_destroy)
#define cairo_fill DL_FN(cairo, cairo_fill)
#define cairo_font_face_destroy DL_FN(cairo, cairo_font_face_destroy)
#define cairo_font_face_status DL_FN(cairo, cairo_font_face_status)
#define cairo_font_options_create DL_FN(cairo, cairo_font_options_create)
#define cairo_font_options_destroy DL_FN(cairo, cairo_font_options_destroy)
#define cairo_font_options_set_antialias DL_FN(cairo, cairo_font_options_set_antialias)
#define cairo_font_options_set_hint_metrics DL_FN(cairo, cairo_font_options_set_hint_metrics)
#define cairo_font_options_set_hint_style DL_FN(cairo, cairo_font_options_set_hint_style)
#define cairo_ft_font_face_create_for_ft_face DL_FN(cairo, cairo_ft_font_face_create_for_ft_face)
#define cairo_get_source DL_FN(cairo, cairo_get_source)
#define cairo_image_surface_create DL_FN(cairo, cairo_image_surface_create)
#define cairo_image_surface_get_data DL_FN(cairo, cairo_image_surface_get_data)
#define cairo_image_surface_get_stride DL_FN(cairo, cairo_image_surface_get_stride)
#define cairo_line_to DL_FN(cairo, cairo_line_to)
#define cairo_move_to DL_FN(cairo, cairo_move_to)
#define cairo_new_path DL_FN(cairo, cairo_new_path)
#define cairo_paint DL_FN(cairo, cairo_paint)
#define cairo_pattern_set_filter DL_FN(cairo, cairo_pattern_set_filter)
#define cairo_rectangle DL_FN(cairo, cairo_rectangle)
#define cairo_restore DL_FN(cairo, cairo_restore)
#define cairo_save DL_FN(cairo, cairo_save)
#define cairo_scale DL_FN(cairo, cairo_scale)
#define cairo_set_antialias DL_FN(cairo, cairo_set_antialias)
#define cairo_set_font_face DL_FN(cairo, cairo_set_font_face)
#define cairo_set_font_options DL_FN(cairo, cairo_set_font_options)
#define cairo_set_font_size DL_FN(cairo, cairo_set_font_size)
#define cairo_set_line_width DL_FN(cairo, cairo_set_line_width)
#define cairo_set_source_rgb DL_FN(cairo, cairo_set_source_rgb)
#define cairo_set_source_surface DL_FN(cairo, cairo_set_source_surface)
#define cairo_show_text DL_FN(cairo, cairo_show_text)
#define cairo_status DL_FN(cairo, cairo_status)
#define cairo_status_to_string DL_FN(cairo, cairo_status_to_string)
#define cairo_stroke DL_FN(cairo, cairo_stroke)
#define cairo_surface_destroy DL_FN(cairo, cairo_surface_destroy)
#define cairo_surface_flush DL_FN(cairo, cairo_surface_flush)
#define cairo_surface_mark_dirty DL_FN(cairo, cairo_surface_mark_dirty)
#define cairo_surface_status DL_FN(cairo, cairo_surface_status)
#define cairo_surface_write_to_png_stream DL_FN(cairo, cairo_surface_write_to_png_stream)
#define cairo_translate DL_FN(cairo, cairo_translate)

struct png_ctx {
	cairo_t *cr;
	struct fontset *fs;
	FT_Library ft;
	FT_Face faces[FACE_COUNT];
	cairo_font_face_t *fonts[FACE_COUNT];
	cairo_font_options_t *opts;
	int clipping;
	int failed;                    /* a font could not be loaded (said once) */
	const char *name;
};

static void png_rgb(cairo_t *cr, unsigned rgb)
{
	cairo_set_source_rgb(cr, (rgb >> 16 & 255) / 255.0, (rgb >> 8 & 255) / 255.0, (rgb & 255) / 255.0);
}

/* The cairo face for f, loaded from the file the PDF embeds. */
static cairo_font_face_t *png_font(struct png_ctx *c, enum face f)
{
	if ((unsigned)f >= FACE_COUNT)
		return NULL;
	if (!c->fonts[f] && !c->failed) {
		const char *path = fontset_path(c->fs, f);
		if (!c->ft && FT_Init_FreeType(&c->ft) != 0) {
			c->ft = NULL;
			oom();
		}
		if (!path || FT_New_Face(c->ft, path, 0, &c->faces[f]) != 0) {
			c->faces[f] = NULL;
			c->failed = 1;
			diag_error(pos_file(c->name), "cannot make the picture: the font %s could not be read",
				   path ? path : face_name(f));
			return NULL;
		}
		c->fonts[f] = cairo_ft_font_face_create_for_ft_face(c->faces[f], 0);
		if (cairo_font_face_status(c->fonts[f]) == CAIRO_STATUS_NO_MEMORY)
			oom();
	}
	return c->fonts[f];
}

static void png_text(struct png_ctx *c, const struct box *b)
{
	cairo_font_face_t *ff;

	if (!b->text || !*b->text || b->size <= 0)
		return;
	ff = png_font(c, b->face);
	if (!ff)
		return;
	cairo_set_font_face(c->cr, ff);
	cairo_set_font_size(c->cr, b->size);
	cairo_set_font_options(c->cr, c->opts);
	png_rgb(c->cr, b->rgb);
	cairo_move_to(c->cr, b->x, b->y);
	cairo_show_text(c->cr, b->text);
	cairo_new_path(c->cr);
}

static void png_rect(struct png_ctx *c, const struct box *b)
{
	if (b->w <= 0 || b->h <= 0)
		return;
	png_rgb(c->cr, b->rgb);
	cairo_rectangle(c->cr, b->x, b->y, b->w, b->h);
	cairo_fill(c->cr);
}

static void png_rule(struct png_ctx *c, const struct box *b)
{
	if (b->w <= 0 || b->h <= 0)
		return;
	png_rgb(c->cr, b->rgb);
	cairo_set_line_width(c->cr, b->h);
	cairo_move_to(c->cr, b->x, b->y);
	cairo_line_to(c->cr, b->x + b->w, b->y);
	cairo_stroke(c->cr);
}

/* Dark modules as one path of runs, without anti-aliasing: neighbouring
 * runs share their edges exactly. The square includes the quiet zone. */
struct png_qr_run {
	cairo_t *cr;
	double m, ox, oy;
};

static void png_qr_run(int r, int c0, int c1, void *ctx)
{
	struct png_qr_run *q = ctx;

	cairo_rectangle(q->cr, q->ox + c0 * q->m, q->oy + r * q->m, (c1 - c0) * q->m, q->m);
}

static void png_qr(struct png_ctx *c, const struct box *b)
{
	struct png_qr_run run;

	if (!b->qr || b->qr->width <= 0 || b->w <= 0)
		return;
	run.cr = c->cr;
	run.m = b->w / (b->qr->width + 8);
	run.ox = b->x + 4 * run.m;
	run.oy = b->y + 4 * run.m;
	cairo_save(c->cr);
	cairo_set_antialias(c->cr, CAIRO_ANTIALIAS_NONE);
	png_rgb(c->cr, b->rgb);
	qr_runs(b->qr, png_qr_run, &run);
	cairo_fill(c->cr);
	cairo_restore(c->cr);
}

/* A picture: PNG pixels as loaded; a JPEG is decoded here (its bytes are
 * passed through to the PDF as they are). */
static void png_image(struct png_ctx *c, const struct box *b)
{
	const struct image *im = b->image;
	unsigned char *px = NULL;
	const unsigned char *src;
	cairo_surface_t *s;
	unsigned char *data;
	int stride, x, y, ch;

	if (!im || b->w <= 0 || b->h <= 0 || im->width <= 0 || im->height <= 0)
		return;
	src = im->pixels;
	ch = im->channels;
	if (!src && im->jpeg) {
		px = image_decode_jpeg(im, &ch, pos_file(c->name));
		src = px;
	}
	if (!src)
		return;
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, im->width, im->height);
	if (cairo_surface_status(s) == CAIRO_STATUS_NO_MEMORY)
		oom();
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		free(px);
		return;
	}
	cairo_surface_flush(s);
	data = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (y = 0; y < im->height; y++) {
		uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * (size_t)stride);
		for (x = 0; x < im->width; x++) {
			size_t i = (size_t)y * (size_t)im->width + (size_t)x;
			unsigned r, g, bl, a = im->alpha && im->pixels ? im->alpha[i] : 255;
			if (ch == 1) {
				r = g = bl = src[i];
			} else {
				r = src[i * 3];
				g = src[i * 3 + 1];
				bl = src[i * 3 + 2];
			}
			/* cairo wants premultiplied alpha */
			r = r * a / 255;
			g = g * a / 255;
			bl = bl * a / 255;
			row[x] = (uint32_t)a << 24 | r << 16 | g << 8 | bl;
		}
	}
	cairo_surface_mark_dirty(s);
	cairo_save(c->cr);
	cairo_rectangle(c->cr, b->x, b->y, b->w, b->h);
	cairo_clip(c->cr);
	cairo_translate(c->cr, b->x, b->y);
	cairo_scale(c->cr, b->w / im->width, b->h / im->height);
	cairo_set_source_surface(c->cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(c->cr), CAIRO_FILTER_GOOD);
	cairo_paint(c->cr);
	cairo_restore(c->cr);
	cairo_surface_destroy(s);
	free(px);
}

static void png_clip(struct png_ctx *c, const struct box *b)
{
	if (c->clipping) {
		cairo_restore(c->cr);
		c->clipping = 0;
	}
	if (b->w <= 0 || b->h <= 0)
		return;
	cairo_save(c->cr);
	cairo_rectangle(c->cr, b->x, b->y, b->w, b->h);
	cairo_clip(c->cr);
	c->clipping = 1;
}

static cairo_status_t png_write(void *closure, const unsigned char *data, unsigned int n)
{
	buf_add(closure, data, n);
	return CAIRO_STATUS_SUCCESS;
}

int png_render(const struct layout_doc *d, size_t page, int width_px, struct fontset *fs, const char *name,
	       struct buf *out)
{
	const struct page *p;
	struct png_ctx c;
	cairo_surface_t *s;
	cairo_status_t st;
	double k;
	int h, f, ret = -1;
	size_t i;

	if (page >= d->npages || width_px <= 0) {
		diag_error(pos_file(name), "cannot make the picture: there is no page %zu", page + 1);
		return -1;
	}
	if (dl_open(&cairo, name) != 0)
		return -1;
	p = &d->pages[page];
	k = width_px / p->width;
	h = (int)lround(p->height * k);
	memset(&c, 0, sizeof c);
	c.fs = fs;
	c.name = name;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, h);
	c.cr = cairo_create(s);
	if (cairo_status(c.cr) == CAIRO_STATUS_NO_MEMORY)
		oom();
	c.opts = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(c.opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(c.opts, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(c.opts, CAIRO_ANTIALIAS_GRAY);
	cairo_set_source_rgb(c.cr, 1, 1, 1);
	cairo_paint(c.cr);
	cairo_scale(c.cr, k, k);
	for (i = 0; i < p->n && !c.failed; i++) {
		const struct box *b = &p->boxes[i];
		switch (b->type) {
		case BOX_TEXT:
			png_text(&c, b);
			break;
		case BOX_RULE:
			png_rule(&c, b);
			break;
		case BOX_RECT:
			png_rect(&c, b);
			break;
		case BOX_IMAGE:
			png_image(&c, b);
			break;
		case BOX_QR:
			png_qr(&c, b);
			break;
		case BOX_CLIP:
			png_clip(&c, b);
			break;
		case BOX_LINK:
		case BOX_SIGN:
			break;   /* a picture has no links and no signature fields */
		}
	}
	if (c.clipping)
		cairo_restore(c.cr);
	st = cairo_status(c.cr);
	if (st == CAIRO_STATUS_NO_MEMORY)
		oom();
	if (!c.failed && st != CAIRO_STATUS_SUCCESS)
		diag_error(pos_file(name), "cannot make the picture: %s", cairo_status_to_string(st));
	if (!c.failed && st == CAIRO_STATUS_SUCCESS) {
		cairo_surface_flush(s);
		st = cairo_surface_write_to_png_stream(s, png_write, out);
		if (st == CAIRO_STATUS_NO_MEMORY)
			oom();
		if (st != CAIRO_STATUS_SUCCESS)
			diag_error(pos_file(name), "cannot write the picture: %s", cairo_status_to_string(st));
		else
			ret = 0;
	}
	cairo_destroy(c.cr);
	cairo_surface_destroy(s);
	cairo_font_options_destroy(c.opts);
	for (f = 0; f < FACE_COUNT; f++)
		if (c.fonts[f])
			cairo_font_face_destroy(c.fonts[f]);
	/* cairo keeps scaled fonts in a cache that still points at the
	 * FreeType faces: empty it (nothing of cairo's is alive now) before
	 * the faces go */
	cairo_debug_reset_static_data();
	for (f = 0; f < FACE_COUNT; f++)
		if (c.faces[f])
			FT_Done_Face(c.faces[f]);
	if (c.ft)
		FT_Done_FreeType(c.ft);
	return ret;
}

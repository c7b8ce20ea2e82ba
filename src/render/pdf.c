/* The PDF back end, the only file that includes hpdf.h (libharu 2.3.0).
 * It draws the boxes layout placed, turning the top-left origin into PDF's
 * bottom-left one; it makes no layout decision of its own.
 *
 * libharu facts this file works around (see the project's libharu notes):
 * errors are sticky, so one handler keeps the first; metadata and
 * bookmarks are text strings phat converts itself (pdf_text_string), since
 * libharu's UTF-8 encoder costs a 64 K-entry table set byte by byte;
 * 16-bit and alpha PNGs come in decoded by src/image. Fonts go through
 * libharu's object layer (pdf_font_load): loaded from memory, each glyph's
 * id its code (CIDToGIDMap /Identity), a ToUnicode map and widths for the
 * characters used only; text and QR codes are written into the content
 * stream directly (pdf_ops_flush); streams are deflated by libdeflate
 * before libharu saves them (pdf_streams_deflate). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <hpdf.h>
/* libharu's object layer, installed with its public header: for the fonts
 * (pdf_font_load) and the page's content stream (pdf_ops_flush); checked
 * by tests/pdf/test_text_layer.py */
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include "pdf.h"
#include "../image/image.h"
#include "../qr/qr.h"
#include "../util/diag.h"
#include "../util/flate.h"
#include "../util/utf8.h"

/* The first libharu error: later ones are consequences of it. */
struct pdf_err {
	HPDF_STATUS no, detail;
};

struct pdf_img {
	const struct image *src;
	uint64_t hash;                  /* of its data (pdf_image_hash) */
	HPDF_Image img;
};

struct pdf_ctx {
	HPDF_Doc pdf;
	struct pdf_err err;
	struct fontset *fs;
	HPDF_Font fonts[FACE_COUNT];
	/* the code of each character shown, by face: its glyph in the face's
	 * subset (pdf_font_load), in pages of 256 by the code point's high
	 * byte; a page is NULL when no character of it is shown */
	uint16_t *codes[FACE_COUNT][256];
	int nfonts;                     /* fonts loaded so far: their subset tags */
	struct pdf_img *imgs;
	size_t nimgs;
	/* drawing state on the current page, to skip repeated operators */
	HPDF_Page page;
	double height;
	int in_text, clipping;
	long tx, ty;                    /* start of the text line, in 1/8 pt (pdf_text) */
	struct buf ops;                 /* operators being written (pdf_ops_flush) */
	int cur_face;
	double cur_size;
	long cur_fill;                  /* -1 unknown */
};

static void HPDF_STDCALL pdf_error_cb(HPDF_STATUS no, HPDF_STATUS detail, void *user)
{
	struct pdf_err *e = user;

	if (!e->no) {
		e->no = no;
		e->detail = detail;
	}
}

/* libharu's codes for the failures that can happen here, in words. */
static const char *pdf_error_words(HPDF_STATUS no)
{
	switch (no) {
	case HPDF_FAILD_TO_ALLOC_MEM:
		return "out of memory";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT:
		return "a font does not allow embedding";
	case HPDF_TTF_INVALID_CMAP:
	case HPDF_TTF_INVALID_FOMAT:
	case HPDF_TTF_MISSING_TABLE:
	case HPDF_UNSUPPORTED_FONT_TYPE:
	case HPDF_INVALID_FONTDEF_DATA:
	case HPDF_INVALID_FONT_NAME:
	case HPDF_FONT_EXISTS:
	case HPDF_DUPLICATE_REGISTRATION:
		return "a font could not be embedded";
	case HPDF_INVALID_IMAGE:
	case HPDF_INVALID_JPEG_DATA:
	case HPDF_UNSUPPORTED_JPEG_FORMAT:
	case HPDF_INVALID_PNG_IMAGE:
	case HPDF_LIBPNG_ERROR:
	case HPDF_INVALID_COLOR_SPACE:
		return "a picture could not be embedded";
	case HPDF_PAGE_INVALID_SIZE:
		return "a page size is out of range";
	case HPDF_PAGE_INVALID_FONT_SIZE:
		return "a text size is out of range";
	case HPDF_REAL_OUT_OF_RANGE:
	case HPDF_INVALID_PARAMETER:
		return "a position or size is out of range";
	case HPDF_INVALID_URI:
		return "a link is not valid";
	case HPDF_EXCEED_GSTATE_LIMIT:
		return "too many nested drawing states";
	case HPDF_ZLIB_ERROR:
		return "compression failed";
	case HPDF_INVALID_ENCODER:
	case HPDF_INVALID_ENCODING_NAME:
		return "the UTF-8 encoder is missing in this libharu";
	default:
		return "the PDF library failed";
	}
}

/* Operators phat writes into the page's content stream itself, through
 * libharu's object layer (HPDF_PageAttr's stream), where libharu's own
 * calls cost ten times more than the drawing: each HPDF_Page_TextOut
 * re-measures its string glyph by glyph and clears a 512-byte buffer byte
 * by byte, each HPDF_Page_Rectangle too. Only operators that leave
 * libharu's view of the page as it was are written so: text showing and
 * moves inside a BT … ET libharu opened, colours, and whole stroked or
 * filled paths. Each drawing function flushes before it returns, so what
 * it writes comes before the next operator libharu writes itself. */
static void pdf_ops_flush(struct pdf_ctx *c)
{
	HPDF_PageAttr pa = (HPDF_PageAttr)c->page->attr;

	if (c->ops.len && HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)c->ops.data, (HPDF_UINT)c->ops.len) != HPDF_OK &&
	    !c->err.no)
		c->err.no = HPDF_GetError(c->pdf) ? HPDF_GetError(c->pdf) : HPDF_FAILD_TO_ALLOC_MEM;
	c->ops.len = 0;
}

/* Appends v in thousandths of a point, shortest form ("12", "-0.5",
 * "3.125"), then a space. */
static void pdf_ops_num(struct pdf_ctx *c, double v)
{
	char tmp[32], *p = tmp + sizeof tmp;
	long long t = llround(v * 1000);
	unsigned long long u = (unsigned long long)(t < 0 ? -t : t), ip = u / 1000;
	unsigned frac = (unsigned)(u % 1000);
	int digits = 3;

	*--p = ' ';
	while (frac && frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	if (frac) {
		while (digits--) {
			*--p = (char)('0' + frac % 10);
			frac /= 10;
		}
		*--p = '.';
	}
	do {
		*--p = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	if (t < 0)
		*--p = '-';
	buf_add(&c->ops, p, (size_t)(tmp + sizeof tmp - p));
}

/* Appends the colour rgb (0xRRGGBB) and the operator op ("rg" to fill,
 * "RG" to stroke: PDF 32000-1:2008 8.6.8); three decimals tell all 256
 * levels of a component apart. */
static void pdf_ops_rgb(struct pdf_ctx *c, unsigned rgb, const char *op)
{
	pdf_ops_num(c, (rgb >> 16 & 0xFF) / 255.0);
	pdf_ops_num(c, (rgb >> 8 & 0xFF) / 255.0);
	pdf_ops_num(c, (rgb & 0xFF) / 255.0);
	buf_adds(&c->ops, op);
}

/* The fill colour, in c->ops, unless it is the current one. */
static void pdf_fill(struct pdf_ctx *c, unsigned rgb)
{
	if (c->cur_fill == (long)rgb)
		return;
	pdf_ops_rgb(c, rgb, "rg\n");
	c->cur_fill = (long)rgb;
}

/* Appends s, in face f, as a PDF literal string of 2-byte codes, each the
 * glyph id of its character in the face's subset (c->codes, see
 * pdf_font_load), escaped where PDF 32000-1:2008 7.3.4.2 asks: \,
 * parentheses, and CR and LF, which a reader would otherwise normalise. A
 * code point past the BMP shows as a space, as libharu did (layout refuses
 * them). */
static void pdf_ops_text(struct pdf_ctx *c, int f, const char *s)
{
	buf_addc(&c->ops, '(');
	while (*s) {
		uint32_t cp;
		const uint16_t *page;
		unsigned char by[2];
		unsigned code;
		int i;

		s += utf8_decode(s, &cp);
		if (cp == 0 || cp >= 0xFFFF)
			cp = ' ';
		page = c->codes[f][cp >> 8];
		code = page ? page[cp & 0xFF] : 0;
		by[0] = (unsigned char)(code >> 8);
		by[1] = (unsigned char)code;
		for (i = 0; i < 2; i++) {
			switch (by[i]) {
			case '\\':
			case '(':
			case ')':
				buf_addc(&c->ops, '\\');
				buf_addc(&c->ops, (char)by[i]);
				break;
			case '\r':
				buf_add(&c->ops, "\\r", 2);
				break;
			case '\n':
				buf_add(&c->ops, "\\n", 2);
				break;
			default:
				buf_addc(&c->ops, (char)by[i]);
			}
		}
	}
	buf_add(&c->ops, ")Tj\n", 4);
}

static void pdf_text_end(struct pdf_ctx *c)
{
	if (c->in_text) {
		HPDF_Page_EndText(c->page);
		c->in_text = 0;
	}
}

/* Whether box n continues box b on the same line after exactly one space
 * (as in a line that is not justified): then both are drawn by one string,
 * which libharu places with the same advances layout measured. */
static int pdf_text_joins(struct pdf_ctx *c, const struct box *b, const struct box *n)
{
	const struct measure *m = fontset_measure(c->fs);
	double end;

	if (n->type != BOX_TEXT || !n->text || !*n->text || n->face != b->face || n->size != b->size ||
	    n->rgb != b->rgb || n->y != b->y)
		return 0;
	end = b->x + (measure_text(m, b->face, b->size, b->text) + measure_text(m, b->face, b->size, " "));
	return n->x - end < 0.001 && end - n->x < 0.001;
}

/* Consecutive text boxes share one text object: BT/ET around each word
 * would double the size of a page's content. Returns how many boxes from
 * b on were drawn (words of a line joined into one string). */
static size_t pdf_text(struct pdf_ctx *c, const struct box *b, size_t left)
{
	size_t k = 1;
	long x, y;

	if (!b->text || !*b->text || (unsigned)b->face >= FACE_COUNT || !c->fonts[b->face] || b->size <= 0)
		return 1;
	if (!c->in_text) {
		HPDF_Page_BeginText(c->page);
		c->in_text = 1;
		c->tx = c->ty = 0;
	}
	if (c->cur_face != (int)b->face || c->cur_size != b->size) {
		/* the font's name in the page's resources, registered there by
		 * libharu as HPDF_Page_SetFontAndSize would; the operator
		 * written here (libharu's clears 2 KB for it) */
		const char *name = HPDF_Page_GetLocalFontName(c->page, c->fonts[b->face]);
		if (!name) {
			if (!c->err.no)
				c->err.no = HPDF_PAGE_INVALID_FONT;
			return 1;
		}
		buf_addc(&c->ops, '/');
		buf_adds(&c->ops, name);
		buf_addc(&c->ops, ' ');
		pdf_ops_num(c, b->size);
		buf_add(&c->ops, "Tf\n", 3);
		c->cur_face = (int)b->face;
		c->cur_size = b->size;
	}
	pdf_fill(c, b->rgb);
	/* Positions on a 1/8 pt grid (0.02 mm, far below what print or eye
	 * can tell): the moves from word to word of a justified line are
	 * then exact and short. Td moves from the start of the previous line
	 * (PDF 32000-1:2008 9.4.2). */
	x = lround(b->x * 8);
	y = lround((c->height - b->y) * 8);
	pdf_ops_num(c, (x - c->tx) / 8.0);
	pdf_ops_num(c, (y - c->ty) / 8.0);
	buf_add(&c->ops, "Td\n", 3);
	c->tx = x;
	c->ty = y;
	{
		/* the words of a line that is not justified: one string */
		struct buf s;
		buf_init(&s);
		buf_adds(&s, b->text);
		while (k < left && pdf_text_joins(c, &b[k - 1], &b[k])) {
			buf_addc(&s, ' ');
			buf_adds(&s, b[k].text);
			k++;
		}
		pdf_ops_text(c, b->face, buf_str(&s));
		buf_free(&s);
	}
	pdf_ops_flush(c);
	return k;
}

static void pdf_rule(struct pdf_ctx *c, const struct box *b)
{
	double y = c->height - b->y;

	if (b->w <= 0 || b->h <= 0)
		return;
	pdf_ops_rgb(c, b->rgb, "RG\n");
	pdf_ops_num(c, b->h);
	buf_add(&c->ops, "w\n", 2);
	pdf_ops_num(c, b->x);
	pdf_ops_num(c, y);
	buf_add(&c->ops, "m\n", 2);
	pdf_ops_num(c, b->x + b->w);
	pdf_ops_num(c, y);
	buf_add(&c->ops, "l\nS\n", 4);
	pdf_ops_flush(c);
}

static void pdf_rect(struct pdf_ctx *c, const struct box *b)
{
	if (b->w <= 0 || b->h <= 0)
		return;
	pdf_fill(c, b->rgb);
	pdf_ops_num(c, b->x);
	pdf_ops_num(c, c->height - b->y - b->h);
	pdf_ops_num(c, b->w);
	pdf_ops_num(c, b->h);
	buf_add(&c->ops, "re\nf\n", 5);
	pdf_ops_flush(c);
}

static uint64_t pdf_image_hash(const struct image *im)
{
	uint64_t h = FNV1A_INIT;
	size_t px = (size_t)im->width * (size_t)im->height;

	if (im->jpeg)
		return fnv1a(h, im->jpeg, im->jpeg_len);
	if (im->pixels)
		h = fnv1a(h, im->pixels, px * (size_t)im->channels);
	if (im->alpha)
		h = fnv1a(h ^ 1, im->alpha, px);
	return h;
}

/* The same data, as it is embedded: the same file placed twice at the
 * same resolution is the same picture. */
static int pdf_image_same(const struct image *a, const struct image *b)
{
	size_t px = (size_t)a->width * (size_t)a->height;

	if (a->width != b->width || a->height != b->height || !a->jpeg != !b->jpeg ||
	    !a->pixels != !b->pixels || !a->alpha != !b->alpha)
		return 0;
	if (a->jpeg)
		return a->jpeg_len == b->jpeg_len && !memcmp(a->jpeg, b->jpeg, a->jpeg_len);
	return a->channels == b->channels && (!a->pixels || !memcmp(a->pixels, b->pixels, px * (size_t)a->channels)) &&
	       (!a->alpha || !memcmp(a->alpha, b->alpha, px));
}

/* Each picture is embedded once however often it is drawn, and once
 * however often the content names its file: two pictures with the same
 * data at the same resolution (the commune's logo on two pages, one
 * photo in two places of the same size) share one image XObject. */
static HPDF_Image pdf_image_get(struct pdf_ctx *c, const struct image *im)
{
	HPDF_Image img = NULL;
	uint64_t h;
	size_t i;

	for (i = 0; i < c->nimgs; i++)
		if (c->imgs[i].src == im)
			return c->imgs[i].img;
	h = pdf_image_hash(im);
	for (i = 0; i < c->nimgs; i++)
		if (c->imgs[i].hash == h && c->imgs[i].img && pdf_image_same(c->imgs[i].src, im))
			return c->imgs[i].img;
	if (im->jpeg) {
		img = HPDF_LoadJpegImageFromMem(c->pdf, im->jpeg, (HPDF_UINT)im->jpeg_len);
	} else if (im->pixels) {
		img = HPDF_LoadRawImageFromMem(c->pdf, im->pixels, (HPDF_UINT)im->width, (HPDF_UINT)im->height,
					       im->channels == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB, 8);
		if (img && im->alpha) {
			HPDF_Image mask = HPDF_LoadRawImageFromMem(c->pdf, im->alpha, (HPDF_UINT)im->width,
								  (HPDF_UINT)im->height, HPDF_CS_DEVICE_GRAY, 8);
			if (mask)
				HPDF_Image_AddSMask(img, mask);
		}
	}
	c->imgs = xrealloc(c->imgs, (c->nimgs + 1) * sizeof *c->imgs);
	c->imgs[c->nimgs].src = im;
	c->imgs[c->nimgs].hash = h;
	c->imgs[c->nimgs].img = img;
	c->nimgs++;
	return img;
}

static void pdf_image(struct pdf_ctx *c, const struct box *b)
{
	HPDF_Image img;

	if (!b->image || b->w <= 0 || b->h <= 0)
		return;
	img = pdf_image_get(c, b->image);
	if (img)
		HPDF_Page_DrawImage(c->page, img, (HPDF_REAL)b->x, (HPDF_REAL)(c->height - b->y - b->h),
				    (HPDF_REAL)b->w, (HPDF_REAL)b->h);
}

struct pdf_qr_run {
	struct pdf_ctx *c;
	double m, ox, oy;
};

static void pdf_qr_run(int r, int c0, int c1, void *ctx)
{
	struct pdf_qr_run *q = ctx;

	pdf_ops_num(q->c, q->ox + c0 * q->m);
	pdf_ops_num(q->c, q->c->height - q->oy - (r + 1) * q->m);
	pdf_ops_num(q->c, (c1 - c0) * q->m);
	pdf_ops_num(q->c, q->m);
	buf_add(&q->c->ops, "re\n", 3);
}

/* Dark modules as filled rectangles, one per horizontal run, in a single
 * path: no stroke, so the modules keep their exact size. One path matters:
 * rows filled one by one leave light anti-aliasing seams between them in
 * every rasteriser (poppler, mupdf, phone previews), and at 150 dpi zbar
 * then fails to read the code. The square w includes the 4-module quiet
 * zone on each side, left white. */
static void pdf_qr(struct pdf_ctx *c, const struct box *b)
{
	struct pdf_qr_run run;

	if (!b->qr || b->qr->width <= 0 || b->w <= 0)
		return;
	run.c = c;
	run.m = b->w / (b->qr->width + 8);
	run.ox = b->x + 4 * run.m;
	run.oy = b->y + 4 * run.m;
	pdf_fill(c, b->rgb);
	if (qr_runs(b->qr, pdf_qr_run, &run))
		buf_add(&c->ops, "f\n", 2);
	pdf_ops_flush(c);
}

static void pdf_link(struct pdf_ctx *c, const struct box *b)
{
	HPDF_Rect r;
	HPDF_Annotation a;

	if (!b->url || !*b->url || b->w <= 0 || b->h <= 0)
		return;
	r.left = (HPDF_REAL)b->x;
	r.right = (HPDF_REAL)(b->x + b->w);
	r.top = (HPDF_REAL)(c->height - b->y);
	r.bottom = (HPDF_REAL)(c->height - b->y - b->h);
	a = HPDF_Page_CreateURILinkAnnot(c->page, r, b->url);
	if (a)
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
}

/* A new clip replaces the previous one (restore, then clip again). */
static void pdf_clip(struct pdf_ctx *c, const struct box *b)
{
	if (c->clipping) {
		HPDF_Page_GRestore(c->page);
		c->clipping = 0;
	}
	c->cur_face = -1;
	c->cur_size = 0;
	c->cur_fill = -1;
	if (b->w <= 0 || b->h <= 0)
		return;
	HPDF_Page_GSave(c->page);
	HPDF_Page_Rectangle(c->page, (HPDF_REAL)b->x, (HPDF_REAL)(c->height - b->y - b->h),
			    (HPDF_REAL)b->w, (HPDF_REAL)b->h);
	HPDF_Page_Clip(c->page);
	HPDF_Page_EndPath(c->page);
	c->clipping = 1;
}

static void pdf_page(struct pdf_ctx *c, const struct page *p)
{
	size_t i;

	c->page = HPDF_AddPage(c->pdf);
	if (!c->page)
		return;
	HPDF_Page_SetWidth(c->page, (HPDF_REAL)p->width);
	HPDF_Page_SetHeight(c->page, (HPDF_REAL)p->height);
	c->height = p->height;
	c->in_text = 0;
	c->clipping = 0;
	c->cur_face = -1;
	c->cur_size = 0;
	c->cur_fill = 0;   /* black is the PDF default */
	for (i = 0; i < p->n && !c->err.no; i++) {
		const struct box *b = &p->boxes[i];
		if (b->type != BOX_TEXT)
			pdf_text_end(c);
		switch (b->type) {
		case BOX_TEXT:
			i += pdf_text(c, b, p->n - i) - 1;
			break;
		case BOX_RULE:
			pdf_rule(c, b);
			break;
		case BOX_RECT:
			pdf_rect(c, b);
			break;
		case BOX_IMAGE:
			pdf_image(c, b);
			break;
		case BOX_QR:
			pdf_qr(c, b);
			break;
		case BOX_LINK:
			pdf_link(c, b);
			break;
		case BOX_CLIP:
			pdf_clip(c, b);
			break;
		case BOX_SIGN:
			break;   /* the signature fields come after (src/sign) */
		}
	}
	pdf_text_end(c);
	if (c->clipping)
		HPDF_Page_GRestore(c->page);
	c->clipping = 0;
}

/* Writes one kind of CMap entries in blocks of at most 100, as the CMap
 * format requires (Adobe TN 5014, 2.6): "N beginbfchar … endbfchar". e[i]
 * is the first code, the last code and the first character. */
static void pdf_cmap_blocks(struct buf *b, const char *op, const uint32_t (*e)[3], size_t n, int range)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i % 100 == 0)
			buf_printf(b, "%zu begin%s\n", n - i < 100 ? n - i : (size_t)100, op);
		if (range)
			buf_printf(b, "<%04X> <%04X> <%04X>\n", (unsigned)e[i][0], (unsigned)e[i][1],
				   (unsigned)e[i][2]);
		else
			buf_printf(b, "<%04X> <%04X>\n", (unsigned)e[i][0], (unsigned)e[i][2]);
		if (i % 100 == 99 || i + 1 == n)
			buf_printf(b, "end%s\n", op);
	}
}

/* The ToUnicode CMap of a font whose code e[i][0] shows the character
 * e[i][1] (a code point in the BMP), for i in [0, n), codes ascending and
 * distinct (PDF 32000-1:2008, 9.10.3). A run of consecutive codes that
 * show consecutive characters is one bfrange entry, a lone code a bfchar
 * entry: a range crosses no 256-code boundary, in the codes nor in the
 * characters, where the last byte of either would wrap. */
static void pdf_tounicode(struct buf *b, const uint32_t (*e)[2], size_t n)
{
	uint32_t (*chars)[3] = xmalloc((n ? n : 1) * sizeof *chars);
	uint32_t (*ranges)[3] = xmalloc((n ? n : 1) * sizeof *ranges);
	size_t i = 0, nchars = 0, nranges = 0;

	while (i < n) {
		size_t j = i;
		while (j + 1 < n && e[j + 1][0] == e[j][0] + 1 && e[j + 1][1] == e[j][1] + 1 &&
		       e[j + 1][0] >> 8 == e[i][0] >> 8 && e[j + 1][1] >> 8 == e[i][1] >> 8)
			j++;
		if (j == i) {
			chars[nchars][0] = chars[nchars][1] = e[i][0];
			chars[nchars][2] = e[i][1];
			nchars++;
		} else {
			ranges[nranges][0] = e[i][0];
			ranges[nranges][1] = e[j][0];
			ranges[nranges][2] = e[i][1];
			nranges++;
		}
		i = j + 1;
	}
	buf_adds(b, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	pdf_cmap_blocks(b, "bfchar", (const uint32_t (*)[3])chars, nchars, 0);
	pdf_cmap_blocks(b, "bfrange", (const uint32_t (*)[3])ranges, nranges, 1);
	buf_adds(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	free(chars);
	free(ranges);
}

/* A libharu stream over bytes phat holds (HPDF_CallbackReader_New, with
 * the semantics of libharu's memory stream: a short read returns
 * HPDF_STREAM_EOF with what it read, HPDF_SEEK_END counts back from the
 * end), freed with the stream. libharu's memory streams copy each byte in
 * and out one at a time (HPDF_MemCpy): a fifth of a per-hamlet report's
 * instructions went there. */
struct pdf_bytes {
	unsigned char *p;
	size_t n, pos;
};

static HPDF_STATUS pdf_bytes_read(HPDF_Stream st, HPDF_BYTE *ptr, HPDF_UINT *size)
{
	struct pdf_bytes *b = st->attr;
	size_t want = *size, left = b->n - b->pos;

	*size = (HPDF_UINT)(want < left ? want : left);
	memcpy(ptr, b->p + b->pos, *size);
	b->pos += *size;
	return want > left ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS pdf_bytes_seek(HPDF_Stream st, HPDF_INT pos, HPDF_WhenceMode mode)
{
	struct pdf_bytes *b = st->attr;
	long long to = mode == HPDF_SEEK_CUR ? (long long)b->pos + pos
		       : mode == HPDF_SEEK_END ? (long long)b->n - pos : pos;

	if (to < 0 || to > (long long)b->n)
		return HPDF_SetError(st->error, HPDF_STREAM_EOF, 0);
	b->pos = (size_t)to;
	return HPDF_OK;
}

static HPDF_INT32 pdf_bytes_tell(HPDF_Stream st)
{
	return (HPDF_INT32)((struct pdf_bytes *)st->attr)->pos;
}

static HPDF_UINT32 pdf_bytes_size(HPDF_Stream st)
{
	return (HPDF_UINT32)((struct pdf_bytes *)st->attr)->n;
}

static void pdf_bytes_free(HPDF_Stream st)
{
	struct pdf_bytes *b = st->attr;

	if (b)
		free(b->p);
	free(b);
	st->attr = NULL;
}

/* A stream over p[0..n), which it owns from here (freed with the stream,
 * or here when there is none). NULL when libharu is out of memory. */
static HPDF_Stream pdf_bytes_stream(struct pdf_ctx *c, unsigned char *p, size_t n)
{
	struct pdf_bytes *b = xmalloc(sizeof *b);
	HPDF_Stream st;

	b->p = p;
	b->n = n;
	b->pos = 0;
	st = HPDF_CallbackReader_New(c->pdf->mmgr, pdf_bytes_read, pdf_bytes_seek, pdf_bytes_tell, pdf_bytes_size, b);
	if (!st) {
		free(p);
		free(b);
		return NULL;
	}
	st->free_fn = pdf_bytes_free;
	st->size = (HPDF_UINT)n;
	return st;
}

/* PDF_FLATE_LEVEL: libdeflate's level for every stream. Level 1 takes a
 * fifth of the instructions zlib's default level does (libharu's) for
 * 4 % more bytes: a dispatch 47.5 -> 49 KB. */
#define PDF_FLATE_LEVEL 1

/* The stream dictionary's Filter entry, for a stream deflated already
 * (pdf_stream_deflated): libharu calls write_fn after the other entries
 * (HPDF_Dict_Write). */
static HPDF_STATUS pdf_flate_entry(HPDF_Dict d, HPDF_Stream s)
{
	(void)d;
	return HPDF_Stream_WriteStr(s, "/Filter /FlateDecode\012");
}

/* Makes data[0..n) the content of the stream dictionary d, deflated once
 * with libdeflate (PDF 32000-1:2008 7.3.8.2, 7.4.4). libharu would deflate
 * it at save time with zlib at its default level, through 4 KB reads of
 * its memory stream (HPDF_Stream_WriteToStreamWithDeflate): a quarter of
 * a dispatch's instructions. libharu drops the Filter entry of a stream
 * it does not filter itself (HPDF_Dict_Write), so the stream is
 * unfiltered to libharu, which copies the deflated bytes as they are, and
 * the entry is written by d's write_fn. Returns 0, or -1 with c->err set. */
static int pdf_stream_deflated(struct pdf_ctx *c, HPDF_Dict d, const void *data, size_t n)
{
	struct buf z;
	HPDF_Stream st;

	/* one compressor for the process, kept from document to document:
	 * its hash tables (~200 KB) are mapped and touched again by every new
	 * one, and in the build's forked workers each of those pages is a
	 * page fault (a 1,000-hamlet build: 72,800 faults, 40 % of them here,
	 * and more time in the kernel than in phat) */
	static struct flate *flate;

	if (!flate)
		flate = flate_new(PDF_FLATE_LEVEL);
	buf_init(&z);
	flate_deflate(flate, data, n, &z);
	st = pdf_bytes_stream(c, (unsigned char *)z.data, z.len);   /* owns z.data */
	if (!st) {
		if (!c->err.no)
			c->err.no = HPDF_FAILD_TO_ALLOC_MEM;
		return -1;
	}
	HPDF_Stream_Free(d->stream);
	d->stream = st;
	d->filter = HPDF_STREAM_FILTER_NONE;
	d->write_fn = pdf_flate_entry;
	return 0;
}

/* Deflates (pdf_stream_deflated) every stream libharu wrote and would
 * deflate at save time: the page contents and the pictures it decoded. A
 * stream with DecodeParms, a write_fn of libharu's own or a stream that
 * is not in memory is left to libharu. Returns 0 or -1 with c->err set. */
static int pdf_streams_deflate(struct pdf_ctx *c)
{
	struct buf raw;
	HPDF_Xref x;
	HPDF_UINT i, k;
	int ret = -1;

	buf_init(&raw);
	for (x = c->pdf->xref; x; x = x->prev) {
		for (i = 0; i < x->entries->count; i++) {
			HPDF_XrefEntry e = HPDF_Xref_GetEntry(x, i);
			HPDF_Obj_Header *h = e ? e->obj : NULL;
			HPDF_Dict d;
			HPDF_UINT nb;

			if (!h || (h->obj_class & HPDF_OCLASS_ANY) != HPDF_OCLASS_DICT)
				continue;
			d = (HPDF_Dict)(void *)h;
			if (!d->stream || d->filter != HPDF_STREAM_FILTER_FLATE_DECODE || d->write_fn ||
			    d->filterParams || d->stream->type != HPDF_STREAM_MEMORY)
				continue;
			/* the stream's bytes, block by block, without libharu's
			 * byte-at-a-time copy */
			raw.len = 0;
			nb = HPDF_MemStream_GetBufCount(d->stream);
			for (k = 0; k < nb && d->stream->size; k++) {
				HPDF_UINT len = 0;
				HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(d->stream, k, &len);
				if (!p)
					goto out;
				buf_add(&raw, p, len);
			}
			if (raw.len != d->stream->size || pdf_stream_deflated(c, d, raw.data, raw.len) < 0)
				goto out;
		}
	}
	ret = 0;
out:
	if (ret < 0 && !c->err.no)
		c->err.no = HPDF_INVALID_STREAM;
	buf_free(&raw);
	return ret;
}

/* The font descriptor of def, with hb-subset's font file ttf embedded as
 * it is (PDF 32000-1:2008 9.8, 9.9), for face f. libharu would make it at
 * save time (CIDFontType2_BeforeWrite_Func, for a font definition without
 * a descriptor yet) by re-reading the font four bytes at a time to subset
 * its glyf table again, keeping only the glyphs HPDF_Page_ShowText has
 * measured; the font is a subset already, and text is shown by
 * pdf_ops_text. The entries are libharu's, and CapHeight, which the PDF
 * specification requires and libharu leaves out; CapHeight and XHeight
 * come from the whole face (libharu measures H and x in the subset: 0
 * when the text has neither). Returns 0 or -1. */
static int pdf_font_descriptor(struct pdf_ctx *c, HPDF_FontDef def, enum face f, const struct buf *ttf)
{
	HPDF_TTFontDefAttr ta = (HPDF_TTFontDefAttr)def->attr;
	HPDF_MMgr mmgr = c->pdf->mmgr;
	HPDF_Dict desc, file;
	HPDF_Array bbox;
	HPDF_STATUS ret = HPDF_OK;
	double cap, xh;

	if (!ta || def->descriptor)
		return -1;
	fontset_heights(c->fs, f, &cap, &xh);
	desc = HPDF_Dict_New(mmgr);
	if (!desc || HPDF_Xref_Add(c->pdf->xref, desc) != HPDF_OK)
		return -1;
	file = HPDF_DictStream_New(mmgr, c->pdf->xref);
	bbox = HPDF_Box_Array_New(mmgr, def->font_bbox);
	if (!file || !bbox)
		return -1;
	if (pdf_stream_deflated(c, file, ttf->data, ttf->len) < 0)
		return -1;
	ret += HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)ttf->len);
	ret += HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
	ret += HPDF_Dict_AddName(desc, "FontName", ta->base_font);
	ret += HPDF_Dict_AddNumber(desc, "Flags", (HPDF_INT32)def->flags);
	ret += HPDF_Dict_Add(desc, "FontBBox", bbox);
	ret += HPDF_Dict_AddNumber(desc, "ItalicAngle", def->italic_angle);
	ret += HPDF_Dict_AddNumber(desc, "Ascent", def->ascent);
	ret += HPDF_Dict_AddNumber(desc, "Descent", def->descent);
	ret += HPDF_Dict_AddNumber(desc, "CapHeight", (HPDF_INT32)lround(cap * 1000));
	ret += HPDF_Dict_AddNumber(desc, "XHeight", (HPDF_INT32)lround(xh * 1000));
	ret += HPDF_Dict_AddNumber(desc, "StemV", def->stemv);
	ret += HPDF_Dict_Add(desc, "FontFile2", file);
	if (ret != HPDF_OK)
		return -1;
	def->descriptor = desc;
	return 0;
}

static void pdf_font_attr_free(HPDF_Dict font)
{
	if (font->attr)
		HPDF_FreeMem(font->mmgr, font->attr);
}

/* The CIDFontType2 of def whose codes are the glyph ids e[i][0] (ascending,
 * distinct) of the characters e[i][1], i in [0, n) (PDF 32000-1:2008
 * 9.7.4): CIDToGIDMap /Identity, widths in W, one run per stretch of
 * consecutive glyphs, from the subset's hmtx (HPDF_TTFontDef_GetGidWidth,
 * as libharu's own font gives them). Returns NULL on failure. */
static HPDF_Dict pdf_cidfont_new(struct pdf_ctx *c, HPDF_FontDef def, const uint32_t (*e)[2], size_t n)
{
	HPDF_MMgr mmgr = c->pdf->mmgr;
	HPDF_Dict cid = HPDF_Dict_New(mmgr), info;
	HPDF_Array w, run = NULL;
	HPDF_STATUS ret = HPDF_OK;
	size_t i;

	if (!cid || HPDF_Xref_Add(c->pdf->xref, cid) != HPDF_OK)
		return NULL;
	ret += HPDF_Dict_AddName(cid, "Type", "Font");
	ret += HPDF_Dict_AddName(cid, "Subtype", "CIDFontType2");
	ret += HPDF_Dict_AddName(cid, "BaseFont", ((HPDF_TTFontDefAttr)def->attr)->base_font);
	info = HPDF_Dict_New(mmgr);
	w = HPDF_Array_New(mmgr);
	if (ret != HPDF_OK || !info || !w)
		return NULL;
	ret += HPDF_Dict_Add(cid, "CIDSystemInfo", info);
	ret += HPDF_Dict_Add(info, "Registry", HPDF_String_New(mmgr, "Adobe", NULL));
	ret += HPDF_Dict_Add(info, "Ordering", HPDF_String_New(mmgr, "Identity", NULL));
	ret += HPDF_Dict_AddNumber(info, "Supplement", 0);
	ret += HPDF_Dict_AddNumber(cid, "DW", def->missing_width);
	ret += HPDF_Dict_Add(cid, "W", w);
	ret += HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	for (i = 0; i < n && ret == HPDF_OK; i++) {
		if (!run || e[i][0] != e[i - 1][0] + 1) {
			ret += HPDF_Array_AddNumber(w, (HPDF_INT32)e[i][0]);
			run = HPDF_Array_New(mmgr);
			if (!run || HPDF_Array_Add(w, run) != HPDF_OK)
				ret = HPDF_FAILD_TO_ALLOC_MEM;
		}
		if (run)
			ret += HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(def, (HPDF_UINT16)e[i][0]));
	}
	return ret == HPDF_OK ? cid : NULL;
}

static int pdf_code_cmp(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Loads the TrueType subset ttf of face f, for the code points cps[0..n)
 * (ascending, distinct, 0 < cp < 0xFFFF), as a Type 0 font whose codes are
 * the subset's glyph ids (PDF 32000-1:2008 9.7: Identity-H, a CIDFontType2
 * with CIDToGIDMap /Identity, the font file and a ToUnicode map), built
 * through libharu's object layer; c->codes[f] gets each character's code. libharu's own
 * HPDF_LoadTTFontFromFile and HPDF_GetFont would do it at four costs this
 * avoids:
 * - the font would come from a file libharu seeks in and re-reads glyph by
 *   glyph, and that must outlive the document: here it is read from memory;
 * - HPDF_GetFont (HPDF_Type0Font_New, CIDFontType2_New in hpdf_font_cid.c)
 *   clears a 64 K-entry map byte by byte and walks all 65,536 codes of the
 *   encoder for each face, looking each up in the cmap, then writes a map
 *   up to the highest: most of a dispatch's time. Here only the characters
 *   shown are looked up, and no map is written at all (Identity);
 * - libharu writes its encoding CMap (begincidrange <0000> <FFFF>) as the
 *   ToUnicode map, which is not a valid one: pdf_tounicode writes it;
 * - the font file would be subset again at save time: pdf_font_descriptor.
 * The dictionary is a font to libharu (HPDF_Font_Validate: the font
 * subclass and an HPDF_FontAttr), so HPDF_Page_SetFontAndSize takes it;
 * text is shown by pdf_ops_text, never by libharu, so no encoder or text
 * width function is needed. tests/pdf/test_text_layer.py checks the maps
 * and widths against the embedded font. k numbers the fonts for their
 * subset tags (HPDFAA+, HPDFAB+ … as libharu names them). Returns the
 * font, or NULL (libharu's error state says why when it knows). */
static HPDF_Font pdf_font_load(struct pdf_ctx *c, enum face f, const struct buf *ttf, const uint32_t *cps, size_t n,
				int k)
{
	HPDF_MMgr mmgr = c->pdf->mmgr;
	HPDF_Stream st;
	HPDF_FontDef def;
	HPDF_FontAttr fa;
	HPDF_Font font;
	HPDF_Dict cid, tu;
	HPDF_Array desc;
	HPDF_STATUS ret = HPDF_OK;
	struct buf cmap;
	uint32_t (*e)[2] = NULL;
	size_t i, ne = 0;
	char tag[7];

	if (n == 0 || cps[0] == 0 || cps[n - 1] >= 0xFFFF || k < 0 || k >= 26)
		return NULL;
	/* libharu reads the font's tables through st (pdf_bytes_stream: no
	 * byte-by-byte copies) */
	{
		unsigned char *copy = xmalloc(ttf->len ? ttf->len : 1);
		memcpy(copy, ttf->data, ttf->len);
		st = pdf_bytes_stream(c, copy, ttf->len);
	}
	if (!st)
		return NULL;
	def = HPDF_TTFontDef_Load(mmgr, st, HPDF_TRUE);   /* owns st from here, failed or not */
	if (!def)
		return NULL;
	snprintf(tag, sizeof tag, "HPDFA%c", 'A' + k);
	HPDF_TTFontDef_SetTagName(def, tag);
	if (HPDF_Doc_RegisterFontDef(c->pdf, def) != HPDF_OK)   /* frees def when it fails */
		return NULL;
	/* (glyph, character) by glyph; a character without a glyph (layout
	 * refuses them) keeps code 0, .notdef */
	e = xmalloc(n * sizeof *e);
	for (i = 0; i < n; i++) {
		HPDF_UINT16 g = HPDF_TTFontDef_GetGlyphid(def, (HPDF_UNICODE)cps[i]);
		uint16_t **page = &c->codes[f][cps[i] >> 8];

		if (!*page)
			*page = xcalloc(256, sizeof **page);
		(*page)[cps[i] & 0xFF] = g;
		if (g) {
			e[ne][0] = g;
			e[ne][1] = cps[i];
			ne++;
		}
	}
	qsort(e, ne, sizeof *e, pdf_code_cmp);
	{
		/* two characters drawn by one glyph: its code reads as the first */
		size_t k = 0;
		for (i = 0; i < ne; i++)
			if (k == 0 || e[i][0] != e[k - 1][0]) {
				e[k][0] = e[i][0];
				e[k][1] = e[i][1];
				k++;
			}
		ne = k;
	}
	font = NULL;
	if (ne == 0)
		goto out;

	font = HPDF_Dict_New(mmgr);
	if (!font)
		goto fail;
	fa = HPDF_GetMem(mmgr, sizeof *fa);
	if (!fa) {
		HPDF_Dict_Free(font);
		goto fail;
	}
	memset(fa, 0, sizeof *fa);
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	font->free_fn = pdf_font_attr_free;
	font->attr = fa;
	fa->type = HPDF_FONT_TYPE0_TT;
	fa->writing_mode = HPDF_WMODE_HORIZONTAL;
	fa->fontdef = def;
	fa->xref = c->pdf->xref;
	if (HPDF_Xref_Add(c->pdf->xref, font) != HPDF_OK)   /* frees font when it fails */
		goto fail;
	ret += HPDF_Dict_AddName(font, "Type", "Font");
	ret += HPDF_Dict_AddName(font, "Subtype", "Type0");
	ret += HPDF_Dict_AddName(font, "BaseFont", ((HPDF_TTFontDefAttr)def->attr)->base_font);
	ret += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
	tu = HPDF_DictStream_New(mmgr, c->pdf->xref);
	desc = HPDF_Array_New(mmgr);
	if (ret != HPDF_OK || !tu || !desc || HPDF_Dict_Add(font, "ToUnicode", tu) != HPDF_OK ||
	    HPDF_Dict_Add(font, "DescendantFonts", desc) != HPDF_OK)
		goto fail;
	buf_init(&cmap);
	pdf_tounicode(&cmap, (const uint32_t (*)[2])e, ne);
	ret = pdf_stream_deflated(c, tu, cmap.data, cmap.len) < 0 ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
	buf_free(&cmap);
	if (ret != HPDF_OK)
		goto fail;
	cid = pdf_cidfont_new(c, def, (const uint32_t (*)[2])e, ne);
	if (!cid || HPDF_Array_Add(desc, cid) != HPDF_OK || pdf_font_descriptor(c, def, f, ttf) < 0 ||
	    HPDF_Dict_Add(cid, "FontDescriptor", def->descriptor) != HPDF_OK)
		goto fail;
	fa->descendant_font = cid;
	goto out;
fail:
	font = NULL;
out:
	free(e);
	return font;
}

/* Subsets each face the boxes use to the characters they use, and loads
 * the subsets. Returns 0 or -1 after diag_error or with c->err set. */
static int pdf_fonts(struct pdf_ctx *c, const struct layout_doc *d)
{
	unsigned char *used[FACE_COUNT] = { 0 };
	uint32_t *cps = NULL;
	size_t pi, bi, n;
	int f, ret = -1;

	for (pi = 0; pi < d->npages; pi++) {
		for (bi = 0; bi < d->pages[pi].n; bi++) {
			const struct box *b = &d->pages[pi].boxes[bi];
			const char *s;
			if (b->type != BOX_TEXT || !b->text || (unsigned)b->face >= FACE_COUNT)
				continue;
			if (!used[b->face])
				used[b->face] = xcalloc(0x10000 / 8, 1);
			for (s = b->text; *s;) {
				uint32_t cp;
				s += utf8_decode(s, &cp);
				/* libharu writes 2-byte codes: the BMP only, less
				 * U+FFFF, a non-character that would end the map */
				if (cp > 0 && cp < 0xFFFF)
					used[b->face][cp >> 3] |= (unsigned char)(1u << (cp & 7));
			}
		}
	}
	/* pdf_text draws the words of a line that is not justified as one
	 * string, with a space between them: that space is shown too */
	for (pi = 0; pi < d->npages; pi++) {
		for (bi = 0; bi + 1 < d->pages[pi].n; bi++) {
			const struct box *b = &d->pages[pi].boxes[bi];
			if (b->type == BOX_TEXT && b->text && *b->text && (unsigned)b->face < FACE_COUNT &&
			    !(used[b->face][' ' >> 3] & (1u << (' ' & 7))) && pdf_text_joins(c, b, b + 1))
				used[b->face][' ' >> 3] |= (unsigned char)(1u << (' ' & 7));
		}
	}
	cps = xmalloc(0x10000 * sizeof *cps);
	for (f = 0; f < FACE_COUNT; f++) {
		struct buf ttf;
		uint32_t cp;

		if (!used[f])
			continue;
		n = 0;
		for (cp = 0; cp < 0x10000; cp += 8) {
			unsigned bits = used[f][cp >> 3], k;
			for (k = 0; bits; k++, bits >>= 1)
				if (bits & 1)
					cps[n++] = cp + k;
		}
		if (n == 0)
			continue;
		buf_init(&ttf);
		if (fontset_subset(c->fs, (enum face)f, cps, n, &ttf) < 0) {
			buf_free(&ttf);
			goto out;
		}
		c->fonts[f] = pdf_font_load(c, (enum face)f, &ttf, cps, n, c->nfonts++);
		buf_free(&ttf);
		if (!c->fonts[f]) {
			if (!c->err.no)
				c->err.no = HPDF_GetError(c->pdf) ? HPDF_GetError(c->pdf) : HPDF_INVALID_FONT;
			goto out;
		}
	}
	ret = 0;
out:
	for (f = 0; f < FACE_COUNT; f++)
		free(used[f]);
	free(cps);
	return ret;
}

/* Splits "PL I-2" into the prefix "PL I-" and 2; a label without a final
 * number is all prefix (num 0). */
static void label_split(const char *label, char **prefix, unsigned *num)
{
	size_t n = strlen(label), i = n;

	while (i > 0 && label[i - 1] >= '0' && label[i - 1] <= '9' && n - i < 9)
		i--;
	*num = i < n ? (unsigned)strtoul(label + i, NULL, 10) : 0;
	if (*num == 0)
		i = n;
	{
		char *raw = xstrndup(label, i);
		/* libharu writes the prefix as bytes: keep it ASCII */
		*prefix = utf8_ascii_fold(raw);
		free(raw);
	}
}

/* One label range per run of pages numbered on from the previous one;
 * nothing when no page has a label. */
static void pdf_labels(struct pdf_ctx *c, const struct layout_doc *d)
{
	char *prev = NULL;
	unsigned prev_num = 0;
	size_t i;
	int any = 0;

	for (i = 0; i < d->npages; i++)
		if (d->pages[i].label)
			any = 1;
	if (!any)
		return;
	for (i = 0; i < d->npages; i++) {
		char *prefix;
		unsigned num;

		if (d->pages[i].label) {
			label_split(d->pages[i].label, &prefix, &num);
		} else {
			prefix = xstrdup("");
			num = (unsigned)i + 1;
		}
		if (!num)
			num = 1;   /* PDF labels always number: "Phụ lục" shows as "Phu luc1" */
		if (!prev || strcmp(prev, prefix) != 0 || num != prev_num + 1)
			HPDF_AddPageLabel(c->pdf, (HPDF_UINT)i, HPDF_PAGE_NUM_STYLE_DECIMAL, num,
					  *prefix ? prefix : NULL);
		free(prev);
		prev = prefix;
		prev_num = num;
	}
	free(prev);
}

/* A bookmark title on one line: a heading's line breaks and runs of
 * spaces become one space, and none is left at either end. */
static char *pdf_title_clean(const char *t)
{
	struct buf b;
	int space = 0;

	buf_init(&b);
	for (; t && *t; t++) {
		if ((unsigned char)*t <= ' ') {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_addc(&b, ' ');
		space = 0;
		buf_addc(&b, *t);
	}
	buf_str(&b);
	return buf_take(&b);
}

/* s (UTF-8) as a PDF text string: UTF-16BE after the byte order mark
 * FE FF (PDF 32000-1:2008 7.9.2.2), which libharu writes in hex, as its
 * UTF-8 encoder would have. NULL on failure (libharu's error state). */
static HPDF_Binary pdf_text_string(struct pdf_ctx *c, const char *s)
{
	struct buf b;
	HPDF_Binary bin;

	buf_init(&b);
	buf_add(&b, "\xFE\xFF", 2);
	while (*s) {
		uint32_t cp, v;
		unsigned char u[4];

		s += utf8_decode(s, &cp);
		if (cp < 0x10000) {
			u[0] = (unsigned char)(cp >> 8);
			u[1] = (unsigned char)cp;
			buf_add(&b, u, 2);
			continue;
		}
		v = cp - 0x10000;   /* a surrogate pair */
		u[0] = (unsigned char)((0xD800 + (v >> 10)) >> 8);
		u[1] = (unsigned char)(0xD800 + (v >> 10));
		u[2] = (unsigned char)((0xDC00 + (v & 0x3FF)) >> 8);
		u[3] = (unsigned char)(0xDC00 + (v & 0x3FF));
		buf_add(&b, u, 4);
	}
	bin = HPDF_Binary_New(c->pdf->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_free(&b);
	return bin;
}

/* The document information entry key (type for libharu) set to the text
 * value: libharu makes the Info dictionary and the entry, then the entry
 * gets the text string. */
static void pdf_info(struct pdf_ctx *c, HPDF_InfoType type, const char *key, const char *value)
{
	HPDF_Binary bin;

	if (HPDF_SetInfoAttr(c->pdf, type, "") != HPDF_OK || !c->pdf->info)
		return;
	bin = pdf_text_string(c, value);
	if (bin)
		HPDF_Dict_Add(c->pdf->info, key, bin);
}

static void pdf_outlines(struct pdf_ctx *c, const struct layout_doc *d, HPDF_Page *pages)
{
	HPDF_Outline parents[16];
	size_t i;
	int depth = 0;

	for (i = 0; i < d->noutlines && !c->err.no; i++) {
		const struct outline *o = &d->outlines[i];
		HPDF_Outline ol, parent;
		HPDF_Destination dst;
		char *title;
		int level = o->level < 0 ? 0 : o->level;
		double top;

		if (o->page < 0 || (size_t)o->page >= d->npages || !pages[o->page])
			continue;
		if (level > depth)
			level = depth;          /* no skipped levels */
		if (level > 15)
			level = 15;
		parent = level > 0 ? parents[level - 1] : NULL;
		ol = HPDF_CreateOutline(c->pdf, parent, "", NULL);
		if (!ol)
			break;
		title = pdf_title_clean(o->title);
		{
			HPDF_Binary t = pdf_text_string(c, title);
			if (t)
				HPDF_Dict_Add(ol, "Title", t);
		}
		free(title);
		HPDF_Outline_SetOpened(ol, HPDF_TRUE);
		dst = HPDF_Page_CreateDestination(pages[o->page]);
		if (dst) {
			/* FitH keeps the reader's zoom choice to the width and
			 * shows the heading at the top */
			top = d->pages[o->page].height - o->y + 6;
			if (top > d->pages[o->page].height)
				top = d->pages[o->page].height;
			if (top < 0)
				top = 0;
			HPDF_Destination_SetFitH(dst, (HPDF_REAL)top);
			HPDF_Outline_SetDestination(ol, dst);
		}
		parents[level] = ol;
		depth = level + 1;
	}
}

/* CreationDate and ModDate from SOURCE_DATE_EPOCH only: a date taken from
 * the clock would make every rebuild differ. */
static void pdf_dates(struct pdf_ctx *c, const char *name)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	unsigned long long v;
	time_t t;
	struct tm tm;
	HPDF_Date dt;

	if (!e || !*e)
		return;
	errno = 0;
	v = strtoull(e, &end, 10);
	if (errno || *end || e[0] == '-' || v > 253402300799ULL) {
		diag_warning(pos_file(name), "SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds; the PDF "
			     "gets no date", e);
		return;
	}
	t = (time_t)v;
	if (!gmtime_r(&t, &tm))
		return;
	memset(&dt, 0, sizeof dt);
	dt.year = tm.tm_year + 1900;
	dt.month = tm.tm_mon + 1;
	dt.day = tm.tm_mday;
	dt.hour = tm.tm_hour;
	dt.minutes = tm.tm_min;
	dt.seconds = tm.tm_sec;
	dt.ind = 'Z';
	HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_CREATION_DATE, dt);
	HPDF_SetInfoDateAttr(c->pdf, HPDF_INFO_MOD_DATE, dt);
}

static void *pdf_alloc(HPDF_UINT size)
{
	return xmalloc(size);
}

static void pdf_free(void *p)
{
	free(p);
}

/* libharu's writer for the saved file: appends to the struct buf the
 * stream was made with (HPDF_CallbackWriter_New). */
static HPDF_STATUS pdf_save_write(HPDF_Stream st, const HPDF_BYTE *p, HPDF_UINT n)
{
	buf_add(st->attr, p, n);
	return HPDF_OK;
}

int pdf_render(const struct layout_doc *d, struct fontset *fs, const char *name, struct buf *out)
{
	struct pdf_ctx c;
	HPDF_Page *pages = NULL;
	size_t i, start = out->len;
	int ret = -1;

	memset(&c, 0, sizeof c);
	c.fs = fs;
	/* libharu 2.3.0 corrupts its heap on its own out-of-memory paths:
	 * give it our allocator, which exits with "out of memory" instead. */
	c.pdf = HPDF_NewEx(pdf_error_cb, pdf_alloc, pdf_free, 0, &c.err);
	if (!c.pdf) {
		diag_error(pos_file(name), "cannot start the PDF: out of memory");
		return -1;
	}
	HPDF_SetCompressionMode(c.pdf, HPDF_COMP_ALL);
	if (c.err.no)
		goto fail;
	if (pdf_fonts(&c, d) < 0) {
		if (!c.err.no)
			goto out;   /* fontset_subset has said why */
		goto fail;
	}
	if (d->title)
		pdf_info(&c, HPDF_INFO_TITLE, "Title", d->title);
	if (d->author)
		pdf_info(&c, HPDF_INFO_AUTHOR, "Author", d->author);
	if (d->subject)
		pdf_info(&c, HPDF_INFO_SUBJECT, "Subject", d->subject);
	if (d->keywords)
		pdf_info(&c, HPDF_INFO_KEYWORDS, "Keywords", d->keywords);
	HPDF_SetInfoAttr(c.pdf, HPDF_INFO_CREATOR, "phat");
	pdf_dates(&c, name);
	pages = xcalloc(d->npages ? d->npages : 1, sizeof *pages);
	for (i = 0; i < d->npages && !c.err.no; i++) {
		pdf_page(&c, &d->pages[i]);
		pages[i] = c.page;
	}
	if (c.err.no)
		goto fail;
	pdf_labels(&c, d);
	if (d->noutlines) {
		pdf_outlines(&c, d, pages);
		HPDF_SetPageMode(c.pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	}
	if (c.err.no)
		goto fail;
	/* the file written straight into out (pdf_save_write) rather than
	 * into libharu's memory stream, copied there byte by byte and read
	 * back: HPDF_SaveToStream saves into the document's stream when it has
	 * one, and frees it with the document */
	c.pdf->stream = HPDF_CallbackWriter_New(c.pdf->mmgr, pdf_save_write, out);
	if (!c.pdf->stream || pdf_streams_deflate(&c) < 0 || HPDF_SaveToStream(c.pdf) != HPDF_OK || c.err.no)
		goto fail;
	ret = 0;
	goto out;
fail:
	out->len = start;   /* nothing of a file that failed */
	diag_error(pos_file(name), "cannot make the PDF: %s (libharu error 0x%04X, detail %u)",
		   pdf_error_words(c.err.no), (unsigned)c.err.no, (unsigned)c.err.detail);
out:
	HPDF_Free(c.pdf);
	buf_free(&c.ops);
	for (i = 0; i < FACE_COUNT * 256; i++)
		free(c.codes[i / 256][i % 256]);
	free(c.imgs);
	free(pages);
	return ret;
}

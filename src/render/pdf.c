/* The PDF back end, the only file that includes hpdf.h (libharu 2.3.0).
 * It draws the boxes layout placed, turning the top-left origin into PDF's
 * bottom-left one; it makes no layout decision of its own.
 *
 * libharu facts this file works around (see the project's libharu notes):
 * errors are sticky, so one handler keeps the first; UTF-8 needs
 * HPDF_UseUTFEncodings and the UTF-8 encoder set before metadata and
 * bookmarks; fonts are embedded whole unless we hand libharu a subset, and
 * it re-reads the font file when saving; 16-bit and alpha PNGs come in
 * decoded by src/image. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <hpdf.h>
#include "pdf.h"
#include "../image/image.h"
#include "../qr/qr.h"
#include "../util/diag.h"
#include "../util/utf8.h"

/* The first libharu error: later ones are consequences of it. */
struct pdf_err {
	HPDF_STATUS no, detail;
};

struct pdf_img {
	const struct image *src;
	HPDF_Image img;
};

struct pdf_ctx {
	HPDF_Doc pdf;
	struct pdf_err err;
	struct fontset *fs;
	HPDF_Font fonts[FACE_COUNT];
	char *tmp[FACE_COUNT];          /* subset files, unlinked after saving */
	struct pdf_img *imgs;
	size_t nimgs;
	/* drawing state on the current page, to skip repeated operators */
	HPDF_Page page;
	double height;
	int in_text, clipping;
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
	case HPDF_FILE_IO_ERROR:
	case HPDF_FILE_OPEN_ERROR:
		return "a temporary font file could not be read back (is the temporary folder full?)";
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

static void pdf_fill(struct pdf_ctx *c, unsigned rgb)
{
	if (c->cur_fill == (long)rgb)
		return;
	HPDF_Page_SetRGBFill(c->page, (rgb >> 16 & 0xFF) / 255.0f, (rgb >> 8 & 0xFF) / 255.0f,
			     (rgb & 0xFF) / 255.0f);
	c->cur_fill = (long)rgb;
}

/* Text positions on a 1/8 pt grid (0.02 mm, far below what print or eye
 * can tell). libharu writes every number with five decimals, and the
 * relative moves between words of a justified line are float differences:
 * on the grid they are exact and short, which makes a dispatch's content
 * streams about a quarter smaller. */
static HPDF_REAL pdf_grid(double v)
{
	return (HPDF_REAL)(floor(v * 8 + 0.5) / 8);
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
	struct buf s;
	size_t k = 1;

	if (!b->text || !*b->text || (unsigned)b->face >= FACE_COUNT || !c->fonts[b->face] || b->size <= 0)
		return 1;
	if (!c->in_text) {
		HPDF_Page_BeginText(c->page);
		c->in_text = 1;
	}
	if (c->cur_face != (int)b->face || c->cur_size != b->size) {
		HPDF_Page_SetFontAndSize(c->page, c->fonts[b->face], (HPDF_REAL)b->size);
		c->cur_face = (int)b->face;
		c->cur_size = b->size;
	}
	pdf_fill(c, b->rgb);
	buf_init(&s);
	buf_adds(&s, b->text);
	while (k < left && pdf_text_joins(c, &b[k - 1], &b[k])) {
		buf_addc(&s, ' ');
		buf_adds(&s, b[k].text);
		k++;
	}
	HPDF_Page_TextOut(c->page, pdf_grid(b->x), pdf_grid(c->height - b->y), buf_str(&s));
	buf_free(&s);
	return k;
}

static void pdf_rule(struct pdf_ctx *c, const struct box *b)
{
	unsigned rgb = b->rgb;
	double y = c->height - b->y;

	if (b->w <= 0 || b->h <= 0)
		return;
	HPDF_Page_SetRGBStroke(c->page, (rgb >> 16 & 0xFF) / 255.0f, (rgb >> 8 & 0xFF) / 255.0f,
			       (rgb & 0xFF) / 255.0f);
	HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)b->h);
	HPDF_Page_MoveTo(c->page, (HPDF_REAL)b->x, (HPDF_REAL)y);
	HPDF_Page_LineTo(c->page, (HPDF_REAL)(b->x + b->w), (HPDF_REAL)y);
	HPDF_Page_Stroke(c->page);
}

static void pdf_rect(struct pdf_ctx *c, const struct box *b)
{
	if (b->w <= 0 || b->h <= 0)
		return;
	pdf_fill(c, b->rgb);
	HPDF_Page_Rectangle(c->page, (HPDF_REAL)b->x, (HPDF_REAL)(c->height - b->y - b->h),
			    (HPDF_REAL)b->w, (HPDF_REAL)b->h);
	HPDF_Page_Fill(c->page);
}

/* Each picture is embedded once however often it is drawn. */
static HPDF_Image pdf_image_get(struct pdf_ctx *c, const struct image *im)
{
	HPDF_Image img = NULL;
	size_t i;

	for (i = 0; i < c->nimgs; i++)
		if (c->imgs[i].src == im)
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

/* Dark modules as filled rectangles, one per horizontal run, in a single
 * path: no stroke, so the modules keep their exact size. One path matters:
 * rows filled one by one leave light anti-aliasing seams between them in
 * every rasteriser (poppler, mupdf, phone previews), and at 150 dpi zbar
 * then fails to read the code. The square w includes the 4-module quiet
 * zone on each side, left white. */
static void pdf_qr(struct pdf_ctx *c, const struct box *b)
{
	const struct qr *q = b->qr;
	double m, ox, oy;
	int r, col, n, runs = 0;

	if (!q || q->width <= 0 || b->w <= 0)
		return;
	n = q->width;
	m = b->w / (n + 8);
	ox = b->x + 4 * m;
	oy = b->y + 4 * m;
	pdf_fill(c, b->rgb);
	for (r = 0; r < n; r++) {
		col = 0;
		while (col < n) {
			int start;
			if (!q->dark[r * n + col]) {
				col++;
				continue;
			}
			start = col;
			while (col < n && q->dark[r * n + col])
				col++;
			HPDF_Page_Rectangle(c->page, (HPDF_REAL)(ox + start * m),
					    (HPDF_REAL)(c->height - oy - (r + 1) * m),
					    (HPDF_REAL)((col - start) * m), (HPDF_REAL)m);
			runs++;
		}
	}
	if (runs)
		HPDF_Page_Fill(c->page);
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
		}
	}
	pdf_text_end(c);
	if (c->clipping)
		HPDF_Page_GRestore(c->page);
	c->clipping = 0;
}

/* Subsets each face the boxes use to the characters they use, and loads
 * the subsets. Returns 0 or -1 after diag_error. */
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
				/* libharu writes 2-byte codes: the BMP only */
				if (cp < 0x10000)
					used[b->face][cp >> 3] |= (unsigned char)(1u << (cp & 7));
			}
		}
	}
	cps = xmalloc(0x10000 * sizeof *cps);
	for (f = 0; f < FACE_COUNT; f++) {
		const char *name;
		uint32_t cp;

		if (!used[f])
			continue;
		n = 0;
		for (cp = 0; cp < 0x10000; cp++)
			if (used[f][cp >> 3] & (1u << (cp & 7)))
				cps[n++] = cp;
		c->tmp[f] = fontset_subset(c->fs, (enum face)f, cps, n);
		if (!c->tmp[f])
			goto out;
		name = HPDF_LoadTTFontFromFile(c->pdf, c->tmp[f], HPDF_TRUE);
		if (name)
			c->fonts[f] = HPDF_GetFont(c->pdf, name, "UTF-8");
		if (!c->fonts[f]) {
			if (!c->err.no)
				c->err.no = HPDF_INVALID_FONT;
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

static void pdf_outlines(struct pdf_ctx *c, const struct layout_doc *d, HPDF_Page *pages)
{
	HPDF_Encoder enc = HPDF_GetEncoder(c->pdf, "UTF-8");
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
		title = pdf_title_clean(o->title);
		ol = HPDF_CreateOutline(c->pdf, parent, title, enc);
		free(title);
		if (!ol)
			break;
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

int pdf_render(const struct layout_doc *d, struct fontset *fs, const char *name, struct buf *out)
{
	struct pdf_ctx c;
	HPDF_Page *pages = NULL;
	size_t i;
	int ret = -1, f;

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
	HPDF_UseUTFEncodings(c.pdf);
	/* before any string with non-ASCII text: metadata and bookmarks are
	 * converted from UTF-8 only through the current encoder */
	HPDF_SetCurrentEncoder(c.pdf, "UTF-8");
	if (c.err.no)
		goto fail;
	if (pdf_fonts(&c, d) < 0) {
		if (!c.err.no)
			goto out;   /* fontset_subset has said why */
		goto fail;
	}
	if (d->title)
		HPDF_SetInfoAttr(c.pdf, HPDF_INFO_TITLE, d->title);
	if (d->author)
		HPDF_SetInfoAttr(c.pdf, HPDF_INFO_AUTHOR, d->author);
	if (d->subject)
		HPDF_SetInfoAttr(c.pdf, HPDF_INFO_SUBJECT, d->subject);
	if (d->keywords)
		HPDF_SetInfoAttr(c.pdf, HPDF_INFO_KEYWORDS, d->keywords);
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
	if (HPDF_SaveToStream(c.pdf) != HPDF_OK || c.err.no)
		goto fail;
	{
		HPDF_UINT32 total = HPDF_GetStreamSize(c.pdf), got = 0;
		unsigned char chunk[65536];

		HPDF_ResetStream(c.pdf);
		while (got < total) {
			HPDF_UINT32 n = sizeof chunk;
			HPDF_STATUS st = HPDF_ReadFromStream(c.pdf, chunk, &n);
			if (n == 0)
				break;
			buf_add(out, chunk, n);
			got += n;
			if (st != HPDF_OK)
				break;
		}
		if (got != total) {
			diag_error(pos_file(name), "cannot write the PDF: it came out %lu bytes short",
				   (unsigned long)(total - got));
			goto out;
		}
	}
	ret = 0;
	goto out;
fail:
	diag_error(pos_file(name), "cannot make the PDF: %s (libharu error 0x%04X, detail %u)",
		   pdf_error_words(c.err.no), (unsigned)c.err.no, (unsigned)c.err.detail);
out:
	/* libharu reads the font files while saving: remove them only now */
	HPDF_Free(c.pdf);
	for (f = 0; f < FACE_COUNT; f++) {
		if (c.tmp[f]) {
			unlink(c.tmp[f]);
			free(c.tmp[f]);
		}
	}
	free(c.imgs);
	free(pages);
	return ret;
}

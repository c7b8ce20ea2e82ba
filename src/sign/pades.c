/* One visible signature as an incremental update (pades.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pades.h"
#include "cms.h"
#include "../util/flate.h"
#include "incr.h"
#include "../util/diag.h"
#include "../util/utf8.h"

#define BR_WIDTH 32               /* "a b c" of the ByteRange, space-padded */
#define PICTURE_DPI 300           /* pictures larger than this are scaled down */

void pades_date(time_t when, char out[PADES_DATE_MAX])
{
	time_t vn = when + 7 * 3600;   /* Vietnam has no daylight saving */
	struct tm tm;

	gmtime_r(&vn, &tm);
	snprintf(out, PADES_DATE_MAX, "D:%04d%02d%02d%02d%02d%02d+07'00'", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void pades_iso_date(time_t when, char out[PADES_DATE_MAX])
{
	time_t vn = when + 7 * 3600;
	struct tm tm;

	gmtime_r(&vn, &tm);
	snprintf(out, PADES_DATE_MAX, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The picture at no more than PICTURE_DPI for its size on the page (a
 * phone photo of a signature is often 4000 pixels wide): each output pixel
 * is the mean of the block it covers, colour weighted by alpha so the
 * transparent background does not darken the edges. */
struct pixels {
	int w, h, ch;
	unsigned char *rgb, *alpha;
};

static void picture_fit(const struct image *img, double w_pt, double h_pt, struct pixels *out)
{
	int tw = (int)(w_pt / 72.0 * PICTURE_DPI + 0.5), th = (int)(h_pt / 72.0 * PICTURE_DPI + 0.5);
	int x, y, c, ch = img->channels;

	if (tw < 1)
		tw = 1;
	if (th < 1)
		th = 1;
	out->ch = ch;
	if (tw >= img->width || th >= img->height) {
		size_t n = (size_t)img->width * img->height;
		out->w = img->width;
		out->h = img->height;
		out->rgb = xmalloc(n * ch);
		memcpy(out->rgb, img->pixels, n * ch);
		out->alpha = xmalloc(n);
		memcpy(out->alpha, img->alpha, n);
		return;
	}
	out->w = tw;
	out->h = th;
	out->rgb = xmalloc((size_t)tw * th * ch);
	out->alpha = xmalloc((size_t)tw * th);
	for (y = 0; y < th; y++) {
		int y0 = (int)((long long)y * img->height / th), y1 = (int)((long long)(y + 1) * img->height / th);
		for (x = 0; x < tw; x++) {
			int x0 = (int)((long long)x * img->width / tw), x1 = (int)((long long)(x + 1) * img->width / tw);
			double sa = 0, sc[3] = { 0, 0, 0 };
			int cnt = 0, yy, xx;
			for (yy = y0; yy < y1; yy++)
				for (xx = x0; xx < x1; xx++) {
					size_t k = (size_t)yy * img->width + xx;
					double a = img->alpha[k];
					sa += a;
					for (c = 0; c < ch; c++)
						sc[c] += a * img->pixels[k * ch + c];
					cnt++;
				}
			out->alpha[(size_t)y * tw + x] = (unsigned char)(sa / (cnt ? cnt : 1) + 0.5);
			for (c = 0; c < ch; c++)
				out->rgb[((size_t)y * tw + x) * ch + c] = (unsigned char)(sa > 0 ? sc[c] / sa + 0.5 : 255);
		}
	}
}

/* The image, its soft mask and the appearance form drawing it in w × h:
 * returns the form's object number. */
static long write_appearance(struct incr *u, const struct image *img, double w, double h)
{
	struct pixels px;
	struct buf z, d;
	struct flate *fz;
	long s = incr_new(u), i = incr_new(u), a = incr_new(u);

	picture_fit(img, w, h, &px);
	buf_init(&z);
	buf_init(&d);
	fz = flate_new(9);   /* small pictures, written once: the smallest */
	flate_deflate(fz, px.alpha, (size_t)px.w * px.h, &z);
	buf_printf(&d, " /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
		   "/BitsPerComponent 8 /Filter /FlateDecode", px.w, px.h);
	incr_stream(u, s, d.data, z.data, z.len);
	z.len = d.len = 0;
	flate_deflate(fz, px.rgb, (size_t)px.w * px.h * px.ch, &z);
	flate_free(fz);
	buf_printf(&d, " /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /%s "
		   "/BitsPerComponent 8 /Filter /FlateDecode /SMask %ld 0 R", px.w, px.h,
		   px.ch == 1 ? "DeviceGray" : "DeviceRGB", s);
	incr_stream(u, i, d.data, z.data, z.len);
	z.len = d.len = 0;
	buf_adds(&z, "q ");
	pdfw_num(&z, w);
	buf_adds(&z, " 0 0 ");
	pdfw_num(&z, h);
	buf_adds(&z, " 0 0 cm /Im0 Do Q");
	buf_adds(&d, " /Type /XObject /Subtype /Form /BBox [0 0 ");
	pdfw_num(&d, w);
	buf_addc(&d, ' ');
	pdfw_num(&d, h);
	buf_printf(&d, "] /Resources << /XObject << /Im0 %ld 0 R >> >>", i);
	incr_stream(u, a, d.data, z.data, z.len);
	buf_free(&z);
	buf_free(&d);
	free(px.rgb);
	free(px.alpha);
	return a;
}

/* ---- text appearances ---- */

/* The distinct code points of the lines, ascending. Caller frees. */
static uint32_t *text_cps(const struct pades_look *look, size_t *n)
{
	uint32_t *v = NULL;
	size_t cap = 0, i, k;
	int l;

	*n = 0;
	for (l = 0; l < 2; l++) {
		const char *s = look->lines[l];
		while (s && *s) {
			uint32_t cp;
			s += utf8_decode(s, &cp);
			for (i = 0; i < *n && v[i] < cp; i++)
				;
			if (i < *n && v[i] == cp)
				continue;
			if (*n == cap) {
				cap = cap ? cap * 2 : 32;
				v = xrealloc(v, cap * sizeof *v);
			}
			for (k = *n; k > i; k--)
				v[k] = v[k - 1];
			v[i] = cp;
			(*n)++;
		}
	}
	return v;
}

static double text_width(const struct pades_look *look, const char *s)
{
	return s ? measure_text(fontset_measure(look->fs), FACE_SERIF, PADES_TEXT_SIZE, s) : 0;
}

void pades_text_size(const struct pades_look *look, double *w, double *h)
{
	const struct measure *m = fontset_measure(look->fs);
	double a = m->ascent(m->ctx, FACE_SERIF) * PADES_TEXT_SIZE, d = m->descent(m->ctx, FACE_SERIF) * PADES_TEXT_SIZE;
	int l, n = 0;

	*w = 0;
	for (l = 0; l < 2; l++)
		if (look->lines[l]) {
			double x = text_width(look, look->lines[l]);
			if (x > *w)
				*w = x;
			n++;
		}
	*h = a - d + (n > 1 ? (n - 1) * PADES_TEXT_LEADING : 0);
}

/* The embedded font of a text appearance (ISO 32000-1 §9.7: a Type 0 font
 * with Identity-H, its CIDFontType2 with CIDToGIDMap /Identity over a
 * TrueType subset, widths, and a ToUnicode map so the text extracts): the
 * Type 0 font's object number, or -1 after diag_error. gids[i] is the
 * glyph of cps[i]. */
static long write_font(struct incr *u, const struct pades_look *look, const uint32_t *cps, size_t n,
		       uint16_t *gids, const char *name)
{
	struct fontset *fs = look->fs;
	const struct measure *m = fontset_measure(fs);
	struct buf ttf, z, d;
	struct flate *fz;
	double *adv = xcalloc(n ? n : 1, sizeof *adv), bbox[4], cap, xh;
	long file = incr_new(u), desc = incr_new(u), cid = incr_new(u), tu = incr_new(u), t0 = incr_new(u);
	char tag[8];
	unsigned hash = 5381;
	size_t i;
	long ret = -1;

	buf_init(&ttf);
	buf_init(&z);
	buf_init(&d);
	if (fontset_subset(fs, FACE_SERIF, cps, n, &ttf) != 0)
		goto out;
	if (fontset_subset_glyphs(&ttf, cps, n, gids, adv) != 0) {
		diag_error(pos_file(name), "cannot read back the font subset for the signature's text");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (!gids[i]) {
			diag_error(pos_file(name), "the font %s has no letter U+%04X for the signature's text",
				   fontset_family(fs, FACE_SERIF), (unsigned)cps[i]);
			goto out;
		}
		hash = hash * 33 + cps[i];
	}
	/* a subset's name starts with six capitals (§9.6.4), here from its letters */
	for (i = 0; i < 6; i++, hash /= 26)
		tag[i] = (char)('A' + hash % 26);
	tag[6] = '\0';
	fz = flate_new(9);
	flate_deflate(fz, ttf.data, ttf.len, &z);
	flate_free(fz);
	buf_printf(&d, " /Length1 %zu /Filter /FlateDecode", ttf.len);
	incr_stream(u, file, d.data, z.data, z.len);
	fontset_bbox(fs, FACE_SERIF, bbox);
	fontset_heights(fs, FACE_SERIF, &cap, &xh);
	incr_obj_begin(u, desc);
	buf_printf(&u->out, "<< /Type /FontDescriptor /FontName /%s+%s /Flags 34 /FontBBox [%ld %ld %ld %ld] "
		   "/ItalicAngle 0 /Ascent %ld /Descent %ld /CapHeight %ld /StemV 80 /FontFile2 %ld 0 R >>", tag,
		   fontset_family(fs, FACE_SERIF), lround(bbox[0] * 1000), lround(bbox[1] * 1000),
		   lround(bbox[2] * 1000), lround(bbox[3] * 1000), lround(m->ascent(m->ctx, FACE_SERIF) * 1000),
		   lround(m->descent(m->ctx, FACE_SERIF) * 1000), lround(cap * 1000), file);
	incr_obj_end(u);
	incr_obj_begin(u, cid);
	buf_printf(&u->out, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s+%s /CIDSystemInfo << /Registry "
		   "(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %ld 0 R /CIDToGIDMap /Identity "
		   "/W [", tag, fontset_family(fs, FACE_SERIF), desc);
	for (i = 0; i < n; i++)
		buf_printf(&u->out, "%s%u [%ld]", i ? " " : "", gids[i], lround(adv[i] * 1000));
	buf_adds(&u->out, "] >>");
	incr_obj_end(u);
	/* ToUnicode (§9.10.3): each glyph id to its character, UTF-16BE */
	z.len = d.len = 0;
	buf_adds(&z, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry "
		 "(Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (i = 0; i < n; i += 100) {
		size_t k, e = n - i < 100 ? n : i + 100;
		buf_printf(&z, "%zu beginbfchar\n", e - i);
		for (k = i; k < e; k++) {
			uint32_t cp = cps[k];
			if (cp >= 0x10000)
				buf_printf(&z, "<%04X> <%04X%04X>\n", gids[k], 0xD800 + ((cp - 0x10000) >> 10),
					   0xDC00 + ((cp - 0x10000) & 0x3FF));
			else
				buf_printf(&z, "<%04X> <%04X>\n", gids[k], cp);
		}
		buf_adds(&z, "endbfchar\n");
	}
	buf_adds(&z, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	incr_stream(u, tu, "", z.data, z.len);
	incr_obj_begin(u, t0);
	buf_printf(&u->out, "<< /Type /Font /Subtype /Type0 /BaseFont /%s+%s /Encoding /Identity-H /DescendantFonts "
		   "[%ld 0 R] /ToUnicode %ld 0 R >>", tag, fontset_family(fs, FACE_SERIF), cid, tu);
	incr_obj_end(u);
	ret = t0;
out:
	free(adv);
	buf_free(&ttf);
	buf_free(&z);
	buf_free(&d);
	return ret;
}

/* The text lines, right-aligned in w × h, black: the form's object number,
 * or -1 after diag_error. */
static long write_text_appearance(struct incr *u, const struct pades_look *look, double w, double h,
				  const char *name)
{
	const struct measure *m = fontset_measure(look->fs);
	size_t n = 0, i;
	uint32_t *cps = text_cps(look, &n);
	uint16_t *gids = xcalloc(n ? n : 1, sizeof *gids);
	long font = write_font(u, look, cps, n, gids, name), a = -1;
	double base = h - m->ascent(m->ctx, FACE_SERIF) * PADES_TEXT_SIZE;
	struct buf c, d;
	int l;

	buf_init(&c);
	buf_init(&d);
	if (font < 0)
		goto out;
	buf_printf(&c, "BT /F1 %g Tf 0 g", PADES_TEXT_SIZE);
	for (l = 0; l < 2; l++) {
		const char *s = look->lines[l];
		if (!s)
			continue;
		buf_adds(&c, " 1 0 0 1 ");
		pdfw_num(&c, w - text_width(look, s));
		buf_addc(&c, ' ');
		pdfw_num(&c, base);
		buf_adds(&c, " Tm <");
		while (*s) {
			uint32_t cp;
			s += utf8_decode(s, &cp);
			for (i = 0; i < n && cps[i] != cp; i++)
				;
			buf_printf(&c, "%04X", i < n ? gids[i] : 0);
		}
		buf_adds(&c, "> Tj");
		base -= PADES_TEXT_LEADING;
	}
	buf_adds(&c, " ET");
	a = incr_new(u);
	buf_adds(&d, " /Type /XObject /Subtype /Form /BBox [0 0 ");
	pdfw_num(&d, w);
	buf_addc(&d, ' ');
	pdfw_num(&d, h);
	buf_printf(&d, "] /Resources << /Font << /F1 %ld 0 R >> >>", font);
	incr_stream(u, a, d.data, c.data, c.len);
out:
	buf_free(&c);
	buf_free(&d);
	free(cps);
	free(gids);
	return a;
}

/* ---- the form ---- */

/* The AcroForm once the document holds a signature (ISO 32000-1 §12.7.2):
 * /SigFlags 3 (SignaturesExist, AppendOnly), and new_field (when not 0)
 * in /Fields; made when the document has none, with the catalog's
 * /Version raised to 1.7 (signature fields, soft masks). */
static void form_update(struct incr *u, long new_field)
{
	static const char *const drop[] = { "SigFlags", "Fields", NULL };
	static const char *const drop_cat[] = { "AcroForm", "Version", NULL };
	const struct tail_val *cat = tail_object(u->t, u->t->root);
	const struct tail_val *ref = tail_dict(cat, "AcroForm"), *form = tail_get(u->t, ref);
	const struct tail_val *fields = tail_key(u->t, form, "Fields");
	size_t i;

	if (form && form->type != TV_DICT)
		form = NULL;
	if (form && tail_num(u->t, form, "SigFlags", 0) == 3 && !new_field)
		return;
	if (form && ref->type == TV_REF)
		incr_obj_begin(u, ref->ref);
	if (!form || ref->type != TV_REF) {
		incr_obj_begin(u, u->t->root);
		pdfw_dict_open(&u->out, cat, drop_cat);
		buf_adds(&u->out, "/Version /1.7 /AcroForm ");
	}
	pdfw_dict_open(&u->out, form, drop);
	buf_adds(&u->out, "/Fields [");
	for (i = 0; fields && fields->type == TV_ARRAY && i < fields->n; i++) {
		pdfw_value(&u->out, &fields->v[i]);
		buf_addc(&u->out, ' ');
	}
	if (new_field)
		buf_printf(&u->out, "%ld 0 R", new_field);
	buf_adds(&u->out, "] /SigFlags 3 >>");
	if (!form || ref->type != TV_REF)
		buf_adds(&u->out, " >>");
	incr_obj_end(u);
}

int pades_prepare(struct tail *t, const struct tail_field *f, const char *new_name, long new_page,
		  const struct pades_look *look, const double rect[4], time_t when, size_t room, const char *name,
		  struct pades_prep *out)
{
	static const char *const field_drop[] = { "V", "Rect", "AP", "F", NULL };
	const struct tail_val *field = f ? tail_object(t, f->obj) : NULL;
	struct incr u;
	double w = rect[2] - rect[0], h = rect[3] - rect[1];
	long ap, v, obj, page;
	size_t br, i;
	char date[PADES_DATE_MAX];

	memset(out, 0, sizeof *out);
	if (f && (!field || field->type != TV_DICT)) {
		diag_error(pos_file(name), "the signature field \"%s\" cannot be read", f->name);
		return -1;
	}
	incr_begin(&u, t);
	ap = look->img ? write_appearance(&u, look->img, w, h) : write_text_appearance(&u, look, w, h, name);
	if (ap < 0) {
		incr_fini(&u);
		return -1;
	}
	/* the signature dictionary: /Contents last, reserved as zeros */
	v = incr_new(&u);
	pades_date(when, date);
	incr_obj_begin(&u, v);
	buf_printf(&u.out, "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (%s) "
		   "/ByteRange [0 ", date);
	br = u.out.len;
	buf_printf(&u.out, "%-*s] /Contents ", BR_WIDTH, "0 0 0");
	out->gap_start = u.out.len;
	buf_addc(&u.out, '<');
	for (i = 0; i < room * 2; i++)
		buf_addc(&u.out, '0');
	buf_addc(&u.out, '>');
	out->gap_end = u.out.len;
	buf_adds(&u.out, " >>");
	incr_obj_end(&u);
	/* the field and its widget (one object): value, place, look, and
	 * flags Print + Locked (132) */
	obj = f ? f->obj : incr_new(&u);
	page = f ? f->page : new_page;
	incr_obj_begin(&u, obj);
	if (f) {
		pdfw_dict_open(&u.out, field, field_drop);
	} else {
		buf_adds(&u.out, "<< /Type /Annot /Subtype /Widget /FT /Sig /T ");
		pdfw_text(&u.out, new_name);
		buf_printf(&u.out, " /P %ld 0 R ", page);
	}
	buf_printf(&u.out, "/V %ld 0 R /F 132 /Rect [", v);
	for (i = 0; i < 4; i++) {
		if (i)
			buf_addc(&u.out, ' ');
		pdfw_num(&u.out, rect[i]);
	}
	buf_printf(&u.out, "] /AP << /N %ld 0 R >> >>", ap);
	incr_obj_end(&u);
	/* files from elsewhere may not list the widget on its page yet */
	if (page && !incr_array_has(tail_key(t, tail_object(t, page), "Annots"), obj))
		incr_append_refs(&u, page, "Annots", &obj, 1);
	form_update(&u, f ? 0 : obj);
	incr_finish(&u);
	{
		char tmp[BR_WIDTH + 1];
		size_t c = u.out.len - out->gap_end;
		snprintf(tmp, sizeof tmp, "%zu %zu %zu", out->gap_start, out->gap_end, c);
		memset(u.out.data + br, ' ', BR_WIDTH);
		memcpy(u.out.data + br, tmp, strlen(tmp));
	}
	out->pdf = u.out;
	u.out.data = NULL;
	u.out.len = u.out.cap = 0;
	incr_fini(&u);
	cms_sha256((const unsigned char *)out->pdf.data, out->gap_start,
		   (const unsigned char *)out->pdf.data + out->gap_end, out->pdf.len - out->gap_end, out->digest);
	return 0;
}

int pades_fill(struct pades_prep *p, const unsigned char *cms, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	if (2 * n > p->gap_end - p->gap_start - 2)
		return -1;
	for (i = 0; i < n; i++) {
		p->pdf.data[p->gap_start + 1 + 2 * i] = hex[cms[i] >> 4];
		p->pdf.data[p->gap_start + 2 + 2 * i] = hex[cms[i] & 15];
	}
	return 0;
}

int pades_reopen(struct pades_prep *p)
{
	size_t i;

	if (p->gap_end <= p->gap_start + 2 || p->gap_end > p->pdf.len || p->pdf.data[p->gap_start] != '<' ||
	    p->pdf.data[p->gap_end - 1] != '>')
		return -1;
	for (i = p->gap_start + 1; i < p->gap_end - 1; i++)
		if (p->pdf.data[i] != '0')
			return -1;
	cms_sha256((const unsigned char *)p->pdf.data, p->gap_start, (const unsigned char *)p->pdf.data + p->gap_end,
		   p->pdf.len - p->gap_end, p->digest);
	return 0;
}

void pades_prep_fini(struct pades_prep *p)
{
	buf_free(&p->pdf);
	memset(p, 0, sizeof *p);
}

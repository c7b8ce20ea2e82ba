/* One visible signature as an incremental update (pades.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pades.h"
#include "cms.h"
#include "flate.h"
#include "incr.h"
#include "../util/diag.h"

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
	long s = incr_new(u), i = incr_new(u), a = incr_new(u);

	picture_fit(img, w, h, &px);
	buf_init(&z);
	buf_init(&d);
	flate_deflate(px.alpha, (size_t)px.w * px.h, &z);
	buf_printf(&d, " /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
		   "/BitsPerComponent 8 /Filter /FlateDecode", px.w, px.h);
	incr_stream(u, s, d.data, z.data, z.len);
	z.len = d.len = 0;
	flate_deflate(px.rgb, (size_t)px.w * px.h * px.ch, &z);
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

/* /SigFlags 3 (SignaturesExist, AppendOnly: ISO 32000-1 §12.7.2) on the
 * AcroForm once the document holds a signature. */
static void form_flags(struct incr *u)
{
	static const char *const drop[] = { "SigFlags", NULL };
	static const char *const drop_form[] = { "AcroForm", NULL };
	const struct tail_val *cat = tail_object(u->t, u->t->root);
	const struct tail_val *ref = tail_dict(cat, "AcroForm"), *form = tail_get(u->t, ref);

	if (!form || form->type != TV_DICT || tail_num(u->t, form, "SigFlags", 0) == 3)
		return;
	if (ref->type == TV_REF) {
		incr_obj_begin(u, ref->ref);
		pdfw_dict_open(&u->out, form, drop);
		buf_adds(&u->out, "/SigFlags 3 >>");
	} else {
		incr_obj_begin(u, u->t->root);
		pdfw_dict_open(&u->out, cat, drop_form);
		buf_adds(&u->out, "/AcroForm ");
		pdfw_dict_open(&u->out, form, drop);
		buf_adds(&u->out, "/SigFlags 3 >> >>");
	}
	incr_obj_end(u);
}

int pades_prepare(struct tail *t, const struct tail_field *f, const struct image *img, const double rect[4],
		  time_t when, size_t room, const char *name, struct pades_prep *out)
{
	static const char *const field_drop[] = { "V", "Rect", "AP", "F", NULL };
	const struct tail_val *field = tail_object(t, f->obj);
	struct incr u;
	double w = rect[2] - rect[0], h = rect[3] - rect[1];
	long ap, v;
	size_t br, i;
	char date[PADES_DATE_MAX];

	memset(out, 0, sizeof *out);
	if (!field || field->type != TV_DICT) {
		diag_error(pos_file(name), "the signature field \"%s\" cannot be read", f->name);
		return -1;
	}
	incr_begin(&u, t);
	ap = write_appearance(&u, img, w, h);
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
	/* the field and its widget (one object): value, place, picture, and
	 * flags Print + Locked (132) */
	incr_obj_begin(&u, f->obj);
	pdfw_dict_open(&u.out, field, field_drop);
	buf_printf(&u.out, "/V %ld 0 R /F 132 /Rect [", v);
	for (i = 0; i < 4; i++) {
		if (i)
			buf_addc(&u.out, ' ');
		pdfw_num(&u.out, rect[i]);
	}
	buf_printf(&u.out, "] /AP << /N %ld 0 R >> >>", ap);
	incr_obj_end(&u);
	/* files from elsewhere may not list the widget on its page yet */
	if (f->page && !incr_array_has(tail_key(t, tail_object(t, f->page), "Annots"), f->obj))
		incr_append_refs(&u, f->page, "Annots", &f->obj, 1);
	form_flags(&u);
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

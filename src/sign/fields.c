/* The empty signature fields written at build time (sign.h), and the
 * guard that keeps phat build from replacing a signed PDF.
 *
 * The layout that placed the closing block knows where the signatures go;
 * the fields carry that place in the PDF itself, so `phat sign` needs only
 * the PDF (and other Vietnamese signing tools can fill the same fields). */
#include <stdlib.h>
#include <string.h>
#include "sign.h"
#include "incr.h"
#include "tail.h"
#include "../util/diag.h"

/* The first BOX_SIGN of ld: its page index and box, or NULL. */
static const struct box *find_slot(const struct layout_doc *ld, size_t *page)
{
	size_t i, j;

	for (i = 0; i < ld->npages; i++)
		for (j = 0; j < ld->pages[i].n; j++)
			if (ld->pages[i].boxes[j].type == BOX_SIGN) {
				*page = i;
				return &ld->pages[i].boxes[j];
			}
	return NULL;
}

/* An empty signature field merged with its widget: NoView (32) until it
 * is signed, so no viewer draws anything there (MuPDF otherwise paints
 * "SIGN" over an unsigned field, whatever its appearance says). */
static void write_widget(struct incr *u, long num, const char *name, long page, const double r[4])
{
	int i;

	incr_obj_begin(u, num);
	buf_printf(&u->out, "<< /Type /Annot /Subtype /Widget /FT /Sig /T (%s) /F 32 /P %ld 0 R /Rect [", name, page);
	for (i = 0; i < 4; i++) {
		if (i)
			buf_addc(&u->out, ' ');
		pdfw_num(&u->out, r[i]);
	}
	buf_adds(&u->out, "] >>");
	incr_obj_end(u);
}

int sign_fields_add(const struct layout_doc *ld, struct buf *pdf, const char *name)
{
	static const char *const cat_drop[] = { "AcroForm", "Version", NULL };
	static const char *const info_drop[] = { "SoKyHieu", "NgayBanHanh", NULL };
	const struct box *slot;
	const struct tail_val *cat, *info;
	struct tail *t = NULL;
	struct incr u;
	const char *why;
	size_t pi;
	long page, w1, w2, form;
	double r[4];
	int ret = -1;

	slot = find_slot(ld, &pi);
	if (!slot)
		return 0;
	t = tail_open((const unsigned char *)pdf->data, pdf->len, &why);
	page = t ? tail_page(t, pi) : 0;
	if (!page) {
		diag_error(pos_file(name), "cannot add the signature fields: %s", t ? "the page is missing" : why);
		tail_free(t);
		return -1;
	}
	/* the layout's top-left origin to PDF's bottom-left (points) */
	r[0] = slot->x;
	r[1] = ld->pages[pi].height - slot->y - slot->h;
	r[2] = slot->x + slot->w;
	r[3] = ld->pages[pi].height - slot->y;
	incr_begin(&u, t);
	w1 = incr_new(&u);
	w2 = incr_new(&u);
	form = incr_new(&u);
	write_widget(&u, w1, SIGN_FIELD_SIGNER, page, r);
	write_widget(&u, w2, SIGN_FIELD_AGENCY, page, r);
	{
		long both[2] = { w1, w2 };
		incr_append_refs(&u, page, "Annots", both, 2);
	}
	/* SignaturesExist only: AppendOnly comes with the first signature */
	incr_obj_begin(&u, form);
	buf_printf(&u.out, "<< /Fields [%ld 0 R %ld 0 R] /SigFlags 1 >>", w1, w2);
	incr_obj_end(&u);
	/* signature fields are PDF 1.7 (with SubFilter ETSI.CAdES.detached),
	 * and the pictures' soft masks need 1.4: libharu's header says 1.3 */
	cat = tail_object(t, t->root);
	incr_obj_begin(&u, t->root);
	pdfw_dict_open(&u.out, cat, cat_drop);
	buf_printf(&u.out, "/AcroForm %ld 0 R /Version /1.7 >>", form);
	incr_obj_end(&u);
	info = t->info ? tail_object(t, t->info) : NULL;
	if (info && ld->doc_number && ld->doc_date) {
		incr_obj_begin(&u, t->info);
		pdfw_dict_open(&u.out, info, info_drop);
		buf_adds(&u.out, "/SoKyHieu ");
		pdfw_text(&u.out, ld->doc_number);
		buf_adds(&u.out, " /NgayBanHanh ");
		pdfw_text(&u.out, ld->doc_date);
		buf_adds(&u.out, " >>");
		incr_obj_end(&u);
	}
	incr_finish(&u);
	buf_free(pdf);
	*pdf = u.out;
	u.out.data = NULL;
	u.out.len = u.out.cap = 0;
	ret = 0;
	incr_fini(&u);
	tail_free(t);
	return ret;
}

int sign_guard(const char *path)
{
	size_t n = 0, nf = 0, i;
	char *p = file_read(path, (size_t)1 << 31, &n);
	struct tail *t;
	struct tail_field *f;
	const char *why;
	int ret = 0;

	if (!p)
		return 0;
	if (!memmem(p, n, "/ByteRange", 10)) {
		free(p);
		return 0;
	}
	t = tail_open((const unsigned char *)p, n, &why);
	f = t ? tail_fields(t, &nf) : NULL;
	for (i = 0; i < nf; i++)
		if (f[i].sig)
			ret = -1;
	if (ret)
		diag_error(pos_file(path), "this PDF is signed (field \"%s\"); phat never replaces a signed file: "
			   "signed files keep their own names (…-da-ky.pdf, …-ban-hanh.pdf); move it away to "
			   "build again", f[0].sig ? f[0].name : f[nf - 1].name);
	tail_fields_free(f, nf);
	tail_free(t);
	free(p);
	return ret;
}

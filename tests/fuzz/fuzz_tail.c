/* The PDF tail reader (src/sign/tail.c) on bytes from anywhere, as `phat
 * verify` reads signed PDFs from the district and the province: the
 * cross-reference sections, objects, pages, signature fields, ByteRanges
 * and their CMS, and an incremental update written over the result. */
#include "fuzz.h"
#include "sign/cms.h"
#include "sign/incr.h"
#include "sign/tail.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	if (cms_init() != 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tail *t;
	struct tail_field *f;
	struct incr u;
	const char *why;
	size_t n = 0, i, no = 0;
	long *objs, page;

	diag_reset();
	t = tail_open(data, size, &why);
	if (!t) {
		if (!why)
			abort();
		return 0;
	}
	f = tail_fields(t, &n);
	for (i = 0; i < n; i++) {
		struct tail_sig s;
		char *txt = tail_text(tail_key(t, f[i].sig, "M"));
		free(txt);
		if (f[i].sig && tail_sig_read(t, f[i].sig, &s, &why) == 0) {
			struct cms_report r;
			if (s.range[2] + s.range[3] > size || s.range[1] > s.range[2])
				abort();
			cms_verify(s.cms, s.cms_len, data, s.range[1], data + s.range[2], s.range[3], NULL, &r);
			cms_report_fini(&r);
			tail_sig_fini(&s);
		}
	}
	for (i = 0; i < 4; i++) {
		page = tail_page(t, i);
		if (page && tail_page_index(t, page) < 0 && i == 0)
			(void)0;   /* a page reached from the root need not lead back */
	}
	objs = tail_newest(t, &no);
	for (i = 0; i < no; i++)
		tail_object(t, objs[i]);
	free(objs);
	/* an update over whatever was read: writing must not crash either */
	incr_begin(&u, t);
	page = tail_page(t, 0);
	if (page) {
		long w = incr_new(&u);
		incr_append_refs(&u, page, "Annots", &w, 1);
	}
	incr_finish(&u);
	incr_fini(&u);
	tail_fields_free(f, n);
	tail_free(t);
	return 0;
}

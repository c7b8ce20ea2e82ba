/* The whole path in memory: a Markdown body (after the UTF-8 check and NFC
 * that read_doc does) under a fixed front matter, laid out by one of the
 * kinds (the first byte chooses) and rendered to PDF bytes. */
#include <stdio.h>
#include "fuzz.h"
#include "font/font.h"
#include "kinds/kind.h"
#include "layout/box.h"
#include "model/doc.h"
#include "read/read.h"
#include "render/pdf.h"
#include "util/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fontset *fonts;
static struct meta *defaults;

/* Front matter of each kind tried, without files to read (appendices)
 * but content/'s statistics: the body is what is fuzzed. */
static const struct {
	const char *kind;
	const char *yaml;
} kinds[] = {
	{ "cong-van", "loai: cong-van\nso: 5\nky_hieu: UBND-VP\nngay: 2025-02-03\n"
		      "trich_yeu: thử\nkinh_gui: Toàn thể cán bộ\nnoi_nhan:\n  - Như trên\n" },
	{ "to-roi", "loai: to-roi\n" },
	{ "to-roi", "loai: to-roi\nkho: a5\ndien_thoai: true\n" },
	{ "ap-phich", "loai: ap-phich\nkho: a4\nghep: a4\n" },
	/* the example months of content/: figures and {{#sections}} */
	{ "to-roi", "loai: to-roi\nso_lieu: so-lieu/2025-02.csv\nso_lieu_truoc: so-lieu/2025-01.csv\n" },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	fonts = fontset_new(NULL);
	defaults = read_yaml_file("content/phat.yaml");
	if (!fonts || !defaults) {
		fprintf(stderr, "fuzz_markdown: run from the repository with fonts/ and content/\n");
		abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outputs outs = { 0 };
	struct kind_env env;
	struct doc *d = NULL;
	char *body = NULL;
	const struct kind *k;
	size_t i, which;
	int line, col;

	if (size < 1)
		return 0;
	which = data[0] % (sizeof kinds / sizeof kinds[0]);
	data++, size--;
	if (utf8_check((const char *)data, size, &line, &col) != 0)
		return 0;
	diag_reset();
	body = utf8_nfc((const char *)data, size);
	d = xcalloc(1, sizeof *d);
	d->path = xstrdup("content/fuzz.md");
	d->dir = xstrdup("content");
	d->root = xstrdup("content");
	d->body_pos = (struct pos){ "content/fuzz.md", 8, 1 };
	d->own = read_frontmatter(kinds[which].yaml, strlen(kinds[which].yaml), "content/fuzz.md", 2);
	d->body = read_markdown(body, strlen(body), "content/fuzz.md", 8);
	if (!d->own || !d->body || diag_error_count())
		goto out;
	d->meta = meta_merge(defaults, d->own);
	k = kind_find(kinds[which].kind);
	memset(&env, 0, sizeof env);
	env.m = fontset_measure(fonts);
	env.defaults = defaults;
	if (k->layout(d, &env, &outs) != 0 || diag_error_count())
		goto out;
	for (i = 0; i < outs.n; i++) {
		struct buf b;

		if (!outs.v[i].ld)
			continue;
		buf_init(&b);
		pdf_render(outs.v[i].ld, fonts, "fuzz.pdf", &b);
		buf_free(&b);
	}
out:
	outputs_free(&outs);
	doc_free(d);
	free(body);
	return 0;
}

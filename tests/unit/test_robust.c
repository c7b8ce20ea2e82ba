/* Regressions found by fuzzing and the sanitizer runs (issue 6): each
 * check here once crashed or read freed memory. */
#include <stdlib.h>
#include "t.h"
#include "layout/layout.h"
#include "util/util.h"

static const struct pos here = { "test.md", 1, 1 };

/* fuzz_markdown: kinds free a para right after breaking it, while its
 * lines still pointed at the para's link address; placing the lines then
 * read freed memory (a dispatch or appendix with a link). */
static void link_outlives_para(void)
{
	const char *url = "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html";
	struct para p;
	struct lines ls = { 0 };
	struct layout_doc *d = layout_doc_new();
	struct page *pg;
	size_t i, links = 0, good = 0;
	char *junk[64];

	para_init(&p, ALIGN_JUSTIFY, 200);
	para_add(&p, FACE_SERIF, 10, "Vào trang ", NULL, here);
	para_add(&p, FACE_SERIF, 10, "Dịch vụ công quốc gia", url, here);
	para_add(&p, FACE_SERIF, 10, " để nộp hồ sơ.", NULL, here);
	layout_break(measure_fixed(), &p, &ls);
	para_free(&p);
	/* Reuse the freed memory, as the rest of a real run would. */
	for (i = 0; i < 64; i++) {
		junk[i] = xmalloc(strlen(url) + 1);
		memset(junk[i], 'x', strlen(url));
		junk[i][strlen(url)] = '\0';
	}
	pg = layout_page_new(d, 300, 300);
	lines_place(pg, &ls, 10, 10);
	for (i = 0; i < pg->n; i++) {
		if (pg->boxes[i].type != BOX_LINK)
			continue;
		links++;
		good += pg->boxes[i].url && strcmp(pg->boxes[i].url, url) == 0;
	}
	CHECK(links >= 1 && good == links, "a link keeps its address after its paragraph is freed (%zu of %zu links)",
	      good, links);
	for (i = 0; i < 64; i++)
		free(junk[i]);
	lines_free(&ls);
	layout_doc_free(d);
}

int main(void)
{
	link_outlives_para();
	return t_done();
}

/* Công văn (official dispatch), Nghị định 30/2020/NĐ-CP Mẫu 1.5: the shared
 * Nghị định 30 parts, "V/v" under the number, "Kính gửi", the body, the
 * closing block and the appendices. */
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../blocks/nd30.h"
#include "../blocks/hamlets.h"
#include "../util/util.h"

static const char *const cv_keys[] = {
	"co_quan_chu_quan", "co_quan", "so", "ky_hieu", "dia_danh", "ngay", "trich_yeu",
	"kinh_gui", "noi_nhan", "nguoi_ky", "phu_luc", KIND_STATS_KEYS, NULL
};

/* One dispatch, with fig's figures (the whole commune, or one hamlet). */
static int cv_one(const struct doc *d0, const struct kind_env *env, const struct figures *fig,
		  const char *suffix, struct outputs *outs, void *ctx)
{
	struct doc dd = *d0, *d = &dd;
	struct nd30 x;
	struct flow f;
	struct body_style st;
	struct body_env be;
	struct page *pg;
	double head_bottom;
	int ret = -1, errs = 0;

	flow_init(&f);
	memset(&x, 0, sizeof x);
	/* figures in the front matter too ("trich_yeu: … tháng {{thang_nam}}") */
	dd.meta = kind_meta_expand(d0->meta, fig, &errs);
	if (errs || nd30_init(&x, d, env->m, "Công văn", "dispatch") != 0)
		goto out;
	x.fig = fig;
	pg = layout_page_new(x.ld, PAGE_W, PAGE_H);
	head_bottom = nd30_header(&x, pg, 1);
	nd30_recipients(&x, &f);
	if (f.n)
		f.v[0].space_before = 0;
	nd30_body_style(&st);
	memset(&be, 0, sizeof be);
	be.fig = fig;
	be.d = d;
	be.m = env->m;
	be.ld = x.ld;
	be.st = &st;
	{
		size_t before = f.n;
		x.errors += body_layout(&f, d->body, &be, NULL);
		if (f.n == before && !x.errors) {
			diag_error(d->body_pos, "the dispatch has no body text");
			x.errors++;
		} else if (f.n > before) {
			f.v[before].space_before = 12;
		}
	}
	if (x.errors || nd30_finish(&x, &f, env, head_bottom, "V/v", suffix, outs) != 0)
		goto out;
	ret = 0;
out:
	flow_free(&f);
	nd30_fini(&x);
	layout_doc_free(x.ld);
	meta_free(dd.meta);
	return ret;
}

static int cv_layout(const struct doc *d, const struct kind_env *env, struct outputs *outs)
{
	return kind_layout_each(d, env, outs, cv_one, NULL);
}

const struct kind kind_cong_van = { "cong-van", cv_keys, cv_layout, 0, "a dispatch" };

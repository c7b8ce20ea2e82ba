/* Báo cáo (report), Nghị định 30/2020: the shared header without V/v, the
 * title "BÁO CÁO" with the trích yếu and its short rule, the Markdown body
 * with {{figures}}, the hamlets' table and bar chart from the month's CSV
 * (where the body says {{bang}} and {{bieu_do}}, else after it), the
 * closing block and the appendices. With "moi_xom: true" one report per
 * hamlet, its {{xom.*}} figures filled in, its table holding its row and
 * the commune's total and its chart the hamlet beside the commune. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../blocks/nd30.h"
#include "../blocks/hamlets.h"
#include "../blocks/table.h"
#include "../blocks/chart.h"
#include "../util/util.h"

static const char *const bc_keys[] = {
	"co_quan_chu_quan", "co_quan", "so", "ky_hieu", "dia_danh", "ngay", "trich_yeu",
	"kinh_gui", "noi_nhan", "nguoi_ky", "phu_luc", KIND_STATS_KEYS, NULL
};

enum place { PLACE_NONE, PLACE_TABLE, PLACE_CHART };

/* A paragraph that is exactly {{bang}} or {{bieu_do}} (spaces inside the
 * braces allowed) marks where the table or the chart goes. */
static enum place placeholder(const struct node *n)
{
	char *t, *o, *i;
	enum place r = PLACE_NONE;

	if (n->type != NODE_PARAGRAPH)
		return PLACE_NONE;
	t = node_squash(n);
	for (i = o = t; *i; i++)
		if (*i != ' ')
			*o++ = *i;
	*o = '\0';
	if (!strcmp(t, "{{bang}}"))
		r = PLACE_TABLE;
	else if (!strcmp(t, "{{bieu_do}}"))
		r = PLACE_CHART;
	free(t);
	return r;
}

/* The table of hamlets at size pt (columns sized to width): -1 from
 * table_fit when it does not fit. only >= 0: that hamlet's row and the
 * totals (a per-hamlet report). Caller frees *out. */
static int bc_table(const struct stats *s, long only, const struct measure *m, double size,
		    double width, struct pos at, struct table **out)
{
	struct table *t = table_new(m, FACE_SERIF, size, at);
	const char *cells[16];
	char buf[16][STATS_FMT_MAX];
	size_t i, k;
	int p;

	table_add_col(t, "STT", ALIGN_CENTER, 0);
	table_add_col(t, "Xóm", ALIGN_LEFT, 0);
	table_add_col(t, "Dân số trưởng thành", ALIGN_RIGHT, 0);
	for (p = 0; p < STATS_NPROV; p++)
		if (s->has_prov[p])
			table_add_col(t, stats_provider_names[p], ALIGN_RIGHT, 0);
	table_add_col(t, "Tổng số CKS", ALIGN_RIGHT, 0);
	table_add_col(t, "Tỷ lệ (%)", ALIGN_RIGHT, 0);
	if (s->has_prev)
		table_add_col(t, "Tăng/giảm so với tháng trước (%)", ALIGN_RIGHT, 0);
	table_add_col(t, "Đạt mục tiêu", ALIGN_CENTER, 0);
	for (i = 0; i <= s->n; i++) {
		const struct stats_row *r = i < s->n ? &s->rows[i] : &s->total;
		struct pos rp = { s->path, r->line, 0 };

		if (only >= 0 && i < s->n && i != (size_t)only)
			continue;
		k = 0;
		if (i < s->n) {
			snprintf(buf[k], sizeof buf[k], "%zu", i + 1);
			cells[k] = buf[k];
			k++;
			cells[k++] = r->name;
		} else {
			/* the totals row: "Tổng cộng" over STT and Xóm */
			cells[k++] = "Tổng cộng";
			cells[k++] = NULL;
		}
		cells[k] = stats_format_int(r->adults, buf[k]);
		k++;
		for (p = 0; p < STATS_NPROV; p++)
			if (s->has_prov[p]) {
				cells[k] = stats_format_int(r->prov[p], buf[k]);
				k++;
			}
		cells[k] = stats_format_int(r->total, buf[k]);
		k++;
		cells[k] = stats_format_tenths(r->rate_tenths, buf[k]);
		k++;
		if (s->has_prev) {
			/* a hamlet new this month has nothing to compare with */
			cells[k] = r->has_prev ? stats_format_change(r->change_tenths, buf[k]) : "–";
			k++;
		}
		cells[k++] = r->reached ? "Đạt" : "Chưa";
		table_add_row(t, cells, i == s->n, i < s->n ? rp : at);
	}
	*out = t;
	return table_fit(t, width);
}

static int bc_add_table(struct nd30 *x, struct flow *f, const struct stats *s, long only,
			struct pos at)
{
	struct table *t = NULL;
	int errs;

	/* 12 pt when it fits the text width, else 11 pt */
	if (bc_table(s, only, x->m, 12, TEXT_W, at, &t) != 0) {
		table_free(t);
		if (bc_table(s, only, x->m, 11, TEXT_W, at, &t) != 0)
			diag_warning(at, "the table of hamlets is wider than the page even at 11 pt; "
				     "shorten the longest hamlet names in %s", s->path);
	}
	errs = table_layout(t, f, 0);
	table_free(t);
	return errs;
}

/* The chart of every hamlet sorted by rate; only >= 0: that hamlet beside
 * the whole commune (a per-hamlet report stays one page of chart however
 * many hamlets there are). */
static int bc_add_chart(struct nd30 *x, struct flow *f, const struct stats *s, long only,
			struct pos at)
{
	struct chart_style st;
	struct chart_bar *bars = xcalloc(s->n + 1, sizeof *bars);
	char (*txt)[STATS_FMT_MAX + 8] = xcalloc(s->n + 1, sizeof *txt);
	size_t *order = stats_order_by_rate(s), i, nb = 0;
	char target[STATS_FMT_MAX], month[STATS_FMT_MAX], *label, *cap;
	struct para p;
	struct block *b;
	int errs;

	chart_style_init(&st, TEXT_W);
	st.target = s->target_tenths / 10.0;
	if (s->target_tenths % 10)
		stats_format_tenths(s->target_tenths, target);
	else
		stats_format_int(s->target_tenths / 10, target);
	label = xasprintf("Mục tiêu %s" NBSP "%%", target);
	st.target_text = label;
	for (i = 0; i <= s->n; i++) {
		const struct stats_row *r = i < s->n ? &s->rows[order[i]] : &s->total;
		char num[STATS_FMT_MAX];

		if (only >= 0 ? i < s->n && order[i] != (size_t)only : i == s->n)
			continue;
		snprintf(txt[nb], sizeof txt[nb], "%s" NBSP "%%", stats_format_tenths(r->rate_tenths, num));
		bars[nb].label = i < s->n ? r->name : "Toàn xã";
		/* the bar shows the rate as printed, so bar and number agree */
		bars[nb].value = r->rate_tenths / 10.0;
		bars[nb].text = txt[nb];
		bars[nb].highlight = r->reached;
		nb++;
	}
	stats_format_month(s, month);
	cap = *month ? xasprintf("Tỷ lệ người dân trưởng thành có chữ ký số công cộng theo xóm, tháng %s", month)
		     : xstrdup("Tỷ lệ người dân trưởng thành có chữ ký số công cộng theo xóm");
	para_init(&p, ALIGN_CENTER, TEXT_W);
	p.leading = 13 * 1.2;
	p.space_before = 12;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF_BOLD, 13, cap, NULL, at);
	errs = para_check_glyphs(&p, x->m);
	b = flow_add_para(f, x->m, &p, 0);
	(void)b;
	para_free(&p);
	errs += chart_layout(f, x->m, &st, bars, nb, 0, at);
	free(cap);
	free(label);
	free(order);
	free(txt);
	free(bars);
	return errs;
}

/* "BÁO CÁO", the trích yếu under it and a short rule, as flow blocks. */
static void bc_title(struct nd30 *x, struct flow *f)
{
	const char *subject = x->subject;
	struct para p;
	struct block *b;

	para_init(&p, ALIGN_CENTER, TEXT_W);
	p.leading = 14 * 1.2;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF_BOLD, 14, "BÁO CÁO", NULL, x->d->own->pos);
	flow_add_para(f, x->m, &p, 0);
	para_free(&p);
	if (!subject || !*subject)
		return;   /* nd30_header has said it is missing */
	para_init(&p, ALIGN_CENTER, TEXT_W - MM(20));
	p.leading = 14 * 1.2;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF_BOLD, 14, subject, NULL, meta_get(x->d->meta, "trich_yeu")->pos);
	x->errors += para_check_glyphs(&p, x->m);
	b = flow_add_para(f, x->m, &p, MM(10));
	para_free(&p);
	/* 1/3 to 1/2 of the trích yếu, like the agency's rule: 2/5 */
	nd30_short_rule(f, b, 0.4, 6);
}

static int bc_one(const struct doc *d0, const struct kind_env *env, const struct figures *fig,
		  const char *suffix, struct outputs *outs, void *ctx)
{
	struct doc d = *d0;
	struct nd30 x;
	struct flow f;
	struct body_style st;
	struct body_env be;
	struct page *pg;
	const struct node *c, *from;
	double head_bottom;
	int ret = -1, errs = 0, placed_table = 0, placed_chart = 0;
	size_t before;

	(void)ctx;
	flow_init(&f);
	memset(&x, 0, sizeof x);
	/* figures in the front matter: "trich_yeu: … tháng {{thang_nam}}" */
	d.meta = kind_meta_expand(d0->meta, fig, &errs);
	if (errs)
		goto out;
	if (nd30_init(&x, &d, env->m, "Báo cáo", "report") != 0)
		goto out;
	x.fig = fig;
	pg = layout_page_new(x.ld, PAGE_W, PAGE_H);
	head_bottom = nd30_header(&x, pg, 0);
	bc_title(&x, &f);
	if (meta_get(d.meta, "kinh_gui"))
		nd30_recipients(&x, &f);
	nd30_body_style(&st);
	memset(&be, 0, sizeof be);
	be.d = &d;
	be.m = env->m;
	be.ld = x.ld;
	be.st = &st;
	be.fig = fig;
	before = f.n;
	from = d.body->first;
	for (c = d.body->first;; c = c->next) {
		enum place pl = c ? placeholder(c) : PLACE_NONE;

		if (c && pl == PLACE_NONE)
			continue;
		x.errors += body_layout_nodes(&f, from, c, &be);
		if (!c)
			break;
		if (pl == PLACE_TABLE && !placed_table++)
			x.errors += bc_add_table(&x, &f, fig->s, fig->current, c->pos);
		else if (pl == PLACE_CHART && !placed_chart++)
			x.errors += bc_add_chart(&x, &f, fig->s, fig->current, c->pos);
		else {
			diag_error(c->pos, "the %s is already placed once; a report has one table and one chart",
				   pl == PLACE_TABLE ? "table ({{bang}})" : "chart ({{bieu_do}})");
			x.errors++;
		}
		from = c->next;
	}
	if (f.n == before) {
		diag_error(d.body_pos, "the report has no body text; write what was done this month");
		x.errors++;
	}
	{
		struct pos at = meta_get(d.meta, "so_lieu")->pos;
		if (!placed_table)
			x.errors += bc_add_table(&x, &f, fig->s, fig->current, at);
		if (!placed_chart)
			x.errors += bc_add_chart(&x, &f, fig->s, fig->current, at);
	}
	if (before < f.n)
		f.v[before].space_before = 12;
	f.v[0].space_before = 0;
	if (x.errors || nd30_finish(&x, &f, env, head_bottom, "Báo cáo", suffix, outs) != 0)
		goto out;
	ret = 0;
out:
	flow_free(&f);
	nd30_fini(&x);
	layout_doc_free(x.ld);
	meta_free(d.meta);
	return ret;
}

static int bc_layout(const struct doc *d, const struct kind_env *env, struct outputs *outs)
{
	struct figures fig;
	struct stats *s;
	int err, ret;

	s = kind_stats_load(d, &fig, &err);
	if (err)
		return -1;
	if (!s) {
		diag_error(d->own->pos, "the report needs \"so_lieu:\", the month's CSV file of the hamlets' "
			   "figures, e.g. so_lieu: so-lieu/2025-02.csv");
		return -1;
	}
	ret = kind_each_hamlet(d, env, &fig, outs, bc_one, NULL);
	stats_free(s);
	return ret;
}

const struct kind kind_bao_cao = { "bao-cao", bc_keys, bc_layout, 0 };

/* Báo cáo (report), Nghị định 30/2020: the shared header without V/v, the
 * title "BÁO CÁO" with the trích yếu and its short rule, the Markdown body
 * with {{figures}}, the hamlets' table and bar chart from the month's CSV
 * (where the body says {{bang}} and {{bieu_do}}, else after it), the
 * closing block and the appendices. The table has a column group per
 * indicator of the campaign (or those "chi_tieu:" names) and there is a
 * chart per indicator. With "moi_xom: true" one report per unit, its
 * {{xom.*}} figures filled in, its table holding its row and the
 * commune's total and its charts the unit beside the commune. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../blocks/nd30.h"
#include "../blocks/hamlets.h"
#include "../blocks/table.h"
#include "../blocks/chart.h"
#include "../util/utf8.h"
#include "../util/util.h"

static const char *const bc_keys[] = {
	"co_quan_chu_quan", "co_quan", "so", "ky_hieu", "dia_danh", "ngay", "trich_yeu",
	"kinh_gui", "noi_nhan", "nguoi_ky", "phu_luc", "chi_tieu", KIND_STATS_KEYS, NULL
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

/* The indicators a report shows: "chi_tieu:" (one key or a list) or all
 * of the campaign's, in the campaign's order. Returns how many are in
 * sel (each an index into the campaign), or -1 after diag_error. */
static long bc_indicators(const struct doc *d, const struct campaign *c, size_t *sel)
{
	const struct meta *v = meta_get(d->meta, "chi_tieu"), *e;
	size_t n = 0, i;
	int errs = 0;

	if (!v) {
		for (i = 0; i < c->ninds; i++)
			sel[n++] = i;
		return (long)n;
	}
	for (e = v->type == META_LIST ? v->first : v; e; e = v->type == META_LIST ? e->next : NULL) {
		char *key = e->type == META_SCALAR ? campaign_fold(e->value) : xstrdup("");
		long k = campaign_ind_find(c, key);

		if (k < 0) {
			struct buf names;
			const char *near = NULL;
			size_t best = (size_t)-1, dd;

			buf_init(&names);
			for (i = 0; i < c->ninds; i++) {
				buf_printf(&names, "%s%s", i ? ", " : "", c->inds[i].key);
				if ((dd = str_distance(key, c->inds[i].key)) < best) {
					best = dd;
					near = c->inds[i].key;
				}
			}
			if (near && *key && best <= strlen(key) / 2 + 1)
				diag_error(e->pos, "the campaign has no indicator \"%s\"; did you mean %s?",
					   e->type == META_SCALAR ? e->value : "", near);
			else
				diag_error(e->pos, "the campaign has no indicator \"%s\"; its indicators are %s",
					   e->type == META_SCALAR ? e->value : "", buf_str(&names));
			buf_free(&names);
			errs++;
		} else {
			for (i = 0; i < n && sel[i] != (size_t)k; i++)
				;
			if (i == n && n < CAMPAIGN_MAX_INDS)
				sel[n++] = (size_t)k;
		}
		free(key);
	}
	if (!errs && !n) {
		diag_error(v->pos, "\"chi_tieu:\" names the indicators to show, e.g. chi_tieu: chu_ky_so");
		errs++;
	}
	return errs ? -1 : (long)n;
}

/* "50" or "47,5": a target as written after "mục tiêu". */
static char *bc_target(int tenths, char *out)
{
	return tenths % 10 ? stats_format_tenths(tenths, out) : stats_format_int(tenths / 10, out);
}

/* The widest unit name at each text size the tables are tried at,
 * measured once for the whole CSV: a per-unit report of 10,000 units would
 * otherwise measure all 10,000 names for each unit's table (n² in the
 * number of units). Lives as long as one document's layout (bc_layout). */
struct bc_names {
	double size[4], w[4];
	int n;
};

static double bc_names_width(struct bc_names *nw, const struct stats *s, const struct measure *m, double size)
{
	double w = 0;
	size_t i;
	int k;

	for (k = 0; k < nw->n; k++)
		if (nw->size[k] == size)
			return nw->w[k];
	for (i = 0; i < s->n; i++) {
		double x = measure_text(m, FACE_SERIF, size, s->rows[i].name);

		if (x > w)
			w = x;
	}
	if (nw->n < 4) {
		nw->size[nw->n] = size;
		nw->w[nw->n++] = w;
	}
	return w;
}

/* The table of units at size pt for the indicators sel[0..nsel) (columns
 * sized to width): -1 from table_fit when it does not fit. only >= 0: that
 * unit's row and the totals (a per-unit report). Caller frees *out.
 * Columns: STT, the unit, each denominator once, then a group per
 * indicator: its columns (and their sum when several), the rate, the
 * change in percentage points and whether it reached its target. */
static int bc_table(const struct stats *s, const size_t *sel, size_t nsel, long only,
		    const struct measure *m, double size, double width, struct pos at, struct bc_names *nw,
		    struct table **out)
{
	const struct campaign *c = s->c;
	struct table *t = table_new(m, FACE_SERIF, size, at);
	size_t ncells = 2 + c->ncols + nsel * (c->ncols + 4);
	const char **cells = xcalloc(ncells, sizeof *cells);
	char (*buf)[STATS_FMT_MAX] = xcalloc(ncells, sizeof *buf);
	size_t dens[CAMPAIGN_MAX_INDS], nden = 0, i, j, k, q;
	char *unit = campaign_unit_title(c);
	int ret;

	for (q = 0; q < nsel; q++) {
		for (j = 0; j < nden && dens[j] != c->inds[sel[q]].den; j++)
			;
		if (j == nden)
			dens[nden++] = c->inds[sel[q]].den;
	}
	table_add_col(t, "STT", ALIGN_CENTER, 0);
	{
		/* names on one line when they can be: a name broken over two
		 * lines reads as two units */
		double w = measure_text(m, face_style(FACE_SERIF, 1, 0), size, unit);
		double x = bc_names_width(nw, s, m, size);

		if (x > w)
			w = x;
		w += 2 * t->pad + 1;
		table_add_col(t, unit, ALIGN_LEFT, w <= width * 0.3 ? w : 0);
	}
	for (j = 0; j < nden; j++)
		table_add_col(t, c->cols[dens[j]].label, ALIGN_RIGHT, 0);
	for (q = 0; q < nsel; q++) {
		const struct campaign_ind *ci = &c->inds[sel[q]];
		size_t first = t->ncols, given = 0;
		char tg[STATS_FMT_MAX], *head;

		for (j = 0; j < ci->nnum; j++)
			if (s->has_col[ci->num[j]]) {
				table_add_col(t, ci->nnum > 1 ? c->cols[ci->num[j]].label : "Số lượng",
					      ALIGN_RIGHT, 0);
				given++;
			}
		if (given > 1)
			table_add_col(t, "Cộng", ALIGN_RIGHT, 0);
		table_add_col(t, "Tỷ lệ (%)", ALIGN_RIGHT, 0);
		if (s->has_prev)
			table_add_col(t, "Tăng, giảm so với tháng trước (điểm %)", ALIGN_RIGHT, 0);
		table_add_col(t, "Đạt mục tiêu", ALIGN_CENTER, 0);
		head = xasprintf("%s (mục tiêu %s%%)", ci->name, bc_target(ci->target_tenths, tg));
		table_add_group(t, first, t->ncols - first, head);
		free(head);
	}
	/* only >= 0: that row and the totals, without a walk over all rows for
	 * each of thousands of units */
	for (i = only >= 0 ? (size_t)only : 0; i <= s->n; i = only >= 0 && i < s->n ? s->n : i + 1) {
		const struct stats_row *r = i < s->n ? &s->rows[i] : &s->total;
		struct pos rp = { s->path, r->line, 0 };

		k = 0;
		if (i < s->n) {
			snprintf(buf[k], sizeof buf[k], "%zu", i + 1);
			cells[k] = buf[k];
			k++;
			cells[k++] = r->name;
		} else {
			/* the totals row: "Tổng cộng" over STT and the name */
			cells[k++] = "Tổng cộng";
			cells[k++] = NULL;
		}
		for (j = 0; j < nden; j++, k++)
			cells[k] = stats_format_int(r->val[dens[j]], buf[k]);
		for (q = 0; q < nsel; q++) {
			const struct campaign_ind *ci = &c->inds[sel[q]];
			const struct stats_value *v = &r->ind[sel[q]];
			size_t given = 0;

			for (j = 0; j < ci->nnum; j++)
				if (s->has_col[ci->num[j]]) {
					cells[k] = stats_format_int(r->val[ci->num[j]], buf[k]);
					k++;
					given++;
				}
			if (given > 1) {
				cells[k] = stats_format_int(v->num, buf[k]);
				k++;
			}
			cells[k] = stats_format_tenths(v->rate_tenths, buf[k]);
			k++;
			if (s->has_prev) {
				/* a unit new this month has nothing to compare with */
				cells[k] = v->has_prev ? stats_format_change(v->change_tenths, buf[k]) : "–";
				k++;
			}
			cells[k++] = v->reached ? "Đạt" : "Chưa";
		}
		table_add_row(t, cells, i == s->n, i < s->n ? rp : at);
	}
	*out = t;
	ret = table_fit(t, width);
	free(unit);
	free(cells);
	free(buf);
	return ret;
}

/* The table of indicators sel[0..nsel) at 12 pt when it fits the text
 * width, else 11 or 10 pt; NULL when it does not fit even then. */
static struct table *bc_table_fit(struct nd30 *x, const struct stats *s, const size_t *sel, size_t nsel,
				  long only, struct pos at, struct bc_names *nw)
{
	static const double sizes[] = { 12, 11, 10 };
	struct table *t = NULL;
	size_t z;

	for (z = 0; z < sizeof sizes / sizeof *sizes; z++) {
		if (bc_table(s, sel, nsel, only, x->m, sizes[z], TEXT_W, at, nw, &t) == 0)
			return t;
		table_free(t);
	}
	return NULL;
}

/* The tables of the indicators: as many side by side as fit the text
 * width at 10 pt or more, the next ones in a table of their own. */
static int bc_add_table(struct nd30 *x, struct flow *f, const struct stats *s, const size_t *sel,
			size_t nsel, long only, struct pos at, struct bc_names *nw)
{
	size_t from = 0, n;
	int errs = 0;

	while (from < nsel) {
		struct table *t = bc_table_fit(x, s, sel + from, 1, only, at, nw), *more;

		if (!t) {
			diag_warning(at, "the table of %s is wider than the page even at 10 pt; "
				     "shorten the longest names in %s", s->c->unit, s->path);
			bc_table(s, sel + from, 1, only, x->m, 10, TEXT_W, at, nw, &t);
		}
		for (n = 1; from + n < nsel && (more = bc_table_fit(x, s, sel + from, n + 1, only, at, nw)); n++) {
			table_free(t);
			t = more;
		}
		errs += table_layout(t, f, 0);
		table_free(t);
		from += n;
	}
	return errs;
}

/* "Người dân trưởng thành có …" → "người dân trưởng thành có …" inside a
 * sentence; a name that starts with an acronym ("VNeID …") keeps it. */
static char *lower_first(const char *s)
{
	uint32_t cp;
	int n = utf8_decode(s, &cp), m = 0;
	char *two, *low, *ret;
	size_t ln;

	if (n <= 0 || !s[n] || (m = utf8_decode(s + n, &cp)) <= 0)
		return xstrdup(s);
	two = xstrndup(s, (size_t)(n + m));
	low = utf8_lower(two);
	ln = strlen(low);
	/* the second letter already lower case: a word, not an acronym */
	if (ln >= (size_t)m && !strncmp(low + ln - m, s + n, (size_t)m))
		ret = xasprintf("%.*s%s", (int)(ln - (size_t)m), low, s + n);
	else
		ret = xstrdup(s);
	free(two);
	free(low);
	return ret;
}

/* One bar: the rate as printed, so bar and number agree. */
static void bc_bar(struct chart_bar *b, char txt[STATS_FMT_MAX + 8], const struct stats_value *v,
		   const char *label)
{
	char num[STATS_FMT_MAX];

	snprintf(txt, STATS_FMT_MAX + 8, "%s%%", stats_format_tenths(v->rate_tenths, num));
	b->label = label;
	b->value = v->rate_tenths / 10.0;
	b->text = txt;
	b->highlight = v->reached;
}

/* The chart of indicator k: every unit sorted by its rate; only >= 0: that
 * unit beside the whole commune (a per-unit report stays one page of chart
 * however many units there are). */
static int bc_add_chart(struct nd30 *x, struct flow *f, const struct stats *s, size_t k, long only,
			struct pos at)
{
	const struct campaign *c = s->c;
	const struct campaign_ind *ci = &c->inds[k];
	struct chart_style st;
	size_t nbars = only >= 0 ? 2 : s->n, i, nb = 0;
	struct chart_bar *bars = xcalloc(nbars ? nbars : 1, sizeof *bars);
	char (*txt)[STATS_FMT_MAX + 8] = xcalloc(nbars ? nbars : 1, sizeof *txt);
	const size_t *order = stats_order_by_rate(s, k);
	char target[STATS_FMT_MAX], month[STATS_FMT_MAX], *label, *cap, *what;
	struct para p;
	int errs;

	chart_style_init(&st, TEXT_W);
	st.target = ci->target_tenths / 10.0;
	label = xasprintf("Mục tiêu %s%%", bc_target(ci->target_tenths, target));
	st.target_text = label;
	if (only >= 0) {
		/* a per-unit report: that unit beside the commune */
		bc_bar(&bars[nb], txt[nb], &s->rows[only].ind[k], s->rows[only].name);
		nb++;
		bc_bar(&bars[nb], txt[nb], &s->total.ind[k], "Toàn xã");
		nb++;
	} else {
		for (i = 0; i < s->n; i++, nb++)
			bc_bar(&bars[nb], txt[nb], &s->rows[order[i]].ind[k], s->rows[order[i]].name);
	}
	stats_format_month(s, month);
	what = lower_first(ci->name);
	cap = *month ? xasprintf("Tỷ lệ %s theo %s, tháng %s", what, c->unit, month)
		     : xasprintf("Tỷ lệ %s theo %s", what, c->unit);
	para_init(&p, ALIGN_CENTER, TEXT_W);
	p.leading = 13 * 1.2;
	p.space_before = 12;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF_BOLD, 13, cap, NULL, at);
	errs = para_check_glyphs(&p, x->m);
	flow_add_para(f, x->m, &p, 0);
	para_free(&p);
	errs += chart_layout(f, x->m, &st, bars, nb, 0, at);
	free(what);
	free(cap);
	free(label);
	free(txt);
	free(bars);
	return errs;
}

static int bc_add_charts(struct nd30 *x, struct flow *f, const struct stats *s, const size_t *sel,
			 size_t nsel, long only, struct pos at)
{
	size_t q;
	int errs = 0;

	for (q = 0; q < nsel; q++)
		errs += bc_add_chart(x, f, s, sel[q], only, at);
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
	nd30_short_rule(f, b, 0.4, 4);
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
	size_t before, sel[CAMPAIGN_MAX_INDS];
	long nsel;

	flow_init(&f);
	memset(&x, 0, sizeof x);
	/* figures in the front matter: "trich_yeu: … tháng {{thang_nam}}" */
	d.meta = kind_meta_expand(d0->meta, fig, &errs);
	if (errs)
		goto out;
	if ((nsel = bc_indicators(&d, fig->s->c, sel)) < 0)
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
			x.errors += bc_add_table(&x, &f, fig->s, sel, (size_t)nsel, fig->current, c->pos, ctx);
		else if (pl == PLACE_CHART && !placed_chart++)
			x.errors += bc_add_charts(&x, &f, fig->s, sel, (size_t)nsel, fig->current, c->pos);
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
			x.errors += bc_add_table(&x, &f, fig->s, sel, (size_t)nsel, fig->current, at, ctx);
		if (!placed_chart)
			x.errors += bc_add_charts(&x, &f, fig->s, sel, (size_t)nsel, fig->current, at);
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
	struct bc_names names = { { 0 }, { 0 }, 0 };
	struct stats *s;
	int err, ret;

	s = kind_stats_load(d, &fig, &err);
	if (err)
		return -1;
	if (!s) {
		diag_error(d->own->pos, "the report needs \"so_lieu:\", the month's CSV file of the units' "
			   "figures, e.g. so_lieu: so-lieu/2025-02.csv");
		return -1;
	}
	ret = kind_each_hamlet(d, env, &fig, outs, bc_one, &names);
	stats_free(s);
	return ret;
}

const struct kind kind_bao_cao = { "bao-cao", bc_keys, bc_layout, 0, "a monthly report" };

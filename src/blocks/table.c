/* Tables as flow blocks: one fixed block per row, the header row repeated
 * on each new page through block->repeat, text wrapped by the engine. */
#include <stdlib.h>
#include <string.h>
#include "table.h"
#include "../util/util.h"

struct table *table_new(const struct measure *m, enum face face, double size, struct pos at)
{
	struct table *t = xcalloc(1, sizeof *t);

	t->m = m;
	t->face = face;
	t->size = size;
	t->pad = size * 0.35;
	t->rule = 0.5;
	t->pos = at;
	return t;
}

void table_free(struct table *t)
{
	size_t i, j;

	if (!t)
		return;
	for (i = 0; i < t->nrows; i++) {
		for (j = 0; j < t->ncols; j++)
			free(t->rows[i].cells[j]);
		free(t->rows[i].cells);
	}
	for (j = 0; j < t->ncols; j++)
		free(t->cols[j].head);
	for (j = 0; j < t->ngroups; j++)
		free(t->groups[j].text);
	free(t->groups);
	free(t->rows);
	free(t->cols);
	free(t);
}

void table_add_col(struct table *t, const char *head, enum align align, double width)
{
	struct table_col *c;

	/* columns come before rows: a row holds exactly ncols cells */
	if (t->nrows)
		return;
	t->cols = xrealloc(t->cols, (t->ncols + 1) * sizeof *t->cols);
	c = &t->cols[t->ncols++];
	memset(c, 0, sizeof *c);
	c->head = xstrdup(head ? head : "");
	c->align = align;
	c->width = width;
	c->fixed = width > 0;
}

void table_add_group(struct table *t, size_t first, size_t n, const char *text)
{
	struct table_group *g;

	if (!n || first + n > t->ncols ||
	    (t->ngroups && t->groups[t->ngroups - 1].first + t->groups[t->ngroups - 1].n > first))
		return;
	t->groups = xrealloc(t->groups, (t->ngroups + 1) * sizeof *t->groups);
	g = &t->groups[t->ngroups++];
	g->first = first;
	g->n = n;
	g->text = xstrdup(text ? text : "");
}

void table_add_row(struct table *t, const char *const *cells, int bold, struct pos at)
{
	struct table_row *r;
	size_t j;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 16;
		t->rows = xrealloc(t->rows, t->caprows * sizeof *t->rows);
	}
	r = &t->rows[t->nrows++];
	r->cells = xcalloc(t->ncols ? t->ncols : 1, sizeof *r->cells);
	for (j = 0; j < t->ncols; j++)
		r->cells[j] = cells[j] || j == 0 ? xstrdup(cells[j] ? cells[j] : "") : NULL;
	r->bold = bold;
	r->pos = at;
}

/* Widest word and whole width of text, in points. */
static void text_extent(const struct measure *m, enum face f, double size, const char *s,
			double *word, double *whole)
{
	const char *w = s;

	*word = 0;
	*whole = measure_text(m, f, size, s);
	while (*w) {
		size_t n = strcspn(w, " ");
		double x = measure_textn(m, f, size, w, n);

		if (x > *word)
			*word = x;
		w += n;
		w += strspn(w, " ");
	}
}

static enum face bold_of(const struct table *t)
{
	return face_style(t->face, 1, 0);
}

/* Column widths in three levels: the longest word (nothing narrower can
 * hold the column), the widest cell (no cell wraps), the whole header (no
 * header wraps). The widths take the highest level that fits and share
 * what is left towards the next level in proportion to what each column
 * still needs, like the automatic layout of HTML tables; when everything
 * fits on one line the columns are widened alike to fill the width. */
int table_fit(struct table *t, double width)
{
	double *lv[3], sum[3] = { 0, 0, 0 }, fixed = 0, rest;
	size_t i, j, n = t->ncols;
	int l, ret = 0;

	for (l = 0; l < 3; l++)
		lv[l] = xcalloc(n ? n : 1, sizeof *lv[l]);
	for (j = 0; j < n; j++) {
		struct table_col *c = &t->cols[j];
		double word, whole, cell = 0;

		text_extent(t->m, bold_of(t), t->size, c->head, &c->min, &c->max);
		for (i = 0; i < t->nrows; i++) {
			const struct table_row *r = &t->rows[i];

			/* a merged cell spreads over its neighbours: it
			 * does not size one column */
			if (!r->cells[j] || (j + 1 < n && !r->cells[j + 1]))
				continue;
			text_extent(t->m, r->bold ? bold_of(t) : t->face, t->size, r->cells[j], &word, &whole);
			if (word > c->min)
				c->min = word;
			if (whole > cell)
				cell = whole;
		}
		lv[0][j] = c->min + 2 * t->pad;
		lv[1][j] = (cell > c->min ? cell : c->min) + 2 * t->pad;
		lv[2][j] = (c->max > cell ? c->max : cell) + 2 * t->pad;
		if (lv[2][j] < lv[1][j])
			lv[2][j] = lv[1][j];
		c->max = lv[2][j];
		c->min = lv[0][j];
		if (c->fixed) {
			fixed += c->width;
			continue;
		}
		for (l = 0; l < 3; l++)
			sum[l] += lv[l][j];
	}
	rest = width - fixed;
	if (rest < sum[0] - 0.01) {
		/* too wide even at the longest words: the narrowest table
		 * possible, and the caller says so */
		for (j = 0; j < n; j++)
			if (!t->cols[j].fixed)
				t->cols[j].width = lv[0][j];
		ret = -1;
		goto out;
	}
	if (rest >= sum[2]) {
		double k = sum[2] > 0 ? rest / sum[2] : 1;
		for (j = 0; j < n; j++)
			if (!t->cols[j].fixed)
				t->cols[j].width = lv[2][j] * k;
		goto out;
	}
	l = rest >= sum[1] ? 1 : 0;
	for (j = 0; j < n; j++) {
		double span = sum[l + 1] - sum[l];

		if (t->cols[j].fixed)
			continue;
		t->cols[j].width = lv[l][j] + (span > 0 ? (rest - sum[l]) * (lv[l + 1][j] - lv[l][j]) / span : 0);
	}
out:
	for (l = 0; l < 3; l++)
		free(lv[l]);
	return ret;
}

double table_width(const struct table *t)
{
	double w = 0;
	size_t j;

	for (j = 0; j < t->ncols; j++)
		w += t->cols[j].width;
	return w;
}

/* One row as a fixed block: cells broken into lines, centred vertically,
 * rules below it and between its cells (above it too for the header). */
static int row_block(const struct table *t, struct flow *f, double x0, const char *const *cells,
		     int bold, int header, struct pos at)
{
	struct lines *ls = xcalloc(t->ncols, sizeof *ls);
	double *h = xcalloc(t->ncols, sizeof *h), *cx = xcalloc(t->ncols + 1, sizeof *cx);
	double vpad = t->size * 0.25, inner = 0, W;
	enum face face = bold || header ? bold_of(t) : t->face;
	struct block *b;
	struct box r = { 0 };
	size_t j, k;
	int errs = 0;

	for (j = 0; j < t->ncols; j++)
		cx[j + 1] = cx[j] + t->cols[j].width;
	W = cx[t->ncols];
	for (j = 0; j < t->ncols; j++) {
		struct para p;
		double cw;

		if (!cells[j] && j > 0)
			continue;
		for (k = j + 1; k < t->ncols && !cells[k]; k++)
			;
		cw = cx[k] - cx[j] - 2 * t->pad;
		para_init(&p, header ? ALIGN_CENTER : t->cols[j].align, cw > 1 ? cw : 1);
		p.leading = t->size * 1.2;
		if (cells[j] && *cells[j])
			para_add(&p, face, t->size, cells[j], NULL, at);
		errs += para_check_glyphs(&p, t->m);
		layout_break(t->m, &p, &ls[j]);
		para_free(&p);
		for (k = 0; k < ls[j].n; k++)
			h[j] += ls[j].v[k].leading;
		if (h[j] > inner)
			inner = h[j];
	}
	if (inner < t->size * 1.2)
		inner = t->size * 1.2;
	b = flow_add_fixed(f, inner + 2 * vpad);
	b->x = x0;
	for (j = 0; j < t->ncols; j++) {
		if (!cells[j] && j > 0)
			continue;
		block_add_lines(b, &ls[j], cx[j] + t->pad, vpad + (inner - h[j]) / 2);
	}
	/* the grid: a rule under the row (and over the header), a thin
	 * upright rectangle at each cell edge, none inside merged cells */
	r.type = BOX_RULE;
	r.x = 0;
	r.w = W;
	r.h = t->rule;
	r.y = b->height;
	block_add_box(b, &r);
	if (header) {
		r.y = 0;
		block_add_box(b, &r);
	}
	r.type = BOX_RECT;
	r.y = 0;
	r.w = t->rule;
	r.h = b->height;
	for (j = 0; j <= t->ncols; j++) {
		if (j > 0 && j < t->ncols && !cells[j])
			continue;
		r.x = cx[j] - t->rule / 2;
		block_add_box(b, &r);
	}
	for (j = 0; j < t->ncols; j++)
		lines_free(&ls[j]);
	free(ls);
	free(h);
	free(cx);
	return errs;
}

/* The group a column is in, or NULL. */
static const struct table_group *group_of(const struct table *t, size_t j)
{
	size_t g;

	for (g = 0; g < t->ngroups; g++)
		if (j >= t->groups[g].first && j < t->groups[g].first + t->groups[g].n)
			return &t->groups[g];
	return NULL;
}

/* Breaks a header text, bold and centred, into a cell width w wide. Adds
 * its height to *h. */
static int head_lines(const struct table *t, const char *text, double w, struct pos at,
		      struct lines *ls, double *h)
{
	struct para p;
	size_t k;
	int errs;

	para_init(&p, ALIGN_CENTER, w - 2 * t->pad > 1 ? w - 2 * t->pad : 1);
	p.leading = t->size * 1.2;
	if (*text)
		para_add(&p, bold_of(t), t->size, text, NULL, at);
	errs = para_check_glyphs(&p, t->m);
	layout_break(t->m, &p, ls);
	para_free(&p);
	*h = 0;
	for (k = 0; k < ls->n; k++)
		*h += ls->v[k].leading;
	return errs;
}

/* The header of a table with groups, as one fixed block of two rows: the
 * groups' texts over their columns, the columns' headers under them, and
 * the headers of the columns outside every group over both rows. */
static int head_block(const struct table *t, struct flow *f, double x0)
{
	size_t n = t->ncols, j, g;
	struct lines *ls = xcalloc(n + t->ngroups, sizeof *ls);
	double *h = xcalloc(n + t->ngroups, sizeof *h), *cx = xcalloc(n + 1, sizeof *cx);
	double vpad = t->size * 0.25, h1 = t->size * 1.2, h2 = t->size * 1.2, W;
	struct block *b;
	struct box r = { 0 };
	int errs = 0;

	for (j = 0; j < n; j++)
		cx[j + 1] = cx[j] + t->cols[j].width;
	W = cx[n];
	for (g = 0; g < t->ngroups; g++) {
		const struct table_group *gr = &t->groups[g];

		errs += head_lines(t, gr->text, cx[gr->first + gr->n] - cx[gr->first], t->pos,
				   &ls[n + g], &h[n + g]);
		if (h[n + g] > h1)
			h1 = h[n + g];
	}
	for (j = 0; j < n; j++) {
		errs += head_lines(t, t->cols[j].head, t->cols[j].width, t->pos, &ls[j], &h[j]);
		if (group_of(t, j) && h[j] > h2)
			h2 = h[j];
	}
	h1 += 2 * vpad;
	h2 += 2 * vpad;
	for (j = 0; j < n; j++)
		if (!group_of(t, j) && h[j] + 2 * vpad > h1 + h2)
			h2 = h[j] + 2 * vpad - h1;
	b = flow_add_fixed(f, h1 + h2);
	b->x = x0;
	for (g = 0; g < t->ngroups; g++) {
		const struct table_group *gr = &t->groups[g];

		block_add_lines(b, &ls[n + g], cx[gr->first] + t->pad, (h1 - h[n + g]) / 2);
	}
	for (j = 0; j < n; j++) {
		if (group_of(t, j))
			block_add_lines(b, &ls[j], cx[j] + t->pad, h1 + (h2 - h[j]) / 2);
		else
			block_add_lines(b, &ls[j], cx[j] + t->pad, (h1 + h2 - h[j]) / 2);
	}
	/* rules over and under the header, under each group; upright edges
	 * through both rows, except between the columns of a group (only
	 * the lower row) */
	r.type = BOX_RULE;
	r.h = t->rule;
	r.x = 0;
	r.w = W;
	r.y = 0;
	block_add_box(b, &r);
	r.y = h1 + h2;
	block_add_box(b, &r);
	for (g = 0; g < t->ngroups; g++) {
		r.x = cx[t->groups[g].first];
		r.w = cx[t->groups[g].first + t->groups[g].n] - r.x;
		r.y = h1;
		block_add_box(b, &r);
	}
	r.type = BOX_RECT;
	r.w = t->rule;
	for (j = 0; j <= n; j++) {
		const struct table_group *gr = j > 0 && j < n ? group_of(t, j) : NULL;
		int inner = gr && gr->first != j;

		r.x = cx[j] - t->rule / 2;
		r.y = inner ? h1 : 0;
		r.h = inner ? h2 : h1 + h2;
		block_add_box(b, &r);
	}
	for (j = 0; j < n + t->ngroups; j++)
		lines_free(&ls[j]);
	free(ls);
	free(h);
	free(cx);
	return errs;
}

int table_layout(const struct table *t, struct flow *f, double x)
{
	const char **head = xcalloc(t->ncols ? t->ncols : 1, sizeof *head);
	size_t j, i, hi;
	int errs;

	for (j = 0; j < t->ncols; j++)
		head[j] = t->cols[j].head;
	hi = f->n;
	errs = t->ngroups ? head_block(t, f, x) : row_block(t, f, x, head, 1, 1, t->pos);
	f->v[hi].keep_with_next = 1;   /* never a header alone at a page's foot */
	f->v[hi].space_before = 6;
	for (i = 0; i < t->nrows; i++) {
		errs += row_block(t, f, x, (const char *const *)t->rows[i].cells, t->rows[i].bold, 0,
				  t->rows[i].pos);
		f->v[f->n - 1].repeat = (long)hi;
		/* a closing row (the totals) never starts a page alone */
		if (i + 2 == t->nrows && t->nrows > 1 && t->rows[i + 1].bold)
			f->v[f->n - 1].keep_with_next = 1;
	}
	free(head);
	return errs;
}

/* Tables as flow blocks: the header rows as one fixed block, placed again
 * at the top of each new page through block->repeat, then one fixed block
 * per row; cell text broken by the shared line breaker. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "table.h"
#include "../util/util.h"

#define TABLE_PIC_GAP 3.0      /* pt between a cell's text and its pictures */

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

static void cell_clear(struct table_cell *c)
{
	size_t k;

	para_free(&c->text);
	for (k = 0; k < c->npics; k++)
		free(c->pics[k].name);
	free(c->pics);
	memset(c, 0, sizeof *c);
}

static void row_clear(struct table_row *r, size_t ncols)
{
	size_t j;

	for (j = 0; j < ncols; j++)
		cell_clear(&r->cells[j]);
	free(r->cells);
}

void table_free(struct table *t)
{
	size_t i, j;

	if (!t)
		return;
	for (i = 0; i < t->nrows; i++)
		row_clear(&t->rows[i], t->ncols);
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
	c->head = head ? xstrdup(head) : NULL;
	c->align = align;
	c->width = width;
	c->fixed = width > 0;
}

void table_add_group(struct table *t, size_t first, size_t n, const char *text)
{
	struct table_group *g;

	if (!n || first + n > t->ncols || first + n < first ||
	    (t->ngroups && t->groups[t->ngroups - 1].first + t->groups[t->ngroups - 1].n > first))
		return;
	t->groups = xrealloc(t->groups, (t->ngroups + 1) * sizeof *t->groups);
	g = &t->groups[t->ngroups++];
	g->first = first;
	g->n = n;
	g->text = xstrdup(text ? text : "");
}

size_t table_row_new(struct table *t, int flags, struct pos at)
{
	struct table_row *r;

	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? t->caprows * 2 : 16;
		t->rows = xrealloc(t->rows, t->caprows * sizeof *t->rows);
	}
	r = &t->rows[t->nrows++];
	r->cells = xcalloc(t->ncols ? t->ncols : 1, sizeof *r->cells);
	r->flags = flags;
	r->pos = at;
	return t->nrows - 1;
}

struct table_cell *table_cell_at(struct table *t, size_t row, size_t col)
{
	return row < t->nrows && col < t->ncols ? &t->rows[row].cells[col] : NULL;
}

void table_cell_add_pic(struct table_cell *c, const struct table_pic *pic)
{
	struct table_pic *p;

	c->pics = xrealloc(c->pics, (c->npics + 1) * sizeof *c->pics);
	p = &c->pics[c->npics++];
	*p = *pic;
	p->name = xstrdup(pic->name ? pic->name : "");
}

void table_add_row(struct table *t, const char *const *cells, int flags, struct pos at)
{
	size_t i = table_row_new(t, flags, at), j;

	for (j = 0; j < t->ncols; j++) {
		struct table_cell *c = &t->rows[i].cells[j];

		if (!cells[j] && j > 0)
			c->merged = 1;
		else if (cells[j] && *cells[j])
			para_add(&c->text, t->face, t->size, cells[j], NULL, at);
	}
}

/* ---- the rows as drawn: header rows first ---- */

/* The rows in drawing order: the header rows added as rows, then those
 * made from the columns' heads and groups, then the body. The made rows
 * are owned by the view. */
struct rows_view {
	const struct table_row **v;
	size_t n, nhead;
	struct table_row made[2];
	int nmade;
};

static void view_make_heads(const struct table *t, struct rows_view *w)
{
	size_t j, g;
	int any = 0;

	for (j = 0; j < t->ncols; j++)
		if (t->cols[j].head)
			any = 1;
	if (!any)
		return;
	if (t->ngroups) {
		/* the groups' row: each group's text over its columns; a column
		 * outside every group has its head here, spanning both rows */
		struct table_row *r = &w->made[w->nmade++];
		r->cells = xcalloc(t->ncols, sizeof *r->cells);
		r->flags = TABLE_ROW_HEADER;
		r->pos = t->pos;
		for (j = 0; j < t->ncols; j++) {
			const char *s = t->cols[j].head;
			for (g = 0; g < t->ngroups; g++)
				if (j >= t->groups[g].first && j < t->groups[g].first + t->groups[g].n) {
					s = j == t->groups[g].first ? t->groups[g].text : NULL;
					r->cells[j].merged = j != t->groups[g].first;
					break;
				}
			if (s && *s)
				para_add(&r->cells[j].text, t->face, t->size, s, NULL, t->pos);
		}
	}
	{
		struct table_row *r = &w->made[w->nmade++];
		r->cells = xcalloc(t->ncols, sizeof *r->cells);
		r->flags = TABLE_ROW_HEADER;
		r->pos = t->pos;
		for (j = 0; j < t->ncols; j++) {
			int grouped = 0;
			for (g = 0; g < t->ngroups; g++)
				if (j >= t->groups[g].first && j < t->groups[g].first + t->groups[g].n)
					grouped = 1;
			if (t->ngroups && !grouped)
				r->cells[j].span_up = 1;
			else if (t->cols[j].head && *t->cols[j].head)
				para_add(&r->cells[j].text, t->face, t->size, t->cols[j].head, NULL, t->pos);
		}
	}
}

static void view_init(const struct table *t, struct rows_view *w)
{
	size_t i;
	int k;

	memset(w, 0, sizeof *w);
	w->v = xcalloc(t->nrows + 3, sizeof *w->v);
	for (i = 0; i < t->nrows; i++)
		if (t->rows[i].flags & TABLE_ROW_HEADER)
			w->v[w->n++] = &t->rows[i];
	view_make_heads(t, w);
	for (k = 0; k < w->nmade; k++)
		w->v[w->n++] = &w->made[k];
	w->nhead = w->n;
	for (i = 0; i < t->nrows; i++)
		if (!(t->rows[i].flags & TABLE_ROW_HEADER))
			w->v[w->n++] = &t->rows[i];
}

static void view_free(const struct table *t, struct rows_view *w)
{
	int k;

	for (k = 0; k < w->nmade; k++)
		row_clear(&w->made[k], t->ncols);
	free(w->v);
}

/* ---- measuring ---- */

static enum face cell_face(enum face f, int bold)
{
	return bold ? face_style(f, 1, face_is_italic(f)) : f;
}

/* The pieces of a cell's text that the line breaker never splits (its
 * lines when broken as narrow as can be), the space between them, and
 * which of them end a forced line: enough to count the cell's lines at
 * any width without breaking it again (first fit, as cells are set). */
struct chunks {
	double *w;
	unsigned char *hard;
	size_t n, cap;
	double space;
};

static void chunks_add_para(const struct table *t, struct para *q, struct chunks *ch)
{
	struct lines ls;
	size_t k;

	memset(&ls, 0, sizeof ls);
	if (q->n)
		layout_break(t->m, q, &ls);
	for (k = 0; k < ls.n; k++) {
		if (ch->n == ch->cap) {
			ch->cap = ch->cap ? ch->cap * 2 : 8;
			ch->w = xrealloc(ch->w, ch->cap * sizeof *ch->w);
			ch->hard = xrealloc(ch->hard, ch->cap);
		}
		ch->w[ch->n] = ls.v[k].width;
		ch->hard[ch->n++] = k + 1 == ls.n;
	}
	lines_free(&ls);
	para_free(q);
	para_init(q, ALIGN_LEFT, 1);
	q->nobreak = t->nobreak;
}

/* p's chunks at the table's size, bold or not, as cell_prepare sets it. */
static void chunks_make(const struct table *t, const struct para *p, int bold, struct chunks *ch)
{
	struct para q;
	size_t s;

	memset(ch, 0, sizeof *ch);
	ch->space = measure_textn(t->m, cell_face(t->face, bold), t->size, " ", 1);
	para_init(&q, ALIGN_LEFT, 1);
	q.nobreak = t->nobreak;
	for (s = 0; s < p->n; s++) {
		const char *c = p->spans[s].text;
		enum face f = cell_face(p->spans[s].face, bold);

		for (;;) {
			size_t n = strcspn(c, "\n");
			char *piece = xstrndup(c, n);

			if (n)
				para_add(&q, f, t->size, piece, NULL, p->spans[s].pos);
			free(piece);
			if (!c[n])
				break;
			chunks_add_para(t, &q, ch);   /* a forced break */
			c += n + 1;
		}
	}
	chunks_add_para(t, &q, ch);
	para_free(&q);
}

static void chunks_free(struct chunks *ch)
{
	free(ch->w);
	free(ch->hard);
}

/* Lines of a cell whose text is width w (padding out) wide; 1 when empty. */
static int chunks_lines(const struct chunks *ch, double w)
{
	double cur = -1;
	size_t i;
	int lines = 0;

	for (i = 0; i < ch->n; i++) {
		if (cur >= 0 && cur + ch->space + ch->w[i] <= w + 0.01)
			cur += ch->space + ch->w[i];
		else {
			cur = ch->w[i];
			lines++;
		}
		if (ch->hard[i])
			cur = -1;
	}
	return lines ? lines : 1;
}

/* The widest and narrowest a cell can be set: its longest forced line on
 * one line, and its widest chunk. */
static void chunks_extent(const struct chunks *ch, double *word, double *whole)
{
	double cur = -1;
	size_t i;

	*word = *whole = 0;
	for (i = 0; i < ch->n; i++) {
		cur = cur < 0 ? ch->w[i] : cur + ch->space + ch->w[i];
		if (ch->w[i] > *word)
			*word = ch->w[i];
		if (cur > *whole)
			*whole = cur;
		if (ch->hard[i])
			cur = -1;
	}
}

/* How many lines a table of cells ch (nr x nc, lines l) takes: its rows'
 * lines, each row as tall as its tallest cell, then (a smaller weight)
 * the lines of all cells, so that a cell that comes back to one line
 * counts even when its row stays as tall. */
static double fit_cost(const int *l, size_t nr, size_t nc)
{
	double c = 0;
	size_t i, j;

	for (i = 0; i < nr; i++) {
		int mx = 1;
		for (j = 0; j < nc; j++) {
			if (l[i * nc + j] > mx)
				mx = l[i * nc + j];
			c += l[i * nc + j];
		}
		c += (double)mx * (double)(nc + 1);
	}
	return c;
}

/* Widths from the longest words up, spending the slack where it saves the
 * most lines per point: each step widens one column to the width that
 * sets one more of its cells on one line, the step that shortens the
 * table most for the points it costs (the table's height first, then the
 * number of broken cells). A short cell ("Khu phố 1", "06/09/2025") thus
 * gets its one line when a column beside it has room to give. The work is
 * bounded (a huge table keeps what the steps so far gave). Returns the
 * slack left. */
static double fit_lines(const struct table *t, const struct rows_view *v, struct chunks *ch,
			const unsigned char *sizing, double *width, double slack)
{
	size_t nr = v->n, nc = t->ncols, i, j, k, ncand;
	int *l = xcalloc(nr * nc > 0 ? nr * nc : 1, sizeof *l), *other = xcalloc(nr ? nr : 1, sizeof *other);
	double *cand = xcalloc(nr ? nr : 1, sizeof *cand), cost, budget = 3e7;

	for (i = 0; i < nr; i++)
		for (j = 0; j < nc; j++)
			l[i * nc + j] = sizing[i * nc + j] ? chunks_lines(&ch[i * nc + j], width[j] - 2 * t->pad) : 1;
	cost = fit_cost(l, nr, nc);
	while (slack > 0.01 && budget > 0) {
		double best = 0, best_w = 0;
		size_t best_j = nc;

		for (j = 0; j < nc; j++) {
			double colsum = 0;

			if (t->cols[j].fixed)
				continue;
			ncand = 0;
			for (i = 0; i < nr; i++) {
				double word, whole;

				other[i] = 1;
				for (k = 0; k < nc; k++)
					if (k != j && l[i * nc + k] > other[i])
						other[i] = l[i * nc + k];
				colsum += l[i * nc + j];
				if (!sizing[i * nc + j] || l[i * nc + j] <= 1)
					continue;
				chunks_extent(&ch[i * nc + j], &word, &whole);
				whole += 2 * t->pad;
				if (whole > width[j] + 0.01 && whole - width[j] <= slack + 0.01)
					cand[ncand++] = whole;
			}
			budget -= (double)nr * nc;
			for (k = 0; k < ncand && budget > 0; k++) {
				double c = cost - colsum, gain;

				for (i = 0; i < nr; i++) {
					int li = sizing[i * nc + j] ? chunks_lines(&ch[i * nc + j], cand[k] - 2 * t->pad) : 1;
					int old = l[i * nc + j] > other[i] ? l[i * nc + j] : other[i];
					int now = li > other[i] ? li : other[i];

					c += li + (double)(now - old) * (double)(nc + 1);
					budget -= 1 + (double)ch[i * nc + j].n;
				}
				gain = (cost - c) / (cand[k] - width[j]);
				if (gain > best + 1e-9 || (gain > 0 && fabs(gain - best) <= 1e-9 && cand[k] - width[j] < best_w - width[best_j])) {
					best = gain;
					best_w = cand[k];
					best_j = j;
				}
			}
		}
		if (best_j == nc)
			break;
		slack -= best_w - width[best_j];
		width[best_j] = best_w;
		for (i = 0; i < nr; i++)
			if (sizing[i * nc + best_j])
				l[i * nc + best_j] = chunks_lines(&ch[i * nc + best_j], best_w - 2 * t->pad);
		cost = fit_cost(l, nr, nc);
	}
	free(l);
	free(other);
	free(cand);
	return slack > 0 ? slack : 0;
}

/* Shares slack among the auto columns in proportion to what each still
 * needs to reach its level in lv (none when every column is there). */
static double fit_share(const struct table *t, double *width, const double *lv, double slack)
{
	double need = 0;
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (!t->cols[j].fixed && lv[j] > width[j])
			need += lv[j] - width[j];
	if (need <= 0)
		return slack;
	for (j = 0; j < t->ncols; j++)
		if (!t->cols[j].fixed && lv[j] > width[j])
			width[j] += (lv[j] - width[j]) * (slack < need ? slack / need : 1);
	return slack < need ? 0 : slack - need;
}

/* Column widths in three levels: the longest unbreakable run (nothing
 * narrower can hold the column), the widest cell (no cell wraps), the
 * whole header (no header wraps). Between the first two, the slack goes
 * first where it saves the most lines (fit_lines), then the rest towards
 * the next level in proportion to what each column still needs, like the
 * automatic layout of HTML tables; when everything fits on one line the
 * columns are widened alike to fill the width. A picture counts its
 * readable width as its longest word and its full width as its text. */
int table_fit(struct table *t, double width)
{
	double *lv[3], sum[3] = { 0, 0, 0 }, fixed = 0, rest, *cw;
	size_t i, j, k, n = t->ncols;
	struct rows_view w;
	struct chunks *ch;
	unsigned char *sizing;
	int l, ret = 0;

	t->pad = t->size * 0.35;
	view_init(t, &w);
	for (l = 0; l < 3; l++)
		lv[l] = xcalloc(n ? n : 1, sizeof *lv[l]);
	cw = xcalloc(n ? n : 1, sizeof *cw);
	ch = xcalloc(w.n * n > 0 ? w.n * n : 1, sizeof *ch);
	sizing = xcalloc(w.n * n > 0 ? w.n * n : 1, 1);
	for (j = 0; j < n; j++) {
		struct table_col *c = &t->cols[j];
		double head_min = 0, head_max = 0, cell = 0, word, whole;

		c->min = 0;
		for (i = 0; i < w.n; i++) {
			const struct table_row *r = w.v[i];
			const struct table_cell *ce = &r->cells[j];
			int head = i < w.nhead;

			/* a merged cell spreads over its neighbours: it
			 * does not size one column */
			if (ce->merged || ce->span_up || (j + 1 < n && r->cells[j + 1].merged))
				continue;
			chunks_make(t, &ce->text, head || (r->flags & TABLE_ROW_BOLD), &ch[i * n + j]);
			sizing[i * n + j] = 1;
			chunks_extent(&ch[i * n + j], &word, &whole);
			for (k = 0; k < ce->npics; k++) {
				if (ce->pics[k].min_w > word)
					word = ce->pics[k].min_w;
				if (ce->pics[k].w > whole)
					whole = ce->pics[k].w;
			}
			if (head) {
				if (word > head_min)
					head_min = word;
				if (whole > head_max)
					head_max = whole;
			} else {
				if (word > c->min)
					c->min = word;
				if (whole > cell)
					cell = whole;
			}
		}
		if (head_min > c->min)
			c->min = head_min;
		lv[0][j] = c->min + 2 * t->pad;
		lv[1][j] = (cell > c->min ? cell : c->min) + 2 * t->pad;
		lv[2][j] = (head_max > cell ? head_max : cell) + 2 * t->pad;
		if (lv[2][j] < lv[1][j])
			lv[2][j] = lv[1][j];
		c->max = lv[2][j];
		c->min = lv[0][j];
		if (c->fixed) {
			fixed += c->width;
			cw[j] = c->width;
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
		double k2 = sum[2] > 0 ? rest / sum[2] : 1;
		for (j = 0; j < n; j++)
			if (!t->cols[j].fixed)
				t->cols[j].width = lv[2][j] * k2;
		goto out;
	}
	for (j = 0; j < n; j++)
		if (!t->cols[j].fixed)
			cw[j] = lv[0][j];
	rest -= sum[0];
	if (rest < sum[1] - sum[0])
		rest = fit_lines(t, &w, ch, sizing, cw, rest);
	rest = fit_share(t, cw, lv[1], rest);
	fit_share(t, cw, lv[2], rest);
	for (j = 0; j < n; j++)
		if (!t->cols[j].fixed)
			t->cols[j].width = cw[j];
out:
	for (i = 0; i < w.n * n; i++)
		chunks_free(&ch[i]);
	free(ch);
	free(sizing);
	free(cw);
	for (l = 0; l < 3; l++)
		free(lv[l]);
	view_free(t, &w);
	return ret;
}

int table_fit_size(struct table *t, double width, double floor, double *missing)
{
	double size = t->size;

	for (;;) {
		if (table_fit(t, width) == 0) {
			*missing = 0;
			return 0;
		}
		if (size - 0.5 < floor - 1e-9)
			break;
		size -= 0.5;
		t->size = size;
	}
	*missing = table_width(t) - width;
	return -1;
}

double table_width(const struct table *t)
{
	double w = 0;
	size_t j;

	for (j = 0; j < t->ncols; j++)
		w += t->cols[j].width;
	return w;
}

/* ---- drawing ---- */

/* A cell's content broken into its width: lines, then pictures. */
struct cell_lay {
	struct lines ls;
	double text_h, h;
	double *pw, *ph;     /* pictures' drawn sizes */
};

static int cell_prepare(const struct table *t, const struct table_cell *c, int bold, enum align al,
			double w, struct pos at, struct cell_lay *cl)
{
	struct para p;
	size_t s, k;
	int errs;

	memset(cl, 0, sizeof *cl);
	para_init(&p, al, w > 1 ? w : 1);
	p.leading = t->size * 1.2;
	p.nobreak = t->nobreak;
	for (s = 0; s < c->text.n; s++) {
		const struct span *sp = &c->text.spans[s];
		size_t before = p.n;

		para_add(&p, cell_face(sp->face, bold), t->size, sp->text, sp->url, sp->pos.line ? sp->pos : at);
		if (p.n > before)
			p.spans[p.n - 1].rgb = sp->rgb;
	}
	errs = para_check_glyphs(&p, t->m);
	if (p.n)
		layout_break(t->m, &p, &cl->ls);
	para_free(&p);
	for (k = 0; k < cl->ls.n; k++)
		cl->text_h += cl->ls.v[k].leading;
	cl->h = cl->text_h;
	if (c->npics) {
		cl->pw = xcalloc(c->npics, sizeof *cl->pw);
		cl->ph = xcalloc(c->npics, sizeof *cl->ph);
	}
	for (k = 0; k < c->npics; k++) {
		const struct table_pic *pc = &c->pics[k];
		double pw = pc->w < w ? pc->w : w;

		if (pw < pc->min_w - 0.5)
			diag_warning(pc->pos, "the picture \"%s\" is %.0f mm wide in its table cell, too narrow to "
				     "read (it needs %.0f mm): give its column more room, or put the picture "
				     "on a line of its own", pc->name, pw * 25.4 / 72, pc->min_w * 25.4 / 72);
		cl->pw[k] = pw;
		cl->ph[k] = pc->w > 0 ? pc->h * pw / pc->w : 0;
		if (cl->h > 0)
			cl->h += TABLE_PIC_GAP;
		cl->h += cl->ph[k];
	}
	return errs;
}

static void cell_lay_free(struct cell_lay *cl)
{
	lines_free(&cl->ls);
	free(cl->pw);
	free(cl->ph);
}

/* Where a grid position's content starts: left over merged cells, up
 * over header cells that span downwards. */
static void origin(const struct table_row *const *rows, size_t r, size_t j, size_t *r0, size_t *j0)
{
	for (;;) {
		if (j > 0 && rows[r]->cells[j].merged)
			j--;
		else if (r > 0 && rows[r]->cells[j].span_up)
			r--;
		else
			break;
	}
	*r0 = r;
	*j0 = j;
}

/* Rows [0, n) of rows as one fixed block: each cell's text and pictures
 * (centred vertically, or from the top in a row that holds pictures), a
 * rule over the block and under each row, an upright rule at each edge
 * between two different cells. */
static int rows_block(const struct table *t, struct flow *f, double x0, const struct table_row *const *rows,
		      size_t n, int header)
{
	size_t nc = t->ncols, r, j, r0, j0, k;
	struct cell_lay *cl = xcalloc(n * (nc ? nc : 1), sizeof *cl);
	size_t *rend = xcalloc(n * (nc ? nc : 1), sizeof *rend), *jend = xcalloc(n * (nc ? nc : 1), sizeof *jend);
	double *cx = xcalloc(nc + 1, sizeof *cx), *rh = xcalloc(n, sizeof *rh), *ry = xcalloc(n + 1, sizeof *ry);
	double vpad = t->size * 0.25, W;
	struct block *b;
	struct box bx = { 0 };
	int errs = 0, *pics = xcalloc(n, sizeof *pics);

	for (j = 0; j < nc; j++)
		cx[j + 1] = cx[j] + t->cols[j].width;
	W = cx[nc];
	/* the extent of each cell that starts at (r, j) */
	for (r = 0; r < n; r++)
		for (j = 0; j < nc; j++) {
			origin(rows, r, j, &r0, &j0);
			if (rend[r0 * nc + j0] < r)
				rend[r0 * nc + j0] = r;
			if (jend[r0 * nc + j0] < j)
				jend[r0 * nc + j0] = j;
			if (r0 == r && j0 == j) {
				if (rend[r * nc + j] < r)
					rend[r * nc + j] = r;
				if (jend[r * nc + j] < j)
					jend[r * nc + j] = j;
			}
		}
	for (r = 0; r < n; r++) {
		int bold = header || (rows[r]->flags & TABLE_ROW_BOLD);

		rh[r] = t->size * 1.2;
		for (j = 0; j < nc; j++) {
			const struct table_cell *c = &rows[r]->cells[j];
			double w;

			origin(rows, r, j, &r0, &j0);
			if (r0 != r || j0 != j)
				continue;
			w = cx[jend[r * nc + j] + 1] - cx[j] - 2 * t->pad;
			errs += cell_prepare(t, c, bold, header ? ALIGN_CENTER : t->cols[j].align, w,
					     rows[r]->pos, &cl[r * nc + j]);
			if (c->npics)
				pics[r] = 1;
			if (rend[r * nc + j] == r && cl[r * nc + j].h > rh[r])
				rh[r] = cl[r * nc + j].h;
		}
	}
	/* a cell over several rows makes its last row taller when it needs */
	for (r = 0; r < n; r++)
		for (j = 0; j < nc; j++) {
			size_t e = rend[r * nc + j];
			double have = 0;

			origin(rows, r, j, &r0, &j0);
			if (r0 != r || j0 != j || e == r)
				continue;
			for (k = r; k <= e; k++)
				have += rh[k] + (k < e ? 2 * vpad : 0);
			if (cl[r * nc + j].h > have)
				rh[e] += cl[r * nc + j].h - have;
		}
	for (r = 0; r < n; r++)
		ry[r + 1] = ry[r] + rh[r] + 2 * vpad;
	b = flow_add_fixed(f, ry[n]);
	b->x = x0;
	for (r = 0; r < n; r++)
		for (j = 0; j < nc; j++) {
			const struct table_cell *c = &rows[r]->cells[j];
			const struct cell_lay *l = &cl[r * nc + j];
			double top, x = cx[j] + t->pad, inner, y, w;

			origin(rows, r, j, &r0, &j0);
			if (r0 != r || j0 != j)
				continue;
			inner = ry[rend[r * nc + j] + 1] - ry[r] - 2 * vpad;
			w = cx[jend[r * nc + j] + 1] - cx[j] - 2 * t->pad;
			top = ry[r] + vpad + (pics[r] ? 0 : (inner - l->h) / 2);
			y = block_add_lines(b, &l->ls, x, top);
			for (k = 0; k < c->npics; k++) {
				if (y > top)
					y += TABLE_PIC_GAP;
				bx.type = c->pics[k].qr ? BOX_QR : BOX_IMAGE;
				bx.image = c->pics[k].img;
				bx.qr = c->pics[k].qr;
				bx.x = x + (w - l->pw[k]) / 2;
				bx.y = y;
				bx.w = l->pw[k];
				bx.h = l->ph[k];
				block_add_box(b, &bx);
				y += l->ph[k];
			}
		}
	memset(&bx, 0, sizeof bx);
	/* the grid: over the block, under each cell, upright between cells */
	bx.type = BOX_RULE;
	bx.h = t->rule;
	bx.x = 0;
	bx.w = W;
	bx.y = 0;
	if (header)
		block_add_box(b, &bx);
	for (r = 0; r < n; r++) {
		size_t from = 0;

		/* one rule for each run of columns whose cells end here */
		for (j = 0; j <= nc; j++) {
			int ends = 0;

			if (j < nc) {
				size_t a0, b0, a1, b1;
				origin(rows, r, j, &a0, &b0);
				ends = 1;
				if (r + 1 < n) {
					origin(rows, r + 1, j, &a1, &b1);
					ends = !(a0 == a1 && b0 == b1);
				}
			}
			if (ends)
				continue;
			if (j > from) {
				bx.x = cx[from];
				bx.w = cx[j] - cx[from];
				bx.y = ry[r + 1];
				block_add_box(b, &bx);
			}
			from = j + 1;
		}
	}
	bx.type = BOX_RECT;
	bx.w = t->rule;
	for (r = 0; r < n; r++)
		for (j = 0; j <= nc; j++) {
			if (j > 0 && j < nc) {
				size_t a0, b0, a1, b1;
				origin(rows, r, j - 1, &a0, &b0);
				origin(rows, r, j, &a1, &b1);
				if (a0 == a1 && b0 == b1)
					continue;
			}
			bx.x = cx[j] - t->rule / 2;
			bx.y = ry[r];
			bx.h = ry[r + 1] - ry[r];
			block_add_box(b, &bx);
		}
	for (k = 0; k < n * nc; k++)
		cell_lay_free(&cl[k]);
	free(cl);
	free(rend);
	free(jend);
	free(cx);
	free(rh);
	free(ry);
	free(pics);
	return errs;
}

int table_layout(const struct table *t, struct flow *f, double x)
{
	struct rows_view w;
	size_t i;
	long hi = -1;
	int errs = 0;

	view_init(t, &w);
	if (w.nhead) {
		hi = (long)f->n;
		errs += rows_block(t, f, x, w.v, w.nhead, 1);
		f->v[hi].keep_with_next = 1;   /* never a header alone at a page's foot */
		f->v[hi].space_before = 6;
	}
	for (i = w.nhead; i < w.n; i++) {
		errs += rows_block(t, f, x, w.v + i, 1, 0);
		f->v[f->n - 1].repeat = hi;
		if (i == w.nhead && hi < 0)
			f->v[f->n - 1].space_before = 6;
		/* a closing row (the totals) never starts a page alone */
		if (i + 2 == w.n && w.n - w.nhead > 1 && (w.v[i + 1]->flags & TABLE_ROW_BOLD))
			f->v[f->n - 1].keep_with_next = 1;
	}
	view_free(t, &w);
	return errs;
}

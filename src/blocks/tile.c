/* Tiling a poster onto A4 sheets. The sheets of a column (row) overlap by
 * TILE_OVERLAP: the sheet to the right (below) has its left (top) margin
 * cut off at the marks and is glued over the strip its neighbour prints
 * the same. So the visible seam is that sheet's cut edge, and the whole
 * strip is kept clear of QR codes and the headline. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tile.h"
#include "panel.h"
#include "../util/utf8.h"
#include "../util/util.h"

#define MAX_SHEETS 16
#define TILE_LABEL 9.0          /* pt: how to print and glue, read at arm's length */
#define TILE_LABEL_EDGE MM(6)   /* the labels stay this far from the paper's sides */

struct iv {
	double a, b;
};

struct ivs {
	struct iv *v;
	size_t n, cap;
	int edge;   /* only the seam's visible edge (the strip's start) must miss
		     * these (lines of text): the strip's far end lies under the
		     * sheet glued over it */
};

static void ivs_add(struct ivs *s, double a, double b)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n].a = a;
	s->v[s->n].b = b;
	s->n++;
}

/* The largest p <= p0 such that the strip [p - ov, p] misses every
 * interval (scaled by s), or -1 when it would come down to lo. */
static double seam_clear(double p0, double lo, double ov, const struct ivs *const *f, int nf, double s)
{
	double p = p0;
	int guard, k;

	for (guard = 0; guard < 10000; guard++) {
		double low = p;
		int hit = 0;
		size_t i;

		if (p - ov <= lo + 1e-6)
			return -1;
		for (k = 0; k < nf; k++)
			for (i = 0; i < f[k]->n; i++) {
				double a = f[k]->v[i].a * s, b = f[k]->v[i].b * s;
				if (f[k]->edge)
					a += ov;   /* (p - ov) in (a, b) */
				if (p - ov < b && p > a && a < low) {
					low = a;
					hit = 1;
				}
			}
		if (!hit)
			return p;
		p = low;
	}
	return -1;
}

/* Places k sheets of capacity cap along a poster of length L: sheet i
 * shows [a[i], a[i] + len[i]]; each next one starts ov before the end of
 * the one before. Seams as late as they can be (greedy: if any placement
 * works, this one does). Returns 0, or -1 when k sheets cannot do it. */
static int tile_axis(double L, double cap, double ov, int k, const struct ivs *const *f, int nf, double s,
		     double *a, double *len)
{
	double at = 0;
	int i;

	if (k == 1) {
		if (L > cap + 1e-6)
			return -1;
		a[0] = 0;
		len[0] = L;
		return 0;
	}
	for (i = 0; i < k - 1; i++) {
		double end = at + cap < L ? at + cap : L;
		double p = seam_clear(end, at, ov, f, nf, s);
		if (p < 0)
			return -1;
		a[i] = at;
		len[i] = p - at;
		at = p - ov;
	}
	if (L - at > cap + 1e-6)
		return -1;
	a[k - 1] = at;
	len[k - 1] = L - at;
	return 0;
}

/* The sheet's number in reading order, 1-based. */
static int sheet_no(const struct tile_plan *t, int r, int c)
{
	return r * t->cols + c + 1;
}

/* The boxes of src that show in the region [x0, x1] × [y0, y1] (poster pt):
 * text by its ascender-to-descender extent, the rest by its rectangle. */
static int box_shows(const struct box *b, double x0, double y0, double x1, double y1)
{
	double bx0 = b->x, bx1 = b->x + b->w, by0 = b->y, by1 = b->y + b->h;

	switch (b->type) {
	case BOX_TEXT:
		by0 = b->y - b->size * 0.95;
		by1 = b->y + b->size * 0.3;
		break;
	case BOX_RULE:
		by0 = b->y - b->h / 2;
		by1 = b->y + b->h / 2;
		break;
	case BOX_QR:
		by1 = b->y + b->w;
		break;
	case BOX_LINK:
	case BOX_CLIP:
		return 0;   /* paper has no links; sheets clip on their own */
	default:
		break;
	}
	return bx0 < x1 && bx1 > x0 && by0 < y1 && by1 > y0;
}

/* A word the sheet's edge cuts: only its letters that show, each in its
 * own box, so the sheet's text layer holds what the sheet prints. */
static void tile_text_part(struct page *pg, const struct box *b, const struct measure *m, double s,
			   double dx, double dy, double x0, double x1)
{
	const char *c = b->text;
	double x = b->x;

	while (c && *c) {
		uint32_t cp;
		int n = utf8_decode(c, &cp);
		double adv = measure_textn(m, b->face, b->size, c, (size_t)n);

		if (x < x1 && x + adv > x0) {
			struct box one = *b;
			char *t = xstrndup(c, (size_t)n);
			one.text = t;
			one.x = x;
			one.w = adv;
			page_add_copy_scaled(pg, &one, s, dx, dy);
			free(t);
		}
		x += adv;
		c += n;
	}
}

static void sheet_label(struct page *pg, const struct measure *m, double x, double y, double size,
			enum face f, const char *text)
{
	double tw = measure_text(m, f, size, text);
	page_add_text(pg, x - tw / 2, y, f, size, text, tw);
}

/* A sheet's label, centred on a sheet W wide at baseline y, in TILE_LABEL
 * pt, smaller only when it would reach the printer's white edge. */
static void sheet_label_fit(struct page *pg, const struct measure *m, double W, double y, enum face f,
			    const char *text)
{
	double size = TILE_LABEL, tw = measure_text(m, f, size, text);

	if (tw > W - 2 * TILE_LABEL_EDGE)
		size *= (W - 2 * TILE_LABEL_EDGE) / tw;
	sheet_label(pg, m, W / 2, y, size, f, text);
}

static void tile_sheet(struct layout_doc *ld, const struct page *src, const struct tile_plan *t, int r, int c,
		       const struct measure *m)
{
	double W = t->landscape ? MM(297) : MM(210), H = t->landscape ? MM(210) : MM(297);
	struct page *pg = layout_page_new(ld, W, H);
	double s = t->scale;
	/* the shown part on the sheet, and the poster region it is */
	double sx0 = TILE_MARGIN + t->off[0], sy0 = TILE_MARGIN + t->off[1];
	double sx1 = sx0 + t->len[0][c], sy1 = sy0 + t->len[1][r];
	double px0 = t->a[0][c] / s, py0 = t->a[1][r] / s;
	double px1 = (t->a[0][c] + t->len[0][c]) / s, py1 = (t->a[1][r] + t->len[1][r]) / s;
	double dx = sx0 - t->a[0][c], dy = sy0 - t->a[1][r], k = MM(3), gap = MM(1);
	struct buf lab, glue, next;
	size_t i;
	int n = t->rows * t->cols, me = sheet_no(t, r, c);

	page_add_clip(pg, sx0, sy0, sx1 - sx0, sy1 - sy0);
	for (i = 0; i < src->n; i++) {
		const struct box *b = &src->boxes[i];
		if (!box_shows(b, px0, py0, px1, py1))
			continue;
		if (b->type == BOX_TEXT && (b->x < px0 || b->x + b->w > px1))
			tile_text_part(pg, b, m, s, dx, dy, px0, px1);
		else
			page_add_copy_scaled(pg, b, s, dx, dy);
	}
	page_add_clip(pg, 0, 0, 0, 0);
	/* corner marks, 6 to 9 mm in from the paper's edges (printers leave 5 mm) */
	panel_mark_h(pg, sx0 - gap - k, sy0, k);
	panel_mark_v(pg, sx0, sy0 - gap - k, k);
	panel_mark_h(pg, sx1 + gap, sy0, k);
	panel_mark_v(pg, sx1, sy0 - gap - k, k);
	panel_mark_h(pg, sx0 - gap - k, sy1, k);
	panel_mark_v(pg, sx0, sy1 + gap, k);
	panel_mark_h(pg, sx1 + gap, sy1, k);
	panel_mark_v(pg, sx1, sy1 + gap, k);
	/* where a neighbour's cut edge will lie on this sheet's glue strip */
	if (c + 1 < t->cols) {
		panel_mark_v(pg, sx1 - TILE_OVERLAP, sy0 - gap - k, k);
		panel_mark_v(pg, sx1 - TILE_OVERLAP, sy1 + gap, k);
	}
	if (r + 1 < t->rows) {
		panel_mark_h(pg, sx0 - gap - k, sy1 - TILE_OVERLAP, k);
		panel_mark_h(pg, sx1 + gap, sy1 - TILE_OVERLAP, k);
	}
	/* the sheet's number and how to print it above the poster, how to
	 * glue it below, in TILE_LABEL pt between the printer's white edge
	 * and the marks; what its neighbours do goes with whichever line has
	 * room for it */
	buf_init(&lab);
	buf_init(&glue);
	buf_init(&next);
	buf_printf(&lab, "Tờ %d/%d (hàng %d, cột %d), in khổ A4 %s, đúng cỡ (100 %%)", me, n, r + 1, c + 1,
		   t->landscape ? "ngang" : "dọc");
	if (c > 0)
		buf_printf(&glue, "Cắt mép trái theo dấu, dán đè lên tờ %d", sheet_no(t, r, c - 1));
	if (r > 0)
		buf_printf(&glue, "%s mép trên theo dấu, dán đè lên tờ %d", glue.len ? "; cắt" : "Cắt",
			   sheet_no(t, r - 1, c));
	if (c + 1 < t->cols || r + 1 < t->rows) {
		buf_adds(&next, "tờ ");
		if (c + 1 < t->cols)
			buf_printf(&next, "%d", sheet_no(t, r, c + 1));
		if (c + 1 < t->cols && r + 1 < t->rows)
			buf_adds(&next, " và ");
		if (r + 1 < t->rows)
			buf_printf(&next, "%d", sheet_no(t, r + 1, c));
		buf_printf(&next, " dán đè lên mép %s", c + 1 < t->cols && r + 1 < t->rows ? "phải và mép dưới"
			   : c + 1 < t->cols ? "phải" : "dưới");
	}
	if (next.len) {
		size_t before = glue.len;

		buf_adds(&glue, glue.len ? "; " : "Tờ này nằm dưới: ");
		buf_adds(&glue, buf_str(&next));
		if (measure_text(m, FACE_SANS, TILE_LABEL, buf_str(&glue)) > W - 2 * TILE_LABEL_EDGE) {
			glue.len = before;
			buf_adds(&lab, "; ");
			buf_adds(&lab, buf_str(&next));
		}
	}
	sheet_label_fit(pg, m, W, MM(8.5), FACE_SANS_BOLD, buf_str(&lab));
	if (glue.len)
		sheet_label_fit(pg, m, W, H - MM(6.6), FACE_SANS, buf_str(&glue));
	buf_free(&next);
	buf_free(&glue);
	buf_free(&lab);
}

struct layout_doc *tile_poster(const struct layout_doc *poster, const struct tile_keep *keep, size_t nkeep,
			       const struct measure *m, struct tile_plan *plan)
{
	const struct page *src = &poster->pages[0];
	struct ivs qx = { 0 }, qy = { 0 }, hy = { 0 }, ty = { 0 };
	struct tile_plan best, t;
	struct layout_doc *ld = layout_doc_new();
	int have = 0, best_soft = 0, r, c;
	size_t i;

	ty.edge = 1;

	for (i = 0; i < src->n; i++) {
		const struct box *b = &src->boxes[i];
		if (b->type == BOX_QR) {
			ivs_add(&qx, b->x, b->x + b->w);
			ivs_add(&qy, b->y, b->y + b->w);
		} else if (b->type == BOX_TEXT) {
			ivs_add(&ty, b->y - b->size * 0.95, b->y + b->size * 0.3);
		}
	}
	for (i = 0; i < nkeep; i++)
		ivs_add(&hy, keep[i].y0, keep[i].y1);
	memset(&best, 0, sizeof best);
	for (t.landscape = 0; t.landscape < 2; t.landscape++) {
		double cw = (t.landscape ? MM(297) : MM(210)) - 2 * TILE_MARGIN;
		double ch = (t.landscape ? MM(210) : MM(297)) - 2 * TILE_MARGIN;
		int step;

		for (step = 0; step <= (int)lround((1 - TILE_SCALE_MIN) * 100); step++) {
			double s = 1 - step / 100.0, L = src->width * s, H = src->height * s;
			int c0 = L <= cw ? 1 : (int)ceil((L - TILE_OVERLAP) / (cw - TILE_OVERLAP) - 1e-9);
			int r0 = H <= ch ? 1 : (int)ceil((H - TILE_OVERLAP) / (ch - TILE_OVERLAP) - 1e-9);

			t.scale = s;
			for (t.cols = c0; t.cols <= c0 + 2 && t.cols <= MAX_SHEETS; t.cols++)
				for (t.rows = r0; t.rows <= r0 + 2 && t.rows <= MAX_SHEETS; t.rows++) {
					const struct ivs *fx[1] = { &qx }, *fy[3] = { &qy, &hy, &ty };
					int soft = 1;

					if (have && t.rows * t.cols > best.rows * best.cols)
						continue;
					if (tile_axis(L, cw, TILE_OVERLAP, t.cols, fx, 1, s, t.a[0], t.len[0]) != 0)
						continue;
					if (tile_axis(H, ch, TILE_OVERLAP, t.rows, fy, 3, s, t.a[1], t.len[1]) != 0) {
						soft = 0;
						if (tile_axis(H, ch, TILE_OVERLAP, t.rows, fy, 2, s, t.a[1], t.len[1]) != 0)
							continue;
					}
					/* fewest sheets, then seams clear of text, then the larger scale */
					if (!have || t.rows * t.cols < best.rows * best.cols ||
					    (t.rows * t.cols == best.rows * best.cols &&
					     (soft > best_soft || (soft == best_soft && s > best.scale + 1e-9)))) {
						t.off[0] = t.cols == 1 ? (cw - L) / 2 : 0;
						t.off[1] = t.rows == 1 ? (ch - H) / 2 : 0;
						best = t;
						best_soft = soft;
						have = 1;
					}
				}
		}
	}
	free(qx.v);
	free(qy.v);
	free(hy.v);
	free(ty.v);
	if (!have) {
		/* a QR code taller than a sheet: cut it anyway, at 100 % */
		double cw = MM(210) - 2 * TILE_MARGIN, ch = MM(297) - 2 * TILE_MARGIN;
		const struct ivs *none[1] = { NULL };
		memset(&best, 0, sizeof best);
		best.scale = 1;
		best.cols = src->width <= cw ? 1 : (int)ceil((src->width - TILE_OVERLAP) / (cw - TILE_OVERLAP));
		best.rows = src->height <= ch ? 1 : (int)ceil((src->height - TILE_OVERLAP) / (ch - TILE_OVERLAP));
		if (best.cols > MAX_SHEETS)
			best.cols = MAX_SHEETS;
		if (best.rows > MAX_SHEETS)
			best.rows = MAX_SHEETS;
		tile_axis(src->width, cw, TILE_OVERLAP, best.cols, none, 0, 1, best.a[0], best.len[0]);
		tile_axis(src->height, ch, TILE_OVERLAP, best.rows, none, 0, 1, best.a[1], best.len[1]);
	}
	for (r = 0; r < best.rows; r++)
		for (c = 0; c < best.cols; c++)
			tile_sheet(ld, src, &best, r, c, m);
	ld->title = xstrdup(poster->title ? poster->title : "");
	ld->author = xstrdup(poster->author ? poster->author : "");
	ld->subject = xstrdup("ghép A4");
	if (plan)
		*plan = best;
	return ld;
}

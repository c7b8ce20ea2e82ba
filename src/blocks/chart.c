/* Horizontal bar charts as rectangles and text boxes, for grey print. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "chart.h"
#include "../util/util.h"

#define NBSP "\xC2\xA0"
#define DASH_ON 4.0     /* the target line: 4 pt drawn, 3 pt gap */
#define DASH_OFF 3.0
#define OUTLINE 0.6     /* around a reached bar, pt */
#define CHART_KEEP_FIRST 3  /* bars kept with the scale at a page's foot */
#define CHART_KEEP_LAST 3   /* bars kept together at the end of a chart split over pages */

void chart_style_init(struct chart_style *st, double width)
{
	memset(st, 0, sizeof *st);
	st->face = FACE_SERIF;
	st->size = 11;
	st->width = width;
	st->bar_pitch = MM(6);
	st->bar_fill = 0.62;
	/* about 65 % and 15 % grey: apart on any laser printer, and black
	 * text stays readable next to both */
	st->colour = 0x595959;
	st->colour_hi = 0xD9D9D9;
	st->grid_colour = 0xC8C8C8;
	st->target = -1;
	st->mark = "Đạt";
}

double chart_scale_max(const struct chart_style *st, const struct chart_bar *bars, size_t n)
{
	double top = st->target > 0 ? st->target : 0, m;
	size_t i;

	if (st->scale_max > 0)
		return st->scale_max;
	for (i = 0; i < n; i++)
		if (bars[i].value > top)
			top = bars[i].value;
	/* "above": a bar of exactly 40 % still gets room for its value */
	m = floor(top / 10 + 1e-9) * 10 + 10;
	return m > 100 ? 100 : m;
}

static double clamp(double v, double max)
{
	return v < 0 ? 0 : v > max ? max : v;
}

/* The scale's step: 10 % up to 60 %, else 20 % when it divides the end. */
static int scale_step(double max)
{
	int m = (int)(max + 0.5);

	return m <= 60 || m % 20 ? 10 : 20;
}

static void add_text(struct block *b, const struct measure *m, enum face f, double size,
		     double x, double base, const char *s)
{
	struct box t = { 0 };

	t.type = BOX_TEXT;
	t.face = f;
	t.size = size;
	t.h = size;
	t.x = x;
	t.y = base;
	t.w = measure_text(m, f, size, s);
	t.text = (char *)s;
	block_add_box(b, &t);
}

static void add_rect(struct block *b, double x, double y, double w, double h, unsigned rgb)
{
	struct box r = { 0 };

	r.type = BOX_RECT;
	r.x = x;
	r.y = y;
	r.w = w;
	r.h = h;
	r.rgb = rgb;
	block_add_box(b, &r);
}

/* Where things go, the same in every block. */
struct geom {
	double bar_x;          /* where bars start */
	double full;           /* length of the whole scale */
	double max;            /* the scale's end, per cent */
	double label_w;        /* room for names */
	double head_h;         /* the header block */
};

static void geometry(const struct measure *m, const struct chart_style *st, const struct chart_bar *bars,
		     size_t n, struct geom *g)
{
	enum face bold = face_style(st->face, 1, 0);
	double value_w = measure_text(m, st->face, st->size, "100,0%");
	size_t i;

	g->label_w = 0;
	for (i = 0; i < n; i++) {
		double w = measure_text(m, st->face, st->size, bars[i].label ? bars[i].label : "");
		double v = bars[i].text ? measure_text(m, st->face, st->size, bars[i].text) : 0;

		if (bars[i].highlight && st->mark)
			v += st->size * 0.3 + measure_text(m, bold, st->size, st->mark);
		if (w > g->label_w)
			g->label_w = w;
		if (v > value_w)
			value_w = v;
	}
	/* a very long name is written smaller rather than squeeze the bars */
	if (g->label_w > st->width * 0.32)
		g->label_w = st->width * 0.32;
	g->bar_x = g->label_w + st->size * 0.6;
	g->full = st->width - g->bar_x - value_w - st->size * 0.5;
	if (g->full < st->width * 0.3)
		g->full = st->width * 0.3;
	g->max = chart_scale_max(st, bars, n);
	/* target label, tick labels, tick marks */
	g->head_h = (st->target >= 0 && st->target_text ? st->size * 1.5 : 0) + (st->size - 1) * 1.3 + 4;
}

static double x_of(const struct geom *g, double v)
{
	return g->bar_x + g->full * clamp(v, g->max) / g->max;
}

/* The header: the target's label over where its line runs, then the
 * scale's labels and ticks. */
static void chart_head(struct flow *f, const struct measure *m, const struct chart_style *st,
		       const struct geom *g, double x)
{
	struct block *b = flow_add_fixed(f, g->head_h);
	double y = 0, step = scale_step(g->max), v;

	b->x = x;
	b->no_split = 1;
	b->keep_with_next = 1;
	b->space_before = 4;
	if (st->target >= 0 && st->target_text) {
		enum face bold = face_style(st->face, 1, 0);
		double tw = measure_text(m, bold, st->size, st->target_text);
		double lx = x_of(g, st->target) - tw / 2;

		if (lx + tw > st->width)
			lx = st->width - tw;
		if (lx < 0)
			lx = 0;
		add_text(b, m, bold, st->size, lx, st->size, st->target_text);
		y = st->size * 1.5;
	}
	for (v = 0; v <= g->max + 1e-9; v += step) {
		char lbl[32];
		double tx = x_of(g, v), tw;

		snprintf(lbl, sizeof lbl, "%d%%", (int)(v + 0.5));
		tw = measure_text(m, st->face, st->size - 1, lbl);
		add_text(b, m, st->face, st->size - 1, tx - tw / 2, y + (st->size - 1) * 0.95, lbl);
		add_rect(b, tx - 0.3, g->head_h - 3, 0.6, 3, 0);
	}
	{
		struct box r = { 0 };

		r.type = BOX_RULE;
		r.x = g->bar_x;
		r.y = g->head_h;
		r.w = g->full;
		r.h = 0.6;
		block_add_box(b, &r);
	}
}

/* One bar as a block of the pitch's height; k is its place in the chart,
 * which keeps the target's dashes in step from block to block. */
static void chart_row(struct flow *f, const struct measure *m, const struct chart_style *st,
		      const struct geom *g, const struct chart_bar *c, size_t k, double x, long head)
{
	struct block *b = flow_add_fixed(f, st->bar_pitch);
	double pitch = st->bar_pitch, bh = pitch * st->bar_fill, yc = pitch / 2;
	double len = x_of(g, c->value) - g->bar_x, step = scale_step(g->max), v;
	const char *label = c->label ? c->label : "";
	double lw = measure_text(m, st->face, st->size, label), size = st->size;
	double vx0 = g->bar_x + len + st->size * 0.3, vx1 = vx0;

	b->x = x;
	b->repeat = head;
	/* light grid at every step, under the bars */
	for (v = step; v <= g->max + 1e-9; v += step)
		add_rect(b, x_of(g, v) - 0.15, 0, 0.3, pitch, st->grid_colour);
	if (lw > g->label_w) {
		size = st->size * g->label_w / lw;
		lw = g->label_w;
	}
	add_text(b, m, st->face, size, g->label_w - lw, yc + size * 0.35, label);
	if (len > 0) {
		if (c->highlight) {
			/* light fill inside a black outline */
			add_rect(b, g->bar_x, yc - bh / 2, len, bh, 0);
			if (len > 2 * OUTLINE)
				add_rect(b, g->bar_x + OUTLINE, yc - bh / 2 + OUTLINE, len - 2 * OUTLINE,
					 bh - 2 * OUTLINE, st->colour_hi);
		} else {
			add_rect(b, g->bar_x, yc - bh / 2, len, bh, st->colour);
		}
	}
	if (c->text) {
		add_text(b, m, st->face, st->size, vx0, yc + st->size * 0.35, c->text);
		vx1 = vx0 + measure_text(m, st->face, st->size, c->text);
	}
	if (c->highlight && st->mark) {
		enum face bold = face_style(st->face, 1, 0);
		double mx = vx1 + st->size * 0.3;

		add_text(b, m, bold, st->size, mx, yc + st->size * 0.35, st->mark);
		vx1 = mx + measure_text(m, bold, st->size, st->mark);
	}
	/* the axis at 0 % */
	add_rect(b, g->bar_x - 0.3, 0, 0.6, pitch, 0);
	/* the target: dashes in step with the rows above, none across the
	 * value written in this row */
	if (st->target >= 0) {
		double tx = x_of(g, st->target), gap = 1.5;

		if (!(c->text && tx > vx0 - gap && tx < vx1 + gap)) {
			double period = DASH_ON + DASH_OFF, y0 = (double)k * pitch;
			double d = floor(y0 / period) * period;

			for (; d < y0 + pitch; d += period) {
				double a = d > y0 ? d : y0, e = d + DASH_ON < y0 + pitch ? d + DASH_ON : y0 + pitch;

				if (e > a)
					add_rect(b, tx - 0.5, a - y0, 1.0, e - a, 0);
			}
		}
	}
}

int chart_layout(struct flow *f, const struct measure *m, const struct chart_style *st,
		 const struct chart_bar *bars, size_t n, double x, struct pos at)
{
	struct geom g;
	size_t i;
	long head;
	int errs = 0;
	struct para p;

	/* every name goes through the glyph check of the engine first, so a
	 * letter the font lacks is reported at the data file, not drawn blank */
	para_init(&p, ALIGN_LEFT, st->width);
	for (i = 0; i < n; i++)
		if (bars[i].label && *bars[i].label) {
			para_add(&p, st->face, st->size, bars[i].label, NULL, at);
			para_add(&p, st->face, st->size, " ", NULL, at);
		}
	if (st->target_text)
		para_add(&p, face_style(st->face, 1, 0), st->size, st->target_text, NULL, at);
	if (st->mark)
		para_add(&p, face_style(st->face, 1, 0), st->size, st->mark, NULL, at);
	errs += para_check_glyphs(&p, m);
	para_free(&p);
	if (errs || !n)
		return errs;
	geometry(m, st, bars, n, &g);
	head = (long)f->n;
	chart_head(f, m, st, &g, x);
	for (i = 0; i < n; i++) {
		chart_row(f, m, st, &g, &bars[i], i, x, head);
		/* the scale and the first three bars start a page together,
		 * and the last three bars end one together */
		if (i + 1 < CHART_KEEP_FIRST || i + CHART_KEEP_LAST >= n)
			f->v[f->n - 1].keep_with_next = 1;
	}
	/* the foot of the bars */
	{
		struct block *b = flow_add_fixed(f, 4);
		struct box r = { 0 };

		b->x = x;
		r.type = BOX_RULE;
		r.x = g.bar_x;
		r.y = 0;
		r.w = g.full;
		r.h = 0.6;
		block_add_box(b, &r);
		f->v[f->n - 2].keep_with_next = 1;
	}
	/* a chart that fits on a page is never split: it moves whole */
	f->v[head].keep_together = f->n - (size_t)head;
	return errs;
}

/* Horizontal bar charts as rectangles and text boxes. */
#include <stdio.h>
#include <string.h>
#include "chart.h"
#include "../util/util.h"

#define NBSP "\xC2\xA0"

void chart_style_init(struct chart_style *st, double width)
{
	memset(st, 0, sizeof *st);
	st->face = FACE_SERIF;
	st->size = 11;
	st->width = width;
	st->bar_pitch = MM(6);
	st->bar_fill = 0.62;
	st->colour = 0x2F5F9E;
	st->colour_hi = 0x2E8B57;
	st->target_colour = 0xC0392B;
	st->target = -1;
	st->max_bars = 36;
}

static double clamp100(double v)
{
	return v < 0 ? 0 : v > 100 ? 100 : v;
}

void chart_geometry(const struct measure *m, const struct chart_style *st,
		    const struct chart_bar *bars, size_t n, double *bar_x, double *full)
{
	double label_w = 0, value_w = measure_text(m, st->face, st->size, "100,0" NBSP "%");
	size_t i;

	for (i = 0; i < n; i++) {
		double w = measure_text(m, st->face, st->size, bars[i].label ? bars[i].label : "");
		double v = bars[i].text ? measure_text(m, st->face, st->size, bars[i].text) : 0;

		if (w > label_w)
			label_w = w;
		if (v > value_w)
			value_w = v;
	}
	/* a very long name is written smaller rather than squeeze the bars */
	if (label_w > st->width * 0.32)
		label_w = st->width * 0.32;
	*bar_x = label_w + st->size * 0.6;
	*full = st->width - *bar_x - value_w - st->size * 0.5;
	if (*full < st->width * 0.3)
		*full = st->width * 0.3;
}

static void add_text(struct block *b, const struct measure *m, enum face f, double size,
		     double x, double base, const char *s, unsigned rgb)
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
	t.rgb = rgb;
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

/* Bars [from, to) as one block with its own scale. */
static void chart_block(struct flow *f, const struct measure *m, const struct chart_style *st,
			const struct chart_bar *bars, size_t from, size_t to, double x,
			double bar_x, double full)
{
	double top = st->target >= 0 && st->target_text ? st->size * 1.6 : st->size * 0.4;
	double axis = top + (double)(to - from) * st->bar_pitch, bh = st->bar_pitch * st->bar_fill;
	double label_w = bar_x - st->size * 0.6, mid = st->size * 0.35;
	struct block *b = flow_add_fixed(f, axis + 4 + st->size * 1.4);
	size_t i;
	int v;

	b->x = x;
	b->no_split = 1;
	/* light grid at every 20 %, under the bars */
	for (v = 20; v <= 100; v += 20)
		add_rect(b, bar_x + full * v / 100 - 0.15, top, 0.3, axis - top, 0xD0D0D0);
	for (i = from; i < to; i++) {
		const struct chart_bar *c = &bars[i];
		double yc = top + (double)(i - from) * st->bar_pitch + st->bar_pitch / 2;
		double len = full * clamp100(c->value) / 100;
		const char *label = c->label ? c->label : "";
		double lw = measure_text(m, st->face, st->size, label), size = st->size;

		if (lw > label_w) {
			size = st->size * label_w / lw;
			lw = label_w;
		}
		add_text(b, m, st->face, size, label_w - lw, yc + size * 0.35, label, 0);
		if (len > 0)
			add_rect(b, bar_x, yc - bh / 2, len, bh, c->highlight ? st->colour_hi : st->colour);
		if (c->text)
			add_text(b, m, st->face, st->size, bar_x + len + st->size * 0.3, yc + mid, c->text, 0);
	}
	/* the axes: a line at 0 % and the scale under the bars */
	add_rect(b, bar_x - 0.3, top - 2, 0.6, axis - top + 2, 0);
	{
		struct box r = { 0 };
		r.type = BOX_RULE;
		r.x = bar_x;
		r.y = axis;
		r.w = full;
		r.h = 0.6;
		block_add_box(b, &r);
	}
	for (v = 0; v <= 100; v += 20) {
		char lbl[32];
		double tx = bar_x + full * v / 100, tw;

		snprintf(lbl, sizeof lbl, "%d" NBSP "%%", v);
		tw = measure_text(m, st->face, st->size - 1, lbl);
		add_rect(b, tx - 0.3, axis, 0.6, 3, 0);
		add_text(b, m, st->face, st->size - 1, tx - tw / 2, axis + 4 + (st->size - 1) * 0.9, lbl, 0);
	}
	/* the target: a thin red line over the bars, its label above */
	if (st->target >= 0) {
		double tx = bar_x + full * clamp100(st->target) / 100;

		add_rect(b, tx - 0.6, top - 3, 1.2, axis - top + 3, st->target_colour);
		if (st->target_text) {
			double tw = measure_text(m, face_style(st->face, 1, 0), st->size, st->target_text);
			double lx = tx - tw / 2;

			if (lx + tw > st->width)
				lx = st->width - tw;
			if (lx < 0)
				lx = 0;
			add_text(b, m, face_style(st->face, 1, 0), st->size, lx, top - 5, st->target_text,
				 st->target_colour);
		}
	}
}

int chart_layout(struct flow *f, const struct measure *m, const struct chart_style *st,
		 const struct chart_bar *bars, size_t n, double x, struct pos at)
{
	double bar_x, full;
	size_t from, per = st->max_bars ? st->max_bars : n;
	int errs = 0;
	struct para p;

	/* every name goes through the glyph check of the engine first, so a
	 * letter the font lacks is reported at the data file, not drawn blank */
	para_init(&p, ALIGN_LEFT, st->width);
	for (from = 0; from < n; from++)
		if (bars[from].label && *bars[from].label) {
			para_add(&p, st->face, st->size, bars[from].label, NULL, at);
			para_add(&p, st->face, st->size, " ", NULL, at);
		}
	if (st->target_text)
		para_add(&p, face_style(st->face, 1, 0), st->size, st->target_text, NULL, at);
	errs += para_check_glyphs(&p, m);
	para_free(&p);
	if (errs || !n)
		return errs;
	chart_geometry(m, st, bars, n, &bar_x, &full);
	from = 0;
	while (from < n) {
		size_t to = from + per < n ? from + per : n;

		/* the last block should not hold a lone bar or two */
		if (to < n && n - to < per / 4)
			to = n - per / 4;
		chart_block(f, m, st, bars, from, to, x, bar_x, full);
		from = to;
	}
	return errs;
}

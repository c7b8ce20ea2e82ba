/* A horizontal bar chart drawn as vectors (rectangles and text, no
 * picture), made to be read on an office laser printer in grey: one bar per
 * item in the order given, its name on the left, its value written after
 * the bar ("38,5%"), a scale over the bars from 0 to the next 10 % above the
 * largest bar or the target, and the target as a dashed black line that
 * stops where it would cross a value. A bar that reached the target is
 * light with a black outline and says "Đạt" after its value; the others
 * are dark grey; all text is black.
 *
 * The scale and the target's label form a header block and each bar a
 * fixed block of the flow that repeats that header on a new page (like a
 * table's rows), so a long chart fills each page before it runs on. */
#ifndef PHAT_CHART_H
#define PHAT_CHART_H

#include <stddef.h>
#include "../layout/layout.h"

struct chart_bar {
	const char *label;     /* the unit's name */
	double value;          /* per cent, 0..100 (clamped when drawn) */
	const char *text;      /* value as written, e.g. "38,5%" */
	int highlight;         /* reached the target: light bar, outline, mark */
};

struct chart_style {
	enum face face;        /* names, values and the scale */
	double size;           /* pt */
	double width;          /* whole chart, pt */
	double bar_pitch;      /* one bar and its gap, pt (about 6 mm) */
	double bar_fill;       /* part of the pitch the bar fills, 0..1 */
	unsigned colour;       /* bars (dark grey) */
	unsigned colour_hi;    /* highlighted bars (light grey, outlined) */
	unsigned grid_colour;  /* the scale's light lines */
	double target;         /* per cent; < 0 for none */
	const char *target_text; /* label above the target line, e.g. "Mục tiêu 50%" */
	const char *mark;      /* written bold after a highlighted bar's value ("Đạt") */
	double scale_max;      /* end of the scale in per cent; 0 = automatic */
};

/* Defaults for a decree document: serif 11 pt, 6 mm per bar, dark grey
 * bars, light outlined bars marked "Đạt" when reached, no target. */
void chart_style_init(struct chart_style *st, double width);

/* The end of the scale for these bars: the next multiple of 10 above the
 * largest value and the target (40,0 → 50; 38,5 → 40), at most 100. */
double chart_scale_max(const struct chart_style *st, const struct chart_bar *bars, size_t n);

/* Appends the chart to f at offset x: a header block (target label and
 * scale) kept with the first bar, then one block per bar. Returns the
 * number of errors (glyphs missing from the font), reported at at. */
int chart_layout(struct flow *f, const struct measure *m, const struct chart_style *st,
		 const struct chart_bar *bars, size_t n, double x, struct pos at);

#endif

/* A horizontal bar chart drawn as vectors (rectangles and text, no
 * picture): one bar per item in the order given, its name on the left,
 * its value written after the bar ("38,5 %"), a scale 0–100 % under the
 * bars and the target as a thin vertical line with its label. Long charts
 * are cut into several fixed blocks, each with its own scale, so they run
 * across pages like a table. */
#ifndef PHAT_CHART_H
#define PHAT_CHART_H

#include <stddef.h>
#include "../layout/layout.h"

struct chart_bar {
	const char *label;     /* hamlet name */
	double value;          /* per cent, 0..100 (clamped when drawn) */
	const char *text;      /* value as written, e.g. "38,5 %" */
	int highlight;         /* drawn in the second colour (reached the target) */
};

struct chart_style {
	enum face face;        /* names and values; the scale uses the same face */
	double size;           /* pt */
	double width;          /* whole chart, pt */
	double bar_pitch;      /* one bar and its gap, pt (about 6 mm) */
	double bar_fill;       /* part of the pitch the bar fills, 0..1 */
	unsigned colour;       /* bars */
	unsigned colour_hi;    /* highlighted bars */
	unsigned target_colour;
	double target;         /* per cent; < 0 for none */
	const char *target_text; /* label above the target line, e.g. "Mục tiêu 50 %" */
	size_t max_bars;       /* bars per block before the chart is cut; 0 = never */
};

/* Defaults for a decree document: serif 11 pt, 6 mm per bar, blue bars,
 * green when reached, a red target line. */
void chart_style_init(struct chart_style *st, double width);

/* Appends the chart as one or more fixed blocks to f at offset x. The bars
 * start at the same x in every block. Returns the number of errors (glyphs
 * missing from the font), reported at at. */
int chart_layout(struct flow *f, const struct measure *m, const struct chart_style *st,
		 const struct chart_bar *bars, size_t n, double x, struct pos at);

/* Where the bars start and how long 100 % is, for the chart's style and
 * labels (tests and callers that draw over the chart). */
void chart_geometry(const struct measure *m, const struct chart_style *st,
		    const struct chart_bar *bars, size_t n, double *bar_x, double *full);

#endif

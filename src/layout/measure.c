/* Measuring helpers and the fixed-width measure used by layout tests. */
#include <string.h>
#include "measure.h"
#include "../util/utf8.h"

double measure_textn(const struct measure *m, enum face f, double size, const char *s, size_t n)
{
	return m->width(m->ctx, f, s, n) * size;
}

double measure_text(const struct measure *m, enum face f, double size, const char *s)
{
	return measure_textn(m, f, size, s, strlen(s));
}

/* Faces come in groups of four: regular, bold, italic, bold italic. */
enum face face_style(enum face base, int bold, int italic)
{
	int family = (int)base / 4 * 4;
	int style = (int)base % 4;

	if (bold)
		style |= 1;
	if (italic)
		style |= 2;
	return (enum face)(family + style);
}

int face_is_bold(enum face f) { return (int)f % 4 & 1; }
int face_is_italic(enum face f) { return (int)f % 4 & 2 ? 1 : 0; }

const char *face_name(enum face f)
{
	static const char *const names[FACE_COUNT] = {
		"serif", "serif-bold", "serif-italic", "serif-bold-italic",
		"sans", "sans-bold", "sans-italic", "sans-bold-italic",
	};
	return (unsigned)f < FACE_COUNT ? names[f] : "?";
}

static double fixed_width(void *ctx, enum face f, const char *s, size_t n)
{
	double w = 0;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		i += (size_t)utf8_decode(s + i, &cp);
		w += cp == ' ' ? 0.25 : 0.5;
	}
	return w;
}

static int fixed_has_glyph(void *ctx, enum face f, uint32_t cp) { return cp != 0xFFFD; }
static double fixed_ascent(void *ctx, enum face f) { return 0.8; }
static double fixed_descent(void *ctx, enum face f) { return -0.2; }

const struct measure *measure_fixed(void)
{
	static const struct measure m = {
		NULL, fixed_width, fixed_has_glyph, fixed_ascent, fixed_descent
	};
	return &m;
}

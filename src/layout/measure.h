/* How layout learns the size of text: a small table of functions, so the
 * line breaker and its tests need no font file and no PDF library
 * (mandoc's termp->getwidth). The real one is in src/font/. */
#ifndef PHAT_MEASURE_H
#define PHAT_MEASURE_H

#include <stddef.h>
#include <stdint.h>

/* The faces a document can use. Serif is Times New Roman or Liberation
 * Serif (decree documents); sans is for leaflets and posters. */
enum face {
	FACE_SERIF,
	FACE_SERIF_BOLD,
	FACE_SERIF_ITALIC,
	FACE_SERIF_BOLD_ITALIC,
	FACE_SANS,
	FACE_SANS_BOLD,
	FACE_SANS_ITALIC,
	FACE_SANS_BOLD_ITALIC,
	FACE_COUNT
};

struct measure {
	void *ctx;
	/* Advance width of UTF-8 text s[0..n) at size 1 pt, in points
	 * (i.e. in ems). No kerning: the PDF back end places text the same way. */
	double (*width)(void *ctx, enum face f, const char *s, size_t n);
	/* 1 when the face has a glyph for code point cp. */
	int (*has_glyph)(void *ctx, enum face f, uint32_t cp);
	/* Ascender and descender (descender negative) at size 1 pt. */
	double (*ascent)(void *ctx, enum face f);
	double (*descent)(void *ctx, enum face f);
};

/* Convenience wrappers. */
double measure_text(const struct measure *m, enum face f, double size, const char *s);
double measure_textn(const struct measure *m, enum face f, double size, const char *s, size_t n);

/* Face with bold and/or italic added: face_style(FACE_SERIF, 1, 0) is bold. */
enum face face_style(enum face base, int bold, int italic);
int face_is_bold(enum face f);
int face_is_italic(enum face f);
const char *face_name(enum face f);

/* A measure for tests: every code point is 0.5 em wide, a space 0.25 em,
 * ascent 0.8, descent -0.2; every glyph exists but U+FFFD. */
const struct measure *measure_fixed(void);

#endif

/* Fonts: the measure layout uses gives plausible widths for Vietnamese,
 * adds up character by character (no kerning), and Liberation has every
 * Vietnamese letter; subsets are real fonts. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "t.h"
#include "font/font.h"
#include "util/diag.h"
#include "util/utf8.h"
#include "util/util.h"

/* The 67 lower-case Vietnamese letters with diacritics (a, ă, â, e, ê, i,
 * o, ô, ơ, u, ư, y with the five tones, plus đ); with their capitals, 134. */
static const char *const vi_lower =
	"àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ";
static const char *const vi_upper =
	"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ";

int main(void)
{
	struct fontset *fs = fontset_new(NULL);
	const struct measure *m;
	const char *s;
	double w, sum;
	int f, missing, count;

	CHECK(fs != NULL, "the eight faces load from fonts/");
	if (!fs)
		return t_done();
	m = fontset_measure(fs);

	CHECK(strstr(fontset_path(fs, FACE_SERIF), "LiberationSerif-Regular.ttf") != NULL ||
	      strstr(fontset_path(fs, FACE_SERIF), "times.ttf") != NULL, "serif regular is Liberation or Times");
	CHECK(strstr(fontset_path(fs, FACE_SANS_BOLD), "LiberationSans-Bold.ttf") != NULL, "sans bold file");
	CHECK_STR(fontset_family(fs, FACE_SANS), "LiberationSans", "sans PostScript name");

	/* "Tân Thành" in Times-like serif: 9 characters at ~0.25-0.72 em */
	w = measure_text(m, FACE_SERIF, 1, "Tân Thành");
	CHECK(w > 3.0 && w < 5.0, "width of \"Tân Thành\" at 1 pt is plausible (%.3f em)", w);
	sum = 0;
	for (s = "Tân Thành"; *s;) {
		uint32_t cp;
		int n = utf8_decode(s, &cp);
		sum += measure_textn(m, FACE_SERIF, 1, s, (size_t)n);
		s += n;
	}
	CHECK_NEAR(w, sum, 1e-9, "width is the sum of the characters' widths (no kerning)");
	CHECK_NEAR(measure_text(m, FACE_SERIF, 12, "Tân Thành"), 12 * w, 1e-9, "width scales with size");
	/* known advances of Liberation Serif (Times metrics): space 0.25, 'T' 0.611 */
	if (strstr(fontset_path(fs, FACE_SERIF), "Liberation")) {
		CHECK_NEAR(measure_text(m, FACE_SERIF, 1, " "), 0.25, 0.001, "space is 0.25 em");
		CHECK_NEAR(measure_text(m, FACE_SERIF, 1, "T"), 0.611, 0.001, "T is 0.611 em");
		CHECK_NEAR(measure_text(m, FACE_SERIF, 1, "â"), measure_text(m, FACE_SERIF, 1, "a"), 1e-9,
			   "â is as wide as a");
	}
	CHECK(measure_text(m, FACE_SERIF_BOLD, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") >
	      measure_text(m, FACE_SERIF, 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "bold is wider than regular");
	CHECK(measure_text(m, FACE_SANS, 1, "mmmm") > measure_text(m, FACE_SANS, 1, "iiii"), "sans: m wider than i");
	CHECK(measure_text(m, FACE_SERIF, 1, "") == 0, "empty text has no width");

	for (f = 0; f < FACE_COUNT; f++) {
		double a = m->ascent(m->ctx, (enum face)f), d = m->descent(m->ctx, (enum face)f);
		CHECK(a > 0.6 && a < 1.2 && d < -0.1 && d > -0.5, "%s: ascent %.3f, descent %.3f plausible",
		      face_name((enum face)f), a, d);
	}

	for (f = 0; f < FACE_COUNT; f++) {
		missing = count = 0;
		for (s = vi_lower; *s;) {
			uint32_t cp;
			s += utf8_decode(s, &cp);
			count++;
			if (!m->has_glyph(m->ctx, (enum face)f, cp))
				missing++;
		}
		for (s = vi_upper; *s;) {
			uint32_t cp;
			s += utf8_decode(s, &cp);
			count++;
			if (!m->has_glyph(m->ctx, (enum face)f, cp))
				missing++;
		}
		CHECK(count == 134 && missing == 0, "%s has all %d Vietnamese letters (%d missing)",
		      face_name((enum face)f), count, missing);
	}
	CHECK(!m->has_glyph(m->ctx, FACE_SERIF, 0x4E2D), "no CJK glyph in Liberation (has_glyph can say no)");
	CHECK(!m->has_glyph(m->ctx, FACE_SERIF, 0x1F600), "no emoji glyph");

	/* speed: a dispatch measures some 20,000 words; 100,000 must be quick */
	{
		clock_t t0 = clock();
		double tot = 0;
		int i;
		for (i = 0; i < 100000; i++)
			tot += measure_text(m, FACE_SERIF, 13, "Thành phần hồ sơ");
		double ms = (double)(clock() - t0) * 1000 / CLOCKS_PER_SEC;
		/* under valgrind everything is ~50 times slower */
		double limit = getenv("PHAT_VALGRIND") ? 5000 : 200;
		CHECK(tot > 0 && ms < limit, "100,000 measurements take %.1f ms", ms);
	}

	/* a subset is a smaller font, without the tables a PDF reader never
	 * uses (shaping, kerning); that libharu loads it and the letters come
	 * out is checked by test_render and tests/pdf/test_text_layer.py */
	{
		uint32_t cps[] = { 'T', 0xE2, 'n', 'h', 0xE0 };
		struct buf sub;
		size_t full = 0, i, ntab = 0;
		char *orig = file_read(fontset_path(fs, FACE_SERIF_BOLD), 1 << 24, &full);
		int r, glyf = 0, layout = 0;

		buf_init(&sub);
		r = fontset_subset(fs, FACE_SERIF_BOLD, cps, 5, &sub);
		CHECK(r == 0 && sub.len > 500 && sub.len < full / 10, "subset is small (%zu of %zu bytes)", sub.len, full);
		CHECK(sub.len > 12 && memcmp(sub.data, "\0\1\0\0", 4) == 0, "subset is a TrueType file");
		if (sub.len > 12)
			ntab = (size_t)((unsigned char)sub.data[4] << 8 | (unsigned char)sub.data[5]);
		for (i = 0; i < ntab && 12 + 16 * i + 4 <= sub.len; i++) {
			const char *tag = sub.data + 12 + 16 * i;
			glyf |= memcmp(tag, "glyf", 4) == 0;
			layout |= memcmp(tag, "GSUB", 4) == 0 || memcmp(tag, "GPOS", 4) == 0 ||
				  memcmp(tag, "kern", 4) == 0;
		}
		CHECK(glyf && !layout, "subset has glyf and no GSUB, GPOS or kern (%zu tables)", ntab);
		buf_free(&sub);
		free(orig);
	}

	/* a folder without fonts falls back to Debian's Liberation */
	{
		struct fontset *fs2 = fontset_new("tests/data/images");
		CHECK(fs2 && strstr(fontset_path(fs2, FACE_SERIF), "liberation2"), "missing fonts: Debian's copies");
		fontset_free(fs2);
	}
	/* Times New Roman in the folder wins for serif, only when all four are
	 * there; a damaged font file is an error, not a crash */
	{
		char tdir[] = "/tmp/phat-test-font-XXXXXX";
		static const char *const tn[4] = { "times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf" };
		char cwd[4096], *src, *dst;
		struct fontset *fs2;
		int k, errs;

		if (mkdtemp(tdir) && getcwd(cwd, sizeof cwd)) {
			for (k = 0; k < 3; k++) {
				src = xasprintf("%s/%s", cwd, fontset_path(fs, (enum face)k));
				dst = path_join(tdir, tn[k]);
				CHECK(symlink(src, dst) == 0, "set-up: %s", tn[k]);
				free(src);
				free(dst);
			}
			fs2 = fontset_new(tdir);
			CHECK(fs2 && !strstr(fontset_path(fs2, FACE_SERIF), "times.ttf"),
			      "three of the four Times files: Liberation Serif is used");
			fontset_free(fs2);
			src = xasprintf("%s/%s", cwd, fontset_path(fs, FACE_SERIF_BOLD_ITALIC));
			dst = path_join(tdir, tn[3]);
			CHECK(symlink(src, dst) == 0, "set-up: %s", tn[3]);
			free(src);
			free(dst);
			fs2 = fontset_new(tdir);
			CHECK(fs2 && strstr(fontset_path(fs2, FACE_SERIF), "times.ttf") &&
			      strstr(fontset_path(fs2, FACE_SERIF_BOLD_ITALIC), "timesbi.ttf") &&
			      strstr(fontset_path(fs2, FACE_SANS), "LiberationSans-Regular.ttf"),
			      "all four Times files: they are the serif faces, sans stays Liberation");
			fontset_free(fs2);
			dst = path_join(tdir, tn[1]);
			unlink(dst);
			CHECK(file_write_atomic(dst, "not a font at all, just text", 28) == 0, "set-up: damaged timesbd.ttf");
			free(dst);
			errs = diag_error_count();
			fs2 = fontset_new(tdir);
			CHECK(fs2 == NULL && diag_error_count() == errs + 1, "a damaged font file is one error, no crash");
			fontset_free(fs2);
			diag_reset();
			src = xasprintf("rm -rf '%s'", tdir);
			if (system(src) != 0)
				printf("# could not remove %s\n", tdir);
			free(src);
		}
	}
	fontset_free(fs);
	fontset_free(NULL);
	return t_done();
}

/* Fonts through HarfBuzz: the eight faces, their metrics for layout, and
 * subsets for the PDF back end. The only file that includes hb*.h.
 *
 * Widths are the sum of the nominal glyphs' hmtx advances, with no kerning
 * and no shaping: libharu places each glyph with the same advances, so what
 * layout measures is what the page shows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <hb.h>
#include <hb-subset.h>
#include "font.h"
#include "../util/diag.h"
#include "../util/util.h"

#define FONT_DEBIAN_DIR "/usr/share/fonts/truetype/liberation2"

/* Advances for the BMP are cached in blocks of 256 code points, filled the
 * first time a block is used: measuring runs for every word of every line
 * the breaker tries, and a hash lookup in HarfBuzz each time is too slow. */
struct font_block {
	float adv[256];          /* advance in ems */
	unsigned char has[256];  /* 1 when the cmap maps the code point */
};

struct font_face {
	char *path;
	char *family;            /* PostScript name from the name table */
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	double upem;
	double ascent, descent;  /* in ems, descent negative */
	double cap_height, x_height;   /* in ems */
	struct font_block *blocks[256];
	/* the last subset made (fontset_subset): a per-hamlet batch asks for
	 * the same characters again and again */
	uint32_t *sub_cps;
	size_t sub_n;
	struct buf sub_ttf;
};

struct fontset {
	struct font_face faces[FACE_COUNT];
	struct measure m;
};

static const char *const liberation_files[FACE_COUNT] = {
	"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
	"LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
	"LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf",
	"LiberationSans-Italic.ttf", "LiberationSans-BoldItalic.ttf",
};

static const char *const times_files[4] = {
	"times.ttf", "timesbd.ttf", "timesi.ttf", "timesbi.ttf",
};

static int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Reads a big-endian 16-bit signed value at off of a table, 0 when short. */
static int table_s16(hb_blob_t *t, unsigned off)
{
	unsigned len = 0;
	const unsigned char *p = (const unsigned char *)hb_blob_get_data(t, &len);

	if (!p || off + 2 > len)
		return 0;
	return (int16_t)(uint16_t)(p[off] << 8 | p[off + 1]);
}

/* Ascent and descent from hhea; OS/2's typographic values when hhea has
 * none. */
static void face_vmetrics(struct font_face *ff)
{
	hb_blob_t *hhea = hb_face_reference_table(ff->face, HB_TAG('h', 'h', 'e', 'a'));
	hb_blob_t *os2 = hb_face_reference_table(ff->face, HB_TAG('O', 'S', '/', '2'));
	int asc = table_s16(hhea, 4), desc = table_s16(hhea, 6);

	if (asc == 0 && desc == 0) {
		asc = table_s16(os2, 68);
		desc = table_s16(os2, 70);
	}
	if (asc == 0)
		asc = (int)(ff->upem * 0.8);
	if (desc > 0)
		desc = -desc;
	ff->ascent = asc / ff->upem;
	ff->descent = desc / ff->upem;
	hb_blob_destroy(hhea);
	hb_blob_destroy(os2);
}

static void face_clear(struct font_face *ff)
{
	int i;

	for (i = 0; i < 256; i++)
		free(ff->blocks[i]);
	free(ff->sub_cps);
	buf_free(&ff->sub_ttf);
	hb_font_destroy(ff->font);
	hb_face_destroy(ff->face);
	hb_blob_destroy(ff->blob);
	free(ff->path);
	free(ff->family);
	memset(ff, 0, sizeof *ff);
}

/* Loads one face and checks it is a TrueType font libharu can embed: a
 * broken font file crashes libharu, so only fonts that pass get that far. */
static int face_load(struct font_face *ff, const char *path)
{
	char name[128];
	unsigned len = sizeof name;
	hb_codepoint_t g;

	ff->path = xstrdup(path);
	ff->blob = hb_blob_create_from_file_or_fail(path);
	if (!ff->blob) {
		diag_error(pos_file(path), "cannot read this font file: %s", strerror(errno ? errno : ENOENT));
		return -1;
	}
	if (hb_face_count(ff->blob) < 1) {
		diag_error(pos_file(path), "this file is not a TrueType font; use the .ttf files of "
			   "Liberation or Times New Roman");
		return -1;
	}
	ff->face = hb_face_create(ff->blob, 0);
	ff->upem = hb_face_get_upem(ff->face);
	if (hb_face_get_glyph_count(ff->face) < 2 || ff->upem < 16 || ff->upem > 16384) {
		diag_error(pos_file(path), "this font file is damaged (no glyphs); copy it again from "
			   "the original");
		return -1;
	}
	{
		/* libharu embeds TrueType outlines only (glyf + loca), not CFF */
		static const hb_tag_t need[] = {
			HB_TAG('g', 'l', 'y', 'f'), HB_TAG('l', 'o', 'c', 'a'), HB_TAG('h', 'm', 't', 'x'),
			HB_TAG('h', 'h', 'e', 'a'), HB_TAG('c', 'm', 'a', 'p'), HB_TAG('h', 'e', 'a', 'd'),
			HB_TAG('m', 'a', 'x', 'p'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('O', 'S', '/', '2'),
			HB_TAG('p', 'o', 's', 't'),
		};
		size_t i;
		for (i = 0; i < sizeof need / sizeof need[0]; i++) {
			hb_blob_t *t = hb_face_reference_table(ff->face, need[i]);
			unsigned tl = hb_blob_get_length(t);
			hb_blob_destroy(t);
			if (tl == 0) {
				diag_error(pos_file(path), "this font cannot be embedded in a PDF (it is not a "
					   "TrueType .ttf font or is damaged); use the .ttf files of Liberation or "
					   "Times New Roman");
				return -1;
			}
		}
	}
	ff->font = hb_font_create(ff->face);
	/* scale = upem: advances come back in font units */
	hb_font_set_scale(ff->font, (int)ff->upem, (int)ff->upem);
	if (!hb_font_get_nominal_glyph(ff->font, 'a', &g) || !hb_font_get_nominal_glyph(ff->font, ' ', &g)) {
		diag_error(pos_file(path), "this font has no Latin letters; use the .ttf files of "
			   "Liberation or Times New Roman");
		return -1;
	}
	if (hb_ot_name_get_utf8(ff->face, HB_OT_NAME_ID_POSTSCRIPT_NAME, hb_language_from_string("en", -1),
				&len, name) == 0 || !*name) {
		len = sizeof name;
		if (hb_ot_name_get_utf8(ff->face, HB_OT_NAME_ID_FULL_NAME, HB_LANGUAGE_INVALID, &len, name) == 0)
			snprintf(name, sizeof name, "font");
	}
	ff->family = xstrdup(name);
	face_vmetrics(ff);
	{
		hb_position_t v = 0;
		hb_ot_metrics_get_position_with_fallback(ff->font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v);
		ff->cap_height = v / ff->upem;
		v = 0;
		hb_ot_metrics_get_position_with_fallback(ff->font, HB_OT_METRICS_TAG_X_HEIGHT, &v);
		ff->x_height = v / ff->upem;
	}
	return 0;
}

static struct font_block *face_block(struct font_face *ff, uint32_t cp)
{
	struct font_block *b = ff->blocks[cp >> 8];
	uint32_t base = cp & ~0xFFu, i;

	if (b)
		return b;
	b = xmalloc(sizeof *b);
	for (i = 0; i < 256; i++) {
		hb_codepoint_t g = 0;
		b->has[i] = hb_font_get_nominal_glyph(ff->font, base + i, &g) ? 1 : 0;
		/* a missing glyph is drawn as .notdef (glyph 0): measure that */
		b->adv[i] = (float)(hb_font_get_glyph_h_advance(ff->font, b->has[i] ? g : 0) / ff->upem);
	}
	ff->blocks[cp >> 8] = b;
	return b;
}

static double face_advance(struct font_face *ff, uint32_t cp)
{
	hb_codepoint_t g = 0;

	if (cp < 0x10000)
		return face_block(ff, cp)->adv[cp & 0xFF];
	if (!hb_font_get_nominal_glyph(ff->font, cp, &g))
		g = 0;
	return hb_font_get_glyph_h_advance(ff->font, g) / ff->upem;
}

/* Decodes one code point of s[0..n); never reads past n. A broken
 * sequence counts as one U+FFFD per byte (layout has checked the text, so
 * this only keeps a bad caller from reading out of bounds). */
static size_t font_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len, i;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c < 0xE0) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c < 0xF0) {
		len = 3;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c < 0xF5) {
		len = 4;
		v = c & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
}

static double fs_width(void *ctx, enum face f, const char *s, size_t n)
{
	struct fontset *fs = ctx;
	struct font_face *ff;
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;
	size_t i = 0;

	if ((unsigned)f >= FACE_COUNT)
		f = FACE_SERIF;
	ff = &fs->faces[f];
	while (i < n) {
		uint32_t cp;
		if (p[i] < 0x80) {
			/* ASCII fast path: most of a Vietnamese text */
			w += face_block(ff, p[i])->adv[p[i]];
			i++;
			continue;
		}
		i += font_decode(p + i, n - i, &cp);
		w += face_advance(ff, cp);
	}
	return w;
}

static int fs_has_glyph(void *ctx, enum face f, uint32_t cp)
{
	struct fontset *fs = ctx;
	hb_codepoint_t g;

	if ((unsigned)f >= FACE_COUNT)
		return 0;
	if (cp < 0x10000)
		return face_block(&fs->faces[f], cp)->has[cp & 0xFF];
	return hb_font_get_nominal_glyph(fs->faces[f].font, cp, &g) ? 1 : 0;
}

static double fs_ascent(void *ctx, enum face f)
{
	struct fontset *fs = ctx;
	return fs->faces[(unsigned)f < FACE_COUNT ? f : 0].ascent;
}

static double fs_descent(void *ctx, enum face f)
{
	struct fontset *fs = ctx;
	return fs->faces[(unsigned)f < FACE_COUNT ? f : 0].descent;
}

/* A folder holds our fonts when it has Liberation Serif or Times New Roman. */
static int font_dir_usable(const char *dir)
{
	char *a = path_join(dir, liberation_files[0]), *b = path_join(dir, times_files[0]);
	int ok = file_exists(a) || file_exists(b);

	free(a);
	free(b);
	return ok;
}

/* The folder of the running binary (/proc/self/exe), or NULL. Caller frees. */
static char *font_exe_dir(void)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	return path_dir(exe);
}

/* The folder to load from, the first that holds fonts of: the caller's,
 * $PHAT_FONTS, fonts/ in the working folder, fonts/ beside the binary (the
 * source tree, where `make` copies them), ../share/phat/fonts beside it (an
 * installed phat: where to put Times New Roman), else Debian's folder. */
static char *font_dir_pick(const char *dir)
{
	const char *env = getenv("PHAT_FONTS");
	char *exe, *cand[3] = { NULL, NULL, NULL }, *ret = NULL;
	size_t i;

	if (dir)
		return xstrdup(dir);
	if (env && *env)
		return xstrdup(env);
	cand[0] = xstrdup("fonts");
	if ((exe = font_exe_dir())) {
		cand[1] = path_join(exe, "fonts");
		cand[2] = path_join(exe, "../share/phat/fonts");
		free(exe);
	}
	for (i = 0; i < 3 && !ret; i++)
		if (cand[i] && font_dir_usable(cand[i])) {
			ret = cand[i];
			cand[i] = NULL;
		}
	for (i = 0; i < 3; i++)
		free(cand[i]);
	return ret ? ret : xstrdup(FONT_DEBIAN_DIR);
}

struct fontset *fontset_new(const char *dir)
{
	struct fontset *fs = xcalloc(1, sizeof *fs);
	char *d = font_dir_pick(dir);
	int times = 1, i;

	for (i = 0; i < 4; i++) {
		char *p = path_join(d, times_files[i]);
		if (!file_exists(p))
			times = 0;
		free(p);
	}
	for (i = 0; i < FACE_COUNT; i++) {
		char *p;

		if (times && i < 4)
			p = path_join(d, times_files[i]);
		else
			p = path_join(d, liberation_files[i]);
		/* Liberation comes with Debian: use its copy when the folder
		 * holds only some of the files (e.g. just Times New Roman) */
		if (!file_exists(p)) {
			char *alt = path_join(FONT_DEBIAN_DIR, liberation_files[i]);
			if (file_exists(alt)) {
				free(p);
				p = alt;
			} else {
				free(alt);
				diag_error(pos_file(p), "this font file is missing; run `make` (it copies the "
					   "Liberation fonts) or install the Debian package fonts-liberation2");
				free(p);
				goto fail;
			}
		}
		if (face_load(&fs->faces[i], p) < 0) {
			free(p);
			goto fail;
		}
		free(p);
	}
	fs->m.ctx = fs;
	fs->m.width = fs_width;
	fs->m.has_glyph = fs_has_glyph;
	fs->m.ascent = fs_ascent;
	fs->m.descent = fs_descent;
	free(d);
	return fs;
fail:
	free(d);
	fontset_free(fs);
	return NULL;
}

void fontset_free(struct fontset *fs)
{
	int i;

	if (!fs)
		return;
	for (i = 0; i < FACE_COUNT; i++)
		face_clear(&fs->faces[i]);
	free(fs);
}

const struct measure *fontset_measure(struct fontset *fs)
{
	return &fs->m;
}

const char *fontset_path(const struct fontset *fs, enum face f)
{
	return (unsigned)f < FACE_COUNT ? fs->faces[f].path : NULL;
}

void fontset_heights(const struct fontset *fs, enum face f, double *cap_height, double *x_height)
{
	const struct font_face *ff = &fs->faces[(unsigned)f < FACE_COUNT ? f : 0];

	*cap_height = ff->cap_height;
	*x_height = ff->x_height;
}

const char *fontset_family(const struct fontset *fs, enum face f)
{
	return (unsigned)f < FACE_COUNT ? fs->faces[f].family : NULL;
}

int fontset_subset(struct fontset *fs, enum face f, const uint32_t *cps, size_t n, struct buf *out)
{
	struct font_face *ff;
	hb_subset_input_t *in = NULL;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;
	const char *data;
	unsigned len = 0;
	size_t i;
	int ret = -1;

	if ((unsigned)f >= FACE_COUNT)
		return -1;
	ff = &fs->faces[f];
	if (ff->sub_cps && ff->sub_n == n && (n == 0 || memcmp(ff->sub_cps, cps, n * sizeof *cps) == 0)) {
		buf_add(out, ff->sub_ttf.data, ff->sub_ttf.len);
		return 0;
	}
	in = hb_subset_input_create_or_fail();
	if (!in)
		goto out;
	{
		hb_set_t *u = hb_subset_input_unicode_set(in);
		hb_set_add(u, ' ');
		for (i = 0; i < n; i++)
			hb_set_add(u, cps[i]);
	}
	/* PDF viewers do not run TrueType hinting programs the way a screen
	 * font renderer needs them; dropping them halves the subset. Of the
	 * names only family, style and PostScript name stay: libharu reads
	 * 2 and 6, and the copyright and version texts would be in every PDF.
	 * No .notdef outline: a missing glyph is refused before rendering. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	{
		/* Nor the tables a PDF reader never looks at in an embedded
		 * TrueType font (PDF 32000-1:2008 9.9): text is shown glyph by
		 * glyph, without shaping or kerning. Leaving GSUB out also spares
		 * hb-subset its glyph closure over the substitutions. */
		static const hb_tag_t drop[] = {
			HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
			HB_TAG('k', 'e', 'r', 'n'), HB_TAG('F', 'F', 'T', 'M'), HB_TAG('g', 'a', 's', 'p'),
			HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('D', 'S', 'I', 'G'),
			HB_TAG('m', 'o', 'r', 'x'), HB_TAG('k', 'e', 'r', 'x'), HB_TAG('S', 'T', 'A', 'T'),
		};
		hb_set_t *t = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
		for (i = 0; i < sizeof drop / sizeof drop[0]; i++)
			hb_set_add(t, drop[i]);
	}
	{
		hb_set_t *names = hb_subset_input_set(in, HB_SUBSET_SETS_NAME_ID);
		hb_set_clear(names);
		hb_set_add(names, HB_OT_NAME_ID_FONT_FAMILY);
		hb_set_add(names, HB_OT_NAME_ID_FONT_SUBFAMILY);
		hb_set_add(names, HB_OT_NAME_ID_POSTSCRIPT_NAME);
	}
	sub = hb_subset_or_fail(ff->face, in);
	if (!sub)
		goto out;
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	if (!data || len == 0)
		goto out;
	buf_add(out, data, len);
	free(ff->sub_cps);
	ff->sub_cps = xmalloc((n ? n : 1) * sizeof *cps);
	if (n)
		memcpy(ff->sub_cps, cps, n * sizeof *cps);
	ff->sub_n = n;
	ff->sub_ttf.len = 0;
	buf_add(&ff->sub_ttf, data, len);
	ret = 0;
out:
	if (ret < 0)
		diag_error(pos_file(ff->path), "cannot make a subset of this font; copy the font file "
			   "again from the original");
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	return ret;
}

int fontset_subset_glyphs(const struct buf *ttf, const uint32_t *cps, size_t n, uint16_t *gids, double *adv)
{
	hb_blob_t *blob = hb_blob_create(ttf->data, (unsigned)ttf->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	unsigned upem = hb_face_get_upem(face);
	size_t i;
	int ret = hb_face_get_glyph_count(face) > 0 && upem > 0 ? 0 : -1;

	hb_font_set_scale(font, (int)upem, (int)upem);
	for (i = 0; i < n; i++) {
		hb_codepoint_t g = 0;
		if (ret != 0 || !hb_font_get_nominal_glyph(font, cps[i], &g) || g > 0xFFFF)
			g = 0;
		gids[i] = (uint16_t)g;
		adv[i] = upem ? hb_font_get_glyph_h_advance(font, g) / (double)upem : 0;
	}
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return ret;
}

void fontset_bbox(const struct fontset *fs, enum face f, double bbox[4])
{
	const struct font_face *ff = &fs->faces[(unsigned)f < FACE_COUNT ? f : 0];
	hb_blob_t *head = hb_face_reference_table(ff->face, HB_TAG('h', 'e', 'a', 'd'));
	int i;

	/* xMin, yMin, xMax, yMax: four FWORDs from byte 36 (OpenType head) */
	for (i = 0; i < 4; i++)
		bbox[i] = table_s16(head, 36 + 2 * (unsigned)i) / ff->upem;
	hb_blob_destroy(head);
}

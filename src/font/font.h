/* Fonts: HarfBuzz behind this one file. Loads the faces, measures text for
 * layout (through struct measure) and writes subsets for the PDF back end. */
#ifndef PHAT_FONT_H
#define PHAT_FONT_H

#include <stddef.h>
#include <stdint.h>
#include "../layout/measure.h"
#include "../util/util.h"

struct fontset;

/* Loads every face from dir. Times New Roman files (times.ttf, timesbd.ttf,
 * timesi.ttf, timesbi.ttf) in dir are used for the serif faces when all
 * four are present; else Liberation Serif; sans is Liberation Sans.
 * dir NULL means $PHAT_FONTS, else the first of fonts/ (working folder),
 * fonts/ beside the binary and ../share/phat/fonts beside it that holds
 * Liberation Serif or times.ttf, else Debian's liberation2 folder (any face
 * missing from the folder is taken from there too). Returns NULL after
 * diag_error. */
struct fontset *fontset_new(const char *dir);
void fontset_free(struct fontset *fs);

/* The measure for layout; valid as long as fs. */
const struct measure *fontset_measure(struct fontset *fs);
/* The file a face was loaded from. */
const char *fontset_path(const struct fontset *fs, enum face f);
/* The height of capitals and of lower-case x above the baseline, in ems,
 * from the face's OS/2 table (measured from H and x when it has none):
 * for the PDF font descriptor. */
void fontset_heights(const struct fontset *fs, enum face f, double *cap_height, double *x_height);
/* The face's PostScript-ish name, for metadata and tests. */
const char *fontset_family(const struct fontset *fs, enum face f);

/* Appends to out the TrueType file of the subset of face f that holds
 * the code points cps[0..n) (plus space), glyph outlines without hinting.
 * The face keeps its last subset: asked for the same code points again (a
 * batch of per-hamlet outputs), it gives that one back. Returns 0, or -1
 * after diag_error. */
int fontset_subset(struct fontset *fs, enum face f, const uint32_t *cps, size_t n, struct buf *out);

/* For text set outside the layout (a signature's appearance, src/sign):
 * the glyph id of each code point cps[i] in the TrueType file ttf (a
 * subset fontset_subset wrote), 0 when it has none, and its advance in
 * ems. Returns 0, or -1 when ttf is not a font. */
int fontset_subset_glyphs(const struct buf *ttf, const uint32_t *cps, size_t n, uint16_t *gids, double *adv);
/* The face's bounding box (x1 y1 x2 y2) in ems, from its head table. */
void fontset_bbox(const struct fontset *fs, enum face f, double bbox[4]);

#endif

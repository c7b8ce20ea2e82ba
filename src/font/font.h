/* Fonts: HarfBuzz behind this one file. Loads the faces, measures text for
 * layout (through struct measure) and writes subsets for the PDF back end. */
#ifndef PHAT_FONT_H
#define PHAT_FONT_H

#include <stddef.h>
#include <stdint.h>
#include "../layout/measure.h"

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
/* The face's PostScript-ish name, for metadata and tests. */
const char *fontset_family(const struct fontset *fs, enum face f);

/* Writes the subset of face f holding the code points cps[0..n) (plus
 * space) to a new temporary file; returns its path (caller unlinks and
 * frees), or NULL after diag_error. */
char *fontset_subset(struct fontset *fs, enum face f, const uint32_t *cps, size_t n);

#endif

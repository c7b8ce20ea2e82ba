/* The PNG back end: the only code that includes cairo.h. It draws one page
 * of a layout_doc (the same boxes the PDF back end draws, with the same
 * font files) into a PNG image: phone pages as pictures for a Zalo chat,
 * which shows an image at once where a PDF must be downloaded and opened. */
#ifndef PHAT_PNG_H
#define PHAT_PNG_H

#include "../util/util.h"
#include "../layout/box.h"
#include "../font/font.h"

/* Renders page `page` of d, width_px pixels wide (the height in proportion),
 * on white, into out (PNG bytes, 8-bit RGB). Text is placed glyph by glyph
 * with the font's unhinted advances, as layout measured it; links are not
 * drawn (an image has none). Returns 0, or -1 after diag_error naming
 * `name` (the output file); out of memory exits 3. */
int png_render(const struct layout_doc *d, size_t page, int width_px, struct fontset *fs, const char *name,
	       struct buf *out);

#endif

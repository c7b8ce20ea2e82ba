/* The PDF back end: the only code that includes hpdf.h. It walks the
 * boxes of a layout_doc and draws them; it makes no layout decision. */
#ifndef PHAT_PDF_H
#define PHAT_PDF_H

#include "../util/util.h"
#include "../layout/box.h"
#include "../font/font.h"

/* Renders d into out (PDF bytes). Fonts are subset to the characters the
 * boxes use. Dates come from SOURCE_DATE_EPOCH when set, else none, so a
 * rebuild is byte-identical. Returns 0, or -1 after diag_error naming
 * `name` (the output file, for messages). */
int pdf_render(const struct layout_doc *d, struct fontset *fs, const char *name, struct buf *out);

#endif

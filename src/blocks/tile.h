/* A poster tiled onto smaller sheets (A4) for offices without a large
 * printer: the fewest sheets, seams where they harm nothing, and each sheet
 * saying where it goes. */
#ifndef PHAT_TILE_H
#define PHAT_TILE_H

#include "../layout/layout.h"

#define TILE_MARGIN MM(10)    /* 5 mm the printer leaves white, 5 mm for marks and labels */
#define TILE_OVERLAP MM(10)   /* printed on both neighbours: the glue strip */
#define TILE_SCALE_MIN 0.85   /* the poster may shrink this far to save a sheet */

/* A band of the poster (poster points, y from the top) no seam may cross,
 * besides the QR codes (found on the page), e.g. the headline's lines. */
struct tile_keep {
	double y0, y1;
};

/* What tile_poster chose (tests and the label). */
struct tile_plan {
	int landscape;          /* sheets turned */
	double scale;           /* 0.85 .. 1 */
	int rows, cols;
	double a[2][16];        /* [0] x, [1] y: where each column / row starts, scaled poster pt */
	double len[2][16];      /* how much of the poster it shows */
	double off[2];          /* a one-sheet axis is centred on the sheet */
};

/* Cuts page 0 of poster onto A4 sheets: of both orientations and every
 * scale from 100 % down to TILE_SCALE_MIN (by 1 %), the fewest sheets wins,
 * then the one whose seams miss every line of text, then the largest
 * scale. Every seam's glue strip stays clear of each QR code with its
 * 4-module quiet zone and of the keep bands (the headline); a layout where
 * that cannot be done takes a sheet more. Each sheet holds only the boxes
 * it prints (clipped to the part it shows), corner marks 6 to 9 mm in from
 * the paper's edges, its number in reading order and which sheet it goes
 * under or over ("dán đè lên tờ 1"). Returns the new document (caller
 * frees); *plan gets the choice when not NULL. */
struct layout_doc *tile_poster(const struct layout_doc *poster, const struct tile_keep *keep, size_t nkeep,
			       const struct measure *m, struct tile_plan *plan);

#endif

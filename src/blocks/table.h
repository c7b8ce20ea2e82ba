/* The table engine every kind shares: a Markdown table in a dispatch, an
 * appendix, a leaflet or a phone copy, and the report's table of hamlets.
 * Columns with widths and alignments; header rows (bold, centred, set again
 * at the top of every page the table runs onto); bold rows (totals); cells
 * of styled text that wraps through the layout engine, with pictures (a
 * step's screenshot) under their text; cells merged to the left, and
 * upwards inside the header; a grid of thin black rules as the decree's
 * tables are drawn. The header is one fixed block of the flow and each row
 * another, so a row is never split and block->repeat re-places the header.
 * All lengths are points. */
#ifndef PHAT_TABLE_H
#define PHAT_TABLE_H

#include <stddef.h>
#include "../layout/layout.h"

struct image;
struct qr;

/* Flags of a row. */
#define TABLE_ROW_BOLD   1     /* a total: bold */
#define TABLE_ROW_HEADER 2     /* a header row: bold, centred, repeated on each page */

/* A picture in a cell, drawn under the cell's text, centred, as wide as
 * the column lets it up to w. */
struct table_pic {
	const struct image *img;   /* or qr; owned by the layout_doc */
	const struct qr *qr;
	double w, h;               /* the largest size it is drawn at */
	double min_w;              /* narrower than this it cannot be read: a
				    * warning names it (name, pos) */
	char *name;                /* owned */
	struct pos pos;
};

struct table_cell {
	struct para text;          /* spans (face, text, link, colour); the table
				    * sets their size, the alignment and width;
				    * bold rows make the faces bold */
	struct table_pic *pics;    /* owned */
	size_t npics;
	int merged;                /* covered by the cell on its left */
	int span_up;               /* header rows: covered by the cell above */
};

struct table_col {
	char *head;            /* the column's header text (owned), or NULL when
				* the header rows are added as rows */
	enum align align;      /* of the cells (headers are centred) */
	double width;          /* points; 0 = sized by table_fit */
	int fixed;             /* width given by the caller */
	double min, max;       /* set by table_fit: longest word, widest text (padding in) */
};

struct table_row {
	struct table_cell *cells;  /* ncols */
	int flags;                 /* TABLE_ROW_* */
	struct pos pos;            /* for messages */
};

/* A header cell over several columns ("Chữ ký số công cộng" over VNPT
 * SmartCA … Khác): the header then has two rows, and the columns outside
 * every group have their header over both. */
struct table_group {
	size_t first, n;           /* the columns it spans */
	char *text;                /* owned */
};

struct table {
	const struct measure *m;
	enum face face;        /* regular face; bold rows and the header use its bold */
	double size;           /* pt; table_fit_size may lower it */
	double pad;            /* inside each cell, left/right; top/bottom is size / 4 */
	double rule;           /* thickness of the grid lines */
	struct table_col *cols;
	size_t ncols;
	struct table_row *rows;
	size_t nrows, caprows;
	struct table_group *groups;  /* in column order, not overlapping */
	size_t ngroups;
	struct pos pos;        /* where the table is written, for messages */
	const char *const *nobreak; /* names never split in a cell (para->nobreak) */
};

/* A table with no columns, text in face at size. Free with table_free. */
struct table *table_new(const struct measure *m, enum face face, double size, struct pos at);
void table_free(struct table *t);
/* Adds a column (before any row); width 0 lets table_fit size it. head
 * NULL: the header comes as rows (table_row_new with TABLE_ROW_HEADER). */
void table_add_col(struct table *t, const char *head, enum align align, double width);
/* Puts text over columns [first, first + n) of the header, above their
 * heads (table_add_col); ignored when out of range or overlapping. */
void table_add_group(struct table *t, size_t first, size_t n, const char *text);
/* Adds a row of t->ncols plain texts (copied) in the table's face; a NULL
 * cell after the first merges with the cell on its left. flags: 0, or
 * TABLE_ROW_BOLD (a total; 1 means the same). */
void table_add_row(struct table *t, const char *const *cells, int flags, struct pos at);
/* Adds a row of empty cells to fill: table_cell_at(t, row, col)->text
 * with para_add (or body_inlines), pictures with table_cell_add_pic.
 * Header rows go before the others. Returns the row's index. */
size_t table_row_new(struct table *t, int flags, struct pos at);
struct table_cell *table_cell_at(struct table *t, size_t row, size_t col);
/* Adds a picture to a cell (pic copied, its name too). */
void table_cell_add_pic(struct table_cell *c, const struct table_pic *pic);

/* Sizes the columns with width 0 to fill width at t->size: each gets at
 * least its longest unbreakable run (or its pictures' readable width);
 * the rest goes first where it saves the most lines per point (the
 * table's height, then the number of cells that wrap: a short cell gets
 * its one line when another column has room to give), then in proportion
 * to how much each column's widest text still needs (the automatic
 * layout of HTML tables). Returns 0, or -1 when even the
 * longest words do not fit (try a smaller size); the auto columns are then
 * as narrow as their longest words. */
int table_fit(struct table *t, double width);
/* table_fit at t->size, then at sizes 0.5 pt smaller down to floor; t->size
 * is the size that fits. Returns 0, or -1 with *missing the points that
 * are still missing at floor (the caller says so, with the table's line). */
int table_fit_size(struct table *t, double width, double floor, double *missing);
/* Sum of the column widths. */
double table_width(const struct table *t);

/* Appends the header (one block, repeated) and every row (one block each)
 * to f, at offset x in the frame. Returns the number of errors reported
 * (characters the font lacks); a picture drawn narrower than its min_w is
 * a warning. */
int table_layout(const struct table *t, struct flow *f, double x);

#endif

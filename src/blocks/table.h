/* A table arranger for any kind: columns with widths and alignments, a
 * header row repeated at the top of every page the table runs onto, bold
 * rows (totals), cells whose text wraps through the layout engine, and a
 * grid of thin rules. Each row becomes one fixed block of the flow, so a
 * row is never split and the flow's block->repeat re-places the header. */
#ifndef PHAT_TABLE_H
#define PHAT_TABLE_H

#include <stddef.h>
#include "../layout/layout.h"

struct table_col {
	char *head;            /* header text, may wrap (owned) */
	enum align align;      /* of the cells (headers are centred) */
	double width;          /* points; 0 = sized by table_fit */
	int fixed;             /* width given by the caller */
	double min, max;       /* set by table_fit: longest word, widest text (padding in) */
};

struct table_row {
	char **cells;          /* ncols texts (owned); NULL = merged into the cell on its left */
	int bold;
	struct pos pos;        /* for messages about missing glyphs */
};

/* A header cell over several columns ("Chữ ký số công cộng" over VNPT
 * SmartCA … Đạt): the table's header then has two rows, and the columns
 * outside every group have their header over both. */
struct table_group {
	size_t first, n;       /* the columns it spans */
	char *text;            /* owned */
};

struct table {
	const struct measure *m;
	enum face face;        /* regular face; bold rows and the header use its bold */
	double size;           /* pt */
	double pad;            /* inside each cell, left/right; top/bottom is pad / 2 */
	double rule;           /* thickness of the grid lines */
	struct table_col *cols;
	size_t ncols;
	struct table_row *rows;
	size_t nrows, caprows;
	struct table_group *groups;  /* in column order, not overlapping */
	size_t ngroups;
	struct pos pos;        /* where the table was asked for */
};

/* A table with no columns, text in face at size. Free with table_free. */
struct table *table_new(const struct measure *m, enum face face, double size, struct pos at);
void table_free(struct table *t);
/* Adds a column; width 0 lets table_fit size it. */
void table_add_col(struct table *t, const char *head, enum align align, double width);
/* Puts text over columns [first, first + n) of the header (after the
 * columns are added); a group that overlaps another or runs past the last
 * column is ignored. */
void table_add_group(struct table *t, size_t first, size_t n, const char *text);
/* Adds a row of t->ncols cells (copied; a NULL cell after the first merges
 * with the cell on its left). */
void table_add_row(struct table *t, const char *const *cells, int bold, struct pos at);

/* Sizes the columns with width 0 to fill width: each gets at least its
 * longest word and its share of the rest in proportion to how much its
 * widest text needs (the automatic layout of HTML tables). Returns 0, or
 * -1 when even the longest words do not fit (try a smaller size); the
 * auto columns are then as narrow as their longest words. */
int table_fit(struct table *t, double width);
/* Sum of the column widths. */
double table_width(const struct table *t);

/* Appends the header row and every row to f, at offset x in the frame.
 * Rows repeat the header when they start a new page. Returns the number
 * of errors reported (characters the font lacks). */
int table_layout(const struct table *t, struct flow *f, double x);

#endif

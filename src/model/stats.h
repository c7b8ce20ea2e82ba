/* Monthly statistics of a campaign (campaign.h): one row per unit (xóm,
 * thôn, …) read from a CSV file, the commune's totals, and for each of the
 * campaign's indicators the rate towards its target, the change since the
 * previous month and what is still needed.
 *
 * Every count is an integer and every rate is kept as an integer number of
 * tenths of a per cent computed from those integers, so "38,5" is exactly
 * the rounded value of num / den (no 0.1-in-binary surprises; short of the
 * target it never shows the target: stats_rate_shown_tenths) and the
 * table, the chart and the {{figures}} in the text always agree. A change
 * is the exact difference of the exact rates, rounded once.
 *
 * Reading lives in src/read/csv.c (libcsv behind that one file); the rest
 * of this module is plain arithmetic and formatting. */
#ifndef PHAT_STATS_H
#define PHAT_STATS_H

#include <stddef.h>
#include "../util/diag.h"
#include "campaign.h"

/* Limits that keep a hostile or mistaken file bounded. A commune has tens
 * of hamlets; these are far above any real use. */
#define STATS_MAX_FILE   (4u << 20)      /* bytes of one CSV file */
#define STATS_MAX_ROWS   10000           /* hamlets in one file */
#define STATS_MAX_NAME   200             /* bytes of one hamlet name */
#define STATS_MAX_COUNT  10000000L       /* largest count in one cell */
#define STATS_MAX_ERRORS 20              /* errors listed before giving up */

/* Default target when neither the campaign nor the document sets one. */
#define STATS_TARGET_DEFAULT 500         /* tenths of a per cent */

/* One indicator of one row (a unit, or the commune's total). */
struct stats_value {
	long num;                 /* the numerator: sum of its columns given */
	long den;                 /* the denominator, >= 1 for a unit */
	long rate_tenths;         /* num / den in tenths of %, rounded half up,
	                           * but below target when not reached
	                           * (stats_rate_shown_tenths) */
	int reached;              /* num / den >= target, exactly */
	long needed;              /* max(0, ceil(target × den) − num) */
	int has_prev;             /* the previous month has this row */
	long prev_num, prev_den;  /* valid when has_prev */
	long change_tenths;       /* num/den − prev_num/prev_den in tenths of a
	                           * percentage point, computed exactly and
	                           * rounded once (half away from zero) */
};

struct stats_row {
	char *name;               /* NFC, trimmed ("Tổng cộng" for the totals row) */
	long *val;                /* per campaign column; -1 when the file has no
	                           * such column or the cell was left empty */
	struct stats_value *ind;  /* per indicator, filled by stats_compute() */
	int line;                 /* row in the CSV file (header = 1); for the
	                           * totals, the file's own total row or 0 */
};

struct stats {
	char *path;               /* as given, for messages */
	struct campaign *c;       /* what the columns and indicators are (owned) */
	int year, month;          /* from the file name ("2025-02.csv"); 0 if none */
	int *has_col;             /* per campaign column: the file has it */
	int col_name;             /* 1-based column of the unit's name, for messages */
	struct stats_row *rows;   /* in file order */
	size_t n;
	struct stats_row total;   /* the commune: sums over rows */
	int has_prev;             /* stats_compute() was given a previous month */
	int prev_year, prev_month;
	size_t *index;            /* hash of names → row + 1, for look-ups */
	size_t index_cap;
	size_t indexed;           /* rows[0..indexed) are in index */
	size_t **order;           /* per indicator, rows by rate (stats_compute) */
	size_t norder;
};

/* Reads and checks a CSV file (src/read/csv.c) against campaign c (NULL:
 * campaign_default; stats keeps its own copy). at is where the file was
 * named (the front-matter key), used when the file cannot be opened.
 * Accepts UTF-8 with or without BOM, "," ";" or tab as separator (detected
 * from the header line), CRLF, quoted cells, thousands written 1.234,
 * 1 234 or 1,234. Headers are matched to the campaign's columns by key,
 * label or another spelling, without case, diacritics, spaces or a part in
 * brackets ("Dân số trưởng thành (người)" is dan_so_truong_thanh); the
 * unit's name by "xom", "thôn", "Tên thôn", … Required: the unit's name,
 * every denominator and for each indicator at least one numerator column.
 * Other headers (STT, Ghi chú) are left out with one warning. A total row
 * ("Tổng cộng", "Cộng", "Toàn xã" as the name, or in the STT cell) is
 * checked against the sum of the rows, not counted. Every problem is
 * reported as file:row:column (row = line of the file, column = 1-based
 * cell number). Returns a new stats (caller frees with stats_free; call
 * stats_compute) or NULL after diag_error. */
struct stats *stats_read(const char *path, struct pos at, const struct campaign *c);
void stats_free(struct stats *s);

/* The row of the unit named name (compared after NFC, without case and
 * with spaces collapsed), or NULL. */
const struct stats_row *stats_find(const struct stats *s, const char *name);

/* Fills rows[].ind and total (sums, rates, targets of s->c, needed); prev
 * (the previous month, read with the same campaign; may be NULL) gives the
 * changes. Never reports anything. */
void stats_compute(struct stats *s, const struct stats *prev);

/* Warnings comparing two months: a unit of prev missing from cur, a
 * unit's count of an indicator or the commune's falling, prev not being an
 * earlier month. Returns the number of warnings. */
int stats_compare(const struct stats *cur, const struct stats *prev);

/* Reads a target written "50", "50 %", "47,5" or "47.5" (1..100) into
 * tenths of a per cent. 0, or -1 after diag_error at at. */
int stats_parse_target(const char *text, struct pos at, int *tenths);

/* Row indices sorted by the rate of indicator k, highest first (ties by
 * file order), for the chart: sorted once by stats_compute, owned by s
 * (NULL for an indicator the campaign does not have). */
const size_t *stats_order_by_rate(const struct stats *s, size_t k);

/* Exact rounded rate: num / den in tenths of a per cent, half up. den > 0. */
long stats_rate_tenths(long num, long den);

/* The rate as printed against a target (tenths of a per cent): the rounded
 * rate, except that a rate short of the target never shows the target or
 * more — 2.231 / 2.790 = 79,96 % against 80 % is 79,9, not 80,0 next to
 * "Chưa" — so it is then cut down to the tenth below (num × 1000 / den,
 * which is < target). Every printed rate (table, chart, {{figures}},
 * spoken text) is this one. den > 0. */
long stats_rate_shown_tenths(long num, long den, int target_tenths);

/* The change from a/b to c/d (rates) in tenths of a percentage point:
 * 1000 × (c/d − a/b) computed exactly and rounded once, half away from
 * zero. b, d > 0. */
long stats_change_tenths(long a, long b, long c, long d);

/* Formatting into out (at least STATS_FMT_MAX bytes); each returns out.
 * stats_format_int(1234567) → "1.234.567" (Vietnamese thousands dot);
 * stats_format_tenths(385) → "38,5" (decimal comma, one decimal);
 * stats_format_change(25) → "+2,5", (-10) → "-1,0", (0) → "0,0";
 * stats_format_rate(38.45) → "38,5": rounds half up on the decimal value
 * (with a tolerance for binary fractions); prefer rate_tenths. */
#define STATS_FMT_MAX 32
char *stats_format_int(long v, char *out);
char *stats_format_tenths(long tenths, char *out);
char *stats_format_change(long tenths, char *out);
char *stats_format_rate(double percent, char *out);

/* "02/2025", or "" when the file name holds no month. */
char *stats_format_month(const struct stats *s, char *out);

/* A unit's name for file names: "Đồng Cả" → "dong-ca" (ASCII letters and
 * digits, words joined by "-"). Caller frees. */
char *stats_slug(const char *name);

#endif

/* Monthly statistics of the digital-signature campaign: one row per hamlet
 * (xóm) read from a CSV file, the commune's totals, rates towards the
 * target ("50 % of adults have a public digital signature"), the change
 * since the previous month and what is still needed.
 *
 * Every count is an integer and every rate is kept as an integer number of
 * tenths of a per cent computed from those integers, so "38,5 %" is exactly
 * the rounded value of signatures / adults (no 0.1-in-binary surprises) and
 * the table, the chart and the {{figures}} in the text always agree.
 *
 * Reading lives in src/read/csv.c (libcsv behind that one file); the rest
 * of this module is plain arithmetic and formatting. */
#ifndef PHAT_STATS_H
#define PHAT_STATS_H

#include <stddef.h>
#include "../util/diag.h"

/* Limits that keep a hostile or mistaken file bounded. A commune has tens
 * of hamlets; these are far above any real use. */
#define STATS_MAX_FILE   (4u << 20)      /* bytes of one CSV file */
#define STATS_MAX_ROWS   10000           /* hamlets in one file */
#define STATS_MAX_NAME   200             /* bytes of one hamlet name */
#define STATS_MAX_COUNT  10000000L       /* largest count in one cell */
#define STATS_MAX_ERRORS 20              /* errors listed before giving up */

/* Providers of the signatures counted: one CSV column each. */
enum stats_provider { STATS_VNPT, STATS_VIETTEL, STATS_KHAC, STATS_NPROV };
/* CSV column names: "vnpt_smartca", "viettel_mysign", "khac". */
extern const char *const stats_provider_keys[STATS_NPROV];
/* Names for table headers: "VNPT SmartCA", "Viettel MySign", "Khác". */
extern const char *const stats_provider_names[STATS_NPROV];

/* Default target when the document sets no muc_tieu: 50,0 %. */
#define STATS_TARGET_DEFAULT 500         /* tenths of a per cent */

struct stats_row {
	char *name;               /* NFC, trimmed ("Tổng cộng" for the totals row) */
	long adults;              /* dan_so_truong_thanh, >= 1 */
	long prov[STATS_NPROV];   /* -1 when the file has no such column */
	long level2;              /* dinh_danh_muc_2; -1 when absent or left empty */
	long total;               /* signatures: sum of the providers given */
	int line;                 /* row in the CSV file (header = 1); 0 for totals */

	/* Filled by stats_compute(): */
	long rate_tenths;         /* total / adults in tenths of %, rounded half up */
	int reached;              /* total / adults >= target (exactly) */
	long needed;              /* max(0, ceil(target × adults) − total) */
	int has_prev;             /* the previous month has this hamlet */
	long prev_total;          /* valid when has_prev */
	long prev_rate_tenths;    /* valid when has_prev */
	long change_tenths;       /* rate_tenths − prev_rate_tenths: the change a
	                           * reader computes from the two printed rates */
};

struct stats {
	char *path;               /* as given, for messages */
	int year, month;          /* from the file name ("2025-02.csv"); 0 if none */
	int has_prov[STATS_NPROV];/* which provider columns the file has */
	int has_level2;           /* the file has dinh_danh_muc_2 */
	int col_name;             /* 1-based column of "xom", for messages */
	struct stats_row *rows;   /* in file order */
	size_t n;
	struct stats_row total;   /* the commune: sums over rows */
	int target_tenths;        /* set by stats_compute() */
	int has_prev;             /* stats_compute() was given a previous month */
	int prev_year, prev_month;
	size_t *index;            /* hash of names → row + 1, for look-ups */
	size_t index_cap;
	size_t indexed;           /* rows[0..indexed) are in index */
};

/* Reads and checks a CSV file (src/read/csv.c). at is where the file was
 * named (the front-matter key), used when the file cannot be opened.
 * Accepts UTF-8 with or without BOM, "," ";" or tab as separator (detected
 * from the header line), CRLF, quoted cells, thousands written 1.234,
 * 1 234 or 1,234. Required columns: xom, dan_so_truong_thanh and at least
 * one of vnpt_smartca, viettel_mysign, khac; optional dinh_danh_muc_2.
 * Header names are matched without case, diacritics or spaces ("Xóm" is
 * xom). Every problem is reported as file:row:column (row = line of the
 * file, column = 1-based cell number). Returns a new stats (caller frees
 * with stats_free; rates not yet computed: call stats_compute) or NULL
 * after diag_error. */
struct stats *stats_read(const char *path, struct pos at);
void stats_free(struct stats *s);

/* The row of the hamlet named name (compared after NFC, without case and
 * with spaces collapsed), or NULL. */
const struct stats_row *stats_find(const struct stats *s, const char *name);

/* Fills the computed fields of every row and of the totals for a target in
 * tenths of a per cent (500 = 50 %); prev (the previous month, may be NULL)
 * gives the change columns. Never reports anything. */
void stats_compute(struct stats *s, const struct stats *prev, int target_tenths);

/* Warnings comparing two months: a hamlet of prev missing from cur, a
 * hamlet's signatures or the commune's total falling, prev not being an
 * earlier month. Returns the number of warnings. */
int stats_compare(const struct stats *cur, const struct stats *prev);

/* Reads a target written "50", "50 %", "47,5" or "47.5" (1..100) into
 * tenths of a per cent. 0, or -1 after diag_error at at. */
int stats_parse_target(const char *text, struct pos at, int *tenths);

/* Row indices sorted by rate, highest first (ties by file order), for the
 * chart. Caller frees. */
size_t *stats_order_by_rate(const struct stats *s);

/* Rate of a row as a double, in per cent (for drawing only; text uses
 * rate_tenths). */
double stats_rate(const struct stats_row *r);

/* Exact rounded rate: num / den in tenths of a per cent, half up. den > 0. */
long stats_rate_tenths(long num, long den);

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

/* A hamlet name for file names: "Đồng Cả" → "dong-ca" (ASCII letters and
 * digits, words joined by "-"). Caller frees. */
char *stats_slug(const char *name);

#endif

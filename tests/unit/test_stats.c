/* Statistics: campaigns, CSV reading and checking (headers as clerks write
 * them, STT and notes columns, total rows), totals, rates, exact changes,
 * number formats, month-to-month warnings, {{figure}} substitution and
 * {{#sections}}.
 * Expected values are worked out by hand in the comments (or computed here
 * with the test's own arithmetic), never copied from the program. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "t.h"
#include "model/stats.h"
#include "model/figures.h"
#include "model/campaign.h"
#include "read/read.h"
#include "util/diag.h"
#include "util/util.h"

#define D "tests/data/csv/"

/* Messages captured from diag. */
static char *msgs[64];
static int nmsgs;

static void sink(const char *line, void *ctx)
{
	(void)ctx;
	if (nmsgs < 64)
		msgs[nmsgs++] = xstrdup(line);
}

static void msgs_clear(void)
{
	int i;

	for (i = 0; i < nmsgs; i++)
		free(msgs[i]);
	nmsgs = 0;
	diag_reset();
}

static const char *msg(int i)
{
	return i < nmsgs ? msgs[i] : "(no message)";
}

static struct pos nowhere = { NULL, 0, 0 };

/* The default campaign's columns, in campaign_default's order, and its
 * one indicator. */
enum { ADULTS, VNPT, VIETTEL, KHAC, LEVEL2 };
#define CKS(row) ((row)->ind[0])

static void test_rounding(void)
{
	char b[STATS_FMT_MAX];

	/* 769 / 2000 = 38,45 % exactly: half up gives 38,5 */
	CHECK(stats_rate_tenths(769, 2000) == 385, "38,45 %% rounds up to 38,5");
	CHECK(stats_rate_tenths(1, 3) == 333, "1/3 = 33,33 %% → 33,3");
	CHECK(stats_rate_tenths(2, 3) == 667, "2/3 = 66,67 %% → 66,7");
	CHECK(stats_rate_tenths(1, 16) == 63, "1/16 = 6,25 %% → 6,3 (half up)");
	CHECK(stats_rate_tenths(3, 16) == 188, "3/16 = 18,75 %% → 18,8");
	CHECK(stats_rate_tenths(1, 80) == 13, "1/80 = 1,25 %% → 1,3");
	CHECK(stats_rate_tenths(1, 1600) == 1, "1/1600 = 0,0625 %% → 0,1");
	CHECK(stats_rate_tenths(1, 2001) == 0, "1/2001 = 0,0499.. %% → 0,0");
	CHECK(stats_rate_tenths(0, 7) == 0, "0 signatures → 0,0");
	CHECK(stats_rate_tenths(7, 7) == 1000, "all → 100,0");
	/* 0,05 % of 2000 is exactly one person: 1/2000 = 0,05 → 0,1 */
	CHECK(stats_rate_tenths(1, 2000) == 1, "1/2000 = 0,05 %% → 0,1");

	CHECK_STR(stats_format_rate(38.45, b), "38,5", "format_rate 38.45 (binary 38.4499..) → 38,5");
	CHECK_STR(stats_format_rate(1.45, b), "1,5", "format_rate 1.45 → 1,5");
	CHECK_STR(stats_format_rate(12.35, b), "12,4", "format_rate 12.35 → 12,4");
	CHECK_STR(stats_format_rate(12.34, b), "12,3", "format_rate 12.34 → 12,3");
	CHECK_STR(stats_format_rate(0.0, b), "0,0", "format_rate 0 → 0,0");
	CHECK_STR(stats_format_rate(100.0, b), "100,0", "format_rate 100 → 100,0");

	CHECK_STR(stats_format_int(0, b), "0", "format_int 0");
	CHECK_STR(stats_format_int(999, b), "999", "format_int 999");
	CHECK_STR(stats_format_int(1234, b), "1.234", "format_int 1234 → 1.234");
	CHECK_STR(stats_format_int(1234567, b), "1.234.567", "format_int 1234567");
	CHECK_STR(stats_format_int(-1000, b), "-1.000", "format_int -1000");
	CHECK_STR(stats_format_tenths(385, b), "38,5", "format_tenths 385");
	CHECK_STR(stats_format_tenths(12345, b), "1.234,5", "format_tenths 12345 → 1.234,5");
	CHECK_STR(stats_format_tenths(5, b), "0,5", "format_tenths 5");
	CHECK_STR(stats_format_change(25, b), "+2,5", "change +25");
	CHECK_STR(stats_format_change(-10, b), "-1,0", "change -10");
	CHECK_STR(stats_format_change(-3, b), "-0,3", "change -3");
	CHECK_STR(stats_format_change(0, b), "0,0", "change 0");
}

static void test_target(void)
{
	int t = 0;
	struct pos at = { "doc.md", 3, 11 };

	msgs_clear();
	CHECK(stats_parse_target("50", at, &t) == 0 && t == 500, "muc_tieu 50");
	CHECK(stats_parse_target("47,5", at, &t) == 0 && t == 475, "muc_tieu 47,5");
	CHECK(stats_parse_target("47.5 %", at, &t) == 0 && t == 475, "muc_tieu 47.5 %%");
	CHECK(stats_parse_target("60%", at, &t) == 0 && t == 600, "muc_tieu 60%%");
	CHECK(stats_parse_target("100", at, &t) == 0 && t == 1000, "muc_tieu 100");
	CHECK(nmsgs == 0, "no message for good targets");
	CHECK(stats_parse_target("150", at, &t) == -1, "muc_tieu 150 refused");
	CHECK_STR(msg(0), "doc.md:3:11: error: muc_tieu \"150\" is not a percentage between 1 and 100; "
		"write for example 50 or 47,5", "message for muc_tieu 150");
	CHECK(stats_parse_target("nửa", at, &t) == -1, "muc_tieu text refused");
	CHECK(stats_parse_target("0", at, &t) == -1, "muc_tieu 0 refused");
	msgs_clear();
}

static void test_small(void)
{
	struct stats *s;
	const struct stats_row *r;
	char b[STATS_FMT_MAX];

	msgs_clear();
	s = stats_read(D "small.csv", nowhere, NULL);
	CHECK(s != NULL, "small.csv reads");
	CHECK(nmsgs == 0, "small.csv: no message (first: %s)", msg(0));
	if (!s)
		return;
	stats_compute(s, NULL);
	CHECK(s->n == 3, "small.csv: 3 hamlets");
	CHECK(s->month == 0 && s->year == 0, "small.csv: no month in the name");
	CHECK(s->has_col[VNPT] && s->has_col[VIETTEL] && s->has_col[KHAC],
		"small.csv: three provider columns");
	CHECK(!s->has_col[LEVEL2], "small.csv: no dinh_danh_muc_2");
	/* Đồng Cả: 200 + 150 + 35 = 385 of 1000 = 38,5 %; needs 500 − 385 = 115 */
	r = &s->rows[0];
	CHECK_STR(r->name, "Đồng Cả", "row 1 name");
	CHECK(r->line == 2, "row 1 is line 2");
	CHECK(r->val[ADULTS] == 1000 && CKS(r).num == 385 && CKS(r).den == 1000, "Đồng Cả: 385 of 1000");
	CHECK(CKS(r).rate_tenths == 385 && !CKS(r).reached && CKS(r).needed == 115, "Đồng Cả: 38,5 %%, needs 115");
	/* Ngói: 300 + 95 + 5 = 400 of 800 = 50,0 %: reached exactly */
	r = &s->rows[1];
	CHECK(CKS(r).num == 400 && CKS(r).rate_tenths == 500 && CKS(r).reached && CKS(r).needed == 0,
		"Ngói: 400 of 800 = 50,0 %%, reached, needs 0");
	/* Kén: 100 + 30 + 20 = 150 of 400 = 37,5 %; needs 200 − 150 = 50 */
	r = &s->rows[2];
	CHECK(CKS(r).num == 150 && CKS(r).rate_tenths == 375 && !CKS(r).reached && CKS(r).needed == 50,
		"Kén: 150 of 400 = 37,5 %%, needs 50");
	/* Commune: 2200 adults, 935 signatures = 42,5 %; needs 1100 − 935 = 165 */
	CHECK(s->total.val[ADULTS] == 2200 && CKS(&s->total).den == 2200, "total adults 2200");
	CHECK(CKS(&s->total).num == 935, "total signatures 935");
	CHECK(s->total.val[VNPT] == 600 && s->total.val[VIETTEL] == 275 &&
		s->total.val[KHAC] == 60, "provider totals 600 / 275 / 60");
	CHECK(s->total.val[LEVEL2] == -1, "no level-2 total without the column");
	CHECK_STR(stats_format_tenths(CKS(&s->total).rate_tenths, b), "42,5", "total rate 42,5");
	CHECK(CKS(&s->total).needed == 165, "total still needed 165");
	CHECK_STR(s->total.name, "Tổng cộng", "total row name");

	/* target 47,5 %: ceil(0,475 × 1000) = 475 → 90; Kén ceil(190) = 190 → 40;
	 * commune ceil(1045) = 1045 → 110 */
	s->c->inds[0].target_tenths = 475;
	stats_compute(s, NULL);
	CHECK(CKS(&s->rows[0]).needed == 90 && CKS(&s->rows[2]).needed == 40 && CKS(&s->total).needed == 110,
		"target 47,5 %%: needs 90, 40 and 110");
	/* target 38,5 %: Đồng Cả reaches it exactly */
	s->c->inds[0].target_tenths = 385;
	stats_compute(s, NULL);
	CHECK(CKS(&s->rows[0]).reached && CKS(&s->rows[0]).needed == 0, "exactly on the target counts as reached");

	CHECK(stats_find(s, "ngói") == &s->rows[1], "find ignores case");
	CHECK(stats_find(s, "  Đồng   Cả ") == &s->rows[0], "find collapses spaces");
	CHECK(stats_find(s, "Đồng") == NULL, "find needs the whole name");
	{
		const size_t *o = stats_order_by_rate(s, 0);

		CHECK(o[0] == 1 && o[1] == 0 && o[2] == 2, "order by rate: Ngói, Đồng Cả, Kén");
	}
	stats_free(s);
}

static void test_excel(void)
{
	struct stats *s;
	char b[STATS_FMT_MAX];

	msgs_clear();
	/* BOM, ";", CRLF, readable header with diacritics, quoted cells,
	 * "1.234" and "1 050", an inner "" quote, an empty optional cell and an
	 * empty ";;;;;" row */
	s = stats_read(D "excel.csv", nowhere, NULL);
	CHECK(s != NULL, "excel.csv reads");
	CHECK(nmsgs == 0, "excel.csv: no message (first: %s)", msg(0));
	if (!s)
		return;
	stats_compute(s, NULL);
	CHECK(s->n == 3, "excel.csv: 3 hamlets (empty row skipped)");
	CHECK(s->has_col[LEVEL2], "excel.csv: readable header 'Định danh mức 2' is dinh_danh_muc_2");
	CHECK_STR(s->rows[0].name, "Đồng Cả", "BOM is not part of the first name");
	CHECK(s->rows[0].val[ADULTS] == 1234, "\"1.234\" is 1234");
	CHECK(s->rows[0].val[LEVEL2] == 1100, "\"1.100\" is 1100");
	/* 300 + 317 + 0 = 617 of 1234 = 50,0 % exactly */
	CHECK(CKS(&s->rows[0]).num == 617 && CKS(&s->rows[0]).reached, "Đồng Cả 617 of 1234 reached");
	/* 469 + 300 = 769 of 2000 = 38,45 % → 38,5; needs 1000 − 769 = 231 */
	CHECK(s->rows[1].val[ADULTS] == 2000 && CKS(&s->rows[1]).num == 769, "Na Chặng 769 of 2000");
	CHECK_STR(stats_format_tenths(CKS(&s->rows[1]).rate_tenths, b), "38,5", "Na Chặng 38,5");
	CHECK(CKS(&s->rows[1]).needed == 231, "Na Chặng needs 231");
	CHECK(s->rows[1].val[LEVEL2] == -1, "empty dinh_danh_muc_2 is 'not given'");
	CHECK_STR(s->rows[2].name, "Trại \"Mới\"", "quoted name with doubled quotes");
	CHECK(s->rows[2].val[ADULTS] == 1050, "\"1 050\" is 1050");
	CHECK(s->rows[2].line == 4, "third hamlet on line 4");
	/* 4284 adults, 1546 signatures = 36,0877.. % → 36,1; needs 2142 − 1546 = 596 */
	CHECK(s->total.val[ADULTS] == 4284 && CKS(&s->total).num == 1546, "totals 4284 / 1546");
	CHECK_STR(stats_format_tenths(CKS(&s->total).rate_tenths, b), "36,1", "total 36,1");
	CHECK(CKS(&s->total).needed == 596, "total needs 596");
	CHECK(s->total.val[LEVEL2] == 2000, "level-2 total skips the empty cell: 2000");
	stats_free(s);
}

static void test_nfd_and_lines(void)
{
	struct stats *s;
	const char *path = "build/tests/stats-nfd.csv";
	/* "Đồng Cả" typed decomposed: o + U+0302 + U+0300, a + U+0309 */
	const char *csv = "xom,dan_so_truong_thanh,khac\n\xC4\x90o\xCC\x82\xCC\x80ng Ca\xCC\x89,10,1\n";

	dir_make("build/tests");
	file_write_atomic(path, csv, strlen(csv));
	msgs_clear();
	s = stats_read(path, nowhere, NULL);
	CHECK(s != NULL, "decomposed names read");
	if (s) {
		CHECK_STR(s->rows[0].name, "Đồng Cả", "name is NFC");
		CHECK(!s->has_col[VNPT] && s->has_col[KHAC], "only khac given");
		CHECK(s->rows[0].val[VNPT] == -1 && s->total.val[VNPT] == -1,
			"absent provider is -1");
		stats_free(s);
	}

	/* rows are lines of the file: a blank line 2, a quoted name over lines
	 * 4-5, then line 6 */
	msgs_clear();
	s = stats_read(D "lines.csv", nowhere, NULL);
	CHECK(s == NULL, "lines.csv refused");
	CHECK_STR(msg(0), D "lines.csv:4:3: error: \"x\" in column \"vnpt_smartca\" (xóm B C) is not a "
		"number; write a whole number such as 1234 or 1.234", "row of a two-line record");
	CHECK_STR(msg(1), D "lines.csv:6:3: error: \"-1\" in column \"vnpt_smartca\" (xóm D) is "
		"negative; a count cannot be below 0", "row after a two-line record");
	CHECK(nmsgs == 2, "lines.csv: two errors");
	stats_free(s);
}

struct bad {
	const char *file;
	const char *want;
};

static void test_bad(void)
{
	static const struct bad cases[] = {
		{ "bad-missing-column.csv", D "bad-missing-column.csv:1: error: the header line has no "
		  "column dan_so_truong_thanh (Dân số trưởng thành); the first line must name the "
		  "columns: " "xóm (the name); dan_so_truong_thanh (Dân số trưởng thành); at least one of vnpt_smartca (VNPT SmartCA), viettel_mysign (Viettel MySign), khac (Khác)" },
		{ "bad-no-provider.csv", D "bad-no-provider.csv:1: error: the header line has no column "
		  "of Người dân trưởng thành có chữ ký số công cộng (one of vnpt_smartca (VNPT SmartCA), "
		  "viettel_mysign (Viettel MySign), khac (Khác)); the first line must name the columns: "
		  "xóm (the name); dan_so_truong_thanh (Dân số trưởng thành); at least one of vnpt_smartca "
		  "(VNPT SmartCA), viettel_mysign (Viettel MySign), khac (Khác)" },
		{ "bad-unknown-column.csv", D "bad-unknown-column.csv:1:3: error: unknown column "
		  "\"vnpt_smatca\"; did you mean vnpt_smartca (VNPT SmartCA)?" },
		{ "bad-empty-cell.csv", D "bad-empty-cell.csv:3:3: error: column \"vnpt_smartca\" of xóm B "
		  "is empty; write 0 if there are none" },
		{ "bad-not-number.csv", D "bad-not-number.csv:2:4: error: \"abc\" in column "
		  "\"viettel_mysign\" (xóm A) is not a number; write a whole number such as 1234 or 1.234" },
		{ "bad-negative.csv", D "bad-negative.csv:2:5: error: \"-5\" in column \"khac\" (xóm A) is "
		  "negative; a count cannot be below 0" },
		{ "bad-decimal.csv", D "bad-decimal.csv:2:2: error: \"12,5\" in column "
		  "\"dan_so_truong_thanh\" (xóm A) is not a whole number; counts have no decimals" },
		{ "bad-above-adults.csv", D "bad-above-adults.csv:2:2: error: xóm A has 101 in "
		  "\"vnpt_smartca\" + \"viettel_mysign\" + \"khac\" but only 100 in column "
		  "\"dan_so_truong_thanh\"; one of these numbers is wrong" },
		{ "bad-twice.csv", D "bad-twice.csv:4:1: error: xóm đồng cả is listed twice (first on "
		  "row 2); keep one row per xóm" },
		{ "bad-quote.csv", D "bad-quote.csv:2:3: error: a quote mark (\") is out of place; a cell "
		  "that holds quotes must be wrapped in quotes, with each inner quote doubled (\"\")" },
		{ "bad-unclosed.csv", D "bad-unclosed.csv:3:1: error: a quoted cell is never closed; add "
		  "the missing quote mark (\")" },
		{ "bad-extra-cell.csv", D "bad-extra-cell.csv:2:6: error: this row has 6 cells but the "
		  "header line names 5 columns; delete the extra cell \"7\" or name its column" },
		{ "bad-short-row.csv", D "bad-short-row.csv:2:4: error: this row has only 3 cells but the "
		  "header line names 5 columns; column \"viettel_mysign\" is missing" },
		{ "bad-total-row.csv", D "bad-total-row.csv:3:2: error: the total row says 11 in column "
		  "\"dan_so_truong_thanh\" but the xóm rows add up to 10; correct the total or the row "
		  "that is wrong" },
		{ "bad-zero-adults.csv", D "bad-zero-adults.csv:2:2: error: xóm A has 0 in column "
		  "\"dan_so_truong_thanh\", of which its rates are taken; write the right number" },
		{ "bad-not-utf8.csv", D "bad-not-utf8.csv:2:7: error: this file is not valid UTF-8 text (byte "
		  "0xE1); in Excel choose Save As, \"CSV UTF-8 (Comma delimited)\"" },
		{ "bad-header-only.csv", D "bad-header-only.csv: error: there is no xóm in this "
		  "file, only the header line" },
		{ "bad-empty.csv", D "bad-empty.csv: error: the file is empty; the first line must name "
		  "the columns: xóm (the name); dan_so_truong_thanh (Dân số trưởng thành); at least one of vnpt_smartca (VNPT SmartCA), viettel_mysign (Viettel MySign), khac (Khác)" },
		{ "bad-big.csv", D "bad-big.csv:2:2: error: \"99999999999\" in column \"dan_so_truong_thanh\" "
		  "(xóm A) is too large (more than 10.000.000); check the cell" },
		{ "does-not-exist.csv", "doc.md:4:10: error: cannot read " D "does-not-exist.csv: "
		  "No such file or directory" },
	};
	size_t i;
	struct pos at = { "doc.md", 4, 10 };

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *path = xasprintf(D "%s", cases[i].file);
		struct stats *s;

		msgs_clear();
		s = stats_read(path, at, NULL);
		CHECK(s == NULL, "%s is refused", cases[i].file);
		CHECK_STR(msg(0), cases[i].want, "%s: message", cases[i].file);
		CHECK(diag_error_count() >= 1, "%s counts as an error", cases[i].file);
		stats_free(s);
		free(path);
	}

	/* every bad row is reported, not only the first */
	msgs_clear();
	CHECK(stats_read(D "bad-two-errors.csv", at, NULL) == NULL, "bad-two-errors refused");
	CHECK(nmsgs == 2, "bad-two-errors: two messages");
	CHECK_STR(msg(1), D "bad-two-errors.csv:3:5: error: \"-2\" in column \"khac\" (xóm B) is "
		"negative; a count cannot be below 0", "second error reported too");
	msgs_clear();
}

static void test_compare(void)
{
	struct stats *prev, *cur;
	char b[STATS_FMT_MAX];

	msgs_clear();
	prev = stats_read(D "cmp-2025-01.csv", nowhere, NULL);
	cur = stats_read(D "cmp-2025-02.csv", nowhere, NULL);
	CHECK(prev && cur, "both months read");
	if (!prev || !cur)
		goto out;
	CHECK(cur->year == 2025 && cur->month == 2, "month 2025-02 from the file name");
	CHECK_STR(stats_format_month(cur, b), "02/2025", "month label 02/2025");
	CHECK(stats_compare(cur, prev) == 3, "three warnings");
	CHECK_STR(msg(0), D "cmp-2025-02.csv: warning: xóm Kén is missing: it was in "
		D "cmp-2025-01.csv (row 4); add its row if it was left out", "missing hamlet warning");
	CHECK_STR(msg(1), D "cmp-2025-02.csv:3:1: warning: xóm Ngói: vnpt_smartca + viettel_mysign + "
		"khac fell from 400 in " D "cmp-2025-01.csv to 390; check the numbers", "hamlet falling warning");
	CHECK_STR(msg(2), D "cmp-2025-02.csv: warning: the commune's total of vnpt_smartca + "
		"viettel_mysign + khac fell from 935 in " D "cmp-2025-01.csv to 785; check the numbers",
		"total falling warning");
	CHECK(diag_error_count() == 0 && diag_warning_count() == 3, "warnings are not errors");

	/* change in percentage points = exact difference of the exact
	 * rates, rounded once (half away from zero):
	 * Đồng Cả 395/1000 − 385/1000 = +1,0;
	 * Ngói 390/800 − 400/800 = 48,75 − 50 = −1,25 → −1,3 (the printed
	 * rates 48,8 and 50,0 would give −1,2);
	 * commune 785/1800 − 935/2200 = 43,611 − 42,5 = +1,11 → +1,1 */
	stats_compute(cur, prev);
	CHECK(CKS(&cur->rows[0]).has_prev && CKS(&cur->rows[0]).change_tenths == 10, "Đồng Cả +1,0");
	CHECK(CKS(&cur->rows[1]).change_tenths == -13, "Ngói -1,25 → -1,3");
	CHECK_STR(stats_format_change(CKS(&cur->total).change_tenths, b), "+1,1", "commune +1,1");
	CHECK(CKS(&cur->total).prev_num == 935, "previous total 935");

	/* the same month twice is suspicious */
	msgs_clear();
	CHECK(stats_compare(prev, prev) >= 1, "same month as previous warns");
	CHECK_STR(msg(0), D "cmp-2025-01.csv: warning: the previous month's file (01/2025) is not "
		"earlier than " D "cmp-2025-01.csv (01/2025); check so_lieu and so_lieu_truoc",
		"previous not earlier");
out:
	msgs_clear();
	stats_free(prev);
	stats_free(cur);
}

static void test_figures(void)
{
	struct stats *prev, *s;
	struct figures f;
	struct pos at = { "poster.md", 10, 1 };
	char *out;

	msgs_clear();
	prev = stats_read(D "cmp-2025-01.csv", nowhere, NULL);
	s = stats_read(D "cmp-2025-02.csv", nowhere, NULL);
	if (!s || !prev) {
		CHECK(0, "figure fixtures read");
		goto out;
	}
	stats_compute(s, prev);
	figures_init(&f, s);

	/* cmp-2025-02: 1800 adults, 785 signatures = 43,6 %; needs 900 − 785 = 115 */
	out = figures_expand("Xã đạt {{tong.ty_le}} % ({{ tong.co_cks }}/{{tong.dan_so}}), "
		"còn thiếu {{tong.con_thieu}}; tháng {{thang}}/{{nam}} ({{thang_nam}}), mục tiêu "
		"{{muc_tieu}} %, {{tong.so_xom_dat}}/{{tong.so_xom}} xóm đạt, {{tong.thay_doi}} điểm",
		&f, at);
	CHECK_STR(out, "Xã đạt 43,6% (785/1.800), còn thiếu 115; tháng 2/2025 (02/2025), "
		"mục tiêu 50%, 0/2 xóm đạt, +1,1 điểm", "commune figures; \"43,6 %%\" written 43,6%%");
	CHECK(nmsgs == 0, "no message (first: %s)", msg(0));
	free(out);

	out = figures_expand("no figures here { } }} {", &f, at);
	CHECK_STR(out, "no figures here { } }} {", "text without {{ is unchanged");
	free(out);
	out = figures_expand("", &f, at);
	CHECK_STR(out, "", "empty text");
	free(out);

	figures_set_hamlet(&f, 1);
	/* Ngói: 390 of 800 = 48,75 → 48,8; needs 400 − 390 = 10; change -1,2 */
	out = figures_expand("Xóm {{xom.ten}}: {{xom.ty_le}} %, {{xom.co_cks}}/{{xom.dan_so}}, "
		"thiếu {{xom.con_thieu}}, {{xom.thay_doi}}", &f, at);
	CHECK_STR(out, "Xóm Ngói: 48,8%, 390/800, thiếu 10, -1,3", "hamlet figures");
	free(out);

	figures_set_hamlet(&f, 0);
	s->c->inds[0].target_tenths = 395;
	stats_compute(s, prev);
	out = figures_expand("{{xom.ten}} {{xom.con_thieu}} {{muc_tieu}}", &f, at);
	CHECK_STR(out, "Đồng Cả 0 39,5", "decimal target and reached hamlet");
	free(out);
	s->c->inds[0].target_tenths = 500;
	stats_compute(s, prev);

	/* errors point at the "{{", counting characters, through lines */
	msgs_clear();
	out = figures_expand("Tỷ lệ: {{tong.tyle}} %\nđạt {{tong.ty_le}}, ồ {{abc}}", &f, at);
	CHECK(out == NULL, "unknown figure refused");
	CHECK_STR(msg(0), "poster.md:10:8: error: unknown figure {{tong.tyle}}; did you mean "
		"{{tong.ty_le}}?", "unknown figure with its position and suggestion");
	CHECK_STR(msg(1), "poster.md:11:23: error: unknown figure {{abc}}; the figures are "
		"{{tong.ty_le}}, {{tong.co}}, {{tong.tong_so}}, {{tong.con_thieu}}, {{muc_tieu}}, "
		"{{thang}}, {{nam}}, {{xom.ten}}, {{xom.ty_le}}, … and {{tong.<chỉ tiêu>.ty_le}} for "
		"each indicator",
		"unknown figure on the second line, column in characters");
	CHECK(nmsgs == 2, "two errors");

	msgs_clear();
	figures_set_hamlet(&f, -1);
	out = figures_expand("A {{xom.ty_le}}", &f, at);
	CHECK(out == NULL, "hamlet figure without a hamlet refused");
	CHECK_STR(msg(0), "poster.md:10:3: error: {{xom.ty_le}} is a figure of one xóm and needs "
		"moi_xom: true in the front matter (one output per xóm)", "needs moi_xom");

	msgs_clear();
	out = figures_expand("x {{tong.ty_le}}", NULL, at);
	CHECK(out == NULL, "figure without statistics refused");
	CHECK_STR(msg(0), "poster.md:10:3: error: {{tong.ty_le}} needs statistics: add so_lieu: "
		"with the month's CSV file to the front matter", "needs so_lieu");

	msgs_clear();
	out = figures_expand("a {{tong.ty_le\nb", &f, at);
	CHECK(out == NULL, "unclosed figure refused");
	CHECK_STR(msg(0), "poster.md:10:3: error: \"{{\" opens a figure but no \"}}\" closes it on "
		"this line; write it like {{tong.ty_le}}", "unclosed figure");

	msgs_clear();
	out = figures_expand("{{tỷ lệ}}", &f, at);
	CHECK(out == NULL, "figure with diacritics refused");
	CHECK_STR(msg(0), "poster.md:10:1: error: \"{{tỷ lệ}}\" is not a figure name: names are "
		"written like {{tong.ty_le}}, with letters, digits, \"_\" and \".\"; a section like "
		"{{#dat}} … {{/dat}}", "bad figure name");

	/* thay_doi without a previous month */
	msgs_clear();
	stats_compute(s, NULL);
	out = figures_expand("{{tong.thay_doi}}", &f, at);
	CHECK(out == NULL, "change without previous month refused");
	CHECK_STR(msg(0), "poster.md:10:1: error: {{tong.thay_doi}} needs the previous month: add "
		"so_lieu_truoc: to the front matter", "needs so_lieu_truoc");
	CHECK(figures_present("a {{b}}") && !figures_present("a { {b}"), "figures_present");
out:
	msgs_clear();
	stats_free(prev);
	stats_free(s);
}

static void test_slug(void)
{
	char *a = stats_slug("Đồng Cả"), *b = stats_slug("  Trại \"Mới\" 2 "), *c = stats_slug("??");

	CHECK_STR(a, "dong-ca", "slug Đồng Cả");
	CHECK_STR(b, "trai-moi-2", "slug with quotes and digits");
	CHECK_STR(c, "xom", "slug of nothing usable");
	free(a);
	free(b);
	free(c);
}

/* 500 hamlets written here with ";" and thousands dots, summed by the test
 * with its own arithmetic. */
static void test_many(void)
{
	const char *path = "build/tests/stats-500.csv";
	struct buf b;
	struct stats *s;
	long adults = 0, sig = 0, reached = 0, i, bad = 0;
	char f[STATS_FMT_MAX];

	buf_init(&b);
	buf_adds(&b, "\xEF\xBB\xBFxom;dan_so_truong_thanh;vnpt_smartca;viettel_mysign;khac\r\n");
	for (i = 0; i < 500; i++) {
		long a = 400 + (i * 37) % 1800;        /* 400 .. 2199 */
		long v = (a * ((i * 13) % 31)) / 100;  /* up to 30 % of adults */
		long t = (a * ((i * 7) % 29)) / 100;   /* up to 28 % */
		long k = i % 5;

		adults += a;
		sig += v + t + k;
		reached += (v + t + k) * 2 >= a;
		/* thousands written with a dot when there are four digits */
		if (a >= 1000)
			buf_printf(&b, "Xóm số %ld;%ld.%03ld;%ld;%ld;%ld\r\n", i + 1, a / 1000, a % 1000, v, t, k);
		else
			buf_printf(&b, "Xóm số %ld;%ld;%ld;%ld;%ld\r\n", i + 1, a, v, t, k);
	}
	dir_make("build/tests");
	file_write_atomic(path, b.data, b.len);
	buf_free(&b);

	msgs_clear();
	s = stats_read(path, nowhere, NULL);
	CHECK(s != NULL, "500-hamlet CSV reads");
	if (!s)
		return;
	stats_compute(s, NULL);
	CHECK(s->n == 500, "500 hamlets");
	CHECK(s->total.val[ADULTS] == adults, "500 hamlets: adults %ld", adults);
	CHECK(CKS(&s->total).num == sig, "500 hamlets: signatures %ld", sig);
	for (i = 0; i < 500; i++) {
		const struct stats_row *r = &s->rows[i];
		/* the test's own rounding: tenths = floor(1000·t/a + 1/2), but
		 * floor(1000·t/a) when that would print 50,0 short of 50 % */
		long want = (2000 * CKS(r).num + r->val[ADULTS]) / (2 * r->val[ADULTS]);

		if (CKS(r).num * 2 < r->val[ADULTS] && want >= 500)
			want = 1000 * CKS(r).num / r->val[ADULTS];

		if (r->line != i + 2 || CKS(r).rate_tenths != want)
			bad++;
	}
	CHECK(bad == 0, "500 hamlets: every line number and rate right");
	{
		long got = 0;

		for (i = 0; i < 500; i++)
			got += CKS(&s->rows[i]).reached;
		CHECK(got == reached, "500 hamlets: %ld reached the target", reached);
	}
	CHECK(stats_find(s, "xóm số 377") == &s->rows[376], "find in 500 hamlets");
	CHECK(CKS(&s->total).rate_tenths == (2000 * sig + adults) / (2 * adults), "500: total rate %s",
		stats_format_tenths(CKS(&s->total).rate_tenths, f));
	stats_free(s);
	msgs_clear();
}

/* Writes text to build/tests/<name> and reads it. */
static struct stats *read_text(const char *name, const char *text)
{
	char *path = xasprintf("build/tests/%s", name);
	struct stats *s;

	dir_make("build/tests");
	file_write_atomic(path, text, strlen(text));
	msgs_clear();
	s = stats_read(path, nowhere, NULL);
	free(path);
	return s;
}

static void test_separators(void)
{
	struct stats *s;

	/* Excel's "sep=;" first line: the header is then on line 2 */
	s = read_text("stats-sep.csv", "sep=;\r\nxom;dan_so_truong_thanh;khac\r\nA;1.000;10\r\n");
	CHECK(s && s->n == 1 && s->rows[0].val[ADULTS] == 1000 && s->rows[0].line == 3,
		"sep=; line honoured, rows still numbered by file line");
	stats_free(s);
	/* tab-separated, as pasted from a spreadsheet */
	s = read_text("stats-tab.csv", "xom\tdan_so_truong_thanh\tvnpt_smartca\nA B\t500\t20\n");
	CHECK(s && s->n == 1 && CKS(&s->rows[0]).num == 20 && !strcmp(s->rows[0].name, "A B"),
		"tab separator detected");
	stats_free(s);
	/* a comma inside a quoted name does not fool the detection, and
	 * "1,234" in a ";" file is thousands (counts have no decimals) */
	s = read_text("stats-semi.csv", "\"xom, tên\";dan_so_truong_thanh;khac\nA;1,234;1\n");
	CHECK(s == NULL, "a header cell 'xom, tên' is not xom");
	s = read_text("stats-semi2.csv", "xom;dan_so_truong_thanh;khac\n\"Na, Chặng\";1,234;1\n");
	CHECK(s && s->rows[0].val[ADULTS] == 1234 && !strcmp(s->rows[0].name, "Na, Chặng"),
		"\"1,234\" in a ';' file is 1234");
	stats_free(s);
	/* the last line may lack its line end; lone CR line ends (old Mac) */
	s = read_text("stats-cr.csv", "xom,dan_so_truong_thanh,khac\rA,10,1\rB,20,x");
	CHECK(s == NULL && nmsgs == 1, "lone CR line ends: one error");
	CHECK_STR(msg(0), "build/tests/stats-cr.csv:3:3: error: \"x\" in column \"khac\" (xóm B) is not a "
		"number; write a whole number such as 1234 or 1.234", "row counted across CR line ends");
	/* "1.5" and "1.2345" are not counts */
	s = read_text("stats-dec.csv", "xom,dan_so_truong_thanh,khac\nA,1.5,0\nB,1.2345,0\nC,12 34,0\n");
	CHECK(s == NULL && nmsgs == 3, "1.5, 1.2345 and 12 34 refused");
	CHECK(strstr(msg(0), ":2:2: error: \"1.5\" in column \"dan_so_truong_thanh\" (xóm A) is not a whole number") != NULL,
		"1.5 is not a whole number");
	CHECK(strstr(msg(1), ":3:2: error: \"1.2345\"") != NULL, "1.2345 refused");
	CHECK(strstr(msg(2), ":4:2: error: \"12 34\" in column \"dan_so_truong_thanh\" (xóm C) is not a number") != NULL,
		"12 34 is not a number");
	msgs_clear();
}

/* The example months in content/so-lieu, summed here by a plain split on
 * the separator (the February file is Excel-style), must read without a
 * message and agree with the reader; months follow without a warning. */
static void sum_by_hand(const char *path, long *adults, long *sig, int *rows)
{
	size_t len;
	char *text = file_read(path, 1 << 20, &len), *line, *save = NULL;
	int first = 1;

	*adults = *sig = 0;
	*rows = 0;
	if (!text)
		return;
	for (line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
		char *cell, *save2 = NULL;
		int col = 0;

		if (first) {
			first = 0;
			continue;
		}
		(*rows)++;
		for (cell = strtok_r(line, ",;", &save2); cell; cell = strtok_r(NULL, ",;", &save2), col++) {
			long v = 0;
			char *c;

			for (c = cell; *c; c++)
				if (*c >= '0' && *c <= '9')
					v = v * 10 + (*c - '0');
			if (col == 1)
				*adults += v;
			else if (col >= 2 && col <= 4)
				*sig += v;
		}
	}
	free(text);
}

static void test_content(void)
{
	static const char *const files[] = {
		"content/so-lieu/2025-01.csv", "content/so-lieu/2025-02.csv", "content/so-lieu/2025-03.csv"
	};
	struct stats *s[3] = { NULL, NULL, NULL };
	int i;

	for (i = 0; i < 3; i++) {
		long adults, sig;
		int rows;

		msgs_clear();
		s[i] = stats_read(files[i], nowhere, NULL);
		CHECK(s[i] != NULL && nmsgs == 0, "%s reads without a message (%s)", files[i], msg(0));
		if (!s[i])
			continue;
		sum_by_hand(files[i], &adults, &sig, &rows);
		CHECK(s[i]->n == (size_t)rows && rows >= 10, "%s: %d hamlets", files[i], rows);
		CHECK(s[i]->total.val[ADULTS] == adults && CKS(&s[i]->total).num == sig,
			"%s: totals %ld adults, %ld signatures", files[i], adults, sig);
		CHECK(s[i]->month == i + 1 && s[i]->year == 2025, "%s: month", files[i]);
		if (i > 0 && s[i - 1]) {
			msgs_clear();
			CHECK(stats_compare(s[i], s[i - 1]) == 0, "%s follows the month before without a "
				"warning (%s)", files[i], msg(0));
			stats_compute(s[i], s[i - 1]);
			CHECK(CKS(&s[i]->total).change_tenths > 0, "%s: the commune progresses", files[i]);
		}
	}
	msgs_clear();
	for (i = 0; i < 3; i++)
		stats_free(s[i]);
}


/* A campaign written in YAML the way the README shows it. Returns it or
 * NULL (messages in msgs). */
static struct campaign *campaign_yaml(const char *yaml)
{
	struct meta *m = read_frontmatter(yaml, strlen(yaml), "phat.yaml", 1);
	struct campaign *c = NULL;

	if (m && meta_get(m, "chien_dich"))
		c = campaign_from_meta(meta_get(m, "chien_dich"));
	meta_free(m);
	return c;
}

/* A VNeID level-2 campaign of a commune with "thôn", read from a sheet with
 * STT, Vietnamese headers, a unit in brackets, a notes column and a total
 * row typed in the STT cell. Figures worked out by hand below. */
static const char *const thon_yaml =
	"chien_dich:\n"
	"  don_vi: Thôn\n"
	"  cot:\n"
	"    dan_so_truong_thanh: Dân số trưởng thành\n"
	"    dinh_danh_muc_2: [Định danh mức 2, Tài khoản VNeID mức 2]\n"
	"    vnpt_smartca: VNPT SmartCA\n"
	"  chi_tieu:\n"
	"    - ma: muc_2\n"
	"      ten: Tài khoản định danh điện tử mức 2\n"
	"      ten_doc: tài khoản định danh điện tử mức hai\n"
	"      tu_so: dinh_danh_muc_2\n"
	"      mau_so: dan_so_truong_thanh\n"
	"      muc_tieu: 80\n"
	"    - ma: cks\n"
	"      ten: Người dân có chữ ký số\n"
	"      tu_so: VNPT SmartCA + viettel_mysign\n"
	"      mau_so: Dân số trưởng thành\n"
	"      muc_tieu: 47,5\n";

static void test_campaign(void)
{
	struct campaign *c;
	struct stats *s;
	char b[STATS_FMT_MAX];
	const char *csv =
		"STT;Tên thôn;Dân số trưởng thành (người);Tài khoản VNeID mức 2;VNPT SmartCA;"
		"Viettel MySign;Ghi chú\r\n"
		"1;Bản Lánh;1.000;820;300;170;\r\n"
		"2;Khuổi Mìn;400;250;100;90;đường xa\r\n"
		"3;Nà Pục;600;480;150;135;\r\n"
		"Tổng cộng;;2.000;1.550;550;395;\r\n";

	msgs_clear();
	c = campaign_yaml(thon_yaml);
	CHECK(c != NULL, "the campaign of the README reads (%s)", msg(0));
	if (!c)
		return;
	CHECK_STR(c->unit, "thôn", "don_vi: Thôn is the unit, lower case");
	CHECK_STR(c->unit_key, "thon", "its key is thon");
	CHECK(c->ninds == 2 && !strcmp(c->inds[0].key, "muc_2") && !strcmp(c->inds[1].key, "cks"),
		"two indicators, in order");
	CHECK(c->inds[0].target_tenths == 800 && c->inds[1].target_tenths == 475, "targets 80 and 47,5");
	CHECK(c->inds[1].nnum == 2 && !strcmp(c->cols[c->inds[1].num[0]].key, "vnpt_smartca") &&
	      !strcmp(c->cols[c->inds[1].num[1]].key, "viettel_mysign"),
	      "tu_so names columns by label or key; a known key gets its label");
	CHECK_STR(c->cols[c->inds[1].num[1]].label, "Viettel MySign", "known label of viettel_mysign");
	CHECK(c->inds[0].den == c->inds[1].den, "mau_so by label and by key is the same column");
	CHECK_STR(c->inds[1].spoken, "Người dân có chữ ký số", "no ten_doc: spoken as printed");

	/* the default campaign reads the signatures of the same sheet and
	 * leaves the level-2 column, not one of its own spellings, out */
	s = read_text("thon-2025-03.csv", csv);
	CHECK(s && s->n == 3 && CKS(&s->total).num == 945, "the default campaign: 945 signatures");
	CHECK(strstr(msg(0), "\"Tài khoản VNeID mức 2\" (4)") != NULL, "... and warns about the "
		"level-2 column it has no name for (%s)", msg(0));
	stats_free(s);
	{
		char *path = "build/tests/thon-2025-03.csv";

		msgs_clear();
		s = stats_read(path, nowhere, c);
	}
	CHECK(s != NULL, "the thôn sheet reads against its campaign (%s)", msg(0));
	if (!s)
		goto out;
	CHECK(nmsgs == 0 && diag_error_count() == 0, "STT and Ghi chú, in every Vietnamese sheet, are left "
	      "out without a word (%s)", msg(0));
	stats_compute(s, NULL);
	CHECK(s->n == 3, "three thôn: the total row is not one");
	CHECK(s->col_name == 2, "Tên thôn is the name column");
	CHECK(s->total.line == 5, "the file's total row is remembered (row 5)");
	/* muc_2: 820/1000 = 82,0 reached; 250/400 = 62,5 needs 320 − 250 = 70;
	 * 480/600 = 80,0 reached exactly; commune 1550/2000 = 77,5, needs 50 */
	CHECK(s->rows[0].ind[0].rate_tenths == 820 && s->rows[0].ind[0].reached, "Bản Lánh 82,0 reached");
	CHECK(s->rows[1].ind[0].rate_tenths == 625 && s->rows[1].ind[0].needed == 70, "Khuổi Mìn 62,5, 70 more");
	CHECK(s->rows[2].ind[0].reached && s->rows[2].ind[0].needed == 0, "Nà Pục 80,0 exactly reached");
	CHECK(s->total.ind[0].rate_tenths == 775 && s->total.ind[0].needed == 50, "commune 77,5, 50 more");
	/* cks at 47,5 %: 470/1000 = 47,0 needs 475 − 470 = 5; 190/400 = 47,5
	 * reached; 285/600 = 47,5 reached; commune 945/2000 = 47,25 → 47,3,
	 * needs 950 − 945 = 5 */
	CHECK(s->rows[0].ind[1].num == 470 && s->rows[0].ind[1].needed == 5, "Bản Lánh cks 470, 5 more");
	CHECK(s->rows[1].ind[1].reached && s->rows[2].ind[1].reached, "47,5 %% reached twice");
	CHECK_STR(stats_format_tenths(s->total.ind[1].rate_tenths, b), "47,3", "commune cks 47,25 → 47,3");
	CHECK(s->total.ind[1].needed == 5, "commune cks needs 5");
	{
		struct figures f;
		struct pos at = { "loa.md", 3, 1 };
		char *out;

		figures_init(&f, s);
		figures_set_hamlet(&f, 1);
		out = figures_expand("{{thon.ten}}: {{thon.muc_2.ty_le}} %, {{tong.muc_2.so_dat}}/"
			"{{tong.so_thon}} {{don_vi}} đạt; {{tong.dinh_danh_muc_2}} / "
			"{{tong.dan_so_truong_thanh}}; {{muc_2.ten}}; {{xom.cks.con_thieu}}", &f, at);
		CHECK_STR(out, "Khuổi Mìn: 62,5%, 2/3 thôn đạt; 1.550 / 2.000; Tài khoản định danh "
			"điện tử mức 2; 0", "figures of a campaign's indicators, columns and unit");
		free(out);
		f.spoken = 1;
		out = figures_expand("{{muc_2.ten}}", &f, at);
		CHECK_STR(out, "tài khoản định danh điện tử mức hai", "ten_doc in a spoken text");
		free(out);
		msgs_clear();
		out = figures_expand("{{tong.muc_2.tyle}} {{thon.cks.con_thieeu}}", &f, at);
		CHECK(out == NULL && nmsgs == 2, "misspelt indicator figures refused");
		CHECK_STR(msg(0), "loa.md:3:1: error: unknown figure {{tong.muc_2.tyle}}; did you mean "
			"{{tong.muc_2.ty_le}}?", "did you mean over the campaign's names");
		CHECK(strstr(msg(1), "did you mean {{thon.cks.con_thieu}}?") != NULL,
			"did you mean with the unit's own key (%s)", msg(1));
	}
	stats_free(s);

	/* a wrong total row: both numbers in the message */
	{
		char *bad = xstrdup(csv);
		char *p = strstr(bad, "Tổng cộng;;2.000;1.550");

		memcpy(p + strlen("Tổng cộng;;2.000;1."), "505", 3);
		msgs_clear();
		dir_make("build/tests");
		file_write_atomic("build/tests/thon-sai.csv", bad, strlen(bad));
		s = stats_read("build/tests/thon-sai.csv", nowhere, c);
		CHECK(s == NULL, "a total row that does not add up is refused");
		CHECK_STR(msg(0), "build/tests/thon-sai.csv:5:4: error: the total row says 1.505 in column "
			"\"Tài khoản VNeID mức 2\" but the thôn rows add up to 1.550; correct the total or "
			"the row that is wrong", "both numbers, at the total's cell");
		stats_free(s);
		free(bad);
	}
out:
	campaign_free(c);
	msgs_clear();
}

static void test_campaign_bad(void)
{
	static const struct { const char *yaml, *want; } cases[] = {
		{ "chien_dich:\n  don_vi: thôn\n  chi_tieu:\n    - ma: a\n      ten: A\n      mau_so: dan_so\n",
		  "phat.yaml:4:7: error: the indicator needs \"tu_so:\", the column counted (or columns "
		  "added up), e.g. tu_so: vnpt_smartca + viettel_mysign + khac" },
		{ "chien_dich:\n  chi_tieu:\n    - tu_so: a + b\n      mau_so: c\n",
		  "phat.yaml:3:7: error: the indicator needs \"ten:\", its name as printed in the "
		  "table and the chart" },
		{ "chien_dich:\n  chi_tieu:\n    - tu_so: a\n      mau_so: a\n",
		  "phat.yaml:4:7: error: column a cannot be both counted (tu_so) and the whole (mau_so)" },
		{ "chien_dich:\n  chi_tieu:\n    - tu_so: ty_le\n      mau_so: b\n",
		  "phat.yaml:3:7: error: a column cannot be called \"ty_le\": phat uses that name for its "
		  "own figures" },
		{ "chien_dich:\n  don_vi: thôn\n  chitieu:\n    - tu_so: a\n",
		  "phat.yaml:3:3: error: unknown key \"chitieu\": did you mean \"chi_tieu\"?" },
		{ "chien_dich:\n  chi_tieu:\n    - tu_so: a\n      mau_so: b\n      muc_tieu: 120\n",
		  "phat.yaml:5:7: error: muc_tieu \"120\" is not a percentage between 1 and 100; write "
		  "for example 50 or 47,5" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct campaign *c;

		msgs_clear();
		c = campaign_yaml(cases[i].yaml);
		CHECK(c == NULL, "bad campaign %zu refused", i + 1);
		CHECK_STR(msg(0), cases[i].want, "bad campaign %zu: message", i + 1);
		campaign_free(c);
	}
	msgs_clear();
}

/* Headers as clerks type them, and total rows, with the default campaign. */
static void test_headers(void)
{
	struct stats *s;

	s = read_text("hdr.csv", "TT,Tên xóm,Dân số trưởng thành,VNPT,Viettel,Khác,Ghi chú\n"
		"1,Đồng Cả,1.000,200,100,0,\n2,Ngói,500,100,50,10,mới\nCộng,,1.500,300,150,10,\n");
	CHECK(s && s->n == 2 && CKS(&s->total).num == 460 && s->total.line == 4,
		"Tên xóm, VNPT, Viettel; 'Cộng' in the STT cell is the total row");
	CHECK(nmsgs == 0, "TT and Ghi chú left out without a word (%s)", msg(0));
	stats_free(s);
	s = read_text("hdr2.csv", "Xóm,DÂN SỐ TRƯỞNG THÀNH,vnpt smartca,Khác\nA,10,1,1\nToàn xã,10,1,1\n");
	CHECK(s && s->n == 1 && nmsgs == 0, "capitals, spaces; 'Toàn xã' total row; no message (%s)", msg(0));
	stats_free(s);
	s = read_text("hdr3.csv", "xom,dan_so_truong_thanh,khac\nTổng cộng,10,1\nA,10,1\n");
	CHECK(s && s->n == 1 && s->total.line == 2, "a total row before the units is checked too");
	stats_free(s);
	s = read_text("hdr4.csv", "xom,dan_so_truong_thanh,khac\nA,10,1\nTổng,10,1\nTổng cộng,10,1\n");
	CHECK(s == NULL && strstr(msg(0), ":4:1: error: a second total row (the first is on row 3)") != NULL,
		"two total rows refused (%s)", msg(0));
	stats_free(s);
	/* a total row with a typo ("1O"), retyped on the next line: the typo
	 * is named, and the first row's figures are not kept (nor leaked) */
	s = read_text("hdr5.csv", "xom,dan_so_truong_thanh,khac\nA,10,1\nTổng cộng,10,1O\nTổng cộng,10,1\n");
	CHECK(s == NULL && strstr(msg(0), "hdr5.csv:3:3: error:") != NULL,
		"a total row with a typo, then another: the typo named at its cell (%s)", msg(0));
	stats_free(s);
	/* the sheet's title above the header, as Excel saves it */
	s = read_text("hdr6.csv", "BẢNG TỔNG HỢP THÁNG 3;;\n;;\nxom;dan_so_truong_thanh;khac\nA;10;1\n");
	CHECK(s && s->n == 1 && s->rows[0].line == 4 && nmsgs == 0, "a title line and a blank line above "
		"the header are skipped (%s)", msg(0));
	stats_free(s);
	s = read_text("hdr7.csv", "xom|dan_so|khac\nA|10|1\n");
	CHECK(s == NULL && strstr(msg(0), "hdr7.csv:1:1: error: every line of this file has one cell: "
		"separate the cells with \",\", \";\" or a tab") != NULL, "one cell a line: says so (%s)", msg(0));
	stats_free(s);
	s = read_text("hdr8.csv", "ten,dan so,khac\nA,10,1\n");
	CHECK(s == NULL && nmsgs == 1 && strstr(msg(0), ":1: error: the header line has no column "
		"dan_so_truong_thanh (Dân số trưởng thành); the first line") != NULL,
		"one error for the header, no warning about its other columns (%s)", msg(0));
	stats_free(s);
	s = read_text("hdr5.csv", "xom,dan_so_truong_thanh,khac,ghi chu\nA,10,1,\nTổng cộng,10,,\n");
	CHECK(s && s->n == 1, "an empty cell of the total row is not checked");
	stats_free(s);
	msgs_clear();
}

static void test_change_exact(void)
{
	/* Hòa Bình of content/: 210/953 → 279/956 = 29,184.. − 22,035.. =
	 * 7,148 → +7,1 (the printed rates 29,2 − 22,0 would say +7,2) */
	CHECK(stats_change_tenths(210, 953, 279, 956) == 71, "Hòa Bình +7,148 → +7,1");
	CHECK(stats_change_tenths(400, 800, 390, 800) == -13, "-1,25 → -1,3 (half away from zero)");
	CHECK(stats_change_tenths(390, 800, 400, 800) == 13, "+1,25 → +1,3");
	CHECK(stats_change_tenths(1, 3, 1, 3) == 0, "no change → 0");
	/* totals up to 10^11: the products pass 64 bits */
	CHECK(stats_change_tenths(40000000000L, 100000000000L, 50000000000L, 100000000001L) == 100,
		"totals near 10^11 do not overflow (+10,0)");
}

static void test_sections(void)
{
	struct stats *s = stats_read(D "small.csv", nowhere, NULL);
	struct figures f;
	struct pos at = { "loa.md", 5, 1 };
	char *out;
	const char *text = "Xóm {{xom.ten}} {{#dat}}đã đạt{{/dat}}{{^dat}}cần thêm "
		"{{xom.con_thieu}} người{{/dat}}.";

	if (!s) {
		CHECK(0, "small.csv reads");
		return;
	}
	stats_compute(s, NULL);
	figures_init(&f, s);
	/* Đồng Cả 38,5 % needs 115; Ngói 50,0 % reached */
	figures_set_hamlet(&f, 0);
	out = figures_expand(text, &f, at);
	CHECK_STR(out, "Xóm Đồng Cả cần thêm 115 người.", "{{^dat}} for a unit below the target");
	free(out);
	figures_set_hamlet(&f, 1);
	out = figures_expand(text, &f, at);
	CHECK_STR(out, "Xóm Ngói đã đạt.", "{{#dat}} for a unit that reached it");
	free(out);
	out = figures_expand("{{#xom.con_thieu}}thiếu{{/xom.con_thieu}}{{^xom.con_thieu}}đủ{{/xom.con_thieu}}"
		" {{#tong.dat}}A{{/tong.dat}}{{^tong.dat}}B{{#tong.so_dat}} ({{tong.so_dat}} xóm đạt)"
		"{{/tong.so_dat}}{{/tong.dat}}", &f, at);
	CHECK_STR(out, "đủ B (1 xóm đạt)", "a zero figure is false; sections nest");
	free(out);
	figures_set_hamlet(&f, -1);
	out = figures_expand("{{#dat}}x{{/dat}}{{^dat}}y{{/dat}}", &f, at);
	CHECK_STR(out, "y", "{{dat}} without a unit is the commune's (42,5 %%)");
	free(out);
	out = figures_expand("{{#xom.dat}}{{xom.ten}}{{/xom.dat}}", &f, at);
	CHECK(out == NULL, "a unit's section needs a unit");
	free(out);

	msgs_clear();
	out = figures_expand("a {{#dat}}b\nc {{^tong.dat}}d{{/dat}} e", &f, at);
	CHECK(out == NULL, "crossed sections refused");
	CHECK_STR(msg(0), "loa.md:6:17: error: {{/dat}} does not match {{^tong.dat}} opened at line 6, "
		"column 3; close the inner section first with {{/tong.dat}}", "crossed: both positions");
	CHECK_STR(msg(1), "loa.md:5:3: error: {{#dat}} opens a section that is never closed; add "
		"{{/dat}} where it ends", "then the unclosed outer one");
	CHECK_STR(msg(2), "loa.md:6:3: error: {{^tong.dat}} opens a section that is never closed; add "
		"{{/tong.dat}} where it ends", "and the inner one");
	msgs_clear();
	out = figures_expand("{{#dta}}x{{/dta}} {{/dat}}", &f, at);
	CHECK(out == NULL, "misspelt section refused");
	CHECK_STR(msg(0), "loa.md:5:1: error: unknown figure {{#dta}}; did you mean {{#dat}}?",
		"misspelt section: did you mean");
	CHECK_STR(msg(1), "loa.md:5:19: error: {{/dat}} closes a section that was never opened; open "
		"it with {{#dat}} or {{^dat}}", "a close without an open");
	msgs_clear();
	stats_free(s);
}

/* Sections over a Markdown tree: whole paragraphs and list items, and
 * sections inside a sentence across emphasis. */
static void test_sections_tree(void)
{
	struct stats *s = stats_read(D "small.csv", nowhere, NULL);
	const char *md = "# Xóm {{xom.ten}}\n\n{{#dat}}\n\nĐoạn khi đạt.\n\n- mục đạt\n\n{{/dat}}\n\n"
		"Câu **có {{^dat}}chưa{{/dat}}** đạt {{#dat}}*rồi*{{/dat}}.\n\n{{^dat}}\n\nCòn thiếu.\n\n{{/dat}}\n";
	struct figures f;
	struct node *tree;
	char *dump;
	int errs;

	if (!s) {
		CHECK(0, "small.csv reads");
		return;
	}
	stats_compute(s, NULL);
	figures_init(&f, s);
	figures_set_hamlet(&f, 1);   /* Ngói: reached */
	tree = read_markdown(md, strlen(md), "t.md", 1);
	CHECK(tree && figures_has_sections(tree), "the tree has sections");
	errs = figures_filter(tree, &f);
	dump = node_dump(tree);
	CHECK(errs == 0, "no error");
	CHECK(strstr(dump, "Đoạn khi đạt.") && strstr(dump, "mục đạt") && strstr(dump, "rồi") &&
	      !strstr(dump, "Còn thiếu") && !strstr(dump, "chưa") && !strstr(dump, "{{#") &&
	      !strstr(dump, "{{/") && strstr(dump, "{{xom.ten}}"),
	      "reached: the shown parts stay, the others and the tags go, figures wait");
	if (t_failures)
		printf("# %s\n", dump);
	free(dump);
	node_free(tree);

	figures_set_hamlet(&f, 0);   /* Đồng Cả: not reached */
	tree = read_markdown(md, strlen(md), "t.md", 1);
	errs = figures_filter(tree, &f);
	dump = node_dump(tree);
	CHECK(errs == 0 && !strstr(dump, "Đoạn khi đạt") && !strstr(dump, "mục đạt") &&
	      !strstr(dump, "LIST") && !strstr(dump, "list") && strstr(dump, "Còn thiếu") &&
	      strstr(dump, "chưa") && !strstr(dump, "rồi"),
	      "not reached: the paragraph, the list and the emphasis go");
	{
		char *t = node_text(tree->first->next);

		CHECK_STR(t, "Câu có chưa đạt.", "no space left before the full stop");
		free(t);
	}
	free(dump);
	node_free(tree);

	/* tables: a table a section hides goes whole; a hidden row goes, the
	 * header stays; a hidden cell stays, empty, so the row keeps its
	 * columns (Ngói reached its target) */
	{
		const char *tmd = "{{^dat}}\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n{{/dat}}\n\n"
			"| X | Y |\n|---|---|\n| {{^dat}}bỏ{{/dat}} | c |\n| {{#dat}}giữ | d |\n| e | f{{/dat}} |\n";
		char *t2;

		figures_set_hamlet(&f, 1);   /* Ngói: reached */
		tree = read_markdown(tmd, strlen(tmd), "t.md", 1);
		errs = figures_filter(tree, &f);
		dump = node_dump(tree);
		t2 = dump;
		CHECK(errs == 0 && !strstr(t2, "\"A\"") && strstr(t2, "\"X\"") && strstr(t2, "\"giữ\"") &&
		      strstr(t2, "\"f\"") && !strstr(t2, "bỏ"), "tables: the hidden table goes, the shown rows stay");
		{
			/* the second table: header, a row with an emptied first cell, two more rows */
			const struct node *tb = tree->first;
			const struct node *row;
			int rows = 0, cells_ok = 1;

			/* the table whose first cell says X */
			while (tb && !(tb->type == NODE_TABLE && tb->first && tb->first->first &&
				       tb->first->first->first && tb->first->first->first->text &&
				       !strcmp(tb->first->first->first->text, "X")))
				tb = tb->next;
			for (row = tb ? tb->first : NULL; row; row = row->next) {
				const struct node *cell;
				int n = 0;

				rows++;
				for (cell = row->first; cell; cell = cell->next)
					n += cell->type == NODE_TABLE_CELL;
				cells_ok &= n == 2;
			}
			CHECK(tb && rows == 4 && cells_ok, "a hidden cell keeps its place: 4 rows of 2 cells (%d rows)", rows);
		}
		if (t_failures)
			printf("# %s\n", dump);
		free(dump);
		node_free(tree);
	}

	/* an unclosed section at its line and column in the file */
	msgs_clear();
	tree = read_markdown("A\n\nB {{#dat}} C\n", 15, "t.md", 7);
	CHECK(figures_filter(tree, &f) == 1, "an unclosed section in a tree is an error");
	CHECK_STR(msg(0), "t.md:9:3: error: {{#dat}} opens a section that is never closed; add "
		"{{/dat}} where it ends", "at its line and column in the file");
	node_free(tree);
	msgs_clear();
	stats_free(s);
}

/* A rate short of its target never prints as the target: the table would
 * say "80,0" beside "Chưa". Worked by hand: 2231/2790 = 79,964.. % rounds
 * to 80,0 but is short of 80 %, so 79,9; 2232/2790 = 80 % exactly. */
static void test_rate_shown(void)
{
	struct stats *s;
	char b[STATS_FMT_MAX];

	CHECK(stats_rate_shown_tenths(2231, 2790, 800) == 799, "2231/2790 against 80 %%: 79,9, not 80,0");
	CHECK(stats_rate_shown_tenths(2232, 2790, 800) == 800, "2232/2790 = 80,0 %% reached: 80,0");
	CHECK(stats_rate_shown_tenths(2231, 2790, 500) == 800, "2231/2790 against 50 %%: rounded, 80,0");
	CHECK(stats_rate_shown_tenths(1999, 4000, 500) == 499, "49,975 %% against 50 %%: 49,9");
	CHECK(stats_rate_shown_tenths(1998, 4000, 500) == 500 - 1, "49,95 %% against 50 %%: 49,9");
	CHECK(stats_rate_shown_tenths(1997, 4000, 500) == 499, "49,925 %%: rounds to 49,9 as usual");
	CHECK(stats_rate_shown_tenths(769, 2000, 385) == 384, "38,45 %% against 38,5 %%: 38,4");
	CHECK(stats_rate_shown_tenths(769, 2000, 500) == 385, "38,45 %% against 50 %%: 38,5 (half up)");
	CHECK(stats_rate_shown_tenths(9999, 10000, 1000) == 999, "99,99 %% against 100 %%: 99,9");
	CHECK(stats_rate_shown_tenths(0, 10, 500) == 0, "0 → 0,0");
	/* through a month's file, a thôn at 79,96 % and the commune at 80 %
	 * exactly: 2231 + 2249 = 4480 of 2790 + 2810 = 5600 */
	s = read_text("rate-shown.csv", "Tên thôn,Dân số trưởng thành,VNPT SmartCA,Viettel MySign,Khác\n"
				      "Tân Hòa,2.790,\"2.000\",200,31\n"
				      "Tân Lập,2.810,\"2.000\",249,0\n");
	CHECK(s != NULL, "rate-shown.csv reads (%s)", msg(0));
	if (!s)
		return;
	s->c->inds[0].target_tenths = 800;
	stats_compute(s, NULL);
	CHECK(!CKS(&s->rows[0]).reached && CKS(&s->rows[0]).needed == 1, "Tân Hòa 79,96 %%: not reached, needs 1");
	CHECK_STR(stats_format_tenths(CKS(&s->rows[0]).rate_tenths, b), "79,9", "Tân Hòa prints 79,9");
	/* 2249/2810 = 80,035.. %: reached, rounds to 80,0 */
	CHECK(CKS(&s->rows[1]).reached, "Tân Lập 80,04 %% reached");
	CHECK_STR(stats_format_tenths(CKS(&s->rows[1]).rate_tenths, b), "80,0", "Tân Lập prints 80,0");
	CHECK(CKS(&s->total).reached && CKS(&s->total).rate_tenths == 800, "the commune: 4480/5600 = 80,0 %% reached");
	stats_free(s);
	msgs_clear();
}

int main(void)
{
	diag_sink_set(sink, NULL);
	test_rounding();
	test_target();
	test_small();
	test_excel();
	test_nfd_and_lines();
	test_bad();
	test_compare();
	test_figures();
	test_slug();
	test_many();
	test_separators();
	test_content();
	test_campaign();
	test_campaign_bad();
	test_headers();
	test_change_exact();
	test_rate_shown();
	test_sections();
	test_sections_tree();
	msgs_clear();
	return t_done();
}

/* Statistics: CSV reading and checking, totals, rates, rounding, number
 * formats, month-to-month warnings and {{figure}} substitution.
 * Expected values are worked out by hand in the comments (or computed here
 * with the test's own arithmetic), never copied from the program. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "t.h"
#include "model/stats.h"
#include "model/figures.h"
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
	s = stats_read(D "small.csv", nowhere);
	CHECK(s != NULL, "small.csv reads");
	CHECK(nmsgs == 0, "small.csv: no message (first: %s)", msg(0));
	if (!s)
		return;
	stats_compute(s, NULL, 500);
	CHECK(s->n == 3, "small.csv: 3 hamlets");
	CHECK(s->month == 0 && s->year == 0, "small.csv: no month in the name");
	CHECK(s->has_prov[STATS_VNPT] && s->has_prov[STATS_VIETTEL] && s->has_prov[STATS_KHAC],
		"small.csv: three provider columns");
	CHECK(!s->has_level2, "small.csv: no dinh_danh_muc_2");
	/* Đồng Cả: 200 + 150 + 35 = 385 of 1000 = 38,5 %; needs 500 − 385 = 115 */
	r = &s->rows[0];
	CHECK_STR(r->name, "Đồng Cả", "row 1 name");
	CHECK(r->line == 2, "row 1 is line 2");
	CHECK(r->adults == 1000 && r->total == 385, "Đồng Cả: 385 of 1000");
	CHECK(r->rate_tenths == 385 && !r->reached && r->needed == 115, "Đồng Cả: 38,5 %%, needs 115");
	/* Ngói: 300 + 95 + 5 = 400 of 800 = 50,0 %: reached exactly */
	r = &s->rows[1];
	CHECK(r->total == 400 && r->rate_tenths == 500 && r->reached && r->needed == 0,
		"Ngói: 400 of 800 = 50,0 %%, reached, needs 0");
	/* Kén: 100 + 30 + 20 = 150 of 400 = 37,5 %; needs 200 − 150 = 50 */
	r = &s->rows[2];
	CHECK(r->total == 150 && r->rate_tenths == 375 && !r->reached && r->needed == 50,
		"Kén: 150 of 400 = 37,5 %%, needs 50");
	/* Commune: 2200 adults, 935 signatures = 42,5 %; needs 1100 − 935 = 165 */
	CHECK(s->total.adults == 2200, "total adults 2200");
	CHECK(s->total.total == 935, "total signatures 935");
	CHECK(s->total.prov[STATS_VNPT] == 600 && s->total.prov[STATS_VIETTEL] == 275 &&
		s->total.prov[STATS_KHAC] == 60, "provider totals 600 / 275 / 60");
	CHECK(s->total.level2 == -1, "no level-2 total without the column");
	CHECK_STR(stats_format_tenths(s->total.rate_tenths, b), "42,5", "total rate 42,5");
	CHECK(s->total.needed == 165, "total still needed 165");
	CHECK_STR(s->total.name, "Tổng cộng", "total row name");

	/* target 47,5 %: ceil(0,475 × 1000) = 475 → 90; Kén ceil(190) = 190 → 40;
	 * commune ceil(1045) = 1045 → 110 */
	stats_compute(s, NULL, 475);
	CHECK(s->rows[0].needed == 90 && s->rows[2].needed == 40 && s->total.needed == 110,
		"target 47,5 %%: needs 90, 40 and 110");
	/* target 38,5 %: Đồng Cả reaches it exactly */
	stats_compute(s, NULL, 385);
	CHECK(s->rows[0].reached && s->rows[0].needed == 0, "exactly on the target counts as reached");

	CHECK(stats_find(s, "ngói") == &s->rows[1], "find ignores case");
	CHECK(stats_find(s, "  Đồng   Cả ") == &s->rows[0], "find collapses spaces");
	CHECK(stats_find(s, "Đồng") == NULL, "find needs the whole name");
	{
		size_t *o = stats_order_by_rate(s);

		CHECK(o[0] == 1 && o[1] == 0 && o[2] == 2, "order by rate: Ngói, Đồng Cả, Kén");
		free(o);
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
	s = stats_read(D "excel.csv", nowhere);
	CHECK(s != NULL, "excel.csv reads");
	CHECK(nmsgs == 0, "excel.csv: no message (first: %s)", msg(0));
	if (!s)
		return;
	stats_compute(s, NULL, 500);
	CHECK(s->n == 3, "excel.csv: 3 hamlets (empty row skipped)");
	CHECK(s->has_level2, "excel.csv: readable header 'Định danh mức 2' is dinh_danh_muc_2");
	CHECK_STR(s->rows[0].name, "Đồng Cả", "BOM is not part of the first name");
	CHECK(s->rows[0].adults == 1234, "\"1.234\" is 1234");
	CHECK(s->rows[0].level2 == 1100, "\"1.100\" is 1100");
	/* 300 + 317 + 0 = 617 of 1234 = 50,0 % exactly */
	CHECK(s->rows[0].total == 617 && s->rows[0].reached, "Đồng Cả 617 of 1234 reached");
	/* 469 + 300 = 769 of 2000 = 38,45 % → 38,5; needs 1000 − 769 = 231 */
	CHECK(s->rows[1].adults == 2000 && s->rows[1].total == 769, "Na Chặng 769 of 2000");
	CHECK_STR(stats_format_tenths(s->rows[1].rate_tenths, b), "38,5", "Na Chặng 38,5");
	CHECK(s->rows[1].needed == 231, "Na Chặng needs 231");
	CHECK(s->rows[1].level2 == -1, "empty dinh_danh_muc_2 is 'not given'");
	CHECK_STR(s->rows[2].name, "Trại \"Mới\"", "quoted name with doubled quotes");
	CHECK(s->rows[2].adults == 1050, "\"1 050\" is 1050");
	CHECK(s->rows[2].line == 4, "third hamlet on line 4");
	/* 4284 adults, 1546 signatures = 36,0877.. % → 36,1; needs 2142 − 1546 = 596 */
	CHECK(s->total.adults == 4284 && s->total.total == 1546, "totals 4284 / 1546");
	CHECK_STR(stats_format_tenths(s->total.rate_tenths, b), "36,1", "total 36,1");
	CHECK(s->total.needed == 596, "total needs 596");
	CHECK(s->total.level2 == 2000, "level-2 total skips the empty cell: 2000");
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
	s = stats_read(path, nowhere);
	CHECK(s != NULL, "decomposed names read");
	if (s) {
		CHECK_STR(s->rows[0].name, "Đồng Cả", "name is NFC");
		CHECK(!s->has_prov[STATS_VNPT] && s->has_prov[STATS_KHAC], "only khac given");
		CHECK(s->rows[0].prov[STATS_VNPT] == -1 && s->total.prov[STATS_VNPT] == -1,
			"absent provider is -1");
		stats_free(s);
	}

	/* rows are lines of the file: a blank line 2, a quoted name over lines
	 * 4-5, then line 6 */
	msgs_clear();
	s = stats_read(D "lines.csv", nowhere);
	CHECK(s == NULL, "lines.csv refused");
	CHECK_STR(msg(0), D "lines.csv:4:3: error: \"x\" in column vnpt_smartca (xóm B C) is not a "
		"number; write a whole number such as 1234 or 1.234", "row of a two-line record");
	CHECK_STR(msg(1), D "lines.csv:6:3: error: \"-1\" in column vnpt_smartca (xóm D) is "
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
		  "column dan_so_truong_thanh; the first line must name the columns xom, "
		  "dan_so_truong_thanh and at least one of vnpt_smartca, viettel_mysign, khac" },
		{ "bad-no-provider.csv", D "bad-no-provider.csv:1: error: the header line has no column "
		  "of signatures; name at least one of vnpt_smartca, viettel_mysign, khac" },
		{ "bad-unknown-column.csv", D "bad-unknown-column.csv:1:3: error: unknown column "
		  "\"vnpt_smart_ca\"; did you mean vnpt_smartca?" },
		{ "bad-empty-cell.csv", D "bad-empty-cell.csv:3:3: error: column vnpt_smartca of xóm B "
		  "is empty; write 0 if there are none" },
		{ "bad-not-number.csv", D "bad-not-number.csv:2:4: error: \"abc\" in column "
		  "viettel_mysign (xóm A) is not a number; write a whole number such as 1234 or 1.234" },
		{ "bad-negative.csv", D "bad-negative.csv:2:5: error: \"-5\" in column khac (xóm A) is "
		  "negative; a count cannot be below 0" },
		{ "bad-decimal.csv", D "bad-decimal.csv:2:2: error: \"12,5\" in column "
		  "dan_so_truong_thanh (xóm A) is not a whole number; counts of people have no decimals" },
		{ "bad-above-adults.csv", D "bad-above-adults.csv:2:2: error: xóm A has 101 signatures "
		  "but only 100 adults (dan_so_truong_thanh); one of these numbers is wrong" },
		{ "bad-twice.csv", D "bad-twice.csv:4:1: error: xóm đồng cả is listed twice (first on "
		  "row 2); keep one row per hamlet" },
		{ "bad-quote.csv", D "bad-quote.csv:2:3: error: a quote mark (\") is out of place; a cell "
		  "that holds quotes must be wrapped in quotes, with each inner quote doubled (\"\")" },
		{ "bad-unclosed.csv", D "bad-unclosed.csv:3:1: error: a quoted cell is never closed; add "
		  "the missing quote mark (\")" },
		{ "bad-extra-cell.csv", D "bad-extra-cell.csv:2:6: error: this row has 6 cells but the "
		  "header line names 5 columns; delete the extra cell \"7\" or name its column" },
		{ "bad-short-row.csv", D "bad-short-row.csv:2:4: error: this row has only 3 cells but the "
		  "header line names 5 columns; column viettel_mysign is missing" },
		{ "bad-total-row.csv", D "bad-total-row.csv:3:1: error: \"Tổng cộng\" looks like a total "
		  "row; delete it, phat adds up the hamlets itself" },
		{ "bad-zero-adults.csv", D "bad-zero-adults.csv:2:2: error: xóm A has 0 in column "
		  "dan_so_truong_thanh; write the number of adults of the hamlet" },
		{ "bad-not-utf8.csv", D "bad-not-utf8.csv:2:7: error: this file is not valid UTF-8 text (byte "
		  "0xE1); in Excel choose Save As, \"CSV UTF-8 (Comma delimited)\"" },
		{ "bad-header-only.csv", D "bad-header-only.csv: error: there are no hamlets in this "
		  "file, only the header line" },
		{ "bad-empty.csv", D "bad-empty.csv: error: the file is empty; the first line must name "
		  "the columns xom, dan_so_truong_thanh and at least one of vnpt_smartca, "
		  "viettel_mysign, khac" },
		{ "bad-big.csv", D "bad-big.csv:2:2: error: \"99999999999\" in column dan_so_truong_thanh "
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
		s = stats_read(path, at);
		CHECK(s == NULL, "%s is refused", cases[i].file);
		CHECK_STR(msg(0), cases[i].want, "%s: message", cases[i].file);
		CHECK(diag_error_count() >= 1, "%s counts as an error", cases[i].file);
		stats_free(s);
		free(path);
	}

	/* every bad row is reported, not only the first */
	msgs_clear();
	CHECK(stats_read(D "bad-two-errors.csv", at) == NULL, "bad-two-errors refused");
	CHECK(nmsgs == 2, "bad-two-errors: two messages");
	CHECK_STR(msg(1), D "bad-two-errors.csv:3:5: error: \"-2\" in column khac (xóm B) is "
		"negative; a count cannot be below 0", "second error reported too");
	msgs_clear();
}

static void test_compare(void)
{
	struct stats *prev, *cur;
	char b[STATS_FMT_MAX];

	msgs_clear();
	prev = stats_read(D "cmp-2025-01.csv", nowhere);
	cur = stats_read(D "cmp-2025-02.csv", nowhere);
	CHECK(prev && cur, "both months read");
	if (!prev || !cur)
		goto out;
	CHECK(cur->year == 2025 && cur->month == 2, "month 2025-02 from the file name");
	CHECK_STR(stats_format_month(cur, b), "02/2025", "month label 02/2025");
	CHECK(stats_compare(cur, prev) == 3, "three warnings");
	CHECK_STR(msg(0), D "cmp-2025-02.csv: warning: xóm Kén is missing: it was in "
		D "cmp-2025-01.csv (row 4); add its row if it was left out", "missing hamlet warning");
	CHECK_STR(msg(1), D "cmp-2025-02.csv:3:1: warning: the signatures of xóm Ngói fell from "
		"400 in " D "cmp-2025-01.csv to 390; check the numbers", "hamlet falling warning");
	CHECK_STR(msg(2), D "cmp-2025-02.csv: warning: the commune's total of signatures fell from "
		"935 in " D "cmp-2025-01.csv to 785; check the numbers", "total falling warning");
	CHECK(diag_error_count() == 0 && diag_warning_count() == 3, "warnings are not errors");

	/* change in points = difference of the printed rates:
	 * Đồng Cả 395/1000 = 39,5 vs 38,5 → +1,0;
	 * Ngói 390/800 = 48,75 → 48,8 vs 50,0 → -1,2;
	 * commune 785/1800 = 43,61 → 43,6 vs 935/2200 = 42,5 → +1,1 */
	stats_compute(cur, prev, 500);
	CHECK(cur->rows[0].has_prev && cur->rows[0].change_tenths == 10, "Đồng Cả +1,0");
	CHECK(cur->rows[1].change_tenths == -12, "Ngói -1,2");
	CHECK_STR(stats_format_change(cur->total.change_tenths, b), "+1,1", "commune +1,1");
	CHECK(cur->total.prev_total == 935, "previous total 935");

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
	prev = stats_read(D "cmp-2025-01.csv", nowhere);
	s = stats_read(D "cmp-2025-02.csv", nowhere);
	if (!s || !prev) {
		CHECK(0, "figure fixtures read");
		goto out;
	}
	stats_compute(s, prev, 500);
	figures_init(&f, s);

	/* cmp-2025-02: 1800 adults, 785 signatures = 43,6 %; needs 900 − 785 = 115 */
	out = figures_expand("Xã đạt {{tong.ty_le}} % ({{ tong.co_cks }}/{{tong.dan_so}}), "
		"còn thiếu {{tong.con_thieu}}; tháng {{thang}}/{{nam}} ({{thang_nam}}), mục tiêu "
		"{{muc_tieu}} %, {{tong.so_xom_dat}}/{{tong.so_xom}} xóm đạt, {{tong.thay_doi}} điểm",
		&f, at);
	CHECK_STR(out, "Xã đạt 43,6 % (785/1.800), còn thiếu 115; tháng 2/2025 (02/2025), "
		"mục tiêu 50 %, 0/2 xóm đạt, +1,1 điểm", "commune figures");
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
	CHECK_STR(out, "Xóm Ngói: 48,8 %, 390/800, thiếu 10, -1,2", "hamlet figures");
	free(out);

	figures_set_hamlet(&f, 0);
	stats_compute(s, prev, 395);
	out = figures_expand("{{xom.ten}} {{xom.con_thieu}} {{muc_tieu}}", &f, at);
	CHECK_STR(out, "Đồng Cả 0 39,5", "decimal target and reached hamlet");
	free(out);
	stats_compute(s, prev, 500);

	/* errors point at the "{{", counting characters, through lines */
	msgs_clear();
	out = figures_expand("Tỷ lệ: {{tong.tyle}} %\nđạt {{tong.ty_le}}, ồ {{abc}}", &f, at);
	CHECK(out == NULL, "unknown figure refused");
	CHECK_STR(msg(0), "poster.md:10:8: error: unknown figure {{tong.tyle}}; did you mean "
		"{{tong.ty_le}}?", "unknown figure with its position and suggestion");
	CHECK_STR(msg(1), "poster.md:11:23: error: unknown figure {{abc}}; the figures are "
		"{{tong.ty_le}}, {{tong.co_cks}}, {{tong.dan_so}}, {{tong.con_thieu}}, {{muc_tieu}}, "
		"{{thang}}, {{nam}} and {{xom.ten}}, {{xom.ty_le}}, … for one hamlet",
		"unknown figure on the second line, column in characters");
	CHECK(nmsgs == 2, "two errors");

	msgs_clear();
	figures_set_hamlet(&f, -1);
	out = figures_expand("A {{xom.ty_le}}", &f, at);
	CHECK(out == NULL, "hamlet figure without a hamlet refused");
	CHECK_STR(msg(0), "poster.md:10:3: error: {{xom.ty_le}} is a figure of one hamlet and needs "
		"moi_xom: true in the front matter (one output per hamlet)", "needs moi_xom");

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
		"written like {{tong.ty_le}}, with letters, digits, \"_\" and \".\"", "bad figure name");

	/* thay_doi without a previous month */
	msgs_clear();
	stats_compute(s, NULL, 500);
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
	s = stats_read(path, nowhere);
	CHECK(s != NULL, "500-hamlet CSV reads");
	if (!s)
		return;
	stats_compute(s, NULL, 500);
	CHECK(s->n == 500, "500 hamlets");
	CHECK(s->total.adults == adults, "500 hamlets: adults %ld", adults);
	CHECK(s->total.total == sig, "500 hamlets: signatures %ld", sig);
	for (i = 0; i < 500; i++) {
		const struct stats_row *r = &s->rows[i];
		/* the test's own rounding: tenths = floor(1000·t/a + 1/2) */
		long want = (2000 * r->total + r->adults) / (2 * r->adults);

		if (r->line != i + 2 || r->rate_tenths != want)
			bad++;
	}
	CHECK(bad == 0, "500 hamlets: every line number and rate right");
	{
		long got = 0;

		for (i = 0; i < 500; i++)
			got += s->rows[i].reached;
		CHECK(got == reached, "500 hamlets: %ld reached the target", reached);
	}
	CHECK(stats_find(s, "xóm số 377") == &s->rows[376], "find in 500 hamlets");
	CHECK(s->total.rate_tenths == (2000 * sig + adults) / (2 * adults), "500: total rate %s",
		stats_format_tenths(s->total.rate_tenths, f));
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
	s = stats_read(path, nowhere);
	free(path);
	return s;
}

static void test_separators(void)
{
	struct stats *s;

	/* Excel's "sep=;" first line: the header is then on line 2 */
	s = read_text("stats-sep.csv", "sep=;\r\nxom;dan_so_truong_thanh;khac\r\nA;1.000;10\r\n");
	CHECK(s && s->n == 1 && s->rows[0].adults == 1000 && s->rows[0].line == 3,
		"sep=; line honoured, rows still numbered by file line");
	stats_free(s);
	/* tab-separated, as pasted from a spreadsheet */
	s = read_text("stats-tab.csv", "xom\tdan_so_truong_thanh\tvnpt_smartca\nA B\t500\t20\n");
	CHECK(s && s->n == 1 && s->rows[0].total == 20 && !strcmp(s->rows[0].name, "A B"),
		"tab separator detected");
	stats_free(s);
	/* a comma inside a quoted name does not fool the detection, and
	 * "1,234" in a ";" file is thousands (counts have no decimals) */
	s = read_text("stats-semi.csv", "\"xom, tên\";dan_so_truong_thanh;khac\nA;1,234;1\n");
	CHECK(s == NULL, "a header cell 'xom, tên' is not xom");
	s = read_text("stats-semi2.csv", "xom;dan_so_truong_thanh;khac\n\"Na, Chặng\";1,234;1\n");
	CHECK(s && s->rows[0].adults == 1234 && !strcmp(s->rows[0].name, "Na, Chặng"),
		"\"1,234\" in a ';' file is 1234");
	stats_free(s);
	/* the last line may lack its line end; lone CR line ends (old Mac) */
	s = read_text("stats-cr.csv", "xom,dan_so_truong_thanh,khac\rA,10,1\rB,20,x");
	CHECK(s == NULL && nmsgs == 1, "lone CR line ends: one error");
	CHECK_STR(msg(0), "build/tests/stats-cr.csv:3:3: error: \"x\" in column khac (xóm B) is not a "
		"number; write a whole number such as 1234 or 1.234", "row counted across CR line ends");
	/* "1.5" and "1.2345" are not counts */
	s = read_text("stats-dec.csv", "xom,dan_so_truong_thanh,khac\nA,1.5,0\nB,1.2345,0\nC,12 34,0\n");
	CHECK(s == NULL && nmsgs == 3, "1.5, 1.2345 and 12 34 refused");
	CHECK(strstr(msg(0), ":2:2: error: \"1.5\" in column dan_so_truong_thanh (xóm A) is not a whole number") != NULL,
		"1.5 is not a whole number");
	CHECK(strstr(msg(1), ":3:2: error: \"1.2345\"") != NULL, "1.2345 refused");
	CHECK(strstr(msg(2), ":4:2: error: \"12 34\" in column dan_so_truong_thanh (xóm C) is not a number") != NULL,
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
		s[i] = stats_read(files[i], nowhere);
		CHECK(s[i] != NULL && nmsgs == 0, "%s reads without a message (%s)", files[i], msg(0));
		if (!s[i])
			continue;
		sum_by_hand(files[i], &adults, &sig, &rows);
		CHECK(s[i]->n == (size_t)rows && rows >= 10, "%s: %d hamlets", files[i], rows);
		CHECK(s[i]->total.adults == adults && s[i]->total.total == sig,
			"%s: totals %ld adults, %ld signatures", files[i], adults, sig);
		CHECK(s[i]->month == i + 1 && s[i]->year == 2025, "%s: month", files[i]);
		if (i > 0 && s[i - 1]) {
			msgs_clear();
			CHECK(stats_compare(s[i], s[i - 1]) == 0, "%s follows the month before without a "
				"warning (%s)", files[i], msg(0));
			stats_compute(s[i], s[i - 1], 500);
			CHECK(s[i]->total.change_tenths > 0, "%s: the commune progresses", files[i]);
		}
	}
	msgs_clear();
	for (i = 0; i < 3; i++)
		stats_free(s[i]);
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
	msgs_clear();
	return t_done();
}

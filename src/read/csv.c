/* CSV reader for the monthly statistics: the only file that includes
 * libcsv's csv.h. It accepts what Excel in a Vietnamese office writes
 * (BOM, ";" separator, CRLF, "1.234" thousands, quoted cells) and checks
 * every cell, reporting file:row:column where row is the line of the file
 * (header = 1) and column the 1-based cell number. */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "read.h"
#include "../model/stats.h"
#include "../util/diag.h"
#include "../util/utf8.h"
#include "../util/util.h"

/* What a header cell names. */
enum head { HEAD_UNNAMED, HEAD_OTHER, HEAD_NAME, HEAD_COL };

struct reader {
	const char *path;
	struct stats *s;
	const struct campaign *c;
	char **cells;           /* cells of the record being read */
	size_t ncells, capcells;
	int line;               /* line of the chunk being fed to libcsv */
	int rec_line;           /* line where the current record began */
	int between;            /* no record begun since the last one ended */
	int header_done;
	enum head *heads;       /* what each header cell names */
	size_t *col;            /* HEAD_COL: the campaign's column */
	char **head_text;       /* each header cell as written, for messages */
	size_t ncols;
	int *col_of;            /* per campaign column: 1-based cell, 0 when absent */
	int name_col;           /* 1-based cell of the unit's name */
	long *given_total;      /* the file's own total row, per campaign column (-1 empty) */
	int total_line, total_name_col;
	int title_line;         /* a line of one cell above the header, or 0 */
	int errors;
	int stop;               /* header broken or too many errors */
};

/* The error count is checked so a file with a broken column does not
 * print a thousand lines: the first STATS_MAX_ERRORS tell what to fix. */
static void too_many(struct reader *r)
{
	if (++r->errors >= STATS_MAX_ERRORS && !r->stop) {
		diag_error(pos_file(r->path), "too many errors; fix these first and run again");
		r->stop = 1;
	}
}

static struct pos at_cell(const struct reader *r, int col)
{
	struct pos p = { r->path, r->rec_line, col };
	return p;
}

/* Trims spaces, tabs and no-break spaces (Excel pads with U+00A0). */
static char *trim(char *s)
{
	char *e;

	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
			s += 2;
		else
			break;
	}
	e = s + strlen(s);
	for (;;) {
		if (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		else if (e - s >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
			e -= 2;
		else
			break;
	}
	*e = '\0';
	return s;
}

/* Words that name the unit's column ("Thôn", "Tên xóm", "Tổ dân phố"),
 * whatever the campaign calls its units, folded. */
static const char *const unit_words[] = {
	"xom", "thon", "ban", "buon", "ap", "to_dan_pho", "khu_pho", "to", "khu", "lang",
	"khoi", "khoi_pho", "to_dan_cu", "don_vi", "dia_ban", NULL
};

/* A folded header names the unit's name: "ten", a unit word, or several
 * joined ("thon_xom"), after an optional "ten_" ("Tên thôn"). */
static int is_name_header(const struct campaign *c, const char *key)
{
	const char *p = key;
	int words = 0;

	if (!strcmp(p, "ten"))
		return 1;
	if (!strncmp(p, "ten_", 4))
		p += 4;
	while (*p) {
		size_t best = 0;
		int i;

		if (!strncmp(p, c->unit_key, strlen(c->unit_key)) &&
		    (p[strlen(c->unit_key)] == '\0' || p[strlen(c->unit_key)] == '_'))
			best = strlen(c->unit_key);
		for (i = 0; unit_words[i]; i++) {
			size_t n = strlen(unit_words[i]);

			if (n > best && !strncmp(p, unit_words[i], n) && (p[n] == '\0' || p[n] == '_'))
				best = n;
		}
		if (!best)
			return 0;
		p += best;
		if (*p == '_')
			p++;
		words++;
	}
	return words > 0;
}

/* A header without its parts in brackets: "Dân số trưởng thành (người)"
 * → "Dân số trưởng thành". Caller frees. */
static char *unbracket(const char *s)
{
	char *t = xstrdup(s), *o = t;
	int depth = 0;

	for (; *s; s++) {
		if (*s == '(' || *s == '[')
			depth++;
		else if ((*s == ')' || *s == ']') && depth)
			depth--;
		else if (!depth)
			*o++ = *s;
	}
	*o = '\0';
	return t;
}

/* Whether folded keys a and b are the same but for their "_" (the spaces
 * of the header: "mức2" for "mức 2", "VNPTSmartCA"). */
static int same_but_spaces(const char *a, const char *b)
{
	for (;;) {
		while (*a == '_')
			a++;
		while (*b == '_')
			b++;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++, b++;
	}
}

/* The campaign's column a folded header names (key or another spelling,
 * spaces aside), or -1. */
static long col_by_key(const struct campaign *c, const char *key)
{
	size_t i, j;

	if (!*key)
		return -1;
	for (i = 0; i < c->ncols; i++) {
		if (same_but_spaces(c->cols[i].key, key))
			return (long)i;
		for (j = 0; j < c->cols[i].nalias; j++)
			if (same_but_spaces(c->cols[i].alias[j], key))
				return (long)i;
	}
	return -1;
}

/* A header one or two letters away from a column of the campaign
 * ("vnpt_smatca"): a misspelling, not another column. Returns the column or -1. */
static long col_near(const struct campaign *c, const char *key)
{
	size_t i, j, d, n = strlen(key);

	for (i = 0; i < c->ncols; i++) {
		d = str_distance(key, c->cols[i].key);
		for (j = 0; j < c->cols[i].nalias; j++) {
			size_t e = str_distance(key, c->cols[i].alias[j]);

			if (e < d)
				d = e;
		}
		if (d > 0 && d <= 2 && d * 5 <= n)
			return (long)i;
	}
	return -1;
}

enum num { NUM_OK, NUM_EMPTY, NUM_NOTNUM, NUM_NEG, NUM_DECIMAL, NUM_BIG };

/* Length of a digit-group separator at s: ".", ",", " ", U+00A0, U+202F,
 * U+2009 (Excel and Word write the last three); 0 when none. */
static int group_sep(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == '.' || *u == ',' || *u == ' ')
		return 1;
	if (u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xAF || u[2] == 0x89))
		return 3;
	return 0;
}

/* Reads a count: "1234", "1.234", "1 234", "1,234" (groups of exactly
 * three, one kind of separator). "12,5" is a decimal, not a count. */
static enum num parse_count(const char *cell, long *out)
{
	const char *p = cell;
	const char *sep = NULL;
	int seplen = 0, neg = 0, first = 1, n;
	long v = 0;
	int big = 0;

	if (!*p)
		return NUM_EMPTY;
	if (*p == '-') {
		neg = 1;
		p++;
	} else if (!strncmp(p, "\xE2\x88\x92", 3)) { /* U+2212 minus sign */
		neg = 1;
		p += 3;
	}
	for (;;) {
		for (n = 0; isdigit((unsigned char)p[n]); n++) {
			if (v > STATS_MAX_COUNT)
				big = 1;
			else
				v = v * 10 + (p[n] - '0');
		}
		if (n == 0)
			return NUM_NOTNUM;
		/* a group after the first must be exactly three digits */
		if (!first && n != 3)
			goto decimal;
		if (sep && first && n > 3)
			return NUM_NOTNUM;
		p += n;
		if (!*p)
			break;
		{
			int l = group_sep(p);

			if (!l)
				return NUM_NOTNUM;
			if (sep && (l != seplen || strncmp(p, sep, (size_t)l)))
				goto decimal;
			if (first && n > 3)
				goto decimal;
			sep = p;
			seplen = l;
			p += l;
		}
		first = 0;
	}
	if (neg && v != 0)
		return NUM_NEG;
	if (big || v > STATS_MAX_COUNT)
		return NUM_BIG;
	*out = v;
	return NUM_OK;
decimal:
	/* digits, then "," or "." and more digits: a decimal number */
	{
		const char *q = cell;
		int has_point = 0;

		if (*q == '-')
			q++;
		for (; *q; q++)
			if (*q == ',' || *q == '.')
				has_point = 1;
			else if (!isdigit((unsigned char)*q) && !group_sep(q))
				return NUM_NOTNUM;
		return has_point ? NUM_DECIMAL : NUM_NOTNUM;
	}
}

/* The header of column col as the file writes it. */
static const char *head_of(const struct reader *r, int col)
{
	return col >= 1 && (size_t)col <= r->ncols && *r->head_text[col - 1] ? r->head_text[col - 1] :
		"(no name)";
}

/* Reads one numeric cell; 0, or -1 after an error. An empty cell is -1 in
 * *out when optional. */
static int read_count(struct reader *r, int col, const char *cell, const char *unit,
		int optional, long *out)
{
	const char *name = head_of(r, col);
	const char *u = r->c->unit;
	char big[STATS_FMT_MAX];

	switch (parse_count(cell, out)) {
	case NUM_OK:
		return 0;
	case NUM_EMPTY:
		if (optional) {
			*out = -1;
			return 0;
		}
		diag_error(at_cell(r, col), "column \"%s\" of %s %s is empty; write 0 if there are none",
			name, u, unit);
		break;
	case NUM_NOTNUM:
		diag_error(at_cell(r, col), "\"%s\" in column \"%s\" (%s %s) is not a number; "
			"write a whole number such as 1234 or 1.234", cell, name, u, unit);
		break;
	case NUM_NEG:
		diag_error(at_cell(r, col), "\"%s\" in column \"%s\" (%s %s) is negative; "
			"a count cannot be below 0", cell, name, u, unit);
		break;
	case NUM_DECIMAL:
		diag_error(at_cell(r, col), "\"%s\" in column \"%s\" (%s %s) is not a whole number; "
			"counts have no decimals", cell, name, u, unit);
		break;
	case NUM_BIG:
		diag_error(at_cell(r, col), "\"%s\" in column \"%s\" (%s %s) is too large (more than %s); "
			"check the cell", cell, name, u, unit, stats_format_int(STATS_MAX_COUNT, big));
		break;
	}
	too_many(r);
	return -1;
}

/* "so_ho (Số hộ)", or the key alone when it is its own label. */
static void col_desc(const struct campaign *c, size_t k, struct buf *b)
{
	if (strcmp(c->cols[k].key, c->cols[k].label))
		buf_printf(b, "%s (%s)", c->cols[k].key, c->cols[k].label);
	else
		buf_adds(b, c->cols[k].key);
}

/* What the first line must name, for messages: "xóm (the name);
 * dan_so_truong_thanh (Dân số trưởng thành); at least one of vnpt_smartca
 * (VNPT SmartCA), viettel_mysign (Viettel MySign), khac (Khác)". */
static void expected_columns(const struct campaign *c, struct buf *b)
{
	/* each column once, however many indicators use it (one's
	 * numerator is often the next one's denominator) */
	char *listed = xcalloc(c->ncols ? c->ncols : 1, 1);
	size_t i, j;

	buf_printf(b, "%s (the name)", c->unit);
	for (i = 0; i < c->ninds; i++) {
		const struct campaign_ind *ci = &c->inds[i];

		if (!listed[ci->den]) {
			buf_adds(b, "; ");
			col_desc(c, ci->den, b);
			listed[ci->den] = 1;
		}
		if (ci->nnum == 1 && listed[ci->num[0]])
			continue;
		buf_adds(b, ci->nnum > 1 ? "; at least one of " : "; ");
		for (j = 0; j < ci->nnum; j++) {
			buf_adds(b, j ? ", " : "");
			col_desc(c, ci->num[j], b);
			listed[ci->num[j]] = 1;
		}
	}
	free(listed);
}

static void read_header(struct reader *r)
{
	const struct campaign *c = r->c;
	struct buf other;
	size_t i, k, j;
	int missing = 0, nother = 0;

	buf_init(&other);
	r->ncols = r->ncells;
	r->heads = xcalloc(r->ncols ? r->ncols : 1, sizeof *r->heads);
	r->col = xcalloc(r->ncols ? r->ncols : 1, sizeof *r->col);
	r->head_text = xcalloc(r->ncols ? r->ncols : 1, sizeof *r->head_text);
	for (i = 0; i < r->ncols; i++) {
		char *bare = unbracket(r->cells[i]);
		char *key = campaign_fold(r->cells[i]), *key2 = campaign_fold(bare);
		int cell = (int)i + 1;
		long k2;

		r->head_text[i] = xstrdup(r->cells[i]);
		r->heads[i] = HEAD_UNNAMED;
		if (!*key) {
			;
		} else if (is_name_header(c, key) || is_name_header(c, key2)) {
			if (r->name_col) {
				diag_error(at_cell(r, cell), "the %s's name is in two columns (also column %d); "
					"delete one of them", c->unit, r->name_col);
				r->errors++;
			} else {
				r->name_col = cell;
				r->heads[i] = HEAD_NAME;
			}
		} else if ((k2 = col_by_key(c, key)) >= 0 || (k2 = col_by_key(c, key2)) >= 0) {
			if (r->col_of[k2]) {
				diag_error(at_cell(r, cell), "column %s is named twice (also column %d); "
					"delete one of them", c->cols[k2].key, r->col_of[k2]);
				r->errors++;
			} else {
				r->col_of[k2] = cell;
				r->heads[i] = HEAD_COL;
				r->col[i] = (size_t)k2;
			}
		} else if ((k2 = col_near(c, key2)) >= 0 && !r->col_of[k2]) {
			/* left out, a misspelt column would lose its figures */
			diag_error(at_cell(r, cell), "unknown column \"%s\"; did you mean %s (%s)?",
				r->cells[i], c->cols[k2].key, c->cols[k2].label);
			r->errors++;
		} else {
			/* STT, Ghi chú, a column of another campaign: not figures;
			 * said only for the last kind (every Vietnamese sheet has
			 * the first two) */
			r->heads[i] = HEAD_OTHER;
			if (strcmp(key2, "stt") && strcmp(key2, "tt") && strcmp(key2, "so_tt") &&
			    strcmp(key2, "so_thu_tu") && strcmp(key2, "thu_tu") && strcmp(key2, "ghi_chu")) {
				buf_printf(&other, "%s\"%s\" (%d)", nother ? ", " : "", r->cells[i], cell);
				nother++;
			}
		}
		free(key);
		free(key2);
		free(bare);
	}
	{
		struct buf want, miss;
		struct pos at = { r->path, r->rec_line, 0 };
		char *said = xcalloc(c->ncols ? c->ncols : 1, 1);

		buf_init(&want);
		buf_init(&miss);
		expected_columns(c, &want);
		if (!r->name_col) {
			buf_printf(&miss, "for the %s's name", c->unit);
			missing++;
		}
		for (k = 0; k < c->ninds; k++) {
			const struct campaign_ind *ci = &c->inds[k];
			int any = 0;

			for (j = 0; j < ci->nnum; j++)
				any |= r->col_of[ci->num[j]] != 0;
			/* each missing column once, however many indicators use it */
			if (!r->col_of[ci->den] && !said[ci->den]) {
				buf_adds(&miss, missing++ ? ", " : "");
				col_desc(c, ci->den, &miss);
				said[ci->den] = 1;
			}
			if (!any && !(ci->nnum == 1 && said[ci->num[0]])) {
				for (j = 0; j < ci->nnum; j++)
					said[ci->num[j]] = 1;
				buf_adds(&miss, missing++ ? ", " : "");
				if (ci->nnum > 1)
					buf_printf(&miss, "of %s (one of ", ci->name);
				for (j = 0; j < ci->nnum; j++) {
					buf_adds(&miss, j ? ", " : "");
					col_desc(c, ci->num[j], &miss);
				}
				if (ci->nnum > 1)
					buf_addc(&miss, ')');
			}
		}
		/* "the first line" would mislead under a title line */
		if (missing && r->rec_line == 1)
			diag_error(at, "the header line has no column %s; the first line must name the "
				"columns: %s", buf_str(&miss), buf_str(&want));
		else if (missing)
			diag_error(at, "the header line (line %d) has no column %s; it must name the "
				"columns: %s", r->rec_line, buf_str(&miss), buf_str(&want));
		buf_free(&miss);
		buf_free(&want);
		free(said);
	}
	r->errors += missing;
	if (nother && !r->errors) {
		struct pos at = { r->path, r->rec_line, 0 };

		diag_warning(at, "column%s %s %s not among the campaign's figures and %s left out",
			nother > 1 ? "s" : "", buf_str(&other), nother > 1 ? "are" : "is",
			nother > 1 ? "are" : "is");
	}
	buf_free(&other);
	/* rows cannot be read against a broken header */
	if (r->errors)
		r->stop = 1;
	for (k = 0; k < c->ncols; k++)
		r->s->has_col[k] = r->col_of[k] != 0;
	r->s->col_name = r->name_col;
}

/* A name is one line: a line break typed inside a quoted cell, tabs and
 * runs of spaces become one space (in place; returns s). */
static char *collapse_spaces(char *s)
{
	char *p, *q;
	int space = 0;

	for (p = q = s; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			space = q != s;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = 0;
		*q++ = *p;
	}
	*q = '\0';
	return s;
}

/* The spreadsheet's own total row: "Tổng cộng", "Cộng", "Toàn xã" … */
static int is_total_name(const char *name)
{
	static const char *const totals[] = {
		"tong", "tong_cong", "cong", "tong_so", "toan_xa", "tong_toan_xa", "toan_phuong",
		"toan_thi_tran", "tong_cong_toan_xa", "cong_toan_xa", NULL
	};
	char *k = campaign_fold(name);
	int i, hit = 0;

	for (i = 0; totals[i]; i++)
		hit |= !strcmp(k, totals[i]);
	free(k);
	return hit;
}

/* The total row: its figures are kept to be checked against the sum once
 * every row is read (a total row before the units is fine too). */
static void read_total_row(struct reader *r, int name_cell)
{
	const struct campaign *c = r->c;
	size_t k;
	int bad = 0;

	if (r->total_line) {
		diag_error(at_cell(r, name_cell), "a second total row (the first is on row %d); "
			"keep one", r->total_line);
		too_many(r);
		return;
	}
	/* a total row with a bad figure was not kept: this one replaces it */
	free(r->given_total);
	r->given_total = xcalloc(c->ncols ? c->ncols : 1, sizeof *r->given_total);
	for (k = 0; k < c->ncols; k++) {
		int col = r->col_of[k];

		r->given_total[k] = -1;
		if (col && (size_t)col <= r->ncells)
			bad |= read_count(r, col, r->cells[col - 1], "(total row)", 1, &r->given_total[k]);
	}
	if (!bad) {
		r->total_line = r->rec_line;
		r->total_name_col = name_cell;
	}
}

/* Every figure of the file's total row must be the sum of the rows: a
 * mismatch means a row or the total was typed wrong, and phat cannot know
 * which. */
static void check_total_row(struct reader *r)
{
	const struct campaign *c = r->c;
	size_t k, i;

	if (!r->total_line)
		return;
	for (k = 0; k < c->ncols; k++) {
		long sum = 0;
		char a[STATS_FMT_MAX], b[STATS_FMT_MAX];
		struct pos at = { r->path, r->total_line, r->col_of[k] };

		if (!r->col_of[k] || r->given_total[k] < 0)
			continue;
		for (i = 0; i < r->s->n; i++)
			if (r->s->rows[i].val[k] > 0)
				sum += r->s->rows[i].val[k];
		if (sum != r->given_total[k]) {
			diag_error(at, "the total row says %s in column \"%s\" but the %s rows add up to %s; "
				"correct the total or the row that is wrong",
				stats_format_int(r->given_total[k], a), head_of(r, r->col_of[k]), c->unit,
				stats_format_int(sum, b));
			r->errors++;
		}
	}
	r->s->total.line = r->total_line;
}

static void read_row(struct reader *r)
{
	const struct campaign *c = r->c;
	struct stats_row row;
	size_t i, k, j;
	int bad = 0, errors = r->errors;
	const char *name;
	const struct stats_row *dup;
	char a[STATS_FMT_MAX], b[STATS_FMT_MAX];

	for (i = 0; i < r->ncells; i++)
		if (*r->cells[i])
			break;
	if (i == r->ncells)
		return;   /* an empty row (";;;;" from Excel) */
	for (i = r->ncols; i < r->ncells; i++)
		if (*r->cells[i]) {
			diag_error(at_cell(r, (int)i + 1), "this row has %zu cells but the header line "
				"names %zu columns; delete the extra cell \"%s\" or name its column",
				r->ncells, r->ncols, r->cells[i]);
			too_many(r);
			return;
		}
	if (r->ncells < r->ncols) {
		for (i = r->ncells; i < r->ncols; i++)
			if (r->heads[i] == HEAD_COL || r->heads[i] == HEAD_NAME)
				break;
		if (i < r->ncols) {
			diag_error(at_cell(r, (int)i + 1), "this row has only %zu cells but the header "
				"line names %zu columns; column \"%s\" is missing", r->ncells, r->ncols,
				head_of(r, (int)i + 1));
			too_many(r);
			return;
		}
	}
	for (i = 0; i < r->ncols && i < r->ncells; i++)
		if (r->heads[i] == HEAD_UNNAMED && *r->cells[i]) {
			diag_error(at_cell(r, (int)i + 1), "the cell \"%s\" is under a column with no "
				"name in the header line; name the column or delete the cell", r->cells[i]);
			too_many(r);
			return;
		}

	name = collapse_spaces(r->cells[r->name_col - 1]);
	if (is_total_name(name)) {
		read_total_row(r, r->name_col);
		return;
	}
	if (!*name) {
		/* "Tổng cộng" written in the STT cell, the name cell left empty
		 * (a merged cell in Excel) */
		for (i = 0; i < r->ncols && i < r->ncells; i++)
			if (r->heads[i] == HEAD_OTHER && is_total_name(r->cells[i])) {
				read_total_row(r, (int)i + 1);
				return;
			}
		diag_error(at_cell(r, r->name_col), "the %s's name (column \"%s\") is empty", c->unit,
			head_of(r, r->name_col));
		too_many(r);
		return;
	}
	if (strlen(name) > STATS_MAX_NAME) {
		diag_error(at_cell(r, r->name_col), "the %s's name is too long (more than %d bytes)",
			c->unit, STATS_MAX_NAME);
		too_many(r);
		return;
	}
	memset(&row, 0, sizeof row);
	row.line = r->rec_line;
	row.val = xcalloc(c->ncols ? c->ncols : 1, sizeof *row.val);
	for (k = 0; k < c->ncols; k++) {
		int col = r->col_of[k];

		row.val[k] = -1;
		if (col)
			bad |= read_count(r, col, r->cells[col - 1], name, !campaign_col_used(c, k),
				&row.val[k]);
	}
	if (bad || r->stop)
		goto drop;
	for (k = 0; k < c->ninds; k++) {
		const struct campaign_ind *ci = &c->inds[k];
		long num = 0;

		if (row.val[ci->den] == 0) {
			for (j = 0; j < k && c->inds[j].den != ci->den; j++)
				;
			if (j == k) {
				diag_error(at_cell(r, r->col_of[ci->den]), "%s %s has 0 in column \"%s\", "
					"of which its rates are taken; write the right number", c->unit, name,
					head_of(r, r->col_of[ci->den]));
				too_many(r);
			}
			goto drop;
		}
		for (j = 0; j < ci->nnum; j++)
			if (row.val[ci->num[j]] > 0)
				num += row.val[ci->num[j]];
		if (num > row.val[ci->den]) {
			struct buf cols;

			buf_init(&cols);
			for (j = 0; j < ci->nnum; j++)
				if (r->col_of[ci->num[j]])
					buf_printf(&cols, "%s\"%s\"", cols.len ? " + " : "",
						head_of(r, r->col_of[ci->num[j]]));
			diag_error(at_cell(r, r->col_of[ci->den]), "%s %s has %s in %s but only %s in "
				"column \"%s\"; one of these numbers is wrong", c->unit, name,
				stats_format_int(num, a), buf_str(&cols), stats_format_int(row.val[ci->den], b),
				head_of(r, r->col_of[ci->den]));
			buf_free(&cols);
			too_many(r);
			goto drop;
		}
	}
	if ((dup = stats_find(r->s, name))) {
		diag_error(at_cell(r, r->name_col), "%s %s is listed twice (first on row %d); "
			"keep one row per %s", c->unit, name, dup->line, c->unit);
		too_many(r);
		goto drop;
	}
	if (r->s->n >= STATS_MAX_ROWS) {
		diag_error(at_cell(r, 0), "more than %d %s in one file; is this the right file?",
			STATS_MAX_ROWS, c->unit);
		r->errors++;
		r->stop = 1;
		goto drop;
	}
	if (errors != r->errors)
		goto drop;
	row.name = xstrdup(name);
	row.ind = xcalloc(c->ninds ? c->ninds : 1, sizeof *row.ind);
	r->s->rows = xrealloc(r->s->rows, (r->s->n + 1) * sizeof *r->s->rows);
	r->s->rows[r->s->n++] = row;
	return;
drop:
	free(row.val);
}

static void on_cell(void *data, size_t len, void *ctx)
{
	struct reader *r = ctx;

	if (r->stop)
		return;
	if (r->ncells == r->capcells) {
		r->capcells = r->capcells ? r->capcells * 2 : 8;
		r->cells = xrealloc(r->cells, r->capcells * sizeof *r->cells);
	}
	{
		char *cell = xstrndup(data ? data : "", data ? len : 0);
		char *t = trim(cell);

		/* quoted cells keep their spaces in libcsv; a count or a name
		 * never needs them */
		memmove(cell, t, strlen(t) + 1);
		r->cells[r->ncells++] = cell;
	}
}

static size_t filled_cells(const struct reader *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->ncells; i++)
		n += *r->cells[i] != '\0';
	return n;
}

static void on_row(int c, void *ctx)
{
	struct reader *r = ctx;
	size_t i;

	if (!r->stop) {
		if (!r->header_done && filled_cells(r) <= 1) {
			/* the sheet's title ("BẢNG TỔNG HỢP …") or a blank line
			 * above the header: not a row of figures */
			if (filled_cells(r) && !r->title_line)
				r->title_line = r->rec_line;
		} else if (!r->header_done) {
			read_header(r);
			r->header_done = 1;
		} else {
			read_row(r);
		}
	}
	for (i = 0; i < r->ncells; i++)
		free(r->cells[i]);
	r->ncells = 0;
	r->between = 1;
}

/* The separator is the one of ",", ";", tab found most often in the
 * header line outside quotes; "," when none (a one-column header is then
 * reported as missing columns). */
static unsigned char detect_sep(const char *s, size_t n)
{
	size_t counts[3] = { 0, 0, 0 }, i;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ',')
			counts[0]++;
		else if (!quoted && c == ';')
			counts[1]++;
		else if (!quoted && c == '\t')
			counts[2]++;
	}
	if (counts[1] > counts[0] && counts[1] >= counts[2])
		return ';';
	if (counts[2] > counts[0] && counts[2] > counts[1])
		return '\t';
	return ',';
}

/* "2025-02" anywhere in the file name gives the month; the last wins. */
static void month_from_name(struct stats *s, const char *path)
{
	char *stem = path_stem(path);
	size_t i, n = strlen(stem);

	for (i = 0; i + 7 <= n; i++) {
		const char *p = stem + i;
		int y, m;

		if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) ||
		    !isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3]) || p[4] != '-' ||
		    !isdigit((unsigned char)p[5]) || !isdigit((unsigned char)p[6]) ||
		    (i + 7 < n && isdigit((unsigned char)p[7])) || (i > 0 && isdigit((unsigned char)p[-1])))
			continue;
		y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		m = (p[5] - '0') * 10 + (p[6] - '0');
		if (m >= 1 && m <= 12 && y >= 1900) {
			s->year = y;
			s->month = m;
		}
	}
	free(stem);
}

/* Length of the line starting at s (through its "\n", "\r\n" or lone "\r"). */
static size_t line_len(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			return i + 1;
		if (s[i] == '\r')
			return i + 1 < n && s[i + 1] == '\n' ? i + 2 : i + 1;
	}
	return n;
}

static int blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

struct stats *stats_read(const char *path, struct pos at, const struct campaign *c)
{
	struct csv_parser p;
	int parser = 0;
	struct reader r;
	struct stats *s = NULL, *ret = NULL;
	char *raw = NULL, *text = NULL;
	size_t len, off, n;

	memset(&r, 0, sizeof r);
	r.path = path;
	r.between = 1;
	if (!(raw = file_read(path, STATS_MAX_FILE, &len))) {
		if (errno == EFBIG)
			diag_error(at, "%s is larger than %u MB; is it the right file?", path,
				STATS_MAX_FILE >> 20);
		else
			diag_error(at, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	/* UTF-8 as Excel saves it, or Windows-1258 and UTF-16 converted; the
	 * text comes back in NFC, with rows and columns where they were */
	text = read_decode(raw, len, path, "in Excel choose Save As, \"CSV UTF-8 (Comma delimited)\"", &len);
	if (!text)
		goto out;

	s = xcalloc(1, sizeof *s);
	s->path = xstrdup(path);
	s->c = c ? campaign_copy(c) : campaign_default();
	s->has_col = xcalloc(s->c->ncols ? s->c->ncols : 1, sizeof *s->has_col);
	month_from_name(s, path);
	r.s = s;
	r.c = s->c;
	r.col_of = xcalloc(s->c->ncols ? s->c->ncols : 1, sizeof *r.col_of);
	r.line = 1;
	off = 0;
	/* Excel's "sep=;" first line names the separator itself */
	if (len >= 5 && !strncmp(text, "sep=", 4) && text[4] && text[4] != '\n' && text[4] != '\r' &&
	    blank(text + 5, line_len(text + 5, len - 5))) {
		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
		csv_set_delim(&p, (unsigned char)text[4]);
		off = 5 + line_len(text + 5, len - 5);
		r.line = 2;
	} else {
		csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
		csv_set_delim(&p, detect_sep(text, len));
	}
	/* libcsv's buffer grows through our allocator, like everything else. */
	csv_set_realloc_func(&p, xrealloc);
	csv_set_free_func(&p, free);
	parser = 1;

	/* Fed one line at a time so the reader knows which line a record
	 * starts on (libcsv itself counts no lines). */
	for (; off < len && !r.stop; off += n, r.line++) {
		n = line_len(text + off, len - off);
		if (r.between && !blank(text + off, n)) {
			r.rec_line = r.line;
			r.between = 0;
		}
		if (csv_parse(&p, text + off, n, on_cell, on_row, &r) != n) {
			struct pos bp = { path, r.line, (int)r.ncells + 1 };

			if (csv_error(&p) == CSV_EPARSE)
				diag_error(bp, "a quote mark (\") is out of place; a cell that holds "
					"quotes must be wrapped in quotes, with each inner quote doubled (\"\")");
			else
				diag_error(bp, "cannot read this line: %s", csv_strerror(csv_error(&p)));
			r.errors++;
			r.stop = 1;
		}
	}
	if (csv_fini(&p, on_cell, on_row, &r) != 0 && !r.stop) {
		struct pos bp = { path, r.rec_line, (int)r.ncells + 1 };

		diag_error(bp, "a quoted cell is never closed; add the missing quote mark (\")");
		r.errors++;
	}
	if (!r.errors && r.header_done)
		check_total_row(&r);
	if (r.errors)
		goto out;
	if (!r.header_done) {
		struct buf want;

		buf_init(&want);
		expected_columns(s->c, &want);
		if (r.title_line) {
			struct pos tp = { path, r.title_line, 1 };

			diag_error(tp, "every line of this file has one cell: separate the cells with "
				"\",\", \";\" or a tab, and name the columns on the first line: %s", buf_str(&want));
		} else {
			diag_error(pos_file(path), "the file is empty; the first line must name the columns: %s",
				buf_str(&want));
		}
		buf_free(&want);
		goto out;
	}
	if (s->n == 0) {
		diag_error(pos_file(path), "there is no %s in this file, only the header line%s", s->c->unit,
			r.total_line ? " and the total row" : "");
		goto out;
	}
	stats_compute(s, NULL);
	ret = s;
	s = NULL;
out:
	if (parser)
		csv_free(&p);
	for (n = 0; n < r.ncells; n++)
		free(r.cells[n]);
	free(r.cells);
	for (n = 0; n < r.ncols; n++)
		free(r.head_text[n]);
	free(r.head_text);
	free(r.heads);
	free(r.col);
	free(r.col_of);
	free(r.given_total);
	stats_free(s);
	free(text);
	free(raw);
	return ret;
}

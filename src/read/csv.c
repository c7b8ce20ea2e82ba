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
enum col {
	COL_UNNAMED = -1,
	COL_XOM, COL_ADULTS, COL_VNPT, COL_VIETTEL, COL_KHAC, COL_LEVEL2, COL_N
};
static const char *const col_names[COL_N + 1] = {
	"xom", "dan_so_truong_thanh", "vnpt_smartca", "viettel_mysign", "khac",
	"dinh_danh_muc_2", NULL
};

struct reader {
	const char *path;
	struct stats *s;
	char **cells;           /* cells of the record being read */
	size_t ncells, capcells;
	int line;               /* line of the chunk being fed to libcsv */
	int rec_line;           /* line where the current record began */
	int between;            /* no record begun since the last one ended */
	int header_done;
	enum col *cols;         /* what each header cell names */
	size_t ncols;
	int col_of[COL_N];      /* 1-based column of each kind, 0 when absent */
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

/* Header cell → column key: "Dân số trưởng thành" → "dan_so_truong_thanh",
 * so a clerk's readable header works too. Caller frees. */
static char *header_key(const char *cell)
{
	char *fold = utf8_ascii_fold(cell);
	char *p, *q;
	int sep = 0;

	for (p = q = fold; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) && c < 128) {
			if (sep && q != fold)
				*q++ = '_';
			sep = 0;
			*q++ = (char)tolower(c);
		} else {
			sep = 1;
		}
	}
	*q = '\0';
	return fold;
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

/* Reads one numeric cell; 0, or -1 after an error. */
static int read_count(struct reader *r, int col, const char *cell, const char *hamlet,
		int optional, long *out)
{
	const char *name = col_names[r->cols[col - 1]];
	char big[STATS_FMT_MAX];

	switch (parse_count(cell, out)) {
	case NUM_OK:
		return 0;
	case NUM_EMPTY:
		if (optional) {
			*out = -1;
			return 0;
		}
		diag_error(at_cell(r, col), "column %s of xóm %s is empty; write 0 if there are none",
			name, hamlet);
		break;
	case NUM_NOTNUM:
		diag_error(at_cell(r, col), "\"%s\" in column %s (xóm %s) is not a number; "
			"write a whole number such as 1234 or 1.234", cell, name, hamlet);
		break;
	case NUM_NEG:
		diag_error(at_cell(r, col), "\"%s\" in column %s (xóm %s) is negative; "
			"a count cannot be below 0", cell, name, hamlet);
		break;
	case NUM_DECIMAL:
		diag_error(at_cell(r, col), "\"%s\" in column %s (xóm %s) is not a whole number; "
			"counts of people have no decimals", cell, name, hamlet);
		break;
	case NUM_BIG:
		diag_error(at_cell(r, col), "\"%s\" in column %s (xóm %s) is too large (more than %s); "
			"check the cell", cell, name, hamlet, stats_format_int(STATS_MAX_COUNT, big));
		break;
	}
	too_many(r);
	return -1;
}

static void read_header(struct reader *r)
{
	size_t i;
	int k, missing = 0;

	r->ncols = r->ncells;
	r->cols = xcalloc(r->ncols ? r->ncols : 1, sizeof *r->cols);
	for (i = 0; i < r->ncols; i++) {
		char *key = header_key(r->cells[i]);
		int col = (int)i + 1;

		r->cols[i] = COL_UNNAMED;
		if (!*key) {
			free(key);
			continue;
		}
		for (k = 0; k < COL_N; k++)
			if (!strcmp(key, col_names[k]))
				break;
		if (k == COL_N) {
			size_t best = (size_t)-1, d;
			int near = -1, j;

			for (j = 0; j < COL_N; j++)
				if ((d = str_distance(key, col_names[j])) < best) {
					best = d;
					near = j;
				}
			if (best <= strlen(key) / 2 + 1)
				diag_error(at_cell(r, col), "unknown column \"%s\"; did you mean %s?",
					r->cells[i], col_names[near]);
			else
				diag_error(at_cell(r, col), "unknown column \"%s\"; the columns are xom, "
					"dan_so_truong_thanh, vnpt_smartca, viettel_mysign, khac "
					"and dinh_danh_muc_2", r->cells[i]);
			r->errors++;
		} else if (r->col_of[k]) {
			diag_error(at_cell(r, col), "column %s is named twice (also column %d); "
				"delete one of them", col_names[k], r->col_of[k]);
			r->errors++;
		} else {
			r->col_of[k] = col;
			r->cols[i] = (enum col)k;
		}
		free(key);
	}
	for (k = COL_XOM; k <= COL_ADULTS; k++)
		if (!r->col_of[k]) {
			struct pos at = { r->path, r->rec_line, 0 };

			diag_error(at, "the header line has no column %s; the first line must name "
				"the columns xom, dan_so_truong_thanh and at least one of vnpt_smartca, "
				"viettel_mysign, khac", col_names[k]);
			missing++;
		}
	if (!r->col_of[COL_VNPT] && !r->col_of[COL_VIETTEL] && !r->col_of[COL_KHAC]) {
		struct pos at = { r->path, r->rec_line, 0 };

		diag_error(at, "the header line has no column of signatures; name at least one "
			"of vnpt_smartca, viettel_mysign, khac");
		missing++;
	}
	r->errors += missing;
	/* rows cannot be read against a broken header */
	if (r->errors)
		r->stop = 1;
	for (k = 0; k < STATS_NPROV; k++)
		r->s->has_prov[k] = r->col_of[COL_VNPT + k] != 0;
	r->s->has_level2 = r->col_of[COL_LEVEL2] != 0;
	r->s->col_name = r->col_of[COL_XOM];
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

/* A clerk may leave the spreadsheet's total row in: phat adds its own, and
 * counting it as a hamlet would double every figure. */
static int is_total_name(const char *name)
{
	static const char *const totals[] = {
		"tong", "tong cong", "cong", "tong so", "toan xa", "tong toan xa", NULL
	};
	char *k = header_key(name);
	int i, hit = 0;

	for (i = 0; totals[i]; i++) {
		char *t = header_key(totals[i]);

		hit |= !strcmp(k, t);
		free(t);
	}
	free(k);
	return hit;
}

static void read_row(struct reader *r)
{
	struct stats_row row;
	size_t i;
	int k, bad = 0, errors = r->errors;
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
			if (r->cols[i] != COL_UNNAMED)
				break;
		if (i < r->ncols) {
			diag_error(at_cell(r, (int)i + 1), "this row has only %zu cells but the header "
				"line names %zu columns; column %s is missing", r->ncells, r->ncols,
				col_names[r->cols[i]]);
			too_many(r);
			return;
		}
	}
	for (i = 0; i < r->ncols && i < r->ncells; i++)
		if (r->cols[i] == COL_UNNAMED && *r->cells[i]) {
			diag_error(at_cell(r, (int)i + 1), "the cell \"%s\" is under a column with no "
				"name in the header line; name the column or delete the cell", r->cells[i]);
			too_many(r);
			return;
		}

	memset(&row, 0, sizeof row);
	row.line = r->rec_line;
	name = collapse_spaces(r->cells[r->col_of[COL_XOM] - 1]);
	if (!*name) {
		diag_error(at_cell(r, r->col_of[COL_XOM]), "the hamlet's name (column xom) is empty");
		too_many(r);
		return;
	}
	if (strlen(name) > STATS_MAX_NAME) {
		diag_error(at_cell(r, r->col_of[COL_XOM]), "the hamlet's name is too long "
			"(more than %d bytes)", STATS_MAX_NAME);
		too_many(r);
		return;
	}
	if (is_total_name(name)) {
		diag_error(at_cell(r, r->col_of[COL_XOM]), "\"%s\" looks like a total row; delete it, "
			"phat adds up the hamlets itself", name);
		too_many(r);
		return;
	}
	bad |= read_count(r, r->col_of[COL_ADULTS], r->cells[r->col_of[COL_ADULTS] - 1], name, 0,
		&row.adults);
	for (k = 0; k < STATS_NPROV; k++) {
		int col = r->col_of[COL_VNPT + k];

		row.prov[k] = -1;
		if (col) {
			bad |= read_count(r, col, r->cells[col - 1], name, 0, &row.prov[k]);
			if (row.prov[k] > 0)
				row.total += row.prov[k];
		}
	}
	row.level2 = -1;
	if (r->col_of[COL_LEVEL2])
		bad |= read_count(r, r->col_of[COL_LEVEL2], r->cells[r->col_of[COL_LEVEL2] - 1],
			name, 1, &row.level2);
	if (bad || r->stop)
		return;
	if (row.adults == 0) {
		diag_error(at_cell(r, r->col_of[COL_ADULTS]), "xóm %s has 0 in column "
			"dan_so_truong_thanh; write the number of adults of the hamlet", name);
		too_many(r);
		return;
	}
	if (row.total > row.adults) {
		diag_error(at_cell(r, r->col_of[COL_ADULTS]), "xóm %s has %s signatures but only %s "
			"adults (dan_so_truong_thanh); one of these numbers is wrong", name,
			stats_format_int(row.total, a), stats_format_int(row.adults, b));
		too_many(r);
		return;
	}
	if (row.level2 > row.adults) {
		diag_error(at_cell(r, r->col_of[COL_LEVEL2]), "xóm %s has %s adults with a level-2 "
			"account (dinh_danh_muc_2) but only %s adults (dan_so_truong_thanh); "
			"one of these numbers is wrong", name,
			stats_format_int(row.level2, a), stats_format_int(row.adults, b));
		too_many(r);
		return;
	}
	if ((dup = stats_find(r->s, name))) {
		diag_error(at_cell(r, r->col_of[COL_XOM]), "xóm %s is listed twice (first on row %d); "
			"keep one row per hamlet", name, dup->line);
		too_many(r);
		return;
	}
	if (r->s->n >= STATS_MAX_ROWS) {
		diag_error(at_cell(r, 0), "more than %d hamlets in one file; is this the right file?",
			STATS_MAX_ROWS);
		r->errors++;
		r->stop = 1;
		return;
	}
	if (errors != r->errors)
		return;
	row.name = xstrdup(name);
	r->s->rows = xrealloc(r->s->rows, (r->s->n + 1) * sizeof *r->s->rows);
	r->s->rows[r->s->n++] = row;
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

static void on_row(int c, void *ctx)
{
	struct reader *r = ctx;
	size_t i;

	if (!r->stop) {
		if (!r->header_done) {
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

struct stats *stats_read(const char *path, struct pos at)
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
	month_from_name(s, path);
	r.s = s;
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
	if (r.errors)
		goto out;
	if (!r.header_done) {
		diag_error(pos_file(path), "the file is empty; the first line must name the columns "
			"xom, dan_so_truong_thanh and at least one of vnpt_smartca, viettel_mysign, khac");
		goto out;
	}
	if (s->n == 0) {
		diag_error(pos_file(path), "there are no hamlets in this file, only the header line");
		goto out;
	}
	stats_compute(s, NULL, STATS_TARGET_DEFAULT);
	ret = s;
	s = NULL;
out:
	if (parser)
		csv_free(&p);
	for (n = 0; n < r.ncells; n++)
		free(r.cells[n]);
	free(r.cells);
	free(r.cols);
	stats_free(s);
	free(text);
	free(raw);
	return ret;
}

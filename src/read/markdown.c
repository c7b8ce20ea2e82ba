/* The Markdown body: CommonMark text with GitHub's pipe tables into the
 * phat node tree. cmark-gfm (GitHub's fork of cmark, with its table
 * extension) lives only here; everything phat keeps is copied out of its
 * tree, which is freed before returning. Unsafe or unsupported content (raw HTML,
 * script links, remote pictures) is left out with a warning: the clerk
 * would rather get the document with a note than no document. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
/* cmark would otherwise #define NODE_TEXT etc., clashing with ours. */
#define CMARK_NO_SHORT_NAMES 1
#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include "read.h"
#include "../util/utf8.h"
#include "../util/util.h"

/* "[" brackets in one paragraph: cmark 0.30.2 handles link and image
 * brackets in time that grows with the square of their number in one
 * paragraph ("![[]()" x 40,000 takes seconds). No real paragraph has
 * thousands of links. */
#define MD_MAX_BRACKETS 5000

/* Tables (cmark-gfm 0.29.0.gfm.6, Debian 12): its table extension builds
 * every missing cell of every row, so a delimiter row of N columns under
 * N rows makes N × N cells from N × N bytes (1,000 × 1,000 from 6 KB took
 * 0.65 s and 237 MB), and splits a row in time that grows with the square
 * of its "|" (50 rows of 10,000 took 20 s; a delimiter row of 200,000
 * columns 10 s). Fixed upstream after gfm.6; bounded here: no printed
 * page holds a table of more columns, and a clerk's appendix table has
 * far fewer cells than a document may hold. */
#define MD_MAX_TABLE_COLS 64
#define MD_MAX_TABLE_PIPES 128        /* "|" in one line of a table */
#define MD_MAX_TABLE_CELLS 20000      /* in one document, missing ones counted */

struct md {
	const char *text;
	size_t len;
	const char *file;
	int first_line;
	size_t *line_start;  /* byte offset of each line of text */
	size_t nlines;
	int failed;
	/* after clerk_lines: the line of the input each line cmark reads
	 * came from (1-based), and which of them were lettered points */
	int *line_map;
	size_t nmap;
	unsigned char *lettered;
	/* the table being converted (md_table_node) */
	const uint8_t *table_aligns;   /* 'l', 'c', 'r' or 0 per column; cmark's */
	unsigned table_cols, table_col;
};

/* cmark positions are 1-based lines of the body and byte columns;
 * messages want lines of the file and columns in characters. */
static struct pos md_pos(const struct md *m, int line, int col)
{
	struct pos p = { m->file, 0, 0 };
	size_t i, s, e;
	int c = 1;

	if (line <= 0)
		return p;
	if (m->line_map && (size_t)line <= m->nmap)
		line = m->line_map[line - 1];
	p.line = line + m->first_line - 1;
	p.col = col > 0 ? col : 1;
	if ((size_t)line > m->nlines || col <= 0)
		return p;
	s = m->line_start[line - 1];
	e = s + (size_t)col - 1;
	for (i = s; i < e && i < m->len && m->text[i] != '\n'; i++)
		if (((unsigned char)m->text[i] & 0xC0) != 0x80)
			c++;
	p.col = c;
	return p;
}

static struct pos md_node_pos(const struct md *m, cmark_node *cn, struct pos fallback)
{
	int line = cmark_node_get_start_line(cn);

	if (line <= 0)
		return fallback;
	return md_pos(m, line, cmark_node_get_start_column(cn));
}

static void md_lines(struct md *m)
{
	size_t i, cap = 64;

	m->line_start = xmalloc(cap * sizeof *m->line_start);
	m->line_start[0] = 0;
	m->nlines = 1;
	for (i = 0; i < m->len; i++) {
		if (m->text[i] != '\n')
			continue;
		if (m->nlines == cap) {
			cap *= 2;
			m->line_start = xrealloc(m->line_start, cap * sizeof *m->line_start);
		}
		m->line_start[m->nlines++] = i + 1;
	}
}

static int is_blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* What the prescan knows of tables: the line before (a table's header
 * when a delimiter row follows it), the table being read. */
struct md_tables {
	int prev_cells;      /* cells of the line before; 0 when it was blank */
	int prev_pipes;
	int cols;            /* columns of the table being read, 0 outside one */
	long cells;          /* cells of every table so far */
};

/* Cells of one line as a table row: its "|" separate them, one at the
 * start or the end only closes it ("| a | b |" has two). */
static int md_row_cells(const char *s, size_t n, int *pipes)
{
	size_t i, first = 0, last = n;
	int p = 0;

	while (first < n && is_blank_char(s[first]))
		first++;
	while (last > first && is_blank_char(s[last - 1]))
		last--;
	for (i = first; i < last; i++)
		if (s[i] == '|' && (i == 0 || s[i - 1] != '\\'))
			p++;
	*pipes = p;
	if (last == first)
		return 0;
	return p + 1 - (s[first] == '|') - (last - first > 1 && s[last - 1] == '|' && s[last - 2] != '\\');
}

/* Whether a table row s[0, n) has text after its first cols cells (cells
 * as md_row_cells counts them; blanks and a closing "|" are not text). */
static int md_row_text_past(const char *s, size_t n, int cols)
{
	size_t i = 0;
	int seen = 0;

	while (i < n && is_blank_char(s[i]))
		i++;
	if (i < n && s[i] == '|')
		i++;
	for (; i < n && seen < cols; i++)
		if (s[i] == '|' && (i == 0 || s[i - 1] != '\\'))
			seen++;
	for (; i < n; i++)
		if (!is_blank_char(s[i]) && s[i] != '|')
			return 1;
	return 0;
}

/* A GFM delimiter row: only "|", "-", ":" and blanks, with a "-" and a "|". */
static int md_is_delimiter_row(const char *s, size_t n)
{
	size_t i;
	int dash = 0, pipe = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '-')
			dash = 1;
		else if (s[i] == '|')
			pipe = 1;
		else if (s[i] != ':' && !is_blank_char(s[i]))
			return 0;
	}
	return dash && pipe;
}

/* One line (after its list and quote marks) as the table extension will
 * see it: bounds what it would build (see MD_MAX_TABLE_CELLS), and warns
 * where a table is meant but will not be one (its header and delimiter
 * rows disagree), since it would print as lines of "|". */
static int md_prescan_table(struct md *m, struct md_tables *t, int line, const char *s, size_t n)
{
	int pipes, cells, ret = 0;

	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	cells = md_row_cells(s, n, &pipes);
	if (cells == 0) {
		t->cols = 0;
		t->prev_cells = 0;
		return 0;
	}
	if (!t->cols && t->prev_cells && md_is_delimiter_row(s, n)) {
		if (cells > MD_MAX_TABLE_COLS) {
			diag_error(md_pos(m, line, 1), "this table has %d columns; phat reads tables of up to %d "
				   "columns (no page can print more): split it into narrower tables",
				   cells, MD_MAX_TABLE_COLS);
			return -1;
		}
		if (t->prev_pipes > MD_MAX_TABLE_PIPES) {
			diag_error(md_pos(m, line - 1, 1), "this table row has %d \"|\"; phat reads up to %d in "
				   "one row", t->prev_pipes, MD_MAX_TABLE_PIPES);
			return -1;
		}
		if (t->prev_cells != cells) {
			/* printed, it would be lines of "|" in an official paper */
			diag_error(md_pos(m, line - 1, 1), "this looks like a table, but its first row has %d "
				   "cells and the \"---\" row under it %d; give both rows the same number "
				   "of \"|\" (it would print as text)", t->prev_cells, cells);
			return -1;
		} else {
			t->cols = cells;
			t->cells += cells;
		}
	} else if (t->cols) {
		if (cells > t->cols && md_row_text_past(s, n, t->cols)) {
			/* cmark-gfm drops cells past the header's: text lost */
			diag_error(md_pos(m, line, 1), "this table row has %d cells but the table has %d columns; "
				   "the text past the last column would be lost: add a column to the header and the "
				   "\"---\" row, or take out the extra \"|\"", cells, t->cols);
			return -1;
		}
		if (pipes > MD_MAX_TABLE_PIPES) {
			diag_error(md_pos(m, line, 1), "this table row has %d \"|\"; phat reads up to %d in one row",
				   pipes, MD_MAX_TABLE_PIPES);
			return -1;
		}
		t->cells += cells > t->cols ? cells : t->cols;
	}
	if (t->cells > MD_MAX_TABLE_CELLS) {
		diag_error(md_pos(m, line, 1), "the tables of this document pass %d cells here; phat reads up "
			   "to %d table cells in one document: split it into several documents",
			   MD_MAX_TABLE_CELLS, MD_MAX_TABLE_CELLS);
		ret = -1;
	}
	t->prev_cells = cells;
	t->prev_pipes = pipes;
	return ret;
}

/* A cheap look at every line before cmark sees it, refusing the inputs
 * that make cmark slow or the tree absurdly deep: too many list or quote
 * marks on one line, too many brackets in one paragraph, tables past the
 * bounds above. */
static int md_prescan(struct md *m)
{
	size_t ln;
	long brackets = 0;
	int bracket_line = 0;
	struct md_tables tables = { 0, 0, 0, 0 };

	for (ln = 0; ln < m->nlines; ln++) {
		size_t i = m->line_start[ln];
		size_t end = ln + 1 < m->nlines ? m->line_start[ln + 1] : m->len;
		int marks = 0, list_marks = 0, same = 1;
		char first = 0;

		for (;;) {
			while (i < end && is_blank_char(m->text[i]))
				i++;
			if (i >= end)
				break;
			if (m->text[i] == '>') {
				marks++, i++, same = 0;
				continue;
			}
			if ((m->text[i] == '-' || m->text[i] == '*' || m->text[i] == '+') &&
			    (i + 1 >= end || is_blank_char(m->text[i + 1]) || m->text[i + 1] == '\n')) {
				if (first && first != m->text[i])
					same = 0;
				first = m->text[i];
				marks++, list_marks++, i++;
				continue;
			}
			if (m->text[i] >= '0' && m->text[i] <= '9') {
				size_t j = i;
				while (j < end && j - i < 10 && m->text[j] >= '0' && m->text[j] <= '9')
					j++;
				if (j < end && (m->text[j] == '.' || m->text[j] == ')') &&
				    (j + 1 >= end || is_blank_char(m->text[j + 1]) || m->text[j + 1] == '\n')) {
					marks++, list_marks++, same = 0, i = j + 1;
					continue;
				}
			}
			break;
		}
		/* "- - - -" or "* * *" alone on a line is a rule, not lists. */
		if (marks > READ_MAX_DEPTH && !(same && first != '+' && (i >= end || m->text[i] == '\n'))) {
			diag_error(md_pos(m, (int)ln + 1, 1),
			           "this line opens lists or quotes more than %d deep (\"-\", \"1.\" or \">\" marks); phat reads up to %d",
			           READ_MAX_DEPTH, READ_MAX_DEPTH);
			return -1;
		}
		/* a new list item is a new container: the line before is not
		 * the header of a table that starts in it */
		if (list_marks)
			tables.cols = tables.prev_cells = 0;
		if (md_prescan_table(m, &tables, (int)ln + 1, m->text + i, end - i) != 0)
			return -1;
		/* A blank line, a new list item or a heading starts a new paragraph. */
		if (i >= end || m->text[i] == '\n' || list_marks || m->text[i] == '#')
			brackets = 0;
		if (brackets == 0)
			bracket_line = (int)ln + 1;
		for (; i < end; i++)
			if (m->text[i] == '[')
				brackets++;
		if (brackets > MD_MAX_BRACKETS) {
			diag_error(md_pos(m, bracket_line, 1),
			           "the paragraph starting here has more than %d \"[\" brackets; phat reads up to %d in one paragraph (put blank lines between paragraphs)",
			           MD_MAX_BRACKETS, MD_MAX_BRACKETS);
			return -1;
		}
	}
	return 0;
}

static int has_prefix_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char c = *s;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != *prefix)
			return 0;
	}
	return 1;
}

static int link_allowed(const char *url)
{
	return has_prefix_ci(url, "http://") || has_prefix_ci(url, "https://") ||
	       has_prefix_ci(url, "mailto:") || has_prefix_ci(url, "tel:");
}

/* A picture is a "qr:" code or a relative file path: no remote or
 * absolute addresses (the folder check against the content root is the
 * image module's job, which knows the root). */
static int picture_allowed(const char *url)
{
	const char *p;

	if (has_prefix_ci(url, "qr:"))
		return 1;
	if (!*url || url[0] == '/' || url[0] == '\\')
		return 0;
	for (p = url; *p && *p != '/'; p++)
		if (*p == ':')
			return 0; /* a scheme such as http: or a drive such as C: */
	return 1;
}

/* The alt text of a cmark image: its inline children as plain text. */
static char *alt_text(cmark_node *img)
{
	cmark_iter *it = cmark_iter_new(img);
	cmark_event_type ev;
	struct buf b;

	buf_init(&b);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cn = cmark_iter_get_node(it);
		const char *lit;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(cn)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(cn)))
				buf_adds(&b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(&b, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	return buf_take(&b);
}

static int is_comment(const char *lit)
{
	while (lit && is_blank_char(*lit))
		lit++;
	return lit && strncmp(lit, "<!--", 4) == 0;
}

static void warn_html(cmark_node *cn, struct pos at)
{
	int first = cmark_node_get_start_line(cn), last = cmark_node_get_end_line(cn);

	/* An HTML comment is a natural place for a note to oneself: leave it
	 * out quietly. */
	if (is_comment(cmark_node_get_literal(cn)))
		return;
	if (cmark_node_get_type(cn) == CMARK_NODE_HTML_BLOCK && last > first)
		diag_warning(at, "HTML is not supported; lines %d to %d were left out",
		             at.line, at.line + (last - first));
	else if (cmark_node_get_type(cn) == CMARK_NODE_HTML_BLOCK)
		diag_warning(at, "HTML is not supported; the line was left out");
	else {
		/* an inline tag goes, the words around it stay */
		const char *lit = cmark_node_get_literal(cn);
		size_t n = lit ? strcspn(lit, "\n") : 0;
		diag_warning(at, "HTML is not supported; the tag \"%.*s\" was left out and the text around it "
			     "kept (write **bold** or *italic* in Markdown)", (int)(n > 40 ? 40 : n), lit ? lit : "");
	}
}

/* s (caller frees) with each run of spaces that holds a no-break space
 * (" \u00A0", pasted from Word or the web) one no-break space: two
 * blanks would print a double gap. */
static char *one_space(const char *s)
{
	struct buf b;

	buf_init(&b);
	while (*s) {
		const char *r = s;
		int nb = 0;

		while (*r == ' ' || ((unsigned char)r[0] == 0xC2 && (unsigned char)r[1] == 0xA0)) {
			if (*r == ' ')
				r++;
			else
				r += 2, nb++;
		}
		if (nb && r - s > 2) {
			buf_adds(&b, "\xC2\xA0");
			s = r;
		} else if (r > s) {
			buf_add(&b, s, (size_t)(r - s));
			s = r;
		} else {
			buf_addc(&b, *s++);
		}
	}
	return buf_take(&b);
}

/* A code block becomes a paragraph of upright code lines. */
static struct node *code_block(const char *lit, struct pos at)
{
	struct node *para = node_new(NODE_PARAGRAPH, at), *c;
	const char *s = lit ? lit : "", *nl;

	for (;;) {
		nl = strchr(s, '\n');
		if (!nl && !*s)
			break;
		if (para->first)
			node_append(para, node_new(NODE_LINEBREAK, at));
		c = node_new(NODE_CODE, at);
		c->text = nl ? xstrndup(s, (size_t)(nl - s)) : xstrdup(s);
		node_append(para, c);
		if (!nl)
			break;
		s = nl + 1;
	}
	return para;
}

/* Makes a FIGURE or IMAGE node for a cmark image, or NULL (with a
 * warning) when the picture is not one phat may use. */
static struct node *picture(cmark_node *img, enum node_type type, struct pos at)
{
	const char *url = cmark_node_get_url(img);
	struct node *n;

	if (!url)
		url = "";
	if (url[0] == '/' || url[0] == '\\' || (isalpha((unsigned char)url[0]) && url[1] == ':' &&
						    (url[2] == '\\' || url[2] == '/'))) {
		/* a path outside the content folder is refused, as "../.." is:
		 * a dispatch without its picture must not go out looking finished */
		diag_error(at, "the picture \"%s\" is outside the content folder; copy it into the content "
			   "folder and name it relative to this document (such as \"anh/ban-do.png\")", url);
		return NULL;
	}
	if (!picture_allowed(url)) {
		diag_warning(at, "the picture \"%s\" was left out: a picture is a file given by a path relative to the document (such as \"anh/ban-do.png\") or a QR code written \"qr:...\"",
		             url);
		return NULL;
	}
	n = node_new(type, at);
	if (has_prefix_ci(url, "qr:")) {
		/* "QR: https://…": the code holds the text after the colon and
		 * its spaces */
		const char *t = url + 3;
		while (*t == ' ')
			t++;
		n->url = xasprintf("qr:%s", t);
	} else {
		n->url = xstrdup(url);
	}
	n->text = alt_text(img);
	return n;
}

/* Whether text is blank (spaces between pictures). */
static int is_blank_text(const char *s)
{
	while (s && is_blank_char(*s))
		s++;
	return !s || !*s;
}

/* The number of pictures of a paragraph that holds only pictures (blank
 * text and line breaks between them), or 0 when it holds anything else. */
static int pictures_only(cmark_node *para)
{
	cmark_node *c;
	int n = 0;

	for (c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);

		if (t == CMARK_NODE_IMAGE)
			n++;
		else if (!(t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK ||
			   (t == CMARK_NODE_TEXT && is_blank_text(cmark_node_get_literal(c)))))
			return 0;
	}
	return n;
}

static cmark_node *first_picture(cmark_node *para)
{
	cmark_node *c;

	for (c = cmark_node_first_child(para); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_IMAGE)
			return c;
	return NULL;
}

/* A paragraph of pictures only: its pictures side by side, each a FIGURE
 * at its own place in the source. */
static struct node *picture_row(struct md *m, cmark_node *para, struct pos at)
{
	struct node *row = node_new(NODE_FIGURES, at);
	cmark_node *c;

	for (c = cmark_node_first_child(para); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_IMAGE) {
			struct node *fig = picture(c, NODE_FIGURE, md_node_pos(m, c, at));
			if (fig)
				node_append(row, fig);
		}
	return row;
}

/* A node of the table extension as ours, or NULL for anything else. The
 * extension's node types are numbered when it registers, so they are known
 * by name. GFM tables do not nest (a cell holds inlines only), so the
 * table being read and the column of the next cell are kept in m. */
static struct node *md_table_node(struct md *m, cmark_node *cn, struct pos at)
{
	const char *type = cmark_node_get_type_string(cn);
	struct node *n;

	if (!strcmp(type, "table")) {
		n = node_new(NODE_TABLE, at);
		m->table_cols = cmark_gfm_extensions_get_table_columns(cn);
		m->table_aligns = cmark_gfm_extensions_get_table_alignments(cn);
		return n;
	}
	if (!strcmp(type, "table_header") || !strcmp(type, "table_row")) {
		n = node_new(NODE_TABLE_ROW, at);
		n->header = cmark_gfm_extensions_get_table_row_is_header(cn);
		m->table_col = 0;
		return n;
	}
	if (!strcmp(type, "table_cell")) {
		uint8_t a = m->table_aligns && m->table_col < m->table_cols ? m->table_aligns[m->table_col] : 0;

		n = node_new(NODE_TABLE_CELL, at);
		n->align = a == 'l' ? NODE_ALIGN_LEFT : a == 'c' ? NODE_ALIGN_CENTER :
			   a == 'r' ? NODE_ALIGN_RIGHT : NODE_ALIGN_NONE;
		m->table_col++;
		return n;
	}
	return NULL;
}

/* Walks the cmark tree (iteratively) and builds ours. */
static struct node *md_convert(struct md *m, cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	struct node *root = NULL, *cur = NULL, *n;
	int blocks = 0, inlines = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cn = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(cn);
		/* Breaks carry no position in cmark: the node before them is on
		 * the same line. */
		struct pos at = md_node_pos(m, cn, !cur ? (struct pos){ m->file, m->first_line, 1 } :
		                                   cur->last ? cur->last->pos : cur->pos);
		const char *lit;

		if (ev == CMARK_EVENT_EXIT) {
			/* Only nodes we entered carry user data; a dropped link
			 * left its label in place and has nothing to close. */
			if (!cmark_node_get_user_data(cn) || !cur)
				continue;
			n = cur;
			cur = cur->parent;
			if (n->type == NODE_LIST || n->type == NODE_QUOTE)
				blocks--;
			else if (n->type == NODE_EMPH || n->type == NODE_STRONG || n->type == NODE_LINK)
				inlines--;
			/* Paragraphs emptied by dropped HTML or pictures go. */
			if (n->type == NODE_PARAGRAPH && !n->first)
				node_free(n);
			continue;
		}
		n = NULL;
		switch (t) {
		case CMARK_NODE_DOCUMENT:
			n = node_new(NODE_DOCUMENT, (struct pos){ m->file, m->first_line, 1 });
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			n = node_new(NODE_QUOTE, at);
			blocks++;
			break;
		case CMARK_NODE_LIST:
			n = node_new(NODE_LIST, at);
			n->ordered = cmark_node_get_list_type(cn) == CMARK_ORDERED_LIST;
			n->start = n->ordered ? cmark_node_get_list_start(cn) : 0;
			n->tight = cmark_node_get_list_tight(cn);
			{
				int l = cmark_node_get_start_line(cn);
				n->lettered = m->lettered && l > 0 && (size_t)l <= m->nmap && m->lettered[l - 1];
			}
			blocks++;
			break;
		case CMARK_NODE_ITEM:
			n = node_new(NODE_ITEM, at);
			break;
		case CMARK_NODE_HEADING:
			n = node_new(NODE_HEADING, at);
			n->level = cmark_node_get_heading_level(cn);
			break;
		case CMARK_NODE_PARAGRAPH: {
			int pics = pictures_only(cn);

			if (pics == 1) {
				struct node *fig = picture(first_picture(cn), NODE_FIGURE, at);
				if (fig)
					node_append(cur, fig);
				cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
				continue;
			}
			if (pics > 1) {
				struct node *row = picture_row(m, cn, at), *only = row->first;

				/* pictures left out (remote ones) may leave one, or none */
				if (only && only == row->last) {
					node_unlink(only);
					node_append(cur, only);
					node_free(row);
				} else if (!only) {
					node_free(row);
				} else {
					node_append(cur, row);
				}
				cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
				continue;
			}
			n = node_new(NODE_PARAGRAPH, at);
			break;
		}
		case CMARK_NODE_EMPH:
			n = node_new(NODE_EMPH, at);
			inlines++;
			break;
		case CMARK_NODE_STRONG:
			n = node_new(NODE_STRONG, at);
			inlines++;
			break;
		case CMARK_NODE_LINK: {
			const char *url = cmark_node_get_url(cn);

			if (!url || !link_allowed(url)) {
				diag_warning(at, "the link to \"%s\" was left out (phat keeps only http, https, mailto and tel links); its text stays",
				             url ? url : "");
				continue;
			}
			n = node_new(NODE_LINK, at);
			n->url = xstrdup(url);
			inlines++;
			break;
		}
		case CMARK_NODE_IMAGE: {
			struct node *img = picture(cn, NODE_IMAGE, at);

			if (img)
				node_append(cur, img);
			cmark_iter_reset(it, cn, CMARK_EVENT_EXIT);
			continue;
		}
		case CMARK_NODE_THEMATIC_BREAK:
			node_append(cur, node_new(NODE_THEMATIC_BREAK, at));
			continue;
		case CMARK_NODE_CODE_BLOCK:
			node_append(cur, code_block(cmark_node_get_literal(cn), at));
			continue;
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			warn_html(cn, at);
			continue;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			n = node_new(t == CMARK_NODE_TEXT ? NODE_TEXT : NODE_CODE, at);
			lit = cmark_node_get_literal(cn);
			n->text = t == CMARK_NODE_TEXT ? one_space(lit ? lit : "") : xstrdup(lit ? lit : "");
			node_append(cur, n);
			continue;
		case CMARK_NODE_SOFTBREAK:
			node_append(cur, node_new(NODE_SOFTBREAK, at));
			continue;
		case CMARK_NODE_LINEBREAK:
			node_append(cur, node_new(NODE_LINEBREAK, at));
			continue;
		default:
			/* the table extension's nodes; custom nodes the parser
			 * never makes */
			n = md_table_node(m, cn, at);
			if (!n)
				continue;
			break;
		}
		if (blocks > READ_MAX_DEPTH) {
			diag_error(at, "lists and quotes are nested more than %d deep here; phat reads up to %d",
			           READ_MAX_DEPTH, READ_MAX_DEPTH);
			node_free(n);
			m->failed = 1;
			break;
		}
		if (inlines > READ_MAX_DEPTH) {
			diag_error(at, "emphasis (* or _) and links are nested more than %d deep here; phat reads up to %d",
			           READ_MAX_DEPTH, READ_MAX_DEPTH);
			node_free(n);
			m->failed = 1;
			break;
		}
		cmark_node_set_user_data(cn, n);
		if (cur)
			node_append(cur, n);
		else
			root = n;
		cur = n;
	}
	cmark_iter_free(it);
	if (m->failed) {
		node_free(root);
		return NULL;
	}
	return root;
}

static void *md_calloc(size_t n, size_t size)
{
	return xcalloc(n, size);
}

static void *md_realloc(void *p, size_t n)
{
	return xrealloc(p, n);
}

/* Static: every node keeps a pointer to it until cmark_node_free. */
static cmark_mem md_mem = { md_calloc, md_realloc, free };

/* Lists as Word and Zalo make them: a line that starts with "•", "●",
 * "▪", "◦", "·", Word's Symbol-font bullet (U+F0B7) or a dash "–"/"—",
 * then a space or a tab, is a Markdown list item ("- "), as the clerk
 * meant; outside code. Returns the new text (caller frees), or NULL when
 * no line needed it. */
static char *word_bullets(const char *text, size_t len)
{
	static const char *const marks[] = { "•", "●", "▪", "◦", "·", "\xEF\x82\xB7", "–", "—", NULL };
	struct buf b;
	size_t line = 0;
	int fence = 0, changed = 0;

	buf_init(&b);
	while (line < len) {
		const char *nl = memchr(text + line, '\n', len - line);
		size_t end = nl ? (size_t)(nl - text) + 1 : len, k;
		const char *p = text + line;

		while (p < text + end && (*p == ' ' || *p == '\t'))
			p++;
		if ((size_t)(text + end - p) >= 3 && (!strncmp(p, "```", 3) || !strncmp(p, "~~~", 3)))
			fence = !fence;
		for (k = 0; !fence && marks[k]; k++) {
			size_t ml = strlen(marks[k]);
			if ((size_t)(text + end - p) > ml && !strncmp(p, marks[k], ml) && (p[ml] == ' ' || p[ml] == '\t')) {
				buf_add(&b, text + line, (size_t)(p - (text + line)));
				buf_adds(&b, "- ");
				p += ml;
				while (p < text + end && (*p == ' ' || *p == '\t'))
					p++;
				buf_add(&b, p, (size_t)(text + end - p));
				changed = 1;
				break;
			}
		}
		if (fence || !marks[k])
			buf_add(&b, text + line, end - line);
		line = end;
	}
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

/* CommonMark takes a picture's address without spaces, so a clerk's
 * "![Ảnh](ảnh có dấu.png)" or "![Zalo](qr: https://zalo.me/g/x)" would
 * print as text. Such an address (on one line, outside code) is put in
 * <angle brackets>, which CommonMark reads with its spaces, before cmark
 * sees the text; a title ("…") after the address is left alone. Returns
 * the new text (caller frees), or NULL when nothing needed it. */
static char *angle_picture_addresses(const char *text, size_t len)
{
	struct buf b;
	size_t i, line = 0, copied = 0;
	int fence = 0, changed = 0, ticks;

	buf_init(&b);
	while (line < len) {
		const char *nl = memchr(text + line, '\n', len - line);
		size_t end = nl ? (size_t)(nl - text) : len, k;
		const char *l = text + line;

		while (l < text + end && (*l == ' ' || *l == '\t'))
			l++;
		if ((size_t)(text + end - l) >= 3 && (!strncmp(l, "```", 3) || !strncmp(l, "~~~", 3)))
			fence = !fence;
		for (i = line, ticks = 0; !fence && i + 1 < end; i++) {
			size_t a, d, depth, close, t0, t1;

			if (text[i] == '`')
				ticks++;
			if (ticks % 2 || text[i] != '!' || text[i + 1] != '[')
				continue;
			/* the alt text, brackets balanced */
			for (a = i + 2, depth = 1; a < end && depth; a++)
				depth += text[a] == '[' ? 1 : text[a] == ']' ? (size_t)-1 : 0;
			if (depth || a >= end || text[a] != '(')
				continue;
			/* the address, parentheses balanced */
			for (d = a + 1, depth = 1; d < end && depth; d++)
				depth += text[d] == '(' ? 1 : text[d] == ')' ? (size_t)-1 : 0;
			if (depth)
				continue;
			close = d - 1;
			t0 = a + 1;
			while (t0 < close && text[t0] == ' ')
				t0++;
			t1 = close;
			while (t1 > t0 && text[t1 - 1] == ' ')
				t1--;
			if (t0 == t1 || text[t0] == '<' || !memchr(text + t0, ' ', t1 - t0) ||
			    text[t1 - 1] == '"' || text[t1 - 1] == '\'')
				continue;
			buf_add(&b, text + copied, t0 - copied);
			buf_addc(&b, '<');
			for (k = t0; k < t1; k++) {
				if (text[k] == '<' || text[k] == '>')
					buf_addc(&b, '\\');
				buf_addc(&b, text[k]);
			}
			buf_addc(&b, '>');
			copied = t1;
			changed = 1;
			i = close;
		}
		line = end + 1;
	}
	if (!changed) {
		buf_free(&b);
		return NULL;
	}
	if (copied < len)
		buf_add(&b, text + copied, len - copied);
	return buf_take(&b);
}

/* The Vietnamese alphabet's place (from 1) of the lower-case letter that
 * starts s ("a" 1, "đ" 5, "k" 10, "y" 23), 0 for another; *len its bytes. */
static int viet_letter(const char *s, size_t *len)
{
	static const char *const letters[] = {
		"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q",
		"r", "s", "t", "u", "v", "x", "y"
	};
	size_t k;

	for (k = 0; k < sizeof letters / sizeof letters[0]; k++) {
		size_t n = strlen(letters[k]);
		if (!strncmp(s, letters[k], n)) {
			*len = n;
			return (int)k + 1;
		}
	}
	return 0;
}

/* Whether a line's text (without its newline) ends a sentence: ".", ":",
 * ";", "!" or "?", maybe inside a closing quote or bracket ("./." too). */
static int ends_sentence(const char *s, size_t n)
{
	while (n > 0 && is_blank_char(s[n - 1]))
		n--;
	for (;;) {
		if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x9D", 3))   /* ” */
			n -= 3;
		else if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\x99", 3))   /* ’ */
			n -= 3;
		else if (n >= 1 && (s[n - 1] == '"' || s[n - 1] == ')' || s[n - 1] == '*' || s[n - 1] == '_'))
			n--;
		else
			break;
	}
	return n > 0 && strchr(".:;!?", s[n - 1]);
}

/* The length of a list marker at s ("- ", "1. ", "2) " with the blanks
 * after it), 0 when s does not start with one. */
static size_t list_marker(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 2 && strchr("-*+", s[0]) && (s[1] == ' ' || s[1] == '\t'))
		i = 1;
	else {
		while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == 0 || i >= n || (s[i] != '.' && s[i] != ')') || i + 1 >= n ||
		    (s[i + 1] != ' ' && s[i + 1] != '\t'))
			return 0;
		i++;
	}
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* Lines as clerks type them, put into the Markdown they meant before cmark
 * sees them (code fences and tables are left alone):
 * - the decree's lettered points "a) …", "b) …", "đ) …" become ordered
 *   items "1) …", "2) …", "5) …", marked in lettered[] so their list
 *   prints letters again; one typed at the margin right under a numbered
 *   item "1. …" goes under it, as the decree's points belong to their
 *   number (CommonMark has no lettered lists: they ran into one line);
 * - in a list, a line typed further in than an item belongs to that item
 *   however many spaces it took (CommonMark wants them up to the item's
 *   text: "b) x" then "   - y" made "- y" a sibling of "b)");
 * - a line that starts with a capital under a line that ends a sentence
 *   starts a new paragraph, as Word and Zalo write a paragraph a line
 *   (CommonMark would join them; after a list item the sentence was taken
 *   into the item): a blank line is put before it;
 * - a paragraph indented by four spaces or a tab outside a list is a
 *   paragraph as typed, not a code block: its indent goes.
 * Sets m's line_map (the input line of each output line) and lettered.
 * Returns the new text (caller frees), or NULL when nothing changed. */
struct clerk_item {
	int typed;     /* its marker's indent as typed, doubled (odd: a point
			* typed at the margin under a number) */
	int content;   /* where its text starts once rewritten */
	int number;    /* a top-level "1." item */
};

static char *clerk_lines(struct md *m, const char *text, size_t len)
{
	struct buf b;
	struct clerk_item st[READ_MAX_DEPTH + 2];
	size_t line = 0, out_lines = 0, cap = 64;
	int in = 0, fence = 0, changed = 0, depth = 0, stripping = 0;
	enum { P_BLANK, P_TEXT, P_OTHER } prev = P_BLANK;
	int prev_ends = 0;
	int *map = xmalloc(cap * sizeof *map);
	unsigned char *let = xcalloc(cap, 1);

	buf_init(&b);
	while (line < len) {
		const char *nl = memchr(text + line, '\n', len - line);
		size_t end = nl ? (size_t)(nl - text) : len, rest, r, mk = 0, ll = 0, body;
		int t = 0, letter = 0, blank_before = 0, at = -1, k;
		char marker[24];

		in++;
		marker[0] = 0;
		for (rest = line; rest < end && (text[rest] == ' ' || text[rest] == '\t'); rest++)
			t = text[rest] == '\t' ? (t / 4 + 1) * 4 : t + 1;
		r = end - rest;
		body = rest;
		if (rest == end || (r == 1 && text[rest] == '\r')) {
			prev = P_BLANK;
			stripping = 0;
			goto copy;
		}
		if (r >= 3 && (!strncmp(text + rest, "```", 3) || !strncmp(text + rest, "~~~", 3)))
			fence = 2 * !fence;   /* 2: the fence line itself, copied */
		else if (fence)
			fence = 1;
		else if (text[rest] == '|' || text[rest] == '#' || text[rest] == '>' ||
			 (prev == P_OTHER && memchr(text + rest, '|', r))) {
			if (text[rest] == '#' && t < 4)
				depth = 0;
		} else if (((letter = viet_letter(text + rest, &ll)) && rest + ll + 1 < end && text[rest + ll] == ')' &&
			    (text[rest + ll + 1] == ' ' || text[rest + ll + 1] == '\t')) ||
			   (!(letter = 0) && (mk = list_marker(text + rest, r)))) {
			/* a list item: nested under the last item typed less far in */
			int typed = 2 * t;

			if (letter) {
				mk = ll + 1;
				while (rest + mk < end && (text[rest + mk] == ' ' || text[rest + mk] == '\t'))
					mk++;
				snprintf(marker, sizeof marker, "%d) ", letter);
				if (t == 0) {
					/* at the margin: under a number if one is open */
					while (depth && st[depth - 1].typed >= 1)
						depth--;
					if (depth && st[depth - 1].number)
						typed = 1;
				}
			} else {
				size_t e = mk;
				while (e > 0 && (text[rest + e - 1] == ' ' || text[rest + e - 1] == '\t'))
					e--;
				snprintf(marker, sizeof marker, "%.*s ", (int)(e < 12 ? e : 12), text + rest);
			}
			while (depth && st[depth - 1].typed >= typed)
				depth--;
			at = depth ? st[depth - 1].content : (t < 4 ? t : 0);
			if (depth <= READ_MAX_DEPTH) {
				st[depth].typed = typed;
				st[depth].content = at + (int)strlen(marker);
				st[depth].number = t == 0 && !letter && text[rest] >= '0' && text[rest] <= '9';
				depth++;
			}
			body = rest + mk;
			stripping = 0;
			prev_ends = ends_sentence(text + rest, r);
			prev = P_TEXT;
			goto emit;
		} else {
			uint32_t cp = 0;

			utf8_decode(text + rest, &cp);
			if (prev == P_TEXT && prev_ends && utf8_is_upper(cp) && !stripping) {
				blank_before = 1;
				if (t == 0)
					depth = 0;     /* a paragraph after the list */
			} else if (prev == P_BLANK && t < 2)
				depth = 0;
			if (depth && t > 0) {
				/* the text of the deepest item typed less far in */
				for (k = depth; k > 0 && st[k - 1].typed >= 2 * t; k--)
					;
				if (k)
					at = st[k - 1].content;
			} else if (!depth && t >= 4 && (prev == P_BLANK || blank_before || stripping)) {
				stripping = 1;
				at = 0;
			}
			prev = P_TEXT;
		}
		prev_ends = ends_sentence(text + rest, r);
emit:
		if (fence || (at < 0 && !marker[0] && !blank_before)) {
			if (text[rest] == '|' || text[rest] == '#' || text[rest] == '>' || fence)
				prev = P_OTHER;
			goto copy;
		}
		if (blank_before) {
			if (out_lines == cap) {
				cap *= 2;
				map = xrealloc(map, cap * sizeof *map);
				let = xrealloc(let, cap);
			}
			map[out_lines] = in;
			let[out_lines++] = 0;
			buf_addc(&b, '\n');
			if (at < 0)
				goto copy;
		}
		for (k = 0; k < at; k++)
			buf_addc(&b, ' ');
		if (at < 0)
			buf_add(&b, text + line, rest - line);
		buf_adds(&b, marker);
		buf_add(&b, text + body, end - body);
		changed = 1;
		goto next;
copy:
		buf_add(&b, text + line, end - line);
next:
		if (out_lines == cap) {
			cap *= 2;
			map = xrealloc(map, cap * sizeof *map);
			let = xrealloc(let, cap);
		}
		map[out_lines] = in;
		let[out_lines++] = (unsigned char)(letter != 0);
		if (nl)
			buf_addc(&b, '\n');
		line = end + 1;
	}
	if (!changed) {
		buf_free(&b);
		free(map);
		free(let);
		return NULL;
	}
	m->line_map = map;
	m->lettered = let;
	m->nmap = out_lines;
	return buf_take(&b);
}

/* Markdown that cmark read as plain text, so it would print as it is: a
 * picture or link it could not read ("![" or "](" left in the text). Said
 * at the paragraph, with what to fix. (A table it could not read is said
 * where the table is found.) */
static int leftovers;

static int warn_leftover(struct node *n, int entering, void *ctx)
{
	char *t;

	(void)ctx;
	if (!entering || (n->type != NODE_PARAGRAPH && n->type != NODE_HEADING))
		return 0;
	t = node_text(n);
	if (strstr(t, "![") || strstr(t, "](")) {
		diag_warning(n->pos, "Markdown \"%s\" would print as text here: a picture is written "
			     "![caption](file.png), a link [words](https://…), each on one line with its brackets "
			     "closed", strstr(t, "![") ? "![" : "](");
		leftovers++;
	}
	free(t);
	return 0;
}

int read_markdown_leftovers(void)
{
	return leftovers;
}

struct node *read_markdown(const char *text, size_t len, const char *file, int first_line)
{
	struct md m;
	cmark_node *doc = NULL;
	struct node *ret = NULL;

	memset(&m, 0, sizeof m);
	m.text = text;
	m.len = len;
	m.file = file;
	m.first_line = first_line > 0 ? first_line : 1;
	if (len > READ_MAX_FILE) {
		diag_error(pos_file(file), "the text is %zu MB; phat reads files up to %u MB",
		           (len + (1u << 20) - 1) >> 20, READ_MAX_FILE >> 20);
		return NULL;
	}
	md_lines(&m);
	if (md_prescan(&m) != 0)
		goto out;
	/* Smart punctuation stays off: the clerk's quotes are kept as typed. */
	{
		/* cmark's own allocator aborts (a crash) when memory runs out;
		 * ours says "out of memory" and exits 3. */
		cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_VALIDATE_UTF8, &md_mem);
		char *bulleted = word_bullets(text, len);
		const char *t1 = bulleted ? bulleted : text;
		size_t l1 = bulleted ? strlen(bulleted) : len;
		char *angled = angle_picture_addresses(t1, l1);
		const char *t2 = angled ? angled : t1;
		size_t l2 = angled ? strlen(angled) : l1;
		char *clerked = clerk_lines(&m, t2, l2);
		cmark_syntax_extension *table;

		cmark_gfm_core_extensions_ensure_registered();
		table = cmark_find_syntax_extension("table");
		if (table)
			cmark_parser_attach_syntax_extension(parser, table);
		cmark_parser_feed(parser, clerked ? clerked : t2, clerked ? strlen(clerked) : l2);
		free(clerked);
		free(angled);
		free(bulleted);
		doc = cmark_parser_finish(parser);
		cmark_parser_free(parser);
	}
	if (!doc) {
		diag_error(pos_file(file), "out of memory while reading the text");
		goto out;
	}
	ret = md_convert(&m, doc);
	if (ret)
		node_walk(ret, warn_leftover, NULL);
out:
	if (doc)
		cmark_node_free(doc);
	free(m.line_start);
	free(m.line_map);
	free(m.lettered);
	return ret;
}

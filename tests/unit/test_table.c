/* The table arranger (src/blocks/table.c), measured with the fixed-width test
 * measure: every character 0.5 em, a space 0.25 em; at 10 pt a letter is
 * 5 pt and a space 2.5 pt, so every expected width below is counted by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "blocks/table.h"
#include "util/util.h"

static const struct pos here = { "test.csv", 1, 1 };

static struct table *sample(void)
{
	struct table *t = table_new(measure_fixed(), FACE_SERIF, 10, here);
	const char *r1[] = { "1", "Đồng Cả", "1.169" };
	const char *r2[] = { "2", "Thanh Lương", "529" };
	const char *tot[] = { "Tổng cộng", NULL, "1.698" };

	table_add_col(t, "STT", ALIGN_CENTER, 0);
	table_add_col(t, "Tên", ALIGN_LEFT, 0);
	table_add_col(t, "Số", ALIGN_RIGHT, 0);
	table_add_row(t, r1, 0, here);
	table_add_row(t, r2, 0, here);
	table_add_row(t, tot, 1, here);
	return t;
}

/* Boxes of type ty in block b whose x is near x. */
static int rects_at(const struct block *b, double x)
{
	size_t i;
	int n = 0;

	for (i = 0; i < b->nboxes; i++)
		if (b->boxes[i].type == BOX_RECT && b->boxes[i].x <= x + 0.5 && b->boxes[i].x + b->boxes[i].w >= x - 0.5)
			n++;
	return n;
}

static const struct box *text_box(const struct block *b, const char *s)
{
	size_t i;

	for (i = 0; i < b->nboxes; i++)
		if (b->boxes[i].type == BOX_TEXT && !strcmp(b->boxes[i].text, s))
			return &b->boxes[i];
	return NULL;
}

static void test_fit(void)
{
	struct table *t = sample();
	/* pad = 0.35 × 10 = 3.5 on each side: 7 per column.
	 * longest words: STT 15, "Thanh"/"Lương" 25, "1.169" 25 → 22, 32, 32 (sum 86)
	 * widest cells: 15, "Thanh Lương" 52.5, 25 → 22, 59.5, 32 (sum 113.5)
	 * whole headers add nothing here. */
	CHECK(table_fit(t, 300) == 0, "fit: a wide page takes the table");
	CHECK_NEAR(table_width(t), 300, 0.01, "fit: the table spans the width given");
	CHECK_NEAR(t->cols[1].width / t->cols[0].width, 59.5 / 22, 0.001,
		   "fit: extra width is shared in proportion to each column's widest text");
	table_free(t);

	t = sample();
	CHECK(table_fit(t, 100) == 0, "fit: 100 pt is more than the longest words (86)");
	CHECK_NEAR(t->cols[0].width, 22, 0.01, "fit: STT keeps its width (its cells need no more)");
	CHECK_NEAR(t->cols[2].width, 32, 0.01, "fit: numbers keep theirs");
	CHECK_NEAR(t->cols[1].width, 46, 0.01, "fit: the name column gets all that is left (32 + 14)");
	table_free(t);

	t = sample();
	CHECK(table_fit(t, 80) == -1, "fit: narrower than the longest words (86) is refused");
	CHECK_NEAR(table_width(t), 86, 0.01, "fit: ... and the table is left as narrow as its words");
	table_free(t);

	t = table_new(measure_fixed(), FACE_SERIF, 10, here);
	table_add_col(t, "A", ALIGN_LEFT, 50);
	table_add_col(t, "B", ALIGN_LEFT, 0);
	CHECK(table_fit(t, 200) == 0 && t->cols[0].width == 50 && t->cols[1].width > 149.9,
	      "fit: a column of fixed width keeps it, the others take the rest");
	table_free(t);
}

static void test_blocks(void)
{
	struct table *t = sample();
	struct flow f;
	const struct box *b;
	double w0, w1, w2;

	flow_init(&f);
	table_fit(t, 100);
	w0 = t->cols[0].width;
	w1 = t->cols[1].width;
	w2 = t->cols[2].width;
	CHECK(table_layout(t, &f, 0) == 0, "layout: no glyph errors");
	CHECK(f.n == 4, "layout: a header block and one block per row (%zu)", f.n);
	CHECK(f.n == 4 && f.v[1].repeat == 0 && f.v[2].repeat == 0 && f.v[3].repeat == 0 && f.v[0].repeat == -1,
	      "layout: every row names the header row to repeat");
	CHECK(f.v[0].keep_with_next, "layout: the header never stays alone at a page's foot");
	CHECK(f.v[2].keep_with_next && !f.v[1].keep_with_next, "layout: the bold total row keeps its row above with it");
	b = text_box(&f.v[1], "1.169");
	CHECK(b && fabs(b->x + b->w - (w0 + w1 + w2 - 3.5)) < 0.01, "layout: numbers end at the right padding");
	b = text_box(&f.v[1], "Đồng Cả");
	CHECK(b && fabs(b->x - (w0 + 3.5)) < 0.01, "layout: names start at the left padding");
	b = text_box(&f.v[1], "1");
	CHECK(b && fabs(b->x + b->w / 2 - w0 / 2) < 0.01, "layout: STT is centred");
	CHECK(f.v[2].height > f.v[1].height + 5, "layout: \"Thanh Lương\" wraps in 46 pt and its row is taller");
	CHECK(text_box(&f.v[2], "Thanh") && text_box(&f.v[2], "Lương") &&
	      text_box(&f.v[2], "Lương")->y > text_box(&f.v[2], "Thanh")->y, "layout: ... onto a second line");
	b = text_box(&f.v[3], "Tổng cộng");
	CHECK(b && face_is_bold(b->face), "layout: the total row is bold");
	CHECK(b && b->x < w0, "layout: the merged total cell starts in the first column");
	CHECK(rects_at(&f.v[3], w0) == 0 && rects_at(&f.v[1], w0) == 1,
	      "layout: no rule between merged cells, one between plain cells");
	CHECK(rects_at(&f.v[3], 0) == 1 && rects_at(&f.v[3], w0 + w1) == 1 && rects_at(&f.v[3], w0 + w1 + w2) == 1,
	      "layout: the outer and inner edges of the total row are ruled");
	b = text_box(&f.v[0], "STT");
	CHECK(b && face_is_bold(b->face), "layout: the header is bold");
	flow_free(&f);
	table_free(t);
}

static void test_pages(void)
{
	struct table *t = table_new(measure_fixed(), FACE_SERIF, 10, here);
	struct layout_doc *d = layout_doc_new();
	struct page_style ps;
	struct flow f;
	char num[16], name[32];
	int seen[61] = { 0 }, i, ok_head = 1, ok_once = 1, ok_order = 1, last = 0;
	size_t p, k;

	table_add_col(t, "STT", ALIGN_CENTER, 0);
	table_add_col(t, "Xóm", ALIGN_LEFT, 0);
	for (i = 1; i <= 60; i++) {
		const char *cells[2];
		snprintf(num, sizeof num, "%d", i);
		snprintf(name, sizeof name, "Xóm số %d", i);
		cells[0] = num;
		cells[1] = name;
		table_add_row(t, cells, 0, here);
	}
	table_fit(t, 200);
	flow_init(&f);
	table_layout(t, &f, 0);
	memset(&ps, 0, sizeof ps);
	ps.width = 300;
	ps.height = 300;
	ps.frame.x = 20;
	ps.frame.y = 20;
	ps.frame.w = 260;
	ps.frame.h = 260;
	flow_paginate(&f, d, &ps, -1, 0, NULL);
	CHECK(d->npages >= 3, "pages: 60 rows of about 17 pt take several 260 pt pages (%zu)", d->npages);
	for (p = 0; p < d->npages; p++) {
		const struct page *pg = &d->pages[p];
		int heads = 0;
		double head_y = 1e9, first_row_y = 1e9;

		for (k = 0; k < pg->n; k++) {
			const struct box *b = &pg->boxes[k];
			if (b->type != BOX_TEXT)
				continue;
			if (!strcmp(b->text, "STT")) {
				heads++;
				head_y = b->y;
			} else if (b->x < 20 + t->cols[0].width && atoi(b->text) > 0) {
				int v = atoi(b->text);
				if (b->y < first_row_y)
					first_row_y = b->y;
				if (v <= 60) {
					if (seen[v]++)
						ok_once = 0;
					if (v != last + 1)
						ok_order = 0;
					last = v;
				}
			}
		}
		if (heads != 1 || head_y >= first_row_y)
			ok_head = 0;
	}
	CHECK(ok_head, "pages: every page starts with exactly one header row above its rows");
	CHECK(ok_once && last == 60, "pages: every row is placed exactly once");
	CHECK(ok_order, "pages: rows keep their order across pages");
	flow_free(&f);
	layout_doc_free(d);
	table_free(t);
}

int main(void)
{
	test_fit();
	test_blocks();
	test_pages();
	return t_done();
}

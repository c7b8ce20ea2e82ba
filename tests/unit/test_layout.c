/* Line breaker and pagination, measured with the fixed-width test measure:
 * every character 0.5 em, a space 0.25 em (at 10 pt: 5 pt and 2.5 pt). */
#include <math.h>
#include <stdlib.h>
#include "t.h"
#include "layout/layout.h"
#include "util/util.h"

static const struct pos here = { "test.md", 1, 1 };

static void para_one(struct para *p, enum align al, double w, const char *text)
{
	para_init(p, al, w);
	para_add(p, FACE_SERIF, 10, text, NULL, here);
}

/* The text of a line, pieces joined by one space. */
static char *line_text(const struct line *ln)
{
	struct buf b;
	size_t i;
	buf_init(&b);
	for (i = 0; i < ln->n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", ln->items[i].text);
	return buf_take(&b);
}

static double line_right(const struct line *ln)
{
	return ln->n ? ln->items[ln->n - 1].x + ln->items[ln->n - 1].w : 0;
}

static int line_has(const struct lines *ls, size_t i, const char *s)
{
	char *t = line_text(&ls->v[i]);
	int r = strstr(t, s) != NULL;
	free(t);
	return r;
}

static void test_greedy(void)
{
	struct para p;
	struct lines ls;
	char *t;

	para_one(&p, ALIGN_LEFT, 50, "aaaa bbbb cccc");
	layout_break(measure_fixed(), &p, &ls);
	CHECK(ls.n == 2, "left: 'aaaa bbbb cccc' in 50 pt makes two lines (got %zu)", ls.n);
	t = line_text(&ls.v[0]);
	CHECK_STR(t, "aaaa bbbb", "left: first line keeps its natural spacing as one piece");
	free(t);
	CHECK_NEAR(ls.v[0].items[0].x, 0, 0.001, "left: the line starts at the left edge");
	CHECK_NEAR(ls.v[0].items[0].w, 42.5, 0.001, "left: 'aaaa bbbb' is 42.5 pt wide");
	lines_free(&ls);
	para_free(&p);
}

static void test_center(void)
{
	struct para p;
	struct lines ls;

	para_one(&p, ALIGN_CENTER, 100, "abcd");
	layout_break(measure_fixed(), &p, &ls);
	CHECK_NEAR(ls.v[0].items[0].x, 40, 0.001, "centre: a 20 pt word in 100 pt starts at 40");
	lines_free(&ls);
	para_free(&p);
	para_one(&p, ALIGN_RIGHT, 100, "abcd");
	layout_break(measure_fixed(), &p, &ls);
	CHECK_NEAR(line_right(&ls.v[0]), 100, 0.001, "right: the word ends at the right edge");
	lines_free(&ls);
	para_free(&p);
}

static void test_justify(void)
{
	struct para p;
	struct lines ls;
	size_t i;
	int ok = 1;
	const char *text = "Để triển khai thực hiện đạt mục tiêu năm mươi phần trăm dân số trưởng thành có "
			   "chữ ký số công cộng, ủy ban nhân dân xã Tân Thành đề nghị tất cả các cán bộ, "
			   "công chức, các ngành, đoàn thể, các ông, bà trưởng xóm triển khai thực hiện.";

	para_one(&p, ALIGN_JUSTIFY, 200, text);
	p.first_indent = 20;
	layout_break(measure_fixed(), &p, &ls);
	CHECK(ls.n >= 3, "justify: the paragraph takes several lines (%zu)", ls.n);
	for (i = 0; i + 1 < ls.n; i++)
		if (fabs(line_right(&ls.v[i]) - 200) > 0.01)
			ok = 0;
	CHECK(ok, "justify: every line but the last ends exactly at the right edge");
	CHECK(line_right(&ls.v[ls.n - 1]) < 200 - 1, "justify: the last line is not stretched");
	CHECK_NEAR(ls.v[0].items[0].x, 20, 0.001, "justify: the first line is indented by 20 pt");
	CHECK_NEAR(ls.v[1].items[0].x, 0, 0.001, "justify: the second line starts at the edge");
	CHECK(ls.ratio_max <= 3.0, "justify: no line stretched beyond the tolerance (%.2f)", ls.ratio_max);
	/* a stretched line is placed word by word */
	CHECK(ls.v[1].n > 3, "justify: a stretched line is placed word by word (%zu pieces)", ls.v[1].n);
	lines_free(&ls);
	para_free(&p);
}

/* Optimum fit: first fit would fill line 1 ("aaaa aaaa" = 42.5 of 50) and
 * leave "bbbbbbbbb" (45) with no stretch, then two loose lines; the whole
 * paragraph view sets every line within the stretch limits. A text with no
 * feasible set of breaks still comes out, loose rather than overfull. */
static void test_optimum(void)
{
	struct para p;
	struct lines ls;
	size_t i;
	int overfull = 0;
	const char *hard = "aaaaaaaa bb aaaaaaaa bb ccccccccc aaaaaaaa bb aaaaaaaa bb ccccccccc dd";

	para_one(&p, ALIGN_JUSTIFY, 100, hard);
	layout_break(measure_fixed(), &p, &ls);
	for (i = 0; i < ls.n; i++)
		if (line_right(&ls.v[i]) > 100.01)
			overfull = 1;
	CHECK(!overfull, "no feasible breaks: lines come out loose, never overfull");
	CHECK(ls.n >= 4 && ls.n <= 5, "no feasible breaks: a sensible number of lines (%zu)", ls.n);
	lines_free(&ls);
	para_free(&p);
}

static void test_nobreak(void)
{
	struct para p;
	struct lines ls;

	/* "aaaaa, 50" is 42.5 pt; " %" would end at 50: in 45 pt, the break
	 * must come before "50", not between "50" and "%" (the comma: a
	 * number right after a word stays with it: "Thôn 3") */
	para_one(&p, ALIGN_LEFT, 45, "aaaaa, 50 % xx");
	layout_break(measure_fixed(), &p, &ls);
	CHECK(line_has(&ls, 1, "50 %"), "no break between a number and %%");
	lines_free(&ls);
	para_free(&p);

	para_one(&p, ALIGN_LEFT, 45, "aaaaa, 12 kg xx");
	layout_break(measure_fixed(), &p, &ls);
	CHECK(line_has(&ls, 1, "12 kg"), "no break between a number and its unit");
	lines_free(&ls);
	para_free(&p);

	para_one(&p, ALIGN_LEFT, 45, "aaaaaaa ( bb");
	layout_break(measure_fixed(), &p, &ls);
	CHECK(ls.n == 2 && line_has(&ls, 1, "( bb"), "no break after an opening bracket");
	lines_free(&ls);
	para_free(&p);

	para_one(&p, ALIGN_LEFT, 45, "aaaaaaaa ; bb");
	layout_break(measure_fixed(), &p, &ls);
	CHECK(!line_has(&ls, ls.n - 1, ";") || line_has(&ls, 0, ";") || line_has(&ls, ls.n - 1, "aaaaaaaa ;"),
	      "no line starts with closing punctuation");
	lines_free(&ls);
	para_free(&p);

	para_one(&p, ALIGN_JUSTIFY, 45, "aaaaaaa - bbbbbbb cc");
	layout_break(measure_fixed(), &p, &ls);
	{
		char *t = line_text(&ls.v[1]);
		CHECK(t[0] != '-', "no line starts with a lone dash (line 2: \"%s\")", t);
		free(t);
	}
	lines_free(&ls);
	para_free(&p);
}

static void test_long_word(void)
{
	struct para p;
	struct lines ls;
	struct buf b;
	int i;

	buf_init(&b);
	for (i = 0; i < 2000; i++)
		buf_addc(&b, 'x');
	buf_adds(&b, " yy zz");
	para_one(&p, ALIGN_JUSTIFY, 100, buf_str(&b));
	layout_break(measure_fixed(), &p, &ls);
	CHECK(ls.n >= 1 && ls.n <= 2, "a word wider than the line comes out overfull (%zu lines)", ls.n);
	lines_free(&ls);
	para_free(&p);
	buf_free(&b);
}

static void test_hard_break(void)
{
	struct para p;
	struct lines ls;

	para_init(&p, ALIGN_JUSTIFY, 200);
	para_add(&p, FACE_SERIF, 10, "one two", NULL, here);
	para_add(&p, FACE_SERIF, 10, "\n", NULL, here);
	para_add(&p, FACE_SERIF_BOLD, 10, "three", NULL, here);
	layout_break(measure_fixed(), &p, &ls);
	CHECK(ls.n == 2, "a hard break makes a new line (%zu)", ls.n);
	CHECK(ls.n == 2 && line_right(&ls.v[0]) < 100, "the line before a hard break is not stretched");
	CHECK(ls.n == 2 && ls.v[1].items[0].face == FACE_SERIF_BOLD, "styles survive breaking");
	lines_free(&ls);
	para_free(&p);
}

/* ---- pagination ---- */

static struct para *mk_para(double w, int words)
{
	static struct para p;
	struct buf b;
	int i;
	buf_init(&b);
	for (i = 0; i < words; i++)
		buf_adds(&b, "abcd ");
	para_one(&p, ALIGN_JUSTIFY, w, buf_str(&b));
	p.leading = 10;
	buf_free(&b);
	return &p;
}

static int count_page_lines(const struct page *pg)
{
	int n = 0;
	size_t i;
	double last = -1;
	for (i = 0; i < pg->n; i++)
		if (pg->boxes[i].type == BOX_TEXT && pg->boxes[i].y != last) {
			n++;
			last = pg->boxes[i].y;
		}
	return n;
}

static void test_paginate(void)
{
	struct flow f;
	struct layout_doc *d = layout_doc_new();
	struct page_style ps = { 0 };
	struct para *p;
	struct block *b;

	ps.width = 200;
	ps.height = 200;
	ps.frame.x = 10;
	ps.frame.y = 10;
	ps.frame.w = 100;
	ps.frame.h = 100;      /* ten lines of 10 pt */
	flow_init(&f);
	/* 9 lines, then a 3-line paragraph: one line would be left alone at
	 * the foot, so the whole paragraph moves */
	p = mk_para(100, 36);   /* 4 words of 22.5 → 4 per line: 9 lines */
	flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	p = mk_para(100, 12);
	flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	flow_paginate(&f, d, &ps, -1, 0, NULL);
	CHECK(d->npages == 2, "orphan control: two pages (%zu)", d->npages);
	CHECK(d->npages == 2 && count_page_lines(&d->pages[0]) == 9 && count_page_lines(&d->pages[1]) == 3,
	      "orphan control: the 3-line paragraph moves whole to page 2");
	flow_free(&f);
	layout_doc_free(d);

	/* 8 lines, then a 3-line paragraph: 2 fit, 1 would be a widow */
	d = layout_doc_new();
	flow_init(&f);
	p = mk_para(100, 32);
	flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	p = mk_para(100, 12);
	flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	flow_paginate(&f, d, &ps, -1, 0, NULL);
	CHECK(d->npages == 2 && count_page_lines(&d->pages[1]) >= 2,
	      "widow control: never one line alone at the top of a page");
	flow_free(&f);
	layout_doc_free(d);

	/* a heading on the last line moves to the next page with its text */
	d = layout_doc_new();
	flow_init(&f);
	p = mk_para(100, 36);
	flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	para_one(p, ALIGN_LEFT, 100, "Heading");
	p->leading = 10;
	p->keep_with_next = 1;
	b = flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	p = mk_para(100, 12);
	flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	flow_paginate(&f, d, &ps, -1, 0, NULL);
	(void)b;
	CHECK(d->npages == 2 && count_page_lines(&d->pages[0]) == 9,
	      "keep with next: the heading does not stay alone at the foot");
	flow_free(&f);
	layout_doc_free(d);

	/* a fixed block taller than the room left moves whole */
	d = layout_doc_new();
	flow_init(&f);
	p = mk_para(100, 28);
	flow_add_para(&f, measure_fixed(), p, 0);
	para_free(p);
	b = flow_add_fixed(&f, 50);
	{
		struct box r = { 0 };
		r.type = BOX_RECT;
		r.w = 50;
		r.h = 50;
		block_add_box(b, &r);
	}
	flow_paginate(&f, d, &ps, -1, 0, NULL);
	CHECK(d->npages == 2 && d->pages[1].n == 1 && d->pages[1].boxes[0].y == 10,
	      "a fixed block that does not fit starts the next page at the frame top");
	flow_free(&f);
	layout_doc_free(d);
}

static void test_dump(void)
{
	struct layout_doc *d = layout_doc_new();
	struct page *pg = layout_page_new(d, 100, 200);
	char *t;

	page_add_text(pg, 10, 20, FACE_SERIF_BOLD, 13, "Tân \"Thành\"", 55.5);
	page_add_rule(pg, 10, 25, 30, 0.5);
	layout_outline_add(d, "Phụ lục I", 0, 10, 0);
	t = layout_doc_dump(d);
	CHECK_STR(t, "page 1 100.00x200.00\n"
		     "text 10.00 20.00 serif-bold 13.00 w=55.50 \"Tân \\\"Thành\\\"\"\n"
		     "rule 10.00 25.00 w=30.00 t=0.50\n"
		     "outline 0 page=1 y=10.00 \"Phụ lục I\"\n",
		  "the box dump format");
	free(t);
	layout_doc_free(d);
}

int main(void)
{
	test_greedy();
	test_center();
	test_justify();
	test_optimum();
	test_nobreak();
	test_long_word();
	test_hard_break();
	test_paginate();
	test_dump();
	return t_done();
}

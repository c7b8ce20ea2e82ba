/* The progress line's text: documents done of total, the time left from
 * the rate so far, the current file, cut to the terminal's width. The
 * terminal itself (only on a tty, erased at the end) is tested on the
 * program in tests/cli/test_progress.sh. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "cli/progress.h"

static size_t cps(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void line_is(struct progress_state st, int width, const char *want, const char *what)
{
	char *got = progress_line(&st, width);

	CHECK_STR(got, want, "%s", what);
	free(got);
}

int main(void)
{
	struct progress_state st = { 3, 12, 0, 0, "content/x.md", 9 };
	const char *deep = "content/tháng-7/xã-tân-thành/công-văn-triển-khai-chữ-ký-số.md";
	char *l;

	/* 3 documents in 9 s: 3 s each, 9 to go */
	line_is(st, 80, "3/12 documents, about 27 s left: content/x.md", "the rate so far gives the time left");
	st.elapsed = 0.5;
	line_is(st, 80, "3/12 documents: content/x.md", "no time left in the first second");
	st = (struct progress_state){ 0, 5, 0, 0, "a.md", 4 };
	line_is(st, 80, "0/5 documents: a.md", "no time left before anything is done");
	/* one document of 4 outputs, 1 made in 10 s: a quarter done */
	st = (struct progress_state){ 0, 2, 1, 4, "bao-cao.md", 10 };
	line_is(st, 80, "0/2 documents, about 1 min 10 s left: bao-cao.md (1/4 files)",
		"the current document's outputs count toward the time left");
	st = (struct progress_state){ 1, 101, 0, 0, "a.md", 75 };
	line_is(st, 80, "1/101 documents, about 2 h 05 min left: a.md", "hours and minutes");

	st = (struct progress_state){ 3, 12, 0, 0, deep, 0 };
	l = progress_line(&st, 40);
	CHECK(cps(l) <= 40, "the line fits 40 columns (%zu: %s)", cps(l), l);
	CHECK(strstr(l, "…") && strstr(l, "số.md") && strncmp(l, "3/12 documents: …", strlen("3/12 documents: …")) == 0,
	      "a long path keeps its end, after an ellipsis: %s", l);
	free(l);
	l = progress_line(&st, 20);
	CHECK_STR(l, "3/12 documents", "too narrow for the path: the count alone");
	free(l);
	return t_done();
}

/* QR codes: what qr_make encodes is what a phone reads. Each code is drawn
 * through the real PDF back end, rasterised with pdftoppm at 150 dpi and
 * read back with zbarimg. */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "t.h"
#include "font/font.h"
#include "layout/box.h"
#include "qr/qr.h"
#include "render/pdf.h"
#include "util/diag.h"
#include "util/util.h"

static char dir[] = "/tmp/phat-test-qr-XXXXXX";
static char last_msg[1024];

static void sink(const char *line, void *ctx)
{
	snprintf(last_msg, sizeof last_msg, "%s", line);
}

/* Draws q (side in points) on a page, returns what zbarimg reads (caller
 * frees) or NULL. */
static char *scan(struct fontset *fs, const struct qr *q, double side)
{
	struct layout_doc *d = layout_doc_new();
	struct page *p = layout_page_new(d, side + 100, side + 100);
	struct buf out, got;
	char *pdf = path_join(dir, "qr.pdf"), *cmd = NULL, *ret = NULL;
	char tmp[4096];
	size_t n;
	FILE *fp;

	page_add_qr(p, 50, 50, side, q);
	page_add_text(p, 50, 30, FACE_SANS, 10, "Quét mã", 40);
	buf_init(&out);
	buf_init(&got);
	if (pdf_render(d, fs, "qr.pdf", &out) < 0 || file_write_atomic(pdf, out.data, out.len) < 0)
		goto out;
	cmd = xasprintf("pdftoppm -r 150 -png -singlefile '%s' '%s/qr' 2>/dev/null && "
			"zbarimg --quiet --raw '%s/qr.png' 2>/dev/null", pdf, dir, dir);
	fp = popen(cmd, "r");
	if (!fp)
		goto out;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_add(&got, tmp, n);
	pclose(fp);
	/* zbarimg ends the text with a newline */
	if (got.len && got.data[got.len - 1] == '\n')
		got.data[--got.len] = 0;
	ret = buf_take(&got);
out:
	buf_free(&out);
	buf_free(&got);
	layout_doc_free(d);
	free(pdf);
	free(cmd);
	return ret;
}

int main(void)
{
	struct fontset *fs = fontset_new(NULL);
	struct pos at = { "to-roi.md", 12, 5 };
	const char *url = "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001612&HoSo=AbC";
	struct qr *q;
	char *got;
	int i;

	if (!mkdtemp(dir) || !fs) {
		CHECK(0, "set-up: temp folder and fonts");
		return t_done();
	}
	diag_sink_set(sink, NULL);

	q = qr_make(url, at);
	CHECK(q && q->width >= 21 && (q->width - 17) % 4 == 0, "a link gives a QR matrix of a valid size (%d)",
	      q ? q->width : 0);
	if (q) {
		/* finder pattern in the top-left corner: dark ring, light ring, dark centre */
		int n = q->width;
		CHECK(q->dark[0] && q->dark[6] && q->dark[6 * n] && !q->dark[1 * n + 1] && q->dark[3 * n + 3] &&
		      !q->dark[7] && !q->dark[7 * n], "finder pattern in the top-left corner");
		CHECK_STR(q->text, url, "the text is kept");
		got = scan(fs, q, 150);
		CHECK_STR(got, url, "zbarimg reads the link back, upper and lower case kept");
		free(got);
	}
	qr_free(q);

	/* Vietnamese text: needs the UTF-8 (ECI 26) header to read back right */
	q = qr_make("Xã Tân Thành – đăng ký khai sinh", at);
	got = q ? scan(fs, q, 150) : NULL;
	CHECK_STR(got, "Xã Tân Thành – đăng ký khai sinh", "zbarimg reads Vietnamese text back");
	free(got);
	qr_free(q);

	/* a long link still scans at a leaflet size (0.5 mm per module) */
	{
		struct buf b;
		buf_init(&b);
		buf_adds(&b, "https://tanthanh.gov.vn/");
		for (i = 0; i < 30; i++)
			buf_printf(&b, "muc%02d/", i);
		q = qr_make(buf_str(&b), at);
		got = q ? scan(fs, q, (q->width + 8) * MM(0.5)) : NULL;
		CHECK_STR(got, buf_str(&b), "a %zu-byte link reads back at 0.5 mm per module", b.len);
		free(got);
		qr_free(q);
		buf_free(&b);
	}

	/* too long: a message that says what to do, at the source position */
	{
		char *big = xmalloc(3001);
		for (i = 0; i < 3000; i++)
			big[i] = "abcdefghij"[i % 10];
		big[3000] = 0;
		last_msg[0] = 0;
		q = qr_make(big, at);
		CHECK(q == NULL, "3,000 bytes do not fit a QR code");
		CHECK_STR(last_msg, "to-roi.md:12:5: error: the QR code text is 3000 bytes long; a QR code "
			  "holds at most about 2,300: shorten the link", "too-long message");
		qr_free(q);
		free(big);
	}
	last_msg[0] = 0;
	q = qr_make("", at);
	CHECK(q == NULL && strstr(last_msg, "to-roi.md:12:5: error: the QR code has no text") != NULL,
	      "empty text is an error");
	qr_free(q);
	qr_free(NULL);

	diag_sink_set(NULL, NULL);
	fontset_free(fs);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", dir);
		free(cmd);
	}
	return t_done();
}

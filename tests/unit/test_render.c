/* The PDF back end, checked with the tools a reader's software is like:
 * qpdf (valid file), pdffonts (fonts embedded and subset), pdftotext (the
 * text comes back as written), pdftoppm (pixels where layout put them),
 * PyMuPDF (bookmarks, page labels). Two renders must be byte-identical. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "t.h"
#include "font/font.h"
#include "image/image.h"
#include "layout/box.h"
#include "render/pdf.h"
#include "util/diag.h"
#include "util/util.h"

static char dir[] = "/tmp/phat-test-render-XXXXXX";

/* Runs cmd, returns its stdout (caller frees) and exit status. */
static char *run(const char *cmd, int *status)
{
	struct buf b;
	char tmp[4096];
	size_t n;
	FILE *p = popen(cmd, "r");
	int st;

	buf_init(&b);
	if (!p) {
		*status = -1;
		return xstrdup("");
	}
	while ((n = fread(tmp, 1, sizeof tmp, p)) > 0)
		buf_add(&b, tmp, n);
	st = pclose(p);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	buf_str(&b);
	return buf_take(&b);
}

static const char *const texts[4] = {
	"ỦY BAN NHÂN DÂN XÃ TÂN THÀNH",
	"Cộng hòa xã hội chủ nghĩa Việt Nam",
	"Độc lập – Tự do – Hạnh phúc",
	"Kính gửi: Ủy ban nhân dân huyện Đức Hòa",
};

static struct layout_doc *sample(struct fontset *fs, struct image *img, struct image *rgba,
				 struct image *jpg)
{
	struct layout_doc *d = layout_doc_new();
	const struct measure *m = fontset_measure(fs);
	struct page *p;
	int i;

	d->title = xstrdup("Công văn số 12/UBND về thủ tục đăng ký");
	d->author = xstrdup("Ủy ban nhân dân xã Tân Thành");
	d->subject = xstrdup("Hướng dẫn");
	d->keywords = xstrdup("công văn, đăng ký");
	p = layout_page_new(d, MM(210), MM(297));
	p->label = xstrdup("1");
	for (i = 0; i < 4; i++)
		page_add_text(p, 72, 100 + 24 * i, (enum face)i, 13, texts[i],
			      measure_text(m, (enum face)i, 13, texts[i]));
	page_add_rule(p, 72, 200, 200, 0.75);
	page_add_image(p, 100, 250, 40, 30, img);    /* 4 x 3 pixels: 10 pt each */
	page_add_rect(p, 300, 250, 50, 20, 0x00FF00);
	page_add_image(p, 300, 250, 20, 20, rgba);   /* red | half-transparent blue */
	page_add_image(p, 400, 250, 32, 16, jpg);    /* red | blue */
	page_add_link(p, 72, 300, 100, 14, "https://tanthanh.gov.vn/");
	page_add_text(p, 72, 310, FACE_SANS, 11, "https://tanthanh.gov.vn/", 100)->rgb = 0x0000CC;
	p = layout_page_new(d, MM(210), MM(297));
	p->label = xstrdup("PL I-1");
	page_add_text(p, 72, 100, FACE_SERIF_BOLD, 14, "Phụ lục I", 60);
	p = layout_page_new(d, MM(210), MM(297));
	p->label = xstrdup("PL I-2");
	page_add_text(p, 72, 100, FACE_SERIF, 13, "Trang hai của phụ lục", 60);
	/* clipping as poster tiles use it: a 50 pt square shows part of a
	 * 100 pt red square; after the clip ends, a blue square shows whole */
	page_add_clip(p, 300, 400, 50, 50);
	page_add_rect(p, 300, 400, 100, 100, 0xFF0000);
	page_add_clip(p, 0, 0, 0, 0);
	page_add_rect(p, 300, 520, 20, 20, 0x0000FF);
	layout_outline_add(d, "Công văn", 0, 72, 0);
	layout_outline_add(d, "Phụ lục I: Thành phần hồ sơ", 1, 90, 0);
	layout_outline_add(d, "Mục 1 – Giấy tờ", 2, 90, 1);
	return d;
}

static int render_file(const struct layout_doc *d, struct fontset *fs, const char *path, struct buf *out)
{
	buf_init(out);
	if (pdf_render(d, fs, "out/test.pdf", out) < 0)
		return -1;
	return file_write_atomic(path, out->data, out->len);
}

int main(void)
{
	struct fontset *fs = fontset_new(NULL);
	struct image *img = image_load("tests/data/images/rgb.png", (struct pos){ 0 });
	struct image *rgba = image_load("tests/data/images/rgba.png", (struct pos){ 0 });
	struct image *jpg = image_load("tests/data/images/photo.jpg", (struct pos){ 0 });
	struct layout_doc *d;
	struct buf a, b;
	char *pdf, *txt, *cmd;
	int st;

	if (!mkdtemp(dir) || !fs || !img || !rgba || !jpg) {
		CHECK(0, "set-up: temp folder, fonts, picture");
		return t_done();
	}
	d = sample(fs, img, rgba, jpg);
	unsetenv("SOURCE_DATE_EPOCH");
	pdf = path_join(dir, "a.pdf");
	CHECK(render_file(d, fs, pdf, &a) == 0, "a page with text, rule, picture, link renders");
	CHECK(a.len > 4 && memcmp(a.data, "%PDF", 4) == 0, "output is a PDF (%zu bytes)", a.len);
	CHECK(a.len && memmem(a.data, a.len, "/Subtype /Link", 14) && memmem(a.data, a.len, "/Border [ 0 0 0 ]", 17),
	      "the link draws no border");
	CHECK(a.len < 40000, "three pages with 5 fonts stay small: %zu bytes", a.len);

	cmd = xasprintf("qpdf --check '%s' 2>&1", pdf);
	txt = run(cmd, &st);
	CHECK(st == 0, "qpdf --check passes");
	if (st)
		printf("# %s\n", txt);
	free(txt);
	free(cmd);

	/* pdffonts: name type encoding emb sub uni object ID */
	cmd = xasprintf("pdffonts '%s' 2>/dev/null", pdf);
	txt = run(cmd, &st);
	{
		int fonts = 0, good = 0;
		char *line = strtok(txt, "\n");
		for (; line; line = strtok(NULL, "\n")) {
			if (strncmp(line, "name", 4) == 0 || strncmp(line, "----", 4) == 0)
				continue;
			fonts++;
			if (strstr(line, " yes yes yes ") && strchr(line, '+'))
				good++;
			else
				printf("# %s\n", line);
		}
		CHECK(st == 0 && fonts == 5 && good == 5, "pdffonts: 5 fonts, all embedded, subset, with Unicode "
		      "(%d of %d)", good, fonts);
	}
	free(txt);
	free(cmd);

	cmd = xasprintf("pdftotext -enc UTF-8 '%s' - 2>/dev/null", pdf);
	txt = run(cmd, &st);
	{
		int i;
		for (i = 0; i < 4; i++)
			CHECK(strstr(txt, texts[i]) != NULL, "pdftotext gives back \"%s\"", texts[i]);
		CHECK(strstr(txt, "Trang hai của phụ lục") != NULL, "pdftotext: page 3 text");
	}
	free(txt);
	free(cmd);

	cmd = xasprintf("pdfinfo -enc UTF-8 '%s' 2>/dev/null", pdf);
	txt = run(cmd, &st);
	CHECK(strstr(txt, "Công văn số 12/UBND về thủ tục đăng ký") != NULL, "title in UTF-8");
	CHECK(strstr(txt, "Ủy ban nhân dân xã Tân Thành") != NULL, "author in UTF-8");
	CHECK(strstr(txt, "Creator:         phat") != NULL, "creator is phat");
	CHECK(strstr(txt, "CreationDate") == NULL, "no date without SOURCE_DATE_EPOCH");
	CHECK(strstr(txt, "Pages:           3") != NULL, "3 pages");
	CHECK(strstr(txt, "595.2") && strstr(txt, "841.8"), "A4 pages");
	free(txt);
	free(cmd);

	/* bookmarks and page labels as a viewer shows them */
	cmd = xasprintf("/usr/bin/python3 -c \"import fitz,sys; d=fitz.open(sys.argv[1]); "
			"print(d.get_toc()); print([p.get_label() for p in d]); "
			"print([(l['uri'], [round(v) for v in l['from']]) for l in d[0].get_links()])\" '%s' 2>&1", pdf);
	txt = run(cmd, &st);
	CHECK(strstr(txt, "[1, 'Công văn', 1]") != NULL, "bookmark 1 → page 1");
	CHECK(strstr(txt, "[1, 'Phụ lục I: Thành phần hồ sơ', 2]") != NULL, "bookmark 2 → page 2, UTF-8 title");
	CHECK(strstr(txt, "[2, 'Mục 1 – Giấy tờ', 3]") != NULL, "bookmark 3 nested under 2 → page 3");
	CHECK(strstr(txt, "['1', 'PL I-1', 'PL I-2']") != NULL, "page labels 1, PL I-1, PL I-2");
	/* the link box (72, 300, 100 x 14) from the top-left corner */
	CHECK(strstr(txt, "[('https://tanthanh.gov.vn/', [72, 300, 172, 314])]") != NULL,
	      "one link on page 1, to the URL, over its text");
	if (!strstr(txt, "['1', 'PL I-1', 'PL I-2']") || !strstr(txt, "[1, 'Công văn', 1]") ||
	    !strstr(txt, "[('https://tanthanh.gov.vn/', [72, 300, 172, 314])]"))
		printf("# %s\n", txt);
	free(txt);
	free(cmd);

	/* pixels: the picture's top-left pixel is red at (100..110, 250..260) pt
	 * from the top; the rectangle green; page background white */
	cmd = xasprintf("pdftoppm -r 72 -f 1 -l 1 -singlefile '%s' '%s/p' && "
			"/usr/bin/python3 -c \"import sys; d=open(sys.argv[1],'rb').read(); "
			"h=d.split(b'\\n',3); w=int(h[1].split()[0]); px=h[3]; "
			"g=lambda x,y: tuple(px[(y*w+x)*3:(y*w+x)*3+3]); "
			"print(*g(105,255), *g(135,275), *g(335,260), *g(500,500), *g(305,260), *g(315,260), "
			"*g(405,258), *g(425,258))\" '%s/p.ppm'", pdf, dir, dir);
	txt = run(cmd, &st);
	{
		int v[24] = { 0 }, k;
		char *q = txt;
		for (k = 0; k < 24; k++)
			v[k] = (int)strtol(q, &q, 10);
		CHECK(v[0] == 255 && v[1] == 0 && v[2] == 0 && v[3] == 255 && v[4] == 255 && v[5] == 255,
		      "PNG drawn where layout put it (red pixel, white pixel)");
		CHECK(v[6] == 0 && v[7] == 255 && v[8] == 0 && v[9] == 255 && v[10] == 255 && v[11] == 255,
		      "rectangle green, page white");
		CHECK(v[12] == 255 && v[13] == 0 && v[14] == 0, "RGBA PNG: opaque part red");
		CHECK(v[15] < 20 && v[16] > 100 && v[16] < 160 && v[17] > 100 && v[17] < 160,
		      "RGBA PNG: half-transparent blue over green mixes (%d, %d, %d)", v[15], v[16], v[17]);
		CHECK(v[18] > 200 && v[19] < 50 && v[20] < 50 && v[21] < 50 && v[22] < 50 && v[23] > 200,
		      "JPEG drawn: red then blue");
		if (st)
			printf("# %s\n", txt);
	}
	free(txt);
	free(cmd);

	cmd = xasprintf("pdftoppm -r 72 -f 3 -l 3 -singlefile '%s' '%s/p3' && "
			"/usr/bin/python3 -c \"import sys; d=open(sys.argv[1],'rb').read(); "
			"h=d.split(b'\\n',3); w=int(h[1].split()[0]); px=h[3]; "
			"g=lambda x,y: tuple(px[(y*w+x)*3:(y*w+x)*3+3]); "
			"print(g(325,425), g(375,425), g(325,475), g(310,530))\" '%s/p3.ppm'", pdf, dir, dir);
	txt = run(cmd, &st);
	CHECK(strstr(txt, "(255, 0, 0) (255, 255, 255) (255, 255, 255) (0, 0, 255)") != NULL,
	      "clip: red inside, white outside, blue after the clip ends: %s", txt);
	free(txt);
	free(cmd);

	/* a picture the reader can look at: tests/out/render-vi.png */
	cmd = xasprintf("pdftoppm -r 100 -f 1 -l 1 -singlefile -png '%s' '%s/look' 2>&1", pdf, dir);
	txt = run(cmd, &st);
	CHECK(st == 0, "pdftoppm renders page 1");
	free(txt);
	free(cmd);

	render_file(d, fs, pdf, &b);
	CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "two renders are byte-identical");
	buf_free(&b);

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	render_file(d, fs, pdf, &b);
	CHECK(b.len && memmem(b.data, b.len, "/CreationDate (D:20231114221320Z00'00')", 39) != NULL,
	      "SOURCE_DATE_EPOCH=1700000000 gives CreationDate D:20231114221320Z");
	CHECK(b.len && memmem(b.data, b.len, "/ModDate (D:20231114221320Z", 27) != NULL, "and the same ModDate");
	buf_free(&b);
	setenv("SOURCE_DATE_EPOCH", "yesterday", 1);
	render_file(d, fs, pdf, &b);
	CHECK(b.len && !memmem(b.data, b.len, "CreationDate", 12), "a bad SOURCE_DATE_EPOCH gives no date");
	buf_free(&b);
	unsetenv("SOURCE_DATE_EPOCH");

	/* a page too large for PDF is an error with the output name, no crash */
	{
		struct layout_doc *bad = layout_doc_new();
		layout_page_new(bad, 100000, 100);
		buf_init(&b);
		CHECK(pdf_render(bad, fs, "out/big.pdf", &b) < 0 && diag_error_count() > 0,
		      "a page 35 m wide is refused with an error");
		buf_free(&b);
		layout_doc_free(bad);
		diag_reset();
	}

	buf_free(&a);
	layout_doc_free(d);
	image_free(img);
	image_free(rgba);
	image_free(jpg);
	fontset_free(fs);
	if (!getenv("PHAT_KEEP")) {
		cmd = xasprintf("rm -rf '%s'", dir);
		st = system(cmd);
		free(cmd);
	} else {
		printf("# kept %s\n", dir);
	}
	free(pdf);
	return t_done();
}

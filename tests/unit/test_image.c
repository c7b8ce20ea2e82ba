/* Pictures: every fixture of tests/data/images (made by make_fixtures.py)
 * either decodes to the pixels it was written with, or fails with a message
 * a clerk can act on, and never crashes. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "image/image.h"
#include "util/diag.h"
#include "util/util.h"

#define DIR "tests/data/images/"

static char last_msg[1024];

static void sink(const char *line, void *ctx)
{
	snprintf(last_msg, sizeof last_msg, "%s", line);
}

static struct image *load(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, DIR "%s", name);
	last_msg[0] = 0;
	return image_load(path, (struct pos){ "doc.md", 7, 3 });
}

/* Loads a file that must fail; checks the message holds want. */
static void check_fails(const char *name, const char *want)
{
	int errs = diag_error_count();
	struct image *img = load(name);

	CHECK(img == NULL, "%s is refused", name);
	CHECK(diag_error_count() == errs + 1, "%s gives one error", name);
	CHECK(strstr(last_msg, want) != NULL, "%s: message says \"%s\"", name, want);
	CHECK(strncmp(last_msg, "doc.md:7:3: error: ", 19) == 0, "%s: message points at the source", name);
	if (!strstr(last_msg, want) || strncmp(last_msg, "doc.md:7:3: error: ", 19) != 0)
		printf("#   message: %s\n", last_msg);
	image_free(img);
}

/* image_fit: a picture placed smaller than it is keeps the pixels its
 * place needs at 300 ppi, each the average of those it covers; a JPEG a
 * phone wrote on its side comes out upright. */
static void test_fit(void)
{
	struct image *img = load("rgb.png");
	size_t n = 0;
	char *jpg;

	/* 4 x 3 at 300 dpi placed 0.48 x 0.36 pt: 2 x 1.5 pixels are needed,
	 * so 2 x 2 (whole pixels, the shape kept); each new pixel covers two
	 * old ones across: red+green = (128, 128, 0), blue+white = (128, 128, 255) */
	if (img) {
		static const unsigned char want[12] = { 128, 128, 0, 128, 128, 255, 128, 128, 0, 128, 128, 255 };
		image_fit(img, 2 * 72.0 / 300, 1.5 * 72.0 / 300);
		CHECK(img->width == 2 && img->height == 2, "fit: 4 x 3 placed for 2 x 1.5 pixels keeps 2 x 2 (%d x %d)",
		      img->width, img->height);
		CHECK(img->width == 2 && memcmp(img->pixels, want, 12) == 0,
		      "fit: each pixel is the average of the two it covers");
		image_fit(img, 100, 100);
		CHECK(img->width == 2, "fit: a picture is never made larger");
	}
	image_free(img);

	/* photo.jpg (16 x 8) with the EXIF tag of a phone held upright (6) */
	jpg = file_read(DIR "photo.jpg", 1 << 20, &n);
	if (jpg) {
		static const unsigned char app1[] = {
			0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
			'M', 'M', 0, 0x2A, 0, 0, 0, 8,         /* TIFF header, IFD0 at 8 */
			0, 1,                                  /* one entry */
			0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, /* Orientation, SHORT, 1, 6 */
			0, 0, 0, 0                             /* no next IFD */
		};
		unsigned char *p = xmalloc(n + sizeof app1);
		int ch = 0;
		unsigned char *px;

		memcpy(p, jpg, 2);
		memcpy(p + 2, app1, sizeof app1);
		memcpy(p + 2 + sizeof app1, jpg + 2, n - 2);
		img = image_load_mem(p, n + sizeof app1, "upright.jpg", (struct pos){ 0 });
		CHECK(img && img->orientation == 6 && img->width == 8 && img->height == 16,
		      "EXIF 6: a 16 x 8 JPEG is an 8 x 16 picture");
		if (img) {
			image_fit(img, 1000, 2000);
			CHECK(img->orientation == 1 && img->width == 8 && img->height == 16 && img->jpeg,
			      "fit: its pixels are turned upright and re-encoded as JPEG");
			px = image_decode_jpeg(img, &ch, (struct pos){ 0 });
			CHECK(px && ch == 3, "fit: the new JPEG decodes, 8 x 16 RGB");
			free(px);
		}
		image_free(img);
		free(p);
	}
	free(jpg);
}

int main(void)
{
	struct image *img;

	diag_sink_set(sink, NULL);

	img = load("rgb.png");
	CHECK(img && img->width == 4 && img->height == 3 && img->channels == 3, "RGB PNG: 4 x 3, 3 channels");
	if (img) {
		static const unsigned char row[12] = { 255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255 };
		CHECK(memcmp(img->pixels, row, 12) == 0 && memcmp(img->pixels + 24, row, 12) == 0,
		      "RGB PNG: red, green, blue, white in each row");
		CHECK(img->alpha == NULL && img->jpeg == NULL, "RGB PNG: no mask, not a JPEG");
		CHECK_NEAR(img->dpi, 300, 0.1, "RGB PNG: 300 dpi from pHYs");
	}
	image_free(img);

	img = load("rgba.png");
	CHECK(img && img->channels == 3 && img->alpha, "RGBA PNG: colour and a separate mask");
	if (img && img->alpha) {
		CHECK(img->pixels[0] == 255 && img->pixels[5] == 255, "RGBA PNG: red then blue");
		CHECK(img->alpha[0] == 255 && img->alpha[1] == 128, "RGBA PNG: opaque then half transparent");
		CHECK(img->dpi == 0, "RGBA PNG: no dpi given");
	}
	image_free(img);

	img = load("rgba-opaque.png");
	CHECK(img && img->channels == 3 && !img->alpha, "opaque RGBA PNG: no mask");
	image_free(img);

	img = load("rgb16.png");
	CHECK(img && img->channels == 3 && img->width == 2, "16-bit PNG decodes to 8-bit RGB");
	if (img)
		CHECK(img->pixels[0] == 0x80 && img->pixels[1] == 0x40 && img->pixels[2] == 0 &&
		      img->pixels[3] == 255, "16-bit PNG: samples scaled to 8 bits");
	image_free(img);

	img = load("ga16.png");
	CHECK(img && img->channels == 1 && img->alpha && img->alpha[0] == 0 && img->pixels[0] == 0x12,
	      "16-bit grey + alpha: grey 0x12, transparent");
	image_free(img);

	img = load("grey1.png");
	CHECK(img && img->channels == 1 && img->width == 8 && img->pixels[0] == 255 && img->pixels[1] == 0,
	      "1-bit grey expands to 0 / 255");
	image_free(img);

	img = load("palette-trns.png");
	CHECK(img && img->channels == 3 && img->alpha, "palette PNG with tRNS: RGB and a mask");
	if (img && img->alpha)
		CHECK(img->pixels[0] == 10 && img->pixels[3] == 200 && img->alpha[0] == 255 && img->alpha[1] == 0,
		      "palette PNG: colours looked up, entry 1 transparent");
	image_free(img);

	img = load("photo.jpg");
	CHECK(img && img->jpeg && img->jpeg_len == 655 && img->width == 16 && img->height == 8 &&
	      img->jpeg_channels == 3 && !img->pixels, "JPEG: 16 x 8, 3 components, bytes kept");
	if (img)
		CHECK_NEAR(img->dpi, 72, 0.1, "JPEG: 72 dpi from JFIF");
	image_free(img);

	img = load("progressive.jpg");
	CHECK(img && img->jpeg, "progressive JPEG header is accepted (PDF shows it)");
	image_free(img);

	check_fails("truncated.png", "cut short");
	check_fails("header-only.png", "cut short");
	check_fails("garbage-idat.png", "damaged");
	check_fails("huge.png", "too large");
	check_fails("many-pixels.png", "too large");
	check_fails("not-a-picture.png", "is not a PNG or JPEG picture");
	check_fails("gif.png", "is not a PNG or JPEG picture");
	check_fails("empty.png", "empty");
	check_fails("cmyk.jpg", "CMYK");
	check_fails("arith.jpg", "save it again");
	check_fails("truncated.jpg", "cut short");
	check_fails("no-such-file.png", "cannot read the picture file");

	/* every prefix of a good PNG and JPEG fails cleanly or decodes */
	{
		size_t n, cut, len;
		char *png = file_read(DIR "rgb.png", 1 << 20, &len);
		int bad = 0;
		for (cut = 0; png && cut < len; cut++) {
			img = image_load_mem((unsigned char *)png, cut, "rgb.png", (struct pos){ 0 });
			if (img && cut < len - 12)
				bad++;   /* only a missing IEND may pass */
			image_free(img);
		}
		CHECK(png && bad == 0, "every cut-short rgb.png is refused (%d accepted)", bad);
		free(png);
		png = file_read(DIR "photo.jpg", 1 << 20, &n);
		bad = 0;
		for (cut = 0; png && cut < 200; cut++) {
			img = image_load_mem((unsigned char *)png, cut, "photo.jpg", (struct pos){ 0 });
			image_free(img);
		}
		CHECK(png != NULL, "cut-short JPEG headers do not crash");
		free(png);
	}
	diag_sink_set(NULL, NULL);
	test_fit();
	return t_done();
}

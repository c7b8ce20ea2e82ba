/* Pictures: PNG decoded with libpng (the only file that includes png.h),
 * JPEG checked and passed through to the PDF, decoded with libjpeg-turbo
 * only for the PNG back end. A damaged file gives a message, never a
 * crash: libpng errors jump back here through setjmp, and the JPEG walk
 * never reads past the end. */
#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <png.h>
#include <jpeglib.h>
#include <jerror.h>
#include "image.h"
#include "../util/util.h"

#define IMAGE_MAX_FILE (64u * 1024u * 1024u)  /* bytes; a camera photo is < 20 MB */
#define IMAGE_MAX_SIDE 30000u

struct png_src {
	const unsigned char *p;
	size_t n, off;
};

/* What the decoder holds while libpng may jump out: on the heap, so its
 * fields keep their values across the longjmp; freed in one place. */
struct png_job {
	png_structp png;
	png_infop info;
	unsigned char *rows;     /* decoded image, rowbytes * height */
	png_bytep *rowp;
	struct image *img;
	char msg[200];           /* libpng's error text */
	char warn[200];          /* its first warning: says why IHDR is bad */
};

static void png_read_cb(png_structp png, png_bytep out, png_size_t len)
{
	struct png_src *s = png_get_io_ptr(png);

	if (len > s->n - s->off)
		png_error(png, "the file ends too early");
	memcpy(out, s->p + s->off, len);
	s->off += len;
}

static void png_error_cb(png_structp png, png_const_charp msg)
{
	struct png_job *job = png_get_error_ptr(png);

	snprintf(job->msg, sizeof job->msg, "%s", msg ? msg : "");
	png_longjmp(png, 1);
}

static void png_warning_cb(png_structp png, png_const_charp msg)
{
	struct png_job *job = png_get_error_ptr(png);

	/* warnings (bad sRGB chunk, wrong CRC in an ancillary chunk) do not
	 * change the picture: stay quiet, but keep the first for the error
	 * that may follow ("Image width exceeds user limit" comes as one) */
	if (!job->warn[0])
		snprintf(job->warn, sizeof job->warn, "%s", msg ? msg : "");
}

static struct image *png_decode(const unsigned char *p, size_t n, const char *name, struct pos at)
{
	struct png_src src = { p, n, 0 };
	struct png_job *job = xcalloc(1, sizeof *job);
	struct image *img = NULL;
	png_uint_32 w, h, y;
	int depth, ctype, channels, has_alpha, i;
	size_t rowbytes, px, k;

	job->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job, png_error_cb, png_warning_cb);
	if (!job->png)
		goto fail;
	job->info = png_create_info_struct(job->png);
	if (!job->info)
		goto fail;
	if (setjmp(png_jmpbuf(job->png)))
		goto fail;
	png_set_read_fn(job->png, &src, png_read_cb);
	png_set_user_limits(job->png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_set_chunk_malloc_max(job->png, 8u * 1024u * 1024u);
	png_read_info(job->png, job->info);
	png_get_IHDR(job->png, job->info, &w, &h, &depth, &ctype, NULL, NULL, NULL);
	if ((unsigned long long)w * h > IMAGE_MAX_PIXELS) {
		diag_error(at, "the picture %s is %lu × %lu pixels, too large to print (at most %u million "
			   "pixels): make it smaller in a picture editor", name, (unsigned long)w,
			   (unsigned long)h, IMAGE_MAX_PIXELS / 1000000u);
		goto out;
	}
	/* Everything to 8 bits, grey or RGB, with alpha split out below:
	 * libharu writes 16-bit samples wrongly and wants alpha as a mask. */
	if (depth == 16)
		png_set_strip_16(job->png);
	if (ctype == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(job->png);
	if (ctype == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(job->png);
	if (png_get_valid(job->png, job->info, PNG_INFO_tRNS))
		png_set_tRNS_to_alpha(job->png);
	png_set_interlace_handling(job->png);
	png_read_update_info(job->png, job->info);
	channels = png_get_channels(job->png, job->info);
	if (png_get_bit_depth(job->png, job->info) != 8 || channels < 1 || channels > 4)
		goto fail;
	has_alpha = channels == 2 || channels == 4;
	rowbytes = png_get_rowbytes(job->png, job->info);
	if (rowbytes != (size_t)w * (size_t)channels)
		goto fail;
	job->rows = xmalloc(rowbytes * h);
	job->rowp = xmalloc(sizeof *job->rowp * h);
	for (y = 0; y < h; y++)
		job->rowp[y] = job->rows + rowbytes * y;
	png_read_image(job->png, job->rowp);
	/* the end chunk is not read: a file cut after the pixels still shows
	 * the whole picture */

	job->img = xcalloc(1, sizeof *job->img);
	job->img->width = (int)w;
	job->img->height = (int)h;
	job->img->channels = has_alpha ? channels - 1 : channels;
	px = (size_t)w * h;
	job->img->pixels = xmalloc(px * (size_t)job->img->channels);
	if (has_alpha) {
		int opaque = 1, c = job->img->channels;
		job->img->alpha = xmalloc(px);
		for (k = 0; k < px; k++) {
			for (i = 0; i < c; i++)
				job->img->pixels[k * c + i] = job->rows[k * channels + i];
			job->img->alpha[k] = job->rows[k * channels + c];
			if (job->img->alpha[k] != 255)
				opaque = 0;
		}
		if (opaque) {
			/* no mask for a picture that only claims transparency */
			free(job->img->alpha);
			job->img->alpha = NULL;
		}
	} else {
		memcpy(job->img->pixels, job->rows, px * (size_t)channels);
	}
	{
		png_uint_32 xr, yr;
		int unit;
		if (png_get_pHYs(job->png, job->info, &xr, &yr, &unit) && unit == PNG_RESOLUTION_METER && xr > 0)
			job->img->dpi = xr * 0.0254;
	}
	img = job->img;
	job->img = NULL;
	goto out;
fail:
	if (strstr(job->msg, "too early") || strstr(job->msg, "Read Error") || strstr(job->msg, "Not enough"))
		diag_error(at, "the picture %s is cut short (the file ends too early): copy it again or "
			   "save it again from a picture editor", name);
	else if (strstr(job->msg, "exceeds") || strstr(job->msg, "too large") || strstr(job->msg, "chunk data") ||
		 strstr(job->warn, "exceeds"))
		diag_error(at, "the picture %s is too large to print: make it smaller in a picture editor",
			   name);
	else
		diag_error(at, "the picture %s is damaged and cannot be read (%s): save it again from a "
			   "picture editor", name, *job->msg ? job->msg : "bad PNG data");
out:
	png_destroy_read_struct(job->png ? &job->png : NULL, job->info ? &job->info : NULL, NULL);
	free(job->rows);
	free(job->rowp);
	image_free(job->img);
	free(job);
	return img;
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* Walks the JPEG markers up to the frame header, the way libharu will, so
 * every file that passes here also loads there. Only baseline, extended
 * and progressive Huffman JPEGs are taken: arithmetic and lossless ones do
 * not show in many PDF viewers. */
static struct image *jpeg_check(const unsigned char *p, size_t n, const char *name, struct pos at)
{
	size_t off = 2;
	double dpi = 0;

	for (;;) {
		unsigned marker, len;

		if (off + 4 > n)
			goto short_file;
		marker = be16(p + off);
		len = be16(p + off + 2);
		if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFFF || len < 2)
			goto damaged;
		if (off + 2 + len > n)
			goto short_file;
		if (marker == 0xFFE0 && len >= 16 && memcmp(p + off + 4, "JFIF", 5) == 0) {
			unsigned unit = p[off + 11], xd = be16(p + off + 12);
			if (unit == 1)
				dpi = xd;
			else if (unit == 2)
				dpi = xd * 2.54;
		}
		if (marker == 0xFFC0 || marker == 0xFFC1 || marker == 0xFFC2) {
			unsigned prec, h, w, comp;
			struct image *img;

			if (len < 8)
				goto damaged;
			prec = p[off + 4];
			h = be16(p + off + 5);
			w = be16(p + off + 7);
			comp = p[off + 9];
			if (prec != 8) {
				diag_error(at, "the picture %s is a %u-bit JPEG, which PDF viewers cannot show: "
					   "save it again as an ordinary JPEG or PNG", name, prec);
				return NULL;
			}
			if (w == 0 || h == 0)
				goto damaged;
			if ((unsigned long long)w * h > IMAGE_MAX_PIXELS) {
				diag_error(at, "the picture %s is %u × %u pixels, too large to print (at most %u "
					   "million pixels): make it smaller in a picture editor", name, w, h,
					   IMAGE_MAX_PIXELS / 1000000u);
				return NULL;
			}
			if (comp == 4) {
				diag_error(at, "the picture %s uses CMYK colours (a print-shop format): save it "
					   "again as an RGB JPEG or as PNG", name);
				return NULL;
			}
			if (comp != 1 && comp != 3)
				goto damaged;
			/* A file cut in its image data still has a good header, and
			 * libharu would embed it; viewers then show half a picture.
			 * The data must start (SOS) and end (EOI) after the header. */
			{
				const unsigned char *sos = memmem(p + off, n - off, "\xFF\xDA", 2);
				if (!sos || !memmem(sos + 2, n - (size_t)(sos + 2 - p), "\xFF\xD9", 2))
					goto short_file;
			}
			img = xcalloc(1, sizeof *img);
			img->width = (int)w;
			img->height = (int)h;
			img->jpeg = xmalloc(n);
			memcpy(img->jpeg, p, n);
			img->jpeg_len = n;
			img->jpeg_channels = (int)comp;
			img->dpi = dpi;
			return img;
		}
		if ((marker >= 0xFFC3 && marker <= 0xFFCF && marker != 0xFFC4 && marker != 0xFFC8 &&
		     marker != 0xFFCC)) {
			diag_error(at, "the picture %s is a kind of JPEG (arithmetic or lossless) that PDF "
				   "viewers do not all show: save it again as an ordinary JPEG or PNG", name);
			return NULL;
		}
		if (marker == 0xFFDA || marker == 0xFFD9)
			goto damaged;   /* image data before any frame header */
		off += 2 + len;
	}
short_file:
	diag_error(at, "the picture %s is cut short (the file ends too early): copy it again or save "
		   "it again from a picture editor", name);
	return NULL;
damaged:
	diag_error(at, "the picture %s is a damaged JPEG and cannot be read: save it again from a "
		   "picture editor", name);
	return NULL;
}

struct image *image_load_mem(const unsigned char *p, size_t n, const char *name, struct pos at)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	if (n >= 8 && memcmp(p, png_sig, 8) == 0)
		return png_decode(p, n, name, at);
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return jpeg_check(p, n, name, at);
	if (n == 0)
		diag_error(at, "the picture file %s is empty: copy it again", name);
	else if (n >= 4 && (memcmp(p, "GIF8", 4) == 0 || memcmp(p, "RIFF", 4) == 0 || memcmp(p, "BM", 2) == 0 ||
			    memcmp(p, "II*", 3) == 0 || memcmp(p, "MM", 2) == 0))
		diag_error(at, "file %s is not a PNG or JPEG picture (it is a GIF, WebP, BMP or TIFF "
			   "file): save it as PNG or JPEG in a picture editor", name);
	else
		diag_error(at, "file %s is not a PNG or JPEG picture: use a .png or .jpg file", name);
	return NULL;
}

struct image *image_load(const char *path, struct pos at)
{
	struct image *img;
	size_t n = 0;
	char *data = file_read(path, IMAGE_MAX_FILE, &n);

	if (!data) {
		if (errno == EFBIG || errno == E2BIG || errno == EOVERFLOW)
			diag_error(at, "the picture file %s is larger than %u MB: make it smaller in a "
				   "picture editor", path, IMAGE_MAX_FILE / (1024u * 1024u));
		else
			diag_error(at, "cannot read the picture file %s: %s", path, strerror(errno));
		return NULL;
	}
	img = image_load_mem((const unsigned char *)data, n, path, at);
	free(data);
	return img;
}

void image_free(struct image *img)
{
	if (!img)
		return;
	free(img->pixels);
	free(img->alpha);
	free(img->jpeg);
	free(img);
}

void image_set_ppi(struct image *img, double ppi)
{
	img->ppi_max = ppi;
}

/* libjpeg reports a damaged file by calling error_exit, which must not
 * return: jump back into image_decode_jpeg. */
struct jpeg_job {
	struct jpeg_error_mgr err;
	jmp_buf jb;
	int oom;
};

static void jpeg_fail(j_common_ptr cinfo)
{
	struct jpeg_job *j = (struct jpeg_job *)(void *)cinfo->err;

	j->oom = cinfo->err->msg_code == JERR_OUT_OF_MEMORY;
	longjmp(j->jb, 1);
}

static void jpeg_quiet(j_common_ptr cinfo, int level)
{
	(void)cinfo;
	(void)level;
}

unsigned char *image_decode_jpeg(const struct image *img, int *channels, struct pos at)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_job job;
	unsigned char *volatile px = NULL;
	volatile int ch = 0;
	size_t stride;

	if (!img || !img->jpeg)
		return NULL;
	memset(&job, 0, sizeof job);
	cinfo.err = jpeg_std_error(&job.err);
	job.err.error_exit = jpeg_fail;
	job.err.emit_message = jpeg_quiet;
	if (setjmp(job.jb)) {
		jpeg_destroy_decompress(&cinfo);
		free(px);
		if (job.oom)
			oom();
		diag_error(at, "a picture is a damaged JPEG and cannot be drawn: save it again as JPEG or PNG");
		return NULL;
	}
	jpeg_create_decompress(&cinfo);
	jpeg_mem_src(&cinfo, img->jpeg, (unsigned long)img->jpeg_len);
	jpeg_read_header(&cinfo, TRUE);
	cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_start_decompress(&cinfo);
	ch = cinfo.output_components;
	if ((int)cinfo.output_width != img->width || (int)cinfo.output_height != img->height || (ch != 1 && ch != 3))
		longjmp(job.jb, 1);
	stride = (size_t)cinfo.output_width * (size_t)ch;
	px = xmalloc(stride * cinfo.output_height);
	while (cinfo.output_scanline < cinfo.output_height) {
		JSAMPROW row = px + stride * cinfo.output_scanline;
		jpeg_read_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_decompress(&cinfo);
	jpeg_destroy_decompress(&cinfo);
	*channels = ch;
	return px;
}

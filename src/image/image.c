/* Pictures: PNG decoded with libpng, JPEG checked and passed through to the
 * PDF, its EXIF orientation read with libexif; a photo decoded, turned
 * upright, resampled and re-encoded with libjpeg-turbo when it is placed
 * smaller than it was taken (image_fit). The only file that includes
 * png.h, jpeglib.h and libexif's headers. A damaged file gives a message,
 * never a crash: libpng and libjpeg errors jump back here through setjmp,
 * and the JPEG walk never reads past the end. */
#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <png.h>
#include <jpeglib.h>
#include <jerror.h>
#include "image.h"
#include <libexif/exif-data.h>
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

/* ---- JPEG pixels (libjpeg-turbo) and orientation (libexif) ----
 * libjpeg reports errors by calling error_exit, which must not return: it
 * jumps back (setjmp), so a damaged file is a NULL, never a crash or a
 * message on stderr. */

/* libexif allocates through phat's allocator: out of memory is phat's
 * "out of memory", exit 3, like every other library's. */
static void *exif_alloc(ExifLong n)
{
	return xcalloc(1, n ? n : 1);
}

static void *exif_realloc(void *p, ExifLong n)
{
	return xrealloc(p, n ? n : 1);
}

/* The EXIF orientation of a JPEG (1 to 8; 1 upright, 6 to be turned 90°
 * clockwise, as a phone held upright writes it), or 1 when the file says
 * none or says something impossible. */
static int jpeg_orientation(const unsigned char *p, size_t n)
{
	ExifMem *mem = exif_mem_new(exif_alloc, exif_realloc, free);
	ExifData *ed;
	ExifEntry *e;
	int o = 1;

	if (!mem)
		oom();
	ed = exif_data_new_mem(mem);
	exif_mem_unref(mem);
	if (!ed)
		oom();
	/* libexif finds the APP1 segment of a whole JPEG itself; EXIF data
	 * is bounded by its 64 KB segment */
	exif_data_load_data(ed, p, (unsigned int)(n > 0xFFFFFFFFu ? 0xFFFFFFFFu : n));
	e = exif_data_get_entry(ed, EXIF_TAG_ORIENTATION);
	if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 && e->size >= 2) {
		int v = exif_get_short(e->data, exif_data_get_byte_order(ed));
		if (v >= 1 && v <= 8)
			o = v;
	}
	exif_data_unref(ed);
	return o;
}

struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jump;
};

static void jerr_exit(j_common_ptr ci)
{
	struct jerr *e = (struct jerr *)ci->err;

	if (e->pub.msg_code == JERR_OUT_OF_MEMORY)
		oom();
	longjmp(e->jump, 1);
}

static void jerr_quiet(j_common_ptr ci, int level)
{
	/* corrupt-data warnings: the picture still decodes */
	(void)ci;
	(void)level;
}

/* Decodes a JPEG (8-bit grey or RGB; YCbCr comes out as RGB), reduced by
 * the decoder's own 1/2, 1/4 or 1/8 scaling as far as it stays at least
 * min_w × min_h pixels (0: full size). Returns width × height × channels
 * bytes, rows top down (caller frees), or NULL when the data is damaged. */
static unsigned char *jpeg_decode(const unsigned char *p, size_t n, int min_w, int min_h, int *w, int *h,
				  int *channels)
{
	struct jpeg_decompress_struct ci;
	struct jerr err;
	/* volatile: changed between setjmp and a longjmp back */
	unsigned char *volatile px = NULL;
	size_t stride;

	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = jerr_exit;
	err.pub.emit_message = jerr_quiet;
	if (setjmp(err.jump)) {
		jpeg_destroy_decompress(&ci);
		free(px);
		return NULL;
	}
	jpeg_create_decompress(&ci);
	jpeg_mem_src(&ci, p, (unsigned long)n);
	if (jpeg_read_header(&ci, TRUE) != JPEG_HEADER_OK)
		longjmp(err.jump, 1);
	if (ci.num_components != 1 && ci.num_components != 3)
		longjmp(err.jump, 1);
	ci.out_color_space = ci.num_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
	/* the decoder's own reduction is the cheapest resampling there is */
	ci.scale_num = 1;
	ci.scale_denom = 1;
	while (ci.scale_denom < 8 && min_w > 0 && min_h > 0 &&
	       ci.image_width / (ci.scale_denom * 2) >= (unsigned)min_w &&
	       ci.image_height / (ci.scale_denom * 2) >= (unsigned)min_h)
		ci.scale_denom *= 2;
	jpeg_start_decompress(&ci);
	stride = (size_t)ci.output_width * (size_t)ci.output_components;
	px = xmalloc(stride * ci.output_height);
	while (ci.output_scanline < ci.output_height) {
		JSAMPROW row = px + stride * ci.output_scanline;
		jpeg_read_scanlines(&ci, &row, 1);
	}
	jpeg_finish_decompress(&ci);
	*w = (int)ci.output_width;
	*h = (int)ci.output_height;
	*channels = ci.output_components;
	jpeg_destroy_decompress(&ci);
	return px;
}

/* Pixels (channels 1 or 3) as a baseline JPEG of the quality given (1–100).
 * Returns the bytes (caller frees with free), their count in *len. */
static unsigned char *jpeg_encode(const unsigned char *px, int w, int h, int channels, int quality, size_t *len)
{
	struct jpeg_compress_struct ci;
	struct jerr err;
	unsigned char *out = NULL;
	unsigned long size = 0;

	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&err.pub);
	err.pub.error_exit = jerr_exit;
	err.pub.emit_message = jerr_quiet;
	if (setjmp(err.jump)) {
		/* out of memory has exited already; nothing else fails on
		 * pixels of a size checked by the caller */
		jpeg_destroy_compress(&ci);
		return NULL;
	}
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &out, &size);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = channels;
	ci.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, quality, TRUE);
	ci.optimize_coding = TRUE;     /* a few % smaller, the same picture */
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW row = (JSAMPROW)(px + (size_t)ci.next_scanline * (size_t)w * (size_t)channels);
		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	*len = size;
	return out;     /* libjpeg's malloc: freed with free like ours */
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
			/* a phone held upright stores its photo on its side and
			 * says so in EXIF: the picture is as wide as it looks */
			img->orientation = jpeg_orientation(p, n);
			if (img->orientation >= 5) {
				img->width = (int)h;
				img->height = (int)w;
			}
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
	else if (n >= 12 && memcmp(p + 4, "ftyp", 4) == 0 &&
		 (!memcmp(p + 8, "heic", 4) || !memcmp(p + 8, "heix", 4) || !memcmp(p + 8, "hevc", 4) ||
		  !memcmp(p + 8, "heim", 4) || !memcmp(p + 8, "heis", 4) || !memcmp(p + 8, "mif1", 4) ||
		  !memcmp(p + 8, "msf1", 4) || !memcmp(p + 8, "avif", 4)))
		diag_error(at, "the picture %s is a %s photo (an iPhone's own format), which a PDF cannot "
			   "hold: save it as JPEG, or send it through Zalo, which sends JPEG; so that the iPhone "
			   "takes JPEG from now on: Settings › Camera › Formats › Most Compatible (Cài đặt › "
			   "Camera › Định dạng › Tương thích nhất)", name, !memcmp(p + 8, "avif", 4) ? "AVIF" : "HEIC");
	else if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		diag_error(at, "the picture %s is a WebP picture (saved from a web page or a chat), which a "
			   "PDF cannot hold: save it as JPEG (open it in Paint or Photos, then Save as .jpg)", name);
	else if (n >= 4 && (memcmp(p, "GIF8", 4) == 0 || memcmp(p, "BM", 2) == 0 ||
			    memcmp(p, "II*", 3) == 0 || memcmp(p, "MM", 2) == 0))
		diag_error(at, "file %s is not a PNG or JPEG picture (it is a GIF, BMP or TIFF "
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

/* ---- pictures as placed ---- */

/* The pixels of an upright picture from stored ones (w × h × ch) and the
 * EXIF orientation o: 2 mirrored, 3 turned 180°, 4 upside down mirrored,
 * 5 transposed, 6 turned 90° clockwise, 7 transverse, 8 turned 90°
 * anticlockwise (TIFF 6.0, tag 274). *dw, *dh get the new size. */
static unsigned char *orient(const unsigned char *px, int w, int h, int ch, int o, int *dw, int *dh)
{
	int swap = o >= 5, W = swap ? h : w, H = swap ? w : h, x, y, k;
	unsigned char *out = xmalloc((size_t)W * (size_t)H * (size_t)ch);

	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++) {
			int sx, sy;

			switch (o) {
			case 2: sx = w - 1 - x; sy = y; break;
			case 3: sx = w - 1 - x; sy = h - 1 - y; break;
			case 4: sx = x; sy = h - 1 - y; break;
			case 5: sx = y; sy = x; break;
			case 6: sx = y; sy = h - 1 - x; break;
			case 7: sx = w - 1 - y; sy = h - 1 - x; break;
			case 8: sx = w - 1 - y; sy = x; break;
			default: sx = x; sy = y; break;
			}
			for (k = 0; k < ch; k++)
				out[((size_t)y * W + x) * ch + k] = px[((size_t)sy * w + sx) * ch + k];
		}
	*dw = W;
	*dh = H;
	return out;
}

/* Resamples w × h × ch pixels to dw × dh (no larger): each new pixel is
 * the average of the old ones it covers, by whole pixels, so nothing
 * aliases and a text screenshot stays legible. */
static unsigned char *shrink(const unsigned char *px, int w, int h, int ch, int dw, int dh)
{
	unsigned char *out = xmalloc((size_t)dw * (size_t)dh * (size_t)ch);
	unsigned long *acc = xcalloc((size_t)dw * (size_t)ch, sizeof *acc);
	int *x0 = xmalloc(((size_t)dw + 1) * sizeof *x0);
	int x, y, k, row = 0;

	for (x = 0; x <= dw; x++)
		x0[x] = (int)((long long)x * w / dw);
	for (y = 0; y < dh; y++) {
		int y1 = (int)((long long)(y + 1) * h / dh), n;

		memset(acc, 0, (size_t)dw * (size_t)ch * sizeof *acc);
		for (n = 0; row < y1; row++, n++) {
			const unsigned char *r = px + (size_t)row * w * ch;
			for (x = 0; x < dw; x++)
				for (k = x0[x] * ch; k < x0[x + 1] * ch; k++)
					acc[(size_t)x * ch + k % ch] += r[k];
		}
		for (x = 0; x < dw; x++) {
			unsigned long cnt = (unsigned long)n * (unsigned long)(x0[x + 1] - x0[x]);
			for (k = 0; k < ch; k++)
				out[((size_t)y * dw + x) * ch + k] =
					(unsigned char)(cnt ? (acc[(size_t)x * ch + k] + cnt / 2) / cnt : 0);
		}
	}
	free(acc);
	free(x0);
	return out;
}

/* The size a picture of w × h pixels needs drawn at wp × hp pt and ppi:
 * the same shape, no larger than it is. */
static void fit_size(int w, int h, double wp, double hp, double ppi, int *dw, int *dh)
{
	double need_w = wp / 72.0 * ppi, need_h = hp / 72.0 * ppi;
	double s = need_w / w > need_h / h ? need_w / w : need_h / h;

	if (s >= 1) {
		*dw = w;
		*dh = h;
		return;
	}
	*dw = (int)(w * s + 0.999);
	*dh = (int)(h * s + 0.999);
	if (*dw < 1)
		*dw = 1;
	if (*dh < 1)
		*dh = 1;
}

static void fit_jpeg(struct image *img, double wp, double hp, double ppi)
{
	int tw, th, sw, sh, w, h, ch, o = img->orientation, dw, dh;
	unsigned char *px, *up;
	size_t len = 0;

	fit_size(img->width, img->height, wp, hp, ppi, &tw, &th);
	if (o <= 1 && tw == img->width && th == img->height)
		return;
	/* the decoder's reduction works on the picture as stored */
	sw = o >= 5 ? th : tw;
	sh = o >= 5 ? tw : th;
	px = jpeg_decode(img->jpeg, img->jpeg_len, sw, sh, &w, &h, &ch);
	if (!px)
		return;
	if (o > 1) {
		up = orient(px, w, h, ch, o, &dw, &dh);
		free(px);
		px = up;
		w = dw;
		h = dh;
	}
	if (w > tw || h > th) {
		up = shrink(px, w, h, ch, tw, th);
		free(px);
		px = up;
		w = tw;
		h = th;
	}
	up = jpeg_encode(px, w, h, ch, IMAGE_JPEG_QUALITY, &len);
	free(px);
	if (!up)
		return;
	if (len >= img->jpeg_len && o <= 1) {
		free(up);      /* no smaller: the photo as the phone took it */
		return;
	}
	free(img->jpeg);
	img->jpeg = up;
	img->jpeg_len = len;
	img->jpeg_channels = ch;
	img->width = w;
	img->height = h;
	img->orientation = 1;
}

void image_fit(struct image *img, double w_pt, double h_pt)
{
	double ppi = img->ppi_max > 0 ? img->ppi_max : 300;
	int tw, th;

	if (!img || w_pt <= 0 || h_pt <= 0 || img->width <= 0 || img->height <= 0)
		return;
	if (img->jpeg) {
		fit_jpeg(img, w_pt, h_pt, ppi);
		return;
	}
	fit_size(img->width, img->height, w_pt, h_pt, ppi, &tw, &th);
	if (!img->pixels || (tw == img->width && th == img->height))
		return;
	{
		unsigned char *px = shrink(img->pixels, img->width, img->height, img->channels, tw, th);
		free(img->pixels);
		img->pixels = px;
		if (img->alpha) {
			px = shrink(img->alpha, img->width, img->height, 1, tw, th);
			free(img->alpha);
			img->alpha = px;
		}
		img->width = tw;
		img->height = th;
	}
}

unsigned char *image_decode_jpeg(const struct image *img, int *channels, struct pos at)
{
	unsigned char *px, *up;
	int w, h, ch, dw, dh;

	if (!img || !img->jpeg)
		return NULL;
	px = jpeg_decode(img->jpeg, img->jpeg_len, 0, 0, &w, &h, &ch);
	if (px && img->orientation > 1) {
		up = orient(px, w, h, ch, img->orientation, &dw, &dh);
		free(px);
		px = up;
		w = dw;
		h = dh;
	}
	if (!px || w != img->width || h != img->height) {
		free(px);
		diag_error(at, "a picture is a damaged JPEG and cannot be drawn: save it again as JPEG or PNG");
		return NULL;
	}
	*channels = ch;
	return px;
}

/* Pictures, decoded by us (libpng under setjmp; JPEG header checked), so a
 * corrupt file is an error message, never a crash of the whole process. */
#ifndef PHAT_IMAGE_H
#define PHAT_IMAGE_H

#include <stddef.h>
#include "../util/diag.h"

#define IMAGE_MAX_PIXELS (40u * 1000u * 1000u) /* refuse larger pictures */

struct image {
	int width, height;       /* pixels */
	int channels;            /* PNG: 1 (grey) or 3 (RGB), 8 bits each */
	unsigned char *pixels;   /* PNG: width*height*channels bytes */
	unsigned char *alpha;    /* PNG: width*height bytes, or NULL when opaque */
	unsigned char *jpeg;     /* JPEG: the file's bytes (passed through), else NULL */
	size_t jpeg_len;
	int jpeg_channels;       /* JPEG: 1 or 3 (CMYK is refused) */
	double dpi;              /* from the file when given, else 0 */
	double ppi_max;          /* resampled to at most this as placed (0 = 300) */
	int orientation;         /* JPEG: EXIF 1–8 (width and height above are
				  * already the picture's as seen upright) */
};

/* Loads a PNG or JPEG (by content, not by name). at is where the picture is
 * named in the source, for messages. Returns NULL after diag_error. */
struct image *image_load(const char *path, struct pos at);
/* Decodes from memory; name is used in messages. */
struct image *image_load_mem(const unsigned char *p, size_t n, const char *name, struct pos at);
void image_free(struct image *img);
/* Pixels an inch the picture keeps at most where it is placed: 300 for
 * print, 150 on phone copies; 0 means 300. */
void image_set_ppi(struct image *img, double ppi);
/* The picture as it is drawn at its largest, w × h pt: turned upright (the
 * EXIF orientation a phone writes), resampled to at most img->ppi_max
 * pixels an inch (the average of the pixels each new one covers), a JPEG
 * re-encoded (quality IMAGE_JPEG_QUALITY) when that makes it smaller or it
 * had to be turned. A picture small enough already, or a JPEG whose data
 * cannot be decoded after all, is left as it is. */
#define IMAGE_JPEG_QUALITY 85
void image_fit(struct image *img, double w_pt, double h_pt);

/* A JPEG picture's pixels, decoded (libjpeg-turbo): width*height*channels
 * bytes, *channels 1 (grey) or 3 (RGB); caller frees. NULL after diag_error
 * at `at` when the data turn out damaged; out of memory exits 3. */
unsigned char *image_decode_jpeg(const struct image *img, int *channels, struct pos at);

#endif

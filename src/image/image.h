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

/* A JPEG picture's pixels, decoded (libjpeg-turbo): width*height*channels
 * bytes, *channels 1 (grey) or 3 (RGB); caller frees. NULL after diag_error
 * at `at` when the data turn out damaged; out of memory exits 3. */
unsigned char *image_decode_jpeg(const struct image *img, int *channels, struct pos at);

#endif

/* Pictures: PNG and JPEG bytes decoded in memory; a decoded picture must
 * hold the pixels it claims. */
#include "fuzz.h"
#include "image/image.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image *img;
	volatile unsigned char sum = 0;
	size_t i, n;

	diag_reset();
	img = image_load_mem(data, size, "fuzz.png", (struct pos){ "fuzz.md", 1, 1 });
	if (!img)
		return 0;
	if (img->width <= 0 || img->height <= 0 ||
	    (size_t)img->width * (size_t)img->height > IMAGE_MAX_PIXELS)
		abort();
	if (img->pixels) {
		/* touch every byte: ASan sees a short buffer */
		n = (size_t)img->width * img->height * img->channels;
		for (i = 0; i < n; i++)
			sum ^= img->pixels[i];
		if (img->alpha)
			for (i = 0; i < (size_t)img->width * img->height; i++)
				sum ^= img->alpha[i];
	} else if (!img->jpeg || img->jpeg_len == 0) {
		abort();
	}
	(void)sum;
	/* placed small: decoded, turned upright, resampled, re-encoded */
	image_fit(img, 24, 24.0 * img->height / img->width);
	if (img->width <= 0 || img->height <= 0 || (!img->pixels && (!img->jpeg || !img->jpeg_len)))
		abort();
	image_free(img);
	return 0;
}

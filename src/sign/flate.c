/* zlib, the only file that includes zlib.h. zlib allocates through our
 * wrappers, so running out of memory is "out of memory", exit 3. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "flate.h"

static voidpf flate_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return xcalloc(items, size);
}

static void flate_free(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

void flate_deflate(const void *in, size_t n, struct buf *out)
{
	z_stream z;
	unsigned char chunk[16384];
	int rc;

	memset(&z, 0, sizeof z);
	z.zalloc = flate_alloc;
	z.zfree = flate_free;
	if (deflateInit(&z, 9) != Z_OK) {
		fputs("phat: error: out of memory\n", stderr);
		exit(3);
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	do {
		/* zlib counts in uInt: feed very large inputs in slices */
		size_t left = n - (size_t)((const unsigned char *)z.next_in - (const unsigned char *)in);
		z.avail_in = left > 0x40000000 ? 0x40000000 : (uInt)left;
		do {
			z.next_out = chunk;
			z.avail_out = sizeof chunk;
			rc = deflate(&z, z.avail_in == left ? Z_FINISH : Z_NO_FLUSH);
			buf_add(out, chunk, sizeof chunk - z.avail_out);
		} while (z.avail_out == 0);
	} while (rc != Z_STREAM_END);
	deflateEnd(&z);
}

int flate_inflate(const void *in, size_t n, size_t max, struct buf *out)
{
	z_stream z;
	unsigned char chunk[16384];
	size_t got = 0;
	int rc, ret = -1;

	memset(&z, 0, sizeof z);
	z.zalloc = flate_alloc;
	z.zfree = flate_free;
	if (inflateInit(&z) != Z_OK)
		return -1;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = n > 0x40000000 ? 0x40000000 : (uInt)n;
	for (;;) {
		z.next_out = chunk;
		z.avail_out = sizeof chunk;
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			break;
		got += sizeof chunk - z.avail_out;
		if (got > max)
			break;
		buf_add(out, chunk, sizeof chunk - z.avail_out);
		if (rc == Z_STREAM_END) {
			ret = 0;
			break;
		}
		if (rc == Z_BUF_ERROR && z.avail_out != 0)
			break;   /* the input ended before the stream did */
	}
	inflateEnd(&z);
	return ret;
}

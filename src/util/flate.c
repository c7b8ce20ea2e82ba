/* libdeflate and zlib, the only file that includes libdeflate.h or zlib.h.
 * Both allocate through our wrappers where they let us, so running out of
 * memory is "out of memory", exit 3. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include <zlib.h>
#include "flate.h"

struct flate {
	struct libdeflate_compressor *c;
};

static voidpf flate_zalloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return xcalloc(items, size);
}

static void flate_zfree(voidpf opaque, voidpf p)
{
	(void)opaque;
	free(p);
}

struct flate *flate_new(int level)
{
	struct flate *z = xmalloc(sizeof *z);

	z->c = libdeflate_alloc_compressor(level < 1 ? 1 : level > 12 ? 12 : level);
	if (!z->c)
		oom();
	return z;
}

void flate_free(struct flate *z)
{
	if (!z)
		return;
	libdeflate_free_compressor(z->c);
	free(z);
}

void flate_deflate(struct flate *z, const void *in, size_t n, struct buf *out)
{
	/* libdeflate writes whole buffers: room for the worst case, then
	 * what it took */
	size_t bound = libdeflate_zlib_compress_bound(z->c, n), got;

	buf_reserve(out, bound);
	got = libdeflate_zlib_compress(z->c, in, n, out->data + out->len, bound);
	if (got == 0)   /* cannot happen with the bound's room */
		oom();
	out->len += got;
	out->data[out->len] = '\0';
}

int flate_inflate(const void *in, size_t n, size_t max, struct buf *out)
{
	z_stream z;
	unsigned char chunk[16384];
	size_t got = 0;
	int rc, ret = -1;

	memset(&z, 0, sizeof z);
	z.zalloc = flate_zalloc;
	z.zfree = flate_zfree;
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

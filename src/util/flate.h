/* The Flate filter of PDF streams (ISO 32000-1 §7.4.4), each library
 * behind this one file: libdeflate compresses (whole buffers, two to five
 * times fewer instructions than zlib for the same size), zlib inflates the
 * streams other tools write (the cross-reference streams a signature's
 * update reads), where the output's size is not known in advance. */
#ifndef PHAT_FLATE_H
#define PHAT_FLATE_H

#include <stddef.h>
#include "util.h"

/* A compressor at one level, kept for the streams of one document: its
 * tables are allocated once. */
struct flate;

/* A compressor at level 1 (fastest) to 12 (smallest; libdeflate's 6 is
 * about zlib's 9 in size). Out of memory: "out of memory", exit 3. Free
 * with flate_free. */
struct flate *flate_new(int level);
void flate_free(struct flate *z);
/* Appends the zlib stream (RFC 1950, what FlateDecode reads) of in[0..n)
 * to out. Out of memory: exit 3. */
void flate_deflate(struct flate *z, const void *in, size_t n, struct buf *out);
/* Appends what the zlib stream in[0..n) inflates to, at most max bytes.
 * 0, or -1 when the data is not a zlib stream or inflates past max (a
 * zip bomb). A stream cut short keeps what it gave (-1 as well). */
int flate_inflate(const void *in, size_t n, size_t max, struct buf *out);

#endif

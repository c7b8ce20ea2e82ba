/* zlib behind one file: the Flate filter of PDF streams (ISO 32000-1
 * §7.4.4), for the signature pictures and the cross-reference streams
 * other tools write. */
#ifndef PHAT_FLATE_H
#define PHAT_FLATE_H

#include <stddef.h>
#include "../util/util.h"

/* Appends the zlib stream of in[0..n) to out (level 9: the pictures are
 * small and written once). */
void flate_deflate(const void *in, size_t n, struct buf *out);
/* Appends what the zlib stream in[0..n) inflates to, at most max bytes.
 * 0, or -1 when the data is not a zlib stream or inflates past max (a
 * zip bomb). A stream cut short keeps what it gave (-1 as well). */
int flate_inflate(const void *in, size_t n, size_t max, struct buf *out);

#endif

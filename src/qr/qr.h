/* QR codes: libqrencode behind this one file; the rest of phat sees a
 * square matrix of modules. */
#ifndef PHAT_QR_H
#define PHAT_QR_H

#include "../util/diag.h"

struct qr {
	int width;               /* modules per side, without quiet zone */
	unsigned char *dark;     /* width*width bytes, 1 = dark module */
	char *text;              /* the encoded text */
};

/* Encodes text (level M, byte mode, case kept; ECI 26 for non-ASCII).
 * Empty or too long text is a content error at `at`; returns NULL then. */
struct qr *qr_make(const char *text, struct pos at);
void qr_free(struct qr *q);

/* Calls fn for each horizontal run of dark modules, row by row: row r,
 * columns [c0, c1). Back ends draw a code as these runs, filled in one
 * path, so no seam shows between neighbouring modules. Returns the number
 * of runs. */
int qr_runs(const struct qr *q, void (*fn)(int r, int c0, int c1, void *ctx), void *ctx);

#endif

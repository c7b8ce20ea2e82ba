/* One visible PAdES signature as an incremental update (ETSI EN 319 142-1,
 * ISO 32000-1 §12.8): the picture as an image XObject with its soft mask,
 * the appearance form, the signature dictionary with a reserved /Contents
 * and a fixed-width /ByteRange, and the new version of the field (the
 * widget). The CMS is filled in afterwards, into the reserved bytes only. */
#ifndef PHAT_PADES_H
#define PHAT_PADES_H

#include <stddef.h>
#include <time.h>
#include "tail.h"
#include "../font/font.h"
#include "../image/image.h"
#include "../util/util.h"

/* A prepared file: everything written but the CMS, which goes into
 * pdf[gap_start + 1 .. gap_end - 1) as hex. digest is the SHA-256 of the
 * bytes the /ByteRange covers. */
struct pades_prep {
	struct buf pdf;
	size_t gap_start, gap_end;
	unsigned char digest[32];
};

/* How a signature shows: a picture (with alpha) filling its rectangle,
 * or lines of text (the separate appendix's số và ký hiệu and time) set
 * right-aligned in the serif face at PADES_TEXT_SIZE pt, black, with an
 * embedded subset of the font. */
#define PADES_TEXT_SIZE 10.0
#define PADES_TEXT_LEADING 12.0
struct pades_look {
	const struct image *img;
	struct fontset *fs;       /* for the text */
	const char *lines[2];     /* UTF-8, NULL when unused */
};

/* The size (points) the text lines of look take: width of the longest,
 * height from the first line's ascent to the last one's descent. */
void pades_text_size(const struct pades_look *look, double *w, double *h);

/* Writes the update for field f of t (which borrows the bytes it was
 * opened on), or, when f is NULL, for a new field named new_name on the
 * page object new_page (with the AcroForm made or extended to list it):
 * look drawn in rect (PDF points, x1 y1 x2 y2), /M from when in Vietnam
 * time (+07:00), room bytes reserved for the CMS. 0, or -1 after
 * diag_error naming name. */
int pades_prepare(struct tail *t, const struct tail_field *f, const char *new_name, long new_page,
		  const struct pades_look *look, const double rect[4], time_t when, size_t room, const char *name,
		  struct pades_prep *out);
/* Writes the CMS into the reserved bytes. 0, or -1 when it does not fit. */
int pades_fill(struct pades_prep *p, const unsigned char *cms, size_t n);
/* Finds the gap and recomputes the digest of a prepared file read back
 * (the remote flow's second step). 0 or -1. */
int pades_reopen(struct pades_prep *p);
void pades_prep_fini(struct pades_prep *p);

/* "D:20250105093015+07'00'" for when (the /M of ISO 32000-1 §7.9.4). */
#define PADES_DATE_MAX 80
void pades_date(time_t when, char out[PADES_DATE_MAX]);
/* "2025-01-05T09:30:15+07:00" for when (ISO 8601, Vietnam time): the
 * separate appendix's signing time, the same instant as /M. */
void pades_iso_date(time_t when, char out[PADES_DATE_MAX]);

#endif

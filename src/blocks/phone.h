/* The phone copy of a leaflet or poster, for reading in a Zalo chat: the
 * same content on 90 × 160 mm pages in type a phone shows at a readable
 * size, with the issuer on top, the contact block at the end, and every QR
 * code paired with a line to tap (the reader holds the phone the code is
 * on, so "quét mã" said of that code, next to it, becomes "bấm vào đường
 * dẫn"; elsewhere the words stay as written). */
#ifndef PHAT_PHONE_H
#define PHAT_PHONE_H

#include "body.h"

/* One stretch of the document: the blocks [first, stop), then extra (a
 * node laid after them, e.g. a leaflet cover's QR code) when not NULL. */
struct phone_part {
	const struct node *first, *stop;
	const struct node *extra;
};

/* Lays the parts, in order, as one flow on phone pages (panel_phone_style),
 * after the issuer band and, when headline is set, that heading as the
 * headline (PHONE_HEADLINE up to 28 pt, at most five lines); a part whose
 * first node is the headline skips it. Pages that end early have their
 * gaps stretched (no page more than a third empty when it can be helped).
 * env gives the document, measure and figures (its ld and st are not
 * used). Returns the new document (title and author set), or NULL after
 * diag_error. */
struct layout_doc *phone_copy(const struct body_env *env, const struct node *headline,
			      const struct phone_part *parts, size_t n, unsigned accent);

/* The line to tap under a QR code of url on a phone ("Bấm vào đây để vào
 * nhóm Zalo"), or NULL when url is nothing a phone opens (plain text). */
const char *phone_tap_words(const char *url);

#endif

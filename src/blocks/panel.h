/* Panels: a run of Markdown blocks laid into one fixed frame (a leaflet
 * panel, a poster's body, a phone page), shrinking the text step by step
 * down to a floor before giving up with a message that says by how much
 * it is too long. Shared by leaflets and posters. */
#ifndef PHAT_PANEL_H
#define PHAT_PANEL_H

#include "body.h"
#include "outputs.h"

/* A body style for printed matter at text size `size`: sans, ragged
 * right, hanging lists, headings in the accent colour. */
void panel_style(struct body_style *st, double size, double width, unsigned accent,
		 double qr_module, double qr_side);

/* Lays [first, stop) into f so that it fits height h, trying sizes from
 * start down to floor by 0.5 pt. name ("panel 3") and at are for the
 * message when it does not fit. Returns the size used, or -1 after
 * diag_error (f is then empty). */
double panel_fit(struct flow *f, const struct node *first, const struct node *stop,
		 const struct body_env *env, const struct body_style *proto, double h,
		 double start, double floor, const char *name, struct pos at);

/* The phone copy for Zalo: 90 × 160 mm pages (a 9:16 screen) and a 12 pt
 * body style in their frame, QR modules of 0.5 mm. */
#define PHONE_TEXT 12.0
void panel_phone_style(struct page_style *ps, struct body_style *st, unsigned accent);

/* The accent colour from "mau:" (#RRGGBB or a name: xanh, do, xanh-la, den);
 * default dark blue. A colour too light to read once printed in grey
 * (contrast under 4.5 : 1 against white paper) is an error. -1 on error. */
long panel_colour(const struct doc *d);

/* WCAG contrast of a colour against white after conversion to grey. */
double panel_grey_contrast(unsigned rgb);

/* "true"/"false" keys ("dien_thoai: true"). */
int panel_bool(const struct doc *d, const char *key, int dflt);

/* A fold or cut mark: a thin grey vertical line segment. */
void panel_mark_v(struct page *pg, double x, double y, double len);
void panel_mark_h(struct page *pg, double x, double y, double len);

#endif

/* Panels: a run of Markdown blocks laid into one fixed frame (a leaflet
 * panel, a poster's body, a phone page). Text shrinks step by step down to
 * a floor when it is too long (else a message says by how much); when it
 * is short, the space between blocks grows, then the text, so the frame
 * looks filled. Shared by leaflets and posters, with the parts they share:
 * headline, issuer band, contact block, fold and cut marks, colours. */
#ifndef PHAT_PANEL_H
#define PHAT_PANEL_H

#include "body.h"
#include "outputs.h"

/* The fill rule: a frame's content ends no higher than two thirds down it
 * (no more than a third left empty). Aimed at 70 % of the lines' height,
 * so the last glyphs, which end above their line's foot, pass 2/3. */
#define PANEL_FILL_MIN 0.7
/* Text grows (up to its limit) while spreading alone would end it higher
 * than this share of the frame. */
#define PANEL_FILL_GOAL 0.8
/* A gap between blocks grows to at most this many times its own size. */
#define PANEL_GAP_MAX 2.5

/* Where printers print: office laser printers leave about 5 mm at each
 * edge of the sheet white, so marks and bands stay inside it. */
#define PANEL_UNPRINTABLE MM(5)

/* A body style for printed matter at text size `size`: sans, ragged
 * right, hanging lists, headings in the accent colour (level 2 at 18/14 of
 * the text: 18 pt headings over 14 pt text). */
void panel_style(struct body_style *st, double size, double width, unsigned accent,
		 double qr_module, double qr_side);

/* What panel_fit lays and how far it may shrink or grow it. */
struct panel_fit {
	const struct node *first, *stop;  /* the blocks [first, stop) ... */
	/* ... or, when lay is set, whatever it adds to f in env's style; it
	 * returns the errors it reported and may set *anchor to the index of
	 * a block that goes to the foot of the frame (a contact block) */
	int (*lay)(struct flow *f, const struct body_env *env, void *ctx, size_t *anchor);
	void *ctx;
	double start;      /* text size tried first, pt */
	double floor;      /* the smallest size when shrinking to fit */
	double grow;       /* the largest size when the content is short (start: never grows) */
	double grow_max;   /* ... and when it has so little that it would fill less
			    * than PANEL_FILL_MIN even so (0: grow) */
	const char *name;  /* "panel 3", for the message */
	struct pos at;     /* where that panel starts */
};

/* Lays o's content into f (emptied first) to fit height h (pt) in the
 * style proto scaled to each size tried (its QR side scaled too when
 * growing). Too long: sizes from start down to floor by 0.5 pt, and an
 * error naming the panel and how many mm too long it is at the floor.
 * Short: the gaps between blocks grow (each to at most PANEL_GAP_MAX times
 * its own) towards the frame's foot; when that would end the content above
 * PANEL_FILL_GOAL, the text grows by 0.5 pt up to o->grow first, and above
 * PANEL_FILL_MIN up to o->grow_max. When even that is not enough the gaps
 * grow past their limit as far as the fill rule needs. A block marked as anchor takes what
 * spreading leaves over, so it sits at the foot. Returns the size used, or
 * -1 after diag_error (f is then empty). */
double panel_fit(struct flow *f, const struct body_env *env, const struct body_style *proto,
		 double h, const struct panel_fit *o);

/* The headline h (a heading node) as one centred or left-aligned para at
 * the largest whole size from max down to min at which it takes at most
 * max_lines lines, none wider than w. Too long at min: an error at the
 * heading naming the words that do not fit. Returns the size, or -1. */
double panel_headline(struct flow *f, const struct measure *m, const struct node *h, double w,
		      double max, double min, int max_lines, enum align align, unsigned accent,
		      const struct figures *fig);

/* The issuer band: the issuing body ("co_quan", e.g. "Ủy ban nhân dân xã
 * Tân Thành") in capitals, white bold at size pt on the accent colour,
 * centred on as many lines as it takes, as a fixed block of width w.
 * Returns the block, or NULL when the document has no co_quan. */
struct block *panel_issuer(struct flow *f, const struct doc *d, const struct measure *m, double w,
			   double size, unsigned accent);

/* The contact block from "lien_he:" (phat.yaml or the document): office
 * (bo_phan), address (dia_chi), phone numbers (so_dien_thoai: one or a
 * list; the number in each becomes a tel: link) and opening hours
 * (gio_lam_viec), all optional, as a fixed block of width w under the
 * heading "Liên hệ" on a light tint of the accent. Returns the block, NULL
 * when there is nothing to say, or NULL with *errs raised after an error
 * (an unknown key, a key that is not text). */
struct block *panel_contact(struct flow *f, const struct doc *d, const struct measure *m, double w,
			    double size, enum align align, unsigned accent, int *errs);

/* The keys "lien_he:" accepts (README). */
extern const char *const panel_contact_keys[];

/* The phone copy for Zalo: 90 × 160 mm pages (a 9:16 screen) with text of
 * 16 pt in their 80 mm frame (about 11 pt once the page fills a phone's
 * 65 mm wide screen; captions and the issuer band 15 pt), headlines 22 pt
 * and more, QR modules of 0.5 mm. */
#define PHONE_TEXT 16.0
#define PHONE_HEADLINE 22.0
void panel_phone_style(struct page_style *ps, struct body_style *st, unsigned accent);

/* The accent colour from "mau:" (#RRGGBB or a name: xanh, do, xanh-la, den);
 * default dark blue. A colour too light to read once printed in grey
 * (contrast under 4.5 : 1 against white paper) is an error. -1 on error. */
long panel_colour(const struct doc *d);

/* WCAG contrast of a colour against white after conversion to grey. */
double panel_grey_contrast(unsigned rgb);

/* "true"/"false" keys ("dien_thoai: true"). */
int panel_bool(const struct doc *d, const char *key, int dflt);

/* A fold or cut mark: a thin grey tick of length len from (x, y), down
 * (v) or to the right (h). */
void panel_mark_v(struct page *pg, double x, double y, double len);
void panel_mark_h(struct page *pg, double x, double y, double len);
/* Fold or cut marks for a line at x across a sheet of height sheet_h:
 * ticks from 6 to 9 mm in from the top and bottom edges, inside the part
 * printers print (PANEL_UNPRINTABLE) and outside text that starts 10 mm in. */
void panel_marks_at(struct page *pg, double x, double sheet_h);

#endif

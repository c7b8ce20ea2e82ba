/* The shared arranger of a Markdown body: model nodes in, flow blocks out.
 * Every kind calls it with its own style (sizes, indents, list form), so
 * headings, paragraphs, lists, pictures and QR codes look alike everywhere. */
#ifndef PHAT_BODY_H
#define PHAT_BODY_H

#include "../layout/layout.h"
#include "../model/doc.h"

enum list_form {
	LIST_DECREE,   /* "1. text" as an ordinary indented paragraph (Nghị định 30) */
	LIST_HANGING   /* marker in the margin, text aligned after it (leaflets) */
};

/* How links show: on paper the address follows the link's words; on a
 * phone copy the words are the link, blue and underlined, and telephone
 * numbers become links too. */
enum link_form { LINKS_PRINT, LINKS_PHONE };

struct body_style {
	enum face face;          /* base face: FACE_SERIF or FACE_SANS */
	double size;             /* body text, pt */
	double leading;          /* baseline to baseline, pt */
	double space;            /* before each paragraph, pt */
	double first_indent;     /* first-line indent, pt */
	enum align align;
	double width;            /* column width, pt */
	enum list_form lists;
	double heading_size[6];  /* by level; 0 = body size */
	enum align heading_align;
	unsigned accent;         /* colour of headings and step numbers (0 black) */
	double qr_side;          /* smallest QR side, pt (quiet zone included) */
	double qr_module;        /* smallest module size, pt */
	double picture_max_h;    /* pt */
	double picture_ppi;      /* pictures are resampled to at most this many
				  * pixels an inch as placed; 0 = 300 (print) */
	enum link_form links;
	double table_size;       /* text of tables, pt; 0 = size - 1 */
	double table_floor;      /* a wide table shrinks down to this; 0 = 3 pt less */
};

struct figures;

/* Zero it before filling: fields added later default to "none". */
struct body_env {
	const struct doc *d;
	const struct measure *m;
	struct layout_doc *ld;   /* owns the pictures and QR codes */
	const struct body_style *st;
	const struct figures *fig; /* {{figures}} in text (src/model/figures.h), or NULL:
				    * an unknown or impossible name is reported at its
				    * place and counted in the errors returned */
	const char *const *nobreak; /* names never split across lines; NULL: the
				     * document's "khong_ngat_dong:" (body_layout fills it) */
	/* filled by body_layout, NULL before: the body's last node; the text
	 * that ends with the "./." a clerk typed before the pictures closing
	 * the body, and the last of those pictures, whose caption takes it */
	const struct node *end_last, *end_text, *end_fig;
};

/* Most names a document may keep from splitting ("khong_ngat_dong:"). */
#define BODY_NOBREAK_MAX 64

/* Appends the blocks of every child of root (a NODE_DOCUMENT) to f,
 * skipping the nodes for which skip returns 1 (may be NULL).
 * Returns the number of errors reported (missing glyphs, pictures, QR). */
int body_layout(struct flow *f, const struct node *root, const struct body_env *env,
		int (*skip)(const struct node *n));

/* The same for the siblings from first up to (not including) stop. */
int body_layout_nodes(struct flow *f, const struct node *first, const struct node *stop,
		      const struct body_env *env);

/* Adds the inline content of n to p in style (face from base + bold/italic),
 * with {{figures}} from fig when not NULL. Returns the errors reported. */
int body_inlines(struct para *p, const struct node *n, enum face base, double size,
		 unsigned rgb, const struct figures *fig);

/* A QR code or picture with its caption as one fixed block, centred in a
 * column of width w. Returns the block, or NULL after diag_error. */
struct block *body_figure(struct flow *f, const struct node *fig, const struct body_env *env,
			  double w);

/* The text of a node on one line (titles, bookmarks); caller frees. */
char *node_squash(const struct node *n);
/* A heading as one line of text with its {{figures}} filled in from fig
 * (may be NULL), for titles and bookmarks; a figure that cannot be filled
 * stays as written (the body reports it). Caller frees. */
char *body_title(const struct node *h, const struct figures *fig);

/* Shared Roman numerals for appendices and list levels ("IV"). */
const char *roman(int n, char *buf16);

#endif

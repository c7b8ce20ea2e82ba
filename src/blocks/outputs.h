/* What every building block and kind shares: the environment a document
 * is laid out in (measure, the defaults of phat.yaml, the options) and the
 * list of files it produces. */
#ifndef PHAT_OUTPUTS_H
#define PHAT_OUTPUTS_H

#include "../model/doc.h"
#include "../layout/box.h"
#include "../layout/measure.h"

struct kind_env {
	const struct measure *m;
	const struct meta *defaults;   /* content/phat.yaml, or NULL */
	int phone;                     /* --phone: also make the phone copy */
	const char *tile;              /* --tile a4: also make the tiled poster, or NULL */
};

/* One file a document produces. Most produce one PDF; a poster may add
 * its A4 tiles, a leaflet its phone copy, a per-hamlet document one file
 * per hamlet, a loudspeaker script a .txt beside its PDF.
 * The file is named <dir/><stem><suffix><ext> in the output folder, where
 * stem is the source file's name without ".md". */
struct output {
	char *dir;                     /* sub-folder ("loa/") or "" */
	char *suffix;                  /* "" for the main file, "-ghep-a4", "-dien-thoai" … */
	char *ext;                     /* ".pdf" or ".txt" */
	int ascii_name;                /* the whole name folded to ASCII (phone copies) */
	struct layout_doc *ld;         /* a PDF, or NULL */
	const struct layout_doc *png;  /* a PNG image of page png_page of this
					* document (owned by another output), or NULL */
	size_t png_page;
	int png_width;                 /* pixels */
	char *text;                    /* a text file, or NULL */
};

/* The outputs of one document, given to the caller as they are made: a
 * report with one file per hamlet is written hamlet by hamlet, never held
 * whole. */
struct outputs {
	struct output *v;              /* made but not yet handed on */
	size_t n;
	/* Where outputs go (src/build): when set, outputs_flush hands the
	 * outputs of a part to it at once (they may share pictures and QR
	 * codes); emit takes them over, leaving each entry of v zeroed. Left
	 * NULL (phat dump), they stay in v. */
	void (*emit)(struct outputs *o, void *ctx);
	void *emit_ctx;
	size_t units, units_total;     /* parts of the document (hamlets) laid out, and all */
	size_t units_failed;           /* parts whose layout failed */
};

/* Takes ownership of ld. */
struct output *outputs_add_pdf(struct outputs *o, const char *dir, const char *suffix,
			       struct layout_doc *ld);
/* Takes ownership of text. */
struct output *outputs_add_text(struct outputs *o, const char *dir, const char *suffix,
				char *text);
/* The phone copy ph (taken): NAME<suffix>-dien-thoai.pdf, and each of its
 * pages as NAME<suffix>-dien-thoai-N.png, PHONE_PNG_WIDTH pixels wide (a
 * phone's full-HD width: Zalo shows it without scaling up), for the chat;
 * all named in ASCII. */
#define PHONE_PNG_WIDTH 1080
void outputs_add_phone(struct outputs *o, const char *suffix, struct layout_doc *ph);
void outputs_free(struct outputs *o);
/* Frees what one output holds and zeroes it. */
void output_clear(struct output *x);

/* Hands the outputs made so far to o->emit; does nothing without emit.
 * Called when a part of the document (a hamlet, or the whole) is laid out. */
void outputs_flush(struct outputs *o);
/* Frees the outputs made since the first `from` (a part whose layout
 * failed: none of its files is written). */
void outputs_drop(struct outputs *o, size_t from);

/* Warns (at source) about text that should never reach a page as it is:
 * a "{{figure}}" left unfilled (in the text, the PDF's title or subject)
 * and, when markdown is set (the reader has not said so at its place
 * already), Markdown syntax printed as text ("![", "](", "|---"). Returns
 * the number of warnings. */
int outputs_check_text(const struct outputs *o, const char *source, int markdown);

#endif

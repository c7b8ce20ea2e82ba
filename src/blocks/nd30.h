/* Shared parts of the Nghị định 30/2020 documents (công văn, báo cáo):
 * header, number and date, recipients, closing block, page numbers,
 * appendices. A kind module fills a struct nd30 and calls these. */
#ifndef PHAT_ND30_H
#define PHAT_ND30_H

#include "outputs.h"
#include "body.h"
#include "../layout/layout.h"

/* Page geometry: margins inside the decree's ranges (top/bottom 20–25,
 * left 30–35, right 15–20 mm), wide enough for the 68 + 95 mm header. */
#define PAGE_W   MM(210)
#define PAGE_H   MM(297)
#define M_TOP    MM(20)
#define M_BOTTOM MM(20)
#define M_LEFT   MM(30)
#define M_RIGHT  MM(15)
#define TEXT_W   (PAGE_W - M_LEFT - M_RIGHT)
#define HEAD_LW  MM(68)          /* left header column */
#define HEAD_RW  MM(95)          /* right header column */
#define HEAD_RX  (PAGE_W - M_RIGHT - HEAD_RW)
#define KG_INDENT MM(35)         /* "Kính gửi:" from the left margin (model) */
#define SIGN_LW  MM(62)          /* "Nơi nhận" column */
#define SIGN_RW  MM(100)         /* signer column */
#define BODY_SIZE 14.0
#define NBSP "\xC2\xA0"
#define BLANK NBSP NBSP NBSP NBSP NBSP NBSP   /* a number left blank in a draft */

struct nd30 {
	const struct doc *d;
	const struct measure *m;
	struct layout_doc *ld;
	const char *title;         /* "Công văn", "Báo cáo": in "(Kèm theo … số …)" */
	const char *noun;          /* "dispatch", "report": in messages */
	char so[96];               /* "05/UBND-VP" or blank + "/UBND-VP" */
	char date[160];            /* "ngày 05 tháng 01 năm 2025" */
	char iso_date[16];         /* "2025-01-05", or "" when not a whole date */
	int numbered;              /* so: is given (not a draft's blank) */
	char *place_date;          /* "Tân Thành, ngày …" */
	const char *agency;        /* normal case, for "của …" (Phụ lục II) */
	char *agency_own;          /* agency, when phat made it from capitals */
	char *subject;             /* the trích yếu, without a "V/v" the clerk typed */
	const struct figures *fig; /* {{figures}} in body and appendices, or NULL */
	int errors;
};

/* Reads co_quan, so, ky_hieu and ngay into x. 0, or -1 after errors. */
int nd30_init(struct nd30 *x, const struct doc *d, const struct measure *m, const char *title,
	      const char *noun);
/* Frees what nd30_init and the others allocated (not x->ld). */
void nd30_fini(struct nd30 *x);

/* The scalar under key, or NULL after an error that says what to write. */
const char *nd30_need_str(struct nd30 *x, const char *key, const char *hint);
int nd30_date(struct nd30 *x);
int nd30_number(struct nd30 *x);

/* Header on page 1; with_vv puts "V/v <trich_yeu>" under Số (công văn).
 * Returns the bottom of the header. */
double nd30_header(struct nd30 *x, struct page *pg, int with_vv);
/* One line of text in a column (wrapping): returns the bottom; x0 and x1 get
 * the extent of the widest line when non-NULL. */
double nd30_put_text(struct nd30 *x, struct page *pg, const char *text, enum face f, double size,
		     enum align al, double left, double w, double y_top, double *x0, double *x1);
void nd30_put_centred(struct page *pg, const struct measure *m, const char *text, enum face f,
		      double size, double x, double w, double baseline);
/* "Kính gửi:" with one or several recipients, as flow blocks. */
void nd30_recipients(struct nd30 *x, struct flow *f);
/* "Nơi nhận" and the signer, as one fixed block. */
void nd30_closing(struct nd30 *x, struct flow *f);
/* Page numbers from page 2, centred in the top margin (ctx: the measure). */
void nd30_decorate(struct page *pg, int number, void *ctx);
void nd30_body_style(struct body_style *st);
void nd30_page_style(struct page_style *ps, const struct measure *m);
int nd30_is_first_heading(const struct node *n);
void nd30_label_pages(struct layout_doc *ld, size_t from, const char *prefix);
/* An appendix on its own (phat render of an appendix file): its pages as
 * they will print, the "Kèm theo" line with the number and date blank and
 * the agency of phat.yaml (co_quan) when known. Returns 0, or -1 after
 * errors. */
int nd30_appendix_preview(const struct doc *d, const struct kind_env *env, struct outputs *outs);
/* Every appendix named by "phu_luc:", each on new pages. */
void nd30_appendices(struct nd30 *x, const struct kind_env *env, const struct page_style *ps);
/* The end every Nghị định 30 document shares: keeps the last body block
 * with the closing block (Nơi nhận, signer), pours the flow onto the pages
 * after the header (which ends at head_bottom), sets the metadata (title
 * "<prefix> <trich_yeu>"), lays out the appendices and hands x->ld to outs
 * under suffix. Returns 0, or -1 after errors (x->ld is then still x's). */
int nd30_finish(struct nd30 *x, struct flow *f, const struct kind_env *env, double head_bottom,
		const char *prefix, const char *suffix, struct outputs *outs);

/* Rules under text (the Tiêu ngữ's, a trích yếu's, the "Kèm theo" line's)
 * sit this far below the text's descenders: the models measure 2.6 mm. */
#define ND30_RULE_GAP MM(2.5)
/* How far the bottom of a line's box (leading pt tall, one face and size)
 * is below its descenders, in pt. */
double nd30_line_below(const struct measure *m, enum face f, double size, double leading);
/* A short centred rule under the centred lines of block above (the
 * "Kèm theo" line, a report's trích yếu): fraction of their widest line,
 * ND30_RULE_GAP below the descenders of the last line, in a fixed block
 * kept with what follows, ending after pt below the rule. */
void nd30_short_rule(struct flow *f, const struct block *above, double fraction, double after);

/* Title, subject, author and the first bookmark of the document. */
void nd30_metadata(struct nd30 *x, const char *what);

#endif

/* Figures inside any document: "{{tong.ty_le}}" in the Markdown (or in a
 * front-matter value) is replaced by the number from the statistics, so a
 * poster or a loudspeaker script says the same as the report; and text
 * between "{{#dat}}" and "{{/dat}}" shows only when the condition holds
 * ("{{^dat}} … {{/dat}}" only when it does not).
 *
 * Names (values formatted the Vietnamese way: 1.234 and 38,5); <ct> is an
 * indicator's key (campaign.h: chu_ky_so, dinh_danh_muc_2, …), <cot> a
 * column's key, <dv> the unit's key (xom, thon, to_dan_pho, …; "xom" and
 * "don_vi" always work):
 *   {{tong.<ct>.ty_le}}     rate of the commune, "38,5"
 *   {{tong.<ct>.co}}        count (the numerator), "1.234"
 *   {{tong.<ct>.tong_so}}   the whole (the denominator)
 *   {{tong.<ct>.con_thieu}} still needed to reach the target
 *   {{tong.<ct>.thay_doi}}  change since the previous month in percentage
 *                           points, "+2,5"
 *   {{tong.<ct>.so_dat}}    units that reached the target
 *   {{tong.<ct>.dat}}       "đạt" or "chưa đạt"
 *   {{<dv>.<ct>.…}}         the same for the current unit (moi_xom: true)
 *   {{<ct>.ten}} {{<ct>.muc_tieu}} {{<ct>.dat}} name (as spoken in a
 *                           loudspeaker script), target, reached (the
 *                           current unit, else the commune)
 *   {{tong.<cot>}} {{<dv>.<cot>}} a column's sum, a unit's cell
 *   {{<dv>.ten}} {{don_vi}} {{tong.so_xom}} {{tong.so_don_vi}}
 *   {{muc_tieu}} {{thang}} {{nam}} {{thang_nam}}
 *   {{zalo}} {{lien_ket}} {{co_quan}} … any setting of one line of text
 *                           (phat.yaml or the front matter), as written
 * Without <ct> the first indicator is meant: {{tong.ty_le}}, {{tong.co}}
 * ({{tong.co_cks}}), {{tong.tong_so}} ({{tong.dan_so}}), {{tong.so_dat}}
 * ({{tong.so_xom_dat}}), {{dat}}, {{xom.ty_le}} … as before campaigns.
 * A rate, a change or a target is written "38,5%": a space the text puts
 * between the figure and "%" is dropped (the decree's examples write
 * "50%").
 *
 * Sections: {{#name}} … {{/name}} shows its text when name is true: "dat"
 * forms reached, a number non-zero, a text non-empty; {{^name}} … {{/name}}
 * when it is false. Sections nest and may span paragraphs, list items and
 * headings (figures_filter); a section never closed, closed twice or
 * misspelt is an error at its "{{". Spaces inside the braces are allowed:
 * "{{ tong.ty_le }}". */
#ifndef PHAT_FIGURES_H
#define PHAT_FIGURES_H

#include "../util/diag.h"
#include "node.h"
#include "meta.h"
#include "stats.h"

#define FIGURES_MAX_DEPTH 16   /* sections inside sections */

struct figures {
	const struct stats *s;    /* computed (stats_compute done); NULL when the
	                           * document has no so_lieu: figures are errors */
	long current;             /* row of s for {{xom.*}}; -1 when none */
	int spoken;               /* names as read aloud (loudspeaker scripts) */
	const struct meta *settings; /* the document's settings: {{zalo}}, {{lien_ket}},
	                           * {{co_quan}} … are their values; or NULL */
	const struct campaign *c; /* names are checked against this campaign when s
	                           * is NULL (phat.yaml's chien_dich:, so {{thon.ten}}
	                           * "needs statistics" where the units are thôn);
	                           * NULL: the default campaign. Borrowed */
};

/* No statistics, no current unit, names as printed. */
void figures_init(struct figures *f, const struct stats *s);
/* Selects the unit of row i for {{xom.*}} (a kind with moi_xom: true
 * calls this once per output); -1 clears it. */
void figures_set_hamlet(struct figures *f, long i);

/* Returns 1 when text holds "{{", so callers can skip the copy. */
int figures_present(const char *text);

/* Returns a new string (caller frees) with every {{name}} replaced and
 * every section resolved, or NULL after diag_error. at is the position of
 * text[0]; lines and columns (characters) are counted through text so each
 * message points at its "{{". Every problem in text is reported, not only
 * the first. f may be NULL (no statistics). */
char *figures_expand(const char *text, const struct figures *f, struct pos at);

/* Resolves the sections of a document tree in place: what a false section
 * holds is removed (text, pictures, whole paragraphs, items, headings), the
 * tags themselves too, and a block left empty disappears. Figures outside
 * sections stay for figures_expand. Adjacent text nodes are joined first
 * (cmark cuts "{{#xom.dat}}" at the "_"). Returns the number of errors
 * reported (unclosed, unopened or misspelt sections, at their "{{"). */
int figures_filter(struct node *root, const struct figures *f);

/* Returns 1 when the tree holds a section tag ("{{#", "{{^" or "{{/"), so
 * callers can skip copying it. */
int figures_has_sections(const struct node *root);

#endif

/* Figures inside any document: "{{tong.ty_le}}" in the Markdown (or in a
 * front-matter value) is replaced by the number from the statistics, so a
 * poster or a loudspeaker script says the same as the report.
 *
 * Names (values formatted the Vietnamese way: 1.234 and 38,5):
 *   {{tong.ty_le}}      rate of the commune, "38,5" (write the "%" yourself)
 *   {{tong.co_cks}}     signatures in the commune, "1.234"
 *   {{tong.dan_so}}     adults in the commune
 *   {{tong.con_thieu}}  signatures still needed to reach the target
 *   {{tong.thay_doi}}   change of the rate since the previous month, "+2,5"
 *   {{tong.so_xom}}     number of hamlets
 *   {{tong.so_xom_dat}} number of hamlets that reached the target
 *   {{muc_tieu}}        the target, "50"
 *   {{thang}} {{nam}}   month "2" and year "2025" of the data file
 *   {{thang_nam}}       "02/2025"
 * and for the current hamlet (documents with moi_xom: true):
 *   {{xom.ten}} {{xom.ty_le}} {{xom.co_cks}} {{xom.dan_so}}
 *   {{xom.con_thieu}} {{xom.thay_doi}}
 * Spaces inside the braces are allowed: "{{ tong.ty_le }}". */
#ifndef PHAT_FIGURES_H
#define PHAT_FIGURES_H

#include "../util/diag.h"
#include "stats.h"

struct figures {
	const struct stats *s;    /* computed (stats_compute done); NULL when the
	                           * document has no so_lieu: figures are errors */
	long current;             /* row of s for {{xom.*}}; -1 when none */
};

/* No statistics, no current hamlet. */
void figures_init(struct figures *f, const struct stats *s);
/* Selects the hamlet of row i for {{xom.*}} (a kind with moi_xom: true
 * calls this once per output); -1 clears it. */
void figures_set_hamlet(struct figures *f, long i);

/* Returns 1 when text holds "{{", so callers can skip the copy. */
int figures_present(const char *text);

/* Returns a new string (caller frees) with every {{name}} replaced, or NULL
 * after diag_error. at is the position of text[0]; lines and columns
 * (characters) are counted through text so each message points at its
 * "{{". Every problem in text is reported, not only the first. f may be
 * NULL (no statistics). */
char *figures_expand(const char *text, const struct figures *f, struct pos at);

/* The known names, NULL-terminated (for help and "did you mean"). */
extern const char *const figures_names[];

#endif

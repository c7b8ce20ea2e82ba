/* Statistics for any document kind: reading the front matter's so_lieu,
 * so_lieu_truoc, muc_tieu and chien_dich (the campaign), figures and
 * sections in front-matter values and bodies, and "moi_xom: true" (one
 * output per unit, "-xom-dong-ca", "-thon-ban-lanh"). The report
 * (baocao.c) uses all of it; posters and loudspeaker scripts can call the
 * same functions so every document says the same numbers. */
#ifndef PHAT_HAMLETS_H
#define PHAT_HAMLETS_H

#include "outputs.h"
#include "../model/figures.h"

/* Front-matter keys a kind with figures accepts (add them to its keys). */
#define KIND_STATS_KEYS "so_lieu", "so_lieu_truoc", "muc_tieu", "moi_xom", "chien_dich"

/* Reads the document's campaign (chien_dich: in the document or
 * phat.yaml, a map or a YAML file; the digital-signature campaign when
 * none), so_lieu (the month's CSV file), so_lieu_truoc (the previous month,
 * optional) and muc_tieu (the first indicator's target in %, overriding
 * the campaign's), files named relative to the document and kept inside
 * the content folder;
 * computes rates and change, warns about falling figures, and points fig at
 * the result (no current hamlet). Returns the statistics (caller frees with
 * stats_free; fig borrows them), or NULL: then *err is 1 after diag_error,
 * or 0 when the document has no so_lieu (fig is then initialised without
 * statistics, so any {{figure}} is an error at its place). */
struct stats *kind_stats_load(const struct doc *d, struct figures *fig, int *err);

/* The per-output work of a kind: lays the document out with fig (its
 * current hamlet set, or none) into outs under suffix ("" or
 * "-xom-dong-ca"). Returns 0, or -1 after diag_error. */
typedef int (*kind_hamlet_fn)(const struct doc *d, const struct kind_env *env,
			      const struct figures *fig, const char *suffix,
			      struct outputs *outs, void *ctx);

/* Calls one once per unit of fig's statistics (suffix "-<unit>-<slug>",
 * "-xom-dong-ca", names without diacritics, a second unit with the same
 * slug gets "-2") when the document says "moi_xom: true"; otherwise once,
 * with no unit and suffix "". Each call gets the document with its
 * {{#sections}} resolved for that output (figures_filter). After each
 * call the outputs it made are handed on (outputs_flush), or dropped when
 * it failed; a unit that fails does not stop the others. "moi_xom: true"
 * without so_lieu is an error. Returns 0, or -1 when any part failed. */
int kind_each_hamlet(const struct doc *d, const struct kind_env *env, const struct figures *fig,
		     struct outputs *outs, kind_hamlet_fn one, void *ctx);

/* The usual whole: kind_stats_load, then kind_each_hamlet with one, then
 * the statistics freed. For kinds where so_lieu is optional. */
int kind_layout_each(const struct doc *d, const struct kind_env *env, struct outputs *outs,
		     kind_hamlet_fn one, void *ctx);

/* A copy of the map m with {{figures}} expanded in every scalar (the
 * report's trich_yeu may say "tháng {{thang_nam}}"). Returns the copy
 * (caller frees with meta_free); *errors counts the figures reported. */
struct meta *kind_meta_expand(const struct meta *m, const struct figures *fig, int *errors);

#endif

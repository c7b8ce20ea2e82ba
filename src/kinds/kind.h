/* Document kinds: each arranges the shared layout engine for one kind of
 * document (công văn, báo cáo, tờ rơi, áp phích, loa). A kind never breaks
 * lines or writes PDF itself. */
#ifndef PHAT_KIND_H
#define PHAT_KIND_H

#include "../model/doc.h"
#include "../layout/box.h"
#include "../layout/measure.h"

struct kind_env {
	const struct measure *m;
	const struct meta *defaults;   /* content/phat.yaml, or NULL */
};

struct kind {
	const char *name;              /* value of "loai:" */
	const char *const *keys;       /* known front-matter keys, NULL-terminated */
	/* Lays the document out. Returns a new layout_doc (caller frees) or
	 * NULL after diag_error. */
	struct layout_doc *(*layout)(const struct doc *d, const struct kind_env *env);
};

/* The kind named, or NULL. */
const struct kind *kind_find(const char *name);
/* All kinds, NULL-terminated, for --help and "did you mean". */
extern const struct kind *const kind_all[];

/* Front-matter keys every kind accepts (loai, tieu_de, tac_gia, ...). */
extern const char *const kind_common_keys[];

#endif

/* Document kinds: each arranges the shared layout engine for one kind of
 * document (công văn, báo cáo, tờ rơi, áp phích, loa). A kind never breaks
 * lines or writes PDF itself. */
#ifndef PHAT_KIND_H
#define PHAT_KIND_H

#include "../blocks/outputs.h"

struct kind {
	const char *name;              /* value of "loai:" */
	const char *const *keys;       /* known front-matter keys, NULL-terminated */
	/* Lays the document out into one or more outputs. Returns 0, or -1
	 * after diag_error (outputs added so far are freed by the caller). */
	int (*layout)(const struct doc *d, const struct kind_env *env, struct outputs *out);
	unsigned options;              /* KIND_PHONE | KIND_TILE: the options that apply */
	const char *title;             /* what it is, for messages: "a dispatch" */
};

#define KIND_PHONE 1u                  /* --phone: a phone copy */
#define KIND_TILE  2u                  /* --tile a4: the poster on A4 sheets */

/* The kind named, or NULL. */
const struct kind *kind_find(const char *name);
/* All kinds, NULL-terminated, for --help and "did you mean". */
extern const struct kind *const kind_all[];

/* Front-matter keys every kind accepts (loai, tieu_de, tac_gia, ...). */
extern const char *const kind_common_keys[];

#endif

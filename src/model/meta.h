/* Front-matter values: a small tree of scalars, lists and maps, each with
 * the position it came from so messages can point at it. */
#ifndef PHAT_META_H
#define PHAT_META_H

#include "../util/diag.h"

enum meta_type { META_SCALAR, META_LIST, META_MAP };

struct meta {
	enum meta_type type;
	char *key;            /* set on the children of a map, else NULL */
	char *value;          /* META_SCALAR: NFC UTF-8 text (never NULL) */
	struct meta *first;   /* META_LIST / META_MAP: children in order */
	struct meta *last;
	struct meta *next;
	struct pos pos;       /* of the value (of the key for map children) */
	struct pos key_pos;   /* of the key, for "unknown key" messages */
	char *line;           /* META_MAP in a list, of one pair written on one line
	                         ("- Lưu: VT, VP"): that pair as text; else NULL */
};

struct meta *meta_new(enum meta_type type, struct pos at);
/* Frees m, its children and its siblings after it? No: m and its children only. */
void meta_free(struct meta *m);
void meta_append(struct meta *parent, struct meta *child);

/* Map look-up: the child with that key, or NULL. */
struct meta *meta_get(const struct meta *map, const char *key);
/* The text of a value that takes one line of text: a scalar's value, or
 * the pair of a one-pair map written on one line, as the clerk wrote it
 * (YAML reads "- Lưu: VT, VP" and "- Trưởng thôn: Y Bih" as maps). NULL for
 * lists and other maps. The string is v's. */
const char *meta_text(const struct meta *v);
/* meta_text of the value under key, or NULL when absent or not text. */
const char *meta_str(const struct meta *map, const char *key);

/* Returns a new map: every key of defaults not in doc, then doc's keys
 * (doc wins). Both inputs are left untouched; caller frees the result. */
struct meta *meta_merge(const struct meta *defaults, const struct meta *doc);

/* A deep copy (caller frees). */
struct meta *meta_copy(const struct meta *m);

/* A key typed with accents, capitals, spaces or "-" ("Trích yếu",
 * "Ngay", "kinh-gui") that is a known key once folded is renamed to it,
 * in map and in merged (the document's keys merged with the defaults; may
 * be NULL), with a warning. Returns the number renamed. */
int meta_fix_keys(struct meta *map, struct meta *merged, const char *const *known);

/* Reports every key of map not in the NULL-terminated list known, naming
 * the nearest known key ("did you mean 'ngay'?"). Returns the number of
 * unknown keys. */
int meta_check_keys(const struct meta *map, const char *const *known);

#endif

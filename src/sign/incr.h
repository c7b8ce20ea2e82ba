/* The PDF incremental update writer (ISO 32000-1 §7.5.6): the original
 * bytes stay exactly as they were, new objects and new versions of old
 * ones are appended, then a cross-reference section for them only and a
 * trailer whose /Prev points at the previous one. Every signature is one
 * such update, so earlier signatures stay valid. */
#ifndef PHAT_INCR_H
#define PHAT_INCR_H

#include "tail.h"
#include "../util/util.h"

struct incr_obj {
	long num, gen;
	size_t off;
};

struct incr {
	struct buf out;           /* the whole new file */
	struct tail *t;           /* the file being updated (borrowed) */
	long next;                /* the next new object number */
	struct incr_obj *v;
	size_t n, cap;
};

/* Starts an update of t: out gets t's bytes, and a newline when the file
 * does not end in one. */
void incr_begin(struct incr *u, struct tail *t);
/* A new object number. */
long incr_new(struct incr *u);
/* Starts object num (new, or a new version of an old one: it keeps its
 * generation): "num gen obj". */
void incr_obj_begin(struct incr *u, long num);
void incr_obj_end(struct incr *u);
/* A whole stream object: "<< dict /Length n >> stream … endstream". */
void incr_stream(struct incr *u, long num, const char *dict, const void *data, size_t n);
/* The cross-reference section, the trailer (/Size /Root /Info /ID /Prev),
 * startxref and %%EOF. */
void incr_finish(struct incr *u);
void incr_fini(struct incr *u);

/* Whether the array a (resolved) lists object num. */
int incr_array_has(const struct tail_val *a, long num);
/* A new version of the array at key of dictionary object obj (or of the
 * array object key refers to) with references to nums[0..n) appended;
 * the array is made when the key is absent. */
void incr_append_refs(struct incr *u, long obj, const char *key, const long *nums, size_t n);

/* ---- writing PDF syntax (ISO 32000-1 §7.3) ---- */

/* A value as PDF (strings in hex, names escaped). */
void pdfw_value(struct buf *b, const struct tail_val *v);
/* "<<" and the entries of dictionary d except the keys in drop
 * (NULL-terminated), without the closing ">>": the caller adds its own
 * entries and closes it. */
void pdfw_dict_open(struct buf *b, const struct tail_val *d, const char *const *drop);
/* A text string: plain when it is printable ASCII, else UTF-16BE with a
 * byte order mark (§7.9.2.2), from UTF-8. */
void pdfw_text(struct buf *b, const char *utf8);
/* A number with at most 3 decimals, no exponent. */
void pdfw_num(struct buf *b, double v);

#endif

/* The PDF tail reader: what signing and verifying need from a PDF, read
 * from its end (ISO 32000-1 §7.5): startxref, the cross-reference sections
 * through /Prev (classic tables, and cross-reference and object streams
 * for files written by other tools), the trailer, and single objects by
 * number. It never reads the page contents. Files come from anywhere (a
 * district's signed dispatch), so every count and depth has a limit and a
 * damaged file is a message, never a crash (tests/fuzz/fuzz_tail.c). */
#ifndef PHAT_TAIL_H
#define PHAT_TAIL_H

#include <stddef.h>

enum tail_type { TV_NULL, TV_BOOL, TV_NUM, TV_STR, TV_NAME, TV_ARRAY, TV_DICT, TV_REF };

/* One parsed PDF value. Arrays hold their items in v[0..n); dictionaries
 * hold n/2 pairs, v[2i] the key (TV_NAME) and v[2i+1] its value. */
struct tail_val {
	enum tail_type type;
	size_t start, end;        /* its bytes [start, end) in the file (copied as
				   * they are when a new version of a dictionary
				   * is written); 0, 0 inside an object stream */
	double num;               /* TV_NUM; TV_BOOL 0 or 1 */
	long ref, gen;            /* TV_REF: object number and generation */
	char *str;                /* TV_STR decoded bytes, TV_NAME the name without
				   * '/' (#xx decoded); NUL-terminated; owned */
	size_t len;               /* bytes in str */
	struct tail_val *v;       /* TV_ARRAY, TV_DICT; owned */
	size_t n;
};

/* One revision: the cross-reference section at xref_off and the bytes up
 * to end (just after its "%%EOF" line). revs[0] is the newest. */
struct tail_rev {
	size_t xref_off;
	size_t end;
	int is_stream;            /* a cross-reference stream (PDF 1.5) */
};

struct tail_entry;

struct tail {
	const unsigned char *p;   /* the file, borrowed */
	size_t n;
	struct tail_rev *revs;
	size_t nrevs;
	struct tail_val trailer;  /* the newest trailer (or xref stream dictionary) */
	long root, info;          /* object numbers, 0 when absent */
	int has_xref_stream;      /* some section is a stream, or /XRefStm: a newer
				   * form than libharu writes */
	struct tail_entry *e;     /* every object the sections list, newest first */
	size_t ne;
	long *pages;              /* the page objects in order, once asked for */
	size_t npages;
	int pages_done;
};

/* Reads the tail of the n bytes at p (which stay the caller's and must
 * outlive t). Returns NULL and sets *why (a static sentence for a clerk)
 * when the file is not a PDF, has no usable startxref or cross-reference,
 * or is encrypted. Caller frees with tail_free. */
struct tail *tail_open(const unsigned char *p, size_t n, const char **why);
void tail_free(struct tail *t);

/* Object num, parsed (cached; owned by t), or NULL when absent, free or
 * unreadable. Follows a TV_REF once: tail_get(t, v) resolves v. */
const struct tail_val *tail_object(struct tail *t, long num);
const struct tail_val *tail_get(struct tail *t, const struct tail_val *v);
/* Where object num's "num gen obj" starts, and its generation; -1 when it
 * is not a plain object in the file (compressed, or absent). */
long tail_offset(const struct tail *t, long num, long *gen);
/* The objects the newest revision writes (new, or new versions), *n of
 * them. Caller frees. */
long *tail_newest(const struct tail *t, size_t *n);
/* The highest object number in use, plus one (for new objects). */
long tail_size(const struct tail *t);

/* Dictionary lookup (d resolved through t when it is a reference), or
 * NULL. The value is returned as stored: a TV_REF stays one. */
const struct tail_val *tail_dict(const struct tail_val *d, const char *key);
/* Like tail_dict, then resolves a reference. */
const struct tail_val *tail_key(struct tail *t, const struct tail_val *d, const char *key);
/* The number at key, or def. */
double tail_num(struct tail *t, const struct tail_val *d, const char *key, double def);
/* Whether v is the name s. */
int tail_is_name(const struct tail_val *v, const char *s);

/* The object number of page index (0-based) through the page tree, or 0. */
long tail_page(struct tail *t, size_t index);
/* The 0-based index of the page object num, or -1. */
long tail_page_index(struct tail *t, long num);

/* A PDF text string (UTF-16BE with BOM, or PDFDocEncoding) as UTF-8.
 * Caller frees. */
char *tail_text(const struct tail_val *s);

/* One signature field of the AcroForm (fields with /FT /Sig, their kids
 * merged with their widget). */
struct tail_field {
	char *name;               /* full name, "a.b" for kids; UTF-8; owned */
	long obj;                 /* the field's (= widget's) object number */
	long page;                /* /P, or the page whose /Annots holds it; 0 unknown */
	double rect[4];           /* /Rect x1 y1 x2 y2, points, normalised */
	const struct tail_val *sig;  /* /V resolved, or NULL when unsigned */
	long sig_obj;             /* /V's object number, 0 when direct or none */
};

/* The signature fields, in AcroForm order. *n gets the count; caller frees
 * with tail_fields_free. Returns NULL with *n 0 when there are none. */
struct tail_field *tail_fields(struct tail *t, size_t *n);
void tail_fields_free(struct tail_field *f, size_t n);

/* The file's signatures as they sign: a signature dictionary's
 * /ByteRange [a b c d] and the /Contents hex string's place. 0, or -1 with
 * *why when the ByteRange is malformed, points outside the file, or does
 * not leave exactly the /Contents string out. */
struct tail_sig {
	size_t range[4];          /* offsets and lengths as written */
	size_t gap_start, gap_end;/* the "<…>" of /Contents, both brackets */
	const unsigned char *cms; /* the bytes in the gap, decoded: owned */
	size_t cms_len;
};
int tail_sig_read(struct tail *t, const struct tail_val *sig, struct tail_sig *out, const char **why);
void tail_sig_fini(struct tail_sig *s);

#endif

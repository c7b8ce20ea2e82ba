/* Inside src/speak: what the stages share. The stages, in the order a line
 * goes through them (the split of text-normalisation systems such as
 * Sproat & Jaitly's and NVIDIA NeMo's tagger and verbaliser):
 *
 *   tokens.c     pasted characters put right, then the line cut into
 *                tokens (words, digit runs, spaces, punctuation, links,
 *                e-mail addresses);
 *   classes.c    the tagger: runs of tokens classified into semiotic
 *                classes (struct sem), each with the fields its
 *                verbaliser needs;
 *   verbalise.c  the verbalisers: each class written out as it is said,
 *                and the line put back together;
 *   numbers.c    the number grammar every verbaliser uses;
 *   lexicon.c    abbreviations, names and links (built-in + the commune's).
 *
 * Nothing here is seen outside src/speak. */
#ifndef PHAT_SPEAK_INTERNAL_H
#define PHAT_SPEAK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include "speak.h"
#include "../util/util.h"

/* ---- lexicon.c ---------------------------------------------------------- */

struct entry {
	char *key;
	size_t klen;
	char *val;
	int source;            /* which load added it: 0 built in, then 1, 2 … */
};

struct speak {
	int southern;          /* "lẻ", "ngàn" */
	int nobreak;           /* U+00A0 inside a name or a number with its unit */
	/* Sorted by first byte, then longest key first, so the first match
	 * found in a bucket is the longest. */
	struct entry *e;
	size_t n, cap;
	size_t first[257];     /* entries with first byte b: [first[b], first[b+1]) */
	int loads;             /* lexicon files loaded so far */
};

/* The entry whose key is exactly key[0..n), or NULL. */
const struct entry *lexicon_find(const struct speak *sp, const char *key, size_t n);
/* Adds the built-in lexicon (lexicon_default.c) as source 0. */
void lexicon_builtin(struct speak *sp);
void lexicon_add_builtin(struct speak *sp, const char *key, const char *spoken);
/* What a part of a document's ký hiệu says when the lexicon has no entry
 * for it: a kind of document ("KH" "kế hoạch", Nghị định 30/2020 Phụ lục
 * III; only when first, right after the number) or an issuer ("TW"); NULL
 * when neither (borrowed, static). */
const char *lexicon_kyhieu(const char *key, size_t n, int first);
/* The lexicon's phrase for a link: by the whole address, then shorter
 * paths, the host, its parent domains, then the "(đường dẫn)" entry;
 * NULL when none (borrowed). */
const char *lexicon_url(const struct speak *sp, const char *url);

/* ---- tokens.c ----------------------------------------------------------- */

enum tok_kind { T_WORD, T_NUM, T_SPACE, T_PUNCT, T_URL, T_EMAIL };

struct tok {
	enum tok_kind kind;
	const char *s;         /* into the cleaned line */
	size_t len;
};

struct toks {
	struct tok *t;
	size_t n, cap;
};

/* The line with soft hyphens and other invisible characters taken out and
 * look-alike letters (Ð for Đ, Cyrillic "е" in a Latin word) made the
 * Vietnamese letter, so lexicon look-ups and the classes see what a reader
 * sees. line is NFC UTF-8; returns a new string. */
char *tok_clean(const char *line);
/* Cuts line into v (emptied first); the tokens point into line. */
void tok_split(const char *line, struct toks *v);
int tok_is_letter(uint32_t cp);

/* ---- numbers.c ---------------------------------------------------------- */

/* How the last group of a number after a higher one is read when its
 * hundreds are zero: a quantity says "linh" (1.000.017 "một triệu linh mười
 * bảy", so it is not heard as 1.017.000), a year does not (2024 "hai nghìn
 * hai mươi tư"). */
enum num_style { NUM_QUANTITY, NUM_YEAR };

/* Appends w with one space before it (none at the start). */
void say_w(struct buf *b, const char *w);
/* The whole number written with the digits d[0..n) (any length; leading
 * zeros ignored): groups of three with nghìn, triệu, tỷ, then "nghìn tỷ",
 * "triệu tỷ", "tỷ tỷ" above. */
void say_number(const struct speak *sp, struct buf *b, const char *d, size_t n, enum num_style st);
void say_uint(const struct speak *sp, struct buf *b, uint64_t v);
/* Each digit's name ("không chín một …"); other bytes skipped. */
void say_digits(struct buf *b, const char *d, size_t n);
/* The digits after a decimal comma: zeros one by one, then up to three
 * digits as a number, a longer tail digit by digit. */
void say_decimal_tail(const struct speak *sp, struct buf *b, const char *d, size_t n);
/* A month: 4 "tư", otherwise the number. */
void say_month(const struct speak *sp, struct buf *b, unsigned m);
/* The value of a Roman numeral s[0..n) in its canonical spelling (I–MMMCMXCIX),
 * upper or lower case, or 0. */
int roman_value(const char *s, size_t n);
/* The spoken letters of s[0..n) ("HTX" "hát tê ích", "Đ" "đê"). */
void say_letters(struct buf *b, const char *s, size_t n);

/* ---- classes.c ---------------------------------------------------------- */

/* The semiotic classes (Sproat & Jaitly; NeMo's names). */
enum sem_class {
	SEM_VERBATIM,          /* tokens as written: words, spaces, punctuation */
	SEM_CONNECTIVE,        /* a word said for a sign: "đến" for a range's dash, "trên" for "/" */
	SEM_CARDINAL,
	SEM_ORDINAL,           /* after "thứ": 1 "nhất", 4 "tư" */
	SEM_DECIMAL,
	SEM_FRACTION,
	SEM_MEASURE,           /* a number with a unit (%, km, m², °C, km/h …) */
	SEM_MONEY,
	SEM_DATE,
	SEM_TIME,
	SEM_TELEPHONE,
	SEM_ELECTRONIC,        /* a link or an e-mail address */
	SEM_DOCNUM,            /* a document number "173/STTTT-CNTT", an address "12/5/3" */
	SEM_ROMAN,
	SEM_ABBREVIATION,      /* a lexicon entry */
	SEM_LETTERS,           /* an abbreviation spelled with letter names */
	SEM_DIGITS             /* a code read digit by digit ("Đề án 06", a CCCD number) */
};

/* A number as written, separators taken out. */
struct number {
	char d[72];            /* integer digits, NUL-terminated ("" none) */
	char f[40];            /* digits after the decimal comma ("" none) */
	char sign;             /* 0, '+' or '-' */
	int rise;              /* the sign means a change: "tăng" / "giảm" */
};

struct sem {
	enum sem_class cls;
	long tok, ntok;        /* the tokens it stands for */
	struct number a;       /* the value; a fraction's numerator */
	struct number b;       /* a fraction's denominator */
	struct number whole;   /* a mixed number's whole part ("23 1/5") */
	const char *mag;       /* a magnitude word written after it ("1,5 triệu"), in the line */
	size_t maglen;
	const char *unit;      /* spoken unit or currency (a table's), or NULL */
	const char *per_word;  /* "trên" or "một": what "/" after the unit says, or NULL */
	const char *per;       /* the spoken unit after "/" ("km/h" "giờ"), or NULL … */
	const char *perw;      /* … or the word written there ("đồng/tháng"), in the line */
	size_t perwlen;
	int minor;             /* money: cents read as "xu" ($, €, £) */
	int v[3];              /* date: day, month, year; time: hour, minute, second (-1 absent) */
	int flags;             /* SF_* */
	const char *text;      /* CONNECTIVE, ABBREVIATION: what is said (borrowed) */
	const char *src;       /* DIGITS, LETTERS, ELECTRONIC, DOCNUM: the written text */
	size_t srclen;
};

#define SF_SAY_DAY    0x01 /* date: "ngày" is said (the text has no "ngày"/"mùng" before it) */
#define SF_SAY_MONTH  0x02 /* date: "tháng" is said */
#define SF_YEAR_WORD  0x04 /* date, roman: "năm" before the year */
#define SF_YEAR       0x08 /* cardinal, roman: a year ("năm 2024") */
#define SF_EMAIL      0x10 /* electronic: an e-mail address */
#define SF_QUARTER    0x20 /* date: "quý 02/2025": the month field is a quarter */
#define SF_RANGE      0x40 /* may stand on either side of a range's dash */
#define SF_COUNTRY    0x80 /* telephone: the first group is a country code (+84) */

struct sems {
	struct sem *v;
	size_t n, cap;
};

/* Classifies the tokens of one cleaned line into sems (emptied first);
 * every token belongs to exactly one sem, in order. */
void speak_tag(const struct speak *sp, const struct toks *tk, struct sems *out);

/* ---- verbalise.c -------------------------------------------------------- */

/* What sem s says, appended to b (words separated by spaces). */
void verbalise(const struct speak *sp, const struct toks *tk, const struct sem *s, struct buf *b);

#endif

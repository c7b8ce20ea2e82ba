/* UTF-8 checks and normalisation (utf8proc behind this one file). */
#ifndef PHAT_UTF8_H
#define PHAT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Checks s[0..n) is valid UTF-8 without NUL bytes. Returns 0 when valid,
 * else -1 and sets *line / *col (1-based; col counts characters) of the
 * first bad byte. */
int utf8_check(const char *s, size_t n, int *line, int *col);

/* NFC-normalises valid UTF-8. Returns a new string (caller frees). */
char *utf8_nfc(const char *s, size_t n);

/* Decodes one code point at s (valid UTF-8 assumed); returns its length. */
int utf8_decode(const char *s, uint32_t *cp);
/* Encodes cp into out (>= 4 bytes); returns the length. */
int utf8_encode(uint32_t cp, char *out);

/* Upper-cases valid UTF-8 (Vietnamese included); caller frees. */
char *utf8_upper(const char *s);
/* Lower-cases valid UTF-8; caller frees. */
char *utf8_lower(const char *s);
/* A syllable's key for look-ups: lower case, decomposed, its tone mark
 * moved to the end, so "hoá" and "hóa", "uỷ" and "ủy" (old and new tone
 * placement) have one key. Caller frees. */
char *utf8_tone_key(const char *s);
/* Strips diacritics and maps đ/Đ to d/D, e.g. for file names; caller frees. */
char *utf8_ascii_fold(const char *s);
/* The words of s for keys and file names: diacritics stripped, ASCII
 * letters and digits lower-cased, every run of anything else one sep
 * ("Đồng Cả (cũ)", '-' → "dong-ca-cu"); "" when s has no letter or digit.
 * Caller frees. */
char *utf8_ascii_words(const char *s, char sep);
/* Number of code points. */
size_t utf8_len(const char *s);

/* Characters pasted text brings that nobody sees: soft hyphen (U+00AD;
 * Vietnamese lines break at spaces), zero-width spaces and joiners, word
 * joiner, BOM, direction marks. */
int utf8_invisible(uint32_t c);
/* The Vietnamese letter a look-alike of D stands for: Ð (U+00D0, Icelandic
 * eth) and Ɖ for Đ, ð and ɖ for đ; 0 for any other c. */
uint32_t utf8_lookalike_d(uint32_t c);
/* The Latin letter a Cyrillic or Greek look-alike stands for ("е" U+0435
 * for "e"), 0 for any other c; apply it only inside a word that has Latin
 * letters too. */
uint32_t utf8_lookalike_latin(uint32_t c);
/* A Latin letter, Vietnamese ones included. */
int utf8_latin_letter(uint32_t c);
/* Whether c is a capital letter (Unicode Lu: "Đ", "Ơ", "A"). */
int utf8_is_upper(uint32_t c);

#endif

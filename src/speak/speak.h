/* Text for reading aloud over the loudspeaker (issue 5): numbers, dates,
 * times, Roman numerals, phone numbers, abbreviations and links written out
 * the way a Vietnamese announcer says them, so the script is read as written.
 *
 * Readings chosen (Northern by default; southern = "lẻ" for "linh", "ngàn"
 * for "nghìn", nothing else changes):
 *   - integers up to 999.999.999.999 ("." groups thousands); a group after a
 *     higher one keeps its hundreds: 2025 "hai nghìn không trăm hai mươi
 *     lăm", 1.000.001 "một triệu không trăm linh một"; groups of zeros are
 *     skipped: 1.000.000 "một triệu". Above 999 tỷ: an error.
 *   - "45,5" "bốn mươi lăm phẩy năm", "0,05" "không phẩy không năm" (zeros
 *     after the comma one by one, then up to three digits as a number, longer
 *     tails digit by digit); "50%" and "50 %" add "phần trăm".
 *   - numbers written with a leading zero are codes, read digit by digit
 *     ("Đề án 06" "Đề án không sáu"), except after ngày/tháng/năm/giờ/lúc and
 *     before "giờ"/"phút", where the zero is padding; runs of 10 or more
 *     digits, 0xxx xxx xxx phone numbers and 1800/1900 lines likewise digit by
 *     digit.
 *   - dates d/m/yyyy, d/m, m/yyyy, d.m.yyyy, yyyy-mm-dd become "ngày … tháng …
 *     năm …" ("ngày" / "tháng" not repeated when the text already has it);
 *     "tháng 4" "tháng tư"; "thứ 4" "thứ tư", "thứ 1" "thứ nhất".
 *   - "14h30", "14g30", "14:30" "mười bốn giờ ba mươi phút"; "7h" "bảy giờ".
 *   - Roman numerals after quý, phụ lục, chương, mục, phần, khóa, đợt, giai
 *     đoạn, thế kỷ, tập, điều, loại, cấp, lần thứ … ; "Quý I/2025" "Quý một
 *     năm hai nghìn …" (a year after "/" is read "năm …").
 *   - "7-11 giờ" "bảy đến mười một giờ" (also with "–" or spaced).
 *   - abbreviations and brand names from the lexicon (exact case, longest
 *     match); other all-capital words that cannot be a Vietnamese syllable
 *     are spelled with letter names ("HTX" "hát tê ích").
 *   - a link is never spelled: it becomes the lexicon's phrase for its
 *     address or host (or a parent domain), else the "(đường dẫn)" entry, else
 *     "đường dẫn trong nhóm Zalo của xã".
 *   - "/" between words: "và/hoặc" "và hoặc", "đồng/tháng" "đồng một tháng",
 *     otherwise "hoặc"; between a number and a code ("06/CP", "10/KH-UBND")
 *     a space; "-" inside codes a space.
 * Ordinary words and punctuation are kept; what phat writes in place of a
 * number or abbreviation at the start of a sentence gets a capital letter. */
#ifndef PHAT_SPEAK_H
#define PHAT_SPEAK_H

#include "../util/diag.h"

struct speak;

/* A reader with an empty lexicon; southern != 0 for the southern reading. */
struct speak *speak_new(int southern);
void speak_free(struct speak *sp);

/* Adds the entries of a lexicon file: "ABBR = spoken form" per line, blank
 * lines and lines starting with "#" ignored; a later entry replaces an
 * earlier one (with a warning). Returns 0, or -1 after diag_error (file
 * unreadable, a line without "=", an empty side); good lines are kept. */
int speak_lexicon_load(struct speak *sp, const char *path);
/* Adds one entry (both strings copied). */
void speak_lexicon_add(struct speak *sp, const char *key, const char *spoken);
/* The spoken form of key, or NULL; borrowed from sp. Special keys:
 * "(đường dẫn)" the default phrase for links, "(mã QR)" for QR pictures. */
const char *speak_lookup(const struct speak *sp, const char *key);
/* The phrase for a link (lexicon by address, host, parent domain, then the
 * default); borrowed, never NULL. */
const char *speak_url(const struct speak *sp, const char *url);

/* One line (or paragraph) of UTF-8 text as it is to be read aloud. Returns a
 * new string (caller frees), or NULL after diag_error (a number too large to
 * read, invalid UTF-8); at is where the text starts, for messages. */
char *speak_text(const struct speak *sp, const char *utf8, struct pos at);

/* The whole `phat speak [FILE] [--mien-nam] [--tu-dien FILE]` subcommand;
 * argv[0] is "speak". Reads FILE (or stdin when none or "-"), writes one line
 * per input line to stdout. Without --tu-dien it loads content/tu-dien-loa.txt
 * when that file exists. Returns 0, 1 (bad content), 2 (bad usage). */
int speak_main(int argc, char **argv);

#endif

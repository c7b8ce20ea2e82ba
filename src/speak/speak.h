/* Text for reading aloud over the loudspeaker: what is written the way
 * clerks write it ("2/3 số hộ", "120 km/h", "đ/c", "T7 và CN",
 * "+84 912 345 678", "173/STTTT-CNTT") written out the way a Vietnamese
 * announcer says it, so the script is read as it stands.
 *
 * The field's architecture (Sproat & Jaitly; NVIDIA NeMo's tagger and
 * verbaliser): tokens are classified into semiotic classes, then each class
 * is verbalised; src/speak/internal.h lists the stages. The classes and
 * what they say (Northern reading by default; southern = "lẻ" for "linh",
 * "ngàn" for "nghìn", nothing else changes):
 *
 *   cardinal   any size, groups of three with dots, spaces, none, or the
 *              English commas "1,234,567"; a group after a higher one says
 *              no "không trăm" and the last one under a hundred starts
 *              with "linh" (num2words' reading): 1.001 "một nghìn linh
 *              một", 1.020 "một nghìn linh hai mươi", 1.050.000 "một triệu
 *              năm mươi nghìn"; 10^12 "một nghìn tỷ", 10^18 "một tỷ tỷ";
 *              "-5" "âm năm", "+6,4" "cộng sáu phẩy bốn"; "500k" "năm trăm
 *              nghìn", "1tr2" "một triệu hai trăm nghìn".
 *   decimal    "45,5" "bốn mươi lăm phẩy năm"; zeros after the comma one by
 *              one, then up to three digits as a number, a longer tail
 *              digit by digit; "40,0 %" says no "phẩy không".
 *   ordinal    "thứ 1" "thứ nhất", "thứ 4" "thứ tư".
 *   fraction   "2/3 số hộ" "hai phần ba số hộ": a d/m that can be a date
 *              is one ("Hạn chót 30/9", "30/9 - 5/10") unless the context
 *              says share: a word of quantity before it ("tỉ lệ 1/3",
 *              "chiếm", "đạt"), a noun of amount or a unit after it, or
 *              nothing else on the line ("3/4"); "23 1/5" "hai mươi ba và
 *              một phần năm"; "1/4" "một phần tư"; "24/7" "… trên bảy".
 *   measure    a number and a unit, glued or spaced: m, km, km², m², m³,
 *              ha, kg, g, tấn, l, ml, °C, %, kW, GB … ; "/" "trên" ("120
 *              km/h" "… ki lô mét trên giờ"); "-2,5 %" "giảm hai phẩy năm
 *              phần trăm", "+3 %" "tăng …"; "-5 °C" "âm năm độ xê". A unit
 *              after a number wins over the lexicon ("1 TB" terabyte).
 *   money      đ, đồng, ₫, VNĐ, VND, USD, $, €, £: "50.000đ" "năm mươi
 *              nghìn đồng", "10,5$" "mười đô la năm mươi xu", "1,5 triệu
 *              đồng", "đồng/tháng" "đồng một tháng".
 *   date       d/m/yyyy, d.m.yyyy, d-m-yyyy, yyyy-mm-dd, d/m, m/yyyy,
 *              "02.2025", "quý 02/2025": "ngày … tháng … năm …" (a word the
 *              text already has is not said twice; "mùng 8/3" "mùng tám
 *              tháng ba"); "tháng 4" "tháng tư"; a year has no "linh" before
 *              its tens (2024 "hai nghìn hai mươi tư").
 *   time       14h30, 14g30, 17h30p, 14:30, 12:30:45, 20p, 3p20s: "… giờ …
 *              phút … giây", zeros not said.
 *   telephone  0912 345 678, 0262 3 123 456, (0262) 3123456, +84 912 345 678
 *              ("cộng tám tư …"), 1800/1900 numbers, 113/114/115 after
 *              "gọi", "số", "đường dây nóng": digit by digit.
 *   electronic an e-mail address read out ("a còng", "chấm"); a link as the
 *              lexicon's phrase for its address, path or host, else its
 *              site in words ("trang dichvucong chấm gov chấm vn").
 *   document numbers  "số 173/KH-UBND": the number, "năm" and the year
 *              when there is one, then the ký hiệu part by part: a kind of
 *              document first ("kế hoạch", Nghị định 30/2020 Phụ lục III),
 *              the lexicon's phrase ("Ủy ban nhân dân"), else the letters
 *              spelled; "số nhà 12/5/3" "mười hai trên năm trên ba".
 *   roman      after quý, phụ lục, chương, mục, phần, điều, khoản, thế kỷ,
 *              khóa, đợt, giai đoạn, năm …, and heading a line ("II. NHIỆM
 *              VỤ" "Hai. NHIỆM VỤ"); "Quý I/2025" "quý một năm …".
 *   abbreviation  the lexicon (built in, then the commune's files): exact
 *              case, longest match; brand names also in other cases. A
 *              place prefix before a number, after a dot or glued ("KP.3",
 *              "Q.2", "P. 5", "KP3") is said in lower case ("khu phố ba");
 *              the dot between an abbreviation and its number ("TDP.5")
 *              ends no sentence. An abbreviation in brackets after the
 *              words it stands for ("Căn cước công dân (CCCD)") is not said.
 *   letters    another all-capital word that cannot be a Vietnamese
 *              syllable, spelled with letter names ("HTX" "hát tê ích").
 *   digits     a code with a leading zero ("Đề án 06" "Đề án không sáu"),
 *              a long number after mã, số, CCCD, tài khoản: digit by digit.
 *   verbatim   everything else, as written.
 * Soft hyphens and other invisible characters are dropped and look-alike
 * letters (Ð U+00D0, Cyrillic "е") read as the Vietnamese letter before
 * anything is looked up. What phat writes in place of the source at the
 * start of a sentence gets a capital letter. */
#ifndef PHAT_SPEAK_H
#define PHAT_SPEAK_H

#include "../util/diag.h"

/* The commune's lexicon file, looked up beside a document. */
#define SPEAK_LEXICON_NAME "tu-dien-loa.txt"

struct speak;

/* A reader with the built-in lexicon; southern != 0 for the southern
 * reading. */
struct speak *speak_new(int southern);
void speak_free(struct speak *sp);

/* on != 0: the words of a name, a number with its unit, a time are joined
 * by no-break spaces (U+00A0), so a line of the printed script does not
 * break inside them. Off by default. */
void speak_set_nobreak(struct speak *sp, int on);

/* Adds the entries of a lexicon file: "ABBR = spoken form" per line, blank
 * lines and lines starting with "#" ignored; an entry replaces the same
 * key of an earlier file or of the built-in lexicon, and a key repeated in
 * one file warns. Returns 0, or -1 after diag_error (file unreadable, a
 * line without "=", an empty side); good lines are kept. */
int speak_lexicon_load(struct speak *sp, const char *path);
/* Loads every SPEAK_LEXICON_NAME from the folder root down to dir (dir's
 * own last, so the nearest wins); root NULL or not above dir: dir's only.
 * Never the working directory. Returns 0, or -1 after diag_error. */
int speak_lexicon_beside(struct speak *sp, const char *dir, const char *root);
/* Adds one entry (both strings copied). */
void speak_lexicon_add(struct speak *sp, const char *key, const char *spoken);
/* The spoken form of key, or NULL; borrowed from sp. Special keys:
 * "(đường dẫn)" a phrase for every link without its own entry, "(mã QR)"
 * the phrase for QR pictures. */
const char *speak_lookup(const struct speak *sp, const char *key);
/* The phrase for a link (lexicon by address, path, host, parent domain,
 * "(đường dẫn)", else the site in words). New string; caller frees. */
char *speak_url(const struct speak *sp, const char *url);

/* One line (or paragraph) of UTF-8 text as it is to be read aloud. Returns
 * a new string (caller frees), or NULL after diag_error (invalid UTF-8); at
 * is where the text starts, for messages. */
char *speak_text(const struct speak *sp, const char *utf8, struct pos at);

/* 1 when every word said for text a is also said for text b (case and
 * punctuation ignored), else 0 (also when a says nothing or either is not
 * UTF-8): a link's label that already names its site ("Cổng DVC" within
 * "Cổng Dịch vụ công quốc gia"), a table's header that its cell says
 * anyway ("Giờ" within "7h30", "bảy giờ ba mươi phút"). */
int speak_said_within(const struct speak *sp, const char *a, const char *b);

/* The whole `phat speak [FILE] [--mien-nam] [--tu-dien FILE]` subcommand;
 * argv[0] is "speak" (see cli.c). Returns 0, 1 (bad content), 2 (bad
 * usage). */
int speak_main(int argc, char **argv);

#endif

/* Capital letters in the names of agencies (Nghị định 30/2020/NĐ-CP,
 * Phụ lục II "Viết hoa trong văn bản hành chính"): the header prints the
 * issuing body in capitals, everywhere else its name is written in normal
 * case. A clerk often types the name in capitals; this turns it back. */
#ifndef PHAT_VIETHOA_H
#define PHAT_VIETHOA_H

/* The name of an agency in normal case. A name that has a lower-case
 * letter is taken as the clerk wrote it (a copy is returned); a name in
 * capitals is rewritten: the words of its kind (Ủy ban nhân dân, Phòng, Sở
 * …) and of its field (Văn hóa, Thông tin, Tư pháp …) take a capital on
 * their first syllable only, the administrative unit that follows is lower
 * case (xã, huyện, tỉnh …) and the place name after it takes a capital on
 * every syllable; "và", "-" join. Returns the name (caller frees); *unknown
 * gets the syllables the rules could not place, space-separated and
 * lower case, or NULL when there are none (caller frees). */
char *viethoa_agency(const char *name, char **unknown);

struct meta;

/* The issuing body of a document's settings (co_quan) in normal case, as
 * viethoa_agency writes it, for a poster's foot, a leaflet and the PDF's
 * author; NULL when there is none. No message (the dispatch gives it).
 * Caller frees. */
char *viethoa_agency_of(const struct meta *settings);

#endif

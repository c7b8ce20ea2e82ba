/* UTF-8: validity with positions, NFC, Vietnamese case mapping, folding. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "util/utf8.h"

static void check_bad(const char *s, size_t n, int want_line, int want_col, const char *what)
{
	int line = -1, col = -1;
	int r = utf8_check(s, n, &line, &col);

	CHECK(r == -1 && line == want_line && col == want_col,
	      "utf8_check refuses %s at %d:%d (got %d at %d:%d)", what, want_line, want_col, r, line, col);
}

int main(void)
{
	char *s;
	int line = 0, col = 0;
	uint32_t cp;
	char enc[4];

	/* NFC: "Tiếng Việt" typed with combining marks (macOS, some keyboards). */
	{
		const char *nfd = "Tie\xCC\x82\xCC\x81ng Vie\xCC\xA3\xCC\x82t";
		/* the marks of ệ in the other order must give the same letter */
		const char *nfd2 = "Tie\xCC\x82\xCC\x81ng Vie\xCC\x82\xCC\xA3t";
		const char *nfc = "Ti\xE1\xBA\xBFng Vi\xE1\xBB\x87t";

		s = utf8_nfc(nfd, strlen(nfd));
		CHECK_STR(s, nfc, "NFC of decomposed \"Tiếng Việt\" is the precomposed form");
		CHECK(strcmp(s, "Tiếng Việt") == 0, "NFC result equals the literal typed precomposed");
		free(s);
		s = utf8_nfc(nfd2, strlen(nfd2));
		CHECK_STR(s, nfc, "NFC does not depend on the order of the marks under and over e");
		free(s);
		s = utf8_nfc(nfc, strlen(nfc));
		CHECK_STR(s, nfc, "NFC leaves precomposed text alone");
		free(s);
		CHECK(utf8_len(nfc) == 10, "\"Tiếng Việt\" has 10 letters and spaces (got %zu)", utf8_len(nfc));
		CHECK(utf8_len(nfd) == 14, "the decomposed form has 14 code points (got %zu)", utf8_len(nfd));
	}

	/* Validity and where the first bad byte is. */
	CHECK(utf8_check("Xã Tân Thành\n", strlen("Xã Tân Thành\n"), &line, &col) == 0, "valid Vietnamese passes");
	check_bad("ab\ncd\xC3(x", 8, 2, 3, "a lone lead byte on line 2");
	check_bad("Việt\xFFx", strlen("Việt\xFFx"), 1, 5, "0xFF after 4 letters (columns count letters, not bytes)");
	check_bad("a\0b", 3, 1, 2, "a NUL byte");
	check_bad("\xC0\xAF", 2, 1, 1, "an overlong slash");
	check_bad("x\xED\xA0\x80", 4, 1, 2, "a UTF-16 surrogate");
	check_bad("ok\n\n\xE1\xBA", 6, 3, 1, "a sequence cut short at the end");
	check_bad("\xF4\x90\x80\x80", 4, 1, 1, "a code point above U+10FFFF");
	CHECK(utf8_check("\xF0\x9F\x98\x80", 4, &line, &col) == 0, "a 4-byte character is valid");

	/* Vietnamese case mapping. */
	s = utf8_upper("ủy ban nhân dân xã tân thành");
	CHECK_STR(s, "ỦY BAN NHÂN DÂN XÃ TÂN THÀNH", "upper-cases a commune name with every mark kept");
	free(s);
	s = utf8_upper("đường ưu tiên ở độ cao");
	CHECK_STR(s, "ĐƯỜNG ƯU TIÊN Ở ĐỘ CAO", "upper-cases đ, ư, ơ with marks");
	free(s);
	s = utf8_lower("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	CHECK_STR(s, "cộng hòa xã hội chủ nghĩa việt nam", "lower-cases the national motto");
	free(s);

	/* Folding for file names. */
	s = utf8_ascii_fold("Đồng Cả");
	CHECK_STR(s, "Dong Ca", "ascii fold of \"Đồng Cả\"");
	free(s);
	s = utf8_ascii_fold("công văn số 12 – đề nghị");
	CHECK_STR(s, "cong van so 12 – de nghi", "ascii fold keeps non-letters, drops marks, đ to d");
	free(s);
	s = utf8_ascii_fold("Vie\xCC\xA3\xCC\x82t");
	CHECK_STR(s, "Viet", "ascii fold of decomposed text");
	free(s);
	s = utf8_ascii_words("  Dân số trưởng thành (người) ", '_');
	CHECK_STR(s, "dan_so_truong_thanh_nguoi", "words of a header as a key");
	free(s);
	s = utf8_ascii_words("Tổ dân phố số 3 – Đông", '-');
	CHECK_STR(s, "to-dan-pho-so-3-dong", "words of a name for a file name");
	free(s);
	s = utf8_ascii_words("– ? –", '-');
	CHECK_STR(s, "", "no letter, no word");
	free(s);

	/* Code points in and out. */
	CHECK(utf8_decode("ệ", &cp) == 3 && cp == 0x1EC7, "decodes ệ as U+1EC7 in 3 bytes");
	CHECK(utf8_decode("Đ", &cp) == 2 && cp == 0x110, "decodes Đ as U+0110 in 2 bytes");
	CHECK(utf8_decode("\xF0\x9F\x98\x80", &cp) == 4 && cp == 0x1F600, "decodes a 4-byte character");
	CHECK(utf8_decode("\xFF", &cp) == 1 && cp == 0xFFFD, "a bad byte decodes as U+FFFD, one byte");
	CHECK(utf8_encode(0x1EC7, enc) == 3 && memcmp(enc, "ệ", 3) == 0, "encodes U+1EC7 as ệ");
	CHECK(utf8_encode('A', enc) == 1 && enc[0] == 'A', "encodes ASCII as one byte");
	CHECK(utf8_encode(0x1F600, enc) == 4 && memcmp(enc, "\xF0\x9F\x98\x80", 4) == 0, "encodes a 4-byte character");
	CHECK(utf8_len("") == 0, "empty string has no characters");
	return t_done();
}

/* phat speak: the hand-written table tests/speak/pairs.tsv (input → what the
 * announcer says), then the lexicon's and the reader's error messages. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "t.h"
#include "speak/speak.h"
#include "util/diag.h"
#include "util/util.h"

static char captured[4096];

static void sink(const char *line, void *ctx)
{
	size_t n = strlen(captured);

	(void)ctx;
	snprintf(captured + n, sizeof captured - n, "%s\n", line);
}

static char *say(const struct speak *sp, const char *in)
{
	return speak_text(sp, in, (struct pos){ "t.md", 3, 5 });
}

static void check_say(const struct speak *sp, const char *in, const char *want, const char *what)
{
	char *got = say(sp, in);

	CHECK_STR(got, want, "%s: \"%s\"", what, in);
	free(got);
}

static void pairs(const char *path, const struct speak *north, const struct speak *south)
{
	size_t len;
	char *text = file_read(path, 1 << 20, &len), *line, *next;
	int n = 0, lineno = 0;

	CHECK(text != NULL, "the table %s is readable", path);
	if (!text)
		return;
	for (line = text; line && *line; line = next) {
		char *in, *want, *mode, *tab;
		char what[64];

		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (line[0] == '#' || !strchr(line, '\t'))
			continue;
		in = line;
		tab = strchr(in, '\t');
		*tab = '\0';
		want = tab + 1;
		mode = strchr(want, '\t');
		if (mode)
			*mode++ = '\0';
		snprintf(what, sizeof what, "pairs.tsv:%d%s", lineno, mode ? " (miền Nam)" : "");
		check_say(mode && strcmp(mode, "nam") == 0 ? south : north, in, want, what);
		n++;
	}
	CHECK(n >= 300, "the table has at least 300 pairs (%d)", n);
	free(text);
}

static const char *write_tmp(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof path, "/tmp/phat-test-speak-%d-%s", (int)getpid(), name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void lexicon_errors(void)
{
	struct speak *sp = speak_new(0);
	const char *p = write_tmp("bad.txt",
				  "# ghi chú\n"
				  "UBND = Ủy ban nhân dân\n"
				  "\n"
				  "TCNS Tổ Công nghệ số\n"
				  "  CCCD =   \n"
				  "= không có chữ viết\n"
				  "UBND = Ủy ban\n");
	char want[1024];
	int r;

	captured[0] = '\0';
	diag_reset();
	diag_sink_set(sink, NULL);
	r = speak_lexicon_load(sp, p);
	diag_sink_set(NULL, NULL);
	CHECK(r == -1, "a lexicon with bad lines fails");
	CHECK(diag_error_count() == 3, "three bad lines, three errors (%d)", diag_error_count());
	snprintf(want, sizeof want, "%s:4:1: error: this lexicon line has no \"=\"", p);
	CHECK(strstr(captured, want) != NULL, "a line without \"=\" is named with file:line:col");
	snprintf(want, sizeof want, "%s:5:3: error: this lexicon line needs text on both sides", p);
	CHECK(strstr(captured, want) != NULL, "an empty spoken form is named, at its column");
	snprintf(want, sizeof want, "%s:6:1: error: this lexicon line needs text on both sides", p);
	CHECK(strstr(captured, want) != NULL, "an empty abbreviation is named");
	snprintf(want, sizeof want, "%s:7:1: warning: \"UBND\" is in the lexicon twice", p);
	CHECK(strstr(captured, want) != NULL, "a repeated abbreviation is a warning");
	CHECK(strstr(captured, "e.g. \"UBND = Ủy ban nhân dân\"") != NULL, "the message shows how to write a line");
	CHECK_STR(speak_lookup(sp, "UBND"), "Ủy ban", "the later line wins");
	CHECK(speak_lookup(sp, "TCNS") == NULL, "the bad line is not used");
	unlink(p);

	captured[0] = '\0';
	diag_sink_set(sink, NULL);
	r = speak_lexicon_load(sp, "/nonexistent/tu-dien.txt");
	diag_sink_set(NULL, NULL);
	CHECK(r == -1 && strstr(captured, "/nonexistent/tu-dien.txt: error: cannot read the lexicon") != NULL,
	      "a missing lexicon is an error naming the file");
	speak_free(sp);
	diag_reset();
}

static void reader_errors(const struct speak *sp)
{
	char *got;

	/* beyond 999 tỷ the tỷ repeats; nothing is too large to read */
	check_say(sp, "Tổng: 1.000.000.000.000 đồng", "Tổng: một nghìn tỷ đồng", "a thousand tỷ");
	check_say(sp, "có 1.000.000.000.000,5 tấn", "có một nghìn tỷ phẩy năm tấn", "with a decimal part");
	check_say(sp, "nợ 1000000000000000000 đồng", "nợ một tỷ tỷ đồng", "a tỷ of tỷ");
	check_say(sp, "mã 12345678901234567890123", "mã một hai ba bốn năm sáu bảy tám chín không một hai ba "
		  "bốn năm sáu bảy tám chín không một hai ba", "past 21 digits a number is read digit by digit");

	captured[0] = '\0';
	diag_reset();
	diag_sink_set(sink, NULL);
	got = say(sp, "sai \xC3\x28 chữ");
	diag_sink_set(NULL, NULL);
	CHECK(got == NULL && strstr(captured, "not UTF-8") != NULL, "bad UTF-8 is refused");
	free(got);
	diag_reset();
}

static void lexicons(void)
{
	struct speak *sp = speak_new(0);
	const char *p;
	char *u;

	check_say(sp, "UBND xã", "Ủy ban nhân dân xã", "the built-in lexicon reads UBND");
	check_say(sp, "vào https://zalo.me/g/abc", "vào đường dẫn nhóm Zalo", "a Zalo group link, built in");
	check_say(sp, "vào https://example.com/a/b?c=1", "vào trang example chấm com",
		  "a link nobody named: its site in words, never where it was posted");
	u = speak_url(sp, "HTTPS://WWW.Dichvucong.GOV.vn/x");
	CHECK_STR(u, "Cổng Dịch vụ công quốc gia", "hosts match in any case, www. dropped");
	free(u);

	/* the commune's file: adds, replaces the built-in entry without a
	 * warning, warns for a key repeated in one file */
	p = write_tmp("xa.txt", "UBND = U-bê-en-dê\nzalo.me = nhóm Zalo của xã\nABC = a bê xê\nABC = a bê xê đây\n");
	captured[0] = '\0';
	diag_reset();
	diag_sink_set(sink, NULL);
	CHECK(speak_lexicon_load(sp, p) == 0, "the commune's lexicon loads");
	diag_sink_set(NULL, NULL);
	CHECK(diag_warning_count() == 1 && strstr(captured, "\"ABC\" is in the lexicon twice") != NULL,
	      "one warning: the key repeated in the file, none for replacing a built-in entry");
	check_say(sp, "UBND xã", "U-bê-en-dê xã", "the commune's entry wins over the built-in one");
	check_say(sp, "vào https://zalo.me/g/abc", "vào nhóm Zalo của xã",
		  "the commune's host entry wins over a built-in path entry");
	check_say(sp, "ABC", "A bê xê đây", "the later line of a file wins");
	speak_lexicon_add(sp, "zalo.me/g/abc", "đường dẫn nhóm Zalo xóm Ngói");
	check_say(sp, "vào https://zalo.me/g/abc/", "vào đường dẫn nhóm Zalo xóm Ngói",
		  "a whole address wins over its host");
	speak_lexicon_add(sp, "(đường dẫn)", "đường dẫn của xã");
	check_say(sp, "vào https://example.com/a", "vào đường dẫn của xã", "the commune may name every other link");
	unlink(p);
	diag_reset();

	/* NFD input (decomposed accents) reads like NFC */
	check_say(sp, "thu\xCC\x81ng 4", "thúng bốn", "NFD text is normalised, ordinary words kept");
	check_say(sp, "tha\xCC\x81ng 4", "tháng tư", "NFD \"tháng\" is still recognised");
	speak_free(sp);
	speak_free(NULL);
}

/* With no-break spaces on (the printed script), a name and a number with
 * its unit are joined; other words are not. */
static void nobreak(void)
{
	struct speak *sp = speak_new(0);

	speak_set_nobreak(sp, 1);
	check_say(sp, "cài VNeID trong 2 ha lúc 7h30",
		  "cài vê\xC2\xA0" "en\xC2\xA0" "e\xC2\xA0" "ai\xC2\xA0" "đi trong hai\xC2\xA0" "héc\xC2\xA0"
		  "ta lúc bảy\xC2\xA0" "giờ\xC2\xA0" "ba\xC2\xA0" "mươi\xC2\xA0" "phút",
		  "no-break spaces inside a spoken name, a measure and a time");
	check_say(sp, "có 1.168 người", "có một nghìn một trăm sáu mươi tám người",
		  "a number without a unit may still break");
	speak_free(sp);
}

int main(void)
{
	struct speak *north = speak_new(0), *south = speak_new(1), *content = speak_new(0);
	const char *lex = "content/tu-dien-loa.txt";
	const char *table = "tests/speak/pairs.tsv";

	/* run.sh starts from the top folder; allow running from tests/unit too. */
	if (access(lex, R_OK) != 0)
		lex = "../../content/tu-dien-loa.txt", table = "../speak/pairs.tsv";
	CHECK(speak_lexicon_load(content, lex) == 0, "the commune's lexicon in content/ loads without error");
	CHECK(speak_lookup(content, "(mã QR)") != NULL, "it has a phrase for QR pictures");
	CHECK(speak_lookup(north, "(mã QR)") != NULL, "and so has the built-in lexicon");
	pairs(table, north, south);
	lexicon_errors();
	reader_errors(north);
	lexicons();
	nobreak();
	speak_free(north);
	speak_free(south);
	speak_free(content);
	return t_done();
}

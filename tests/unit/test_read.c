/* Readers: front matter, Markdown, whole documents; every message is
 * checked word for word with its file:line:col, as a clerk would see it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "t.h"
#include "read/read.h"
#include "util/util.h"

/* ---- captured diagnostics ---- */

static struct buf msgs;

static void sink(const char *line, void *ctx)
{
	(void)ctx;
	buf_adds(&msgs, line);
	buf_addc(&msgs, '\n');
}

static void msgs_clear(void)
{
	buf_free(&msgs);
	diag_reset();
}

static const char *msgs_str(void)
{
	return buf_str(&msgs);
}

static int msgs_has(const char *line)
{
	const char *s = buf_str(&msgs);
	size_t n = strlen(line);

	for (; (s = strstr(s, line)); s++)
		if ((s == msgs.data || s[-1] == '\n') && (s[n] == '\n' || s[n] == '\0'))
			return 1;
	return 0;
}

#define CHECK_MSG(line, ...) do { \
	CHECK(msgs_has(line), __VA_ARGS__); \
	if (!msgs_has(line)) printf("#   want: %s\n#   got:  %s\n", line, msgs_str()); \
} while (0)

/* ---- helpers ---- */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static char dir[64];

static char *write_file(const char *name, const char *text, size_t n)
{
	char *path = path_join(dir, name);
	FILE *f = fopen(path, "wb");

	fwrite(text, 1, n, f);
	fclose(f);
	return path;
}

static char *repeat(const char *pre, const char *unit, size_t times, const char *post)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_adds(&b, pre);
	for (i = 0; i < times; i++)
		buf_adds(&b, unit);
	buf_adds(&b, post);
	return buf_take(&b);
}

struct find {
	enum node_type type;
	int skip;
	struct node *found;
};

static int find_cb(struct node *n, int entering, void *ctx)
{
	struct find *f = ctx;

	if (entering && n->type == f->type && f->skip-- == 0) {
		f->found = n;
		return 1;
	}
	return 0;
}

/* The nth (from 0) node of a type, in document order. */
static struct node *find(struct node *root, enum node_type type, int nth)
{
	struct find f = { type, nth, NULL };

	if (root)
		node_walk(root, find_cb, &f);
	return f.found;
}

struct find_line {
	enum node_type type;
	int line;
	struct node *found;
};

static int find_line_cb(struct node *n, int entering, void *ctx)
{
	struct find_line *f = ctx;

	if (entering && n->type == f->type && n->pos.line == f->line) {
		f->found = n;
		return 1;
	}
	return 0;
}

/* The first node of a type starting on a line of the file. */
static struct node *find_at(struct node *root, enum node_type type, int line)
{
	struct find_line f = { type, line, NULL };

	if (root)
		node_walk(root, find_line_cb, &f);
	return f.found;
}

static int count_cb(struct node *n, int entering, void *ctx)
{
	int *c = ctx;

	if (entering && n->type == NODE_LINK)
		(*c)++;
	return 0;
}

/* ---- front matter ---- */

static void test_frontmatter(void)
{
	const char *y =
		"loai: cong-van\n"
		"so: 12/UBND\n"
		"noi_nhan:\n"
		"  - UBND huyện Đồng Phú\n"
		"  - \"Lưu: VT\"\n"
		"co_quan:\n"
		"  ten: UBND xã Tân Thành\n"
		"ghi_chu:\n"
		"rong: ~\n";
	struct meta *m, *c;

	msgs_clear();
	/* as in a file whose line 1 is "---" */
	m = read_frontmatter(y, strlen(y), "cv.md", 2);
	CHECK(m && m->type == META_MAP, "front matter parses to a map");
	if (!m)
		return;
	CHECK_STR(meta_str(m, "loai"), "cong-van", "scalar value kept as text");
	CHECK_STR(meta_str(m, "so"), "12/UBND", "a value with \"/\" is plain text");
	c = meta_get(m, "loai");
	CHECK(c && c->pos.line == 2 && c->pos.col == 1 && c->key_pos.line == 2, "loai: is on line 2 of the file");
	CHECK(c && c->pos.file && strcmp(c->pos.file, "cv.md") == 0, "positions name the file");
	c = meta_get(m, "noi_nhan");
	CHECK(c && c->type == META_LIST && c->pos.line == 4, "noi_nhan is a list, on line 4");
	CHECK(c && c->first && strcmp(c->first->value, "UBND huyện Đồng Phú") == 0, "first list item");
	CHECK(c && c->first && c->first->pos.line == 5 && c->first->pos.col == 5,
	      "first list item at 5:5 (after \"  - \")");
	CHECK(c && c->last && strcmp(c->last->value, "Lưu: VT") == 0, "quoted list item keeps its colon");
	c = meta_get(m, "co_quan");
	CHECK(c && c->type == META_MAP && strcmp(meta_str(c, "ten"), "UBND xã Tân Thành") == 0, "nested map");
	c = meta_get(c, "ten");
	CHECK(c && c->key_pos.line == 8 && c->key_pos.col == 3, "nested key \"ten\" at 8:3");
	CHECK_STR(meta_str(m, "ghi_chu"), "", "empty value is the empty text");
	CHECK_STR(meta_str(m, "rong"), "", "null (~) value is the empty text");
	CHECK(meta_str(m, "khong_co") == NULL, "absent key gives NULL");
	CHECK(diag_error_count() == 0 && diag_warning_count() == 0, "no messages for good front matter");
	meta_free(m);

	/* as clerks type it: a list item with a colon, no-break spaces,
	 * Word's quotes, a colon inside a value, a missing space, a hash */
	{
		const char *cy =
			"noi_nhan:\n"
			"  - Như trên\n"
			"  - Lưu: VT, VP\n"
			"  - Trưởng thôn:  Y Bih\n"
			"trich_yeu:\xC2\xA0V/v: tuyên truyền\xC2\xA0\n"
			"tieu_de: \xE2\x80\x9C""Ngày hội: chữ ký số\xE2\x80\x9D\n"
			"so:5\n"
			"lien_ket: https://zalo.me/g/x   # nhóm Zalo\n"
			"mau: #7A1FA2\n"
			"kinh_gui: Ông, bà Trưởng thôn # chỉ một\n"
			"ghi_chu: chiến dịch #VNeID cho mọi nhà\n";
		msgs_clear();
		m = read_frontmatter(cy, strlen(cy), "cv.md", 2);
		CHECK(m != NULL && diag_error_count() == 0, "front matter as clerks type it is read");
		if (m) {
			c = meta_get(m, "noi_nhan");
			CHECK(c && c->first && c->first->next && c->first->next->type == META_MAP,
			      "YAML reads \"- Lưu: VT, VP\" as a map");
			CHECK_STR(c && c->first && c->first->next ? meta_text(c->first->next) : NULL, "Lưu: VT, VP",
				  "… whose text is the line as written");
			CHECK_STR(c && c->last ? meta_text(c->last) : NULL, "Trưởng thôn: Y Bih",
				  "a name with a title and a colon is a line of text too");
			CHECK_STR(meta_str(m, "trich_yeu"), "V/v: tuyên truyền", "no-break spaces are spaces; a colon inside a value is kept");
			CHECK_STR(meta_str(m, "tieu_de"), "Ngày hội: chữ ký số", "Word's “quotes” quote the value");
			CHECK_STR(meta_str(m, "so"), "5", "\"so:5\" gets its space");
			CHECK_STR(meta_str(m, "lien_ket"), "https://zalo.me/g/x", "a \"# comment\" after a link stays a comment");
			CHECK_STR(meta_str(m, "mau"), "#7A1FA2", "\"mau: #7A1FA2\" keeps its colour");
			CHECK_STR(meta_str(m, "kinh_gui"), "Ông, bà Trưởng thôn", "\"# chỉ một\" is a comment");
			CHECK_STR(meta_str(m, "ghi_chu"), "chiến dịch #VNeID cho mọi nhà", "a hashtag inside a value is kept");
			CHECK(msgs_has("cv.md:10:6: warning: YAML reads \"#7A1FA2\" as a comment and would leave it out; "
				       "phat keeps it as part of the value: to be sure, put the value in quotes: mau: \"#7A1FA2\""),
			      "the colour's hash is named at its line and column, with the quotes to write");
			CHECK(msgs_has("cv.md:12:21: warning: YAML reads \"#VNeID\" as a comment and would leave it out; "
				       "phat keeps it as part of the value: to be sure, put the value in quotes: "
				       "ghi_chu: \"chiến dịch #VNeID cho mọi nhà\""),
			      "the hashtag is named at its line and column");
			CHECK(diag_warning_count() == 2, "two warnings, no more");
		}
		meta_free(m);
	}

	/* decomposed input is normalised */
	msgs_clear();
	m = read_frontmatter("ten: Vie\xCC\xA3\xCC\x82t\n", strlen("ten: Vie\xCC\xA3\xCC\x82t\n"), "cv.md", 2);
	CHECK_STR(m ? meta_str(m, "ten") : NULL, "Việt", "scalars come out in NFC");
	meta_free(m);

	/* only comments: no settings, not an error */
	msgs_clear();
	m = read_frontmatter("# ghi chú\n", 10, "cv.md", 2);
	CHECK(m && m->type == META_MAP && !m->first && diag_error_count() == 0, "comment-only front matter is an empty map");
	meta_free(m);
	m = read_frontmatter("", 0, "cv.md", 2);
	CHECK(m && m->type == META_MAP && !m->first, "empty front matter is an empty map");
	meta_free(m);
}

struct bad_yaml {
	const char *text;
	const char *want;
	const char *what;
};

static void test_frontmatter_errors(void)
{
	static const struct bad_yaml cases[] = {
		{ "loai: cong-van\nso: 12\ntrich_yeu: họp\n  ngay: 2025\n",
		  "cong-van.md:5:7: error: YAML syntax: mapping values are not allowed here (a \":\" inside a value? put the value in \"quotes\")",
		  "a key indented under a value, at its colon" },
		{ "tieu_de: Kế hoạch\n  ngày: 2024\n",
		  "cong-van.md:3:7: error: YAML syntax: mapping values are not allowed here (a \":\" inside a value? put the value in \"quotes\")",
		  "columns count Vietnamese letters, not bytes" },
		{ "a: &x 1\nb: 2\n",
		  "cong-van.md:2:4: error: anchors and aliases (&, *) are not supported in front matter",
		  "an anchor" },
		{ "a: !gap x\n",
		  "cong-van.md:2:4: error: a value starts with \"!\" (put the value in \"quotes\")",
		  "a YAML tag before a value" },
		{ "a: 1\nb: *x\n",
		  "cong-van.md:3:4: error: anchors and aliases (&, *) are not supported in front matter",
		  "an alias" },
		{ "loai: a\nngay: 1\nloai: b\n",
		  "cong-van.md:4:1: error: the key \"loai\" appears twice (first on line 2); keep only one",
		  "a duplicate key, at the second" },
		{ "? [a, b]\n: c\n",
		  "cong-van.md:2:3: error: a key must be a plain word followed by \":\" (such as \"ngay:\")",
		  "a list as a key" },
		{ "- a\n- b\n",
		  "cong-van.md:2:1: error: the front matter must be \"key: value\" lines (such as \"loai: cong-van\")",
		  "a list instead of settings" },
		{ "p: \"C:\\Users\"\n",
		  "cong-van.md:2:9: error: YAML syntax: unknown \\ sequence inside a \"double-quoted\" value (write \\\\ for a backslash, or use 'single quotes')",
		  "a Windows path in double quotes" },
		{ "a: \"mo\n",
		  "cong-van.md:2:4: error: YAML syntax: this quote is never closed; put the closing quote at the end "
		  "of the value, or take the opening one away",
		  "a quote left open: named where it opens" },
		{ "x: 1\n- y\n",
		  "cong-van.md:3:1: error: YAML syntax: this line does not line up with the \"key: value\" lines around it (check the spaces at the start of the line, or put a value with \":\" or \"#\" in \"quotes\")",
		  "a stray list item" },
		{ "a: &Khẩn\n",
		  "cong-van.md:2:4: error: anchors and aliases (&, *) are not supported in front matter",
		  "a value starting with \"&\"" },
		{ "a: !Khẩn\n",
		  "cong-van.md:2:4: error: a value starts with \"!\" (put the value in \"quotes\")",
		  "a value starting with \"!\" (a YAML tag)" },
	};
	size_t i;
	struct meta *m;
	char *deep;
	double t0;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		msgs_clear();
		m = read_frontmatter(cases[i].text, strlen(cases[i].text), "cong-van.md", 2);
		CHECK(m == NULL && diag_error_count() == 1, "front matter refused: %s", cases[i].what);
		CHECK_MSG(cases[i].want, "message for %s", cases[i].what);
		meta_free(m);
	}
	/* a Tab that indents a line: two spaces, as the editor showed it */
	msgs_clear();
	m = read_frontmatter("a:\n\tb: 1\n", strlen("a:\n\tb: 1\n"), "cong-van.md", 2);
	CHECK(m && diag_error_count() == 0 && meta_get(m, "a") && meta_get(meta_get(m, "a"), "b"),
	      "a line indented with a Tab is read as indented");
	CHECK_MSG("cong-van.md:3:1: warning: this line is indented with a Tab; phat read it as two spaces (in the "
		  "settings, indent with spaces)", "... with a warning at its line");
	meta_free(m);

	/* nesting: 33 levels refused, 32 read */
	msgs_clear();
	deep = repeat("a: ", "[", 33, "");
	m = read_frontmatter(deep, strlen(deep), "cong-van.md", 2);
	CHECK(m == NULL, "33 nested lists refused");
	CHECK_MSG("cong-van.md:2:35: error: the front matter is nested more than 32 levels deep; phat reads up to 32",
	          "message for deep nesting at the 32nd \"[\" (level 33 with the map)");
	free(deep);
	msgs_clear();
	deep = repeat("a: ", "[", 31, "");
	{
		char *closed = repeat(deep, "]", 31, "\n");
		m = read_frontmatter(closed, strlen(closed), "cong-van.md", 2);
		CHECK(m != NULL && diag_error_count() == 0, "32 levels (the map and 31 lists) are read");
		meta_free(m);
		free(closed);
	}
	free(deep);

	/* libyaml alone takes seconds on this; we stop at depth 32 */
	msgs_clear();
	deep = repeat("a: ", "[", 40000, "");
	t0 = now();
	m = read_frontmatter(deep, strlen(deep), "cong-van.md", 2);
	t0 = now() - t0;
	CHECK(m == NULL && t0 < 2.0, "40,000 nested \"[\" refused in %.3f s (limit 2 s)", t0);
	free(deep);
}

/* ---- unknown keys ---- */

static void test_keys(void)
{
	static const char *const known[] = { "loai", "ngay", "so", "trich_yeu", "noi_nhan", NULL };
	const char *y = "loai: cong-van\nngya: 1\nngày: 2\nxyzzy: 3\nso: 4\n";
	struct meta *m;
	int n;

	msgs_clear();
	m = read_frontmatter(y, strlen(y), "cv.md", 2);
	n = meta_check_keys(m, known);
	CHECK(n == 3, "three unknown keys counted (got %d)", n);
	CHECK_MSG("cv.md:3:1: error: unknown key \"ngya\": did you mean \"ngay\"?", "swapped letters: suggestion");
	CHECK_MSG("cv.md:4:1: error: unknown key \"ngày\": did you mean \"ngay\"?", "accented key: suggestion");
	CHECK_MSG("cv.md:5:1: error: unknown key \"xyzzy\"; the keys this document may use are: \"loai\", \"ngay\", \"so\", \"trich_yeu\", \"noi_nhan\"",
	          "nothing near: the known keys are listed");
	CHECK(diag_error_count() == 3, "one message per unknown key");
	meta_free(m);
}

/* ---- Markdown ---- */

static void test_markdown(void)
{
	const char *md =
		"# Tiêu đề\n"                                   /* 10 */
		"\n"
		"Một đoạn *nghiêng* và **đậm**.\n"              /* 12 */
		"\n"
		"- một\n"                                       /* 14 */
		"- hai\n"
		"\n"
		"3. ba\n"                                       /* 17 */
		"4. bốn\n"
		"\n"
		"![Bản đồ xã](anh/ban-do.png)\n"                /* 20 */
		"\n"
		"![Quét để xem](qr:https://xa.gov.vn/tb)\n"     /* 22 */
		"\n"
		"Xem [trang xã](https://xa.gov.vn) và ![logo](logo.png) nhỏ.\n"  /* 24 */
		"\n"
		"Bấm [vào đây](javascript:alert(1)) nhé.\n"     /* 26 */
		"\n"
		"<div>\n"                                       /* 28 */
		"x\n"
		"</div>\n"
		"\n"
		"chữ <b>đậm</b>\n"                              /* 32 */
		"\n"
		"---\n"                                         /* 34 */
		"\n"
		"> trích `mã`\n"                                /* 36 */
		"\n"
		"![ảnh](https://x.vn/a.png)\n"                  /* 38 */
		"\n"
		"<!-- ghi chú cho mình -->\n"                   /* 40 */
		"\n"
		"Gọi [0271 3888 999](tel:02713888999) hoặc\n"   /* 42 */
		"viết [thư](mailto:xa@gov.vn).\n";
	struct node *doc, *n;
	char *s;
	int links = 0;

	msgs_clear();
	doc = read_markdown(md, strlen(md), "tb.md", 10);
	CHECK(doc && doc->type == NODE_DOCUMENT, "Markdown parses to a document");
	if (!doc)
		return;

	n = find(doc, NODE_HEADING, 0);
	CHECK(n && n->level == 1 && n->pos.line == 10 && n->pos.col == 1, "heading level 1 on line 10 (front matter offset)");
	s = node_text(n);
	CHECK_STR(s, "Tiêu đề", "heading text");
	free(s);

	n = find(doc, NODE_PARAGRAPH, 0);
	CHECK(n && n->pos.line == 12, "first paragraph on line 12");
	s = node_text(n);
	CHECK_STR(s, "Một đoạn nghiêng và đậm.", "paragraph text without the * marks");
	free(s);
	n = find(doc, NODE_EMPH, 0);
	CHECK(n && n->pos.line == 12 && n->pos.col == 10, "emphasis at 12:10 (columns in letters)");
	CHECK(find(doc, NODE_STRONG, 0) != NULL, "strong emphasis kept");

	n = find(doc, NODE_LIST, 0);
	CHECK(n && !n->ordered && n->tight && n->pos.line == 14, "bullet list, tight, line 14");
	CHECK(n && n->first && n->first->type == NODE_ITEM && n->first->next && !n->first->next->next,
	      "bullet list has two items");
	n = find(doc, NODE_LIST, 1);
	CHECK(n && n->ordered && n->start == 3 && n->pos.line == 17, "numbered list starting at 3, line 17");

	n = find(doc, NODE_FIGURE, 0);
	CHECK(n && n->url && strcmp(n->url, "anh/ban-do.png") == 0 && n->pos.line == 20,
	      "a picture alone in its paragraph is a figure, line 20");
	CHECK_STR(n ? n->text : NULL, "Bản đồ xã", "figure caption from the alt text");
	CHECK(n && !n->first && n->parent == doc, "figure is a block of the document, without children");
	n = find(doc, NODE_FIGURE, 1);
	CHECK(n && n->url && strcmp(n->url, "qr:https://xa.gov.vn/tb") == 0 && n->pos.line == 22,
	      "a QR code alone in its paragraph is a figure with its qr: address");
	CHECK_STR(n ? n->text : NULL, "Quét để xem", "QR caption");
	CHECK(find(doc, NODE_FIGURE, 2) == NULL, "the remote picture made no figure");

	n = find(doc, NODE_LINK, 0);
	CHECK(n && n->url && strcmp(n->url, "https://xa.gov.vn") == 0 && n->pos.line == 24 && n->pos.col == 5,
	      "https link kept at 24:5");
	s = node_text(n);
	CHECK_STR(s, "trang xã", "link label");
	free(s);
	n = find(doc, NODE_IMAGE, 0);
	CHECK(n && n->url && strcmp(n->url, "logo.png") == 0 && n->parent && n->parent->type == NODE_PARAGRAPH,
	      "a picture inside text stays an inline image");
	CHECK_STR(n ? n->text : NULL, "logo", "inline image caption");

	/* javascript: link: text stays, link goes */
	n = find_at(doc, NODE_PARAGRAPH, 26);
	s = node_text(n);
	CHECK_STR(s, "Bấm vào đây nhé.", "the label of a script link stays as text");
	free(s);
	node_walk(doc, count_cb, &links);
	CHECK(links == 3, "only the https, tel and mailto links are links (got %d)", links);
	CHECK_MSG("tb.md:26:5: warning: the link to \"javascript:alert(1)\" was left out (phat keeps only http, https, mailto and tel links); its text stays",
	          "warning for the javascript: link");

	/* HTML */
	CHECK_MSG("tb.md:28:1: warning: HTML is not supported; lines 28 to 30 were left out", "HTML block dropped with a warning");
	CHECK_MSG("tb.md:32:5: warning: HTML is not supported; the tag \"<b>\" was left out and the text around it kept (write **bold** or *italic* in Markdown)", "inline HTML dropped (opening tag), its text kept");
	CHECK_MSG("tb.md:32:11: warning: HTML is not supported; the tag \"</b>\" was left out and the text around it kept (write **bold** or *italic* in Markdown)", "inline HTML dropped (closing tag)");
	s = node_text(doc);
	CHECK(strstr(s, "<div>") == NULL && strstr(s, "<b>") == NULL && strstr(s, "chữ đậm") != NULL,
	      "no HTML left in the text, the words between tags stay");
	CHECK(strstr(s, "ghi chú cho mình") == NULL, "an HTML comment is left out");
	free(s);
	CHECK(strstr(msgs_str(), ":40:") == NULL, "an HTML comment is left out without a warning");

	n = find(doc, NODE_THEMATIC_BREAK, 0);
	CHECK(n && n->pos.line == 34, "thematic break on line 34");
	n = find(doc, NODE_QUOTE, 0);
	CHECK(n && n->pos.line == 36, "block quote on line 36");
	n = find(doc, NODE_CODE, 0);
	CHECK(n && n->text && strcmp(n->text, "mã") == 0 && n->parent && n->parent->type == NODE_PARAGRAPH,
	      "inline code inside the quote's paragraph");

	CHECK_MSG("tb.md:38:1: warning: the picture \"https://x.vn/a.png\" was left out: a picture is a file given by a path relative to the document (such as \"anh/ban-do.png\") or a QR code written \"qr:...\"",
	          "a remote picture is refused with a warning");
	n = find(doc, NODE_LINK, 1);
	CHECK(n && n->url && strcmp(n->url, "tel:02713888999") == 0, "tel: link kept");
	n = find(doc, NODE_SOFTBREAK, 0);
	CHECK(n != NULL, "soft line break kept");
	CHECK(diag_error_count() == 0, "warnings only, no errors");
	node_free(doc);
}

static void test_markdown_dump(void)
{
	/* Expected tree written by hand from CommonMark's rules; columns count
	 * letters: in "Một *hai*" the "*" is the 5th character. */
	const char *md = "## Chào\n\nMột *hai*\nba  \n```\nl1\nl2\n```\n";
	const char *want =
		"document @5:1\n"
		"  heading level=2 @5:1\n"
		"    text \"Chào\" @5:4\n"
		"  paragraph @7:1\n"
		"    text \"Một \" @7:1\n"
		"    emph @7:5\n"
		"      text \"hai\" @7:6\n"
		"    softbreak @7:5\n"
		"    text \"ba\" @8:1\n"
		"  paragraph @9:1\n"
		"    code \"l1\" @9:1\n"
		"    linebreak @9:1\n"
		"    code \"l2\" @9:1\n";
	struct node *doc;
	char *s;

	msgs_clear();
	doc = read_markdown(md, strlen(md), "d.md", 5);
	s = node_dump(doc);
	CHECK_STR(s, want, "node_dump of a small document");
	free(s);
	node_free(doc);
}

/* GFM pipe tables as a clerk types them: outer pipes or none, alignment
 * colons, a missing cell, a picture and bold in cells. The tree is written
 * by hand from the GFM spec (a row has as many cells as the header; the
 * delimiter row's colons give each column's alignment). */
static void test_markdown_table(void)
{
	const char *md =
		"Bảng 1:\n"
		"\n"
		"| Xóm | Số người | Ghi chú |\n"
		"|:---|---:|:---:|\n"
		"| Đồng Cả | **1.169** | ![Bước 1](b1.png) |\n"
		"Cầu Gỗ | 640\n";
	const char *want =
		"document @1:1\n"
		"  paragraph @1:1\n"
		"    text \"Bảng 1:\" @1:1\n"
		"  table @3:1\n"
		"    table_row header @3:1\n"
		"      table_cell align=left @3:2\n"
		"        text \"Xóm\" @3:3\n"
		"      table_cell align=right @3:8\n"
		"        text \"Số người\" @3:9\n"
		"      table_cell align=center @3:19\n"
		"        text \"Ghi chú\" @3:20\n"
		"    table_row @5:1\n"
		"      table_cell align=left @5:2\n"
		"        text \"Đồng Cả\" @5:3\n"
		"      table_cell align=right @5:12\n"
		"        strong @5:13\n"
		"          text \"1.169\" @5:15\n"
		"      table_cell align=center @5:24\n"
		"        image url=\"b1.png\" \"Bước 1\" @5:25\n"
		"    table_row @6:1\n"
		"      table_cell align=left @6:1\n"
		"        text \"Cầu Gỗ\" @6:1\n"
		"      table_cell align=right @6:9\n"
		"        text \"640\" @6:10\n"
		"      table_cell align=center @6:1\n";   /* a cell the row lacks: on its row's line */
	struct node *doc;
	char *s;

	msgs_clear();
	doc = read_markdown(md, strlen(md), "t.md", 1);
	s = node_dump(doc);
	CHECK_STR(s, want, "a pipe table: header row, alignments, a missing cell, a picture in a cell");
	free(s);
	node_free(doc);

	/* header and delimiter rows that disagree: not a table, and said */
	md = "Bảng:\n\n| Xóm | Số | Tỷ lệ |\n|---|---|\n| a | 1 | 2 |\n";
	msgs_clear();
	doc = read_markdown(md, strlen(md), "t.md", 10);
	CHECK(!doc, "3 header cells over 2 delimiter cells: refused (it would print as lines of \"|\")");
	CHECK_MSG("t.md:12:1: error: this looks like a table, but its first row has 3 cells and the \"---\" "
		  "row under it 2; give both rows the same number of \"|\" (it would print as text)",
		  "... and the clerk is told at the header's line");
	node_free(doc);
	/* a row with text past the header's columns would lose it: refused;
	 * an empty extra cell or a short row is fine */
	md = "| A | B |\n|---|---|\n| 1 | 2 | ba |\n";
	msgs_clear();
	doc = read_markdown(md, strlen(md), "t.md", 5);
	CHECK(!doc, "a row with a third cell under two columns is refused (cmark-gfm would drop \"ba\")");
	CHECK_MSG("t.md:7:1: error: this table row has 3 cells but the table has 2 columns; the text past the "
		  "last column would be lost: add a column to the header and the \"---\" row, or take out the "
		  "extra \"|\"", "... at the row's line");
	node_free(doc);
	md = "| A | B |\n|---|---|\n| 1 | 2 | |\n| x |\n";
	msgs_clear();
	doc = read_markdown(md, strlen(md), "t.md", 5);
	CHECK(doc && find(doc, NODE_TABLE, 0) && !*msgs_str(), "an empty extra cell and a short row: a table, no word");
	node_free(doc);
	/* a dash list under a line with "|" is a list, not a table */
	md = "a | b\n- | -\n";
	msgs_clear();
	doc = read_markdown(md, strlen(md), "t.md", 1);
	CHECK(doc && !find(doc, NODE_TABLE, 0) && !*msgs_str(), "\"- | -\" under \"a | b\" is a list item: no table, no warning");
	node_free(doc);
}

static void test_markdown_limits(void)
{
	struct {
		const char *pre, *unit, *post;
		size_t times;
		const char *what;
		const char *want;
	} cases[] = {
		{ "", "- ", "a\n", 30000, "30,000 nested \"- \"",
		  "p.md:3:1: error: this line opens lists or quotes more than 32 deep (\"-\", \"1.\" or \">\" marks); phat reads up to 32" },
		{ "", ">", "a*\n", 100000, "100,000 \">\" then \"a*\"",
		  "p.md:3:1: error: this line opens lists or quotes more than 32 deep (\"-\", \"1.\" or \">\" marks); phat reads up to 32" },
		{ "Chữ.\n\n", "![[]()", "\n", 40000, "\"![[]()\" 40,000 times",
		  "p.md:5:1: error: the paragraph starting here has more than 5000 \"[\" brackets; phat reads up to 5000 in one paragraph (put blank lines between paragraphs)" },
		{ "", "1. ", "a\n", 40, "40 nested \"1. \"",
		  "p.md:3:1: error: this line opens lists or quotes more than 32 deep (\"-\", \"1.\" or \">\" marks); phat reads up to 32" },
	};
	size_t i;
	struct node *doc;
	char *s;
	double t;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		s = repeat(cases[i].pre, cases[i].unit, cases[i].times, cases[i].post);
		msgs_clear();
		t = now();
		doc = read_markdown(s, strlen(s), "p.md", 3);
		t = now() - t;
		CHECK(doc == NULL && t < 2.0, "%s refused in %.3f s (limit 2 s)", cases[i].what, t);
		CHECK_MSG(cases[i].want, "message for %s", cases[i].what);
		node_free(doc);
		free(s);
	}

	/* nesting by indentation, which the line scan cannot see */
	{
		struct buf b;
		int k, j;

		buf_init(&b);
		for (k = 0; k < 40; k++) {
			for (j = 0; j < 2 * k; j++)
				buf_addc(&b, ' ');
			buf_adds(&b, "- a\n");
		}
		msgs_clear();
		doc = read_markdown(b.data, b.len, "p.md", 3);
		CHECK(doc == NULL, "40 lists nested by indentation refused");
		/* the 33rd list starts on the 33rd line, after 64 spaces */
		CHECK_MSG("p.md:35:65: error: lists and quotes are nested more than 32 deep here; phat reads up to 32",
		          "message at the 33rd nested list");
		buf_free(&b);
	}
	/* deep emphasis */
	{
		char *open = repeat("", "*", 80, "a");
		char *all = repeat(open, "*", 80, "\n");
		msgs_clear();
		t = now();
		doc = read_markdown(all, strlen(all), "p.md", 3);
		t = now() - t;
		CHECK(doc == NULL && t < 2.0, "80 nested \"*\" refused in %.3f s", t);
		CHECK(strstr(msgs_str(), "emphasis (* or _) and links are nested more than 32 deep here") != NULL,
		      "message for deep emphasis");
		free(open);
		free(all);
	}

	/* what must still be read: 32 levels, a rule of many stars, many links */
	s = repeat("", "- ", 32, "a\n");
	msgs_clear();
	doc = read_markdown(s, strlen(s), "p.md", 3);
	CHECK(doc != NULL && diag_error_count() == 0, "32 nested lists on one line are read");
	node_free(doc);
	free(s);
	s = repeat("", "* ", 40, "\n");
	msgs_clear();
	doc = read_markdown(s, strlen(s), "p.md", 3);
	CHECK(doc != NULL && find(doc, NODE_THEMATIC_BREAK, 0) != NULL, "\"* \" 40 times alone on a line is a rule");
	node_free(doc);
	free(s);
	s = repeat("", "- [Trang](https://xa.gov.vn)\n", 6000, "");
	msgs_clear();
	t = now();
	doc = read_markdown(s, strlen(s), "p.md", 3);
	t = now() - t;
	{
		int links = 0;
		if (doc)
			node_walk(doc, count_cb, &links);
		CHECK(links == 6000 && t < 2.0, "a list of 6,000 links (one per item) is read, in %.3f s", t);
	}
	node_free(doc);
	free(s);
}

/* ---- whole documents ---- */

/* n = 0: text is a C string */
static struct doc *doc_from(const char *name, const char *text, size_t n, const struct meta *defaults)
{
	char *p = write_file(name, text, n ? n : strlen(text));
	struct doc *d;

	msgs_clear();
	d = read_doc(p, dir, defaults);
	free(p);
	return d;
}

static void test_doc(void)
{
	const char *good =
		"---\n"
		"loai: cong-van\n"
		"so: 12/UBND\n"
		"---\n"
		"\n"
		"# Thông báo\n"
		"\n"
		"Nội dung.\n";
	struct doc *d;
	struct meta *defaults;
	char *p, *want;
	const struct meta *c;

	d = doc_from("tb.md", good, strlen(good), NULL);
	CHECK(d != NULL && diag_error_count() == 0, "a good document is read");
	if (d) {
		CHECK_STR(meta_str(d->meta, "loai"), "cong-van", "merged meta has loai");
		CHECK_STR(meta_str(d->own, "so"), "12/UBND", "own meta has so");
		CHECK(meta_get(d->own, "so")->pos.line == 3, "front matter lines are the file's lines");
		CHECK(d->body && d->body->first && d->body->first->type == NODE_HEADING && d->body->first->pos.line == 6,
		      "body heading is on line 6 of the file");
		CHECK(d->body_pos.line == 5, "the body starts on line 5");
		CHECK_STR(d->dir, dir, "dir is the folder of the file");
		CHECK_STR(d->root, dir, "root is the content folder given");
		want = path_join(dir, "tb.md");
		CHECK_STR(d->path, want, "path as given");
		CHECK(d->body->first->pos.file && strcmp(d->body->first->pos.file, want) == 0, "node positions name the file");
		free(want);
	}
	doc_free(d);

	/* defaults from content/phat.yaml: the document wins */
	p = write_file("phat.yaml", "co_quan: UBND xã Tân Thành\nso: 0\n", strlen("co_quan: UBND xã Tân Thành\nso: 0\n"));
	msgs_clear();
	defaults = read_yaml_file(p);
	CHECK(defaults && strcmp(meta_str(defaults, "co_quan"), "UBND xã Tân Thành") == 0, "read_yaml_file reads settings");
	d = doc_from("tb.md", good, strlen(good), defaults);
	CHECK(d && strcmp(meta_str(d->meta, "so"), "12/UBND") == 0, "the document's value wins over the default");
	CHECK(d && meta_str(d->meta, "co_quan") && strcmp(meta_str(d->meta, "co_quan"), "UBND xã Tân Thành") == 0,
	      "a default the document lacks is merged in");
	CHECK(d && !meta_get(d->own, "co_quan"), "own front matter has only the document's keys");
	c = d ? meta_get(d->meta, "co_quan") : NULL;
	CHECK(c && c->pos.line == 1 && c->pos.file && strstr(c->pos.file, "phat.yaml"),
	      "a merged default points at phat.yaml line 1");
	CHECK(d && d->meta->first && strcmp(d->meta->first->key, "co_quan") == 0 &&
	      strcmp(d->meta->first->next->key, "loai") == 0, "defaults first, then the document's keys");
	doc_free(d);
	meta_free(defaults);
	free(p);

	/* BOM, Windows line ends, decomposed letters */
	{
		const char *t = "\xEF\xBB\xBF---\r\nloai: to-roi\r\n---\r\nVie\xCC\xA3\xCC\x82t Nam\r\n";
		char *s;

		d = doc_from("bom.md", t, strlen(t), NULL);
		CHECK(d && strcmp(meta_str(d->meta, "loai"), "to-roi") == 0, "a BOM and CRLF line ends are fine");
		s = d ? node_text(d->body) : NULL;
		CHECK_STR(s, "Việt Nam", "body text comes out in NFC");
		CHECK(d && d->body->first && d->body->first->pos.line == 4, "body line numbers with CRLF");
		free(s);
		doc_free(d);
	}
	/* "..." closes front matter too */
	d = doc_from("dots.md", "---\nloai: x\n...\nChữ.\n", 0, NULL);
	CHECK(d != NULL, "front matter may end with \"...\"");
	doc_free(d);
}

static void test_doc_errors(void)
{
	struct doc *d;
	char *want, *p;

	/* invalid UTF-8: position of the first bad byte */
	d = doc_from("bad.md", "---\nloai: x\n---\nChữ.\nXin ch\xE0o\n", 0, NULL);
	want = xasprintf("%s/bad.md:5:7: error: this file is not valid UTF-8 text (byte 0xE0); save it as UTF-8 (Unicode) and try again", dir);
	CHECK(d == NULL, "invalid UTF-8 refused");
	CHECK_MSG(want, "invalid UTF-8 message with line and column");
	CHECK(strstr(msgs_str(), "TCVN3") == NULL, "one bad byte: no old-encoding hint");
	free(want);

	/* TCVN3 ("ABC") bytes: "Céng hoµ x· héi" */
	d = doc_from("abc.md", "---\nloai: x\n---\nC\xE9ng ho\xB5 x\xB7 h\xE9i\n", 0, NULL);
	want = xasprintf("%s/abc.md:4:2: note: the text looks like the old Vietnamese encoding TCVN3, also called ABC (fonts .VnTime, .VnArial …), not Unicode; convert it: copy it, open UniKey's converter (Ctrl+Shift+F6), choose source TCVN3 (ABC), destination Unicode, press \"Chuyển mã\", paste it back and save the file as UTF-8", dir);
	CHECK(d == NULL, "TCVN3 text refused");
	CHECK_MSG(want, "old-encoding hint for TCVN3 text");
	free(want);

	/* UTF-16 from Notepad: read, with a note */
	d = doc_from("u16.md", "\xFF\xFE-\0-\0-\0\n\0l\0o\0a\0i\0:\0 \0x\0\n\0-\0-\0-\0\n\0C\0h\0\xEF\x1E.\0\n\0", 44, NULL);
	want = xasprintf("%s/u16.md: note: this file is saved as UTF-16 (\"Unicode\"); phat read it as such (to be sure, save it as UTF-8)", dir);
	CHECK(d != NULL && d->body->first && strcmp(d->body->first->first->text, "Chữ.") == 0, "a UTF-16 file is read");
	CHECK_MSG(want, "UTF-16 file named as such in a note");
	free(want);
	doc_free(d);

	/* Windows-1258 ("ANSI" on Vietnamese Windows), tone marks as their own
	 * characters: "Tha\xCCnh" is "Thành" */
	d = doc_from("ansi.md", "---\nloai: x\n---\nTa\xECn Tha\xCCnh \xF0""a\xECo ta\xDEo\n", 0, NULL);
	CHECK(d != NULL && d->body->first && strcmp(d->body->first->first->text, "Tán Thành đáo tão") == 0,
	      "a Windows-1258 file is read, its tone marks joined to their letters");
	want = xasprintf("%s/ansi.md: note: this file is saved as Windows-1258 (Excel's \"CSV (Comma delimited)\", Notepad's \"ANSI\"); phat read it as such (to be sure, save it as UTF-8)", dir);
	CHECK_MSG(want, "Windows-1258 named in a note");
	free(want);
	doc_free(d);

	/* one paragraph pasted from an old .doc into a Unicode file */
	d = doc_from("para.md", "---\nloai: x\n---\nTuyên truyền đến người dân trong xã.\n\n\xC2\xAE\xC3\x88y m\xC2\xB9nh tuy\xC2\xAAn truy\xC3\x92n\n", 0, NULL);
	want = xasprintf("%s/para.md:6:6: error: the text looks like the old Vietnamese encoding TCVN3", dir);
	CHECK(d == NULL, "one TCVN3 paragraph among Unicode ones is refused");
	CHECK(strstr(msgs_str(), want) != NULL, "… at its line and column");
	free(want);

	/* pasted from Word and the web: soft hyphens, zero-width spaces, Ð */
	d = doc_from("paste.md", "---\nloai: x\n---\n\xC3\x90\xE1\xBB\x93ng \xC4\x91\xC3\xA2""u\xC2\xADy chuy\xE1\xBB\x83n\xE2\x80\x8B\n", 0, NULL);
	CHECK(d != NULL && d->body->first && strcmp(d->body->first->first->text, "Đồng đâuy chuyển") == 0,
	      "Ð is read as Đ, soft hyphens and zero-width spaces go");
	CHECK(strstr(msgs_str(), "paste.md:4:1: note: \"Ð\" (U+00D0) only looks like a Vietnamese letter; phat reads it as \"Đ\"") != NULL,
	      "the look-alike is named once, at its place");
	doc_free(d);

	/* NUL */
	d = doc_from("nul.md", "---\nloai: x\n---\nab\0c\n", 21, NULL);
	want = xasprintf("%s/nul.md:4:3: error: this file is not valid UTF-8 text (byte 0x00); save it as UTF-8 (Unicode) and try again", dir);
	CHECK(d == NULL, "a NUL byte refused");
	CHECK_MSG(want, "NUL byte message");
	free(want);

	/* no front matter */
	d = doc_from("nofm.md", "# Thông báo\n\nChữ.\n", 0, NULL);
	want = xasprintf("%s/nofm.md:1:1: error: the file must start with a line \"---\" and a \"loai:\" line (for example \"loai: cong-van\"), then the other settings and a closing \"---\" line", dir);
	CHECK(d == NULL, "missing front matter refused");
	CHECK_MSG(want, "missing front matter message at line 1");
	free(want);

	/* not closed */
	d = doc_from("open.md", "---\nloai: x\n\nChữ.\n", 0, NULL);
	want = xasprintf("%s/open.md:1:1: error: the front matter that starts here has no closing \"---\" line; put one after the settings", dir);
	CHECK(d == NULL, "unclosed front matter refused");
	CHECK_MSG(want, "unclosed front matter message");
	free(want);

	/* nothing after the front matter */
	d = doc_from("empty.md", "---\nloai: x\n---\n  \n\t\n", 0, NULL);
	want = xasprintf("%s/empty.md:3:1: error: the document has no text after its front matter; write the text below this \"---\" line", dir);
	CHECK(d == NULL, "empty body refused");
	CHECK_MSG(want, "empty body message");
	free(want);

	/* YAML errors carry the real line of the file */
	{
		const char *t = "---\nloai: cong-van\nso: 12\ntrich_yeu: họp\n  ngay: 2025\n---\nChữ.\n";
		d = doc_from("cong-van.md", t, strlen(t), NULL);
		want = xasprintf("%s/cong-van.md:5:7: error: YAML syntax: mapping values are not allowed here (a \":\" inside a value? put the value in \"quotes\")", dir);
		CHECK(d == NULL, "bad YAML refused");
		CHECK_MSG(want, "YAML error at the file's line");
		free(want);
	}
	/* both parts are checked in one run */
	{
		const char *t = "---\nloai: a\nloai: b\n---\n<p>x</p>\n\n[a](javascript:x)\n";
		d = doc_from("two.md", t, strlen(t), NULL);
		CHECK(d == NULL && diag_error_count() == 1 && diag_warning_count() == 2,
		      "front matter error and body warnings reported together");
		want = xasprintf("%s/two.md:7:1: warning: the link to \"javascript:x\" was left out (phat keeps only http, https, mailto and tel links); its text stays", dir);
		CHECK_MSG(want, "body positions after front matter");
		free(want);
	}

	/* too large */
	{
		size_t n = 9u << 20;
		char *big = xmalloc(n);

		memset(big, 'a', n);
		memcpy(big, "---\nloai: x\n---\n", 16);
		d = doc_from("big.md", big, n, NULL);
		want = xasprintf("%s/big.md: error: the file is 9 MB; phat reads files up to 8 MB", dir);
		CHECK(d == NULL, "a 9 MB file is refused");
		CHECK_MSG(want, "file size message");
		free(want);
		free(big);
		p = path_join(dir, "big.md");
		unlink(p);
		free(p);
	}

	/* missing */
	msgs_clear();
	p = path_join(dir, "khong-co.md");
	d = read_doc(p, dir, NULL);
	want = xasprintf("%s: error: cannot read this file: No such file or directory", p);
	CHECK(d == NULL, "a missing file gives NULL");
	CHECK_MSG(want, "missing file message");
	free(want);
	free(p);
}

/* A data file named from a month's folder ("../so-lieu/2025-09.csv") is
 * printed as the clerk would name it from the content folder. */
static void test_path_tidy(void)
{
	static const char *const cases[][2] = {
		{ "./2025-09/../so-lieu/2025-09.csv", "./so-lieu/2025-09.csv" },
		{ "noi-dung/2025-09/../../so-lieu/a.csv", "so-lieu/a.csv" },
		{ "/home/xa/noi-dung/./thang-9//a.md", "/home/xa/noi-dung/thang-9/a.md" },
		{ "../so-lieu/a.csv", "../so-lieu/a.csv" },
		{ "a/../../b", "../b" },
		{ "a/b/..", "a" },
		{ "./a/..", "./" },
		{ "so-lieu/2025-09.csv", "so-lieu/2025-09.csv" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *t = path_tidy(cases[i][0]);
		CHECK_STR(t, cases[i][1], "path_tidy %s", cases[i][0]);
		free(t);
	}
}

int main(void)
{
	char cmd[128];

	snprintf(dir, sizeof dir, "/tmp/phat-test-read-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	buf_init(&msgs);
	diag_sink_set(sink, NULL);

	test_frontmatter();
	test_frontmatter_errors();
	test_keys();
	test_markdown();
	test_markdown_dump();
	test_markdown_table();
	test_markdown_limits();
	test_doc();
	test_doc_errors();
	test_path_tidy();

	diag_sink_set(NULL, NULL);
	buf_free(&msgs);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	return t_done();
}

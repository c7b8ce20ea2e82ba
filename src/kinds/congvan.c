/* Công văn (official dispatch) per Nghị định 30/2020/NĐ-CP, Phụ lục I and
 * Mẫu 1.5, with its appendices (Mẫu 2.1). This module only arranges: every
 * line is broken and placed by the shared layout engine. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "kind.h"
#include "body.h"
#include "../layout/layout.h"
#include "../read/read.h"
#include "../util/util.h"
#include "../util/utf8.h"

/* Page geometry: margins inside the decree's ranges (top/bottom 20–25,
 * left 30–35, right 15–20 mm), wide enough for the 68 + 95 mm header. */
#define PAGE_W   MM(210)
#define PAGE_H   MM(297)
#define M_TOP    MM(20)
#define M_BOTTOM MM(20)
#define M_LEFT   MM(30)
#define M_RIGHT  MM(15)
#define TEXT_W   (PAGE_W - M_LEFT - M_RIGHT)
#define HEAD_LW  MM(68)          /* left header column */
#define HEAD_RW  MM(95)          /* right header column */
#define HEAD_RX  (PAGE_W - M_RIGHT - HEAD_RW)
#define KG_INDENT MM(35)         /* "Kính gửi:" from the left margin (model) */
#define SIGN_LW  MM(62)          /* "Nơi nhận" column */
#define SIGN_RW  MM(100)         /* signer column */
#define BODY_SIZE 14.0
#define NBSP "\xC2\xA0"
#define BLANK NBSP NBSP NBSP NBSP NBSP NBSP   /* a number left blank in a draft */

static const char *const cv_keys[] = {
	"co_quan_chu_quan", "co_quan", "so", "ky_hieu", "dia_danh", "ngay", "trich_yeu",
	"kinh_gui", "noi_nhan", "nguoi_ky", "phu_luc", NULL
};
static const char *const signer_keys[] = { "quyen_han", "chuc_vu", "ho_ten", NULL };
static const char *const appendix_keys[] = { "loai", "tieu_de", NULL };

struct cv {
	const struct doc *d;
	const struct measure *m;
	struct layout_doc *ld;
	char so[96];               /* "05/UBND-VP" or blank + "/UBND-VP" */
	char date[160];            /* "ngày 05 tháng 01 năm 2025" */
	char *place_date;          /* "Tân Thành, ngày …" */
	const char *agency;        /* normal case, for "của …" */
	int errors;
};

/* ---- values from the front matter ---- */

static const char *need_str(struct cv *cv, const char *key, const char *hint)
{
	const struct meta *v = meta_get(cv->d->meta, key);

	if (!v || v->type != META_SCALAR || !*v->value) {
		struct pos at = v ? v->pos : cv->d->own->pos;
		diag_error(at, "the dispatch needs \"%s:\" (%s)", key, hint);
		cv->errors++;
		return NULL;
	}
	return v->value;
}

static int days_in_month(int y, int mo)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[mo - 1];
}

/* "ngày 05 tháng 01 năm 2025": days below 10 and months 1 and 2 take a
 * leading zero, other months none; a draft leaves day and month blank. */
static int cv_date(struct cv *cv)
{
	const struct meta *v = meta_get(cv->d->meta, "ngay");
	const char *s = v && v->type == META_SCALAR ? v->value : "";
	int y = 0, mo = 0, da = 0, n = 0;

	if (v && v->type != META_SCALAR) {
		diag_error(v->pos, "\"ngay:\" must be one date written YYYY-MM-DD, e.g. 2025-01-15");
		return -1;
	}
	if (!*s) {
		snprintf(cv->date, sizeof cv->date, "ngày %s tháng %s năm %s", BLANK, BLANK, BLANK);
		return 0;
	}
	if (strlen(s) == 4 && sscanf(s, "%4d%n", &y, &n) == 1 && n == 4 && y >= 1900) {
		snprintf(cv->date, sizeof cv->date, "ngày %s tháng %s năm %d", BLANK, BLANK, y);
		return 0;
	}
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &da, &n) != 3 || n != 10 ||
	    y < 1900 || mo < 1 || mo > 12 || da < 1 || da > days_in_month(y, mo)) {
		diag_error(v->pos, "\"ngay: %s\" is not a date; write it as YYYY-MM-DD (e.g. 2025-01-15), "
			   "or only the year (2025) for a draft", s);
		return -1;
	}
	snprintf(cv->date, sizeof cv->date, mo <= 2 ? "ngày %02d tháng %02d năm %d" : "ngày %02d tháng %d năm %d",
		 da, mo, y);
	return 0;
}

/* "Số: 05/UBND-VP": a leading zero below 10, the symbol in capitals. */
static int cv_number(struct cv *cv)
{
	const struct meta *v = meta_get(cv->d->meta, "so");
	const char *so = v && v->type == META_SCALAR ? v->value : "";
	const char *kh = need_str(cv, "ky_hieu", "the symbol of the dispatch, e.g. ky_hieu: UBND-VP");
	char *khu;
	size_t i;
	long num;
	char *end;

	if (!kh)
		return -1;
	khu = utf8_upper(kh);
	for (i = 0; khu[i]; i++)
		if (khu[i] == ' ') {
			diag_error(meta_get(cv->d->meta, "ky_hieu")->pos,
				   "\"ky_hieu: %s\" must have no spaces; join its parts with \"-\" (e.g. UBND-VP)", kh);
			free(khu);
			return -1;
		}
	if (!*so) {
		snprintf(cv->so, sizeof cv->so, "%s/%s", BLANK, khu);
	} else {
		num = strtol(so, &end, 10);
		if (*end || num <= 0 || num > 999999) {
			diag_error(v->pos, "\"so: %s\" must be the dispatch number (1, 2, …), or be left blank in a draft", so);
			free(khu);
			return -1;
		}
		snprintf(cv->so, sizeof cv->so, "%02ld/%s", num, khu);
	}
	free(khu);
	return 0;
}

/* ---- placing lines of the header ---- */

/* Breaks text in one style into the column [x, x + w] from y_top; returns
 * the bottom. *x0, *x1 receive the horizontal extent of the widest line. */
static double put_text(struct cv *cv, struct page *pg, const char *text, enum face f, double size,
		       enum align al, double x, double w, double y_top, double *x0, double *x1)
{
	struct para p;
	struct lines ls;
	double bottom;
	size_t i;

	para_init(&p, al, w);
	p.leading = size * 1.2;
	para_add(&p, f, size, text, NULL, cv->d->own->pos);
	cv->errors += para_check_glyphs(&p, cv->m);
	layout_break(cv->m, &p, &ls);
	bottom = lines_place(pg, &ls, x, y_top);
	if (x0 && x1) {
		double best = -1;
		for (i = 0; i < ls.n; i++) {
			const struct line *ln = &ls.v[i];
			if (ln->n && ln->items[ln->n - 1].x + ln->items[ln->n - 1].w - ln->items[0].x > best) {
				best = ln->items[ln->n - 1].x + ln->items[ln->n - 1].w - ln->items[0].x;
				*x0 = x + ln->items[0].x;
				*x1 = *x0 + best;
			}
		}
	}
	lines_free(&ls);
	para_free(&p);
	return bottom;
}

static void put_centred(struct page *pg, const struct measure *m, const char *text, enum face f,
			double size, double x, double w, double baseline)
{
	double tw = measure_text(m, f, size, text);
	page_add_text(pg, x + (w - tw) / 2, baseline, f, size, text, tw);
}

/* The national header, the agency, Số, place and date, V/v. Returns the
 * bottom of the header. */
static double cv_header(struct cv *cv, struct page *pg)
{
	const struct meta *meta = cv->d->meta;
	const char *parent = meta_str(meta, "co_quan_chu_quan");
	const char *place = need_str(cv, "dia_danh", "the place name for the date line, e.g. dia_danh: Tân Thành");
	const char *subject = need_str(cv, "trich_yeu", "the subject of the dispatch, without \"V/v\"");
	double yl = M_TOP, yr = M_TOP, x0 = 0, x1 = 0, rule_l, rule_r, so_base, bottom, qh_size;
	char *up;

	if (!cv->agency || !place || !subject)
		return M_TOP;
	/* left column: parent body (upright), issuing body (bold), its rule */
	if (parent && *parent) {
		up = utf8_upper(parent);
		yl = put_text(cv, pg, up, FACE_SERIF, 13, ALIGN_CENTER, M_LEFT, HEAD_LW, yl, NULL, NULL);
		free(up);
	}
	up = utf8_upper(cv->agency);
	yl = put_text(cv, pg, up, FACE_SERIF_BOLD, 13, ALIGN_CENTER, M_LEFT, HEAD_LW, yl, &x0, &x1);
	free(up);
	rule_l = yl + 1;
	{
		/* 1/3 to 1/2 of the name's width: we take 2/5, centred */
		double rw = (x1 - x0) * 0.4;
		page_add_rule(pg, M_LEFT + (HEAD_LW - rw) / 2, rule_l, rw, 0.5);
	}
	/* right column: Quốc hiệu (13 pt when it fits the column, else 12),
	 * Tiêu ngữ with a rule exactly as long as the text */
	qh_size = measure_text(cv->m, FACE_SERIF_BOLD, 13, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") <= HEAD_RW
		  ? 13 : 12;
	yr = put_text(cv, pg, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FACE_SERIF_BOLD, qh_size, ALIGN_CENTER,
		      HEAD_RX, HEAD_RW, yr, NULL, NULL);
	if (parent && *parent)
		yr = yr < yl - 13 * 1.2 ? yr : yr;   /* rows pair up line by line */
	yr = put_text(cv, pg, "Độc lập - Tự do - Hạnh phúc", FACE_SERIF_BOLD, 14, ALIGN_CENTER,
		      HEAD_RX, HEAD_RW, yr, &x0, &x1);
	rule_r = yr + 1;
	page_add_rule(pg, x0, rule_r, x1 - x0, 0.5);

	/* "Số:" and the italic place and date share one baseline */
	so_base = (rule_l > rule_r ? rule_l : rule_r) + 22;
	{
		char *s = xasprintf("Số: %s", cv->so);
		put_centred(pg, cv->m, s, FACE_SERIF, 13, M_LEFT, HEAD_LW, so_base);
		free(s);
	}
	cv->place_date = xasprintf("%s, %s", place, cv->date);
	{
		/* the date line may wrap in the right column (long place names) */
		struct para p;
		struct lines ls;
		para_init(&p, ALIGN_CENTER, HEAD_RW);
		p.leading = 14 * 1.2;
		para_add(&p, FACE_SERIF_ITALIC, 14, cv->place_date, NULL, cv->d->own->pos);
		cv->errors += para_check_glyphs(&p, cv->m);
		layout_break(cv->m, &p, &ls);
		bottom = lines_place(pg, &ls, HEAD_RX, so_base - (ls.n ? line_baseline(&ls.v[0]) : 0));
		lines_free(&ls);
		para_free(&p);
	}
	/* V/v under Số, 6 pt below it, centred, wrapping in the column */
	{
		char *vv = xasprintf("V/v %s", subject);
		double b2 = put_text(cv, pg, vv, FACE_SERIF, 12, ALIGN_CENTER, M_LEFT, HEAD_LW,
				     so_base + 6 - 12 * 0.2, NULL, NULL);
		free(vv);
		if (b2 > bottom)
			bottom = b2;
	}
	return bottom;
}

/* ---- recipients ---- */

static void cv_recipients(struct cv *cv, struct flow *f)
{
	const struct meta *kg = meta_get(cv->d->meta, "kinh_gui");
	const char *label = "Kính gửi:";
	double lw = measure_text(cv->m, FACE_SERIF, BODY_SIZE, label);
	double sw = measure_text(cv->m, FACE_SERIF, BODY_SIZE, " ");
	struct para p;
	struct block *b;

	if (!kg || (kg->type == META_SCALAR && !*kg->value) || (kg->type == META_LIST && !kg->first) ||
	    kg->type == META_MAP) {
		diag_error(kg ? kg->pos : cv->d->own->pos,
			   "the dispatch needs \"kinh_gui:\" (the recipient, or a list of recipients)");
		cv->errors++;
		return;
	}
	if (kg->type == META_SCALAR || kg->first == kg->last) {
		/* one recipient: on the same line, ending "." */
		const struct meta *one = kg->type == META_SCALAR ? kg : kg->first;
		char *t;
		size_t n = strlen(one->value);

		while (n > 0 && strchr(".;,", one->value[n - 1]))
			n--;
		t = xasprintf("%s %.*s.", label, (int)n, one->value);
		para_init(&p, ALIGN_LEFT, TEXT_W);
		p.indent = KG_INDENT + lw + sw;
		p.first_indent = -(lw + sw);
		p.leading = BODY_SIZE * 1.2;
		p.space_before = 6;
		para_add(&p, FACE_SERIF, BODY_SIZE, t, NULL, one->pos);
		cv->errors += para_check_glyphs(&p, cv->m);
		flow_add_para(f, cv->m, &p, 0);
		para_free(&p);
		free(t);
		return;
	}
	para_init(&p, ALIGN_LEFT, TEXT_W);
	p.indent = KG_INDENT;
	p.leading = BODY_SIZE * 1.2;
	p.space_before = 6;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF, BODY_SIZE, label, NULL, kg->pos);
	b = flow_add_para(f, cv->m, &p, 0);
	(void)b;
	para_free(&p);
	{
		/* several: one per line, "- " lined up under the colon's end,
		 * ";" after each and "." after the last */
		const struct meta *it;
		for (it = kg->first; it; it = it->next) {
			size_t n;
			char *t;

			if (it->type != META_SCALAR) {
				diag_error(it->pos, "each recipient under \"kinh_gui:\" must be one line of text");
				cv->errors++;
				continue;
			}
			n = strlen(it->value);
			while (n > 0 && strchr(".;,", it->value[n - 1]))
				n--;
			t = xasprintf("- %.*s%s", (int)n, it->value, it->next ? ";" : ".");
			para_init(&p, ALIGN_LEFT, TEXT_W);
			p.indent = KG_INDENT + lw;
			p.leading = BODY_SIZE * 1.2;
			para_add(&p, FACE_SERIF, BODY_SIZE, t, NULL, it->pos);
			cv->errors += para_check_glyphs(&p, cv->m);
			flow_add_para(f, cv->m, &p, 0);
			para_free(&p);
			free(t);
		}
	}
}

/* ---- closing block: Nơi nhận on the left, the signer on the right ---- */

static void cv_closing(struct cv *cv, struct flow *f)
{
	const struct meta *nn = meta_get(cv->d->meta, "noi_nhan");
	const struct meta *sg = meta_get(cv->d->meta, "nguoi_ky");
	const char *auth = NULL, *title = NULL, *name = NULL;
	struct flow tmp;
	struct block *b;
	struct para p;
	struct lines ls;
	double yl, yr, base, top_pad;
	const double rx = TEXT_W - SIGN_RW;
	int has_luu = 0;
	char *up;

	if (!sg || sg->type != META_MAP) {
		diag_error(sg ? sg->pos : cv->d->own->pos,
			   "the dispatch needs \"nguoi_ky:\" with \"chuc_vu:\" and \"ho_ten:\" "
			   "(and \"quyen_han:\" when signing for someone, e.g. TM. ỦY BAN NHÂN DÂN)");
		cv->errors++;
		return;
	}
	if (meta_check_keys(sg, signer_keys))
		cv->errors++;
	auth = meta_str(sg, "quyen_han");
	title = meta_str(sg, "chuc_vu");
	name = meta_str(sg, "ho_ten");
	if (!title || !*title || !name || !*name) {
		diag_error(sg->pos, "\"nguoi_ky:\" needs \"chuc_vu:\" (e.g. CHỦ TỊCH) and \"ho_ten:\" (the signer's name)");
		cv->errors++;
		return;
	}
	if (!nn || (nn->type == META_LIST && !nn->first) || nn->type == META_MAP ||
	    (nn->type == META_SCALAR && !*nn->value)) {
		diag_error(nn ? nn->pos : cv->d->own->pos,
			   "the dispatch needs \"noi_nhan:\", the list of who receives a copy (ending with \"Lưu: VT\")");
		cv->errors++;
		return;
	}
	flow_init(&tmp);
	b = flow_add_fixed(&tmp, 0);
	/* the first title line's baseline; "Nơi nhận:" sits level with it */
	top_pad = 0;
	{
		struct line probe = { 0 };
		probe.ascent = cv->m->ascent(cv->m->ctx, FACE_SERIF_BOLD) * BODY_SIZE;
		probe.descent = cv->m->descent(cv->m->ctx, FACE_SERIF_BOLD) * BODY_SIZE;
		probe.leading = BODY_SIZE * 1.2;
		base = line_baseline(&probe);
	}
	/* right column */
	yr = top_pad;
	para_init(&p, ALIGN_CENTER, SIGN_RW);
	p.leading = BODY_SIZE * 1.2;
	if (auth && *auth) {
		up = utf8_upper(auth);
		para_add(&p, FACE_SERIF_BOLD, BODY_SIZE, up, NULL, sg->pos);
		para_add(&p, FACE_SERIF_BOLD, BODY_SIZE, "\n", NULL, sg->pos);
		free(up);
	}
	up = utf8_upper(title);
	para_add(&p, FACE_SERIF_BOLD, BODY_SIZE, up, NULL, sg->pos);
	free(up);
	cv->errors += para_check_glyphs(&p, cv->m);
	layout_break(cv->m, &p, &ls);
	yr = block_add_lines(b, &ls, rx, yr);
	lines_free(&ls);
	para_free(&p);
	yr += MM(24);   /* room for the signature and the seal */
	para_init(&p, ALIGN_CENTER, SIGN_RW);
	p.leading = BODY_SIZE * 1.2;
	para_add(&p, FACE_SERIF_BOLD, BODY_SIZE, name, NULL, sg->pos);
	cv->errors += para_check_glyphs(&p, cv->m);
	layout_break(cv->m, &p, &ls);
	yr = block_add_lines(b, &ls, rx, yr);
	lines_free(&ls);
	para_free(&p);

	/* left column: "Nơi nhận:" 12 pt bold italic, items 11 pt */
	{
		struct box t = { 0 };
		const char *lbl = "Nơi nhận:";
		t.type = BOX_TEXT;
		t.face = FACE_SERIF_BOLD_ITALIC;
		t.size = 12;
		t.h = 12;
		t.x = 0;
		t.y = base;
		t.w = measure_text(cv->m, t.face, 12, lbl);
		t.text = (char *)lbl;
		block_add_box(b, &t);
		yl = base + 12 * 0.3;
	}
	{
		const struct meta *it, *first = nn->type == META_LIST ? nn->first : nn;
		struct buf items;

		buf_init(&items);
		for (it = first; it; it = nn->type == META_LIST ? it->next : NULL) {
			size_t n;
			const char *v;

			if (it->type != META_SCALAR) {
				diag_error(it->pos, "each item under \"noi_nhan:\" must be one line of text");
				cv->errors++;
				continue;
			}
			v = it->value;
			n = strlen(v);
			while (n > 0 && strchr(".;, ", v[n - 1]))
				n--;
			if (strncmp(v, "Lưu", strlen("Lưu")) == 0)
				has_luu = 1;
			para_init(&p, ALIGN_LEFT, SIGN_LW);
			p.leading = 11 * 1.15;
			p.indent = measure_text(cv->m, FACE_SERIF, 11, "- ");
			p.first_indent = -p.indent;
			{
				char *t = xasprintf("- %.*s%s", (int)n, v,
						    (it->next && nn->type == META_LIST) || !has_luu ? ";" : ".");
				if (has_luu && it->next && nn->type == META_LIST) {
					/* "Lưu" closes the list; anything after it is misplaced */
					diag_warning(it->next->pos, "\"Lưu: …\" should be the last item of \"noi_nhan:\"");
				}
				para_add(&p, FACE_SERIF, 11, t, NULL, it->pos);
				free(t);
			}
			cv->errors += para_check_glyphs(&p, cv->m);
			layout_break(cv->m, &p, &ls);
			yl = block_add_lines(b, &ls, 0, yl);
			lines_free(&ls);
			para_free(&p);
		}
		if (!has_luu) {
			/* the decree ends the list with the archive copy */
			para_init(&p, ALIGN_LEFT, SIGN_LW);
			p.leading = 11 * 1.15;
			para_add(&p, FACE_SERIF, 11, "- Lưu: VT.", NULL, nn->pos);
			layout_break(cv->m, &p, &ls);
			yl = block_add_lines(b, &ls, 0, yl);
			lines_free(&ls);
			para_free(&p);
		}
		buf_free(&items);
	}
	b->height = yl > yr ? yl : yr;
	b->space_before = 12;
	/* move the block into f */
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->v = xrealloc(f->v, f->cap * sizeof *f->v);
	}
	f->v[f->n++] = *b;
	free(tmp.v);
}

/* ---- pages ---- */

static void cv_decorate(struct page *pg, int number, void *ctx)
{
	const struct measure *m = ctx;
	char num[16];

	/* page numbers from page 2, centred in the top margin */
	if (number < 2)
		return;
	snprintf(num, sizeof num, "%d", number);
	put_centred(pg, m, num, FACE_SERIF, 14, M_LEFT, TEXT_W, M_TOP / 2 + 5);
}

static void cv_body_style(struct body_style *st)
{
	memset(st, 0, sizeof *st);
	st->face = FACE_SERIF;
	st->size = BODY_SIZE;
	st->leading = BODY_SIZE * 1.2;
	st->space = 6;
	st->first_indent = MM(10);
	st->align = ALIGN_JUSTIFY;
	st->width = TEXT_W;
	st->lists = LIST_DECREE;
	st->heading_align = ALIGN_LEFT;
	st->qr_side = MM(28);
	st->qr_module = MM(0.5);
	st->picture_max_h = MM(110);
}

static int is_first_heading(const struct node *n)
{
	const struct node *c;
	for (c = n->parent ? n->parent->first : n; c; c = c->next)
		if (c->type == NODE_HEADING)
			return c == n;
	return 0;
}

static void label_pages(struct layout_doc *ld, size_t from, const char *prefix)
{
	size_t i;
	for (i = from; i < ld->npages; i++) {
		free(ld->pages[i].label);
		ld->pages[i].label = xasprintf("%s%zu", prefix, i - from + 1);
	}
}

/* One appendix: new page, "Phụ lục I", title, "(Kèm theo …)", its body. */
static void cv_appendix(struct cv *cv, const struct meta *ref, int index, int count,
			const struct kind_env *env, const struct page_style *ps)
{
	struct doc *ad = NULL;
	char *path = NULL, rn[16], *label = NULL, *title = NULL, *kem = NULL, *up = NULL;
	const struct node *h;
	struct flow f;
	struct para p;
	struct body_style st;
	struct body_env be;
	struct block *b;
	struct stat sb;
	size_t first_page;
	double rw;

	flow_init(&f);
	if (ref->type != META_SCALAR || !*ref->value) {
		diag_error(ref->pos, "each item under \"phu_luc:\" must be the name of a Markdown file");
		cv->errors++;
		goto out;
	}
	path = path_join(cv->d->dir, ref->value);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		diag_error(ref->pos, "the appendix file \"%s\" was not found (looked for %s)", ref->value, path);
		cv->errors++;
		goto out;
	}
	ad = read_doc(path, cv->d->root, NULL);
	if (!ad) {
		cv->errors++;
		goto out;
	}
	if (meta_check_keys(ad->own, appendix_keys))
		cv->errors++;
	for (h = ad->body->first; h && h->type != NODE_HEADING; h = h->next)
		;
	if (!h) {
		diag_error(ad->body_pos, "an appendix starts with its title as a heading, e.g. \"# Hướng dẫn …\"");
		cv->errors++;
		goto out;
	}
	roman(index, rn);
	label = count > 1 ? xasprintf("Phụ lục %s", rn) : xstrdup("Phụ lục");
	title = node_text(h);
	up = utf8_upper(title);
	kem = xasprintf("(Kèm theo Công văn số %s ngày %s của %s)", cv->so,
			cv->date + strlen("ngày "), cv->agency);

	para_init(&p, ALIGN_CENTER, TEXT_W);
	p.leading = 14 * 1.2;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF_BOLD, 14, label, NULL, h->pos);
	b = flow_add_para(&f, cv->m, &p, 0);
	b->outline = xasprintf("%s. %s", label, up);
	para_free(&p);

	para_init(&p, ALIGN_CENTER, TEXT_W);
	p.leading = 14 * 1.2;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF_BOLD, 14, up, NULL, h->pos);
	cv->errors += para_check_glyphs(&p, cv->m);
	flow_add_para(&f, cv->m, &p, 0);
	para_free(&p);

	para_init(&p, ALIGN_CENTER, TEXT_W);
	p.leading = 14 * 1.2;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF_ITALIC, 14, kem, NULL, h->pos);
	cv->errors += para_check_glyphs(&p, cv->m);
	b = flow_add_para(&f, cv->m, &p, 0);
	para_free(&p);
	/* a short rule under the "Kèm theo" line: a third of its widest line */
	{
		double wmax = 0;
		size_t i;
		for (i = 0; i < b->lines.n; i++)
			if (b->lines.v[i].width > wmax)
				wmax = b->lines.v[i].width;
		rw = wmax / 3;
	}
	b = flow_add_fixed(&f, 10);
	b->keep_with_next = 1;
	{
		struct box r = { 0 };
		r.type = BOX_RULE;
		r.x = (TEXT_W - rw) / 2;
		r.y = 2;
		r.w = rw;
		r.h = 0.5;
		block_add_box(b, &r);
	}
	cv_body_style(&st);
	be.d = ad;
	be.m = cv->m;
	be.ld = cv->ld;
	be.st = &st;
	cv->errors += body_layout(&f, ad->body, &be, is_first_heading);
	if (cv->errors)
		goto out;
	first_page = cv->ld->npages;
	flow_paginate(&f, cv->ld, ps, -1, 0, NULL);
	{
		char pre[32];
		snprintf(pre, sizeof pre, count > 1 ? "PL %s-" : "PL-", rn);
		label_pages(cv->ld, first_page, pre);
	}
	(void)env;
out:
	flow_free(&f);
	doc_free(ad);
	free(path);
	free(label);
	free(title);
	free(up);
	free(kem);
}

static int cv_layout(const struct doc *d, const struct kind_env *env, struct outputs *outs)
{
	struct cv cv;
	struct flow f;
	struct body_style st;
	struct body_env be;
	struct page_style ps;
	struct page *pg;
	double head_bottom;
	const struct meta *pl;
	int ret = -1;

	memset(&cv, 0, sizeof cv);
	cv.d = d;
	cv.m = env->m;
	cv.ld = layout_doc_new();
	flow_init(&f);
	cv.agency = need_str(&cv, "co_quan", "the name of the issuing body, e.g. co_quan: Ủy ban nhân dân xã Tân Thành");
	if (cv_number(&cv) || cv_date(&cv))
		cv.errors++;
	if (cv.errors)
		goto out;

	pg = layout_page_new(cv.ld, PAGE_W, PAGE_H);
	pg->label = xstrdup("1");
	head_bottom = cv_header(&cv, pg);

	cv_recipients(&cv, &f);
	if (f.n)
		f.v[0].space_before = 0;
	cv_body_style(&st);
	be.d = d;
	be.m = env->m;
	be.ld = cv.ld;
	be.st = &st;
	{
		size_t before = f.n;
		cv.errors += body_layout(&f, d->body, &be, NULL);
		if (f.n == before) {
			diag_error(d->body_pos, "the dispatch has no body text");
			cv.errors++;
		} else {
			f.v[before].space_before = 12;
			/* the signature block never stands alone on a page */
			f.v[f.n - 1].keep_with_next = 1;
		}
	}
	cv_closing(&cv, &f);
	if (cv.errors)
		goto out;

	ps.width = PAGE_W;
	ps.height = PAGE_H;
	ps.frame.x = M_LEFT;
	ps.frame.y = M_TOP;
	ps.frame.w = TEXT_W;
	ps.frame.h = PAGE_H - M_TOP - M_BOTTOM;
	ps.decorate = cv_decorate;
	ps.ctx = (void *)env->m;
	{
		char *t = xasprintf("Công văn số %s: V/v %s", cv.so, meta_str(d->meta, "trich_yeu"));
		char *clean = t, *o = t;
		/* blanks of a draft read badly in a bookmark: squeeze them */
		for (; *clean; clean++) {
			if (strncmp(clean, NBSP, 2) == 0) {
				clean++;
				continue;
			}
			*o++ = *clean;
		}
		*o = '\0';
		layout_outline_add(cv.ld, t, 0, M_TOP, 0);
		cv.ld->title = xasprintf("V/v %s", meta_str(d->meta, "trich_yeu"));
		cv.ld->subject = t;
	}
	cv.ld->author = xstrdup(cv.agency);
	flow_paginate(&f, cv.ld, &ps, 0, head_bottom + 18, NULL);
	label_pages(cv.ld, 0, "");

	pl = meta_get(d->meta, "phu_luc");
	if (pl) {
		const struct meta *it;
		int count = 0, i = 0;

		if (pl->type == META_SCALAR) {
			if (*pl->value)
				cv_appendix(&cv, pl, 1, 1, env, &ps);
		} else if (pl->type == META_LIST) {
			for (it = pl->first; it; it = it->next)
				count++;
			for (it = pl->first; it; it = it->next)
				cv_appendix(&cv, it, ++i, count, env, &ps);
		} else {
			diag_error(pl->pos, "\"phu_luc:\" is a list of appendix files");
			cv.errors++;
		}
	}
	if (cv.errors)
		goto out;
	outputs_add_pdf(outs, NULL, NULL, cv.ld);
	cv.ld = NULL;
	ret = 0;
out:
	flow_free(&f);
	free(cv.place_date);
	layout_doc_free(cv.ld);
	return ret;
}

const struct kind kind_cong_van = { "cong-van", cv_keys, cv_layout };

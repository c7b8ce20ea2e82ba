/* The parts every Nghị định 30 document shares (công văn, báo cáo): the
 * two-column header, Số and date, recipients, the closing block with Nơi nhận
 * and the signer, page numbers and appendices (Mẫu 1.5, Mẫu 2.1). Only
 * arranging: every line is broken and placed by the shared layout engine. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "nd30.h"
#include "viethoa.h"
#include "../model/figures.h"
#include "../layout/layout.h"
#include "../read/read.h"
#include "../util/util.h"
#include "../util/utf8.h"

static const char *const signer_keys[] = { "quyen_han", "chuc_vu", "ho_ten", NULL };
static const char *const appendix_keys[] = { "loai", "tieu_de", NULL };


/* ---- values from the front matter ---- */

const char *nd30_need_str(struct nd30 *cv, const char *key, const char *hint)
{
	const struct meta *v = meta_get(cv->d->meta, key);

	if (!v || v->type != META_SCALAR || !*v->value) {
		struct pos at = v ? v->pos : cv->d->own->pos;
		diag_error(at, "the %s needs \"%s:\" (%s)", cv->noun, key, hint);
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

/* Reads a date as clerks write it: 2025-08-09 or 2025-8-9 (year first),
 * 09/08/2025, 9/8/2025, 09-08-2025 or 09.08.2025 (day first, as Vietnamese
 * write dates), or "ngày 9 tháng 8 năm 2025". Returns 0 and sets *y *mo *da;
 * -1 when s is none of these, -2 when its month is not 1–12, -3 when its
 * day is not in that month. */
static int parse_date(const char *s, int *y, int *mo, int *da)
{
	long v[3];
	int digits[3], n = 0;
	const char *p = s;

	while (*p && n <= 3) {
		if (*p >= '0' && *p <= '9') {
			char *e;
			if (n == 3)
				return -1;
			v[n] = strtol(p, &e, 10);
			digits[n++] = (int)(e - p);
			p = e;
		} else if (strchr("-/. ", *p)) {
			p++;
		} else if (!strncmp(p, "ngày", strlen("ngày")) || !strncmp(p, "tháng", strlen("tháng")) ||
			   !strncmp(p, "năm", strlen("năm"))) {
			p += !strncmp(p, "ngày", strlen("ngày")) ? strlen("ngày") :
			     !strncmp(p, "tháng", strlen("tháng")) ? strlen("tháng") : strlen("năm");
		} else {
			return -1;
		}
	}
	if (n != 3)
		return -1;
	if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2)
		*y = (int)v[0], *mo = (int)v[1], *da = (int)v[2];
	else if (digits[2] == 4 && digits[0] <= 2 && digits[1] <= 2)
		*da = (int)v[0], *mo = (int)v[1], *y = (int)v[2];
	else
		return -1;
	if (*y < 1900 || *y > 2999)
		return -1;
	if (*mo < 1 || *mo > 12)
		return -2;
	if (*da < 1 || *da > days_in_month(*y, *mo))
		return -3;
	return 0;
}

/* "ngày 05 tháng 01 năm 2025": days below 10 and months 1 and 2 take a
 * leading zero, other months none; a draft leaves day and month blank. */
int nd30_date(struct nd30 *cv)
{
	const struct meta *v = meta_get(cv->d->meta, "ngay");
	const char *s = v && v->type == META_SCALAR ? v->value : "";
	int y = 0, mo = 0, da = 0, n = 0;

	if (v && v->type != META_SCALAR) {
		diag_error(v->pos, "\"ngay:\" must be one date, written 2025-08-09 or 09/08/2025 (day first)");
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
	switch (parse_date(s, &y, &mo, &da)) {
	case 0:
		break;
	case -2:
		if (mo > 12 && da <= 12 && strspn(s, "0123456789") < 4)
			diag_error(v->pos, "\"ngay: %s\": there is no month %d; the day comes first "
				   "(%02d/%02d/%d)", s, mo, mo, da, y);
		else
			diag_error(v->pos, "\"ngay: %s\": there is no month %d; write the date as 09/08/2025 "
				   "(day first) or 2025-08-09", s, mo);
		return -1;
	case -3:
		diag_error(v->pos, "\"ngay: %s\": month %d of %d has %d days", s, mo, y, days_in_month(y, mo));
		return -1;
	default:
		diag_error(v->pos, "\"ngay: %s\" is not a date; write it as 2025-08-09 or 09/08/2025 (day first), "
			   "or only the year (2025) for a draft", s);
		return -1;
	}
	{
		/* 2052 for 2025: a slip of the fingers signs a document decades off */
		const char *sde = getenv("SOURCE_DATE_EPOCH");
		time_t now = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		if (y > tm.tm_year + 1900 + 2 || y < tm.tm_year + 1900 - 10)
			diag_warning(v->pos, "\"ngay: %s\" is in %d, far from this year (%d); is the year right?",
				     s, y, tm.tm_year + 1900);
	}
	snprintf(cv->date, sizeof cv->date, mo <= 2 ? "ngày %02d tháng %02d năm %d" : "ngày %02d tháng %d năm %d",
		 da, mo, y);
	snprintf(cv->iso_date, sizeof cv->iso_date, "%04d-%02d-%02d", y % 10000, mo % 100, da % 100);
	return 0;
}

/* "Số: 05/UBND-VP": a leading zero below 10, the symbol in capitals. */
int nd30_number(struct nd30 *cv)
{
	const struct meta *v = meta_get(cv->d->meta, "so");
	const char *so = v && v->type == META_SCALAR ? v->value : "";
	const char *kh = nd30_need_str(cv, "ky_hieu", "the symbol of the dispatch, e.g. ky_hieu: UBND-VP");
	char *khu;
	size_t i;
	long num;
	char *end;

	if (!kh)
		return -1;
	/* "/UBND-VP" as it follows the number in "05/UBND-VP": the slash is phat's */
	while (*kh == '/' || *kh == ' ')
		kh++;
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
			diag_error(v->pos, "\"so: %s\" must be the number of the %s (1, 2, …), or be left blank in a draft", so, cv->noun);
			free(khu);
			return -1;
		}
		snprintf(cv->so, sizeof cv->so, "%02ld/%s", num, khu);
		cv->numbered = 1;
	}
	free(khu);
	return 0;
}

/* ---- placing lines of the header ---- */

/* Breaks text in one style into the column [x, x + w] from y_top; returns
 * the bottom. *x0, *x1 receive the horizontal extent of the widest line. */
double nd30_put_text(struct nd30 *cv, struct page *pg, const char *text, enum face f, double size,
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

void nd30_put_centred(struct page *pg, const struct measure *m, const char *text, enum face f,
			double size, double x, double w, double baseline)
{
	double tw = measure_text(m, f, size, text);
	page_add_text(pg, x + (w - tw) / 2, baseline, f, size, text, tw);
}

/* A body's name in capitals, for the header's left column. A name too
 * long for the column is broken where a clerk breaks it: after "ỦY BAN
 * NHÂN DÂN", or before the place ("… / TỈNH HÀ GIANG", "… / XÃ TÂN
 * THÀNH", "… / VIỆT NAM"), taking the first such place at which both parts
 * fit; else the line breaker decides. Caller frees. */
static char *agency_lines(const struct measure *m, enum face f, const char *name)
{
	static const char *const after[] = { "NHÂN DÂN ", NULL };
	static const char *const before[] = {
		" TỈNH ", " THÀNH PHỐ ", " HUYỆN ", " QUẬN ", " THỊ XÃ ", " PHƯỜNG ",
		" THỊ TRẤN ", " XÃ ", " VIỆT NAM", NULL
	};
	char *up = utf8_upper(name), *ret;
	size_t i;

	if (measure_text(m, f, 13, up) <= HEAD_LW)
		return up;
	{
		const char *cands[16];
		size_t n = 0, j;
		char *at;

		for (i = 0; after[i]; i++)
			if ((at = strstr(up, after[i])))
				cands[n++] = at + strlen(after[i]) - 1;
		for (i = 0; before[i]; i++) {
			at = up;
			while ((at = strstr(at + 1, before[i]))) {
				/* "HỢP TÁC XÃ" is a cooperative, not a commune */
				size_t hl = strlen(" HỢP TÁC");
				if (strcmp(before[i], " XÃ ") == 0 && (size_t)(at - up) >= hl &&
				    !strncmp(at - hl, " HỢP TÁC", hl))
					continue;
				if (n < 16)
					cands[n++] = at;
			}
		}
		for (j = 0; j < n; j++) {
			char *a = xstrndup(up, (size_t)(cands[j] - up));
			int fits = measure_text(m, f, 13, a) <= HEAD_LW &&
				   measure_text(m, f, 13, cands[j] + 1) <= HEAD_LW;
			free(a);
			if (fits) {
				ret = xasprintf("%.*s\n%s", (int)(cands[j] - up), up, cands[j] + 1);
				free(up);
				return ret;
			}
		}
	}
	return up;
}

/* The national header, the agency, Số, place and date, V/v. Returns the
 * bottom of the header. */
double nd30_header(struct nd30 *cv, struct page *pg, int with_vv)
{
	const struct meta *meta = cv->d->meta;
	const char *parent = meta_str(meta, "co_quan_chu_quan");
	const char *place = nd30_need_str(cv, "dia_danh", "the place name for the date line, e.g. dia_danh: Tân Thành");
	const char *subject = cv->subject;
	double yl = M_TOP, yr = M_TOP, x0 = 0, x1 = 0, rule_l, rule_r, so_base, bottom, qh_size;
	char *up;

	if (!cv->agency || !place || !subject)
		return M_TOP;
	/* left column: parent body (upright), issuing body (bold), its rule */
	if (parent && *parent) {
		up = agency_lines(cv->m, FACE_SERIF, parent);
		yl = nd30_put_text(cv, pg, up, FACE_SERIF, 13, ALIGN_CENTER, M_LEFT, HEAD_LW, yl, NULL, NULL);
		free(up);
	}
	up = agency_lines(cv->m, FACE_SERIF_BOLD, cv->agency);
	yl = nd30_put_text(cv, pg, up, FACE_SERIF_BOLD, 13, ALIGN_CENTER, M_LEFT, HEAD_LW, yl, &x0, &x1);
	free(up);
	rule_l = yl + 3;
	{
		/* 1/3 to 1/2 of the name's width: we take 2/5, centred */
		double rw = (x1 - x0) * 0.4;
		page_add_rule(pg, M_LEFT + (HEAD_LW - rw) / 2, rule_l, rw, 0.5);
	}
	/* right column: Quốc hiệu (13 pt when it fits the column, else 12),
	 * Tiêu ngữ with a rule exactly as long as the text */
	qh_size = measure_text(cv->m, FACE_SERIF_BOLD, 13, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") <= HEAD_RW
		  ? 13 : 12;
	yr = nd30_put_text(cv, pg, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FACE_SERIF_BOLD, qh_size, ALIGN_CENTER,
		      HEAD_RX, HEAD_RW, yr, NULL, NULL);
	if (parent && *parent)
		yr = yr < yl - 13 * 1.2 ? yr : yr;   /* rows pair up line by line */
	yr = nd30_put_text(cv, pg, "Độc lập - Tự do - Hạnh phúc", FACE_SERIF_BOLD, 14, ALIGN_CENTER,
		      HEAD_RX, HEAD_RW, yr, &x0, &x1);
	/* the rule sits clear of the text, 2.5 mm below its descenders (the
	 * model's 2.6 mm); closer, it reads as underlining */
	rule_r = yr - nd30_line_below(cv->m, FACE_SERIF_BOLD, 14, 14 * 1.2) + ND30_RULE_GAP + 0.25;
	page_add_rule(pg, x0, rule_r, x1 - x0, 0.5);

	/* "Số:" and the italic place and date share one baseline, where they
	 * stood before the rule moved down */
	so_base = (rule_l > yr + 3 ? rule_l : yr + 3) + 22;
	{
		char *s = xasprintf("Số: %s", cv->so);
		nd30_put_centred(pg, cv->m, s, FACE_SERIF, 13, M_LEFT, HEAD_LW, so_base);
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
	if (with_vv) {
		char *vv = xasprintf("V/v %s", subject);
		/* 6 pt from the foot of "Số:" to the top of the V/v letters */
		struct line probe = { 0 };
		double vv_base, b2;
		probe.ascent = cv->m->ascent(cv->m->ctx, FACE_SERIF) * 12;
		probe.descent = cv->m->descent(cv->m->ctx, FACE_SERIF) * 12;
		probe.leading = 12 * 1.2;
		vv_base = so_base - cv->m->descent(cv->m->ctx, FACE_SERIF) * 13 + 6 + probe.ascent;
		b2 = nd30_put_text(cv, pg, vv, FACE_SERIF, 12, ALIGN_CENTER, M_LEFT, HEAD_LW,
				   vv_base - line_baseline(&probe), NULL, NULL);
		free(vv);
		if (b2 > bottom)
			bottom = b2;
	}
	return bottom;
}

/* ---- recipients ---- */

/* The lines of a key that takes one line of text or a list of them
 * (kinh_gui, noi_nhan), as a clerk types them: list items ("- Lưu: VT, VP"
 * read as a map counts as its line), or one line with ";" between the
 * items, as Word lists them; the label the decree prints itself ("Kính
 * gửi:", "Nơi nhận:") typed in front is left out, with a note; an empty
 * item is skipped with a warning; ".", ";" and "," at an item's end go
 * (phat puts its own). */
struct nd30_lines {
	char **v;
	struct pos *at;
	size_t n;
};

static void nd30_lines_add(struct nd30_lines *l, const char *s, size_t n, struct pos at)
{
	while (n > 0 && strchr(".;, ", s[n - 1]))
		n--;
	while (n > 0 && *s == ' ')
		s++, n--;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof *l->v);
	l->at = xrealloc(l->at, (l->n + 1) * sizeof *l->at);
	l->v[l->n] = xstrndup(s, n);
	l->at[l->n] = at;
	l->n++;
}

static void nd30_lines_free(struct nd30_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	free(l->at);
}

/* Returns -1 after an error (an item that is not text), else 0. */
static int nd30_lines_get(struct nd30 *cv, const struct meta *v, const char *key, const char *label,
			  struct nd30_lines *out)
{
	const struct meta *it;
	size_t i, ll = strlen(label);

	memset(out, 0, sizeof *out);
	if (!v)
		return 0;
	if (v->type == META_LIST) {
		for (it = v->first; it; it = it->next) {
			const char *t = meta_text(it);
			if (!t) {
				diag_error(it->pos, "each item under \"%s:\" must be one line of text", key);
				cv->errors++;
				return -1;
			}
			nd30_lines_add(out, t, strlen(t), it->pos);
		}
	} else if (meta_text(v)) {
		const char *t = meta_text(v), *semi;
		/* "Như trên; Phòng VH-TT huyện; Lưu: VT, VP." on one line */
		while ((semi = strchr(t, ';'))) {
			nd30_lines_add(out, t, (size_t)(semi - t), v->pos);
			t = semi + 1;
		}
		nd30_lines_add(out, t, strlen(t), v->pos);
	}
	for (i = 0; i < out->n; i++) {
		char *low = utf8_lower(out->v[i]), *lab = utf8_lower(label);
		if (!strncmp(low, lab, ll) && (out->v[i][ll] == ':' || out->v[i][ll] == ' ' || !out->v[i][ll])) {
			const char *rest = out->v[i] + ll;
			char *copy;
			while (*rest == ':' || *rest == ' ')
				rest++;
			diag_report(DIAG_NOTE, out->at[i], "\"%s:\" starts with \"%s\"; phat prints \"%s:\" itself, "
				    "so it is left out here", key, label, label);
			copy = xstrdup(rest);
			free(out->v[i]);
			out->v[i] = copy;
		}
		free(low);
		free(lab);
	}
	for (i = 0; i < out->n;) {
		if (*out->v[i]) {
			i++;
			continue;
		}
		/* an empty item: nothing to print; "-;" would be a mistake on paper */
		diag_warning(out->at[i], "an empty item under \"%s:\" is left out", key);
		free(out->v[i]);
		memmove(out->v + i, out->v + i + 1, (out->n - i - 1) * sizeof *out->v);
		memmove(out->at + i, out->at + i + 1, (out->n - i - 1) * sizeof *out->at);
		out->n--;
	}
	return 0;
}

void nd30_recipients(struct nd30 *cv, struct flow *f)
{
	const struct meta *kg = meta_get(cv->d->meta, "kinh_gui");
	const char *label = "Kính gửi:";
	double lw = measure_text(cv->m, FACE_SERIF, BODY_SIZE, label);
	double sw = measure_text(cv->m, FACE_SERIF, BODY_SIZE, " ");
	struct nd30_lines l;
	struct para p;
	size_t i;

	if (nd30_lines_get(cv, kg, "kinh_gui", "Kính gửi", &l) != 0)
		goto out;
	if (l.n == 0) {
		diag_error(kg ? kg->pos : cv->d->own->pos,
			   "the %s needs \"kinh_gui:\" (the recipient, or a list of recipients)", cv->noun);
		cv->errors++;
		goto out;
	}
	if (l.n == 1) {
		/* one recipient: on the same line, ending "." */
		char *t = xasprintf("%s %s.", label, l.v[0]);

		para_init(&p, ALIGN_LEFT, TEXT_W);
		p.indent = KG_INDENT + lw + sw;
		p.first_indent = -(lw + sw);
		p.leading = BODY_SIZE * 1.2;
		p.space_before = 6;
		para_add(&p, FACE_SERIF, BODY_SIZE, t, NULL, l.at[0]);
		cv->errors += para_check_glyphs(&p, cv->m);
		flow_add_para(f, cv->m, &p, 0);
		para_free(&p);
		free(t);
		goto out;
	}
	para_init(&p, ALIGN_LEFT, TEXT_W);
	p.indent = KG_INDENT;
	p.leading = BODY_SIZE * 1.2;
	p.space_before = 6;
	p.keep_with_next = 1;
	para_add(&p, FACE_SERIF, BODY_SIZE, label, NULL, kg->pos);
	flow_add_para(f, cv->m, &p, 0);
	para_free(&p);
	/* several: one per line, "- " lined up under the colon's end, ";"
	 * after each and "." after the last */
	for (i = 0; i < l.n; i++) {
		char *t = xasprintf("- %s%s", l.v[i], i + 1 < l.n ? ";" : ".");

		para_init(&p, ALIGN_LEFT, TEXT_W);
		p.indent = KG_INDENT + lw;
		p.leading = BODY_SIZE * 1.2;
		para_add(&p, FACE_SERIF, BODY_SIZE, t, NULL, l.at[i]);
		cv->errors += para_check_glyphs(&p, cv->m);
		flow_add_para(f, cv->m, &p, 0);
		para_free(&p);
		free(t);
	}
out:
	nd30_lines_free(&l);
}

/* ---- closing block: Nơi nhận on the left, the signer on the right ---- */

void nd30_closing(struct nd30 *cv, struct flow *f)
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
			   "the %s needs \"nguoi_ky:\" with \"chuc_vu:\" and \"ho_ten:\" "
			   "(and \"quyen_han:\" when signing for someone, e.g. TM. ỦY BAN NHÂN DÂN)", cv->noun);
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
	if (!nn || (nn->type == META_LIST && !nn->first) || (nn->type == META_MAP && !nn->line) ||
	    (nn->type == META_SCALAR && !*nn->value)) {
		diag_error(nn ? nn->pos : cv->d->own->pos,
			   "the %s needs \"noi_nhan:\", the list of who receives a copy (ending with \"Lưu: VT\")", cv->noun);
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
	{
		/* room for the signature and the seal: phat sign places the
		 * signer's picture and the agency's seal here */
		struct box slot = { 0 };
		slot.type = BOX_SIGN;
		slot.x = rx;
		slot.y = yr;
		slot.w = SIGN_RW;
		slot.h = MM(24);
		block_add_box(b, &slot);
		yr += slot.h;
	}
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
		struct nd30_lines l;
		size_t i;

		if (nd30_lines_get(cv, nn, "noi_nhan", "Nơi nhận", &l) == 0 && l.n == 0) {
			diag_error(nn->pos, "the %s needs \"noi_nhan:\", the list of who receives a copy "
				   "(ending with \"Lưu: VT\")", cv->noun);
			cv->errors++;
		}
		for (i = 0; i < l.n; i++) {
			const char *v = l.v[i];
			char *fixed = NULL, *t;

			if (strncmp(v, "Lưu", strlen("Lưu")) == 0 && (v[strlen("Lưu")] == ' ' || v[strlen("Lưu")] == ':')) {
				/* the decree writes "Lưu: VT, …" */
				const char *rest = v + strlen("Lưu");
				while (*rest == ' ' || *rest == ':')
					rest++;
				fixed = xasprintf("Lưu: %s", rest);
				v = fixed;
				if (i + 1 < l.n)
					/* "Lưu" closes the list; anything after it is misplaced */
					diag_warning(l.at[i + 1], "\"Lưu: …\" should be the last item of \"noi_nhan:\"");
				has_luu = 1;
			}
			para_init(&p, ALIGN_LEFT, SIGN_LW);
			p.leading = 11 * 1.15;
			p.indent = measure_text(cv->m, FACE_SERIF, 11, "- ");
			p.first_indent = -p.indent;
			t = xasprintf("- %s%s", v, i + 1 < l.n || !has_luu ? ";" : ".");
			para_add(&p, FACE_SERIF, 11, t, NULL, l.at[i]);
			free(t);
			free(fixed);
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
		nd30_lines_free(&l);
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

void nd30_decorate(struct page *pg, int number, void *ctx)
{
	const struct measure *m = ctx;
	char num[16];

	/* page numbers from page 2, centred in the top margin */
	if (number < 2)
		return;
	snprintf(num, sizeof num, "%d", number);
	nd30_put_centred(pg, m, num, FACE_SERIF, 14, M_LEFT, TEXT_W, M_TOP / 2 + 5);
}

void nd30_body_style(struct body_style *st)
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

int nd30_is_first_heading(const struct node *n)
{
	const struct node *c;
	for (c = n->parent ? n->parent->first : n; c; c = c->next)
		if (c->type == NODE_HEADING)
			return c == n;
	return 0;
}

void nd30_label_pages(struct layout_doc *ld, size_t from, const char *prefix)
{
	size_t i;
	for (i = from; i < ld->npages; i++) {
		free(ld->pages[i].label);
		ld->pages[i].label = xasprintf("%s%zu", prefix, i - from + 1);
	}
}

double nd30_line_below(const struct measure *m, enum face f, double size, double leading)
{
	/* line_baseline centres the text's height in the leading */
	double h = (m->ascent(m->ctx, f) - m->descent(m->ctx, f)) * size;

	return (leading - h) / 2;
}

void nd30_short_rule(struct flow *f, const struct block *above, double fraction, double after)
{
	struct box r = { 0 };
	struct block *b;
	double wmax = 0, below = 0;
	size_t i;

	for (i = 0; i < above->lines.n; i++)
		if (above->lines.v[i].width > wmax)
			wmax = above->lines.v[i].width;
	if (above->lines.n) {
		const struct line *ln = &above->lines.v[above->lines.n - 1];
		below = (ln->leading - (ln->ascent - ln->descent)) / 2;
	}
	r.type = BOX_RULE;
	r.w = wmax * fraction;
	r.x = (TEXT_W - r.w) / 2;
	r.y = ND30_RULE_GAP - below + 0.25;   /* the gap to the rule's top edge */
	r.h = 0.5;
	b = flow_add_fixed(f, r.y + after);
	b->keep_with_next = 1;
	block_add_box(b, &r);
}

/* A 14 pt centred heading line of an appendix, kept with what follows. */
static struct block *centred_line(struct nd30 *cv, struct flow *f, const char *text, enum face face,
				  struct pos at)
{
	struct para p;
	struct block *b;

	para_init(&p, ALIGN_CENTER, TEXT_W);
	p.leading = 14 * 1.2;
	p.keep_with_next = 1;
	para_add(&p, face, 14, text, NULL, at);
	cv->errors += para_check_glyphs(&p, cv->m);
	b = flow_add_para(f, cv->m, &p, 0);
	para_free(&p);
	return b;
}

/* One appendix already read (ad): new page, "Phụ lục I", title,
 * "(Kèm theo …)", its body. */
static void nd30_appendix_doc(struct nd30 *cv, const struct doc *ad, int index, int count,
			      const struct page_style *ps)
{
	char rn[16], *label = NULL, *title = NULL, *up = NULL;
	const struct node *h;
	struct flow f;
	struct body_style st;
	struct body_env be;
	struct block *b;
	struct doc shown = { 0 };
	struct pos at;
	size_t first_page;

	flow_init(&f);
	if (meta_check_keys(ad->own, appendix_keys))
		cv->errors++;
	/* {{#dat}} … {{/dat}} in an appendix, with the dispatch's figures, on
	 * a copy: the document may be laid out again for another unit */
	if (figures_has_sections(ad->body)) {
		shown = *ad;
		shown.body = node_copy(ad->body);
		ad = &shown;
		if (figures_filter(shown.body, cv->fig)) {
			cv->errors++;
			goto out;
		}
	}
	for (h = ad->body->first; h && h->type != NODE_HEADING; h = h->next)
		;
	if (!h && !(meta_str(ad->own, "tieu_de") && *meta_str(ad->own, "tieu_de"))) {
		diag_error(ad->body_pos, "an appendix starts with its title as a heading, e.g. \"# Hướng dẫn …\" "
			   "(or has it in \"tieu_de:\")");
		cv->errors++;
		goto out;
	}
	roman(index, rn);
	label = count > 1 ? xasprintf("Phụ lục %s", rn) : xstrdup("Phụ lục");
	title = h ? node_squash(h) : xstrdup(meta_str(ad->own, "tieu_de"));
	at = h ? h->pos : ad->body_pos;
	up = utf8_upper(title);
	b = centred_line(cv, &f, label, FACE_SERIF_BOLD, at);
	b->outline = xasprintf("%s. %s", label, up);
	centred_line(cv, &f, up, FACE_SERIF_BOLD, at);
	{
		/* "(Kèm theo Công văn số … ngày … của …)" breaks only before
		 * "ngày" or "của" (Mẫu 2.1): three spans kept whole */
		char *part[3];
		struct para p;
		int k;

		part[0] = xasprintf("(Kèm theo %s số %s ", cv->title, cv->so);
		part[1] = xasprintf("%s ", cv->date);
		part[2] = xasprintf("của %s)", cv->agency ? cv->agency : BLANK BLANK BLANK);
		para_init(&p, ALIGN_CENTER, TEXT_W);
		p.leading = 14 * 1.2;
		p.keep_with_next = 1;
		for (k = 0; k < 3; k++) {
			para_add(&p, FACE_SERIF_ITALIC, 14, part[k], NULL, at);
			p.spans[p.n - 1].nobreak = 1;
			free(part[k]);
		}
		cv->errors += para_check_glyphs(&p, cv->m);
		b = flow_add_para(&f, cv->m, &p, 0);
		para_free(&p);
	}
	/* a short rule under the "Kèm theo" line: a third of its widest line */
	nd30_short_rule(&f, b, 1.0 / 3, 8);
	nd30_body_style(&st);
	memset(&be, 0, sizeof be);
	be.fig = cv->fig;
	be.d = ad;
	be.m = cv->m;
	be.ld = cv->ld;
	be.st = &st;
	cv->errors += body_layout(&f, ad->body, &be, nd30_is_first_heading);
	if (cv->errors)
		goto out;
	first_page = cv->ld->npages;
	flow_paginate(&f, cv->ld, ps, -1, 0, NULL);
	{
		char pre[32];
		snprintf(pre, sizeof pre, count > 1 ? "PL %s-" : "PL-", rn);
		nd30_label_pages(cv->ld, first_page, pre);
	}
out:
	flow_free(&f);
	node_free(shown.body);
	free(label);
	free(title);
	free(up);
}

/* One appendix named under "phu_luc:" (ref): a Markdown file, with or
 * without front matter. */
static void nd30_appendix(struct nd30 *cv, const struct meta *ref, int index, int count,
			  const struct page_style *ps)
{
	struct doc *ad = NULL;
	char *path = NULL;

	if (ref->type != META_SCALAR || !*ref->value) {
		diag_error(ref->pos, "each item under \"phu_luc:\" must be the name of a Markdown file");
		cv->errors++;
		goto out;
	}
	path = read_path_inside(cv->d, ref->value, "appendix file", "phu-luc/huong-dan.md", ref->pos);
	if (!path) {
		cv->errors++;
		goto out;
	}
	ad = read_appendix(path, cv->d->root, NULL);
	if (!ad) {
		cv->errors++;
		goto out;
	}
	nd30_appendix_doc(cv, ad, index, count, ps);
out:
	doc_free(ad);
	free(path);
}

int nd30_appendix_preview(const struct doc *d, const struct kind_env *env, struct outputs *outs)
{
	struct nd30 x;
	struct page_style ps;
	const char *co_quan = meta_str(d->meta, "co_quan");
	int ret = -1;

	memset(&x, 0, sizeof x);
	x.d = d;
	x.m = env->m;
	x.title = "Công văn";
	x.noun = "appendix";
	x.ld = layout_doc_new();
	x.agency = co_quan && *co_quan ? co_quan : NULL;
	if (x.agency) {
		char *unknown = NULL;
		x.agency = x.agency_own = viethoa_agency(co_quan, &unknown);
		free(unknown);
	}
	snprintf(x.so, sizeof x.so, "%s/%s", BLANK, BLANK);
	snprintf(x.date, sizeof x.date, "ngày %s tháng %s năm %s", BLANK, BLANK, BLANK);
	nd30_page_style(&ps, env->m);
	nd30_appendix_doc(&x, d, 1, 1, &ps);
	if (x.errors)
		goto out;
	{
		const struct node *h;
		for (h = d->body->first; h && h->type != NODE_HEADING; h = h->next)
			;
		x.ld->title = h ? node_squash(h) : xstrdup(meta_str(d->own, "tieu_de") ? meta_str(d->own, "tieu_de")
									   : "Phụ lục");
	}
	x.ld->author = xstrdup(x.agency ? x.agency : "");
	outputs_add_pdf(outs, NULL, NULL, x.ld);
	x.ld = NULL;
	ret = 0;
out:
	layout_doc_free(x.ld);
	nd30_fini(&x);
	return ret;
}

/* The keys without which the decree's parts cannot be drawn, with what to
 * write; kinh_gui only for a dispatch (a report may go without). */
static const struct {
	const char *key;
	const char *hint;
	int dispatch;
} nd30_required[] = {
	{ "co_quan", "the name of the issuing body, e.g. co_quan: Ủy ban nhân dân xã Tân Thành", 0 },
	{ "ky_hieu", "the symbol of the dispatch, e.g. ky_hieu: UBND-VP", 0 },
	{ "dia_danh", "the place name for the date line, e.g. dia_danh: Tân Thành", 0 },
	{ "trich_yeu", "the subject, without \"V/v\"", 0 },
	{ "kinh_gui", "the recipient, or a list of recipients", 1 },
	{ "noi_nhan", "the list of who receives a copy, ending with \"Lưu: VT\"", 0 },
	{ "nguoi_ky", "with \"chuc_vu:\" and \"ho_ten:\", and \"quyen_han:\" when signing for someone, "
		      "e.g. TM. ỦY BAN NHÂN DÂN", 0 },
};

/* x->agency in normal case: co_quan as typed, or, typed in capitals,
 * rewritten by the rules of Phụ lục II (with a warning naming what phat
 * had to guess). */
static void nd30_agency(struct nd30 *x)
{
	const struct meta *v = meta_get(x->d->meta, "co_quan");
	char *unknown = NULL;

	x->agency = meta_str(x->d->meta, "co_quan");
	if (!x->agency || !*x->agency) {
		x->agency = NULL;
		return;
	}
	x->agency_own = viethoa_agency(x->agency, &unknown);
	if (strcmp(x->agency_own, x->agency) == 0) {
		free(x->agency_own);
		x->agency_own = NULL;
		return;
	}
	x->agency = x->agency_own;
	if (unknown)
		diag_warning(v->pos, "\"co_quan:\" is typed in capitals; where the decree wants normal case "
			     "(\"Kèm theo\" lines, the PDF's properties) phat writes \"%s\", guessing at \"%s\"; "
			     "if that is wrong, write co_quan in normal case (the header still prints it in capitals)",
			     x->agency, unknown);
	free(unknown);
}

/* x->subject: the trích yếu without the "V/v" or "Về việc" a clerk often
 * types in front of it (phat prints "V/v" itself under the number). */
static void nd30_subject(struct nd30 *x)
{
	static const char *const prefixes[] = { "v/v", "về việc", "v.v", NULL };
	const struct meta *v = meta_get(x->d->meta, "trich_yeu");
	const char *s = meta_text(v);
	size_t i;

	if (!s)
		return;
	for (i = 0; prefixes[i]; i++) {
		size_t n = strlen(prefixes[i]);
		char *head, *low;

		if (strnlen(s, n) < n)
			continue;
		head = xstrndup(s, n);
		low = utf8_lower(head);
		int same = strcmp(low, prefixes[i]) == 0 && (s[n] == ' ' || s[n] == ':' || s[n] == '\0');
		const char *rest = s + n;

		free(head);
		free(low);
		if (!same)
			continue;
		while (*rest == ' ' || *rest == ':')
			rest++;
		if (!*rest) {
			diag_error(v->pos, "\"trich_yeu: %s\" holds no subject; write what the %s is about "
				   "(phat prints \"V/v\" in front itself)", s, x->noun);
			x->errors++;
			return;
		}
		diag_report(DIAG_NOTE, v->pos, "\"trich_yeu:\" starts with \"%.*s\"; phat prints \"V/v\" itself, "
			    "so it is left out here", (int)n, s);
		x->subject = xstrdup(rest);
		return;
	}
	x->subject = xstrdup(s);
}

int nd30_init(struct nd30 *x, const struct doc *d, const struct measure *m, const char *title,
	      const char *noun)
{
	size_t i;
	int dispatch = strcmp(title, "Công văn") == 0;

	memset(x, 0, sizeof *x);
	x->d = d;
	x->m = m;
	x->title = title;
	x->noun = noun;
	x->ld = layout_doc_new();
	/* every missing key in one run, not one a run */
	for (i = 0; i < sizeof nd30_required / sizeof nd30_required[0]; i++) {
		const struct meta *v = meta_get(d->meta, nd30_required[i].key);
		if ((nd30_required[i].dispatch && !dispatch) || (v && (v->type != META_SCALAR || *v->value)))
			continue;
		diag_error(v ? v->pos : d->own->pos, "the %s needs \"%s:\" (%s)", noun, nd30_required[i].key,
			   nd30_required[i].hint);
		x->errors++;
	}
	nd30_agency(x);
	nd30_subject(x);
	if (nd30_date(x))
		x->errors++;
	if (meta_str(d->meta, "ky_hieu") && nd30_number(x))
		x->errors++;
	if (!x->errors) {
		/* a document is numbered and dated when it is issued, together */
		const struct meta *so = meta_get(d->meta, "so"), *ngay = meta_get(d->meta, "ngay");
		int has_so = so && meta_text(so) && *meta_text(so);
		int full_date = ngay && meta_text(ngay) && strlen(meta_text(ngay)) > 4;
		if (has_so && !full_date)
			diag_warning(so->pos, "the %s has a number (so: %s) but no full date (ngay:); an issued %s "
				     "has both, a draft neither", noun, meta_text(so), noun);
		else if (!has_so && full_date)
			diag_warning(ngay->pos, "the %s has a date (ngay: %s) but no number (so:); an issued %s "
				     "has both, a draft neither", noun, meta_text(ngay), noun);
	}
	return x->errors ? -1 : 0;
}

void nd30_fini(struct nd30 *x)
{
	free(x->place_date);
	x->place_date = NULL;
	free(x->agency_own);
	x->agency_own = NULL;
	free(x->subject);
	x->subject = NULL;
}

void nd30_page_style(struct page_style *ps, const struct measure *m)
{
	memset(ps, 0, sizeof *ps);
	ps->width = PAGE_W;
	ps->height = PAGE_H;
	ps->frame.x = M_LEFT;
	ps->frame.y = M_TOP;
	ps->frame.w = TEXT_W;
	ps->frame.h = PAGE_H - M_TOP - M_BOTTOM;
	ps->decorate = nd30_decorate;
	ps->ctx = (void *)m;
}

void nd30_metadata(struct nd30 *x, const char *what)
{
	char *t = xasprintf("%s số %s: %s", x->title, x->so, what);
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
	layout_outline_add(x->ld, t, 0, M_TOP, 0);
	x->ld->title = xstrdup(what);
	x->ld->subject = t;
	if (x->numbered && *x->iso_date) {
		x->ld->doc_number = xstrdup(x->so);
		x->ld->doc_date = xstrdup(x->iso_date);
	}
	x->ld->author = xstrdup(x->agency ? x->agency : "");
}

void nd30_appendices(struct nd30 *x, const struct kind_env *env, const struct page_style *ps)
{
	const struct meta *pl = meta_get(x->d->meta, "phu_luc"), *it;
	int count = 0, i = 0;

	if (!pl)
		return;
	if (pl->type == META_SCALAR) {
		if (*pl->value)
			nd30_appendix(x, pl, 1, 1, ps);
	} else if (pl->type == META_LIST) {
		for (it = pl->first; it; it = it->next)
			count++;
		for (it = pl->first; it; it = it->next)
			nd30_appendix(x, it, ++i, count, ps);
	} else {
		diag_error(pl->pos, "\"phu_luc:\" is a list of appendix files");
		x->errors++;
	}
}

/* Appendices go with a text that refers to them ("theo Phụ lục I", "(Phụ
 * lục kèm theo)"): a văn thư sends back a dispatch whose appendices the
 * text never mentions. */
static void nd30_check_appendix_refs(struct nd30 *x)
{
	const struct meta *pl = meta_get(x->d->meta, "phu_luc");
	char *text, *low;

	if (!pl || (pl->type == META_SCALAR && !*pl->value) || (pl->type == META_LIST && !pl->first))
		return;
	text = node_text(x->d->body);
	low = utf8_lower(text);
	if (!strstr(low, "phụ lục"))
		diag_warning(pl->pos, "the %s has appendices but its text never mentions them; say where they "
			     "belong, e.g. \"(chi tiết tại Phụ lục kèm theo)\"", x->noun);
	free(low);
	free(text);
}

/* Whether n is a paragraph of only "{{bang}}", "{{bieu_do}}" or the like:
 * what it stands for is not the text's last sentence. */
static int nd30_placeholder_only(const struct node *n)
{
	char *t;
	size_t len;
	int only;

	if (n->type != NODE_PARAGRAPH)
		return 0;
	t = node_text(n);
	len = strlen(t);
	while (len > 0 && strchr(" \t\n", t[len - 1]))
		len--;
	only = len > 4 && !strncmp(t, "{{", 2) && !strncmp(t + len - 2, "}}", 2) && !memchr(t, ' ', len);
	free(t);
	return only;
}

/* The text of a dispatch or report ends with "./." (Nghị định 30/2020,
 * Phụ lục I: the sign that the content ends); pictures and QR codes after
 * the last paragraph do not count. Said, not added: the văn thư decides. */
static void nd30_check_ending(struct nd30 *x)
{
	const struct node *n = x->d->body ? x->d->body->last : NULL;
	char *t;
	size_t len;

	while (n && (n->type == NODE_FIGURE || n->type == NODE_FIGURES || n->type == NODE_THEMATIC_BREAK ||
		     n->type == NODE_TABLE || nd30_placeholder_only(n)))
		n = n->prev;
	if (!n)
		return;
	t = node_text(n);
	len = strlen(t);
	while (len > 0 && strchr(" \t\n", t[len - 1]))
		len--;
	if (!(len >= 3 && !memcmp(t + len - 3, "./.", 3)))
		diag_warning(n->pos, "the text of a %s ends with \"./.\" (Nghị định 30/2020): write it after the "
			     "last sentence", x->noun);
	free(t);
}

int nd30_finish(struct nd30 *x, struct flow *f, const struct kind_env *env, double head_bottom,
		const char *prefix, const char *suffix, struct outputs *outs)
{
	struct page_style ps;
	const char *subject = x->subject;
	char *what;

	nd30_check_appendix_refs(x);
	nd30_check_ending(x);
	/* the signature block never stands alone on a page */
	if (f->n)
		f->v[f->n - 1].keep_with_next = 1;
	nd30_closing(x, f);
	if (x->errors)
		return -1;
	nd30_page_style(&ps, env->m);
	what = xasprintf("%s %s", prefix, subject ? subject : "");
	nd30_metadata(x, what);
	free(what);
	flow_paginate(f, x->ld, &ps, 0, head_bottom + 18, NULL);
	nd30_label_pages(x->ld, 0, "");
	nd30_appendices(x, env, &ps);
	if (x->errors)
		return -1;
	outputs_add_pdf(outs, NULL, suffix, x->ld);
	x->ld = NULL;
	return 0;
}

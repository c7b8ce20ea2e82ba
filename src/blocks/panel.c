/* Panels that must fit (and fill) one frame, shared by leaflets and
 * posters, and the parts both print: headline, issuer band, contact
 * block, marks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "panel.h"
#include "viethoa.h"
#include "../util/utf8.h"
#include "../util/util.h"

void panel_style(struct body_style *st, double size, double width, unsigned accent,
		 double qr_module, double qr_side)
{
	memset(st, 0, sizeof *st);
	st->face = FACE_SANS;
	st->size = size;
	st->leading = size * 1.25;
	st->space = size * 0.5;
	st->first_indent = 0;
	st->align = ALIGN_LEFT;
	st->width = width;
	st->lists = LIST_HANGING;
	st->heading_size[0] = size * 1.6;
	st->heading_size[1] = size * 18.0 / 14.0;
	st->heading_size[2] = size * 1.1;
	st->heading_align = ALIGN_LEFT;
	st->accent = accent;
	st->qr_module = qr_module;
	st->qr_side = qr_side;
	st->picture_max_h = width * 1.2;
}

/* Lays o's content at text size `size` into f (initialised here). The
 * first try reports warnings; later ones are quiet (a picture scaled down
 * is said once). Returns the errors. */
static int fit_try(struct flow *f, const struct body_env *env, const struct body_style *proto,
		   const struct panel_fit *o, double size, int quiet, size_t *anchor)
{
	struct body_style st = *proto;
	struct body_env e = *env;
	double k = size / proto->size;
	int errs, i;

	st.size = size;
	st.leading = proto->leading * k;
	st.space = proto->space * k;
	for (i = 0; i < 6; i++)
		st.heading_size[i] = proto->heading_size[i] * k;
	/* QR codes keep their size when the text shrinks (they must scan)
	 * and grow with it when it grows */
	st.qr_side = k > 1 ? proto->qr_side * k : proto->qr_side;
	e.st = &st;
	flow_init(f);
	/* muted, not only hidden: a try's errors must not count against
	 * the build when another size is kept */
	if (quiet)
		diag_mute(1);
	*anchor = (size_t)-1;
	errs = o->lay ? o->lay(f, &e, o->ctx, anchor) : body_layout_nodes(f, o->first, o->stop, &e);
	if (quiet)
		diag_mute(0);
	if (*anchor > f->n)
		*anchor = f->n;
	return errs;
}

/* The sum of the gaps between the blocks before the anchor: what spreading
 * can stretch. */
static double fit_gaps(const struct flow *f, size_t anchor)
{
	double g = 0;
	size_t i;

	for (i = 1; i < anchor; i++)
		g += f->v[i].space_before;
	return g;
}

/* Spreads f over height h: every gap before the anchor grows in proportion
 * to its size (so a heading keeps its larger gap), none past PANEL_GAP_MAX
 * times its own unless the content would still end above PANEL_FILL_MIN;
 * the anchor block takes the rest and sits at the foot. */
static void fit_spread(struct flow *f, double h, size_t anchor)
{
	double slack, g = fit_gaps(f, anchor), extra;
	size_t i;

	/* the content starts at the frame's top (flow_paginate, starting on
	 * a page already begun, would put the first gap above it) */
	if (f->n)
		f->v[0].space_before = 0;
	slack = h - flow_height(f);
	if (slack <= 0)
		return;
	extra = g * (PANEL_GAP_MAX - 1);
	/* past the limit only as far as the fill rule needs (text could not
	 * grow more) */
	if (extra < slack - h * (1 - PANEL_FILL_MIN))
		extra = slack - h * (1 - PANEL_FILL_MIN);
	if (extra > slack)
		extra = slack;
	for (i = 1; i < anchor && g > 0; i++)
		f->v[i].space_before += extra * f->v[i].space_before / g;
	if (anchor < f->n && anchor > 0)
		f->v[anchor].space_before += slack - extra;
}

/* Where the content would end, as a share of h, once spread as far as the
 * gaps allow, the anchor block right under the rest. */
static double fit_reach(const struct flow *f, double h, size_t anchor)
{
	return (flow_height(f) + fit_gaps(f, anchor) * (PANEL_GAP_MAX - 1)) / h;
}

double panel_fit(struct flow *f, const struct body_env *env, const struct body_style *proto,
		 double h, const struct panel_fit *o)
{
	double size, need = 0;
	size_t anchor;

	if (fit_try(f, env, proto, o, o->start, 0, &anchor)) {
		flow_free(f);
		return -1;
	}
	need = flow_height(f);
	if (need <= h + 0.01) {
		/* short: grow the text only when spreading leaves it looking thin */
		size = o->start;
		for (;;) {
			double reach = fit_reach(f, h, anchor);
			struct flow g;
			size_t ga;
			int errs;

			/* up to grow to look filled; a panel with little on it up
			 * to grow_max, as far as the fill rule needs */
			if (!(reach < PANEL_FILL_GOAL && size + 0.5 <= o->grow + 1e-9) &&
			    !(reach < PANEL_FILL_MIN && size + 0.5 <= o->grow_max + 1e-9))
				break;
			errs = fit_try(&g, env, proto, o, size + 0.5, 1, &ga);

			/* an error only at the larger size (a table too wide
			 * for its column at 14.5 pt) just ends the growing: the
			 * panel fits at the size already laid out */
			if (errs || flow_height(&g) > h + 0.01) {
				flow_free(&g);
				break;
			}
			flow_free(f);
			*f = g;
			anchor = ga;
			size += 0.5;
		}
		fit_spread(f, h, anchor);
		return size;
	}
	flow_free(f);
	for (size = o->start - 0.5; size >= o->floor - 1e-9; size -= 0.5) {
		if (fit_try(f, env, proto, o, size, 1, &anchor)) {
			/* the quiet try hid why: lay it out again, saying it */
			flow_free(f);
			fit_try(f, env, proto, o, size, 0, &anchor);
			flow_free(f);
			return -1;
		}
		need = flow_height(f);
		if (need <= h + 0.01) {
			fit_spread(f, h, anchor);   /* shrunk: full, no gap grows past its limit */
			return size;
		}
		flow_free(f);
	}
	diag_error(o->at, "%s is %.0f mm too long even with %.1f pt text; shorten it or move some of it "
		   "to another panel", o->name, ceil((need - h) * 25.4 / 72), o->floor);
	return -1;
}

double panel_headline(struct flow *f, const struct measure *m, const struct node *h, double w,
		      double max, double min, int max_lines, enum align align, unsigned accent,
		      const struct figures *fig)
{
	struct para p;
	struct lines ls;
	double size;
	size_t i;

	for (size = max; size >= min - 1e-9; size -= 1) {
		int ok, errs;

		para_init(&p, align, w);
		p.leading = size * 1.1;
		errs = body_inlines(&p, h, FACE_SANS_BOLD, size, accent, fig);
		for (i = 0; i < p.n; i++)
			p.spans[i].face = face_style(p.spans[i].face, 1, face_is_italic(p.spans[i].face));
		if (size == max)
			errs += para_check_glyphs(&p, m);
		if (errs) {
			para_free(&p);
			return -1;
		}
		layout_break(m, &p, &ls);
		ok = ls.n <= (size_t)max_lines;
		for (i = 0; i < ls.n; i++)
			if (ls.v[i].width > w + 0.01)
				ok = 0;
		if (ok) {
			lines_free(&ls);
			p.space_after = size * 0.35;
			flow_add_para(f, m, &p, 0);
			para_free(&p);
			return size;
		}
		if (size - 1 < min - 1e-9) {
			/* say which words do not fit, as the clerk sees them */
			struct buf b;
			size_t j, from = ls.n > (size_t)max_lines ? (size_t)max_lines : 0;

			buf_init(&b);
			for (i = from; i < ls.n; i++)
				for (j = 0; j < ls.v[i].n; j++) {
					if (from == 0 && ls.v[i].width <= w + 0.01)
						break;   /* only the lines too wide */
					buf_printf(&b, "%s%s", b.len ? " " : "", ls.v[i].items[j].text);
				}
			if (from > 0)
				diag_error(h->pos, "the headline is too long: at %.0f pt, the smallest size for it, "
					   "\"%s\" does not fit on its %d lines; shorten the headline", min,
					   buf_str(&b), max_lines);
			else
				diag_error(h->pos, "the headline is too long: at %.0f pt, the smallest size for it, "
					   "\"%s\" is wider than the page; shorten the headline or put a space in it",
					   min, buf_str(&b));
			buf_free(&b);
		}
		lines_free(&ls);
		para_free(&p);
	}
	return -1;
}

struct block *panel_issuer(struct flow *f, const struct doc *d, const struct measure *m, double w,
			   double size, unsigned accent)
{
	char *agency = viethoa_agency_of(d->meta);   /* "UBND" written out, as in a header */
	struct block *b;
	struct box r = { 0 };
	struct para p;
	struct lines ls;
	char *up;
	double pad = size * 0.8, h = 0;
	size_t i;

	if (!agency)
		return NULL;
	up = utf8_upper(agency);
	free(agency);
	para_init(&p, ALIGN_CENTER, w - 2 * pad);
	p.leading = size * 1.2;
	para_add(&p, FACE_SANS_BOLD, size, up, NULL, meta_get(d->meta, "co_quan")->pos);
	for (i = 0; i < p.n; i++)
		p.spans[i].rgb = 0xFFFFFF;
	layout_break(m, &p, &ls);
	for (i = 0; i < ls.n; i++)
		h += ls.v[i].leading;
	b = flow_add_fixed(f, h + size * 1.1);
	r.type = BOX_RECT;
	r.w = w;
	r.h = h + size * 1.1;
	r.rgb = accent;
	block_add_box(b, &r);
	block_add_lines(b, &ls, pad, size * 0.55);
	b->space_after = size * 0.9;
	lines_free(&ls);
	para_free(&p);
	free(up);
	return b;
}

const char *const panel_contact_keys[] = { "bo_phan", "dia_chi", "so_dien_thoai", "gio_lam_viec", NULL };

/* Adds s to p with the phone numbers in it (a run of at least 3 digits,
 * with spaces, dots or dashes between, maybe a leading "+") as tel: links. */
static void contact_phone(struct para *p, const char *s, double size, unsigned rgb, struct pos at)
{
	const char *c = s, *run = s;
	size_t before;

	while (*c) {
		const char *e = c, *last = NULL;
		int digits = 0;

		if (*c == '+' || (*c >= '0' && *c <= '9')) {
			if (*e == '+')
				e++;
			while ((*e >= '0' && *e <= '9') ||
			       ((*e == ' ' || *e == '.' || *e == '-') && e[1] >= '0' && e[1] <= '9')) {
				if (*e >= '0' && *e <= '9') {
					digits++;
					last = e;
				}
				e++;
			}
		}
		if (digits >= 3 && (c == s || !((unsigned char)c[-1] >= '0' && (unsigned char)c[-1] <= '9'))) {
			struct buf url, text;
			const char *q;

			buf_init(&url);
			buf_init(&text);
			buf_adds(&url, "tel:");
			for (q = c; q <= last; q++)
				if (*q == '+' || (*q >= '0' && *q <= '9'))
					buf_addc(&url, *q);
			if (c > run) {
				buf_add(&text, run, (size_t)(c - run));
				para_add(p, FACE_SANS, size, buf_str(&text), NULL, at);
				p->spans[p->n - 1].rgb = rgb;
				text.len = 0;
			}
			/* the number never breaks across lines: no-break spaces */
			for (q = c; q <= last; q++) {
				if (*q == ' ')
					buf_adds(&text, "\xC2\xA0");
				else
					buf_addc(&text, *q);
			}
			before = p->n;
			para_add(p, FACE_SANS_BOLD, size, buf_str(&text), buf_str(&url), at);
			if (p->n > before)
				p->spans[p->n - 1].rgb = rgb;
			buf_free(&url);
			buf_free(&text);
			c = run = last + 1;
			continue;
		}
		c++;
	}
	if (*run) {
		before = p->n;
		para_add(p, FACE_SANS, size, run, NULL, at);
		if (p->n > before)
			p->spans[p->n - 1].rgb = rgb;
	}
}

struct block *panel_contact(struct flow *f, const struct doc *d, const struct measure *m, double w,
			    double size, enum align align, unsigned accent, int *errs)
{
	const struct meta *lh = meta_get(d->meta, "lien_he"), *v;
	struct lines ls[6];
	size_t nls = 0, i;
	struct block *b = NULL;
	struct box r = { 0 };
	double pad = size * 0.7, y, hgt = 0;
	unsigned tint;
	int k;

	if (!lh)
		return NULL;
	if (lh->type != META_MAP) {
		diag_error(lh->pos, "\"lien_he:\" takes the office's contacts on lines of their own under it: "
			   "bo_phan, dia_chi, so_dien_thoai, gio_lam_viec");
		(*errs)++;
		return NULL;
	}
	if (meta_check_keys(lh, panel_contact_keys)) {
		(*errs)++;
		return NULL;
	}
	for (k = 0; k < 5; k++) {
		static const char *const label[] = { NULL, NULL, "Địa chỉ: ", "Điện thoại: ", "Giờ làm việc: " };
		static const char *const key[] = { NULL, "bo_phan", "dia_chi", "so_dien_thoai", "gio_lam_viec" };
		struct para p;
		struct pos at = lh->pos;

		para_init(&p, align, w - 2 * pad);
		p.leading = size * 1.3;
		if (k == 0) {
			para_add(&p, FACE_SANS_BOLD, size * 18 / 14, "Liên hệ", NULL, at);
			p.spans[0].rgb = accent;
		} else {
			const struct meta *c;
			int n = 0;

			v = meta_get(lh, key[k]);
			if (!v)
				goto next;
			at = v->pos;
			if (v->type == META_MAP && !meta_text(v)) {
				diag_error(v->pos, "\"%s:\" under \"lien_he:\" is text on one line, or for "
					   "so_dien_thoai a list of numbers", key[k]);
				(*errs)++;
				goto next;
			}
			if (v->type == META_LIST && k != 3) {
				diag_error(v->pos, "\"%s:\" under \"lien_he:\" is text on one line, not a list", key[k]);
				(*errs)++;
				goto next;
			}
			if (label[k])
				para_add(&p, FACE_SANS_BOLD, size, label[k], NULL, at);
			if (v->type == META_LIST) {
				for (c = v->first; c; c = c->next) {
					const char *t = meta_text(c);
					if (!t || !*t)
						continue;
					if (n++)
						para_add(&p, FACE_SANS, size, "; ", NULL, at);
					contact_phone(&p, t, size, 0, c->pos);
				}
			} else if (meta_text(v) && *meta_text(v)) {
				if (k == 3)
					contact_phone(&p, meta_text(v), size, 0, at);
				else
					para_add(&p, k == 1 ? FACE_SANS_BOLD : FACE_SANS, size, meta_text(v), NULL, at);
				n = 1;
			}
			if (!n)
				goto next;
		}
		*errs += para_check_glyphs(&p, m);
		layout_break(m, &p, &ls[nls]);
		for (i = 0; i < ls[nls].n; i++)
			hgt += ls[nls].v[i].leading;
		nls++;
next:
		para_free(&p);
	}
	if (nls <= 1) {
		/* the heading alone: nothing to say */
		for (i = 0; i < nls; i++)
			lines_free(&ls[i]);
		return NULL;
	}
	b = flow_add_fixed(f, hgt + 2 * pad);
	/* a light tint of the accent: it prints as a pale grey */
	tint = (unsigned)(255 - (255 - (accent >> 16 & 255)) * 0.1) << 16 |
	       (unsigned)(255 - (255 - (accent >> 8 & 255)) * 0.1) << 8 |
	       (unsigned)(255 - (255 - (accent & 255)) * 0.1);
	r.type = BOX_RECT;
	r.w = w;
	r.h = hgt + 2 * pad;
	r.rgb = tint;
	block_add_box(b, &r);
	y = pad;
	for (i = 0; i < nls; i++) {
		y = block_add_lines(b, &ls[i], pad, y);
		lines_free(&ls[i]);
	}
	b->space_before = size;
	b->no_split = 1;
	return b;
}

static const struct {
	const char *name;
	unsigned rgb;
} colours[] = {
	{ "xanh", 0x1F3A93 }, { "xanh-duong", 0x1F3A93 }, { "xanh-la", 0x1B5E20 },
	{ "do", 0xB71C1C }, { "đỏ", 0xB71C1C }, { "den", 0x000000 }, { "đen", 0x000000 },
	{ "tim", 0x4A148C }, { "nau", 0x5D4037 },
};

static double lin(double c)
{
	c /= 255.0;
	return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

double panel_grey_contrast(unsigned rgb)
{
	/* a laser printer prints the colour's luma as grey */
	double y = 0.299 * (rgb >> 16 & 255) + 0.587 * (rgb >> 8 & 255) + 0.114 * (rgb & 255);
	double l = lin(y);
	return 1.05 / (l + 0.05);
}

long panel_colour(const struct doc *d)
{
	const struct meta *v = meta_get(d->meta, "mau");
	unsigned rgb = 0x1F3A93;
	size_t i;

	if (v && v->type == META_SCALAR && *v->value) {
		const char *s = v->value;
		unsigned x;
		int n = 0, found = 0;

		if (s[0] == '#' && strlen(s) == 7 && sscanf(s + 1, "%6x%n", &x, &n) == 1 && n == 6) {
			rgb = x;
			found = 1;
		}
		for (i = 0; !found && i < sizeof colours / sizeof colours[0]; i++)
			if (strcmp(colours[i].name, s) == 0) {
				rgb = colours[i].rgb;
				found = 1;
			}
		if (!found) {
			diag_error(v->pos, "\"mau: %s\" is not a colour phat knows; write it as #RRGGBB "
				   "(e.g. #1F3A93) or one of: xanh, xanh-la, do, tim, nau, den", s);
			return -1;
		}
		if (panel_grey_contrast(rgb) < 4.5) {
			diag_error(v->pos, "the colour %s is too light to read when printed in black and white "
				   "(contrast %.1f : 1 in grey, at least 4.5 : 1 is needed); choose a darker colour",
				   s, panel_grey_contrast(rgb));
			return -1;
		}
	}
	return (long)rgb;
}

int panel_bool(const struct doc *d, const char *key, int dflt)
{
	const char *s = meta_str(d->meta, key);

	if (!s || !*s)
		return dflt;
	if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "có") || !strcmp(s, "1"))
		return 1;
	if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "không") || !strcmp(s, "0"))
		return 0;
	diag_error(meta_get(d->meta, key)->pos, "\"%s: %s\" must be true or false", key, s);
	return -1;
}

void panel_mark_v(struct page *pg, double x, double y, double len)
{
	page_add_rect(pg, x - 0.2, y, 0.4, len, 0x808080);
}

void panel_mark_h(struct page *pg, double x, double y, double len)
{
	page_add_rect(pg, x, y - 0.2, len, 0.4, 0x808080);
}

void panel_marks_at(struct page *pg, double x, double sheet_h)
{
	panel_mark_v(pg, x, MM(6), MM(3));
	panel_mark_v(pg, x, sheet_h - MM(9), MM(3));
}

void panel_phone_style(struct page_style *ps, struct body_style *st, unsigned accent)
{
	memset(ps, 0, sizeof *ps);
	ps->width = MM(90);
	ps->height = MM(160);
	ps->frame.x = MM(5);
	ps->frame.y = MM(7);
	ps->frame.w = MM(90) - 2 * MM(5);
	ps->frame.h = MM(160) - 2 * MM(7);
	panel_style(st, PHONE_TEXT, ps->frame.w, accent, MM(0.5), MM(40));
	st->heading_size[0] = PHONE_HEADLINE;
	st->heading_size[1] = PHONE_TEXT * 1.25;
	st->links = LINKS_PHONE;
	st->picture_ppi = 150;      /* a phone screen needs no more */
}

/* Tờ rơi (leaflet): the body is split into panels at "---".
 * kho: a4-gap-ba (default): an A4 landscape sheet printed on both sides
 *   (flipped on the short edge) and folded in three: outside [2 | 6 | 1],
 *   inside [3 | 4 | 5]; the panel that folds in is 2 mm narrower so the
 *   leaflet closes flat.
 * kho: a5: A5 pages, two on each A4 landscape sheet, with cut marks.
 * Text is 14 pt for readers who are often elderly, shrinking to fit down to
 * 11 pt (else an error), headings 18 pt; a short panel is spread over its
 * height. The cover (panel 1) carries the issuer band, the headline at 28 to
 * 32 pt, the promise line and the campaign's QR code; the back (panel 6, or
 * an A5 leaflet's last page) ends with the contact block. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "kind.h"
#include "../blocks/panel.h"
#include "../blocks/phone.h"
#include "../blocks/hamlets.h"
#include "../blocks/viethoa.h"
#include "../layout/layout.h"
#include "../util/util.h"

#define MAX_PANELS 8
#define LEAF_START 14.0
#define LEAF_FLOOR 11.0
#define LEAF_GROW 16.0       /* text grows this far to look filled ... */
#define LEAF_GROW_MAX 20.0   /* ... and this far on a panel with little on it */
#define COVER_MAX 32.0     /* the cover's headline, pt */
#define COVER_MIN 28.0
#define COVER_LINES 4
#define PROMISE_MAX 120    /* bytes: a longer first paragraph is ordinary text */

static const char *const leaflet_keys[] = {
	"kho", "mau", "dien_thoai", "co_quan", "dia_danh", "nguoi_ky", "lien_he", KIND_STATS_KEYS, NULL
};

struct panels {
	const struct node *first[MAX_PANELS + 1];
	const struct node *stop[MAX_PANELS + 1];
	struct pos at[MAX_PANELS + 1];
	int n;
};

/* Splits the body at thematic breaks. Returns -1 when there are more
 * panels than max (the message points at the first one too many). */
static int panels_split(const struct doc *d, int max, struct panels *p)
{
	const struct node *c = d->body->first;

	memset(p, 0, sizeof *p);
	while (c) {
		const struct node *s = c;

		while (c && c->type != NODE_THEMATIC_BREAK)
			c = c->next;
		if (p->n == max) {
			diag_error(s->pos, "this is panel %d, but a %s has %d panels; remove a \"---\" line "
				   "or move this text into another panel", p->n + 1,
				   max == 6 ? "tri-fold leaflet" : "leaflet", max);
			return -1;
		}
		p->first[p->n] = s;
		p->stop[p->n] = c;
		p->at[p->n] = s->type == NODE_THEMATIC_BREAK && s->next ? s->next->pos : s->pos;
		p->n++;
		if (c)
			c = c->next;   /* skip the break */
	}
	return 0;
}

static void leaflet_meta(struct layout_doc *ld, const struct doc *d, const struct figures *fig)
{
	const struct node *h;

	for (h = d->body->first; h && h->type != NODE_HEADING; h = h->next)
		;
	ld->title = h ? body_title(h, fig) : xstrdup(meta_str(d->meta, "tieu_de") ? meta_str(d->meta, "tieu_de") : "Tờ rơi");
	ld->author = viethoa_agency_of(d->meta);
	if (!ld->author)
		ld->author = xstrdup("");
	ld->subject = xstrdup(ld->title);
}

/* What one panel holds, for panel_fit's lay: the cover's parts when it is
 * the cover, the contact block when it is the back. */
struct leaf_panel {
	const struct doc *d;
	const struct node *first, *stop;
	int cover, back;
	const struct node *headline;   /* cover: its first heading */
	double headline_size;
	const struct node *promise;    /* cover: the short paragraph after it */
	const struct node *qr;         /* cover: the campaign's QR code to add */
	unsigned accent;
};

/* The promise line: the cover's first paragraph after the headline, bold
 * in the accent colour and larger than the text, when it is short. */
static int lay_promise(struct flow *f, const struct body_env *env, const struct node *n)
{
	const struct body_style *st = env->st;
	struct para p;
	size_t i;
	int errs;

	para_init(&p, ALIGN_CENTER, st->width);
	p.leading = st->leading * 1.2;
	p.space_before = st->space;
	errs = body_inlines(&p, n, FACE_SANS_BOLD, st->size * 1.2, st->accent, env->fig);
	for (i = 0; i < p.n; i++)
		p.spans[i].face = face_style(p.spans[i].face, 1, face_is_italic(p.spans[i].face));
	errs += para_check_glyphs(&p, env->m);
	flow_add_para(f, env->m, &p, 0);
	para_free(&p);
	return errs;
}

static int lay_panel(struct flow *f, const struct body_env *env, void *ctx, size_t *anchor)
{
	const struct leaf_panel *lp = ctx;
	const struct node *first = lp->first;
	int errs = 0;

	if (lp->cover) {
		struct body_style cs = *env->st;
		struct body_env ce = *env;

		panel_issuer(f, lp->d, env->m, cs.width, 11, lp->accent);
		if (lp->headline) {
			if (panel_headline(f, env->m, lp->headline, cs.width, lp->headline_size, lp->headline_size,
					   COVER_LINES, ALIGN_CENTER, lp->accent, env->fig) < 0)
				errs++;
			first = lp->headline->next;
		}
		if (lp->promise) {
			errs += lay_promise(f, env, lp->promise);
			first = lp->promise->next;
		}
		/* the cover reads centred */
		cs.align = ALIGN_CENTER;
		cs.heading_align = ALIGN_CENTER;
		ce.st = &cs;
		errs += body_layout_nodes(f, first, lp->stop, &ce);
		if (lp->qr)
			errs += body_layout_nodes(f, lp->qr, NULL, &ce);
	} else {
		errs += body_layout_nodes(f, first, lp->stop, env);
	}
	if (lp->back && !errs) {
		size_t n = f->n;
		if (panel_contact(f, lp->d, env->m, env->st->width, env->st->size, ALIGN_LEFT,
				  lp->accent, &errs) && n > 0)
			*anchor = n;
	}
	return errs;
}

/* The cover's parts: headline (its size chosen here, or an error), promise
 * line, and whether the campaign's QR code must be added (none in the
 * panel yet and "zalo:" set). */
static int cover_parts(struct leaf_panel *lp, const struct body_env *env, double w, struct node **qr)
{
	const struct node *c, *q;
	const char *zalo = meta_str(lp->d->meta, "zalo");
	int has_qr = 0;

	for (c = lp->first; c && c != lp->stop; c = c->next)
		if (c->type == NODE_FIGURE && !strncmp(c->url, "qr:", 3))
			has_qr = 1;
		else if (c->type == NODE_FIGURES)
			for (q = c->first; q; q = q->next)
				if (!strncmp(q->url, "qr:", 3))
					has_qr = 1;
	c = lp->first;
	if (c && c != lp->stop && c->type == NODE_HEADING) {
		struct flow tmp;

		flow_init(&tmp);
		lp->headline = c;
		lp->headline_size = panel_headline(&tmp, env->m, c, w, COVER_MAX, COVER_MIN, COVER_LINES,
						   ALIGN_CENTER, lp->accent, env->fig);
		flow_free(&tmp);
		if (lp->headline_size < 0)
			return -1;
		c = c->next;
		if (c && c != lp->stop && c->type == NODE_PARAGRAPH) {
			char *t = node_text(c);
			if (strlen(t) <= PROMISE_MAX)
				lp->promise = c;
			free(t);
		}
	}
	if (!has_qr && zalo && *zalo && (!strncmp(zalo, "https://", 8) || !strncmp(zalo, "http://", 7))) {
		*qr = node_new(NODE_FIGURE, meta_get(lp->d->meta, "zalo")->pos);
		(*qr)->url = xasprintf("qr:%s", zalo);
		(*qr)->text = xstrdup("Quét mã để vào nhóm Zalo hỗ trợ");
		lp->qr = *qr;
	}
	return 0;
}

/* Lays panel i into the frame (x, y, w, h) on page pg. */
static int place_panel(struct layout_doc *ld, int pg, const struct panels *p, int i, int back,
		       const struct body_env *env, unsigned accent, double x, double y, double w, double h,
		       struct node **cover_qr)
{
	struct flow f;
	struct body_style st;
	struct page_style ps;
	struct panel_fit o;
	struct leaf_panel lp;
	char name[32];

	memset(&lp, 0, sizeof lp);
	lp.d = env->d;
	lp.accent = accent;
	lp.cover = i == 0;
	lp.back = back;
	if (i < p->n) {
		lp.first = p->first[i];
		lp.stop = p->stop[i];
	}
	if (lp.first == lp.stop && !back)
		return 0;     /* an empty panel stays blank */
	panel_style(&st, LEAF_START, w, accent, MM(0.4), lp.cover ? MM(40) : MM(32));
	if (lp.cover && cover_parts(&lp, env, w, cover_qr) != 0)
		return -1;
	snprintf(name, sizeof name, "panel %d", i + 1);
	memset(&o, 0, sizeof o);
	o.lay = lay_panel;
	o.ctx = &lp;
	o.start = LEAF_START;
	o.floor = LEAF_FLOOR;
	o.grow = LEAF_GROW;
	o.grow_max = LEAF_GROW_MAX;
	o.name = name;
	o.at = i < p->n ? p->at[i] : env->d->body_pos;
	if (panel_fit(&f, env, &st, h, &o) < 0)
		return -1;
	memset(&ps, 0, sizeof ps);
	ps.width = ld->pages[pg].width;
	ps.height = ld->pages[pg].height;
	ps.frame.x = x;
	ps.frame.y = y;
	ps.frame.w = w;
	ps.frame.h = h;
	flow_paginate(&f, ld, &ps, pg, y, NULL);
	flow_free(&f);
	return 0;
}

/* One leaflet (and its phone copy) with fig's figures. */
static int leaflet_one(const struct doc *d, const struct kind_env *kenv, const struct figures *fig,
		       const char *suffix, struct outputs *outs, void *ctx)
{
	const char *kho = meta_str(d->meta, "kho");
	struct layout_doc *ld = layout_doc_new();
	struct body_env env;
	struct panels p;
	struct node *cover_qr = NULL;
	long accent = panel_colour(d);
	int phone = panel_bool(d, "dien_thoai", 0), a5, ret = -1, i, errs = 0;

	if (accent < 0 || phone < 0)
		goto out;
	if (!kho || !*kho || !strcasecmp(kho, "a4-gap-ba"))   /* "A5" as clerks write it */
		a5 = 0;
	else if (!strcasecmp(kho, "a5"))
		a5 = 1;
	else {
		diag_error(meta_get(d->meta, "kho")->pos, "\"kho: %s\" is not a leaflet format; use a4-gap-ba "
			   "(A4 folded in three) or a5", kho);
		goto out;
	}
	if (panels_split(d, a5 ? MAX_PANELS : 6, &p) != 0)
		goto out;
	memset(&env, 0, sizeof env);
	env.fig = fig;
	env.d = d;
	env.m = kenv->m;
	env.ld = ld;
	if (!a5) {
		/* outside [2 | 6 | 1], inside [3 | 4 | 5]; the fold-in panel
		 * (2 outside, 5 inside: the same paper) is 2 mm narrower */
		static const int order[2][3] = { { 1, 5, 0 }, { 2, 3, 4 } };
		static const double widths[2][3] = { { 97, 100, 100 }, { 100, 100, 97 } };
		int side, k;

		for (side = 0; side < 2; side++) {
			int pg;
			double x = 0;

			layout_page_new(ld, MM(297), MM(210));
			pg = (int)ld->npages - 1;
			for (k = 0; k < 3; k++) {
				double w = MM(widths[side][k]);
				if (place_panel(ld, pg, &p, order[side][k], order[side][k] == 5, &env, (unsigned)accent,
						x + MM(8), MM(10), w - MM(16), MM(190), &cover_qr) != 0)
					errs++;
				x += w;
				/* fold marks on the fold lines, where the printer prints */
				if (k < 2)
					panel_marks_at(&ld->pages[pg], x, MM(210));
			}
		}
	} else {
		for (i = 0; i < p.n; i += 2) {
			int pg, k;

			layout_page_new(ld, MM(297), MM(210));
			pg = (int)ld->npages - 1;
			for (k = 0; k < 2; k++)
				if (place_panel(ld, pg, &p, i + k, i + k == p.n - 1, &env, (unsigned)accent,
						k * MM(148.5) + MM(12), MM(12), MM(148.5) - MM(24), MM(186), &cover_qr) != 0)
					errs++;
			/* where the sheet is cut into two A5 pages */
			panel_marks_at(&ld->pages[pg], MM(148.5), MM(210));
		}
	}
	if (errs)
		goto out;
	leaflet_meta(ld, d, fig);
	outputs_add_pdf(outs, NULL, suffix, ld);
	ld = NULL;
	if (phone || kenv->phone) {
		struct phone_part parts[MAX_PANELS];
		const struct node *h = p.n && p.first[0] && p.first[0]->type == NODE_HEADING ? p.first[0] : NULL;
		struct layout_doc *ph;

		for (i = 0; i < p.n; i++) {
			parts[i].first = p.first[i];
			parts[i].stop = p.stop[i];
			parts[i].extra = i == 0 ? cover_qr : NULL;
		}
		ph = phone_copy(&env, h, parts, (size_t)p.n, (unsigned)accent);
		if (!ph)
			goto out;
		outputs_add_phone(outs, suffix, ph);
	}
	ret = 0;
out:
	node_free(cover_qr);
	layout_doc_free(ld);
	return ret;
}

static int leaflet_layout(const struct doc *d, const struct kind_env *kenv, struct outputs *outs)
{
	return kind_layout_each(d, kenv, outs, leaflet_one, NULL);
}

const struct kind kind_to_roi = { "to-roi", leaflet_keys, leaflet_layout, KIND_PHONE, "a leaflet" };

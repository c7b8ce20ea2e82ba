/* Tờ rơi (leaflet): the body is split into panels at "---".
 * kho: a4-gap-ba (default): an A4 landscape sheet printed on both sides
 *   (flipped on the short edge) and folded in three: outside [2 | 6 | 1],
 *   inside [3 | 4 | 5]; the panel that folds in is 2 mm narrower so the
 *   leaflet closes flat.
 * kho: a5: A5 pages, two on each A4 landscape sheet, with cut marks.
 * Each panel's text shrinks from 12 pt to 9 pt to fit, else an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../blocks/panel.h"
#include "../blocks/hamlets.h"
#include "../layout/layout.h"
#include "../util/util.h"

#define MAX_PANELS 8
#define LEAF_START 12.0
#define LEAF_FLOOR 9.0

static const char *const leaflet_keys[] = {
	"kho", "mau", "dien_thoai", "co_quan", "dia_danh", "nguoi_ky", KIND_STATS_KEYS, NULL
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
	const char *agency = meta_str(d->meta, "co_quan");

	for (h = d->body->first; h && h->type != NODE_HEADING; h = h->next)
		;
	ld->title = h ? body_title(h, fig) : xstrdup(meta_str(d->meta, "tieu_de") ? meta_str(d->meta, "tieu_de") : "Tờ rơi");
	ld->author = xstrdup(agency ? agency : "");
	ld->subject = xstrdup(ld->title);
}

/* Lays panel i into the frame on page pg. */
static int place_panel(struct layout_doc *ld, int pg, const struct panels *p, int i,
		       const struct body_env *env, unsigned accent, double x, double y, double w, double h)
{
	struct flow f;
	struct body_style st;
	struct page_style ps;
	char name[32];
	double size;

	if (i >= p->n || p->first[i] == p->stop[i])
		return 0;     /* an empty panel stays blank */
	panel_style(&st, LEAF_START, w, accent, MM(0.4), MM(28));
	snprintf(name, sizeof name, "panel %d", i + 1);
	size = panel_fit(&f, p->first[i], p->stop[i], env, &st, h, LEAF_START, LEAF_FLOOR, name, p->at[i]);
	if (size < 0)
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

/* The phone copy: one panel per page (a long one runs on), 90 × 160 mm,
 * text 12 pt. Shared with posters through panels of one. */
static struct layout_doc *phone_copy(const struct doc *d, const struct panels *p, const struct body_env *env0,
				     unsigned accent)
{
	struct layout_doc *ld = layout_doc_new();
	struct body_env env = *env0;
	struct body_style st;
	struct page_style ps;
	struct flow f;
	int i, errs = 0;

	env.ld = ld;
	panel_phone_style(&ps, &st, accent);
	env.st = &st;
	flow_init(&f);
	for (i = 0; i < p->n; i++) {
		if (p->first[i] == p->stop[i])
			continue;
		if (f.n)
			flow_add_break(&f);
		errs += body_layout_nodes(&f, p->first[i], p->stop[i], &env);
	}
	if (!errs)
		flow_paginate(&f, ld, &ps, -1, 0, NULL);
	flow_free(&f);
	leaflet_meta(ld, d, env0->fig);
	if (errs) {
		layout_doc_free(ld);
		return NULL;
	}
	return ld;
}

/* One leaflet (and its phone copy) with fig's figures. */
static int leaflet_one(const struct doc *d, const struct kind_env *kenv, const struct figures *fig,
		       const char *suffix, struct outputs *outs, void *ctx)
{
	const char *kho = meta_str(d->meta, "kho");
	struct layout_doc *ld = layout_doc_new();
	struct body_env env;
	struct panels p;
	long accent = panel_colour(d);
	int phone = panel_bool(d, "dien_thoai", 0), a5, ret = -1, i, errs = 0;

	if (accent < 0 || phone < 0)
		goto out;
	if (!kho || !*kho || !strcmp(kho, "a4-gap-ba"))
		a5 = 0;
	else if (!strcmp(kho, "a5"))
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
				if (place_panel(ld, pg, &p, order[side][k], &env, (unsigned)accent,
						x + MM(8), MM(10), w - MM(16), MM(190)) != 0)
					errs++;
				x += w;
				if (k < 2) {
					/* fold marks in the margins, outside the panels' text */
					panel_mark_v(&ld->pages[pg], x, 0, MM(5));
					panel_mark_v(&ld->pages[pg], x, MM(205), MM(5));
				}
			}
		}
	} else {
		for (i = 0; i < p.n; i += 2) {
			int pg, k;

			layout_page_new(ld, MM(297), MM(210));
			pg = (int)ld->npages - 1;
			for (k = 0; k < 2; k++)
				if (place_panel(ld, pg, &p, i + k, &env, (unsigned)accent,
						k * MM(148.5) + MM(12), MM(12), MM(148.5) - MM(24), MM(186)) != 0)
					errs++;
			/* cut marks where the sheet is cut into two A5 pages */
			panel_mark_v(&ld->pages[pg], MM(148.5), 0, MM(6));
			panel_mark_v(&ld->pages[pg], MM(148.5), MM(204), MM(6));
		}
	}
	if (errs)
		goto out;
	leaflet_meta(ld, d, fig);
	outputs_add_pdf(outs, NULL, suffix, ld);
	ld = NULL;
	if (phone || kenv->phone) {
		struct layout_doc *ph = phone_copy(d, &p, &env, (unsigned)accent);
		char *sfx;
		if (!ph)
			goto out;
		sfx = xasprintf("%s-dien-thoai", suffix);
		outputs_add_pdf(outs, NULL, sfx, ph)->ascii_name = 1;
		free(sfx);
	}
	ret = 0;
out:
	layout_doc_free(ld);
	return ret;
}

static int leaflet_layout(const struct doc *d, const struct kind_env *kenv, struct outputs *outs)
{
	return kind_layout_each(d, kenv, outs, leaflet_one, NULL);
}

const struct kind kind_to_roi = { "to-roi", leaflet_keys, leaflet_layout, KIND_PHONE };

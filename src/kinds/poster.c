/* Áp phích (poster), kho a4 | a3 (default) | a2 | a1, portrait.
 * The first heading is the headline, set as large as fits the width on at
 * most two lines; the rest is the body, shrunk down to 18 pt to fit; QR
 * codes get modules of at least 1 mm so they scan from one or two metres;
 * the agency line sits at the foot. "ghep: a4" (or --tile a4) also makes
 * the poster on A4 sheets to glue together, for offices with no A3 printer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../blocks/panel.h"
#include "../blocks/hamlets.h"
#include "../layout/layout.h"
#include "../util/util.h"

#define POSTER_FLOOR 18.0
#define TILE_MARGIN MM(10)
#define TILE_OVERLAP MM(10)

static const char *const poster_keys[] = {
	"kho", "mau", "ghep", "dien_thoai", "co_quan", "dia_danh", "nguoi_ky", KIND_STATS_KEYS, NULL
};

static const struct {
	const char *name;
	double w, h;   /* mm */
} papers[] = { { "a4", 210, 297 }, { "a3", 297, 420 }, { "a2", 420, 594 }, { "a1", 594, 841 } };

static const struct node *first_heading(const struct doc *d)
{
	const struct node *h;
	for (h = d->body->first; h && h->type != NODE_HEADING; h = h->next)
		;
	return h;
}

/* The headline: the largest size (whole points) at which it breaks into
 * at most two lines, none wider than the column. */
static struct block *headline(struct flow *f, const struct measure *m, const struct node *h,
			      double w, double max, unsigned accent, const struct figures *fig, int *errs)
{
	struct para p;
	struct lines ls;
	double size;
	struct block *b = NULL;

	for (size = max; size >= 12; size -= 1) {
		size_t i;
		int ok;

		para_init(&p, ALIGN_CENTER, w);
		p.leading = size * 1.1;
		int e = body_inlines(&p, h, FACE_SANS_BOLD, size, accent, fig);
		for (i = 0; i < p.n; i++)
			p.spans[i].face = face_style(p.spans[i].face, 1, face_is_italic(p.spans[i].face));
		if (size == max)
			*errs += e + para_check_glyphs(&p, m);
		layout_break(m, &p, &ls);
		ok = ls.n <= 2;
		for (i = 0; i < ls.n; i++)
			if (ls.v[i].width > w + 0.01)
				ok = 0;
		lines_free(&ls);
		if (ok || size <= 12) {
			p.space_after = size * 0.4;
			b = flow_add_para(f, m, &p, 0);
			para_free(&p);
			break;
		}
		para_free(&p);
	}
	return b;
}

/* The poster cut onto A4 sheets: each sheet shows its part of the poster
 * clipped to the area inside a 10 mm margin; neighbours overlap by 10 mm
 * for the glue; corner cut marks and "hàng r / cột c" on every sheet. */
static struct layout_doc *tiles(const struct layout_doc *poster, const struct measure *m)
{
	const struct page *src = &poster->pages[0];
	struct layout_doc *ld = layout_doc_new();
	double aw = MM(210) - 2 * TILE_MARGIN, ah = MM(297) - 2 * TILE_MARGIN;
	double sx = aw - TILE_OVERLAP, sy = ah - TILE_OVERLAP;
	int cols = (int)ceil((src->width - TILE_OVERLAP) / sx - 1e-9);
	int rows = (int)ceil((src->height - TILE_OVERLAP) / sy - 1e-9);
	int r, c;
	size_t i;

	for (r = 0; r < rows; r++)
		for (c = 0; c < cols; c++) {
			struct page *pg = layout_page_new(ld, MM(210), MM(297));
			double ox = TILE_MARGIN - c * sx, oy = TILE_MARGIN - r * sy;
			char *label;
			double tw, x0 = TILE_MARGIN, y0 = TILE_MARGIN, x1 = x0 + aw, y1 = y0 + ah, k = MM(6);

			page_add_clip(pg, TILE_MARGIN, TILE_MARGIN, aw, ah);
			for (i = 0; i < src->n; i++)
				if (src->boxes[i].type != BOX_LINK)
					page_add_copy(pg, &src->boxes[i], ox, oy);
			page_add_clip(pg, 0, 0, 0, 0);
			/* corner marks, in the margin */
			panel_mark_h(pg, x0 - k - MM(1), y0, k);
			panel_mark_v(pg, x0, y0 - k - MM(1), k);
			panel_mark_h(pg, x1 + MM(1), y0, k);
			panel_mark_v(pg, x1, y0 - k - MM(1), k);
			panel_mark_h(pg, x0 - k - MM(1), y1, k);
			panel_mark_v(pg, x0, y1 + MM(1), k);
			panel_mark_h(pg, x1 + MM(1), y1, k);
			panel_mark_v(pg, x1, y1 + MM(1), k);
			label = xasprintf("hàng %d / cột %d   (%d × %d tờ, chồng mép %d mm)", r + 1, c + 1,
					  rows, cols, (int)lround(TILE_OVERLAP * 25.4 / 72));
			tw = measure_text(m, FACE_SANS, 8, label);
			page_add_text(pg, (MM(210) - tw) / 2, MM(297) - MM(4), FACE_SANS, 8, label, tw);
			free(label);
		}
	ld->title = xstrdup(poster->title ? poster->title : "");
	ld->author = xstrdup(poster->author ? poster->author : "");
	ld->subject = xstrdup("ghép A4");
	return ld;
}

/* One poster (and its tiles and phone copy) with fig's figures, for the
 * whole commune or one hamlet (suffix "-xom-…"). */
static int poster_one(const struct doc *d, const struct kind_env *kenv, const struct figures *fig,
		      const char *suffix, struct outputs *outs, void *ctx)
{
	const char *kho = meta_str(d->meta, "kho"), *ghep = meta_str(d->meta, "ghep");
	const char *agency = meta_str(d->meta, "co_quan"), *place = meta_str(d->meta, "dia_danh");
	const struct node *h = first_heading(d);
	struct layout_doc *ld = layout_doc_new();
	struct body_env env;
	struct body_style st;
	struct flow head, body;
	struct page_style ps;
	struct page *pg;
	long accent = panel_colour(d);
	double W = 0, H = 0, k, margin, w, foot_y, body_top, size, foot_size;
	int phone = panel_bool(d, "dien_thoai", 0), ret = -1, errs = 0;
	size_t i;

	flow_init(&head);
	flow_init(&body);
	if (accent < 0 || phone < 0)
		goto out;
	for (i = 0; i < sizeof papers / sizeof papers[0]; i++)
		if (!strcmp(papers[i].name, kho && *kho ? kho : "a3")) {
			W = MM(papers[i].w);
			H = MM(papers[i].h);
		}
	if (W == 0) {
		diag_error(meta_get(d->meta, "kho")->pos, "\"kho: %s\" is not a poster size; use a4, a3, a2 or a1", kho);
		goto out;
	}
	if (ghep && *ghep && strcmp(ghep, "a4") != 0) {
		diag_error(meta_get(d->meta, "ghep")->pos, "\"ghep: %s\": posters can be split onto a4 sheets only", ghep);
		goto out;
	}
	if (!h) {
		diag_error(d->body_pos, "a poster starts with its headline as a heading, e.g. \"# Đăng ký chữ ký số miễn phí\"");
		goto out;
	}
	k = W / MM(297);              /* sizes are designed for A3 */
	margin = MM(15) * k;
	w = W - 2 * margin;
	pg = layout_page_new(ld, W, H);
	memset(&env, 0, sizeof env);
	env.d = d;
	env.m = kenv->m;
	env.ld = ld;

	/* a band of the accent colour at the top, the headline under it */
	page_add_rect(pg, 0, 0, W, MM(8) * k, (unsigned)accent);
	env.fig = fig;
	headline(&head, kenv->m, h, w, floor(90 * k), (unsigned)accent, fig, &errs);
	/* the foot: the agency (and place), bold */
	foot_size = 16 * k > 12 ? 16 * k : 12;
	foot_y = H - margin;
	if (agency && *agency) {
		/* the place only when the agency's name does not already say it */
		int say_place = place && *place && !strstr(agency, place);
		char *up = xasprintf("%s%s%s", agency, say_place ? " – " : "", say_place ? place : "");
		double tw = measure_text(kenv->m, FACE_SANS_BOLD, foot_size, up);
		if (tw > w) {
			foot_size *= w / tw;
			tw = w;
		}
		page_add_text(pg, (W - tw) / 2, foot_y, FACE_SANS_BOLD, foot_size, up, tw);
		page_add_rect(pg, margin, foot_y - foot_size * 1.6, w, 1.5 * k, (unsigned)accent);
		free(up);
	}
	body_top = margin + MM(6) * k + flow_height(&head);
	panel_style(&st, 30 * k, w, (unsigned)accent, MM(1), MM(70) * k);
	st.heading_align = ALIGN_LEFT;
	size = panel_fit(&body, h->next, NULL, &env, &st, foot_y - foot_size * 2.5 - body_top,
			 30 * k > POSTER_FLOOR ? 30 * k : POSTER_FLOOR, POSTER_FLOOR, "the poster's text",
			 h->next ? h->next->pos : h->pos);
	if (size < 0 || errs)
		goto out;
	memset(&ps, 0, sizeof ps);
	ps.width = W;
	ps.height = H;
	ps.frame.x = margin;
	ps.frame.y = margin + MM(6) * k;
	ps.frame.w = w;
	ps.frame.h = H;
	flow_paginate(&head, ld, &ps, 0, ps.frame.y, NULL);
	ps.frame.y = body_top;
	flow_paginate(&body, ld, &ps, 0, body_top, NULL);
	ld->title = body_title(h, fig);
	ld->author = xstrdup(agency ? agency : "");
	ld->subject = xstrdup(ld->title);
	outputs_add_pdf(outs, NULL, suffix, ld);
	if ((ghep && !strcmp(ghep, "a4")) || kenv->tile) {
		char *sfx = xasprintf("%s-ghep-a4", suffix);
		outputs_add_pdf(outs, NULL, sfx, tiles(ld, kenv->m));
		free(sfx);
	}
	ld = NULL;
	if (phone || kenv->phone) {
		/* the phone copy: the same content at 12 pt on phone pages */
		struct layout_doc *ph = layout_doc_new();
		struct flow f;
		struct body_style ps12;
		struct page_style pps;
		int e2 = 0;

		env.ld = ph;
		flow_init(&f);
		panel_phone_style(&pps, &ps12, (unsigned)accent);
		headline(&f, kenv->m, h, pps.frame.w, 22, (unsigned)accent, fig, &e2);
		env.st = &ps12;
		e2 += body_layout_nodes(&f, h->next, NULL, &env);
		if (!e2)
			flow_paginate(&f, ph, &pps, -1, 0, NULL);
		flow_free(&f);
		ph->title = body_title(h, fig);
		ph->author = xstrdup(agency ? agency : "");
		ph->subject = xstrdup(ph->title);
		if (e2) {
			layout_doc_free(ph);
			goto out;
		}
		{
			char *sfx = xasprintf("%s-dien-thoai", suffix);
			outputs_add_pdf(outs, NULL, sfx, ph)->ascii_name = 1;
			free(sfx);
		}
	}
	ret = 0;
out:
	flow_free(&head);
	flow_free(&body);
	layout_doc_free(ld);
	return ret;
}

static int poster_layout(const struct doc *d, const struct kind_env *kenv, struct outputs *outs)
{
	return kind_layout_each(d, kenv, outs, poster_one, NULL);
}

const struct kind kind_ap_phich = { "ap-phich", poster_keys, poster_layout, KIND_PHONE | KIND_TILE };

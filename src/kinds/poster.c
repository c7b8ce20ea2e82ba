/* Áp phích (poster), kho a4 | a3 (default) | a2 | a1, portrait.
 * Sizes are designed for A3 and scaled to the paper. The issuer band is on
 * top, then the first heading as the headline, as large as fits the width
 * on at most two lines but never under 40 pt on A3 (an error naming the
 * words that do not fit); the rest is the body from 30 pt, shrunk down to
 * 18 pt to fit or grown up to 34 pt (spread first) to fill; QR codes of at
 * least 100 mm on A3, modules of at least 1 mm, so they scan from across a
 * room; the contact block at the foot. "ghep: a4" (or --tile a4) also makes
 * the poster on A4 sheets to glue together, for offices with no A3 printer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "kind.h"
#include "../blocks/panel.h"
#include "../blocks/phone.h"
#include "../blocks/tile.h"
#include "../blocks/hamlets.h"
#include "../blocks/viethoa.h"
#include "../layout/layout.h"
#include "../util/util.h"

#define POSTER_FLOOR 18.0
/* The contact block's text to the body's: from 0.7 (21 pt beside 30 pt)
 * up to 0.9 by steps while the space under the text allows. */
#define CONTACT_K_MIN 0.7
#define CONTACT_K_STEP 0.1
#define CONTACT_K_MAX 0.9

static const char *const poster_keys[] = {
	"kho", "mau", "ghep", "dien_thoai", "co_quan", "dia_danh", "nguoi_ky", "lien_he", KIND_STATS_KEYS, NULL
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

struct poster_body {
	const struct doc *d;
	const struct node *first;
	unsigned accent;
	double contact_k;      /* the contact block's size to the text's */
	double contact_min;    /* ... but not under this (or the text's size) */
};

/* The contact block's size beside text of `size` pt: a share of it, and
 * at least contact_min (20 pt on A3, read from across a room) unless the
 * text itself is smaller. */
static double contact_size(const struct poster_body *pb, double size)
{
	double c = size * pb->contact_k, lo = pb->contact_min < size ? pb->contact_min : size;

	return c > lo ? c : lo;
}

/* The body, then the contact block at the foot. */
static int lay_body(struct flow *f, const struct body_env *env, void *ctx, size_t *anchor)
{
	const struct poster_body *pb = ctx;
	int errs = body_layout_nodes(f, pb->first, NULL, env);
	size_t n = f->n;

	if (!errs && panel_contact(f, pb->d, env->m, env->st->width, contact_size(pb, env->st->size), ALIGN_CENTER,
				   pb->accent, &errs) && n > 0)
		*anchor = n;
	return errs;
}

/* One poster (and its tiles and phone copy) with fig's figures, for the
 * whole commune or one hamlet (suffix "-xom-…"). */
static int poster_one(const struct doc *d, const struct kind_env *kenv, const struct figures *fig,
		      const char *suffix, struct outputs *outs, void *ctx)
{
	const char *kho = meta_str(d->meta, "kho"), *ghep = meta_str(d->meta, "ghep");
	char *agency = viethoa_agency_of(d->meta);
	const struct node *h = first_heading(d);
	struct layout_doc *ld = layout_doc_new();
	struct body_env env;
	struct body_style st;
	struct flow head, body;
	struct page_style ps;
	struct panel_fit o;
	struct poster_body pb;
	long accent = panel_colour(d);
	double W = 0, H = 0, k, margin, w, body_top, head_end, size;
	int phone = panel_bool(d, "dien_thoai", 0), ret = -1;
	size_t i;

	flow_init(&head);
	flow_init(&body);
	if (accent < 0 || phone < 0)
		goto out;
	for (i = 0; i < sizeof papers / sizeof papers[0]; i++)
		if (!strcasecmp(papers[i].name, kho && *kho ? kho : "a3")) {   /* "A3" as clerks write it */
			W = MM(papers[i].w);
			H = MM(papers[i].h);
		}
	if (W == 0) {
		diag_error(meta_get(d->meta, "kho")->pos, "\"kho: %s\" is not a poster size; use a4, a3, a2 or a1", kho);
		goto out;
	}
	if (ghep && *ghep && strcasecmp(ghep, "a4") != 0) {
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
	layout_page_new(ld, W, H);
	memset(&env, 0, sizeof env);
	env.d = d;
	env.m = kenv->m;
	env.ld = ld;
	env.fig = fig;

	/* the issuer band, then the headline: whole points from 90 down to a
	 * floor well above the body's size */
	panel_issuer(&head, d, kenv->m, w, 20 * k, (unsigned)accent);
	if (panel_headline(&head, kenv->m, h, w, floor(90 * k), ceil(40 * k), 2, ALIGN_CENTER, (unsigned)accent,
			   fig) < 0)
		goto out;
	memset(&ps, 0, sizeof ps);
	ps.width = W;
	ps.height = H;
	ps.frame.x = margin;
	ps.frame.y = margin;
	ps.frame.w = w;
	ps.frame.h = H;
	flow_paginate(&head, ld, &ps, 0, margin, &head_end);
	body_top = head_end + MM(4) * k;

	panel_style(&st, 30 * k, w, (unsigned)accent, MM(1), MM(100) * k);
	memset(&pb, 0, sizeof pb);
	pb.d = d;
	pb.first = h->next;
	pb.accent = (unsigned)accent;
	pb.contact_k = CONTACT_K_MIN;
	pb.contact_min = 20 * k;
	memset(&o, 0, sizeof o);
	o.lay = lay_body;
	o.ctx = &pb;
	o.start = 30 * k > POSTER_FLOOR ? 30 * k : POSTER_FLOOR;
	o.floor = POSTER_FLOOR;
	o.grow = 34 * k > o.start ? 34 * k : o.start;
	o.name = "the poster's text";
	o.at = h->next ? h->next->pos : h->pos;
	if ((size = panel_fit(&body, &env, &st, H - margin - body_top, &o)) < 0)
		goto out;
	/* the contact block grows with what is left under the text: while the
	 * text keeps its size, up to 0.9 of the text's size (a poster with three
	 * lines of text left it at 16 pt over 260 pt of empty paper) */
	while (pb.contact_k + CONTACT_K_STEP <= CONTACT_K_MAX + 1e-9) {
		struct flow g;
		double gs;

		pb.contact_k += CONTACT_K_STEP;
		diag_mute(1);
		gs = panel_fit(&g, &env, &st, H - margin - body_top, &o);
		diag_mute(0);
		if (gs < size - 1e-9) {
			if (gs >= 0)
				flow_free(&g);
			pb.contact_k -= CONTACT_K_STEP;
			break;
		}
		flow_free(&body);
		body = g;
	}
	ps.frame.y = body_top;
	ps.frame.h = H - margin - body_top;
	flow_paginate(&body, ld, &ps, 0, body_top, NULL);
	ld->title = body_title(h, fig);
	ld->author = xstrdup(agency ? agency : "");
	ld->subject = xstrdup(ld->title);
	outputs_add_pdf(outs, NULL, suffix, ld);
	if ((ghep && !strcasecmp(ghep, "a4")) || kenv->tile) {
		/* no seam through the band or the headline */
		struct tile_keep keep = { margin, head_end };
		char *sfx = xasprintf("%s-ghep-a4", suffix);
		outputs_add_pdf(outs, NULL, sfx, tile_poster(ld, &keep, 1, kenv->m, NULL));
		free(sfx);
	}
	ld = NULL;
	if (phone || kenv->phone) {
		struct phone_part part = { h->next, NULL, NULL };
		struct layout_doc *ph = phone_copy(&env, h, &part, 1, (unsigned)accent);

		if (!ph)
			goto out;
		outputs_add_phone(outs, suffix, ph);
	}
	ret = 0;
out:
	flow_free(&head);
	flow_free(&body);
	layout_doc_free(ld);
	free(agency);
	return ret;
}

static int poster_layout(const struct doc *d, const struct kind_env *kenv, struct outputs *outs)
{
	return kind_layout_each(d, kenv, outs, poster_one, NULL);
}

const struct kind kind_ap_phich = { "ap-phich", poster_keys, poster_layout, KIND_PHONE | KIND_TILE, "a poster" };

/* Panels that must fit one frame, shared by leaflets and posters. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "panel.h"
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
	st->heading_size[1] = size * 1.3;
	st->heading_size[2] = size * 1.1;
	st->heading_align = ALIGN_LEFT;
	st->accent = accent;
	st->qr_module = qr_module;
	st->qr_side = qr_side;
	st->picture_max_h = width * 1.2;
}

static void sink_null(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

double panel_fit(struct flow *f, const struct node *first, const struct node *stop,
		 const struct body_env *env, const struct body_style *proto, double h,
		 double start, double floor, const char *name, struct pos at)
{
	struct body_style st;
	struct body_env e = *env;
	double size, need = 0;
	int errs, quiet = 0;

	for (size = start; size >= floor - 1e-9; size -= 0.5) {
		double k = size / proto->size;

		st = *proto;
		st.size = size;
		st.leading = proto->leading * k;
		st.space = proto->space * k;
		st.qr_side = proto->qr_side;
		e.st = &st;
		flow_init(f);
		/* warnings (a picture scaled down) are said once, on the first try */
		if (quiet)
			diag_sink_set(sink_null, NULL);
		errs = body_layout_nodes(f, first, stop, &e);
		if (quiet)
			diag_sink_set(NULL, NULL);
		quiet = 1;
		if (errs) {
			flow_free(f);
			return -1;
		}
		need = flow_height(f);
		if (need <= h + 0.01)
			return size;
		flow_free(f);
	}
	diag_error(at, "%s is %.0f mm too long even with %.1f pt text; shorten it or move some of it "
		   "to another panel", name, ceil((need - h) * 25.4 / 72), floor);
	return -1;
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
	page_add_rect(pg, x - 0.2, y, 0.4, len, 0x999999);
}

void panel_mark_h(struct page *pg, double x, double y, double len)
{
	page_add_rect(pg, x, y - 0.2, len, 0.4, 0x999999);
}

void panel_phone_style(struct page_style *ps, struct body_style *st, unsigned accent)
{
	memset(ps, 0, sizeof *ps);
	ps->width = MM(90);
	ps->height = MM(160);
	ps->frame.x = MM(6);
	ps->frame.y = MM(8);
	ps->frame.w = MM(90) - 2 * MM(6);
	ps->frame.h = MM(160) - 2 * MM(8);
	panel_style(st, PHONE_TEXT, ps->frame.w, accent, MM(0.5), MM(40));
}

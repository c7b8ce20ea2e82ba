/* Markdown body → flow blocks, shared by every document kind. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "body.h"
#include "../read/read.h"
#include "../image/image.h"
#include "../model/figures.h"
#include "../qr/qr.h"
#include "../util/util.h"

struct style_state {
	int bold, italic;
	const char *url;
};

/* Adds the text node c and the text nodes right after it as one span with
 * its {{figures}} replaced. cmark cuts "{{tong.ty_le}}" into several text
 * nodes at the "_", so they are joined first. Returns the last node used. */
/* para_add in a colour. para_add adds nothing for empty text (an empty
 * code span, "``"), so colour only a span that was added: setting
 * spans[n - 1] regardless wrote before the array (found by fuzz_markdown). */
static void body_add_span(struct para *p, enum face f, double size, const char *text,
			  const char *url, struct pos at, unsigned rgb)
{
	size_t before = p->n;

	para_add(p, f, size, text, url, at);
	if (p->n > before)
		p->spans[p->n - 1].rgb = rgb;
}

static const struct node *text_figures(struct para *p, const struct node *c, enum face f,
				       double size, unsigned rgb, const char *url,
				       const struct figures *fig, int *errs)
{
	const struct node *last = c;
	struct buf b;
	char *t = NULL;

	buf_init(&b);
	buf_adds(&b, c->text);
	while (last->next && last->next->type == NODE_TEXT) {
		last = last->next;
		buf_adds(&b, last->text);
	}
	if (figures_present(buf_str(&b))) {
		t = figures_expand(buf_str(&b), fig, c->pos);
		if (!t)
			(*errs)++;
	}
	body_add_span(p, f, size, t ? t : buf_str(&b), url, c->pos, rgb);
	free(t);
	buf_free(&b);
	return last;
}

static void inlines_rec(struct para *p, const struct node *n, enum face base, double size,
			unsigned rgb, struct style_state st, const struct figures *fig, int *errs)
{
	const struct node *c;

	for (c = n->first; c; c = c->next) {
		enum face f = face_style(base, st.bold, st.italic);
		struct style_state sub = st;

		switch (c->type) {
		case NODE_TEXT:
			if (fig) {
				c = text_figures(p, c, f, size, rgb, st.url, fig, errs);
				break;
			}
			/* fall through */
		case NODE_CODE:
			body_add_span(p, f, size, c->text, st.url, c->pos, rgb);
			break;
		case NODE_SOFTBREAK:
			para_add(p, f, size, " ", st.url, c->pos);
			break;
		case NODE_LINEBREAK:
			para_add(p, f, size, "\n", NULL, c->pos);
			break;
		case NODE_EMPH:
			sub.italic = !st.italic;
			inlines_rec(p, c, base, size, rgb, sub, fig, errs);
			break;
		case NODE_STRONG:
			sub.bold = 1;
			inlines_rec(p, c, base, size, rgb, sub, fig, errs);
			break;
		case NODE_LINK:
			sub.url = c->url;
			inlines_rec(p, c, base, size, rgb, sub, fig, errs);
			break;
		case NODE_IMAGE:
			/* a picture inside a sentence cannot be laid out there: keep
			 * its caption so nothing is lost, and say so */
			diag_warning(c->pos, "a picture inside a sentence is shown as its caption; "
				     "put the picture on a line of its own");
			if (c->text && *c->text)
				para_add(p, f, size, c->text, NULL, c->pos);
			break;
		default:
			inlines_rec(p, c, base, size, rgb, st, fig, errs);
			break;
		}
	}
}

int body_inlines(struct para *p, const struct node *n, enum face base, double size,
		 unsigned rgb, const struct figures *fig)
{
	struct style_state st = { 0, 0, NULL };
	int errs = 0;

	inlines_rec(p, n, base, size, rgb, st, fig, &errs);
	return errs;
}

char *node_squash(const struct node *n)
{
	char *t = node_text(n), *s = str_squash(t);

	free(t);
	return s;
}

char *body_title(const struct node *h, const struct figures *fig)
{
	char *t = node_squash(h), *x;

	if (!figures_present(t))
		return t;
	/* the body has reported a bad figure already: no second message */
	diag_mute(1);
	x = figures_expand(t, fig, h->pos);
	diag_mute(0);
	if (!x)
		return t;
	free(t);
	return x;
}

const char *roman(int n, char *buf)
{
	static const int val[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1 };
	static const char *const sym[] = { "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX",
					   "V", "IV", "I" };
	size_t i;

	buf[0] = '\0';
	if (n <= 0 || n >= 4000)
		return buf;
	for (i = 0; i < 13; i++)
		while (n >= val[i] && strlen(buf) + strlen(sym[i]) < 16) {
			strcat(buf, sym[i]);
			n -= val[i];
		}
	return buf;
}


struct block *body_figure(struct flow *f, const struct node *fig, const struct body_env *env,
			  double w)
{
	const struct body_style *st = env->st;
	struct block *b = NULL;
	struct box proto = { 0 };
	struct para cap;
	struct lines ls = { 0 };
	double pw, ph, y;

	para_init(&cap, ALIGN_CENTER, w);
	if (fig->text && *fig->text)
		para_add(&cap, face_style(st->face, 0, 1), st->size - 1 > 9 ? st->size - 1 : st->size,
			 fig->text, NULL, fig->pos);
	if (para_check_glyphs(&cap, env->m))
		goto out;
	if (strncmp(fig->url, "qr:", 3) == 0) {
		struct qr *q = qr_make(fig->url + 3, fig->pos);
		int modules;

		if (!q)
			goto out;
		layout_doc_own_qr(env->ld, q);
		modules = q->width + 8;   /* the quiet zone is part of the square */
		pw = st->qr_side;
		if (pw < modules * st->qr_module)
			pw = modules * st->qr_module;
		if (pw > w)
			pw = w;
		if (pw < modules * st->qr_module - 0.01) {
			/* too small to scan: the link is too long for this column */
			diag_error(fig->pos, "this QR code needs %.0f mm to scan (%d modules of %.1f mm) but the "
				   "column is %.0f mm wide; shorten the text or link",
				   modules * st->qr_module * 25.4 / 72, modules, st->qr_module * 25.4 / 72, w * 25.4 / 72);
			goto out;
		}
		ph = pw;
		proto.type = BOX_QR;
		proto.qr = q;
	} else {
		char *path = read_path_inside(env->d, fig->url, "picture", "anh/ban-do.png", fig->pos);
		struct image *img;
		double dpi;

		if (!path)
			goto out;
		img = image_load(path, fig->pos);
		free(path);
		if (!img)
			goto out;
		layout_doc_own_image(env->ld, img);
		dpi = img->dpi > 0 ? img->dpi : 150;
		pw = img->width * 72.0 / dpi;
		ph = img->height * 72.0 / dpi;
		if (pw > w) {
			diag_warning(fig->pos, "the picture \"%s\" is wider than its column; it was scaled down to fit",
				     fig->url);
			ph *= w / pw;
			pw = w;
		}
		if (ph > st->picture_max_h) {
			pw *= st->picture_max_h / ph;
			ph = st->picture_max_h;
		}
		proto.type = BOX_IMAGE;
		proto.image = img;
	}
	layout_break(env->m, &cap, &ls);
	{
		double caph = 0;
		size_t i;
		for (i = 0; i < ls.n; i++)
			caph += ls.v[i].leading;
		b = flow_add_fixed(f, ph + caph + 4);
	}
	proto.x = (w - pw) / 2;
	proto.y = 0;
	proto.w = pw;
	proto.h = ph;
	block_add_box(b, &proto);
	if (proto.type == BOX_QR && (strncmp(fig->url + 3, "http://", 7) == 0 ||
				     strncmp(fig->url + 3, "https://", 8) == 0)) {
		/* on a phone the code itself is a link: tap instead of scan */
		struct box l = { 0 };
		l.type = BOX_LINK;
		l.x = proto.x;
		l.w = l.h = pw;
		l.url = (char *)fig->url + 3;
		block_add_box(b, &l);
	}
	y = ph + 4;
	block_add_lines(b, &ls, 0, y);
	b->space_before = st->space;
	b->no_split = 1;
out:
	lines_free(&ls);
	para_free(&cap);
	return b;
}

struct list_ctx {
	int depth;
};

static int body_block(struct flow *f, const struct node *n, const struct body_env *env,
		      const char *marker, int depth, const struct figures *fig);

static int body_list(struct flow *f, const struct node *list, const struct body_env *env, int depth,
		     const struct figures *fig)
{
	const struct node *item;
	int num = list->start > 0 ? list->start : 1, errs = 0;

	for (item = list->first; item; item = item->next, num++) {
		const struct node *c;
		char mark[32];
		int first = 1;

		if (list->ordered)
			snprintf(mark, sizeof mark, depth == 0 ? "%d." : "%c)", depth == 0 ? num : 'a' + (num - 1) % 26);
		else
			snprintf(mark, sizeof mark, "%s", depth == 0 ? "-" : "+");
		for (c = item->first; c; c = c->next) {
			errs += body_block(f, c, env, first ? mark : NULL, depth + 1, fig);
			first = 0;
		}
		if (!item->first)
			errs += body_block(f, item, env, mark, depth + 1, fig);
	}
	return errs;
}

static int body_block(struct flow *f, const struct node *n, const struct body_env *env,
		      const char *marker, int depth, const struct figures *fig)
{
	const struct body_style *st = env->st;
	struct para p;
	int errs = 0;

	switch (n->type) {
	case NODE_HEADING: {
		int lv = n->level >= 1 && n->level <= 6 ? n->level : 6;
		double size = st->heading_size[lv - 1] > 0 ? st->heading_size[lv - 1] : st->size;
		struct block *b;

		para_init(&p, st->heading_align, st->width);
		p.first_indent = st->heading_align == ALIGN_LEFT || st->heading_align == ALIGN_JUSTIFY
				 ? st->first_indent : 0;
		p.leading = st->leading * size / st->size;
		p.space_before = st->space * 1.5;
		p.keep_with_next = 1;
		errs += body_inlines(&p, n, face_style(st->face, 1, 0), size, st->accent, fig);
		errs += para_check_glyphs(&p, env->m);
		b = flow_add_para(f, env->m, &p, 0);
		(void)b;
		para_free(&p);
		break;
	}
	case NODE_PARAGRAPH:
	case NODE_ITEM: {
		para_init(&p, st->align, st->width);
		p.leading = st->leading;
		p.space_before = st->space;
		if (marker && st->lists == LIST_HANGING) {
			double mw = measure_text(env->m, st->face, st->size, "00.") + st->size * 0.4;
			p.indent = mw * depth;
			para_set_marker(&p, face_style(st->face, 1, 0), st->size, marker, st->accent,
					p.indent - mw);
		} else if (marker) {
			/* Nghị định 30: a numbered or dash item is an ordinary
			 * paragraph that begins with its marker */
			p.first_indent = st->first_indent;
			para_add(&p, st->face, st->size, marker, NULL, n->pos);
			para_add(&p, st->face, st->size, " ", NULL, n->pos);
		} else {
			p.first_indent = st->first_indent;
			if (depth > 0 && st->lists == LIST_HANGING) {
				double mw = measure_text(env->m, st->face, st->size, "00.") + st->size * 0.4;
				p.indent = mw * depth;
				p.first_indent = 0;
			}
		}
		if (n->type == NODE_PARAGRAPH)
			errs += body_inlines(&p, n, st->face, st->size, 0, fig);
		errs += para_check_glyphs(&p, env->m);
		flow_add_para(f, env->m, &p, 0);
		para_free(&p);
		break;
	}
	case NODE_LIST:
		errs += body_list(f, n, env, depth, fig);
		break;
	case NODE_QUOTE: {
		const struct node *c;
		struct body_style qs = *st;
		struct body_env qe = *env;
		struct flow sub;
		size_t i;

		qs.face = face_style(st->face, 0, 1);
		qs.width = st->width - st->first_indent;
		qe.st = &qs;
		flow_init(&sub);
		for (c = n->first; c; c = c->next)
			errs += body_block(&sub, c, &qe, NULL, depth, fig);
		/* move the quote's blocks into f, shifted right */
		for (i = 0; i < sub.n; i++) {
			sub.v[i].x += st->first_indent;
			if (f->n == f->cap) {
				f->cap = f->cap ? f->cap * 2 : 32;
				f->v = xrealloc(f->v, f->cap * sizeof *f->v);
			}
			f->v[f->n++] = sub.v[i];
		}
		free(sub.v);
		break;
	}
	case NODE_FIGURE:
		if (!body_figure(f, n, env, st->width))
			errs++;
		break;
	case NODE_THEMATIC_BREAK:
	default:
		break;
	}
	return errs;
}

/* The sentence that introduces a picture or QR code ("quét mã dưới đây")
 * never ends a page with the code alone at the top of the next. */
static void keep_with_figure(struct flow *f, const struct node *c)
{
	if (c->next && c->next->type == NODE_FIGURE && f->n && f->v[f->n - 1].type == BLOCK_LINES)
		f->v[f->n - 1].keep_with_next = 1;
}

int body_layout_nodes(struct flow *f, const struct node *first, const struct node *stop,
		      const struct body_env *env)
{
	const struct node *c;
	int errs = 0;

	for (c = first; c && c != stop; c = c->next) {
		errs += body_block(f, c, env, NULL, 0, env->fig);
		keep_with_figure(f, c);
	}
	return errs;
}

int body_layout(struct flow *f, const struct node *root, const struct body_env *env,
		int (*skip)(const struct node *n))
{
	const struct node *c;
	int errs = 0;

	for (c = root->first; c; c = c->next) {
		if (skip && skip(c))
			continue;
		errs += body_block(f, c, env, NULL, 0, env->fig);
		keep_with_figure(f, c);
	}
	return errs;
}

/* Markdown body → flow blocks, shared by every document kind. */
#include <limits.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "body.h"
#include "table.h"
#include "../read/read.h"
#include "../image/image.h"
#include "../model/figures.h"
#include "../qr/qr.h"
#include "../util/util.h"
#include "../util/utf8.h"

/* Links on a phone copy: the blue readers know as "tap here". */
#define LINK_RGB 0x1155CC

struct style_state {
	int bold, italic;
	const char *url;
};

/* What the inline walk needs besides the style: figures, the error count,
 * how links show, and, inside a table cell, where its pictures go. */
struct inl_ctx {
	const struct figures *fig;
	int *errs;
	const struct body_env *env;   /* pictures, the body's "./."; NULL in body_inlines */
	struct table_cell *cell;
	enum link_form links;
};

/* para_add in a colour; on a phone copy a link's words are blue and
 * underlined. para_add adds nothing for empty text (an empty code span,
 * "``"), so style only a span that was added: setting spans[n - 1]
 * regardless wrote before the array (found by fuzz_markdown). */
static void body_add_span(struct para *p, enum face f, double size, const char *text,
			  const char *url, struct pos at, unsigned rgb, const struct inl_ctx *ic)
{
	size_t before = p->n;

	para_add(p, f, size, text, url, at);
	if (p->n > before) {
		struct span *sp = &p->spans[p->n - 1];
		sp->rgb = rgb;
		if (url && ic->links == LINKS_PHONE) {
			sp->rgb = LINK_RGB;
			sp->underline = 1;
		}
	}
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The first telephone number in s, as Vietnamese writes them: a mobile or
 * landline number of 10 or 11 digits starting with 0 ("0912 345 678",
 * "0912.345.678", "(0208) 3856 123", "+84 912 345 678"), a hotline of 8
 * or 10 digits starting 1800 or 1900 ("1900 1595", "18001260"). Groups
 * are split by one space, "." or "-". *start and *len give its bytes, tel
 * its digits ("0912345678"). Returns 1 when there is one. */
static int find_phone(const char *s, size_t *start, size_t *len, char *tel, size_t telsize)
{
	size_t i;

	for (i = 0; s[i]; i++) {
		size_t j = i, end = i, nd = 0;
		char d[24];
		int plus = 0;

		/* a number starts after a space or a bracket, not inside a word
		 * or another number ("1.0912…", "x0912…") */
		if (i > 0 && (is_digit(s[i - 1]) || ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z') ||
			      strchr("/.,-+", s[i - 1])))
			continue;
		if (s[j] == '+' && is_digit(s[j + 1]))
			plus = 1, j++;
		else if (s[j] == '(' && is_digit(s[j + 1]))
			j++;
		if (!is_digit(s[j]))
			continue;
		for (;;) {
			while (is_digit(s[j]) && nd < sizeof d - 1)
				d[nd++] = s[j++];
			if (is_digit(s[j]))
				break;          /* too many digits: not a phone number */
			end = j;
			if (s[j] == ')' && s[j + 1] == ' ' && is_digit(s[j + 2]))
				j += 2;
			else if ((s[j] == ' ' || s[j] == '.' || s[j] == '-') && is_digit(s[j + 1]))
				j++;
			else
				break;
		}
		if (is_digit(s[j]))
			continue;
		d[nd] = '\0';
		if (plus && nd >= 11 && d[0] == '8' && d[1] == '4') {
			memmove(d + 1, d + 2, nd - 1);
			d[0] = '0';
			nd--;
		}
		if ((d[0] == '0' && d[1] != '0' && (nd == 10 || nd == 11)) ||
		    ((!strncmp(d, "1800", 4) || !strncmp(d, "1900", 4)) && (nd == 8 || nd == 10))) {
			*start = i;
			*len = end - i;
			snprintf(tel, telsize, "%s", d);
			return 1;
		}
	}
	return 0;
}

/* Text of the document: on a phone copy a telephone number outside a link
 * becomes one ("tel:"), so a tap calls it. */
static void body_add_text(struct para *p, enum face f, double size, const char *text, const char *url,
			  struct pos at, unsigned rgb, const struct inl_ctx *ic)
{
	size_t start, len;
	char tel[24];

	while (!url && ic->links == LINKS_PHONE && find_phone(text, &start, &len, tel, sizeof tel)) {
		char *before = xstrndup(text, start), *num = xstrndup(text + start, len);
		char *u = xasprintf("tel:%s", tel);

		body_add_span(p, f, size, before, NULL, at, rgb, ic);
		body_add_span(p, f, size, num, u, at, rgb, ic);
		free(before);
		free(num);
		free(u);
		text += start + len;
	}
	body_add_span(p, f, size, text, url, at, rgb, ic);
}

/* An address as printed after a link's words: no scheme ("https://",
 * "mailto:", "tel:"), no "/" at the end. Caller frees. */
static char *printed_address(const char *url)
{
	static const char *const schemes[] = { "https://", "http://", "mailto:", "tel:", NULL };
	size_t i, n;
	char *a;

	for (i = 0; schemes[i]; i++)
		if (!strncasecmp(url, schemes[i], strlen(schemes[i]))) {
			url += strlen(schemes[i]);
			break;
		}
	a = xstrdup(url);
	n = strlen(a);
	while (n > 0 && a[n - 1] == '/')
		a[--n] = '\0';
	return a;
}

/* A telephone number as Vietnamese print it, from a "tel:" address's
 * digits: hotlines "1800 1091", "1900 555 520"; mobiles "0912 345 678";
 * Hà Nội and TP HCM "024 3825 1234", other land lines "0208 385 5123";
 * "+84 912 345 678" from the international form; anything else as it
 * is. Caller frees. */
static char *tel_grouped(const char *tel)
{
	static const int hot8[] = { 4, 4, 0 }, hot10[] = { 4, 3, 3, 0 }, mob[] = { 4, 3, 3, 0 },
			 big[] = { 3, 4, 4, 0 }, land[] = { 4, 3, 4, 0 }, intl[] = { 3, 3, 3, 3, 0 };
	char d[32], *o;
	const int *g = NULL;
	size_t n = 0, i, k;
	struct buf b;

	for (i = 0; tel[i] && n + 1 < sizeof d; i++)
		if (is_digit(tel[i]) || (tel[i] == '+' && n == 0))
			d[n++] = tel[i];
	d[n] = '\0';
	if ((!strncmp(d, "1800", 4) || !strncmp(d, "1900", 4)) && n == 8)
		g = hot8;
	else if ((!strncmp(d, "1800", 4) || !strncmp(d, "1900", 4)) && n == 10)
		g = hot10;
	else if (d[0] == '0' && d[1] >= '3' && d[1] <= '9' && n == 10)
		g = mob;
	else if ((!strncmp(d, "024", 3) || !strncmp(d, "028", 3)) && n == 11)
		g = big;
	else if (!strncmp(d, "02", 2) && n == 11)
		g = land;
	else if (!strncmp(d, "+84", 3) && n == 12)
		g = intl;
	if (!g)
		return xstrdup(tel);
	buf_init(&b);
	for (i = 0, k = 0; g[k]; i += (size_t)g[k++]) {
		if (k)
			buf_addc(&b, ' ');
		buf_add(&b, d + i, (size_t)g[k]);
	}
	buf_str(&b);
	o = buf_take(&b);
	return o;
}

/* Lower-case ASCII letters and digits of s only: "Dichvucong.gov.vn/" and
 * "dichvucong.gov.vn" compare equal, "0912 345 678" and "0912345678" too. */
static char *plain(const char *s)
{
	char *o = xmalloc(strlen(s) + 1), *w = o;

	for (; *s; s++)
		if (is_digit(*s) || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
			*w++ = (char)(*s | (is_digit(*s) ? 0 : 0x20));
	*w = '\0';
	return o;
}

/* On paper nobody can click: a link's address follows its words when they
 * do not already say it ("Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)"). */
static void link_address(struct para *p, const struct node *link, enum face f, double size, unsigned rgb,
			 const struct inl_ctx *ic)
{
	char *label = node_text(link), *addr = printed_address(link->url), *pl = plain(label), *pa = plain(addr);
	int shown = *pa && strstr(pl, pa) != NULL;

	if (!strncasecmp(link->url, "tel:", 4)) {
		char *g = tel_grouped(addr);
		/* "+84 912 …" is shown by a label that writes "0912 …" */
		if (!shown && !strncmp(pa, "84", 2) && strlen(pa) > 9) {
			char *nat = xasprintf("0%s", pa + 2);
			shown = strstr(pl, nat) != NULL;
			free(nat);
		}
		free(addr);
		addr = g;
	}
	if (*pa && !shown) {
		char *t = xasprintf(" (%s)", addr);
		body_add_span(p, f, size, t, link->url, link->pos, rgb, ic);
		free(t);
	}
	free(label);
	free(addr);
	free(pl);
	free(pa);
}

/* The body's closing mark as Nghị định 30's model ends the body. */
#define END_MARK "./."

/* The length of s without its trailing blanks. */
static size_t trimmed_len(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return n;
}

/* Whether s ends with the closing mark (blanks after it aside). */
static int ends_with_mark(const char *s)
{
	size_t n = trimmed_len(s), k = strlen(END_MARK);

	return n >= k && memcmp(s + n - k, END_MARK, k) == 0;
}

/* The text of b without the "/." of its closing mark: the sentence keeps
 * its full stop, the mark moves to the body's last picture. */
static void ending_cut(struct buf *b)
{
	const char *s = buf_str(b);

	if (ends_with_mark(s)) {
		b->len = trimmed_len(s) - strlen(END_MARK) + 1;
		b->data[b->len] = '\0';
	}
}

static const struct node *text_figures(struct para *p, const struct node *c, enum face f,
				       double size, unsigned rgb, const char *url, const struct inl_ctx *ic)
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
	if (ic->env && last == ic->env->end_text)
		ending_cut(&b);
	if (figures_present(buf_str(&b))) {
		t = figures_expand(buf_str(&b), ic->fig, c->pos);
		if (!t)
			(*ic->errs)++;
	}
	body_add_text(p, f, size, t ? t : buf_str(&b), url, c->pos, rgb, ic);
	free(t);
	buf_free(&b);
	return last;
}

static int body_picture(const struct node *n, const struct body_env *env, struct table_pic *pic);
static void picture_warn_narrow(const struct table_pic *pic, double pw);

static void inlines_rec(struct para *p, const struct node *n, enum face base, double size,
			unsigned rgb, struct style_state st, const struct inl_ctx *ic)
{
	int *errs = ic->errs;
	const struct node *c;

	for (c = n->first; c; c = c->next) {
		enum face f = face_style(base, st.bold, st.italic);
		struct style_state sub = st;

		switch (c->type) {
		case NODE_TEXT:
			if (ic->fig) {
				c = text_figures(p, c, f, size, rgb, st.url, ic);
				break;
			}
			if (ic->env && c == ic->env->end_text) {
				struct buf b;

				buf_init(&b);
				buf_adds(&b, c->text);
				ending_cut(&b);
				body_add_text(p, f, size, buf_str(&b), st.url, c->pos, rgb, ic);
				buf_free(&b);
				break;
			}
			body_add_text(p, f, size, c->text, st.url, c->pos, rgb, ic);
			break;
		case NODE_CODE:
			body_add_span(p, f, size, c->text, st.url, c->pos, rgb, ic);
			break;
		case NODE_SOFTBREAK:
			body_add_span(p, f, size, " ", st.url, c->pos, rgb, ic);
			break;
		case NODE_LINEBREAK:
			para_add(p, f, size, "\n", NULL, c->pos);
			break;
		case NODE_EMPH:
			sub.italic = !st.italic;
			inlines_rec(p, c, base, size, rgb, sub, ic);
			break;
		case NODE_STRONG:
			sub.bold = 1;
			inlines_rec(p, c, base, size, rgb, sub, ic);
			break;
		case NODE_LINK:
			sub.url = c->url;
			inlines_rec(p, c, base, size, rgb, sub, ic);
			if (ic->links == LINKS_PRINT && !st.url)
				link_address(p, c, f, size, rgb, ic);
			break;
		case NODE_IMAGE:
			if (ic->cell) {
				/* a table cell's picture goes under its text */
				struct table_pic pic;

				if (body_picture(c, ic->env, &pic) == 0) {
					/* no taller than a picture of the body: a tall
					 * screenshot sits beside its step, not over a page */
					double max_h = ic->env->st->picture_max_h;
					if (!pic.qr && pic.h > max_h) {
						pic.w *= max_h / pic.h;
						pic.h = max_h;
						/* said here: a wider column would not help */
						picture_warn_narrow(&pic, pic.w);
						if (pic.min_w > pic.w)
							pic.min_w = pic.w;
					}
					table_cell_add_pic(ic->cell, &pic);
					free(pic.name);
				} else {
					(*errs)++;
				}
				break;
			}
			/* a picture inside a sentence cannot be laid out there: keep
			 * its caption so nothing is lost, and say so */
			diag_warning(c->pos, "a picture inside a sentence is shown as its caption; "
				     "put the picture on a line of its own");
			if (c->text && *c->text)
				para_add(p, f, size, c->text, NULL, c->pos);
			break;
		default:
			inlines_rec(p, c, base, size, rgb, st, ic);
			break;
		}
	}
}

int body_inlines(struct para *p, const struct node *n, enum face base, double size,
		 unsigned rgb, const struct figures *fig)
{
	struct style_state st = { 0, 0, NULL };
	int errs = 0;
	struct inl_ctx ic = { fig, &errs, NULL, NULL, LINKS_PRINT };

	inlines_rec(p, n, base, size, rgb, st, &ic);
	return errs;
}

/* The inlines of a block of the body, links shown as its style says. */
static int block_inlines(struct para *p, const struct node *n, enum face base, double size,
			 unsigned rgb, const struct body_env *env)
{
	struct style_state st = { 0, 0, NULL };
	int errs = 0;
	struct inl_ctx ic = { env->fig, &errs, env, NULL, env->st->links };

	inlines_rec(p, n, base, size, rgb, st, &ic);
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


/* The narrowest a picture may be printed and still be read: a phone
 * screenshot (taller than 1.6 times its width) shows text about 1/27 of
 * its width high, which needs 38 mm to be 1.4 mm on paper; another
 * picture 25 mm. Never more than the picture's own size. */
#define PICTURE_SCREEN_MIN_W MM(38)
#define PICTURE_MIN_W MM(25)

/* Loads the picture or QR code that n (a FIGURE or an IMAGE) names, owned
 * by env->ld from then on: in pic its object, its natural size (the
 * picture at its resolution, 150 ppi when the file says none; a QR code at
 * the style's side, never smaller than its modules allow) and the width it
 * stays readable at; pic->name is allocated (caller frees). Returns 0, or
 * -1 after diag_error. */
static int body_picture(const struct node *n, const struct body_env *env, struct table_pic *pic)
{
	const struct body_style *st = env->st;

	memset(pic, 0, sizeof *pic);
	pic->pos = n->pos;
	if (strncmp(n->url, "qr:", 3) == 0) {
		/* "qr:{{zalo}}": the settings and figures in the code's text too */
		char *text = figures_present(n->url) ? figures_expand(n->url + 3, env->fig, n->pos) : NULL;
		struct qr *q;
		int modules;

		if (figures_present(n->url) && !text)
			return -1;
		q = qr_make(text ? text : n->url + 3, n->pos);
		free(text);
		if (!q)
			return -1;
		layout_doc_own_qr(env->ld, q);
		modules = q->width + 8;   /* the quiet zone is part of the square */
		pic->qr = q;
		pic->min_w = modules * st->qr_module;
		pic->w = pic->h = st->qr_side > pic->min_w ? st->qr_side : pic->min_w;
	} else {
		char *path = read_path_inside(env->d, n->url, "picture", "anh/ban-do.png", n->pos);
		struct image *img;
		double dpi;

		if (!path)
			return -1;
		img = image_load(path, n->pos);
		free(path);
		if (!img)
			return -1;
		layout_doc_own_image(env->ld, img);
		image_set_ppi(img, st->picture_ppi);
		dpi = img->dpi > 0 ? img->dpi : 150;
		pic->img = img;
		pic->w = img->width * 72.0 / dpi;
		pic->h = img->height * 72.0 / dpi;
		pic->min_w = pic->h > 1.6 * pic->w ? PICTURE_SCREEN_MIN_W : PICTURE_MIN_W;
		if (pic->min_w > pic->w)
			pic->min_w = pic->w;
	}
	pic->name = xstrdup(n->url);
	return 0;
}

/* A picture printed pw wide, narrower than it can be read, is named in a
 * warning (a QR code too small to scan is an error before this). */
static void picture_warn_narrow(const struct table_pic *pic, double pw)
{
	if (!pic->qr && pw < pic->min_w - 0.5)
		diag_warning(pic->pos, "the picture \"%s\" is printed %.0f mm wide, too small to read (it "
			     "needs %.0f mm): crop it, or give it a page of its own", pic->name,
			     pw * 25.4 / 72, pic->min_w * 25.4 / 72);
}

/* Scales a picture's natural size (pw, ph) down to fit width w and height
 * max_h; a picture that ends narrower than it can be read is named in a
 * warning. Scaling down is what a photo needs, not a problem. */
static void picture_fit(const struct table_pic *pic, double w, double max_h, double *pw, double *ph)
{
	*pw = pic->w;
	*ph = pic->h;
	if (*pw > w) {
		*ph *= w / *pw;
		*pw = w;
	}
	if (!pic->qr && *ph > max_h) {
		*pw *= max_h / *ph;
		*ph = max_h;
	}
	picture_warn_narrow(pic, *pw);
}

/* The caption of a picture broken for width w: italic, a point smaller
 * than the text. Returns the errors (glyphs missing); *h its height. */
static int figure_caption(const struct node *fig, const struct body_env *env, double w, struct lines *ls,
			  double *h)
{
	const struct body_style *st = env->st;
	struct para cap;
	size_t i;
	int errs;

	memset(ls, 0, sizeof *ls);
	*h = 0;
	para_init(&cap, ALIGN_CENTER, w);
	cap.nobreak = env->nobreak;
	if (fig->text && *fig->text)
		para_add(&cap, face_style(st->face, 0, 1), st->size - 1 > 9 ? st->size - 1 : st->size,
			 fig->text, NULL, fig->pos);
	if (fig == env->end_fig) {
		/* the body's closing mark, upright as the body's text */
		size_t n = fig->text ? trimmed_len(fig->text) : 0;
		para_add(&cap, st->face, st->size - 1 > 9 ? st->size - 1 : st->size,
			 n && fig->text[n - 1] == '.' ? END_MARK + 1 : END_MARK, NULL, fig->pos);
	}
	errs = para_check_glyphs(&cap, env->m);
	if (!errs)
		layout_break(env->m, &cap, ls);
	para_free(&cap);
	for (i = 0; i < ls->n; i++)
		*h += ls->v[i].leading;
	return errs;
}

/* The picture pic in b at (x, y), pw × ph; a QR code of a web address is
 * a link too: on a phone, tap instead of scan. */
static void figure_box(struct block *b, const struct node *fig, const struct table_pic *pic, double x, double y,
		       double pw, double ph)
{
	struct box proto = { 0 };

	proto.type = pic->qr ? BOX_QR : BOX_IMAGE;
	proto.qr = pic->qr;
	proto.image = pic->img;
	proto.x = x;
	proto.y = y;
	proto.w = pw;
	proto.h = ph;
	block_add_box(b, &proto);
	if (pic->qr && (strncmp(fig->url + 3, "http://", 7) == 0 || strncmp(fig->url + 3, "https://", 8) == 0)) {
		struct box l = { 0 };
		l.type = BOX_LINK;
		l.x = x;
		l.y = y;
		l.w = l.h = pw;
		l.url = (char *)fig->url + 3;
		block_add_box(b, &l);
	}
}

/* A QR code that cannot be drawn w wide with modules large enough to
 * scan: said at its line. */
static int qr_too_dense(const struct table_pic *pic, const struct node *fig, const struct body_env *env, double w)
{
	if (!pic->qr || pic->min_w <= w + 0.01)
		return 0;
	diag_error(fig->pos, "this QR code needs %.0f mm to scan (%d modules of %.1f mm) but the "
		   "column is %.0f mm wide; shorten the text or link",
		   pic->min_w * 25.4 / 72, pic->qr->width + 8, env->st->qr_module * 25.4 / 72, w * 25.4 / 72);
	return 1;
}

struct block *body_figure(struct flow *f, const struct node *fig, const struct body_env *env,
			  double w)
{
	const struct body_style *st = env->st;
	struct block *b = NULL;
	struct table_pic pic = { 0 };
	struct lines ls = { 0 };
	double pw, ph, caph;

	if (figure_caption(fig, env, w, &ls, &caph))
		goto out;
	if (body_picture(fig, env, &pic) != 0 || qr_too_dense(&pic, fig, env, w))
		goto out;
	picture_fit(&pic, w, st->picture_max_h, &pw, &ph);
	b = flow_add_fixed(f, ph + caph + 4);
	figure_box(b, fig, &pic, (w - pw) / 2, 0, pw, ph);
	block_add_lines(b, &ls, 0, ph + 4);
	b->space_before = st->space;
	b->no_split = 1;
	if (pic.qr && fig == env->end_last && pw > pic.min_w)
		/* the body's last QR code may be drawn at its smallest to
		 * stay with the lines before it on their page */
		b->shrink = pw - pic.min_w;
out:
	free(pic.name);
	lines_free(&ls);
	return b;
}

#define ROW_GAP MM(5)          /* between pictures side by side */

/* The width picture p takes in a row h high: a picture scaled to the
 * height, a QR code at its own side (no larger than the row). */
static double row_pic_w(const struct table_pic *p, double h)
{
	if (p->qr)
		return p->w < h ? p->w : h;
	return p->w / p->h * h;
}

/* The widths of the pictures [from, to) side by side h high, gaps
 * included. */
static double row_width(const struct table_pic *pics, size_t from, size_t to, double h)
{
	double sum = ROW_GAP * (double)(to - from - 1);
	size_t i;

	for (i = from; i < to; i++)
		sum += row_pic_w(&pics[i], h);
	return sum;
}

/* The height the pictures [from, to) take side by side in width w: as
 * tall as the width allows, no taller than the style's pictures, and no
 * photo enlarged past its own size (a row of QR codes only is as tall as
 * the largest). */
static double row_height(const struct table_pic *pics, size_t from, size_t to, double w, double max_h)
{
	double h = max_h, qr = 0;
	size_t i;
	int photos = 0, k;

	for (i = from; i < to; i++) {
		if (pics[i].qr) {
			if (pics[i].w > qr)
				qr = pics[i].w;
		} else {
			photos = 1;
			if (pics[i].h < h)
				h = pics[i].h;
		}
	}
	if (!photos)
		h = qr;
	if (row_width(pics, from, to, h) > w) {
		/* the widths grow with h, a QR code's only up to its side:
		 * halve the interval to the height that fills w */
		double lo = 0, hi = h;

		for (k = 0; k < 40; k++) {
			h = (lo + hi) / 2;
			if (row_width(pics, from, to, h) > w)
				hi = h;
			else
				lo = h;
		}
		h = lo;
	}
	return h;
}

/* Whether every picture of [from, to) is as wide as it needs to be read
 * (or, for a QR code, scanned) in a row h high. */
static int row_readable(const struct table_pic *pics, size_t from, size_t to, double h)
{
	size_t i;

	for (i = from; i < to; i++)
		if (row_pic_w(&pics[i], h) < pics[i].min_w - 0.5)
			return 0;
	return 1;
}

/* Pictures of one paragraph side by side (the seed's three phone screens
 * across a page): each row's pictures scaled to one height, each caption
 * under its picture; as many to a row as stay readable, the rows as even
 * as they can be (4 go 2 + 2). Each row is one block. Returns errors. */
static int body_figure_row(struct flow *f, const struct node *row, const struct body_env *env)
{
	const struct body_style *st = env->st;
	const struct node *c, **figs;
	struct table_pic *pics;
	size_t n = 0, k, per, rows = 1, r, from;
	int errs = 0;

	for (c = row->first; c; c = c->next)
		n++;
	figs = xcalloc(n ? n : 1, sizeof *figs);
	pics = xcalloc(n ? n : 1, sizeof *pics);
	for (c = row->first, k = 0; c; c = c->next) {
		if (body_picture(c, env, &pics[k]) != 0 || qr_too_dense(&pics[k], c, env, st->width)) {
			free(pics[k].name);
			errs++;
			continue;
		}
		figs[k++] = c;
	}
	n = k;
	/* the most pictures to a row that all stay readable */
	for (per = n; per >= 1; per--) {
		int ok = 1;

		rows = (n + per - 1) / per;
		for (r = 0, from = 0; r < rows && ok; r++) {
			size_t cnt = n / rows + (r < n % rows);
			ok = row_readable(pics, from, from + cnt, row_height(pics, from, from + cnt, st->width,
									     st->picture_max_h));
			from += cnt;
		}
		if (ok)
			break;
	}
	if (per == 0)
		rows = n;
	for (r = 0, from = 0; r < rows && n; r++) {
		size_t cnt = n / rows + (r < n % rows), i;
		double h = row_height(pics, from, from + cnt, st->width, st->picture_max_h);
		double total = 0, x, caph = 0;
		struct lines *ls = xcalloc(cnt, sizeof *ls);
		double *ch = xcalloc(cnt, sizeof *ch);
		struct block *b;

		for (i = 0; i < cnt; i++) {
			double pw = row_pic_w(&pics[from + i], h);

			total += pw + (i ? ROW_GAP : 0);
			errs += figure_caption(figs[from + i], env, pw, &ls[i], &ch[i]);
			if (ch[i] > caph)
				caph = ch[i];
		}
		b = flow_add_fixed(f, h + caph + 4);
		x = (st->width - total) / 2;
		for (i = 0; i < cnt; i++) {
			const struct table_pic *p = &pics[from + i];
			double pw = row_pic_w(p, h), ph = p->qr ? pw : h;

			picture_warn_narrow(p, pw);
			/* a QR code smaller than the row stands on the captions' line */
			figure_box(b, figs[from + i], p, x, h - ph, pw, ph);
			block_add_lines(b, &ls[i], x, h + 4);
			lines_free(&ls[i]);
			x += pw + ROW_GAP;
		}
		b->space_before = st->space;
		b->no_split = 1;
		free(ls);
		free(ch);
		from += cnt;
	}
	for (k = 0; k < n; k++)
		free(pics[k].name);
	free(pics);
	free(figs);
	return errs;
}

/* A number as tables hold them: digits with "." "," "%" "+" "-" "–" "−"
 * and spaces ("1.169", "36,4 %", "-2,5"). An empty cell is not one. */
static int is_number_text(const char *s)
{
	int digit = 0;

	while (*s) {
		uint32_t c;
		int k = utf8_decode(s, &c);

		if (k <= 0)
			return 0;
		if (c >= '0' && c <= '9')
			digit = 1;
		else if (!(c < 128 && strchr(".,%+- ", (int)c)) && c != 0x2013 && c != 0x2212 && c != 0xA0)
			return 0;
		s += k;
	}
	return digit;
}

/* A column's alignment: the delimiter row's, else numbers to the right and
 * everything else to the left. */
static enum align column_align(const struct node *table, size_t j)
{
	const struct node *row, *cell;
	int numbers = 0, others = 0;
	enum node_align a = NODE_ALIGN_NONE;

	for (row = table->first; row; row = row->next) {
		size_t k = 0;

		for (cell = row->first; cell && k < j; cell = cell->next)
			k++;
		if (!cell)
			continue;
		a = cell->align;
		if (row->header)
			continue;
		{
			char *t = node_squash(cell);
			if (*t)
				is_number_text(t) ? numbers++ : others++;
			free(t);
		}
	}
	switch (a) {
	case NODE_ALIGN_LEFT: return ALIGN_LEFT;
	case NODE_ALIGN_CENTER: return ALIGN_CENTER;
	case NODE_ALIGN_RIGHT: return ALIGN_RIGHT;
	default: return numbers && !others ? ALIGN_RIGHT : ALIGN_LEFT;
	}
}

/* A Markdown table through the shared table engine, at the style's table
 * size or smaller down to its floor; wider than that it is refused at its
 * line with the millimetres it lacks. */
static int body_table(struct flow *f, const struct node *n, const struct body_env *env)
{
	const struct body_style *st = env->st;
	double size = st->table_size > 0 ? st->table_size : st->size - 1;
	double floor = st->table_floor > 0 ? st->table_floor : size - 3;
	const struct node *row, *cell;
	struct table *t;
	size_t ncols = 0, j;
	double missing;
	int errs = 0;

	if (floor > size)
		floor = size;
	for (row = n->first; row; row = row->next) {
		size_t k = 0;
		for (cell = row->first; cell; cell = cell->next)
			k++;
		if (k > ncols)
			ncols = k;
	}
	if (!ncols)
		return 0;
	t = table_new(env->m, st->face, size, n->pos);
	t->nobreak = env->nobreak;
	for (j = 0; j < ncols; j++)
		table_add_col(t, NULL, column_align(n, j), 0);
	for (row = n->first; row; row = row->next) {
		size_t r = table_row_new(t, row->header ? TABLE_ROW_HEADER : 0, row->pos);
		struct style_state ss = { 0, 0, NULL };

		for (cell = row->first, j = 0; cell && j < ncols; cell = cell->next, j++) {
			struct inl_ctx ic = { env->fig, &errs, env, table_cell_at(t, r, j), st->links };
			inlines_rec(&ic.cell->text, cell, st->face, size, 0, ss, &ic);
		}
	}
	if (errs)
		goto out;
	if (table_fit_size(t, st->width, floor, &missing) != 0) {
		diag_error(n->pos, "this table is %.0f mm too wide for the page even with %.1f pt text; "
			   "shorten the longest words in its columns, or split it into two tables",
			   missing * 25.4 / 72 < 1 ? 1 : missing * 25.4 / 72 + 0.5, floor);
		errs++;
		goto out;
	}
	errs += table_layout(t, f, 0);
	if (f->n)
		f->v[f->n - 1].space_after = st->space;
out:
	table_free(t);
	return errs;
}

struct list_ctx {
	int depth;
};

static int body_block(struct flow *f, const struct node *n, const struct body_env *env,
		      const char *marker, int depth, const struct figures *fig, int seq);

/* The markers of list levels as the decree's documents write them: "1.",
 * then "a)", "b)", then "-", then "+". Each level's first line starts
 * LIST_LEVEL_STEP further in than the level above it. */
#define LIST_LEVEL_STEP MM(5)
enum { SEQ_NONE = -1, SEQ_NUMBER, SEQ_LETTER, SEQ_DASH, SEQ_PLUS };

/* A list's place in that sequence under an item of place parent: numbers
 * go to letters below a number, dashes to pluses below a dash. */
static int list_seq(int ordered, int parent)
{
	if (ordered)
		return parent == SEQ_NONE ? SEQ_NUMBER : SEQ_LETTER;
	return parent >= SEQ_DASH ? SEQ_PLUS : SEQ_DASH;
}

/* The n-th letter (from 1) of the Vietnamese alphabet, as the decree's
 * documents letter their points: a, b, c, d, đ, e, g, h, i, k, … y, then
 * again with the letter doubled. */
static void seq_letter(int n, char *out, size_t size)
{
	static const char *const letters[] = {
		"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q",
		"r", "s", "t", "u", "v", "x", "y"
	};
	const int k = (int)(sizeof letters / sizeof letters[0]);
	int i = n > 0 ? (n - 1) % k : 0;

	if (n > k)
		snprintf(out, size, "%s%s)", letters[i], letters[i]);
	else
		snprintf(out, size, "%s)", letters[i]);
}

static int body_list(struct flow *f, const struct node *list, const struct body_env *env, int depth,
		     const struct figures *fig, int parent)
{
	const struct node *item;
	int num = list->start > 0 ? list->start : 1, errs = 0;
	int seq = list->lettered ? SEQ_LETTER : list_seq(list->ordered, parent);

	for (item = list->first; item; item = item->next, num++) {
		const struct node *c;
		char mark[32];
		int first = 1;

		switch (seq) {
		case SEQ_NUMBER: snprintf(mark, sizeof mark, "%d.", num); break;
		case SEQ_LETTER: seq_letter(num, mark, sizeof mark); break;
		case SEQ_DASH: snprintf(mark, sizeof mark, "-"); break;
		default: snprintf(mark, sizeof mark, "+"); break;
		}
		for (c = item->first; c; c = c->next) {
			errs += body_block(f, c, env, first ? mark : NULL, depth + 1, fig, seq);
			first = 0;
		}
		if (!item->first)
			errs += body_block(f, item, env, mark, depth + 1, fig, seq);
	}
	return errs;
}

static int body_block(struct flow *f, const struct node *n, const struct body_env *env,
		      const char *marker, int depth, const struct figures *fig, int seq)
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
		p.nobreak = env->nobreak;
		p.first_indent = st->heading_align == ALIGN_LEFT || st->heading_align == ALIGN_JUSTIFY
				 ? st->first_indent : 0;
		p.leading = st->leading * size / st->size;
		p.space_before = st->space * 1.5;
		p.keep_with_next = 1;
		errs += block_inlines(&p, n, face_style(st->face, 1, 0), size, st->accent, env);
		errs += para_check_glyphs(&p, env->m);
		b = flow_add_para(f, env->m, &p, 0);
		(void)b;
		para_free(&p);
		break;
	}
	case NODE_PARAGRAPH:
	case NODE_ITEM: {
		para_init(&p, st->align, st->width);
		p.nobreak = env->nobreak;
		p.leading = st->leading;
		p.space_before = st->space;
		if (marker && st->lists == LIST_HANGING) {
			double mw = measure_text(env->m, st->face, st->size, "00.") + st->size * 0.4;
			p.indent = mw * depth;
			para_set_marker(&p, face_style(st->face, 1, 0), st->size, marker, st->accent,
					p.indent - mw);
		} else if (marker) {
			/* Nghị định 30: a numbered, lettered or dash item is an
			 * ordinary justified paragraph that begins with its marker;
			 * each level further in than the one above it */
			p.first_indent = st->first_indent + (depth > 1 ? (depth - 1) * LIST_LEVEL_STEP : 0);
			para_add(&p, st->face, st->size, marker, NULL, n->pos);
			para_add(&p, st->face, st->size, " ", NULL, n->pos);
		} else {
			p.first_indent = st->first_indent + (depth > 1 ? (depth - 1) * LIST_LEVEL_STEP : 0);
			if (depth > 0 && st->lists == LIST_HANGING) {
				double mw = measure_text(env->m, st->face, st->size, "00.") + st->size * 0.4;
				p.indent = mw * depth;
				p.first_indent = 0;
			}
		}
		if (n->type == NODE_PARAGRAPH)
			errs += block_inlines(&p, n, st->face, st->size, 0, env);
		errs += para_check_glyphs(&p, env->m);
		flow_add_para(f, env->m, &p, 0);
		para_free(&p);
		break;
	}
	case NODE_LIST:
		errs += body_list(f, n, env, depth, fig, seq);
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
			errs += body_block(&sub, c, &qe, NULL, depth, fig, seq);
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
	case NODE_TABLE:
		errs += body_table(f, n, env);
		break;
	case NODE_FIGURES:
		errs += body_figure_row(f, n, env);
		break;
	case NODE_THEMATIC_BREAK:
	default:
		break;
	}
	return errs;
}

/* The sentence that introduces a picture, a QR code or a table ("quét mã
 * dưới đây", "Chi tiết từng bước:") never ends a page with what it
 * introduces at the top of the next. */
static void keep_with_figure(struct flow *f, const struct node *c)
{
	if (c->next && (c->next->type == NODE_FIGURE || c->next->type == NODE_FIGURES ||
			c->next->type == NODE_TABLE) && f->n &&
	    f->v[f->n - 1].type == BLOCK_LINES)
		f->v[f->n - 1].keep_with_next = 1;
}

/* The names the document keeps whole ("khong_ngat_dong:", a list or one
 * name, in the document or phat.yaml), borrowed from its front matter into
 * list (BODY_NOBREAK_MAX + 1 entries, NULL-terminated). */
static const char *const *nobreak_list(const struct doc *d, const char **list)
{
	const struct meta *v = d && d->meta ? meta_get(d->meta, "khong_ngat_dong") : NULL, *it;
	size_t n = 0;

	if (v && v->type == META_SCALAR && *v->value)
		list[n++] = v->value;
	else if (v && v->type == META_LIST)
		for (it = v->first; it && n < BODY_NOBREAK_MAX; it = it->next)
			if (it->type == META_SCALAR && *it->value)
				list[n++] = it->value;
	list[n] = NULL;
	return list;
}

static int is_figure(const struct node *n)
{
	return n->type == NODE_FIGURE || n->type == NODE_FIGURES;
}

/* The body from first to its end: its last node; and when pictures or QR
 * codes close it after a paragraph whose text ends with "./." (the
 * appendices of the seed: "… quét mã QR dưới đây./." then the code), that
 * text and the last picture, so the mark comes after the last thing in the
 * body (Nghị định 30, Mẫu 1.5: the body ends with "./."). */
static void ending_find(const struct node *first, struct body_env *env)
{
	const struct node *c, *para = NULL, *leaf;

	env->end_last = env->end_text = env->end_fig = NULL;
	for (c = first; c; c = c->next) {
		env->end_last = c;
		if (!is_figure(c))
			para = c;
	}
	if (!para || !env->end_last || !is_figure(env->end_last) || para->type != NODE_PARAGRAPH)
		return;
	for (leaf = para; leaf->last; leaf = leaf->last)
		;
	if (leaf->type != NODE_TEXT || !leaf->text || !ends_with_mark(leaf->text))
		return;
	env->end_text = leaf;
	env->end_fig = env->end_last->type == NODE_FIGURES ? env->end_last->last : env->end_last;
}

static int body_run(struct flow *f, const struct node *first, const struct node *stop,
		    const struct body_env *env0, int (*skip)(const struct node *n))
{
	const char *list[BODY_NOBREAK_MAX + 1];
	struct body_env env = *env0;
	const struct node *c;
	int errs = 0;

	if (!env.nobreak)
		env.nobreak = nobreak_list(env.d, list);
	if (!stop)
		ending_find(first, &env);
	for (c = first; c && c != stop; c = c->next) {
		if (skip && skip(c))
			continue;
		errs += body_block(f, c, &env, NULL, 0, env.fig, SEQ_NONE);
		keep_with_figure(f, c);
	}
	return errs;
}

int body_layout_nodes(struct flow *f, const struct node *first, const struct node *stop,
		      const struct body_env *env)
{
	return body_run(f, first, stop, env, NULL);
}

int body_layout(struct flow *f, const struct node *root, const struct body_env *env,
		int (*skip)(const struct node *n))
{
	return body_run(f, root->first, NULL, env, skip);
}

/* Phone copies of leaflets and posters. The content is copied and adapted
 * at the model level (the words "quét mã" replaced, a tappable line and the
 * address after every QR code) and then laid out by the shared body
 * arranger, so the phone copy looks like the rest of phat. */
#include <stdlib.h>
#include <string.h>
#include "phone.h"
#include "panel.h"
#include "../util/util.h"

const char *phone_tap_words(const char *url)
{
	if (!strncmp(url, "https://zalo.me/g/", 18) || !strncmp(url, "http://zalo.me/g/", 17))
		return "Bấm vào đây để vào nhóm Zalo";
	if (!strncmp(url, "https://zalo.me/", 16) || !strncmp(url, "http://zalo.me/", 15))
		return "Bấm vào đây để nhắn tin Zalo";
	if (!strncmp(url, "tel:", 4))
		return "Bấm vào đây để gọi";
	if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))
		return "Bấm vào đây để mở trang";
	return NULL;
}

/* The scan instructions a printed page gives, and what a phone reader is
 * told instead (first letter's case kept). Longest first. */
static const char *const scan_words[] = { "uét mã QR", "uét mã", "uét QR" };
#define TAP_WORDS "ấm vào đường dẫn"

/* s with every "quét mã" (Quét mã QR, quét QR) made "bấm vào đường dẫn";
 * caller frees. Sets *changed when something was replaced. */
static char *phone_words(const char *s, int *changed)
{
	struct buf b;
	const char *c = s;

	buf_init(&b);
	while (*c) {
		size_t i, n = 0;

		if (*c == 'Q' || *c == 'q') {
			for (i = 0; i < sizeof scan_words / sizeof scan_words[0]; i++)
				if (!strncmp(c + 1, scan_words[i], strlen(scan_words[i]))) {
					n = strlen(scan_words[i]);
					break;
				}
		}
		if (n) {
			buf_addc(&b, *c == 'Q' ? 'B' : 'b');
			buf_adds(&b, TAP_WORDS);
			c += 1 + n;
			*changed = 1;
		} else {
			buf_addc(&b, *c++);
		}
	}
	buf_str(&b);
	return buf_take(&b);
}

/* A QR code that is a link a phone opens (a group, a page, a number to
 * call): what the words around it may tell the reader to tap. */
static int is_tap_qr(const struct node *n)
{
	return (n->type == NODE_FIGURE || n->type == NODE_IMAGE) && n->url && !strncmp(n->url, "qr:", 3) &&
	       phone_tap_words(n->url + 3);
}

static int find_tap_qr(struct node *n, int entering, void *ctx)
{
	if (entering && is_tap_qr(n))
		*(int *)ctx = 1;
	return 0;
}

static int holds_tap_qr(struct node *n)
{
	int found = 0;

	node_walk(n, find_tap_qr, &found);
	return found;
}

static int adapt_cb(struct node *n, int entering, void *ctx)
{
	int changed = 0;

	(void)ctx;
	if (entering && n->text && (n->type == NODE_TEXT || n->type == NODE_FIGURE)) {
		char *t = phone_words(n->text, &changed);
		if (changed && n->type == NODE_FIGURE && !strncmp(n->url, "qr:", 3) && phone_tap_words(n->url + 3)) {
			/* a caption that says to scan: the tap line says it better */
			t[0] = '\0';
		}
		free(n->text);
		n->text = t;
	}
	return 0;
}

/* The address as people type it: no "https://", no final "/". Caller frees. */
static char *phone_address(const char *url)
{
	const char *s = url;
	size_t n;

	if (!strncmp(s, "https://", 8))
		s += 8;
	else if (!strncmp(s, "http://", 7))
		s += 7;
	else if (!strncmp(s, "tel:", 4))
		s += 4;
	n = strlen(s);
	if (n > 1 && s[n - 1] == '/')
		n--;
	return xstrndup(s, n);
}

/* Under a QR code: the line to tap (bold, accent) and the address, both
 * links, centred like the code. */
static void phone_tap(struct flow *f, const struct body_env *env, const char *url)
{
	const struct body_style *st = env->st;
	const char *words = phone_tap_words(url);
	struct para p;
	struct block *b;
	char *addr;

	if (!words)
		return;
	if (f->n)
		f->v[f->n - 1].keep_with_next = 1;
	addr = phone_address(url);
	para_init(&p, ALIGN_CENTER, st->width);
	p.leading = st->leading;
	p.space_before = st->space * 0.5;
	para_add(&p, FACE_SANS_BOLD, st->size, words, url, env->d->body_pos);
	p.spans[p.n - 1].rgb = st->accent;
	para_add(&p, FACE_SANS, st->size, "\n", NULL, env->d->body_pos);
	para_add(&p, FACE_SANS, st->size, addr, url, env->d->body_pos);
	p.spans[p.n - 1].rgb = st->accent;
	p.no_split = 1;
	b = flow_add_para(f, env->m, &p, 0);
	(void)b;
	para_free(&p);
	free(addr);
}

/* Lays the (adapted) siblings from first to stop one by one, so each QR
 * code gets its tap line right after it. */
static int phone_nodes(struct flow *f, const struct node *first, const struct node *stop,
		       const struct body_env *env)
{
	const struct node *c;
	int errs = 0;

	for (c = first; c && c != stop; c = c->next) {
		int e = body_layout_nodes(f, c, c->next, env);
		errs += e;
		if (!e && c->type == NODE_FIGURE && !strncmp(c->url, "qr:", 3))
			phone_tap(f, env, c->url + 3);
		if (!e && c->type == NODE_FIGURES) {
			/* a row's codes: their tap lines under the row */
			const struct node *q;
			for (q = c->first; q; q = q->next)
				if (!strncmp(q->url, "qr:", 3))
					phone_tap(f, env, q->url + 3);
		}
	}
	return errs;
}

/* "Quét mã" made "bấm vào đường dẫn" only where it is said of a QR code
 * this phone page can open by a tap: in the blocks that hold one (its
 * caption, a row of pictures) and in the paragraph or list right before
 * and right after such a block. Everywhere else the words stay as written
 * (a poster's "Quét mã QR – trả tiền" is about a stall's code, a back
 * panel's sentence about the printed leaflet). */
static void phone_adapt_words(struct node *root)
{
	struct node *c, *prev = NULL;
	size_t n = 0, i = 0;
	unsigned char *near;

	for (c = root->first; c; c = c->next)
		n++;
	near = xcalloc(n ? n : 1, 1);
	for (c = root->first; c; prev = c, c = c->next, i++) {
		if (!holds_tap_qr(c))
			continue;
		near[i] = 1;
		if (prev && (prev->type == NODE_PARAGRAPH || prev->type == NODE_LIST))
			near[i - 1] = 1;
		if (c->next && (c->next->type == NODE_PARAGRAPH || c->next->type == NODE_LIST))
			near[i + 1] = 1;
	}
	for (c = root->first, i = 0; c; c = c->next, i++)
		if (near[i])
			node_walk(c, adapt_cb, NULL);
	free(near);
}

/* A copy of [first, stop) and extra under a document node, adapted. */
static struct node *phone_adapt(const struct phone_part *pt, const struct node *skip)
{
	struct node *root = node_new(NODE_DOCUMENT, pt->first ? pt->first->pos : pos_file(NULL));
	const struct node *c;

	for (c = pt->first; c && c != pt->stop; c = c->next)
		if (c != skip)
			node_append(root, node_copy(c));
	if (pt->extra)
		node_append(root, node_copy(pt->extra));
	phone_adapt_words(root);
	return root;
}

struct layout_doc *phone_copy(const struct body_env *env0, const struct node *headline,
			      const struct phone_part *parts, size_t n, unsigned accent)
{
	struct layout_doc *ld = layout_doc_new();
	struct body_env env = *env0;
	struct body_style st;
	struct page_style ps;
	struct flow f;
	const char *agency = meta_str(env0->d->meta, "co_quan");
	size_t i;
	int errs = 0;

	env.ld = ld;
	env.st = &st;
	panel_phone_style(&ps, &st, accent);
	ps.stretch = PANEL_GAP_MAX;
	ps.fill = PANEL_FILL_MIN;
	flow_init(&f);
	panel_issuer(&f, env.d, env.m, ps.frame.w, PHONE_TEXT - 1, accent);
	if (headline && panel_headline(&f, env.m, headline, ps.frame.w, 28, PHONE_HEADLINE, 5, ALIGN_LEFT,
				       accent, env.fig) < 0)
		errs++;
	for (i = 0; i < n && !errs; i++) {
		struct node *root = phone_adapt(&parts[i], headline);
		errs += phone_nodes(&f, root->first, NULL, &env);
		node_free(root);
	}
	if (!errs)
		panel_contact(&f, env.d, env.m, ps.frame.w, PHONE_TEXT, ALIGN_LEFT, accent, &errs);
	if (!errs)
		flow_paginate(&f, ld, &ps, -1, 0, NULL);
	flow_free(&f);
	if (errs) {
		layout_doc_free(ld);
		return NULL;
	}
	ld->title = headline ? body_title(headline, env0->fig) : xstrdup(meta_str(env0->d->meta, "tieu_de") ?
								meta_str(env0->d->meta, "tieu_de") : "");
	ld->author = xstrdup(agency ? agency : "");
	ld->subject = xstrdup(ld->title);
	return ld;
}

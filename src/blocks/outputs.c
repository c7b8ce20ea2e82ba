/* The list of files a document produces. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "outputs.h"
#include "../image/image.h"
#include "../util/util.h"
#include "../util/diag.h"

static struct output *outputs_add(struct outputs *o, const char *dir, const char *suffix, const char *ext)
{
	struct output *x;

	o->v = xrealloc(o->v, (o->n + 1) * sizeof *o->v);
	x = &o->v[o->n++];
	memset(x, 0, sizeof *x);
	x->dir = xstrdup(dir ? dir : "");
	x->suffix = xstrdup(suffix ? suffix : "");
	x->ext = xstrdup(ext);
	return x;
}

/* Every picture of ld as it is drawn at its largest on the pages: turned
 * upright, resampled to the resolution its document asked for, re-encoded
 * when smaller (image_fit). A 4000 × 3000 phone photo placed 15 cm wide
 * keeps 1,800 pixels, not 12 million. */
static void fit_pictures(struct layout_doc *ld)
{
	size_t i, p, b;

	for (i = 0; i < ld->nimages; i++) {
		double w = 0, h = 0;

		for (p = 0; p < ld->npages; p++)
			for (b = 0; b < ld->pages[p].n; b++) {
				const struct box *x = &ld->pages[p].boxes[b];
				if (x->type == BOX_IMAGE && x->image == ld->images[i]) {
					if (x->w > w)
						w = x->w;
					if (x->h > h)
						h = x->h;
				}
			}
		if (w > 0)
			image_fit(ld->images[i], w, h);
	}
}

struct output *outputs_add_pdf(struct outputs *o, const char *dir, const char *suffix,
			       struct layout_doc *ld)
{
	struct output *x = outputs_add(o, dir, suffix, ".pdf");
	x->ld = ld;
	if (ld)
		fit_pictures(ld);
	return x;
}

struct output *outputs_add_text(struct outputs *o, const char *dir, const char *suffix, char *text)
{
	struct output *x = outputs_add(o, dir, suffix, ".txt");
	x->text = text;
	return x;
}

void outputs_add_phone(struct outputs *o, const char *suffix, struct layout_doc *ph)
{
	char *sfx = xasprintf("%s-dien-thoai", suffix ? suffix : "");
	size_t i;

	outputs_add_pdf(o, NULL, sfx, ph)->ascii_name = 1;
	for (i = 0; i < ph->npages; i++) {
		char *s = xasprintf("%s-%zu", sfx, i + 1);
		struct output *x = outputs_add(o, NULL, s, ".png");
		x->ascii_name = 1;
		x->png = ph;
		x->png_page = i;
		x->png_width = PHONE_PNG_WIDTH;
		free(s);
	}
	free(sfx);
}

void output_clear(struct output *x)
{
	free(x->dir);
	free(x->suffix);
	free(x->ext);
	layout_doc_free(x->ld);
	free(x->text);
	memset(x, 0, sizeof *x);
}

void outputs_drop(struct outputs *o, size_t from)
{
	while (o->n > from)
		output_clear(&o->v[--o->n]);
}

void outputs_flush(struct outputs *o)
{
	if (!o->emit || !o->n)
		return;
	o->emit(o, o->emit_ctx);
	outputs_drop(o, 0);   /* frees nothing the emitter took over */
}

void outputs_free(struct outputs *o)
{
	if (!o)
		return;
	outputs_drop(o, 0);
	free(o->v);
	o->v = NULL;
}

/* The first "{{…}}" of text (up to 60 bytes of it), or NULL. */
static char *unfilled(const char *text)
{
	const char *a = strstr(text, "{{"), *b;

	if (!a)
		return NULL;
	b = strstr(a, "}}");
	if (!b || b - a > 60)
		return xstrndup(a, strnlen(a, 24));
	return xstrndup(a, (size_t)(b - a + 2));
}

/* Markdown that reached the page as text: a picture or link the reader did
 * not understand, a table it did not know. */
static const char *markdown_left(const char *text)
{
	static const char *const marks[] = { "![", "](", "|---", "|:--", "| ---", NULL };
	size_t i;

	for (i = 0; marks[i]; i++)
		if (strstr(text, marks[i]))
			return marks[i];
	return NULL;
}

/* "{tong.co_cks}": a figure typed with one brace each side, printed as
 * it is. Returns it (up to 40 bytes; caller frees) or NULL. */
static char *single_braced(const char *text)
{
	const char *p;

	for (p = strchr(text, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = p + 1;

		if ((p > text && p[-1] == '{') || p[1] == '{')
			continue;
		while ((*e >= 'a' && *e <= 'z') || *e == '_' || *e == '.' || (*e >= '0' && *e <= '9'))
			e++;
		if (*e == '}' && e > p + 1 && e[1] != '}' && e - p < 40)
			return xstrndup(p, (size_t)(e - p + 1));
	}
	return NULL;
}

static void check_one(const char *text, const char *where, const char *source, int markdown, int *count)
{
	char *u = unfilled(text), *one = single_braced(text);

	if (one) {
		diag_warning(pos_file(source), "\"%s\" is printed as it is %s: a figure or setting is written with "
			     "two braces each side, {%s}", one, where, one);
		(*count)++;
		free(one);
	}
	const char *md = markdown ? markdown_left(text) : NULL;

	if (u) {
		diag_warning(pos_file(source), "\"%s\" is printed as it is %s: a figure was not filled in "
			     "(is the name right, and does the document have \"so_lieu:\"?)", u, where);
		(*count)++;
	}
	if (md) {
		diag_warning(pos_file(source), "Markdown \"%s\" is printed as text %s: check the picture, link "
			     "or table written there", md, where);
		(*count)++;
	}
	free(u);
}

int outputs_check_text(const struct outputs *o, const char *source, int markdown)
{
	size_t i, p, b;
	int count = 0;

	for (i = 0; i < o->n; i++) {
		const struct layout_doc *ld = o->v[i].ld;
		char where[96];

		if (o->v[i].text) {
			snprintf(where, sizeof where, "in the text file");
			check_one(o->v[i].text, where, source, markdown, &count);
		}
		if (!ld)
			continue;
		if (ld->title) {
			snprintf(where, sizeof where, "in the title of the PDF%s%s", *o->v[i].suffix ? " " : "",
				 o->v[i].suffix);
			check_one(ld->title, where, source, markdown, &count);
		}
		if (ld->subject && (!ld->title || strcmp(ld->subject, ld->title) != 0)) {
			snprintf(where, sizeof where, "in the subject of the PDF%s%s", *o->v[i].suffix ? " " : "",
				 o->v[i].suffix);
			check_one(ld->subject, where, source, markdown, &count);
		}
		for (p = 0; p < ld->npages; p++) {
			struct buf t;

			buf_init(&t);
			for (b = 0; b < ld->pages[p].n; b++)
				if (ld->pages[p].boxes[b].type == BOX_TEXT && ld->pages[p].boxes[b].text)
				{
					buf_adds(&t, ld->pages[p].boxes[b].text);
					buf_addc(&t, ' ');
				}
			snprintf(where, sizeof where, "on page %zu%s%s", p + 1, *o->v[i].suffix ? " of " : "",
				 *o->v[i].suffix ? o->v[i].suffix + 1 : "");
			check_one(buf_str(&t), where, source, markdown, &count);
			buf_free(&t);
			if (count > 20)
				return count;
		}
	}
	return count;
}

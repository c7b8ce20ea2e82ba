/* Paragraphs: styled spans waiting to be broken into lines. */
#include <stdlib.h>
#include <string.h>
#include "layout.h"
#include "../util/util.h"
#include "../util/utf8.h"

void para_init(struct para *p, enum align align, double width)
{
	memset(p, 0, sizeof *p);
	p->align = align;
	p->width = width;
}

void para_add(struct para *p, enum face f, double size, const char *text,
	      const char *url, struct pos at)
{
	struct span *s;

	if (!text || !*text)
		return;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->spans = xrealloc(p->spans, p->cap * sizeof *p->spans);
	}
	s = &p->spans[p->n++];
	memset(s, 0, sizeof *s);
	s->face = f;
	s->size = size;
	s->text = xstrdup(text);
	s->url = url ? xstrdup(url) : NULL;
	s->pos = at;
}

void para_set_marker(struct para *p, enum face f, double size, const char *text, unsigned rgb,
		     double x)
{
	free(p->marker.text);
	memset(&p->marker, 0, sizeof p->marker);
	p->marker.face = f;
	p->marker.size = size;
	p->marker.text = xstrdup(text);
	p->marker.rgb = rgb;
	p->marker_x = x;
}

void para_free(struct para *p)
{
	size_t i;

	if (!p)
		return;
	free(p->marker.text);
	p->marker.text = NULL;
	for (i = 0; i < p->n; i++) {
		free(p->spans[i].text);
		free(p->spans[i].url);
	}
	free(p->spans);
	p->spans = NULL;
	p->n = p->cap = 0;
}

int para_check_glyphs(const struct para *p, const struct measure *m)
{
	int bad = 0;
	size_t i;

	for (i = 0; i < p->n; i++) {
		const char *s = p->spans[i].text;
		int nth = 0;

		while (*s) {
			uint32_t cp;
			int len = utf8_decode(s, &cp);

			if (cp != '\n' && !m->has_glyph(m->ctx, p->spans[i].face, cp)) {
				char ch[5] = { 0 };
				struct pos at = p->spans[i].pos;
				/* a span starts where its text starts in the source */
				if (at.col > 0)
					at.col += nth;
				utf8_encode(cp, ch);
				if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
					/* an invisible control character: name it only by its code */
					diag_error(at, "an invisible control character (U+%04X) is in the text; "
						   "delete it (it often comes from copying out of another program)",
						   (unsigned)cp);
				else
					diag_error(at,
						   "the font has no letter \"%s\" (U+%04X); remove it or write it another way",
						   ch, (unsigned)cp);
				bad++;
			}
			nth++;
			s += len;
		}
	}
	return bad;
}

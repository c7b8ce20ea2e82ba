/* The list of files a document produces. */
#include <stdlib.h>
#include <string.h>
#include "outputs.h"
#include "../util/util.h"

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

struct output *outputs_add_pdf(struct outputs *o, const char *dir, const char *suffix,
			       struct layout_doc *ld)
{
	struct output *x = outputs_add(o, dir, suffix, ".pdf");
	x->ld = ld;
	return x;
}

struct output *outputs_add_text(struct outputs *o, const char *dir, const char *suffix, char *text)
{
	struct output *x = outputs_add(o, dir, suffix, ".txt");
	x->text = text;
	return x;
}

void outputs_free(struct outputs *o)
{
	size_t i;

	if (!o)
		return;
	for (i = 0; i < o->n; i++) {
		free(o->v[i].dir);
		free(o->v[i].suffix);
		free(o->v[i].ext);
		layout_doc_free(o->v[i].ld);
		free(o->v[i].text);
	}
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

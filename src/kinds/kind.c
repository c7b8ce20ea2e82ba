/* The registry of document kinds. */
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../util/util.h"

extern const struct kind kind_cong_van;
extern const struct kind kind_to_roi;
extern const struct kind kind_ap_phich;
extern const struct kind kind_loa;
extern const struct kind kind_bao_cao;

const struct kind *const kind_all[] = {
	&kind_cong_van,
	&kind_to_roi,
	&kind_ap_phich,
	&kind_loa,
	&kind_bao_cao,
	NULL
};

/* Keys any document may carry, whatever its kind (metadata and the
 * defaults of content/phat.yaml that other kinds use). */
const char *const kind_common_keys[] = {
	"loai", "tieu_de", "tac_gia", "tu_khoa", "zalo", "lien_ket", "ghi_chu", NULL
};

const struct kind *kind_find(const char *name)
{
	size_t i;

	for (i = 0; kind_all[i]; i++)
		if (strcmp(kind_all[i]->name, name) == 0)
			return kind_all[i];
	return NULL;
}

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

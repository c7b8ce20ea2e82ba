/* Statistics in documents: so_lieu / so_lieu_truoc / muc_tieu from the
 * front matter, figures in front-matter values, one output per hamlet. */
#include <stdlib.h>
#include <string.h>
#include "hamlets.h"
#include "panel.h"
#include "../read/read.h"
#include "../util/util.h"

/* The campaign: "chien_dich:" in the document or phat.yaml, a map or the
 * name of a YAML file (relative to the document when the document names
 * it, to the content folder when phat.yaml does); the digital-signature
 * campaign when neither says. Returns a new campaign or NULL after
 * diag_error. */
static struct campaign *campaign_load(const struct doc *d)
{
	const struct meta *v = meta_get(d->meta, "chien_dich");
	struct meta *file = NULL;
	struct campaign *c = NULL;
	char *path;

	if (!v)
		return campaign_default();
	if (v->type != META_SCALAR)
		return campaign_from_meta(v);
	{
		struct doc at = *d;

		/* phat.yaml's file names are the content folder's */
		if (!meta_get(d->own, "chien_dich") && d->root)
			at.dir = d->root;
		path = read_path_inside(&at, v->value, "campaign file", "chien-dich.yaml", v->pos);
	}
	if (!path)
		return NULL;
	file = read_yaml_file(path);
	if (file) {
		const struct meta *inner = meta_get(file, "chien_dich");

		c = campaign_from_meta(inner ? inner : file);
	}
	meta_free(file);
	free(path);
	return c;
}

/* The data file named under key, inside the content folder. Returns a new
 * path, or NULL after diag_error. */
static char *data_path(const struct doc *d, const struct meta *v)
{
	if (v->type != META_SCALAR || !*v->value) {
		diag_error(v->pos, "\"%s:\" must name one CSV file, e.g. %s: so-lieu/2025-02.csv",
			   v->key, v->key);
		return NULL;
	}
	return read_path_inside(d, v->value, "data file", "so-lieu/2025-02.csv", v->pos);
}

/* Reads the data file path that v names. A file two documents read says
 * its errors once, for the first: the second says why it fails too. */
static struct stats *data_read(const char *path, const struct meta *v, const struct campaign *c)
{
	int errors = diag_error_count(), repeated = diag_repeated_count();
	struct stats *s = stats_read(path, v->pos, c);
	int n = diag_error_count() - errors;

	if (!s && n > 0 && n == diag_repeated_count() - repeated)
		diag_error(v->pos, "the data file \"%s\" has the errors shown above for it; this document "
			   "takes its figures from it, so correct them there", v->value);
	return s;
}

struct stats *kind_stats_load(const struct doc *d, struct figures *fig, int *err)
{
	const struct meta *cur = meta_get(d->meta, "so_lieu");
	const struct meta *pv = meta_get(d->meta, "so_lieu_truoc");
	const struct meta *mt = meta_get(d->meta, "muc_tieu");
	struct stats *s = NULL, *prev = NULL;
	struct campaign *c = NULL;
	char *path = NULL, *ppath = NULL;
	int target = -1;

	*err = 0;
	figures_init(fig, NULL);
	fig->settings = d->meta;
	if (!cur) {
		if (pv) {
			diag_error(pv->pos, "\"so_lieu_truoc:\" (last month's figures) needs \"so_lieu:\", "
				   "this month's CSV file");
			*err = 1;
		}
		return NULL;
	}
	*err = 1;
	if (mt) {
		if (mt->type != META_SCALAR) {
			diag_error(mt->pos, "\"muc_tieu:\" is the target in per cent, e.g. muc_tieu: 50");
			goto out;
		}
		if (stats_parse_target(mt->value, mt->pos, &target) != 0)
			goto out;
	}
	if (!(c = campaign_load(d)))
		goto out;
	/* the document's muc_tieu is the target of the first indicator */
	if (target > 0)
		c->inds[0].target_tenths = target;
	path = data_path(d, cur);
	if (!path)
		goto out;
	if (pv && !(ppath = data_path(d, pv)))
		goto out;
	s = data_read(path, cur, c);
	if (!s)
		goto out;
	if (ppath) {
		prev = data_read(ppath, pv, c);
		if (!prev) {
			stats_free(s);
			s = NULL;
			goto out;
		}
		stats_compare(s, prev);
	}
	stats_compute(s, prev);
	figures_init(fig, s);
	fig->settings = d->meta;
	*err = 0;
out:
	campaign_free(c);
	stats_free(prev);
	free(path);
	free(ppath);
	return s;
}

/* One output: the document with its sections resolved for fig (a copy of
 * the body when it has any), then the kind's own work. */
static int each_one(const struct doc *d, const struct kind_env *env, const struct figures *fig,
		    const char *suffix, struct outputs *outs, kind_hamlet_fn one, void *ctx)
{
	struct doc dd = *d;
	int ret;

	if (!figures_has_sections(d->body))
		return one(d, env, fig, suffix, outs, ctx);
	dd.body = node_copy(d->body);
	ret = figures_filter(dd.body, fig) ? -1 : one(&dd, env, fig, suffix, outs, ctx);
	node_free(dd.body);
	return ret;
}

/* Lays out one part of the document (each_one), then hands its outputs on
 * (outputs_flush), or drops them when the part failed. Returns 0 or -1. */
static int each_unit(const struct doc *d, const struct kind_env *env, const struct figures *fig,
		     const char *suffix, struct outputs *outs, kind_hamlet_fn one, void *ctx)
{
	size_t before = outs->n;
	int errors = diag_error_count();

	outs->units++;
	if (each_one(d, env, fig, suffix, outs, one, ctx) != 0 || diag_error_count() > errors) {
		outputs_drop(outs, before);
		outs->units_failed++;
		return -1;
	}
	outputs_flush(outs);
	return 0;
}

/* File names taken so far by the units of one document: an open-addressing
 * set of strings (a commune's thousands of hamlets, looked up once each). */
struct slug_set {
	char **v;
	size_t cap, n;
};

static size_t slug_hash(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* Adds s (taking it) unless present; returns 1 when added, 0 (and frees s)
 * when it was there. */
static int slug_add(struct slug_set *set, char *s)
{
	size_t i;

	if (2 * (set->n + 1) > set->cap) {
		struct slug_set big = { NULL, set->cap ? 2 * set->cap : 64, 0 };
		big.v = xcalloc(big.cap, sizeof *big.v);
		for (i = 0; i < set->cap; i++)
			if (set->v[i])
				slug_add(&big, set->v[i]);
		free(set->v);
		*set = big;
	}
	for (i = slug_hash(s) & (set->cap - 1); set->v[i]; i = (i + 1) & (set->cap - 1))
		if (!strcmp(set->v[i], s)) {
			free(s);
			return 0;
		}
	set->v[i] = s;
	set->n++;
	return 1;
}

static void slug_set_free(struct slug_set *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->v[i]);
	free(set->v);
}

int kind_each_hamlet(const struct doc *d, const struct kind_env *env, const struct figures *fig,
		     struct outputs *outs, kind_hamlet_fn one, void *ctx)
{
	int each = panel_bool(d, "moi_xom", 0);
	struct figures f = *fig;
	struct slug_set taken = { 0 };
	char *unit = NULL;
	size_t i;
	int ret = 0;

	if (each < 0)
		return -1;
	if (!each) {
		figures_set_hamlet(&f, -1);
		outs->units_total = 1;
		return each_unit(d, env, &f, "", outs, one, ctx);
	}
	if (!fig->s) {
		diag_error(meta_get(d->meta, "moi_xom")->pos, "\"moi_xom: true\" makes one file per unit "
			   "(xóm, thôn …) and needs \"so_lieu:\", the CSV file of their figures");
		return -1;
	}
	/* "-xom-dong-ca", "-thon-ban-lanh", "-to-dan-pho-1"; one unit failing
	 * (a name the font cannot write) does not stop the others: each is
	 * written as soon as it is laid out */
	unit = stats_slug(fig->s->c->unit);
	outs->units_total = fig->s->n;
	for (i = 0; i < fig->s->n; i++) {
		char *slug = stats_slug(fig->s->rows[i].name), *name, *suffix;
		int k = 1;

		/* "Đồng Cả" and "Đông Ca" fold to the same name: number the
		 * second one rather than overwrite the first one's file, and make
		 * sure the numbered name is free too */
		name = xstrdup(slug);
		while (!slug_add(&taken, name))
			name = xasprintf("%s-%d", slug, ++k);
		suffix = xasprintf("-%s-%s", unit, *name ? name : "khong-ten");
		free(slug);
		figures_set_hamlet(&f, (long)i);
		if (each_unit(d, env, &f, suffix, outs, one, ctx) != 0)
			ret = -1;
		free(suffix);
	}
	slug_set_free(&taken);
	free(unit);
	return ret;
}

static void meta_expand_rec(struct meta *m, const struct figures *fig, int *errors)
{
	struct meta *c;

	if (m->type == META_SCALAR) {
		if (figures_present(m->value)) {
			char *t = figures_expand(m->value, fig, m->pos);
			if (t) {
				free(m->value);
				m->value = t;
			} else {
				(*errors)++;
			}
		}
		return;
	}
	if (m->line && figures_present(m->line)) {
		char *t = figures_expand(m->line, fig, m->pos);
		if (t) {
			free(m->line);
			m->line = t;
		} else {
			(*errors)++;
		}
	}
	for (c = m->first; c; c = c->next)
		meta_expand_rec(c, fig, errors);
}

struct meta *kind_meta_expand(const struct meta *m, const struct figures *fig, int *errors)
{
	struct meta *c = meta_copy(m);

	*errors = 0;
	meta_expand_rec(c, fig, errors);
	return c;
}

int kind_layout_each(const struct doc *d, const struct kind_env *env, struct outputs *outs,
		     kind_hamlet_fn one, void *ctx)
{
	struct figures fig;
	struct campaign *c = NULL;
	int err = 0, ret;
	struct stats *s = kind_stats_load(d, &fig, &err);

	if (err)
		return -1;
	/* without statistics a figure is an error, but its message names the
	 * units as phat.yaml's campaign calls them ({{thon.ten}} "needs
	 * statistics" where the units are thôn) */
	if (!s && meta_get(d->meta, "chien_dich")) {
		if (!(c = campaign_load(d)))
			return -1;
		fig.c = c;
	}
	ret = kind_each_hamlet(d, env, &fig, outs, one, ctx);
	stats_free(s);
	campaign_free(c);
	return ret;
}

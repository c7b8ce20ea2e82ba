/* Statistics in documents: so_lieu / so_lieu_truoc / muc_tieu from the
 * front matter, figures in front-matter values, one output per hamlet. */
#include <stdlib.h>
#include <string.h>
#include "hamlets.h"
#include "panel.h"
#include "../read/read.h"
#include "../util/util.h"

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

struct stats *kind_stats_load(const struct doc *d, struct figures *fig, int *err)
{
	const struct meta *cur = meta_get(d->meta, "so_lieu");
	const struct meta *pv = meta_get(d->meta, "so_lieu_truoc");
	const struct meta *mt = meta_get(d->meta, "muc_tieu");
	struct stats *s = NULL, *prev = NULL;
	char *path = NULL, *ppath = NULL;
	int target = STATS_TARGET_DEFAULT;

	*err = 0;
	figures_init(fig, NULL);
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
	path = data_path(d, cur);
	if (!path)
		goto out;
	if (pv && !(ppath = data_path(d, pv)))
		goto out;
	s = stats_read(path, cur->pos);
	if (!s)
		goto out;
	if (ppath) {
		prev = stats_read(ppath, pv->pos);
		if (!prev) {
			stats_free(s);
			s = NULL;
			goto out;
		}
		stats_compare(s, prev);
	}
	stats_compute(s, prev, target);
	figures_init(fig, s);
	*err = 0;
out:
	stats_free(prev);
	free(path);
	free(ppath);
	return s;
}

int kind_each_hamlet(const struct doc *d, const struct kind_env *env, const struct figures *fig,
		     struct outputs *outs, kind_hamlet_fn one, void *ctx)
{
	int each = panel_bool(d, "moi_xom", 0);
	struct figures f = *fig;
	char **slugs = NULL;
	size_t i, j;
	int ret = -1;

	if (each < 0)
		return -1;
	if (!each) {
		figures_set_hamlet(&f, -1);
		return one(d, env, &f, "", outs, ctx);
	}
	if (!fig->s) {
		diag_error(meta_get(d->meta, "moi_xom")->pos, "\"moi_xom: true\" makes one file per hamlet "
			   "and needs \"so_lieu:\", the CSV file of the hamlets' figures");
		return -1;
	}
	slugs = xcalloc(fig->s->n ? fig->s->n : 1, sizeof *slugs);
	for (i = 0; i < fig->s->n; i++) {
		char *slug = stats_slug(fig->s->rows[i].name), *suffix;
		int k = 1;

		/* "Đồng Cả" and "Đông Ca" fold to the same name: number the
		 * second one rather than overwrite the first one's file */
		slugs[i] = xstrdup(slug);
		for (j = 0; j < i; j++)
			if (!strcmp(slugs[j], slugs[i])) {
				free(slugs[i]);
				slugs[i] = xasprintf("%s-%d", slug, ++k);
				j = (size_t)-1;   /* check the new name against all again */
			}
		free(slug);
		suffix = xasprintf("-xom-%s", *slugs[i] ? slugs[i] : "khong-ten");
		figures_set_hamlet(&f, (long)i);
		if (one(d, env, &f, suffix, outs, ctx) != 0) {
			free(suffix);
			goto out;
		}
		free(suffix);
	}
	ret = 0;
out:
	for (i = 0; i < fig->s->n; i++)
		free(slugs[i]);
	free(slugs);
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
	int err = 0, ret;
	struct stats *s = kind_stats_load(d, &fig, &err);

	if (err)
		return -1;
	ret = kind_each_hamlet(d, env, &fig, outs, one, ctx);
	stats_free(s);
	return ret;
}

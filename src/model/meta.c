/* Front-matter values: building, looking up, merging, checking keys. */
#include <stdlib.h>
#include <string.h>
#include "meta.h"
#include "../util/utf8.h"
#include "../util/util.h"

struct meta *meta_new(enum meta_type type, struct pos at)
{
	struct meta *m = xcalloc(1, sizeof *m);

	m->type = type;
	m->pos = at;
	m->key_pos = at;
	if (type == META_SCALAR)
		m->value = xstrdup("");
	return m;
}

void meta_free(struct meta *m)
{
	struct meta *c, *next;

	if (!m)
		return;
	/* Depth is bounded by the reader (READ_MAX_DEPTH), so recursion is safe. */
	for (c = m->first; c; c = next) {
		next = c->next;
		meta_free(c);
	}
	free(m->key);
	free(m->value);
	free(m->line);
	free(m);
}

void meta_append(struct meta *parent, struct meta *child)
{
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

struct meta *meta_get(const struct meta *map, const char *key)
{
	struct meta *c;

	if (!map || map->type != META_MAP)
		return NULL;
	for (c = map->first; c; c = c->next)
		if (c->key && strcmp(c->key, key) == 0)
			return c;
	return NULL;
}

const char *meta_text(const struct meta *v)
{
	if (!v)
		return NULL;
	if (v->type == META_SCALAR)
		return v->value;
	return v->type == META_MAP ? v->line : NULL;
}

const char *meta_str(const struct meta *map, const char *key)
{
	return meta_text(meta_get(map, key));
}

struct meta *meta_copy(const struct meta *m)
{
	struct meta *r, *c;

	if (!m)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->type = m->type;
	r->key = m->key ? xstrdup(m->key) : NULL;
	r->value = m->value ? xstrdup(m->value) : NULL;
	r->line = m->line ? xstrdup(m->line) : NULL;
	r->pos = m->pos;
	r->key_pos = m->key_pos;
	for (c = m->first; c; c = c->next)
		meta_append(r, meta_copy(c));
	return r;
}

struct meta *meta_merge(const struct meta *defaults, const struct meta *doc)
{
	struct pos at = doc ? doc->pos : defaults ? defaults->pos : pos_file(NULL);
	struct meta *r = meta_new(META_MAP, at);
	struct meta *c;

	if (defaults && defaults->type == META_MAP)
		for (c = defaults->first; c; c = c->next)
			if (!meta_get(doc, c->key))
				meta_append(r, meta_copy(c));
	if (doc && doc->type == META_MAP)
		for (c = doc->first; c; c = c->next)
			meta_append(r, meta_copy(c));
	return r;
}

/* Keys are compared the way a clerk would mistype them: accents dropped
 * ("ngày" for "ngay"), case ignored, "-" and " " taken as "_". */
static char *key_fold(const char *s)
{
	char *f = utf8_ascii_fold(s), *p;

	for (p = f; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		else if (*p == '-' || *p == ' ')
			*p = '_';
	}
	return f;
}

int meta_fix_keys(struct meta *map, struct meta *merged, const char *const *known)
{
	struct meta *c, *m;
	size_t i;
	int fixed = 0;

	if (!map || map->type != META_MAP)
		return 0;
	for (c = map->first; c; c = c->next) {
		char *fk;

		for (i = 0; known[i] && strcmp(c->key, known[i]) != 0; i++)
			;
		if (known[i])
			continue;
		fk = key_fold(c->key);
		for (i = 0; known[i] && strcmp(fk, known[i]) != 0; i++)
			;
		free(fk);
		/* only when the known key is not there as well */
		if (!known[i] || meta_get(map, known[i]))
			continue;
		diag_warning(c->key_pos, "the key \"%s\" is read as \"%s\" (keys are written without accents "
			     "or capitals)", c->key, known[i]);
		for (m = merged ? merged->first : NULL; m; m = m->next)
			if (m->key && strcmp(m->key, c->key) == 0) {
				free(m->key);
				m->key = xstrdup(known[i]);
			}
		free(c->key);
		c->key = xstrdup(known[i]);
		fixed++;
	}
	return fixed;
}

int meta_check_keys(const struct meta *map, const char *const *known)
{
	const struct meta *c;
	int unknown = 0;
	size_t i;

	if (!map || map->type != META_MAP)
		return 0;
	for (c = map->first; c; c = c->next) {
		char *fk;
		const char *best = NULL;
		size_t best_d = (size_t)-1, limit;

		for (i = 0; known[i]; i++)
			if (strcmp(c->key, known[i]) == 0)
				break;
		if (known[i])
			continue;
		unknown++;
		fk = key_fold(c->key);
		for (i = 0; known[i]; i++) {
			char *fn = key_fold(known[i]);
			size_t d = str_distance(fk, fn);
			if (d < best_d)
				best_d = d, best = known[i];
			free(fn);
		}
		/* A suggestion is only helpful when it is close: one slip in a
		 * short key, two in a longer one. */
		limit = strlen(fk) <= 4 ? 1 : strlen(fk) <= 8 ? 2 : 3;
		free(fk);
		if (best && best_d <= limit) {
			diag_error(c->key_pos, "unknown key \"%s\": did you mean \"%s\"?", c->key, best);
		} else {
			struct buf b;

			buf_init(&b);
			for (i = 0; known[i]; i++)
				buf_printf(&b, "%s\"%s\"", i ? ", " : "", known[i]);
			diag_error(c->key_pos, "unknown key \"%s\"; the keys this document may use are: %s",
			           c->key, buf_str(&b));
			buf_free(&b);
		}
	}
	return unknown;
}

/* {{name}} substitution of statistics figures into document text, and
 * {{#name}} … {{/name}} sections that show text only when a condition on
 * the figures holds. Names are resolved against the statistics' campaign,
 * so a campaign's own indicators and columns have figures too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "figures.h"
#include "../util/utf8.h"
#include "../util/util.h"

#define NBSP "\xC2\xA0"
#define NAME_MAX_LEN 96

/* What a name stands for. */
enum fig_what {
	FW_MONTH, FW_YEAR, FW_MONTH_YEAR,
	FW_UNIT,        /* {{don_vi}}: "xóm" */
	FW_NAME,        /* {{xom.ten}} */
	FW_IND_NAME,    /* {{chu_ky_so.ten}} */
	FW_TARGET,      /* {{muc_tieu}} */
	FW_COL,         /* {{tong.dinh_danh_muc_2}}: a column */
	FW_RATE, FW_COUNT, FW_BASE, FW_NEEDED, FW_CHANGE, FW_REACHED,
	FW_NREACHED,    /* {{tong.so_dat}} */
	FW_NUNITS       /* {{tong.so_xom}} */
};

/* Whose figure: none, the commune, the current unit, or the current unit
 * when there is one and else the commune ({{dat}}). */
enum fig_scope { SC_NONE, SC_TOTAL, SC_UNIT, SC_HERE };

struct fig_ref {
	enum fig_what what;
	enum fig_scope scope;
	size_t ind, col;
};

/* Fields after a scope and an optional indicator. unit: allowed for one
 * unit; legacy: a name kept from before campaigns, offered only without an
 * indicator. */
static const struct field {
	const char *name;
	enum fig_what what;
	int unit, legacy;
} fields[] = {
	{ "ty_le", FW_RATE, 1, 0 }, { "co", FW_COUNT, 1, 0 }, { "tong_so", FW_BASE, 1, 0 },
	{ "con_thieu", FW_NEEDED, 1, 0 }, { "thay_doi", FW_CHANGE, 1, 0 }, { "dat", FW_REACHED, 1, 0 },
	{ "so_dat", FW_NREACHED, 0, 0 }, { "muc_tieu", FW_TARGET, 1, 0 },
	{ "co_cks", FW_COUNT, 1, 1 }, { "dan_so", FW_BASE, 1, 1 }, { "so_xom_dat", FW_NREACHED, 0, 1 },
	{ NULL, 0, 0, 0 }
};

void figures_init(struct figures *f, const struct stats *s)
{
	f->s = s;
	f->current = -1;
	f->spoken = 0;
	f->settings = NULL;
	f->c = NULL;
}

void figures_set_hamlet(struct figures *f, long i)
{
	f->current = f->s && i >= 0 && (size_t)i < f->s->n ? i : -1;
}

int figures_present(const char *text)
{
	return text && strstr(text, "{{") != NULL;
}

static const struct field *field_find(const char *name, int legacy_ok)
{
	const struct field *fd;

	for (fd = fields; fd->name; fd++)
		if (!strcmp(fd->name, name) && (legacy_ok || !fd->legacy))
			return fd;
	return NULL;
}

static int is_unit_prefix(const struct campaign *c, const char *p)
{
	return !strcmp(p, "xom") || !strcmp(p, "don_vi") || !strcmp(p, c->unit_key);
}

/* "so_xom", "so_don_vi", "so_thon": the number of units. */
static int is_unit_count(const struct campaign *c, const char *p)
{
	return !strncmp(p, "so_", 3) && is_unit_prefix(c, p + 3);
}

/* Resolves name against campaign c. Returns 0, or -1 when no figure is
 * called so. */
static int fig_resolve(const struct campaign *c, const char *name, struct fig_ref *ref)
{
	char buf[NAME_MAX_LEN], *part[4];
	const struct field *fd;
	size_t n = 0;
	long k;
	char *p;

	if (strlen(name) >= sizeof buf)
		return -1;
	strcpy(buf, name);
	part[n++] = buf;
	for (p = buf; *p; p++)
		if (*p == '.') {
			*p = '\0';
			if (n == 4)
				return -1;
			part[n++] = p + 1;
		}
	memset(ref, 0, sizeof *ref);
	ref->scope = SC_NONE;
	if (n == 1) {
		const char *a = part[0];

		if (!strcmp(a, "thang"))
			ref->what = FW_MONTH;
		else if (!strcmp(a, "nam"))
			ref->what = FW_YEAR;
		else if (!strcmp(a, "thang_nam"))
			ref->what = FW_MONTH_YEAR;
		else if (!strcmp(a, "muc_tieu"))
			ref->what = FW_TARGET;
		else if (!strcmp(a, "don_vi"))
			ref->what = FW_UNIT;
		else if (!strcmp(a, "dat")) {
			ref->what = FW_REACHED;
			ref->scope = SC_HERE;
		} else
			return -1;
		return 0;
	}
	if (n == 2 && (k = campaign_ind_find(c, part[0])) >= 0) {
		ref->ind = (size_t)k;
		if (!strcmp(part[1], "ten"))
			ref->what = FW_IND_NAME;
		else if (!strcmp(part[1], "muc_tieu"))
			ref->what = FW_TARGET;
		else if (!strcmp(part[1], "dat")) {
			ref->what = FW_REACHED;
			ref->scope = SC_HERE;
		} else
			return -1;
		return 0;
	}
	if (!strcmp(part[0], "tong"))
		ref->scope = SC_TOTAL;
	else if (is_unit_prefix(c, part[0]))
		ref->scope = SC_UNIT;
	else
		return -1;
	if (n == 2) {
		const char *b = part[1];

		/* a column first: a campaign may well call one dan_so */
		if ((k = campaign_col_find(c, b)) >= 0) {
			ref->what = FW_COL;
			ref->col = (size_t)k;
			return 0;
		}
		if (ref->scope == SC_UNIT && !strcmp(b, "ten")) {
			ref->what = FW_NAME;
			return 0;
		}
		if (ref->scope == SC_TOTAL && is_unit_count(c, b)) {
			ref->what = FW_NUNITS;
			return 0;
		}
		fd = field_find(b, 1);
	} else {
		if ((k = campaign_ind_find(c, part[1])) < 0)
			return -1;
		ref->ind = (size_t)k;
		fd = field_find(part[2], 0);
	}
	if (!fd || (ref->scope == SC_UNIT && !fd->unit))
		return -1;
	ref->what = fd->what;
	return 0;
}

/* Every name of campaign c, for "did you mean". Caller frees each and the
 * array (NULL-terminated). */
static char **fig_all_names(const struct campaign *c)
{
	struct { char **v; size_t n, cap; } l = { NULL, 0, 0 };
	const char *const fixed[] = { "thang", "nam", "thang_nam", "muc_tieu", "don_vi", "dat",
				      "tong.so_don_vi", NULL };
	const struct field *fd;
	size_t i, k;

#define ADD(s) do { \
		if (l.n + 2 > l.cap) { \
			l.cap = l.cap ? l.cap * 2 : 64; \
			l.v = xrealloc(l.v, l.cap * sizeof *l.v); \
		} \
		l.v[l.n++] = (s); \
	} while (0)
	for (i = 0; fixed[i]; i++)
		ADD(xstrdup(fixed[i]));
	ADD(xasprintf("tong.so_%s", c->unit_key));
	ADD(xasprintf("%s.ten", c->unit_key));
	if (strcmp(c->unit_key, "xom")) {
		ADD(xstrdup("tong.so_xom"));
		ADD(xstrdup("xom.ten"));
	}
	for (fd = fields; fd->name; fd++) {
		ADD(xasprintf("tong.%s", fd->name));
		if (fd->unit)
			ADD(xasprintf("%s.%s", c->unit_key, fd->name));
	}
	for (k = 0; k < c->ncols; k++) {
		ADD(xasprintf("tong.%s", c->cols[k].key));
		ADD(xasprintf("%s.%s", c->unit_key, c->cols[k].key));
	}
	for (k = 0; k < c->ninds; k++) {
		const char *ik = c->inds[k].key;

		ADD(xasprintf("%s.ten", ik));
		ADD(xasprintf("%s.muc_tieu", ik));
		ADD(xasprintf("%s.dat", ik));
		for (fd = fields; fd->name; fd++) {
			if (fd->legacy)
				continue;
			ADD(xasprintf("tong.%s.%s", ik, fd->name));
			if (fd->unit)
				ADD(xasprintf("%s.%s.%s", c->unit_key, ik, fd->name));
		}
	}
	l.v[l.n] = NULL;
#undef ADD
	return l.v;
}

/* The name of all (NULL-terminated) nearest to name, and its distance. */
static void name_nearest(char **all, const char *name, const char **near, size_t *best)
{
	size_t d;

	*near = NULL;
	*best = (size_t)-1;
	for (; *all; all++)
		if ((d = str_distance(name, *all)) < *best) {
			*best = d;
			*near = *all;
		}
}

static void unknown_name(const struct campaign *c, const char *name, const char *tag, struct pos at)
{
	char **all = fig_all_names(c), **p;
	const char *near = NULL;
	size_t best = (size_t)-1;

	static const char *const units[] = { "xom", "thon", "ban", "buon", "ap", "to_dan_pho", "khu_pho", "to",
					     "khu", "khom", "soc", "don_vi", NULL };
	char *unit_named = NULL;
	size_t u;

	/* another campaign's unit word ({{tong.so_thon}}, {{thon.ty_le}} where
	 * the units are bản): the same name with this campaign's unit, before
	 * any name a few letters off ("so_thon" is two from "so_ho") */
	for (u = 0; units[u] && !unit_named; u++) {
		size_t ul = strlen(units[u]);
		if (!strcmp(units[u], c->unit_key))
			continue;
		if (!strncmp(name, "tong.so_", 8) && !strcmp(name + 8, units[u]))
			unit_named = xasprintf("tong.so_%s", c->unit_key);
		else if (!strncmp(name, units[u], ul) && name[ul] == '.')
			unit_named = xasprintf("%s%s", c->unit_key, name + ul);
	}
	/* with the unit word put right, the name still has to be a figure:
	 * {{thon.tenn}} is offered {{xom.ten}}, not {{xom.tenn}} */
	if (unit_named) {
		struct fig_ref ref;

		if (fig_resolve(c, unit_named, &ref) == 0)
			near = unit_named, best = 0;
		else
			name_nearest(all, unit_named, &near, &best);
		if (best > strlen(unit_named) / 2 + 1) {
			near = NULL;
			best = (size_t)-1;
		}
	}
	if (near) {
		diag_error(at, "unknown figure {{%s%s}}; the units of this campaign are called \"%s\": did you "
			   "mean {{%s%s}}?", tag, name, c->unit_key, tag, near);
		goto out;
	}
	name_nearest(all, name, &near, &best);
	if (near && best <= strlen(name) / 2 + 1)
		diag_error(at, "unknown figure {{%s%s}}; did you mean {{%s%s}}?", tag, name, tag, near);
	else
		diag_error(at, "unknown figure {{%s%s}}; the figures are {{tong.ty_le}}, {{tong.co}}, "
			"{{tong.tong_so}}, {{tong.con_thieu}}, {{muc_tieu}}, {{thang}}, {{nam}}, "
			"{{%s.ten}}, {{%s.ty_le}}, … and {{tong.<chỉ tiêu>.ty_le}} for each indicator",
			tag, name, c->unit_key, c->unit_key);
out:
	free(unit_named);
	for (p = all; *p; p++)
		free(*p);
	free(all);
}

/* The row a figure of scope sc reads, or NULL (reported) when the document
 * has no current unit. */
static const struct stats_row *fig_row(const struct figures *f, enum fig_scope sc, const char *name,
				       struct pos at)
{
	const struct stats *s = f->s;

	if (sc == SC_TOTAL || (sc == SC_HERE && f->current < 0))
		return &s->total;
	if (f->current < 0) {
		diag_error(at, "{{%s}} is a figure of one %s and needs moi_xom: true in the front "
			"matter (one output per %s)", name, s->c->unit, s->c->unit);
		return NULL;
	}
	return &s->rows[f->current];
}

/* A figure's value: the text into out (or a name, returned directly), and
 * whether it counts as true in a section. Returns NULL after diag_error. */
static const char *fig_value(const struct figures *f, const char *name, const struct fig_ref *ref,
			     struct pos at, char *out, int *truth)
{
	const struct stats *s = f ? f->s : NULL;
	const struct stats_row *r = NULL;
	const struct stats_value *v = NULL;
	const char *ret = out;
	long n = 0;
	size_t i;

	if (!s) {
		diag_error(at, "{{%s}} needs statistics: add so_lieu: with the month's CSV file "
			"to the front matter", name);
		return NULL;
	}
	if ((ref->what == FW_MONTH || ref->what == FW_YEAR || ref->what == FW_MONTH_YEAR) && !s->month) {
		diag_error(at, "{{%s}} takes the month from the data file's name, but %s has no "
			"month in its name; name it like 2025-02.csv", name, s->path);
		return NULL;
	}
	if (ref->scope != SC_NONE && !(r = fig_row(f, ref->scope, name, at)))
		return NULL;
	if (r && r->ind)
		v = &r->ind[ref->ind];
	*truth = 1;
	switch (ref->what) {
	case FW_MONTH:
		snprintf(out, STATS_FMT_MAX, "%d", s->month);
		return out;
	case FW_YEAR:
		snprintf(out, STATS_FMT_MAX, "%d", s->year);
		return out;
	case FW_MONTH_YEAR:
		return stats_format_month(s, out);
	case FW_UNIT:
		*truth = *s->c->unit != '\0';
		return s->c->unit;
	case FW_NAME:
		return r->name;
	case FW_IND_NAME:
		return f->spoken ? s->c->inds[ref->ind].spoken : s->c->inds[ref->ind].name;
	case FW_TARGET: {
		int t = s->c->inds[ref->ind].target_tenths;

		/* "50", or "47,5" when the target has a decimal */
		*truth = t != 0;
		return t % 10 ? stats_format_tenths(t, out) : stats_format_int(t / 10, out);
	}
	case FW_COL:
		if (!s->has_col[ref->col]) {
			diag_error(at, "{{%s}}: %s has no column %s (%s)", name, s->path,
				s->c->cols[ref->col].key, s->c->cols[ref->col].label);
			return NULL;
		}
		if (r->val[ref->col] < 0) {
			diag_error(at, "{{%s}}: the cell of %s %s in column %s is empty (%s, row %d)", name,
				s->c->unit, r->name, s->c->cols[ref->col].key, s->path, r->line);
			return NULL;
		}
		n = r->val[ref->col];
		break;
	case FW_RATE:
		*truth = v->rate_tenths != 0;
		return stats_format_tenths(v->rate_tenths, out);
	case FW_COUNT:
		n = v->num;
		break;
	case FW_BASE:
		n = v->den;
		break;
	case FW_NEEDED:
		n = v->needed;
		break;
	case FW_CHANGE:
		if (!v->has_prev) {
			diag_error(at, "{{%s}} needs the previous month: add so_lieu_truoc: "
				"to the front matter", name);
			return NULL;
		}
		*truth = v->change_tenths != 0;
		return stats_format_change(v->change_tenths, out);
	case FW_REACHED:
		*truth = v->reached;
		ret = v->reached ? "đạt" : "chưa đạt";
		return ret;
	case FW_NREACHED:
		for (i = 0; i < s->n; i++)
			n += s->rows[i].ind[ref->ind].reached;
		break;
	case FW_NUNITS:
		n = (long)s->n;
		break;
	}
	*truth = n != 0;
	return stats_format_int(n, out);
}

/* Advances the position over text[from..to). Columns count characters. */
static void advance(struct pos *p, const char *from, const char *to)
{
	while (from < to) {
		if (*from == '\n') {
			p->line++;
			p->col = 1;
			from++;
		} else {
			unsigned char c = (unsigned char)*from;
			/* skip UTF-8 continuation bytes */
			from++;
			if (c >= 0xC0)
				while (from < to && ((unsigned char)*from & 0xC0) == 0x80)
					from++;
			p->col++;
		}
	}
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		c == '_' || c == '.';
}

/* One "{{…}}" found in text. */
struct tag {
	const char *start;      /* the "{{" */
	const char *end;        /* after the "}}"; start + 2 when malformed */
	char kind;              /* 0 a figure, '#' '^' open a section, '/' closes one */
	char name[NAME_MAX_LEN];
	int bad;                /* reported as malformed */
};

/* Finds the next "{{" at or after p; returns 0 when there is none.
 * Malformed tags are reported at here (the caller's position of start). */
static int tag_next(const char *p, struct tag *t)
{
	const char *q = strstr(p, "{{"), *s, *e, *end;
	size_t len;

	if (!q)
		return 0;
	memset(t, 0, sizeof *t);
	t->start = q;
	s = q + 2;
	while (*s == ' ')
		s++;
	if (*s == '#' || *s == '^' || *s == '/') {
		t->kind = *s++;
		while (*s == ' ')
			s++;
	}
	for (e = s; name_char(*e); e++)
		;
	end = e;
	while (*end == ' ')
		end++;
	if (end[0] != '}' || end[1] != '}' || e == s) {
		t->bad = 1;
		t->end = q + 2;
		return 1;
	}
	len = (size_t)(e - s);
	if (len >= sizeof t->name)
		len = sizeof t->name - 1;
	memcpy(t->name, s, len);
	t->name[len] = '\0';
	t->end = end + 2;
	return 1;
}

static void tag_bad(const struct tag *t, struct pos here)
{
	const char *nl = strchr(t->start, '\n');
	const char *close = strstr(t->start + 2, "}}");

	if (close && (!nl || close < nl))
		diag_error(here, "\"%.*s\" is not a figure name: names are written like "
			"{{tong.ty_le}}, with letters, digits, \"_\" and \".\"; a section like "
			"{{#dat}} … {{/dat}}", (int)(close + 2 - t->start), t->start);
	else
		diag_error(here, "\"{{\" opens a figure but no \"}}\" closes it on this "
			"line; write it like {{tong.ty_le}}");
}

/* The open sections, innermost last. */
struct sections {
	struct { char name[NAME_MAX_LEN]; char kind; int show; struct pos at; } v[FIGURES_MAX_DEPTH];
	int n;
	int shown;              /* every open section shows its text */
};

/* The campaign names are checked against: the statistics', else the
 * document's (no so_lieu: any figure is then an error of its own), else
 * the default one. */
static const struct campaign *campaign_of(const struct figures *f, struct campaign **own)
{
	*own = NULL;
	if (f && f->s)
		return f->s->c;
	if (f && f->c)
		return f->c;
	return *own = campaign_default();
}

/* Applies a section tag: opens (evaluating its condition when the text
 * around is shown) or closes. Returns 0, or -1 after diag_error. */
static int section_tag(struct sections *st, const struct tag *t, const struct figures *f,
		       const struct campaign *c, struct pos here)
{
	struct fig_ref ref;
	char out[STATS_FMT_MAX];
	int truth = 0, err = 0;

	if (t->kind == '/') {
		if (!st->n) {
			diag_error(here, "{{/%s}} closes a section that was never opened; "
				"open it with {{#%s}} or {{^%s}}", t->name, t->name, t->name);
			return -1;
		}
		if (strcmp(st->v[st->n - 1].name, t->name)) {
			struct pos o = st->v[st->n - 1].at;

			diag_error(here, "{{/%s}} does not match {{%c%s}} opened at line %d, column %d; "
				"close the inner section first with {{/%s}}", t->name, st->v[st->n - 1].kind,
				st->v[st->n - 1].name, o.line, o.col, st->v[st->n - 1].name);
			return -1;
		}
		st->n--;
		goto shown;
	}
	if (st->n == FIGURES_MAX_DEPTH) {
		diag_error(here, "more than %d sections inside each other", FIGURES_MAX_DEPTH);
		return -1;
	}
	if (fig_resolve(c, t->name, &ref) != 0) {
		char tag[2] = { t->kind, 0 };

		unknown_name(c, t->name, tag, here);
		err = -1;
	} else if (st->shown && !fig_value(f, t->name, &ref, here, out, &truth)) {
		/* a hidden section's conditions are not evaluated (a
		 * figure that needs the previous month may be what hides it) */
		err = -1;
	}
	/* opened even when wrong, hidden, so its {{/name}} closes it
	 * instead of making a second error */
	strcpy(st->v[st->n].name, t->name);
	st->v[st->n].kind = t->kind;
	st->v[st->n].show = err ? 0 : t->kind == '#' ? truth : !truth;
	st->v[st->n].at = here;
	st->n++;
shown:
	{
		int i;

		st->shown = 1;
		for (i = 0; i < st->n; i++)
			st->shown &= st->v[i].show;
	}
	return err;
}

static int sections_unclosed(const struct sections *st)
{
	int i;

	for (i = 0; i < st->n; i++)
		diag_error(st->v[i].at, "{{%c%s}} opens a section that is never closed; "
			"add {{/%s}} where it ends", st->v[i].kind, st->v[i].name, st->v[i].name);
	return st->n;
}

/* Whether a rate-like figure is followed by " %" whose space is dropped. */
static int is_percent_figure(const struct fig_ref *ref)
{
	return ref->what == FW_RATE || ref->what == FW_CHANGE || ref->what == FW_TARGET;
}

static size_t space_before_percent(const char *p)
{
	if (p[0] == ' ' && p[1] == '%')
		return 1;
	if (!strncmp(p, NBSP "%", 3))
		return 2;
	return 0;
}

/* The text of one string with its figures replaced, inside the sections
 * state st (shared across the text nodes of a tree). Returns the number of
 * errors; appends to b. */
static int expand_into(struct buf *b, const char *text, const struct figures *f,
		       const struct campaign *c, struct sections *st, struct pos at)
{
	struct pos p = at;
	const char *done = text;
	struct tag t;
	int errors = 0;

	if (p.line > 0 && p.col <= 0)
		p.col = 1;
	while (tag_next(done, &t)) {
		struct pos here;

		if (st->shown)
			buf_add(b, done, (size_t)(t.start - done));
		advance(&p, done, t.start);
		here = p;
		if (t.bad) {
			tag_bad(&t, here);
			errors++;
			if (st->shown)
				buf_add(b, "{{", 2);
		} else if (t.kind) {
			errors += section_tag(st, &t, f, c, here) != 0;
		} else {
			struct fig_ref ref;
			char out[STATS_FMT_MAX];
			const char *v;
			int truth;

			int known = fig_resolve(c, t.name, &ref) == 0;
			const char *set = !known && f && f->settings && strcmp(t.name, "loai") ?
					  meta_str(f->settings, t.name) : NULL;

			if (set) {
				/* a setting: {{zalo}} in "![Zalo](qr:{{zalo}})" */
				if (st->shown)
					buf_adds(b, set);
			} else if (!known) {
				unknown_name(c, t.name, "", here);
				errors++;
			} else if (st->shown) {
				if ((v = fig_value(f, t.name, &ref, here, out, &truth))) {
					size_t sp = is_percent_figure(&ref) ? space_before_percent(t.end) : 0;

					buf_adds(b, v);
					if (sp) {
						advance(&p, t.start, t.end + sp);
						done = t.end + sp;
						continue;
					}
				} else {
					errors++;
				}
			}
		}
		advance(&p, t.start, t.end);
		done = t.end;
	}
	if (st->shown)
		buf_adds(b, done);
	return errors;
}

char *figures_expand(const char *text, const struct figures *f, struct pos at)
{
	struct sections st;
	struct campaign *own;
	const struct campaign *c = campaign_of(f, &own);
	struct buf b;
	char *ret = NULL;
	int errors;

	memset(&st, 0, sizeof st);
	st.shown = 1;
	buf_init(&b);
	errors = expand_into(&b, text, f, c, &st, at);
	errors += sections_unclosed(&st);
	if (!errors)
		ret = buf_take(&b);
	buf_free(&b);
	campaign_free(own);
	return ret;
}

/* ---- sections over a document tree ----------------------------------- */

static int is_inline_leaf(const struct node *n)
{
	return n->type == NODE_SOFTBREAK || n->type == NODE_LINEBREAK || n->type == NODE_TEXT ||
	       n->type == NODE_CODE || n->type == NODE_IMAGE;
}

int figures_has_sections(const struct node *root)
{
	const struct node *n = root;

	/* pre-order without recursion (inlines may nest deep) */
	while (n) {
		if (n->type == NODE_TEXT && n->text) {
			const char *p = n->text;

			while ((p = strstr(p, "{{"))) {
				p += 2;
				while (*p == ' ')
					p++;
				if (*p == '#' || *p == '^' || *p == '/')
					return 1;
			}
		}
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n != root && !n->next)
			n = n->parent;
		if (n == root)
			break;
		n = n->next;
	}
	return 0;
}

/* Joins each run of adjacent text nodes into its first one. */
static void join_texts(struct node *n)
{
	while (n->next && n->type == NODE_TEXT && n->next->type == NODE_TEXT) {
		struct node *o = n->next;
		char *t = xasprintf("%s%s", n->text ? n->text : "", o->text ? o->text : "");

		free(n->text);
		n->text = t;
		node_free(o);
	}
}

static int is_break(const struct node *n)
{
	return n && (n->type == NODE_SOFTBREAK || n->type == NODE_LINEBREAK);
}

/* Empty texts out; no line break at either end or twice in a row. */
static void tidy_breaks(struct node *blk)
{
	struct node *c, *next;

	for (c = blk->first; c; c = next) {
		next = c->next;
		if ((c->type == NODE_TEXT && c->text && !*c->text) || (is_break(c) && is_break(next)))
			node_free(c);
	}
	while (is_break(blk->first))
		node_free(blk->first);
	while (is_break(blk->last))
		node_free(blk->last);
}

/* The inline leaves of n in reading order (text, code, breaks, pictures). */
static void leaves_of(struct node *n, struct node ***v, size_t *nv, size_t *cap)
{
	struct node *c;

	for (c = n->first; c; c = c->next) {
		if (c->first) {
			leaves_of(c, v, nv, cap);
			continue;
		}
		if (*nv == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			*v = xrealloc(*v, *cap * sizeof **v);
		}
		(*v)[(*nv)++] = c;
	}
}

/* Tidies a paragraph or heading whose content lost a section, reading its
 * leaves in order (through emphasis and links): no space at the start or
 * end of a line, no double space and no space before a full stop or comma
 * where a section was cut out of a sentence ("đạt {{#x}}…{{/x}}."), no line
 * break at its ends or twice in a row. */
static void tidy_inlines(struct node *blk)
{
	struct node **v = NULL;
	size_t nv = 0, cap = 0, i;
	int space = 1;     /* what came before was a space or a line start */

	leaves_of(blk, &v, &nv, &cap);
	for (i = 0; i < nv; i++) {
		struct node *c = v[i];
		const struct node *next = i + 1 < nv ? v[i + 1] : NULL;
		char *r, *w;

		if (is_break(c)) {
			space = 1;
			continue;
		}
		if (c->type != NODE_TEXT || !c->text) {
			space = 0;
			continue;
		}
		for (r = w = c->text; *r; r++) {
			if (*r == ' ') {
				char after = r[1] ? r[1] : next && next->type == NODE_TEXT && next->text ?
					next->text[0] : next && !is_break(next) ? 'x' : '\0';

				if (space || !after || after == ' ' || strchr(".,;:!?)", after))
					continue;
				space = 1;
			} else {
				space = 0;
			}
			*w++ = *r;
		}
		*w = '\0';
	}
	free(v);
	tidy_breaks(blk);
}

/* Whether a node may go when it is left empty by a section: the blocks
 * and inlines of prose. A table's cells keep their place, emptied, so the
 * rows stay whole. */
static int removable(const struct node *n)
{
	switch (n->type) {
	case NODE_HEADING: case NODE_PARAGRAPH: case NODE_LIST: case NODE_ITEM: case NODE_QUOTE:
	case NODE_THEMATIC_BREAK: case NODE_FIGURES: case NODE_FIGURE: case NODE_TEXT: case NODE_EMPH: case NODE_STRONG:
	case NODE_LINK: case NODE_IMAGE: case NODE_CODE: case NODE_SOFTBREAK: case NODE_LINEBREAK:
		return 1;
	default:
		return 0;
	}
}

/* Whether a node may go when a section hides all of it: prose, a whole
 * table, a row of a table other than its header. */
static int removable_whole(const struct node *n)
{
	return removable(n) || n->type == NODE_TABLE || (n->type == NODE_TABLE_ROW && !n->header);
}

struct filter {
	const struct figures *f;
	const struct campaign *c;
	struct sections st;
	int errors;
	size_t kept;            /* leaves kept so far (shown) */
};

/* Filters the children of n, in reading order. The recursion is as deep
 * as the tree: the Markdown reader refuses more than READ_MAX_DEPTH levels
 * of blocks and of inlines. Returns 1 when something in n was removed. */
static int filter_children(struct filter *fl, struct node *n)
{
	struct node *c, *next;
	int touched = 0;

	for (c = n->first; c; c = next) {
		join_texts(c);
		next = c->next;
		if (c->type == NODE_TEXT) {
			struct buf b;
			char *t;

			if (!c->text || !strstr(c->text, "{{")) {
				if (!fl->st.shown) {
					node_free(c);
					touched = 1;
				} else {
					fl->kept++;
				}
				continue;
			}
			/* keep the figures for figures_expand: only sections are
			 * resolved here, so copy the figure tags through */
			buf_init(&b);
			{
				struct pos p = c->pos;
				const char *done = c->text;
				struct tag tg;
				int cut = 0;

				if (p.line > 0 && p.col <= 0)
					p.col = 1;
				while (tag_next(done, &tg)) {
					if (fl->st.shown)
						buf_add(&b, done, (size_t)(tg.start - done));
					advance(&p, done, tg.start);
					if (!tg.bad && tg.kind) {
						fl->errors += section_tag(&fl->st, &tg, fl->f, fl->c, p) != 0;
						cut = 1;
					} else if (fl->st.shown) {
						buf_add(&b, tg.start, (size_t)(tg.end - tg.start));
					}
					advance(&p, tg.start, tg.end);
					done = tg.end;
				}
				if (fl->st.shown)
					buf_adds(&b, done);
				touched |= cut;
			}
			t = buf_take(&b);
			buf_free(&b);
			free(c->text);
			c->text = t;
			if (!*t) {
				node_free(c);
				touched = 1;
			} else {
				fl->kept++;
			}
			continue;
		}
		if (!c->first && (is_inline_leaf(c) || c->type == NODE_THEMATIC_BREAK ||
				  c->type == NODE_FIGURE || !fl->st.shown)) {
			if (!fl->st.shown && removable_whole(c)) {
				node_free(c);
				touched = 1;
			} else if (fl->st.shown) {
				fl->kept++;
			}
			continue;
		}
		{
			int hidden_before = !fl->st.shown;
			size_t kept_before = fl->kept;

			if (!filter_children(fl, c))
				continue;
			touched = 1;
			/* a table, row or paragraph a section hid from end to end */
			if (hidden_before && !fl->st.shown && fl->kept == kept_before && removable_whole(c)) {
				node_free(c);
				continue;
			}
			if (c->type == NODE_PARAGRAPH || c->type == NODE_HEADING)
				tidy_inlines(c);
			if (!c->first && removable(c))
				node_free(c);
		}
	}
	return touched;
}

int figures_filter(struct node *root, const struct figures *f)
{
	struct filter fl;
	struct campaign *own;

	memset(&fl, 0, sizeof fl);
	fl.f = f;
	fl.c = campaign_of(f, &own);
	fl.st.shown = 1;
	filter_children(&fl, root);
	fl.errors += sections_unclosed(&fl.st);
	campaign_free(own);
	return fl.errors;
}

/* Campaigns: the front-matter map under "chien_dich:" → columns,
 * indicators and the unit's name. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "campaign.h"
#include "stats.h"
#include "../util/utf8.h"
#include "../util/util.h"

/* Columns whose printed label and usual header spellings phat knows, so a
 * campaign may name them by key alone ("tu_so: dinh_danh_muc_2"). */
static const struct known_col {
	const char *key, *label;
	const char *alias[5];
} known_cols[] = {
	{ "dan_so_truong_thanh", "Dân số trưởng thành",
	  { "so_nguoi_truong_thanh", "nguoi_truong_thanh", "dan_so_tu_18_tuoi", "so_nguoi_tu_18_tuoi", NULL } },
	{ "vnpt_smartca", "VNPT SmartCA", { "vnpt", "smartca", NULL } },
	{ "viettel_mysign", "Viettel MySign", { "viettel", "mysign", NULL } },
	{ "khac", "Khác", { "nha_cung_cap_khac", "cks_khac", NULL } },
	{ "dinh_danh_muc_2", "Định danh điện tử mức 2",
	  { "dinh_danh_dien_tu_muc_2", "tai_khoan_muc_2", "vneid_muc_2", "muc_2", NULL } },
	{ "dan_so", "Dân số", { NULL } },
	{ "so_ho", "Số hộ", { "tong_so_ho", NULL } },
	{ NULL, NULL, { NULL } }
};

/* Names a figure uses after its scope ({{tong.ty_le}}, {{xom.ten}}): a
 * column or an indicator called so could not be told apart from them. */
static const char *const reserved[] = {
	"ten", "ty_le", "co", "tong_so", "con_thieu", "thay_doi", "so_dat", "dat", "muc_tieu",
	"so_don_vi", "tong", "don_vi", "thang", "nam", "thang_nam", NULL
};

char *campaign_fold(const char *s)
{
	return utf8_ascii_words(s, '_');
}

static void col_free(struct campaign_col *k)
{
	size_t i;

	free(k->key);
	free(k->label);
	for (i = 0; i < k->nalias; i++)
		free(k->alias[i]);
	free(k->alias);
}

void campaign_free(struct campaign *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->ncols; i++)
		col_free(&c->cols[i]);
	for (i = 0; i < c->ninds; i++) {
		free(c->inds[i].key);
		free(c->inds[i].name);
		free(c->inds[i].spoken);
	}
	free(c->cols);
	free(c->inds);
	free(c->unit);
	free(c->unit_key);
	free(c);
}

struct campaign *campaign_copy(const struct campaign *c)
{
	struct campaign *d = xcalloc(1, sizeof *d);
	size_t i, j;

	d->unit = xstrdup(c->unit);
	d->unit_key = xstrdup(c->unit_key);
	d->cols = xcalloc(c->ncols ? c->ncols : 1, sizeof *d->cols);
	d->ncols = c->ncols;
	for (i = 0; i < c->ncols; i++) {
		d->cols[i].key = xstrdup(c->cols[i].key);
		d->cols[i].label = xstrdup(c->cols[i].label);
		d->cols[i].nalias = c->cols[i].nalias;
		d->cols[i].alias = xcalloc(c->cols[i].nalias ? c->cols[i].nalias : 1, sizeof(char *));
		for (j = 0; j < c->cols[i].nalias; j++)
			d->cols[i].alias[j] = xstrdup(c->cols[i].alias[j]);
	}
	d->inds = xcalloc(c->ninds ? c->ninds : 1, sizeof *d->inds);
	d->ninds = c->ninds;
	for (i = 0; i < c->ninds; i++) {
		d->inds[i] = c->inds[i];
		d->inds[i].key = xstrdup(c->inds[i].key);
		d->inds[i].name = xstrdup(c->inds[i].name);
		d->inds[i].spoken = xstrdup(c->inds[i].spoken);
	}
	return d;
}

long campaign_col_find(const struct campaign *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (!strcmp(c->cols[i].key, key))
			return (long)i;
	return -1;
}

long campaign_ind_find(const struct campaign *c, const char *key)
{
	size_t i;

	for (i = 0; i < c->ninds; i++)
		if (!strcmp(c->inds[i].key, key))
			return (long)i;
	return -1;
}

int campaign_col_used(const struct campaign *c, size_t k)
{
	size_t i, j;

	for (i = 0; i < c->ninds; i++) {
		if (c->inds[i].den == k)
			return 1;
		for (j = 0; j < c->inds[i].nnum; j++)
			if (c->inds[i].num[j] == k)
				return 1;
	}
	return 0;
}

char *campaign_unit_title(const struct campaign *c)
{
	char *up = utf8_upper(c->unit);
	const char *rest = c->unit;
	uint32_t cp;
	int n = utf8_decode(up, &cp), m = utf8_decode(c->unit, &cp);
	char *t;

	if (n <= 0 || m <= 0) {
		free(up);
		return xstrdup(c->unit);
	}
	rest += m;
	t = xasprintf("%.*s%s", n, up, rest);
	free(up);
	return t;
}

static void col_add_alias(struct campaign_col *k, const char *fold)
{
	size_t i;

	if (!*fold || !strcmp(fold, k->key))
		return;
	for (i = 0; i < k->nalias; i++)
		if (!strcmp(k->alias[i], fold))
			return;
	k->alias = xrealloc(k->alias, (k->nalias + 1) * sizeof *k->alias);
	k->alias[k->nalias++] = xstrdup(fold);
}

/* A new column: the known label and spellings for a known key, else the
 * label as the campaign wrote it. */
static size_t col_add(struct campaign *c, const char *key, const char *label)
{
	struct campaign_col *k;
	const struct known_col *kc;
	size_t i;

	c->cols = xrealloc(c->cols, (c->ncols + 1) * sizeof *c->cols);
	k = &c->cols[c->ncols];
	memset(k, 0, sizeof *k);
	k->key = xstrdup(key);
	for (kc = known_cols; kc->key; kc++)
		if (!strcmp(kc->key, key))
			break;
	if (label)
		k->label = xstrdup(label);
	else if (kc->key)
		k->label = xstrdup(kc->label);
	else
		k->label = xstrdup(key);
	if (kc->key) {
		char *f = campaign_fold(kc->label);

		col_add_alias(k, f);
		free(f);
		for (i = 0; kc->alias[i]; i++)
			col_add_alias(k, kc->alias[i]);
	}
	{
		char *f = campaign_fold(k->label);

		col_add_alias(k, f);
		free(f);
	}
	return c->ncols++;
}

/* "so_ho" alone is a key; "Số hộ" or "VNPT SmartCA" is a label. */
static int looks_like_key(const char *s)
{
	for (; *s; s++)
		if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
			return 0;
	return 1;
}

static int is_reserved(const char *key)
{
	int i;

	for (i = 0; reserved[i]; i++)
		if (!strcmp(reserved[i], key))
			return 1;
	return 0;
}

/* The column a term of tu_so / mau_so names (by key, label or another
 * spelling), added when the campaign has not listed it under cot:.
 * Returns its index, or -1 after diag_error. */
static long col_term(struct campaign *c, const char *term, struct pos at)
{
	char *t = xstrdup(term), *s = t, *e, *f;
	size_t i, j;
	long found = -1;

	while (*s == ' ')
		s++;
	for (e = s + strlen(s); e > s && e[-1] == ' '; e--)
		;
	*e = '\0';
	f = campaign_fold(s);
	if (!*f) {
		diag_error(at, "an empty column name; write the columns like vnpt_smartca + viettel_mysign + khac");
		goto out;
	}
	for (i = 0; i < c->ncols && found < 0; i++) {
		if (!strcmp(c->cols[i].key, f))
			found = (long)i;
		for (j = 0; j < c->cols[i].nalias && found < 0; j++)
			if (!strcmp(c->cols[i].alias[j], f))
				found = (long)i;
	}
	if (found < 0) {
		if (is_reserved(f)) {
			diag_error(at, "a column cannot be called \"%s\": phat uses that name for its own figures", s);
			goto out;
		}
		if (c->ncols >= CAMPAIGN_MAX_COLS) {
			diag_error(at, "more than %d columns in one campaign", CAMPAIGN_MAX_COLS);
			goto out;
		}
		found = (long)col_add(c, f, looks_like_key(s) ? NULL : s);
	}
out:
	free(f);
	free(t);
	return found;
}

static const char *scalar(const struct meta *v, const char *what, const char *example)
{
	if (v->type != META_SCALAR || !*v->value) {
		diag_error(v->pos, "\"%s:\" %s, e.g. %s", v->key ? v->key : what, what, example);
		return NULL;
	}
	return v->value;
}

static int read_cols(struct campaign *c, const struct meta *m)
{
	const struct meta *e;
	int errs = 0;

	if (m->type != META_MAP) {
		diag_error(m->pos, "\"cot:\" lists the CSV columns, one a line: the key, then the "
			   "header as printed, e.g.  vnpt_smartca: VNPT SmartCA");
		return 1;
	}
	for (e = m->first; e; e = e->next) {
		char *key = campaign_fold(e->key);
		const struct meta *l = NULL;
		long k;

		if (!*key || is_reserved(key) || campaign_col_find(c, key) >= 0) {
			diag_error(e->key_pos, *key && !is_reserved(key) ? "column %s is listed twice" :
				   "a column cannot be called \"%s\": phat uses that name for its own figures",
				   e->key);
			free(key);
			errs++;
			continue;
		}
		if (c->ncols >= CAMPAIGN_MAX_COLS) {
			diag_error(e->key_pos, "more than %d columns in one campaign", CAMPAIGN_MAX_COLS);
			free(key);
			return errs + 1;
		}
		if (e->type == META_SCALAR)
			k = (long)col_add(c, key, *e->value ? e->value : NULL);
		else if (e->type == META_LIST && e->first && e->first->type == META_SCALAR) {
			/* the label, then other header spellings */
			k = (long)col_add(c, key, e->first->value);
			for (l = e->first->next; l; l = l->next) {
				char *f = l->type == META_SCALAR ? campaign_fold(l->value) : xstrdup("");

				col_add_alias(&c->cols[k], f);
				free(f);
			}
		} else {
			diag_error(e->pos, "column %s: write its header as printed, or a list whose first "
				   "line is the header as printed and the others how sheets also spell it",
				   e->key);
			errs++;
		}
		free(key);
	}
	return errs;
}

static const char *const ind_keys[] = { "ma", "ten", "ten_doc", "tu_so", "mau_so", "muc_tieu", NULL };

static int read_ind(struct campaign *c, const struct meta *m, const char *map_key)
{
	struct campaign_ind ind;
	const struct meta *v;
	const char *s;
	char *key = NULL;
	int errs = 0;
	size_t i;

	memset(&ind, 0, sizeof ind);
	ind.target_tenths = STATS_TARGET_DEFAULT;
	if (m->type != META_MAP) {
		diag_error(m->pos, "each indicator under \"chi_tieu:\" has ma, ten, tu_so, mau_so and muc_tieu");
		return 1;
	}
	if (meta_check_keys(m, ind_keys))
		return 1;
	if (c->ninds >= CAMPAIGN_MAX_INDS) {
		diag_error(m->pos, "more than %d indicators in one campaign", CAMPAIGN_MAX_INDS);
		return 1;
	}
	/* the numerator: "a + b + c" or a list of columns */
	if (!(v = meta_get(m, "tu_so"))) {
		diag_error(m->pos, "the indicator needs \"tu_so:\", the column counted (or columns added "
			   "up), e.g. tu_so: vnpt_smartca + viettel_mysign + khac");
		return 1;
	}
	if (v->type == META_SCALAR) {
		char *all = xstrdup(v->value), *p = all, *plus;

		do {
			long k;

			plus = strchr(p, '+');
			if (plus)
				*plus = '\0';
			if ((k = col_term(c, p, v->pos)) < 0)
				errs++;
			else if (ind.nnum < CAMPAIGN_MAX_COLS)
				ind.num[ind.nnum++] = (size_t)k;
			if (plus)
				p = plus + 1;
		} while (plus);
		free(all);
	} else if (v->type == META_LIST) {
		const struct meta *t;

		for (t = v->first; t; t = t->next) {
			long k = t->type == META_SCALAR ? col_term(c, t->value, t->pos) : -1;

			if (k < 0) {
				if (t->type != META_SCALAR)
					diag_error(t->pos, "each item of \"tu_so:\" is a column name");
				errs++;
			} else if (ind.nnum < CAMPAIGN_MAX_COLS) {
				ind.num[ind.nnum++] = (size_t)k;
			}
		}
	}
	if (!ind.nnum && !errs) {
		diag_error(v->pos, "\"tu_so:\" names the column counted, e.g. tu_so: dinh_danh_muc_2");
		errs++;
	}
	for (i = 0; i + 1 < ind.nnum; i++) {
		size_t j;

		for (j = i + 1; j < ind.nnum; j++)
			if (ind.num[i] == ind.num[j]) {
				diag_error(v->pos, "column %s is added twice in \"tu_so:\"", c->cols[ind.num[i]].key);
				errs++;
			}
	}
	if (!(v = meta_get(m, "mau_so"))) {
		diag_error(m->pos, "the indicator needs \"mau_so:\", the column the rate is taken of, "
			   "e.g. mau_so: dan_so_truong_thanh");
		errs++;
	} else if (!(s = scalar(v, "names one column", "mau_so: dan_so_truong_thanh"))) {
		errs++;
	} else {
		long k = col_term(c, s, v->pos);

		if (k < 0)
			errs++;
		else
			ind.den = (size_t)k;
		for (i = 0; k >= 0 && i < ind.nnum; i++)
			if (ind.num[i] == (size_t)k) {
				diag_error(v->pos, "column %s cannot be both counted (tu_so) and the whole (mau_so)",
					   c->cols[k].key);
				errs++;
			}
	}
	if ((v = meta_get(m, "muc_tieu"))) {
		if (v->type != META_SCALAR) {
			diag_error(v->pos, "\"muc_tieu:\" is the target in per cent, e.g. muc_tieu: 50");
			errs++;
		} else if (stats_parse_target(v->value, v->pos, &ind.target_tenths) != 0) {
			errs++;
		}
	}
	if (errs)
		return errs;
	/* the name as printed: ten, or the one column counted's label */
	if ((v = meta_get(m, "ten"))) {
		if (!(s = scalar(v, "is the indicator's name as printed",
				 "ten: Người dân trưởng thành có chữ ký số công cộng")))
			return 1;
		ind.name = xstrdup(s);
	} else if (ind.nnum == 1) {
		ind.name = xstrdup(c->cols[ind.num[0]].label);
	} else {
		diag_error(m->pos, "the indicator needs \"ten:\", its name as printed in the table "
			   "and the chart");
		return 1;
	}
	/* the key: ma, the map's key, the one column counted, or the name */
	if ((v = meta_get(m, "ma"))) {
		if (!(s = scalar(v, "is the short name of the indicator's figures", "ma: chu_ky_so")))
			goto bad;
		key = campaign_fold(s);
	} else if (map_key) {
		key = campaign_fold(map_key);
	} else if (ind.nnum == 1) {
		key = xstrdup(c->cols[ind.num[0]].key);
	} else {
		key = campaign_fold(ind.name);
	}
	if (!*key) {
		diag_error(m->pos, "the indicator needs \"ma:\", the short name of its figures, e.g. ma: chu_ky_so");
		goto bad;
	}
	if (is_reserved(key) || campaign_ind_find(c, key) >= 0 || !strcmp(key, c->unit_key) ||
	    !strcmp(key, "xom")) {
		v = meta_get(m, "ma");
		diag_error(v ? v->pos : m->pos, campaign_ind_find(c, key) >= 0 ?
			   "two indicators are called %s; give each its own \"ma:\"" :
			   "an indicator cannot be called %s: phat uses that name for its own figures", key);
		goto bad;
	}
	ind.key = key;
	if ((v = meta_get(m, "ten_doc"))) {
		if (!(s = scalar(v, "is the indicator's name as read aloud", "ten_doc: chữ ký số công cộng")))
			goto bad;
		ind.spoken = xstrdup(s);
	} else {
		ind.spoken = xstrdup(ind.name);
	}
	c->inds = xrealloc(c->inds, (c->ninds + 1) * sizeof *c->inds);
	c->inds[c->ninds++] = ind;
	return 0;
bad:
	free(ind.name);
	free(key);
	return 1;
}

static void set_unit(struct campaign *c, const char *unit)
{
	char *low = utf8_lower(unit);

	free(c->unit);
	free(c->unit_key);
	c->unit = str_squash(low);
	free(low);
	c->unit_key = campaign_fold(c->unit);
}

static const char *const campaign_keys[] = { "don_vi", "cot", "chi_tieu", NULL };

struct campaign *campaign_from_meta(const struct meta *m)
{
	struct campaign *c = xcalloc(1, sizeof *c);
	const struct meta *v, *e;
	int errs = 0;

	set_unit(c, "xóm");
	if (m->type != META_MAP) {
		diag_error(m->pos, "\"chien_dich:\" is the campaign: don_vi, cot and chi_tieu under it, "
			   "or the name of a YAML file that holds them");
		goto bad;
	}
	if (meta_check_keys(m, campaign_keys))
		goto bad;
	if ((v = meta_get(m, "don_vi"))) {
		const char *s = scalar(v, "is what the commune's units are called", "don_vi: thôn");
		char *k;

		if (!s)
			goto bad;
		set_unit(c, s);
		k = c->unit_key;
		if (!*k || is_reserved(k) || !strcmp(k, "tong")) {
			diag_error(v->pos, "\"don_vi:\" is what the units are called: xóm, thôn, bản, ấp, "
				   "tổ dân phố …");
			goto bad;
		}
	}
	if ((v = meta_get(m, "cot")))
		errs += read_cols(c, v);
	if (!(v = meta_get(m, "chi_tieu"))) {
		diag_error(m->pos, "the campaign needs \"chi_tieu:\", the indicators it counts (ma, ten, "
			   "tu_so, mau_so, muc_tieu)");
		goto bad;
	}
	if (v->type == META_LIST) {
		for (e = v->first; e; e = e->next)
			errs += read_ind(c, e, NULL);
	} else if (v->type == META_MAP && v->first && !meta_get(v, "tu_so")) {
		/* chi_tieu: { chu_ky_so: {…}, dinh_danh_muc_2: {…} } */
		for (e = v->first; e; e = e->next)
			errs += read_ind(c, e, e->key);
	} else if (v->type == META_MAP) {
		errs += read_ind(c, v, NULL);
	}
	if (!errs && !c->ninds) {
		diag_error(v->pos, "\"chi_tieu:\" lists the indicators: ma, ten, tu_so, mau_so, muc_tieu each");
		errs++;
	}
	if (errs)
		goto bad;
	return c;
bad:
	campaign_free(c);
	return NULL;
}

struct campaign *campaign_default(void)
{
	struct campaign *c = xcalloc(1, sizeof *c);
	struct campaign_ind *ind;
	static const char *const cols[] = {
		"dan_so_truong_thanh", "vnpt_smartca", "viettel_mysign", "khac", "dinh_danh_muc_2", NULL
	};
	size_t i;

	set_unit(c, "xóm");
	for (i = 0; cols[i]; i++)
		col_add(c, cols[i], NULL);
	c->inds = xcalloc(1, sizeof *c->inds);
	c->ninds = 1;
	ind = &c->inds[0];
	ind->key = xstrdup("chu_ky_so");
	ind->name = xstrdup("Người dân trưởng thành có chữ ký số công cộng");
	ind->spoken = xstrdup("người dân trưởng thành có chữ ký số công cộng");
	ind->num[0] = 1;
	ind->num[1] = 2;
	ind->num[2] = 3;
	ind->nnum = 3;
	ind->den = 0;
	ind->target_tenths = STATS_TARGET_DEFAULT;
	return c;
}

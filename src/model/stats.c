/* Statistics model: arithmetic on integer counts per indicator, exact
 * rounding, the Vietnamese number format, and month-to-month checks. Reading the CSV is
 * in src/read/csv.c. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"
#include "../util/util.h"
#include "../util/utf8.h"

static size_t *stats_sort_by_rate(const struct stats *s, size_t ind);

static void stats_orders_free(struct stats *s)
{
	size_t k;

	for (k = 0; s->order && k < s->norder; k++)
		free(s->order[k]);
	free(s->order);
	s->order = NULL;
	s->norder = 0;
}

void stats_free(struct stats *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->rows[i].name);
		free(s->rows[i].val);
		free(s->rows[i].ind);
	}
	free(s->rows);
	free(s->total.name);
	free(s->total.val);
	free(s->total.ind);
	free(s->has_col);
	free(s->index);
	stats_orders_free(s);
	free(s->path);
	campaign_free(s->c);
	free(s);
}

/* Rounds num/den×1000 half up using integers only: the rate 38,45 % of
 * 769/2000 must print "38,5", which a double would get wrong one time in
 * many. Totals stay under 10^11 (STATS_MAX_ROWS × STATS_MAX_COUNT), so
 * ×2000 fits in a long long. */
long stats_rate_tenths(long num, long den)
{
	long long n = (long long)num * 2000 + den;
	long long d = (long long)den * 2;

	if (den <= 0)
		return 0;
	if (n >= 0)
		return (long)(n / d);
	/* floor for negatives, so rounding stays "half up" */
	return (long)(-((-n + d - 1) / d));
}

/* 1000 × (c/d − a/b) = 1000 × (c·b − a·d) / (b·d): the products of two
 * totals reach 10^22, past 64 bits, hence 128-bit integers (GCC and Clang
 * on every 64-bit Debian port). The change of a reader's two printed rates
 * would be off by 0,1 one time in three (7,148 printed +7,2). */
long stats_change_tenths(long a, long b, long c, long d)
{
	__int128 num, den, q;
	int neg;

	if (b <= 0 || d <= 0)
		return 0;
	num = ((__int128)c * b - (__int128)a * d) * 1000;
	den = (__int128)b * d;
	neg = num < 0;
	if (neg)
		num = -num;
	q = (2 * num + den) / (2 * den);
	return (long)(neg ? -q : q);
}

/* Still needed: ceil(target × den) − num, at least 0. */
static long needed_for(long num, long den, int target_tenths)
{
	long long want = ((long long)target_tenths * den + 999) / 1000;

	return want > num ? (long)(want - num) : 0;
}

long stats_rate_shown_tenths(long num, long den, int target_tenths)
{
	long t = stats_rate_tenths(num, den);

	if (den > 0 && t >= target_tenths && (long long)num * 1000 < (long long)target_tenths * den)
		t = (long)((long long)num * 1000 / den);
	return t;
}

static void value_compute(struct stats_value *v, int target_tenths)
{
	v->reached = v->den > 0 && (long long)v->num * 1000 >= (long long)target_tenths * v->den;
	v->rate_tenths = stats_rate_shown_tenths(v->num, v->den, target_tenths);
	v->needed = needed_for(v->num, v->den, target_tenths);
}

static void value_prev(struct stats_value *v, long pnum, long pden)
{
	v->has_prev = pden > 0;
	v->prev_num = pnum;
	v->prev_den = pden;
	v->change_tenths = pden > 0 && v->den > 0 ?
		stats_change_tenths(pnum, pden, v->num, v->den) : 0;
}

/* The numerator and denominator of indicator k on row r (read columns). */
static void value_of(const struct stats *s, const struct stats_row *r, size_t k, long *num, long *den)
{
	const struct campaign_ind *ci = &s->c->inds[k];
	size_t j;

	*num = 0;
	for (j = 0; j < ci->nnum; j++)
		if (r->val[ci->num[j]] > 0)
			*num += r->val[ci->num[j]];
	*den = r->val[ci->den] > 0 ? r->val[ci->den] : 0;
}

void stats_compute(struct stats *s, const struct stats *prev)
{
	const struct campaign *c = s->c;
	size_t i, k;

	/* totals are summed here again so a caller who edits rows stays right */
	if (!s->total.val)
		s->total.val = xcalloc(c->ncols ? c->ncols : 1, sizeof *s->total.val);
	if (!s->total.ind)
		s->total.ind = xcalloc(c->ninds ? c->ninds : 1, sizeof *s->total.ind);
	for (k = 0; k < c->ncols; k++)
		s->total.val[k] = s->has_col[k] ? 0 : -1;
	for (i = 0; i < s->n; i++)
		for (k = 0; k < c->ncols; k++)
			if (s->has_col[k] && s->rows[i].val[k] > 0)
				s->total.val[k] += s->rows[i].val[k];
	if (!s->total.name)
		s->total.name = xstrdup("Tổng cộng");
	s->has_prev = prev != NULL;
	if (prev) {
		s->prev_year = prev->year;
		s->prev_month = prev->month;
	}
	for (k = 0; k < c->ninds; k++) {
		int target = c->inds[k].target_tenths;
		long ptn = 0, ptd = 0;

		for (i = 0; i < s->n; i++) {
			struct stats_row *r = &s->rows[i];
			struct stats_value *v = &r->ind[k];
			const struct stats_row *p;

			memset(v, 0, sizeof *v);
			value_of(s, r, k, &v->num, &v->den);
			value_compute(v, target);
			if (prev && (p = stats_find(prev, r->name))) {
				long pn, pd;

				value_of(prev, p, k, &pn, &pd);
				value_prev(v, pn, pd);
			}
		}
		{
			struct stats_value *v = &s->total.ind[k];

			memset(v, 0, sizeof *v);
			value_of(s, &s->total, k, &v->num, &v->den);
			value_compute(v, target);
		}
		if (prev && k < prev->c->ninds) {
			for (i = 0; i < prev->n; i++) {
				long pn, pd;

				value_of(prev, &prev->rows[i], k, &pn, &pd);
				ptn += pn;
				ptd += pd;
			}
			value_prev(&s->total.ind[k], ptn, ptd);
		}
	}
	/* once per file, for every indicator: a report per unit draws a chart
	 * for each of thousands of units */
	stats_orders_free(s);
	s->norder = s->c->ninds;
	s->order = xcalloc(s->norder ? s->norder : 1, sizeof *s->order);
	for (k = 0; k < s->norder; k++)
		s->order[k] = stats_sort_by_rate(s, k);
}

/* Names are compared as a clerk would: NFC (done by the reader), no case,
 * spaces collapsed. Returns a new key; caller frees. */
static char *name_key(const char *name)
{
	char *low = utf8_lower(name);
	char *p, *q;
	int space = 0;

	for (p = q = low; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			space = q != low;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = 0;
		*q++ = *p;
	}
	*q = '\0';
	return low;
}

static size_t hash_str(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void index_put(struct stats *s, size_t i)
{
	char *key = name_key(s->rows[i].name);
	size_t h = hash_str(key) & (s->index_cap - 1);

	while (s->index[h])
		h = (h + 1) & (s->index_cap - 1);
	s->index[h] = i + 1;
	free(key);
}

/* Brings the name index up to date: the reader calls stats_find while it
 * adds rows, so new rows are added, and the table doubles when half full.
 * Cells hold row + 1 (0 = empty). */
static void index_update(struct stats *s)
{
	size_t i;

	if (!s->index || s->index_cap < s->n * 2 + 2) {
		size_t cap = 16;

		while (cap < s->n * 2 + 2)
			cap *= 2;
		free(s->index);
		s->index = xcalloc(cap, sizeof *s->index);
		s->index_cap = cap;
		s->indexed = 0;
	}
	for (i = s->indexed; i < s->n; i++)
		index_put(s, i);
	s->indexed = s->n;
}

const struct stats_row *stats_find(const struct stats *cs, const char *name)
{
	/* the index is a cache: building it does not change what s means */
	struct stats *s = (struct stats *)cs;
	const struct stats_row *found = NULL;
	char *key;
	size_t h;

	if (!s || s->n == 0)
		return NULL;
	if (s->indexed != s->n)
		index_update(s);
	key = name_key(name);
	for (h = hash_str(key) & (s->index_cap - 1); s->index[h]; h = (h + 1) & (s->index_cap - 1)) {
		size_t i = s->index[h] - 1;
		char *other;

		if (i >= s->n)
			continue;
		other = name_key(s->rows[i].name);
		if (strcmp(other, key) == 0)
			found = &s->rows[i];
		free(other);
		if (found)
			break;
	}
	free(key);
	return found;
}

int stats_compare(const struct stats *cur, const struct stats *prev)
{
	const struct campaign *c = cur ? cur->c : NULL;
	int warnings = 0;
	size_t i, k;

	if (!cur || !prev)
		return 0;
	if (cur->year && prev->year &&
	    prev->year * 12 + prev->month >= cur->year * 12 + cur->month) {
		diag_warning(pos_file(prev->path),
			"the previous month's file (%02d/%d) is not earlier than %s (%02d/%d); "
			"check so_lieu and so_lieu_truoc",
			prev->month, prev->year, cur->path, cur->month, cur->year);
		warnings++;
	}
	for (i = 0; i < prev->n; i++) {
		const struct stats_row *p = &prev->rows[i];

		if (!stats_find(cur, p->name)) {
			struct pos at = { cur->path, 0, 0 };

			diag_warning(at,
				"%s %s is missing: it was in %s (row %d); add its row if it was left out",
				c->unit, p->name, prev->path, p->line);
			warnings++;
		}
	}
	for (k = 0; k < c->ninds && k < prev->c->ninds; k++) {
		const struct campaign_ind *ci = &c->inds[k];
		long ctotal = 0, ptotal = 0;
		char a[STATS_FMT_MAX], b[STATS_FMT_MAX];
		struct buf cols;

		/* the columns to look at: "vnpt_smartca + viettel_mysign + khac" */
		buf_init(&cols);
		for (i = 0; i < ci->nnum; i++)
			buf_printf(&cols, "%s%s", i ? " + " : "", c->cols[ci->num[i]].key);

		for (i = 0; i < prev->n; i++) {
			long n, d;

			value_of(prev, &prev->rows[i], k, &n, &d);
			ptotal += n;
		}
		for (i = 0; i < cur->n; i++) {
			const struct stats_row *r = &cur->rows[i];
			const struct stats_row *p = stats_find(prev, r->name);
			long n, d, pn, pd;

			value_of(cur, r, k, &n, &d);
			ctotal += n;
			if (!p)
				continue;
			value_of(prev, p, k, &pn, &pd);
			if (n < pn) {
				struct pos at = { cur->path, r->line, cur->col_name };

				diag_warning(at, "%s %s: %s fell from %s in %s to %s; check the numbers",
					c->unit, r->name, buf_str(&cols), stats_format_int(pn, a), prev->path,
					stats_format_int(n, b));
				warnings++;
			}
		}
		if (ctotal < ptotal) {
			diag_warning(pos_file(cur->path),
				"the commune's total of %s fell from %s in %s to %s; check the numbers",
				buf_str(&cols), stats_format_int(ptotal, a), prev->path, stats_format_int(ctotal, b));
			warnings++;
		}
		buf_free(&cols);
	}
	return warnings;
}

int stats_parse_target(const char *text, struct pos at, int *tenths)
{
	const char *p = text;
	long whole = 0, frac = 0;
	int digits = 0, fdigits = 0;

	while (*p == ' ')
		p++;
	if (p[0] == '0' && (p[1] == '.' || p[1] == ',') && isdigit((unsigned char)p[2]) && !strchr(p, '%')) {
		/* "0.4": a share as Excel writes a percentage cell; 40 %, said so */
		long v = 0, scale = 1000;
		const char *q;
		for (q = p + 2; isdigit((unsigned char)*q) && scale > 1; q++, scale /= 10)
			v = v * 10 + (*q - '0');
		while (*q == ' ')
			q++;
		if (!*q && v * scale >= 10) {
			char pc[16];
			*tenths = (int)(v * scale);
			if (*tenths % 10)
				snprintf(pc, sizeof pc, "%d,%d", *tenths / 10, *tenths % 10);
			else
				snprintf(pc, sizeof pc, "%d", *tenths / 10);
			diag_warning(at, "muc_tieu \"%s\" is read as %s%% (a share, as Excel writes a percentage); "
				     "write the per cent to be sure: muc_tieu: %s", text, pc, pc);
			return 0;
		}
	}
	for (; isdigit((unsigned char)*p) && digits < 4; p++, digits++)
		whole = whole * 10 + (*p - '0');
	if ((*p == ',' || *p == '.') && digits) {
		p++;
		/* one decimal is kept; a second must be 0 to be exact */
		for (; isdigit((unsigned char)*p) && fdigits < 3; p++, fdigits++)
			if (fdigits == 0)
				frac = *p - '0';
			else if (*p != '0')
				goto bad;
		if (!fdigits)
			goto bad;
	}
	while (*p == ' ')
		p++;
	if (*p == '%')
		p++;
	while (*p == ' ')
		p++;
	if (!digits || *p)
		goto bad;
	if (whole * 10 + frac < 10 || whole * 10 + frac > 1000)
		goto bad;
	*tenths = (int)(whole * 10 + frac);
	return 0;
bad:
	diag_error(at, "muc_tieu \"%s\" is not a percentage between 1 and 100; write for example 50 or 47,5",
		text);
	return -1;
}

/* Row indices by the rate of indicator ind, highest first, ties in file
 * order. Caller frees. */
static size_t *stats_sort_by_rate(const struct stats *s, size_t ind)
{
	size_t *order = xmalloc((s->n ? s->n : 1) * sizeof *order);
	size_t i, j;

	for (i = 0; i < s->n; i++)
		order[i] = i;
	/* a stable merge sort comparing the fractions exactly (qsort is not
	 * stable, and rates compared as doubles could tie wrongly) */
	{
		struct key { long long num, den; size_t i; } *k = xmalloc((s->n ? s->n : 1) * sizeof *k);

		for (i = 0; i < s->n; i++) {
			k[i].num = s->rows[i].ind[ind].num;
			k[i].den = s->rows[i].ind[ind].den;
			k[i].i = i;
		}
		{
			struct key *tmp = xmalloc((s->n ? s->n : 1) * sizeof *tmp);
			size_t w;

			for (w = 1; w < s->n; w *= 2) {
				for (i = 0; i < s->n; i += 2 * w) {
					size_t lo = i, mid = i + w < s->n ? i + w : s->n;
					size_t hi = i + 2 * w < s->n ? i + 2 * w : s->n;
					size_t a = lo, b = mid, o = lo;

					while (a < mid && b < hi) {
						/* a first unless b's rate is strictly higher */
						if (k[b].num * k[a].den > k[a].num * k[b].den)
							tmp[o++] = k[b++];
						else
							tmp[o++] = k[a++];
					}
					while (a < mid)
						tmp[o++] = k[a++];
					while (b < hi)
						tmp[o++] = k[b++];
				}
				memcpy(k, tmp, s->n * sizeof *k);
			}
			free(tmp);
		}
		for (j = 0; j < s->n; j++)
			order[j] = k[j].i;
		free(k);
	}
	return order;
}

char *stats_format_int(long v, char *out)
{
	char digits[24];
	int n, i, o = 0;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	n = snprintf(digits, sizeof digits, "%lu", u);
	if (v < 0)
		out[o++] = '-';
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = '.';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

char *stats_format_tenths(long tenths, char *out)
{
	unsigned long u = tenths < 0 ? 0UL - (unsigned long)tenths : (unsigned long)tenths;
	size_t o = 0;

	/* at most "-9.223.372.036.854.775.80,7": 27 bytes, under STATS_FMT_MAX */
	if (tenths < 0)
		out[o++] = '-';
	stats_format_int((long)(u / 10), out + o);
	o = strlen(out);
	out[o++] = ',';
	out[o++] = (char)('0' + u % 10);
	out[o] = '\0';
	return out;
}

char *stats_format_change(long tenths, char *out)
{
	if (tenths > 0) {
		out[0] = '+';
		stats_format_tenths(tenths, out + 1);
		return out;
	}
	return stats_format_tenths(tenths, out);
}

char *stats_format_rate(double percent, char *out)
{
	/* 38.45 is 38.4499999… in binary: the tolerance restores the decimal
	 * value the caller meant before rounding half up */
	double t = floor(percent * 10.0 + 0.5 + 1e-9);

	return stats_format_tenths((long)t, out);
}

char *stats_format_month(const struct stats *s, char *out)
{
	if (s && s->month)
		snprintf(out, STATS_FMT_MAX, "%02d/%d", s->month, s->year);
	else
		out[0] = '\0';
	return out;
}

char *stats_slug(const char *name)
{
	char *fold = utf8_ascii_words(name, '-');

	if (!*fold) {
		free(fold);
		return xstrdup("xom");
	}
	return fold;
}

const size_t *stats_order_by_rate(const struct stats *s, size_t ind)
{
	return ind < s->norder ? s->order[ind] : NULL;
}

/* Statistics model: arithmetic on integer counts, exact rounding, the
 * Vietnamese number format, and month-to-month checks. Reading the CSV is
 * in src/read/csv.c. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stats.h"
#include "../util/util.h"
#include "../util/utf8.h"

const char *const stats_provider_keys[STATS_NPROV] = {
	"vnpt_smartca", "viettel_mysign", "khac"
};
const char *const stats_provider_names[STATS_NPROV] = {
	"VNPT SmartCA", "Viettel MySign", "Khác"
};

void stats_free(struct stats *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->rows[i].name);
	free(s->rows);
	free(s->total.name);
	free(s->index);
	free(s->path);
	free(s);
}

/* Rounds num/den×1000 half up using integers only: the rate 38,45 % of
 * 769/2000 must print "38,5", which a double would get wrong one time in
 * many. Counts are capped at STATS_MAX_COUNT, so ×2000 fits in a long long. */
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

double stats_rate(const struct stats_row *r)
{
	return r->adults > 0 ? 100.0 * (double)r->total / (double)r->adults : 0.0;
}

/* Signatures still needed: ceil(target × adults) − total, at least 0. */
static long needed_for(long total, long adults, int target_tenths)
{
	long long want = ((long long)target_tenths * adults + 999) / 1000;

	return want > total ? (long)(want - total) : 0;
}

static void row_compute(struct stats_row *r, int target_tenths)
{
	r->rate_tenths = stats_rate_tenths(r->total, r->adults);
	r->reached = (long long)r->total * 1000 >= (long long)target_tenths * r->adults;
	r->needed = needed_for(r->total, r->adults, target_tenths);
}

void stats_compute(struct stats *s, const struct stats *prev, int target_tenths)
{
	size_t i;
	int k;

	s->target_tenths = target_tenths;
	/* totals are summed here again so a caller who edits rows stays right */
	s->total.adults = 0;
	s->total.total = 0;
	s->total.level2 = s->has_level2 ? 0 : -1;
	for (k = 0; k < STATS_NPROV; k++)
		s->total.prov[k] = s->has_prov[k] ? 0 : -1;
	for (i = 0; i < s->n; i++) {
		struct stats_row *r = &s->rows[i];

		s->total.adults += r->adults;
		s->total.total += r->total;
		for (k = 0; k < STATS_NPROV; k++)
			if (s->has_prov[k])
				s->total.prov[k] += r->prov[k];
		if (s->has_level2 && r->level2 > 0)
			s->total.level2 += r->level2;
		row_compute(r, target_tenths);
		r->has_prev = 0;
		r->prev_total = 0;
		r->prev_rate_tenths = 0;
		r->change_tenths = 0;
		if (prev) {
			const struct stats_row *p = stats_find(prev, r->name);

			if (p) {
				r->has_prev = 1;
				r->prev_total = p->total;
				r->prev_rate_tenths = stats_rate_tenths(p->total, p->adults);
				r->change_tenths = r->rate_tenths - r->prev_rate_tenths;
			}
		}
	}
	if (!s->total.name)
		s->total.name = xstrdup("Tổng cộng");
	s->total.line = 0;
	if (s->total.adults > 0)
		row_compute(&s->total, target_tenths);
	s->has_prev = prev != NULL;
	s->total.has_prev = 0;
	s->total.change_tenths = 0;
	if (prev) {
		long padults = 0, ptotal = 0;

		for (i = 0; i < prev->n; i++) {
			padults += prev->rows[i].adults;
			ptotal += prev->rows[i].total;
		}
		s->prev_year = prev->year;
		s->prev_month = prev->month;
		if (padults > 0) {
			s->total.has_prev = 1;
			s->total.prev_total = ptotal;
			s->total.prev_rate_tenths = stats_rate_tenths(ptotal, padults);
			s->total.change_tenths = s->total.rate_tenths - s->total.prev_rate_tenths;
		}
	}
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
	int warnings = 0;
	long ctotal = 0, ptotal = 0;
	size_t i;

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

		ptotal += p->total;
		if (!stats_find(cur, p->name)) {
			struct pos at = { cur->path, 0, 0 };

			diag_warning(at,
				"xóm %s is missing: it was in %s (row %d); add its row if it was left out",
				p->name, prev->path, p->line);
			warnings++;
		}
	}
	for (i = 0; i < cur->n; i++) {
		const struct stats_row *r = &cur->rows[i];
		const struct stats_row *p = stats_find(prev, r->name);
		char a[STATS_FMT_MAX], b[STATS_FMT_MAX];

		ctotal += r->total;
		if (p && r->total < p->total) {
			struct pos at = { cur->path, r->line, cur->col_name };

			diag_warning(at,
				"the signatures of xóm %s fell from %s in %s to %s; check the numbers",
				r->name, stats_format_int(p->total, a), prev->path,
				stats_format_int(r->total, b));
			warnings++;
		}
	}
	if (ctotal < ptotal) {
		char a[STATS_FMT_MAX], b[STATS_FMT_MAX];

		diag_warning(pos_file(cur->path),
			"the commune's total of signatures fell from %s in %s to %s; check the numbers",
			stats_format_int(ptotal, a), prev->path, stats_format_int(ctotal, b));
		warnings++;
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
	if (whole * 10 + frac < 1 || whole * 10 + frac > 1000)
		goto bad;
	*tenths = (int)(whole * 10 + frac);
	return 0;
bad:
	diag_error(at, "muc_tieu \"%s\" is not a percentage between 1 and 100; write for example 50 or 47,5",
		text);
	return -1;
}

size_t *stats_order_by_rate(const struct stats *s)
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
			k[i].num = s->rows[i].total;
			k[i].den = s->rows[i].adults;
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
	char *fold = utf8_ascii_fold(name);
	char *p, *q;
	int dash = 0;

	for (p = q = fold; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (isalnum(c) && c < 128) {
			if (dash && q != fold)
				*q++ = '-';
			dash = 0;
			*q++ = (char)tolower(c);
		} else {
			dash = 1;
		}
	}
	*q = '\0';
	if (!*fold) {
		free(fold);
		return xstrdup("xom");
	}
	return fold;
}

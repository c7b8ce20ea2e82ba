/* {{name}} substitution of statistics figures into document text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "figures.h"
#include "../util/utf8.h"
#include "../util/util.h"

/* The names with what each needs: the totals need statistics, xom.* a
 * current hamlet too. Order matters only for "did you mean". */
enum fig_need { NEED_STATS, NEED_HAMLET, NEED_MONTH };

struct fig_name {
	const char *name;
	enum fig_need need;
};

static const struct fig_name fig_table[] = {
	{ "tong.ty_le", NEED_STATS }, { "tong.co_cks", NEED_STATS },
	{ "tong.dan_so", NEED_STATS }, { "tong.con_thieu", NEED_STATS },
	{ "tong.thay_doi", NEED_STATS }, { "tong.so_xom", NEED_STATS },
	{ "tong.so_xom_dat", NEED_STATS }, { "muc_tieu", NEED_STATS },
	{ "thang", NEED_MONTH }, { "nam", NEED_MONTH }, { "thang_nam", NEED_MONTH },
	{ "xom.ten", NEED_HAMLET }, { "xom.ty_le", NEED_HAMLET },
	{ "xom.co_cks", NEED_HAMLET }, { "xom.dan_so", NEED_HAMLET },
	{ "xom.con_thieu", NEED_HAMLET }, { "xom.thay_doi", NEED_HAMLET },
	{ NULL, 0 }
};

const char *const figures_names[] = {
	"tong.ty_le", "tong.co_cks", "tong.dan_so", "tong.con_thieu", "tong.thay_doi",
	"tong.so_xom", "tong.so_xom_dat", "muc_tieu", "thang", "nam", "thang_nam",
	"xom.ten", "xom.ty_le", "xom.co_cks", "xom.dan_so", "xom.con_thieu", "xom.thay_doi",
	NULL
};

void figures_init(struct figures *f, const struct stats *s)
{
	f->s = s;
	f->current = -1;
}

void figures_set_hamlet(struct figures *f, long i)
{
	f->current = f->s && i >= 0 && (size_t)i < f->s->n ? i : -1;
}

int figures_present(const char *text)
{
	return text && strstr(text, "{{") != NULL;
}


/* The value of a known figure into out, or NULL (with the reason reported)
 * when the document cannot have it. */
static const char *fig_value(const struct fig_name *fn, const struct figures *f,
		struct pos at, char *out)
{
	const struct stats *s = f ? f->s : NULL;
	const struct stats_row *r;
	const char *n = fn->name;

	if (!s) {
		diag_error(at, "{{%s}} needs statistics: add so_lieu: with the month's CSV file "
			"to the front matter", n);
		return NULL;
	}
	if (fn->need == NEED_MONTH && !s->month) {
		diag_error(at, "{{%s}} takes the month from the data file's name, but %s has no "
			"month in its name; name it like 2025-02.csv", n, s->path);
		return NULL;
	}
	if (fn->need == NEED_HAMLET && f->current < 0) {
		diag_error(at, "{{%s}} is a figure of one hamlet and needs moi_xom: true "
			"in the front matter (one output per hamlet)", n);
		return NULL;
	}
	r = fn->need == NEED_HAMLET ? &s->rows[f->current] : &s->total;
	if (!strcmp(n, "muc_tieu")) {
		/* "50", or "47,5" when the target has a decimal */
		if (s->target_tenths % 10)
			return stats_format_tenths(s->target_tenths, out);
		return stats_format_int(s->target_tenths / 10, out);
	}
	if (!strcmp(n, "thang")) {
		snprintf(out, STATS_FMT_MAX, "%d", s->month);
		return out;
	}
	if (!strcmp(n, "nam")) {
		snprintf(out, STATS_FMT_MAX, "%d", s->year);
		return out;
	}
	if (!strcmp(n, "thang_nam"))
		return stats_format_month(s, out);
	if (!strcmp(n, "tong.so_xom"))
		return stats_format_int((long)s->n, out);
	if (!strcmp(n, "tong.so_xom_dat")) {
		long k = 0;
		size_t i;

		for (i = 0; i < s->n; i++)
			k += s->rows[i].reached;
		return stats_format_int(k, out);
	}
	n = strchr(n, '.') + 1;
	if (!strcmp(n, "ten"))
		return r->name;
	if (!strcmp(n, "ty_le"))
		return stats_format_tenths(r->rate_tenths, out);
	if (!strcmp(n, "co_cks"))
		return stats_format_int(r->total, out);
	if (!strcmp(n, "dan_so"))
		return stats_format_int(r->adults, out);
	if (!strcmp(n, "con_thieu"))
		return stats_format_int(r->needed, out);
	if (!strcmp(n, "thay_doi")) {
		if (!r->has_prev) {
			diag_error(at, "{{%s}} needs the previous month: add so_lieu_truoc: "
				"to the front matter", fn->name);
			return NULL;
		}
		return stats_format_change(r->change_tenths, out);
	}
	return NULL; /* not reached: every table name is handled above */
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

char *figures_expand(const char *text, const struct figures *f, struct pos at)
{
	struct buf b;
	struct pos p = at;
	const char *done = text, *q;
	char *ret = NULL;
	int errors = 0;

	buf_init(&b);
	if (p.line > 0 && p.col <= 0)
		p.col = 1;
	while ((q = strstr(done, "{{"))) {
		const char *s = q + 2, *e, *end;
		char name[64], out[STATS_FMT_MAX];
		const struct fig_name *fn;
		const char *v = NULL;
		size_t len;
		struct pos here;

		buf_add(&b, done, (size_t)(q - done));
		advance(&p, done, q);
		here = p;
		while (*s == ' ')
			s++;
		for (e = s; name_char(*e); e++)
			;
		end = e;
		while (*end == ' ')
			end++;
		if (end[0] != '}' || end[1] != '}') {
			const char *nl = strchr(q, '\n');
			const char *close = strstr(q + 2, "}}");

			if (close && (!nl || close < nl))
				diag_error(here, "\"%.*s\" is not a figure name: names are written like "
					"{{tong.ty_le}}, with letters, digits, \"_\" and \".\"",
					(int)(close + 2 - q), q);
			else
				diag_error(here, "\"{{\" opens a figure but no \"}}\" closes it on this "
					"line; write it like {{tong.ty_le}}");
			errors++;
			buf_add(&b, "{{", 2);
			advance(&p, q, q + 2);
			done = q + 2;
			continue;
		}
		len = (size_t)(e - s);
		end += 2;
		if (len >= sizeof name)
			len = sizeof name - 1;
		memcpy(name, s, len);
		name[len] = '\0';
		for (fn = fig_table; fn->name; fn++)
			if (!strcmp(fn->name, name))
				break;
		if (!fn->name) {
			const struct fig_name *near = NULL;
			size_t best = (size_t)-1, d;
			const struct fig_name *g;

			for (g = fig_table; g->name; g++)
				if ((d = str_distance(name, g->name)) < best) {
					best = d;
					near = g;
				}
			if (near && best <= strlen(name) / 2 + 1)
				diag_error(here, "unknown figure {{%s}}; did you mean {{%s}}?", name,
					near->name);
			else
				diag_error(here, "unknown figure {{%s}}; the figures are {{tong.ty_le}}, "
					"{{tong.co_cks}}, {{tong.dan_so}}, {{tong.con_thieu}}, {{muc_tieu}}, "
					"{{thang}}, {{nam}} and {{xom.ten}}, {{xom.ty_le}}, … for one hamlet",
					name);
			errors++;
		} else if ((v = fig_value(fn, f, here, out))) {
			buf_adds(&b, v);
		} else {
			errors++;
		}
		advance(&p, q, end);
		done = end;
	}
	buf_adds(&b, done);
	if (!errors)
		ret = buf_take(&b);
	buf_free(&b);
	return ret;
}

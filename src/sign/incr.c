/* The incremental update writer (incr.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "incr.h"
#include "../util/utf8.h"

void incr_begin(struct incr *u, struct tail *t)
{
	memset(u, 0, sizeof *u);
	u->t = t;
	buf_init(&u->out);
	buf_add(&u->out, t->p, t->n);
	if (t->n && t->p[t->n - 1] != '\n' && t->p[t->n - 1] != '\r')
		buf_addc(&u->out, '\n');
	u->next = tail_size(t);
}

long incr_new(struct incr *u)
{
	return u->next++;
}

void incr_obj_begin(struct incr *u, long num)
{
	long gen = 0;

	if (tail_offset(u->t, num, &gen) < 0)
		gen = 0;
	if (u->n == u->cap) {
		u->cap = u->cap ? u->cap * 2 : 16;
		u->v = xrealloc(u->v, u->cap * sizeof *u->v);
	}
	u->v[u->n].num = num;
	u->v[u->n].gen = gen;
	u->v[u->n].off = u->out.len;
	u->n++;
	buf_printf(&u->out, "%ld %ld obj\n", num, gen);
}

void incr_obj_end(struct incr *u)
{
	buf_adds(&u->out, "\nendobj\n");
}

void incr_stream(struct incr *u, long num, const char *dict, const void *data, size_t n)
{
	incr_obj_begin(u, num);
	buf_printf(&u->out, "<<%s /Length %zu>>\nstream\n", dict, n);
	buf_add(&u->out, data, n);
	buf_adds(&u->out, "\nendstream");
	incr_obj_end(u);
}

static int obj_cmp(const void *a, const void *b)
{
	const struct incr_obj *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

void incr_finish(struct incr *u)
{
	const struct tail_val *root = tail_dict(&u->t->trailer, "Root");
	const struct tail_val *info = tail_dict(&u->t->trailer, "Info");
	const struct tail_val *id = tail_dict(&u->t->trailer, "ID");
	size_t xref = u->out.len, i, j;
	long size = tail_size(u->t);

	if (u->n > 1)
		qsort(u->v, u->n, sizeof *u->v, obj_cmp);
	buf_adds(&u->out, "xref\n");
	for (i = 0; i < u->n; i = j) {
		for (j = i + 1; j < u->n && u->v[j].num == u->v[j - 1].num + 1; j++)
			;
		buf_printf(&u->out, "%ld %zu\n", u->v[i].num, j - i);
		for (; i < j; i++)
			buf_printf(&u->out, "%010zu %05ld n\r\n", u->v[i].off, u->v[i].gen);
	}
	if (u->next > size)
		size = u->next;
	buf_printf(&u->out, "trailer\n<< /Size %ld /Root ", size);
	pdfw_value(&u->out, root);
	if (info) {
		buf_adds(&u->out, " /Info ");
		pdfw_value(&u->out, info);
	}
	if (id) {
		buf_adds(&u->out, " /ID ");
		pdfw_value(&u->out, id);
	}
	buf_printf(&u->out, " /Prev %zu >>\nstartxref\n%zu\n%%%%EOF\n", u->t->revs[0].xref_off, xref);
}

void incr_fini(struct incr *u)
{
	buf_free(&u->out);
	free(u->v);
	memset(u, 0, sizeof *u);
}

int incr_array_has(const struct tail_val *a, long num)
{
	size_t i;

	for (i = 0; a && a->type == TV_ARRAY && i < a->n; i++)
		if (a->v[i].type == TV_REF && a->v[i].ref == num)
			return 1;
	return 0;
}

void incr_append_refs(struct incr *u, long obj, const char *key, const long *nums, size_t n)
{
	struct tail *t = u->t;
	const struct tail_val *d = tail_object(t, obj), *raw = tail_dict(d, key), *arr = tail_get(t, raw);
	const char *drop[2] = { key, NULL };
	size_t i;

	if (raw && raw->type == TV_REF && arr && arr->type == TV_ARRAY) {
		incr_obj_begin(u, raw->ref);
		buf_addc(&u->out, '[');
	} else {
		incr_obj_begin(u, obj);
		pdfw_dict_open(&u->out, d, drop);
		buf_printf(&u->out, "/%s [", key);
	}
	for (i = 0; arr && arr->type == TV_ARRAY && i < arr->n; i++) {
		pdfw_value(&u->out, &arr->v[i]);
		buf_addc(&u->out, ' ');
	}
	for (i = 0; i < n; i++)
		buf_printf(&u->out, "%s%ld 0 R", i ? " " : "", nums[i]);
	buf_adds(&u->out, raw && raw->type == TV_REF && arr && arr->type == TV_ARRAY ? "]" : "] >>");
	incr_obj_end(u);
}

/* ---- PDF syntax ---- */

void pdfw_num(struct buf *b, double v)
{
	char tmp[64];
	size_t k;

	if (v > -0.0005 && v < 0.0005)
		v = 0;
	snprintf(tmp, sizeof tmp, "%.3f", v);
	k = strlen(tmp);
	while (k > 0 && tmp[k - 1] == '0')
		tmp[--k] = '\0';
	if (k > 0 && tmp[k - 1] == '.')
		tmp[--k] = '\0';
	buf_adds(b, tmp);
}

static void pdfw_name(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_addc(b, '/');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7F || strchr("()<>[]{}/%#", c))
			buf_printf(b, "#%02X", c);
		else
			buf_addc(b, (char)c);
	}
}

static void pdfw_hex(struct buf *b, const char *s, size_t n)
{
	size_t i;

	buf_addc(b, '<');
	for (i = 0; i < n; i++)
		buf_printf(b, "%02X", (unsigned char)s[i]);
	buf_addc(b, '>');
}

void pdfw_value(struct buf *b, const struct tail_val *v)
{
	size_t i;

	if (!v) {
		buf_adds(b, "null");
		return;
	}
	switch (v->type) {
	case TV_NULL:
		buf_adds(b, "null");
		break;
	case TV_BOOL:
		buf_adds(b, v->num ? "true" : "false");
		break;
	case TV_NUM:
		if (v->num == (double)(long long)v->num && v->num < 1e15 && v->num > -1e15)
			buf_printf(b, "%lld", (long long)v->num);
		else
			pdfw_num(b, v->num);
		break;
	case TV_STR:
		pdfw_hex(b, v->str, v->len);
		break;
	case TV_NAME:
		pdfw_name(b, v->str, v->len);
		break;
	case TV_REF:
		buf_printf(b, "%ld %ld R", v->ref, v->gen);
		break;
	case TV_ARRAY:
		buf_addc(b, '[');
		for (i = 0; i < v->n; i++) {
			if (i)
				buf_addc(b, ' ');
			pdfw_value(b, &v->v[i]);
		}
		buf_addc(b, ']');
		break;
	case TV_DICT:
		pdfw_dict_open(b, v, NULL);
		buf_adds(b, ">>");
		break;
	}
}

void pdfw_dict_open(struct buf *b, const struct tail_val *d, const char *const *drop)
{
	size_t i, k;

	buf_adds(b, "<<");
	for (i = 0; d && d->type == TV_DICT && i + 1 < d->n; i += 2) {
		for (k = 0; drop && drop[k]; k++)
			if (strcmp(d->v[i].str, drop[k]) == 0)
				break;
		if (drop && drop[k])
			continue;
		pdfw_value(b, &d->v[i]);
		buf_addc(b, ' ');
		pdfw_value(b, &d->v[i + 1]);
		buf_addc(b, ' ');
	}
}

void pdfw_text(struct buf *b, const char *s)
{
	const char *p;
	int plain = 1;

	for (p = s; *p; p++)
		if ((unsigned char)*p < ' ' || (unsigned char)*p >= 0x7F)
			plain = 0;
	if (plain) {
		buf_addc(b, '(');
		for (p = s; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				buf_addc(b, '\\');
			buf_addc(b, *p);
		}
		buf_addc(b, ')');
		return;
	}
	buf_adds(b, "<FEFF");
	for (p = s; *p;) {
		uint32_t cp;
		p += utf8_decode(p, &cp);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			buf_printf(b, "%04X%04X", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
		} else {
			buf_printf(b, "%04X", cp);
		}
	}
	buf_addc(b, '>');
}

/* The lexicon: abbreviations, names and links with the way they are read
 * aloud. Built in (lexicon_default.c: the abbreviations of state
 * administration, the providers' and apps' names), then the commune's
 * tu-dien-loa.txt files, a later one replacing an earlier entry. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "internal.h"
#include "../util/diag.h"
#include "../util/utf8.h"

struct speak *speak_new(int southern)
{
	struct speak *sp = xcalloc(1, sizeof *sp);

	sp->southern = southern;
	lexicon_builtin(sp);
	return sp;
}

void speak_free(struct speak *sp)
{
	size_t i;

	if (!sp)
		return;
	for (i = 0; i < sp->n; i++) {
		free(sp->e[i].key);
		free(sp->e[i].val);
	}
	free(sp->e);
	free(sp);
}

void speak_set_nobreak(struct speak *sp, int on)
{
	sp->nobreak = on;
}

static int entry_before(const struct entry *a, const struct entry *b)
{
	unsigned char fa = (unsigned char)a->key[0], fb = (unsigned char)b->key[0];

	if (fa != fb)
		return fa < fb;
	return a->klen > b->klen;
}

static void reindex(struct speak *sp)
{
	size_t i, b = 0;

	for (i = 0; i < sp->n; i++) {
		unsigned char f = (unsigned char)sp->e[i].key[0];
		while (b <= f)
			sp->first[b++] = i;
	}
	while (b <= 256)
		sp->first[b++] = sp->n;
}

const struct entry *lexicon_find(const struct speak *sp, const char *key, size_t klen)
{
	unsigned char f;
	size_t i;

	if (klen == 0)
		return NULL;
	f = (unsigned char)key[0];
	for (i = sp->first[f]; i < sp->first[f + 1]; i++)
		if (sp->e[i].klen == klen && memcmp(sp->e[i].key, key, klen) == 0)
			return &sp->e[i];
	return NULL;
}

/* Adds or replaces key; returns 1 when it replaced an entry of the same
 * source (a line repeated in one file). The index is rebuilt by the caller
 * (reindex) once a whole file is in. */
static int lexicon_put(struct speak *sp, const char *key, const char *val, int source)
{
	struct entry *old = (struct entry *)lexicon_find(sp, key, strlen(key)), ne;
	size_t i;
	int same;

	if (!key[0])
		return 0;
	if (old) {
		same = old->source == source;
		free(old->val);
		old->val = xstrdup(val);
		old->source = source;
		return same;
	}
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 256;
		sp->e = xrealloc(sp->e, sp->cap * sizeof *sp->e);
	}
	ne.key = xstrdup(key);
	ne.klen = strlen(key);
	ne.val = xstrdup(val);
	ne.source = source;
	for (i = sp->n; i > 0 && entry_before(&ne, &sp->e[i - 1]); i--)
		sp->e[i] = sp->e[i - 1];
	sp->e[i] = ne;
	sp->n++;
	reindex(sp);
	return 0;
}

void speak_lexicon_add(struct speak *sp, const char *key, const char *spoken)
{
	char *k = utf8_nfc(key, strlen(key)), *v = utf8_nfc(spoken, strlen(spoken));

	lexicon_put(sp, k, v, sp->loads + 1);
	free(k);
	free(v);
}

void lexicon_add_builtin(struct speak *sp, const char *key, const char *spoken)
{
	lexicon_put(sp, key, spoken, 0);
}

const char *speak_lookup(const struct speak *sp, const char *key)
{
	const struct entry *e = lexicon_find(sp, key, strlen(key));

	return e ? e->val : NULL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

int speak_lexicon_load(struct speak *sp, const char *path)
{
	char *text = NULL, *nfc = NULL, *line, *next;
	size_t len;
	int lineno = 0, ret = -1, bad = 0, l, c, source = ++sp->loads;

	text = file_read(path, 16u << 20, &len);
	if (!text) {
		diag_error(pos_file(path), "cannot read the lexicon: %s", strerror(errno));
		goto out;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		memset(text, ' ', 3);   /* Notepad's BOM */
	if (utf8_check(text, len, &l, &c) != 0) {
		diag_error((struct pos){ path, l, c }, "the lexicon is not UTF-8 text; save it as UTF-8");
		goto out;
	}
	nfc = utf8_nfc(text, len);
	for (line = nfc; line; line = next) {
		char *eq, *key, *val, *hash, *ck, *cv;
		struct pos at = { path, ++lineno, 1 };

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		key = trim(line);
		if (!*key || *key == '#')
			continue;
		at.col = 1 + (int)(key - line);   /* only blanks before it */
		eq = strchr(key, '=');
		if (!eq) {
			diag_error(at, "this lexicon line has no \"=\": write the abbreviation, \"=\" and how it is "
				   "read aloud, e.g. \"UBND = Ủy ban nhân dân\"");
			bad = 1;
			continue;
		}
		*eq = '\0';
		val = trim(eq + 1);
		key = trim(key);
		/* a trailing " # note" is a comment; "#" inside a word is kept */
		if ((hash = strstr(val, " #")) != NULL) {
			*hash = '\0';
			val = trim(val);
		}
		if (!*key || !*val) {
			diag_error(at, "this lexicon line needs text on both sides of \"=\", "
				   "e.g. \"CCCD = căn cước công dân\"");
			bad = 1;
			continue;
		}
		/* the same hands as the text it is matched against */
		ck = tok_clean(key);
		cv = tok_clean(val);
		if (lexicon_put(sp, ck, cv, source))
			diag_warning(at, "\"%s\" is in the lexicon twice; this later line is the one used", ck);
		free(ck);
		free(cv);
	}
	ret = bad ? -1 : 0;
out:
	free(text);
	free(nfc);
	return ret;
}

/* The folders from root down to dir (dir's own last; only dir when it is
 * not under root or root is NULL); at most 16. Returns how many were put
 * in v (caller frees each). */
static int folders_down(const char *dir, const char *root, char **v)
{
	char *cur = realpath(dir, NULL), *top = root ? realpath(root, NULL) : NULL;
	char *chain[16];
	int n = 0, i, under;
	size_t tl = top ? strlen(top) : 0;

	if (!cur) {
		free(top);
		return 0;
	}
	under = top && strncmp(cur, top, tl) == 0 && (cur[tl] == '/' || cur[tl] == '\0' || tl == 1);
	chain[n++] = cur;
	while (under && n < 16 && strcmp(chain[n - 1], top) != 0 && strcmp(chain[n - 1], "/") != 0) {
		chain[n] = path_dir(chain[n - 1]);
		n++;
	}
	for (i = 0; i < n; i++)
		v[i] = chain[n - 1 - i];
	free(top);
	return n;
}

int speak_lexicon_beside(struct speak *sp, const char *dir, const char *root)
{
	char *v[16];
	int n = folders_down(dir, root, v), i, ret = 0;

	for (i = 0; i < n; i++) {
		char *p = path_join(v[i], SPEAK_LEXICON_NAME);
		file_note(p);   /* phat watch: a lexicon made here later counts */
		if (access(p, F_OK) == 0 && speak_lexicon_load(sp, p) != 0)
			ret = -1;
		free(p);
		free(v[i]);
	}
	return ret;
}

/* The entry for key[0..n): the commune's own (any source but the built-in
 * one) when commune is set, else any. */
static const struct entry *find_from(const struct speak *sp, const char *key, size_t n, int commune)
{
	const struct entry *e = lexicon_find(sp, key, n);

	return e && (!commune || e->source > 0) ? e : NULL;
}

const char *lexicon_url(const struct speak *sp, const char *url)
{
	char *u = xstrdup(url), *p, *host, *slash;
	const struct entry *e = NULL;
	size_t n;
	int commune;

	for (p = u; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	host = u;
	if (strncmp(host, "https://", 8) == 0)
		host += 8;
	else if (strncmp(host, "http://", 7) == 0)
		host += 7;
	if (strncmp(host, "www.", 4) == 0)
		host += 4;
	n = strlen(host);
	while (n > 0 && host[n - 1] == '/')
		host[--n] = '\0';
	/* the whole address first (one Zalo group may have its own phrase),
	 * then shorter and shorter paths, then the host and its parent
	 * domains; the commune's entries before the built-in ones, so its
	 * "zalo.me" wins over the built-in "zalo.me/g" */
	for (commune = 1; commune >= 0 && !e; commune--) {
		char *h = xstrdup(host);
		for (;;) {
			if ((e = find_from(sp, h, strlen(h), commune)) != NULL)
				break;
			slash = strrchr(h, '/');
			if (!slash)
				break;
			*slash = '\0';
		}
		for (p = h; !e && p; p = strchr(p, '.'), p = p ? p + 1 : NULL)
			e = find_from(sp, p, strlen(p), commune);
		if (!e && commune)
			e = find_from(sp, "(đường dẫn)", strlen("(đường dẫn)"), 1);
		free(h);
	}
	free(u);
	return e ? e->val : NULL;
}

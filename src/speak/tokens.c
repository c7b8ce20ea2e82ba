/* The first stage: pasted characters put right, then a line cut into
 * tokens. A token is a run of letters (a word), a run of digits, a run of
 * spaces, one punctuation character, a link or an e-mail address. "4G",
 * "T2", "km2" and "14h30" are several tokens; the tagger puts them back
 * together. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "../util/utf8.h"

int tok_is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return isalpha((int)cp);
	if (cp == 0xD7 || cp == 0xF7)
		return 0;
	return (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1E00 && cp <= 0x1EFF);
}

static int is_space(uint32_t cp)
{
	/* no-break spaces come from Word and from phat's own blanks */
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == '\r' || cp == 0x202F || cp == 0x2009;
}

/* Whether the word around p (between spaces) has a Latin letter. */
static int word_has_latin(const char *line, const char *p)
{
	const char *a = p, *q;
	uint32_t c;

	while (a > line && a[-1] != ' ' && a[-1] != '\t')
		a--;
	for (q = a; *q && *q != ' ' && *q != '\t';) {
		q += utf8_decode(q, &c);
		if (utf8_latin_letter(c))
			return 1;
	}
	return 0;
}

char *tok_clean(const char *line)
{
	struct buf b;
	const char *p = line;
	char enc[4];

	buf_init(&b);
	while (*p) {
		const char *at = p;
		uint32_t c, to;

		p += utf8_decode(p, &c);
		if (utf8_invisible(c))
			continue;
		to = utf8_lookalike_d(c);
		if (!to && (to = utf8_lookalike_latin(c)) && !word_has_latin(line, at))
			to = 0;
		if (c == 0x2212 || c == 0x2010 || c == 0x2011)
			to = '-';   /* minus sign, hyphens */
		if (to)
			buf_add(&b, enc, (size_t)utf8_encode(to, enc));
		else
			buf_add(&b, at, (size_t)(p - at));
	}
	/* dropping a soft hyphen may have joined the parts of a decomposed
	 * letter back to its base: normalise again */
	{
		char *s = buf_take(&b), *n;
		if (!s)
			return xstrdup("");
		n = utf8_nfc(s, strlen(s));
		free(s);
		return n;
	}
}

static const char *const tlds[] = { "vn", "com", "me", "net", "org", "gov", "edu", "info", "io", "ly", "link",
	"site", "online", "ai", "app", "dev", "asia", "biz", "tv", "co", "uk", "us", "int", NULL };

static int host_char(unsigned char c)
{
	return isalnum(c) || c == '-';
}

/* At a word boundary: nothing that could continue an address before p. */
static int boundary(const char *p, const char *line)
{
	unsigned char b;

	if (p == line)
		return 1;
	b = (unsigned char)p[-1];
	return !(isalnum(b) || b == '.' || b == '/' || b == '@' || b == '-' || b == '_' || b >= 0x80);
}

/* Length of a host starting at p whose last label is letters ("tanthanh.gov.vn");
 * *dots its dots, *last where its last label starts. 0 when none. */
static size_t host_len(const char *p, int *dots, size_t *last)
{
	const char *q = p;
	size_t label = 0;

	*dots = 0;
	*last = 0;
	for (;; q++) {
		if (host_char((unsigned char)*q)) {
			label++;
		} else if (*q == '.' && label > 0 && host_char((unsigned char)q[1])) {
			(*dots)++;
			*last = (size_t)(q + 1 - p);
			label = 0;
		} else {
			break;
		}
	}
	return (size_t)(q - p);
}

/* Length of a link at p (0 when none): with a scheme or "www.", or a bare
 * host ending in a known top-level domain ("dichvucong.gov.vn"). */
static size_t url_len(const char *p, const char *line)
{
	size_t n = 0, last;
	int dots, i;

	if (!boundary(p, line))
		return 0;
	if (strncasecmp(p, "http://", 7) == 0 || strncasecmp(p, "https://", 8) == 0 ||
	    strncasecmp(p, "www.", 4) == 0)
		goto path;
	if (!isalnum((unsigned char)*p))
		return 0;
	n = host_len(p, &dots, &last);
	if (dots == 0)
		return 0;
	/* the host must end at a word boundary, in a known domain */
	if ((unsigned char)p[n] >= 0x80 || p[n] == '@')
		return 0;
	for (i = 0; tlds[i]; i++)
		if (n - last == strlen(tlds[i]) && strncasecmp(p + last, tlds[i], n - last) == 0)
			break;
	if (!tlds[i])
		return 0;
	if (p[n] != '/')
		return n;
path:
	while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '<' && p[n] != '>' && p[n] != '"' &&
	       p[n] != '\r' && (unsigned char)p[n] < 0x80)
		n++;
	/* sentence punctuation after a link is not part of it */
	while (n > 0 && strchr(".,;:!?)'*", p[n - 1]))
		n--;
	return n;
}

/* Length of an e-mail address at p ("vanphong@tanthanh.gov.vn"), or 0. */
static size_t email_len(const char *p, const char *line)
{
	const char *q = p;
	size_t h, last;
	int dots;

	if (!boundary(p, line) || !isalnum((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*q) || (*q && strchr("._%+-", *q)))
		q++;
	if (*q != '@' || q == p || q[-1] == '.')
		return 0;
	q++;
	h = host_len(q, &dots, &last);
	if (dots == 0 || h - last < 2)
		return 0;
	for (size_t i = last; i < h; i++)
		if (!isalpha((unsigned char)q[i]))
			return 0;
	return (size_t)(q - p) + h;
}

static void tok_push(struct toks *v, enum tok_kind k, const char *s, size_t len)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->t = xrealloc(v->t, v->cap * sizeof *v->t);
	}
	v->t[v->n++] = (struct tok){ k, s, len };
}

void tok_split(const char *line, struct toks *v)
{
	const char *p = line;

	v->n = 0;
	while (*p) {
		const char *s = p;
		uint32_t cp;
		size_t ul;
		enum tok_kind k;

		if ((ul = email_len(p, line)) > 0) {
			tok_push(v, T_EMAIL, p, ul);
			p += ul;
			continue;
		}
		if ((ul = url_len(p, line)) > 0) {
			tok_push(v, T_URL, p, ul);
			p += ul;
			continue;
		}
		p += utf8_decode(p, &cp);
		if (cp >= '0' && cp <= '9') {
			k = T_NUM;
			while (*p >= '0' && *p <= '9')
				p++;
		} else if (tok_is_letter(cp) || is_space(cp)) {
			int letter = tok_is_letter(cp);
			k = letter ? T_WORD : T_SPACE;
			for (;;) {
				int l = utf8_decode(p, &cp);
				if (!*p || (letter ? !tok_is_letter(cp) : !is_space(cp)))
					break;
				p += l;
			}
		} else {
			k = T_PUNCT;
		}
		tok_push(v, k, s, (size_t)(p - s));
	}
}

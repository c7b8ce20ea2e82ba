/* The manual page names every kind and every front-matter key each kind
 * accepts (the kinds' own tables, so a key added to a kind without a line
 * in man/phat.1 fails here). A kind's key is documented in the subsection
 * ".Ss loai: KIND ..." or in a shared subsection (one whose title names no
 * loai), as an ".It Cm key" entry. */
#include <stdlib.h>
#include <string.h>
#include "t.h"
#include "kinds/kind.h"
#include "util/util.h"

#define MAN_PAGE "man/phat.1"

/* The subsection of line at, from the .Ss lines before it. */
static const char *section_of(const char *page, const char *at)
{
	const char *s = NULL, *p = page;

	while ((p = strstr(p, "\n.Ss ")) && p < at) {
		s = p + 5;
		p++;
	}
	return s;
}

/* Whether the title (up to its end of line) names "loai: kind", or any
 * loai when kind is NULL. */
static int title_names(const char *title, const char *kind)
{
	size_t n = strcspn(title, "\n");
	char *t = xstrndup(title, n), *want = xasprintf("loai: %s", kind ? kind : ""), *p = t;
	size_t wl = strlen(want);
	int ok = 0;

	while ((p = strstr(p, want)) && !ok) {
		ok = !kind || p[wl] == '\0' || p[wl] == ' ' || p[wl] == ')';
		p += wl;
	}
	free(t);
	free(want);
	return ok;
}

/* Whether key is an ".It Cm key" entry (alone or in a list "Cm a , Cm
 * key") under kind's subsection or a shared one. */
static int key_documented(const char *page, const char *kind, const char *key)
{
	char *want = xasprintf("Cm %s", key);
	const char *p = page;
	size_t wl = strlen(want);
	int ok = 0;

	while (!ok && (p = strstr(p, want))) {
		const char *bol = p;
		const char *title;

		while (bol > page && bol[-1] != '\n')
			bol--;
		if (strncmp(bol, ".It ", 4) == 0 && (p[wl] == '\n' || p[wl] == ' ')) {
			title = section_of(page, bol);
			ok = title && (title_names(title, kind) || !title_names(title, NULL));
		}
		p += wl;
	}
	free(want);
	return ok;
}

int main(void)
{
	size_t len = 0, i, j;
	char *page = file_read(MAN_PAGE, 1 << 20, &len);

	CHECK(page != NULL, "%s is readable", MAN_PAGE);
	if (!page)
		return t_done();
	for (i = 0; kind_all[i]; i++) {
		const struct kind *k = kind_all[i];
		char *ss = xasprintf("loai: %s", k->name);
		int missing = 0;

		CHECK(strstr(page, ss) != NULL, "the page has a subsection for loai: %s", k->name);
		free(ss);
		for (j = 0; k->keys[j]; j++)
			if (!key_documented(page, k->name, k->keys[j])) {
				printf("#   loai: %s: key %s is not documented\n", k->name, k->keys[j]);
				missing++;
			}
		for (j = 0; kind_common_keys[j]; j++)
			if (!key_documented(page, k->name, kind_common_keys[j])) {
				printf("#   key %s (every kind) is not documented\n", kind_common_keys[j]);
				missing++;
			}
		CHECK(missing == 0, "every front-matter key of loai: %s is on the page", k->name);
	}
	/* the test itself: a key that does not exist is not found */
	CHECK(!key_documented(page, "cong-van", "khong_co_khoa_nay"), "a made-up key is not found");
	CHECK(!key_documented(page, "cong-van", "toc_do"), "a key of another kind does not count for cong-van");
	free(page);
	return t_done();
}

/* Readers: source files in, document model out. libyaml lives only in
 * frontmatter.c, cmark only in markdown.c. Every reader reports problems
 * through diag with file:line:col and returns NULL when it cannot go on. */
#ifndef PHAT_READ_H
#define PHAT_READ_H

#include <stddef.h>
#include "../model/doc.h"

/* Limits that keep hostile input bounded (documented in README). */
#define READ_MAX_FILE   (8u << 20)   /* bytes of one Markdown/YAML file */
#define READ_MAX_DEPTH  32           /* YAML nesting, Markdown list/quote nesting */

/* Reads a whole document: checks UTF-8, normalises to NFC, splits the
 * front matter ("---" lines) from the body, parses both. root is the
 * content folder (pictures must stay inside it); defaults may be NULL.
 * Returns a new doc (caller frees with doc_free) or NULL. */
struct doc *read_doc(const char *path, const char *root, const struct meta *defaults);

/* As read_doc, but a file without front matter is all body, with an empty
 * map as its own front matter: an appendix may be plain Markdown whose
 * first heading is its title. */
struct doc *read_appendix(const char *path, const char *root, const struct meta *defaults);

/* 1 when the file starts with a "---" line (after a BOM), 0 when it does
 * not, -1 when it cannot be read. Reads only the first bytes. */
int read_has_frontmatter(const char *path);

/* A file that document d names (a picture, a data file, a lexicon, an
 * appendix): name is relative to the document's folder and the file must
 * exist inside the content folder (d->root), so a document shared between
 * communes cannot read someone's home folder. what ("picture", "data file")
 * and example ("so-lieu/2025-02.csv") make the messages. Returns the path
 * joined to the document's folder (caller frees), or NULL after diag_error at `at`. */
char *read_path_inside(const struct doc *d, const char *name, const char *what, const char *example,
		       struct pos at);

/* The bytes raw[0..n) of file as NFC UTF-8 text (see encoding.c): UTF-8
 * as it is, UTF-16 with a BOM and Windows-1258 converted with a note,
 * TCVN3 and VNI refused, pasted invisible and look-alike characters put
 * right. save_as ends the message when the bytes cannot be read ("save it
 * as UTF-8 …"). Returns the text (caller frees) and *len, or NULL after
 * diag_error. */
char *read_decode(const char *raw, size_t n, const char *file, const char *save_as, size_t *len);

/* For "did you mean": the name (its folder part as written) of the file
 * in dir/<name's folder> closest to name's last part — the same name with
 * an extension ("huong-dan" for huong-dan.md), other capitals, a typo
 * ("2026-10.cvs"), or one name inside the other ("huong-dan-vneid.md" for
 * huong-dan.md). NULL when none is close. Caller frees. */
char *read_path_nearest(const char *dir, const char *name);

/* dir/name as it is on disk, found whatever the Unicode form or capitals
 * of its parts (see read_path_inside), or NULL when there is no such file.
 * No message. Caller frees. */
char *read_path_find(const char *dir, const char *name);

/* The content folder a lone file belongs to: the outermost folder above
 * it (its own included, at most 16 levels up) holding a phat.yaml, so that
 * `phat render` and `phat speak` read the same settings and lexicons as
 * `phat build` would; the file's own folder when there is none. Caller
 * frees. */
char *read_content_root(const char *file);

/* Reads a YAML file that is front matter only (content/phat.yaml).
 * Returns a map (caller frees) or NULL. */
struct meta *read_yaml_file(const char *path);

/* Parses YAML text whose first line is line first_line of file.
 * Returns a map (caller frees) or NULL. Aliases, anchors and nesting deeper
 * than READ_MAX_DEPTH are refused. */
struct meta *read_frontmatter(const char *text, size_t len, const char *file, int first_line);

/* Parses CommonMark text whose first line is line first_line of file into
 * a NODE_DOCUMENT tree (caller frees). Raw HTML is dropped with a warning,
 * links other than http, https, mailto, tel are dropped with a warning,
 * a paragraph holding only one picture becomes a NODE_FIGURE, one holding
 * only pictures a NODE_FIGURES row of them. */
struct node *read_markdown(const char *text, size_t len, const char *file, int first_line);

/* How many paragraphs so far held Markdown that would print as text (a
 * picture, link or table cmark could not read), each warned about at its
 * place by read_markdown. */
int read_markdown_leftovers(void);

#endif

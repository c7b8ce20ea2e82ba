/* The document model: one tree, the same for every document kind, built by
 * the Markdown reader and read by the kinds. Modelled on cmark's node tree
 * but owning plain C strings, so the cmark tree can be freed after reading. */
#ifndef PHAT_NODE_H
#define PHAT_NODE_H

#include "../util/diag.h"

enum node_type {
	/* blocks */
	NODE_DOCUMENT,
	NODE_HEADING,        /* level 1..6 */
	NODE_PARAGRAPH,
	NODE_LIST,           /* ordered, start */
	NODE_ITEM,
	NODE_QUOTE,
	NODE_THEMATIC_BREAK, /* "---": panel separator for leaflets */
	NODE_TABLE,          /* a GFM pipe table: its rows, the header row first */
	NODE_TABLE_ROW,      /* header; children = one TABLE_CELL per column */
	NODE_TABLE_CELL,     /* align; children = inlines (text, pictures, links) */
	NODE_FIGURES,        /* a paragraph holding only pictures: FIGURE children,
			      * set side by side (a row of phone screenshots) */
	NODE_FIGURE,         /* a paragraph holding only one picture: url, text = caption */
	/* inlines */
	NODE_TEXT,           /* text */
	NODE_EMPH,
	NODE_STRONG,
	NODE_LINK,           /* url; children = label */
	NODE_IMAGE,          /* inline picture (rare): url, text = caption */
	NODE_CODE,           /* text, shown upright as is */
	NODE_SOFTBREAK,      /* a newline inside a paragraph: a space */
	NODE_LINEBREAK       /* a hard line break */
};

/* A table column's alignment as the delimiter row writes it: "---" none,
 * ":--" left, ":-:" centre, "--:" right. */
enum node_align { NODE_ALIGN_NONE, NODE_ALIGN_LEFT, NODE_ALIGN_CENTER, NODE_ALIGN_RIGHT };

struct node {
	enum node_type type;
	struct node *parent;
	struct node *first;
	struct node *last;
	struct node *next;
	struct node *prev;
	char *text;          /* NODE_TEXT, NODE_CODE; caption of FIGURE/IMAGE */
	char *url;           /* NODE_LINK, NODE_FIGURE, NODE_IMAGE ("qr:..." for QR codes) */
	int level;           /* NODE_HEADING */
	int ordered;         /* NODE_LIST */
	int start;           /* NODE_LIST: first number */
	int tight;           /* NODE_LIST */
	int lettered;        /* NODE_LIST: typed "a)", "b)": printed with letters at any level */
	int header;          /* NODE_TABLE_ROW: the header row (bold, repeated) */
	enum node_align align; /* NODE_TABLE_CELL: from the delimiter row */
	struct pos pos;      /* where the node starts in the source file */
};

struct node *node_new(enum node_type type, struct pos at);
/* Frees n and all its descendants (not its siblings). NULL is fine. */
void node_free(struct node *n);
void node_append(struct node *parent, struct node *child);
/* A deep copy of n and its descendants (not its siblings), unlinked;
 * caller frees with node_free. NULL gives NULL. */
struct node *node_copy(const struct node *n);
/* Unlinks n from its parent and siblings (does not free it). */
void node_unlink(struct node *n);

/* The plain text of an inline subtree (soft breaks as spaces); caller frees. */
char *node_text(const struct node *n);

/* Depth-first walk, like cmark's iterator: calls fn on entering (entering=1)
 * and leaving (entering=0) every node. fn returns non-zero to stop. */
int node_walk(struct node *root, int (*fn)(struct node *n, int entering, void *ctx), void *ctx);

/* Readable dump of the tree, one node per line, indented; caller frees. */
char *node_dump(const struct node *root);

#endif

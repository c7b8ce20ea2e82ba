/* The document tree. Every walk here is iterative (parent pointers, as in
 * cmark's iterator), so no input can exhaust the stack. */
#include <stdlib.h>
#include <string.h>
#include "node.h"
#include "../util/util.h"

struct node *node_new(enum node_type type, struct pos at)
{
	struct node *n = xcalloc(1, sizeof *n);

	n->type = type;
	n->pos = at;
	return n;
}

static void node_free_one(struct node *n)
{
	free(n->text);
	free(n->url);
	free(n);
}

void node_free(struct node *n)
{
	struct node *cur, *p;

	if (!n)
		return;
	/* Leaving the parent pointing at freed memory would be a trap. */
	node_unlink(n);
	cur = n;
	for (;;) {
		while (cur->first)
			cur = cur->first;
		if (cur == n)
			break;
		/* cur is a leaf and its parent's first child: free it, go on
		 * with its next sibling or, when none is left, the parent. */
		p = cur->parent;
		p->first = cur->next;
		if (p->first)
			p->first->prev = NULL;
		else
			p->last = NULL;
		node_free_one(cur);
		cur = p->first ? p->first : p;
	}
	node_free_one(n);
}

/* One node without its links. The struct is copied whole, so a field added
 * later is copied too; text and url are the only pointers it owns. */
static struct node *node_copy_one(const struct node *n)
{
	struct node *c = xmalloc(sizeof *c);

	*c = *n;
	c->parent = c->first = c->last = c->next = c->prev = NULL;
	c->text = n->text ? xstrdup(n->text) : NULL;
	c->url = n->url ? xstrdup(n->url) : NULL;
	return c;
}

struct node *node_copy(const struct node *n)
{
	struct node *root, *dst;
	const struct node *cur;

	if (!n)
		return NULL;
	root = node_copy_one(n);
	/* pre-order without recursion, like node_free: a pathological
	 * document nests inlines thousands deep */
	dst = root;
	cur = n->first;
	while (cur) {
		struct node *c = node_copy_one(cur);

		node_append(dst, c);
		if (cur->first) {
			dst = c;
			cur = cur->first;
			continue;
		}
		while (cur != n && !cur->next) {
			cur = cur->parent;
			dst = dst->parent;
		}
		if (cur == n)
			break;
		cur = cur->next;
	}
	return root;
}

void node_append(struct node *parent, struct node *child)
{
	node_unlink(child);
	child->parent = parent;
	child->prev = parent->last;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void node_unlink(struct node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (n->parent)
		n->parent->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

int node_walk(struct node *root, int (*fn)(struct node *n, int entering, void *ctx), void *ctx)
{
	struct node *cur = root;
	int entering = 1, r;

	while (cur) {
		if ((r = fn(cur, entering, ctx)) != 0)
			return r;
		if (entering) {
			if (cur->first)
				cur = cur->first;
			else
				entering = 0;
		} else if (cur == root) {
			break;
		} else if (cur->next) {
			cur = cur->next;
			entering = 1;
		} else {
			cur = cur->parent;
		}
	}
	return 0;
}

static int is_block(enum node_type t)
{
	return t <= NODE_FIGURE;
}

struct text_ctx {
	struct buf b;
	const struct node *root;
};

static int text_cb(struct node *n, int entering, void *ctx)
{
	struct text_ctx *t = ctx;
	struct buf *b = &t->b;

	if (!entering) {
		/* Blocks side by side read as separate lines (the walk's root
		 * has no siblings as far as its text goes). */
		if (n != t->root && is_block(n->type) && n->next && is_block(n->next->type) && b->len &&
		    b->data[b->len - 1] != '\n')
			buf_addc(b, '\n');
		return 0;
	}
	switch (n->type) {
	case NODE_TEXT:
	case NODE_CODE:
	case NODE_IMAGE:
	case NODE_FIGURE:
		if (n->text)
			buf_adds(b, n->text);
		break;
	case NODE_SOFTBREAK:
		buf_addc(b, ' ');
		break;
	case NODE_LINEBREAK:
		buf_addc(b, '\n');
		break;
	default:
		break;
	}
	return 0;
}

char *node_text(const struct node *n)
{
	struct text_ctx t;

	buf_init(&t.b);
	t.root = n;
	if (n)
		node_walk((struct node *)n, text_cb, &t);
	return buf_take(&t.b);
}

static const char *const type_names[] = {
	"document", "heading", "paragraph", "list", "item", "quote", "thematic_break",
	"table", "table_row", "table_cell", "figures", "figure", "text", "emph", "strong", "link", "image", "code", "softbreak", "linebreak",
};

static void dump_quoted(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(b, '\\'), buf_addc(b, *s);
		else if (*s == '\n')
			buf_adds(b, "\\n");
		else if (*s == '\t')
			buf_adds(b, "\\t");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

struct dump_ctx {
	struct buf b;
	int depth;
};

static int dump_cb(struct node *n, int entering, void *ctx)
{
	struct dump_ctx *d = ctx;
	int i;

	if (!entering) {
		d->depth--;
		return 0;
	}
	for (i = 0; i < d->depth; i++)
		buf_adds(&d->b, "  ");
	d->depth++;
	buf_adds(&d->b, type_names[n->type]);
	if (n->type == NODE_HEADING)
		buf_printf(&d->b, " level=%d", n->level);
	if (n->type == NODE_LIST)
		buf_printf(&d->b, " ordered=%d start=%d tight=%d", n->ordered, n->start, n->tight);
	if (n->type == NODE_TABLE_ROW && n->header)
		buf_adds(&d->b, " header");
	if (n->type == NODE_TABLE_CELL && n->align != NODE_ALIGN_NONE)
		buf_printf(&d->b, " align=%s", n->align == NODE_ALIGN_LEFT ? "left" :
			   n->align == NODE_ALIGN_CENTER ? "center" : "right");
	if (n->url) {
		buf_adds(&d->b, " url=");
		dump_quoted(&d->b, n->url);
	}
	if (n->text) {
		buf_addc(&d->b, ' ');
		dump_quoted(&d->b, n->text);
	}
	if (n->pos.line > 0)
		buf_printf(&d->b, " @%d:%d", n->pos.line, n->pos.col);
	buf_addc(&d->b, '\n');
	return 0;
}

char *node_dump(const struct node *root)
{
	struct dump_ctx d;

	buf_init(&d.b);
	d.depth = 0;
	if (root)
		node_walk((struct node *)root, dump_cb, &d);
	return buf_take(&d.b);
}

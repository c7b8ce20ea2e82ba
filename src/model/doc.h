/* One source document: its front matter merged with the content folder's
 * defaults (content/phat.yaml) and its Markdown body. */
#ifndef PHAT_DOC_H
#define PHAT_DOC_H

#include "meta.h"
#include "node.h"

struct doc {
	char *path;          /* as given, used in messages */
	char *dir;           /* folder of the file: pictures are relative to it */
	char *root;          /* content folder: nothing may be read from outside it */
	struct meta *meta;   /* merged front matter (a map, never NULL) */
	struct meta *own;    /* the document's own front matter, for key checks */
	struct node *body;   /* NODE_DOCUMENT */
	struct pos body_pos; /* first line of the body */
};

void doc_free(struct doc *d);

#endif

/* One source document: freeing it frees its front matter and its tree. */
#include <stdlib.h>
#include "doc.h"

void doc_free(struct doc *d)
{
	if (!d)
		return;
	free(d->path);
	free(d->dir);
	free(d->root);
	meta_free(d->meta);
	meta_free(d->own);
	node_free(d->body);
	free(d);
}

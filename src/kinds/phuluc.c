/* Phụ lục (appendix) on its own: `phat render` of an appendix file shows
 * its pages as they will print with the dispatch that names it, the
 * number and date of the "Kèm theo" line left blank. A build never makes
 * one: an appendix is built with its dispatch. */
#include "kind.h"
#include "../blocks/nd30.h"

static const char *const pl_keys[] = { NULL };

static int pl_layout(const struct doc *d, const struct kind_env *env, struct outputs *outs)
{
	return nd30_appendix_preview(d, env, outs);
}

const struct kind kind_phu_luc = { "phu-luc", pl_keys, pl_layout, 0, "an appendix" };

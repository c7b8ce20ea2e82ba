/* The registry of document kinds. */
#include <string.h>
#include "kind.h"

extern const struct kind kind_cong_van;

const struct kind *const kind_all[] = {
	&kind_cong_van,
	NULL
};

/* Keys any document may carry, whatever its kind (metadata and the
 * defaults of content/phat.yaml that other kinds use). */
const char *const kind_common_keys[] = {
	"loai", "tieu_de", "tac_gia", "tu_khoa", "zalo", "lien_ket", "ghi_chu", NULL
};

const struct kind *kind_find(const char *name)
{
	size_t i;

	for (i = 0; kind_all[i]; i++)
		if (strcmp(kind_all[i]->name, name) == 0)
			return kind_all[i];
	return NULL;
}

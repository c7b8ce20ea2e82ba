/* The registry of document kinds. */
#include <stdlib.h>
#include <string.h>
#include "kind.h"
#include "../util/util.h"

extern const struct kind kind_cong_van;
extern const struct kind kind_to_roi;
extern const struct kind kind_ap_phich;
extern const struct kind kind_loa;
extern const struct kind kind_bao_cao;
extern const struct kind kind_phu_luc;

const struct kind *const kind_all[] = {
	&kind_cong_van,
	&kind_to_roi,
	&kind_ap_phich,
	&kind_loa,
	&kind_bao_cao,
	&kind_phu_luc,
	NULL
};

/* Keys any document may carry, whatever its kind (metadata and the
 * defaults of content/phat.yaml that other kinds use). */
const char *const kind_common_keys[] = {
	"loai", "tieu_de", "tac_gia", "tu_khoa", "zalo", "lien_ket", "ghi_chu", "khong_ngat_dong", NULL
};

const struct kind *kind_find(const char *name)
{
	size_t i;

	for (i = 0; kind_all[i]; i++)
		if (strcmp(kind_all[i]->name, name) == 0)
			return kind_all[i];
	return NULL;
}

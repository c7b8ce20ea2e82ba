/* Front matter: any bytes into the YAML reader (depth, anchors, tags,
 * syntax errors), then the key check a kind makes and the campaign
 * (chien_dich:) built from it. */
#include "fuzz.h"
#include "read/read.h"
#include "model/meta.h"
#include "model/campaign.h"
#include "util/utf8.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "loai", "so", "ngay", "kinh_gui", "noi_nhan", NULL };
	char *s;
	struct meta *m;
	int line, col;

	/* read_doc hands the reader checked NFC text: do the same. */
	if (utf8_check((const char *)data, size, &line, &col) != 0)
		return 0;
	s = utf8_nfc((const char *)data, size);
	diag_reset();
	m = read_frontmatter(s, strlen(s), "fuzz.md", 2);
	if (m) {
		const struct meta *c = meta_get(m, "chien_dich");

		meta_check_keys(m, keys);
		meta_free(meta_merge(m, m));
		/* a campaign as phat.yaml writes it, or the whole map as one */
		campaign_free(campaign_from_meta(c ? c : m));
	}
	meta_free(m);
	free(s);
	return 0;
}

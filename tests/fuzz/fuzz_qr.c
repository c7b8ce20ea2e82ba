/* QR codes: any text, the matrix checked for its promised shape. */
#include "fuzz.h"
#include "qr/qr.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct qr *q;
	int i;

	diag_reset();
	q = qr_make(s, (struct pos){ "fuzz.md", 1, 1 });
	if (q) {
		/* version 1..40: 21..177 modules, each 0 or 1 */
		if (q->width < 21 || q->width > 177 || strcmp(q->text, s) != 0)
			abort();
		for (i = 0; i < q->width * q->width; i++)
			if (q->dark[i] > 1)
				abort();
	}
	qr_free(q);
	free(s);
	return 0;
}

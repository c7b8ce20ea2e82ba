/* The loudspeaker normaliser: any text, both readings, with the built-in
 * lexicon and the one in content/ when present. */
#include "fuzz.h"
#include "speak/speak.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct speak *north, *south;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	north = speak_new(0);
	south = speak_new(1);
	if (access("content/tu-dien-loa.txt", R_OK) == 0) {
		speak_lexicon_load(north, "content/tu-dien-loa.txt");
		speak_lexicon_load(south, "content/tu-dien-loa.txt");
	}
	speak_set_nobreak(south, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct speak *sp = size && (data[0] & 1) ? south : north;

	diag_reset();
	free(speak_text(sp, s, (struct pos){ "fuzz.txt", 1, 1 }));
	if (size < 4096)
		free(speak_url(sp, s));
	free(s);
	return 0;
}

/* Shared by the libFuzzer targets: messages are swallowed (a fuzzer run
 * would print millions), the working folder is the repository (fonts/,
 * content/), and a fuzz input can be seen as a C string. */
#ifndef PHAT_FUZZ_H
#define PHAT_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/diag.h"
#include "util/util.h"

#ifndef PHAT_ROOT
#define PHAT_ROOT "."
#endif

static void fuzz_sink(const char *line, void *ctx)
{
	(void)line;
	(void)ctx;
}

/* Called once from LLVMFuzzerInitialize. */
static void fuzz_setup(void)
{
	if (chdir(PHAT_ROOT) != 0)
		abort();
	if (!getenv("FUZZ_VERBOSE"))
		diag_sink_set(fuzz_sink, NULL);
}

/* The input as a new NUL-terminated string (NUL bytes inside kept). */
static __attribute__((unused)) char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif

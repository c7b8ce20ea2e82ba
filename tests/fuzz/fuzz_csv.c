/* Statistics CSV: the bytes become a file (memfd, named through
 * /proc/self/fd so stats_read sees a path), read, computed against
 * themselves as the previous month, compared and formatted. */
#include <stdio.h>
#include <sys/mman.h>
#include "fuzz.h"
#include "model/stats.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	fd = memfd_create("2025-02.csv", 0);
	if (fd < 0)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stats *s;
	size_t i;
	const size_t *order;
	char out[STATS_FMT_MAX];

	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	diag_reset();
	s = stats_read(path, (struct pos){ "fuzz.md", 3, 1 }, NULL);
	if (!s)
		return 0;
	stats_compute(s, s);
	stats_compare(s, s);
	order = stats_order_by_rate(s, 0);
	for (i = 0; i < s->n; i++) {
		const struct stats_row *r = &s->rows[order[i]];
		if (stats_find(s, r->name) == NULL)
			abort(); /* every row must be found by its own name */
		if (r->ind[0].change_tenths != 0)
			abort(); /* a month against itself does not change */
		stats_format_tenths(r->ind[0].rate_tenths, out);
		stats_format_change(r->ind[0].change_tenths, out);
		stats_format_int(r->ind[0].needed, out);
		free(stats_slug(r->name));
	}
	stats_free(s);
	return 0;
}

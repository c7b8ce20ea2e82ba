/* A tiny unit-test harness: each CHECK prints "ok - ..." or "not ok - ...",
 * which tests/run.sh counts; main returns t_done(). */
#ifndef PHAT_T_H
#define PHAT_T_H

#include <stdio.h>
#include <string.h>

static int t_failures;

#define CHECK(cond, ...) do { \
	if (cond) { printf("ok - "); printf(__VA_ARGS__); printf("\n"); } \
	else { t_failures++; printf("not ok - "); printf(__VA_ARGS__); \
	       printf("  (%s:%d: %s)\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(got, want, ...) do { \
	const char *g_ = (got), *w_ = (want); \
	int same_ = g_ && w_ && strcmp(g_, w_) == 0; \
	CHECK(same_, __VA_ARGS__); \
	if (!same_) printf("#   got:  \"%s\"\n#   want: \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)

#define CHECK_NEAR(got, want, tol, ...) do { \
	double g_ = (got), w_ = (want); \
	int near_ = g_ - w_ <= (tol) && w_ - g_ <= (tol); \
	CHECK(near_, __VA_ARGS__); \
	if (!near_) printf("#   got %.3f, want %.3f ± %.3f\n", g_, w_, (double)(tol)); \
} while (0)

static inline int t_done(void) { return t_failures ? 1 : 0; }

#endif

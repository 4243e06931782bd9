/*
 * harness.h - the unit-test harness: CHECK macros that record failures
 * with file and line, and TESTS(...) that generates main().  Each test
 * binary prints one summary line "NAME: N passed, M failed" that
 * tests/run-tests adds up.
 */
#ifndef MM_HARNESS_H
#define MM_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_failed_checks;

#define CHECK(cond) \
	do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #cond); \
			harness_failed_checks++; \
		} \
	} while (0)

#define CHECK_STREQ(got, want) \
	do { \
		const char *g_ = (got), *w_ = (want); \
		if (!g_ || !w_ || strcmp(g_, w_)) { \
			fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", \
				__FILE__, __LINE__, g_ ? g_ : "(null)", \
				w_ ? w_ : "(null)"); \
			harness_failed_checks++; \
		} \
	} while (0)

#define CHECK_INTEQ(got, want) \
	do { \
		long long g_ = (long long)(got), w_ = (long long)(want); \
		if (g_ != w_) { \
			fprintf(stderr, "%s:%d: %s is %lld, want %lld\n", \
				__FILE__, __LINE__, #got, g_, w_); \
			harness_failed_checks++; \
		} \
	} while (0)

struct harness_test {
	const char *name;
	void (*fn)(void);
};

#define T(fn) { #fn, fn }

/* A test passes when none of its checks failed. */
#define TESTS(...) \
	int main(int argc, char **argv) \
	{ \
		static const struct harness_test tests_[] = { __VA_ARGS__ }; \
		int passed = 0, failed = 0; \
		const char *name = strrchr(argv[0], '/'); \
		(void)argc; \
		for (size_t i = 0; i < sizeof(tests_) / sizeof(*tests_); i++) { \
			int before = harness_failed_checks; \
			tests_[i].fn(); \
			if (harness_failed_checks == before) { \
				passed++; \
			} else { \
				failed++; \
				fprintf(stderr, "FAIL %s\n", tests_[i].name); \
			} \
		} \
		printf("%s: %d passed, %d failed\n", name ? name + 1 : argv[0], \
		       passed, failed); \
		return failed ? 1 : 0; \
	}

#endif

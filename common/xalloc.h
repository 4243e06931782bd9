/*
 * xalloc.h - allocation that never returns NULL, and BUG() for broken
 * invariants.  Running out of memory is not a condition mediamon can
 * recover from meaningfully, so every allocation aborts on failure
 * (as git, redis and tmux do) and callers never check.
 */
#ifndef MM_XALLOC_H
#define MM_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a malloc'd copy; caller frees. */
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated; caller frees. */
char *xstrndup(const char *s, size_t n);

/* Grow *arr (of *alloc elements of size elem) to hold at least need. */
#define ALLOC_GROW(arr, need, alloc) \
	do { \
		if ((size_t)(need) > (alloc)) { \
			size_t na_ = (alloc) ? (alloc) * 2 : 8; \
			while (na_ < (size_t)(need)) \
				na_ *= 2; \
			(arr) = xrealloc((arr), na_ * sizeof(*(arr))); \
			(alloc) = na_; \
		} \
	} while (0)

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* Macro x's value as a string literal (320 -> "320"): a number shared by
 * C and the SQL it writes. */
#define XSTR(x) XSTR_(x)
#define XSTR_(x) #x

void bug_at(const char *file, int line, const char *msg)
	__attribute__((noreturn));
#define BUG(msg) bug_at(__FILE__, __LINE__, (msg))

#endif

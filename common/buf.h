/*
 * buf.h - the one growable string buffer.  Invariants (as git's strbuf):
 * data is never NULL and always NUL-terminated, so a fresh buffer can be
 * printed.  Each buffer may carry a byte cap (as curl's dynbuf): adding
 * past it fails with -1 instead of growing, so a hostile body is an error,
 * not an out-of-memory abort.  cap == 0 means unlimited.
 */
#ifndef MM_BUF_H
#define MM_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define PRINTF(f, a) __attribute__((format(printf, f, a)))

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0, 0 }

void buf_init(struct buf *b, size_t cap);
/* Each returns 0, or -1 (buffer unchanged) when the cap would be passed. */
int buf_add(struct buf *b, const void *p, size_t n);
int buf_adds(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...) PRINTF(2, 3);
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);
/* Empty the buffer, keeping its memory for reuse. */
void buf_reset(struct buf *b);
/* Shorten to n bytes (n <= len). */
void buf_truncate(struct buf *b, size_t n);
/* Hand the memory to the caller (who frees it); b is reset to empty. */
char *buf_detach(struct buf *b, size_t *len);
/* Free the memory; b is empty and reusable afterwards (cap kept). */
void buf_release(struct buf *b);
/* Strip ASCII whitespace at both ends. */
void buf_trim(struct buf *b);

#endif

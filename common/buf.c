/*
 * buf.c - growable, capped, always-terminated byte buffer.
 */
#include "buf.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char buf_empty[1];

void buf_init(struct buf *b, size_t cap)
{
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

/* Make room for n more bytes plus the terminator; -1 past the cap. */
static int buf_grow(struct buf *b, size_t n)
{
	size_t need;

	if (n > (size_t)-1 / 2 - b->len)
		return -1;
	if (b->cap && b->len + n > b->cap)
		return -1;
	need = b->len + n + 1;
	if (need <= b->alloc)
		return 0;
	size_t na = b->alloc ? b->alloc : 64;
	while (na < need)
		na *= 2;
	if (b->alloc == 0) {
		b->data = xmalloc(na);
		b->data[0] = '\0';
	} else {
		b->data = xrealloc(b->data, na);
	}
	b->alloc = na;
	return 0;
}

int buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return 0;
	if (buf_grow(b, n) < 0)
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if (buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t n)
{
	if (n > b->len)
		BUG("buf_truncate past end");
	b->len = n;
	if (b->alloc)
		b->data[n] = '\0';
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (b->alloc == 0)
		p = xstrdup("");
	else
		p = b->data;
	if (len)
		*len = b->len;
	buf_init(b, b->cap);
	return p;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	buf_init(b, b->cap);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

void buf_trim(struct buf *b)
{
	size_t s = 0;

	while (b->len && is_space(b->data[b->len - 1]))
		b->len--;
	while (s < b->len && is_space(b->data[s]))
		s++;
	if (s)
		memmove(b->data, b->data + s, b->len - s);
	b->len -= s;
	if (b->alloc)
		b->data[b->len] = '\0';
}

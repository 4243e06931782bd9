/*
 * arena.c - bump allocator over a list of blocks.
 */
#include "arena.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	/* max_align_t keeps every allocation suitably aligned. */
	_Alignas(16) unsigned char mem[];
};

static struct arena_block *block_new(size_t size, struct arena_block *next)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);

	b->next = next;
	b->used = 0;
	b->size = size;
	return b;
}

void *arena_alloc(struct arena *a, size_t n)
{
	size_t need = (n + 15) & ~(size_t)15;
	struct arena_block *b = a->head;
	void *p;

	if (!b || b->size - b->used < need) {
		if (need > ARENA_BLOCK / 4) {
			/* Big allocations get their own block behind the head,
			 * so the head keeps its free space. */
			struct arena_block *big = block_new(need, NULL);

			if (b) {
				big->next = b->next;
				b->next = big;
			} else {
				a->head = big;
			}
			big->used = need;
			memset(big->mem, 0, need);
			return big->mem;
		}
		b = block_new(ARENA_BLOCK, b);
		a->head = b;
	}
	p = b->mem + b->used;
	b->used += need;
	memset(p, 0, need);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_reset(struct arena *a)
{
	struct arena_block *b, *next;

	if (!a->head)
		return;
	for (b = a->head->next; b; b = next) {
		next = b->next;
		free(b);
	}
	/* Keep one block only if it is a normal one, to reuse its memory. */
	if (a->head->size == ARENA_BLOCK) {
		a->head->next = NULL;
		a->head->used = 0;
	} else {
		free(a->head);
		a->head = NULL;
	}
}

void arena_release(struct arena *a)
{
	arena_reset(a);
	free(a->head);
	a->head = NULL;
}

/*
 * arena.c - bump allocator over a list of blocks.
 */
#include "arena.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536
/* Spare blocks kept by arena_reset(): 1 MiB, what a news feed of a few
 * hundred kilobytes uses; a larger document's excess goes back. */
#define ARENA_SPARE_MAX 16

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

/* A fresh normal block at the head: a spare one if there is one. */
static struct arena_block *block_push(struct arena *a)
{
	struct arena_block *b = a->spare;

	if (!b)
		return a->head = block_new(ARENA_BLOCK, a->head);
	a->spare = b->next;
	a->nspare--;
	b->next = a->head;
	b->used = 0;
	return a->head = b;
}

/* Uninitialised memory; arena_alloc() zeroes it, the string copies
 * overwrite it whole. */
static void *alloc_raw(struct arena *a, size_t n)
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
			return big->mem;
		}
		b = block_push(a);
	}
	p = b->mem + b->used;
	b->used += need;
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	void *p = alloc_raw(a, n);

	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = alloc_raw(a, n + 1);

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
		if (b->size == ARENA_BLOCK && a->nspare < ARENA_SPARE_MAX) {
			b->next = a->spare;
			a->spare = b;
			a->nspare++;
		} else {
			free(b);
		}
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
	struct arena_block *b, *next;

	arena_reset(a);
	free(a->head);
	a->head = NULL;
	for (b = a->spare; b; b = next) {
		next = b->next;
		free(b);
	}
	a->spare = NULL;
	a->nspare = 0;
}

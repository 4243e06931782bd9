/*
 * arena.h - one arena per unit of work (a fetched document, an analysed
 * article).  Everything derived from the unit is allocated here and freed
 * in one arena_reset() once the unit is stored (as git's mem-pool).
 */
#ifndef MM_ARENA_H
#define MM_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

#define ARENA_INIT { NULL }

/* Zeroed memory that lives until the next arena_reset/arena_release. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Free all but the first block, ready for the next unit of work. */
void arena_reset(struct arena *a);
void arena_release(struct arena *a);

#endif

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
	/* Blocks freed by arena_reset(), reused before malloc is asked:
	 * the next unit of work then writes to pages the process already
	 * has (a feed parse paid a fifth of its time in page faults of
	 * blocks handed back and taken again). */
	struct arena_block *spare;
	size_t nspare;
};

#define ARENA_INIT { NULL, NULL, 0 }

/* Zeroed memory that lives until the next arena_reset/arena_release. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Free all but the first block, ready for the next unit of work (up to
 * ARENA_SPARE_MAX normal blocks are kept aside for it). */
void arena_reset(struct arena *a);
void arena_release(struct arena *a);

#endif

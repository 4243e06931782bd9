/*
 * hash.h - the one non-cryptographic hash of the tree, 64-bit FNV-1a:
 * for open-addressing tables and fingerprints that only need to differ
 * when the bytes differ.  Evidence and change detection use SHA-256
 * (sha256.h) instead.
 */
#ifndef MM_HASH_H
#define MM_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Where a hash starts (FNV-1a's offset basis).  Callers with several
 * kinds of key in one table start each kind from HASH_INIT + kind. */
#define HASH_INIT 1469598103934665603ULL

/* Hash n bytes at p, continuing from h (HASH_INIT for a fresh hash), so
 * that several pieces can be hashed as one. */
static inline uint64_t hash_bytes(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#endif

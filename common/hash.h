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

/* Mix 64 bits into 64 well-spread bits (SplitMix64's finaliser): FNV's
 * low bits are weak, and MinHash needs many independent-looking hash
 * functions made from one (h ^ seed, mixed). */
static inline uint64_t hash_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

#endif

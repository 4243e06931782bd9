/*
 * minhash.h - near-duplicate detection for story clusters: an article's
 * text becomes a set of word shingles (stems, so "вернула"/"вернули"
 * agree), summarised by a MinHash signature whose LSH band keys find the
 * earlier articles worth comparing.  Pure computation, no database.
 */
#ifndef MM_MINHASH_H
#define MM_MINHASH_H

#include "analyzer/text.h"

#include <stddef.h>
#include <stdint.h>

#define MH_K 128		/* hash functions per signature */
#define MH_ROWS 2		/* rows per LSH band */
#define MH_BANDS (MH_K / MH_ROWS)

struct minhash {
	uint32_t v[MH_K];
	uint32_t n;		/* distinct shingles seen */
};

/* What becomes a shingle; the defaults are minhash_params_default. */
struct minhash_params {
	int k;			/* words per shingle */
	int min_bytes;		/* shorter words are left out */
	int max_words;		/* only the first words (the lead) count */
};
extern const struct minhash_params minhash_params_default;

/* The signature of a tokenised document's word shingles (doc_build).
 * Scratch memory for the distinct-shingle set comes from a. */
void minhash_doc(const struct doc *d, const struct minhash_params *p,
		 struct arena *a, struct minhash *out);
/* The signature of its names and numbers: capitalised words that do not
 * start a sentence (people, places, bodies) cut to their first four
 * letters, so that "Кочкор", "Кочкорского" and "Кочкордогу" agree across
 * Russian and Kyrgyz, and numbers of two or more digits.  Retellings in
 * other words, and in the other language, keep these. */
void minhash_names(const struct doc *d, const struct minhash_params *p,
		   struct arena *a, struct minhash *out);

/* Estimated Jaccard similarity of the two shingle sets. */
double minhash_jaccard(const struct minhash *a, const struct minhash *b);
/* Estimated share of the smaller set found in the larger one: a short
 * reprint of a long release scores high although their Jaccard is low. */
double minhash_overlap(const struct minhash *a, const struct minhash *b);

/* The LSH band keys (band index and kind mixed in, so equal rows of
 * different bands or kinds differ); empty signatures give no keys
 * (returns 0). */
int minhash_bands(const struct minhash *m, int kind, int64_t out[MH_BANDS]);

/* Signature to and from MH_K little-endian uint32 (the stored form). */
void minhash_pack(const struct minhash *m, unsigned char out[MH_K * 4]);
int minhash_unpack(const unsigned char *in, size_t n, uint32_t shingles,
		   struct minhash *out);

#endif

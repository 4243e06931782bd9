/*
 * minhash.c - shingles, MinHash signatures and LSH bands (Broder 1997;
 * Leskovec, Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3).
 * Each of the MH_K hash functions is the shingle's 64-bit hash mixed
 * with a per-function seed; the signature keeps each function's minimum.
 */
#include "minhash.h"
#include "common/hash.h"

#include <string.h>

const struct minhash_params minhash_params_default = { 2, 3, 400 };

/* Seeds of the MH_K functions, fixed so that signatures stored today
 * compare with those computed next year. */
static uint64_t seed(int i)
{
	return hash_mix64(0x6d6d6d696e686173ull + (uint64_t)i);
}

/* A small open-addressing set of shingle hashes: only distinct
 * shingles count toward n. */
struct set {
	uint64_t *slot;
	size_t cap, n;
};

static int set_add(struct set *s, uint64_t h)
{
	size_t i;

	h |= 1;			/* 0 marks an empty slot */
	for (i = h & (s->cap - 1); s->slot[i]; i = (i + 1) & (s->cap - 1))
		if (s->slot[i] == h)
			return 0;
	s->slot[i] = h;
	s->n++;
	return 1;
}

static void add_shingle(struct minhash *m, uint64_t h)
{
	for (int i = 0; i < MH_K; i++) {
		uint32_t v = (uint32_t)(hash_mix64(h ^ seed(i)) >> 32);

		if (v < m->v[i])
			m->v[i] = v;
	}
}

void minhash_doc(const struct doc *d, const struct minhash_params *p,
		 struct arena *a, struct minhash *out)
{
	uint64_t win[8];
	size_t words = 0, nw = 0;
	struct set set;
	int k = p->k < 1 ? 1 : p->k > 8 ? 8 : p->k;

	memset(out->v, 0xff, sizeof(out->v));
	out->n = 0;
	set.cap = 64;
	while (set.cap < 4 * (d->ntok + 1))
		set.cap <<= 1;
	set.slot = arena_alloc(a, set.cap * sizeof(*set.slot));
	memset(set.slot, 0, set.cap * sizeof(*set.slot));
	set.n = 0;
	for (size_t t = 0; t < d->ntok && words < (size_t)p->max_words; t++) {
		const struct tok *tk = &d->tok[t];
		const char *w = tk->stem ? tk->stem : tk->low;
		uint64_t h;

		if (tk->end - tk->start < (size_t)p->min_bytes &&
		    !(tk->flags & TOK_DIGIT))
			continue;
		words++;
		memmove(win, win + 1, (size_t)(k - 1) * sizeof(*win));
		win[k - 1] = hash_mix64(hash_bytes(w, strlen(w), HASH_INIT));
		if (++nw < (size_t)k)
			continue;
		h = 0x9e3779b97f4a7c15ull;
		for (int j = 0; j < k; j++)
			h = hash_mix64(h ^ win[j]);
		if (set_add(&set, h))
			add_shingle(out, h);
	}
	out->n = (uint32_t)set.n;
}

/* Bytes of the first n code points of s (UTF-8). */
static size_t prefix_bytes(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] && n) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

void minhash_names(const struct doc *d, const struct minhash_params *p,
		   struct arena *a, struct minhash *out)
{
	struct set set;
	size_t words = 0;

	memset(out->v, 0xff, sizeof(out->v));
	set.cap = 64;
	while (set.cap < 4 * (d->ntok + 1))
		set.cap <<= 1;
	set.slot = arena_alloc(a, set.cap * sizeof(*set.slot));
	memset(set.slot, 0, set.cap * sizeof(*set.slot));
	set.n = 0;
	for (size_t t = 0; t < d->ntok && words < (size_t)p->max_words; t++) {
		const struct tok *tk = &d->tok[t];
		size_t len = tk->end - tk->start;
		uint64_t h;

		words++;
		if (tk->flags & TOK_DIGIT) {
			if (len < 2)
				continue;
			h = hash_bytes(tk->low, strlen(tk->low), HASH_INIT);
		} else if ((tk->flags & TOK_CAP) && !(tk->flags & TOK_SENT) &&
			   len >= 3) {
			h = hash_bytes(tk->low, prefix_bytes(tk->low, 4),
				       HASH_INIT + 1);
		} else {
			continue;
		}
		h = hash_mix64(h);
		if (set_add(&set, h))
			add_shingle(out, h);
	}
	out->n = (uint32_t)set.n;
}

double minhash_jaccard(const struct minhash *a, const struct minhash *b)
{
	int same = 0;

	if (!a->n || !b->n)
		return 0;
	for (int i = 0; i < MH_K; i++)
		same += a->v[i] == b->v[i];
	return (double)same / MH_K;
}

double minhash_overlap(const struct minhash *a, const struct minhash *b)
{
	double j = minhash_jaccard(a, b);
	double small = a->n < b->n ? a->n : b->n;

	if (!small)
		return 0;
	/* |A n B| = J (|A| + |B|) / (1 + J) */
	j = j * ((double)a->n + b->n) / (1 + j) / small;
	return j > 1 ? 1 : j;
}

int minhash_bands(const struct minhash *m, int kind, int64_t out[MH_BANDS])
{
	if (!m->n)
		return 0;
	for (int b = 0; b < MH_BANDS; b++) {
		uint64_t h = hash_mix64(0x62616e64ull + (uint64_t)b +
					((uint64_t)kind << 32));

		for (int r = 0; r < MH_ROWS; r++)
			h = hash_mix64(h ^ m->v[b * MH_ROWS + r]);
		out[b] = (int64_t)h;
	}
	return MH_BANDS;
}

void minhash_pack(const struct minhash *m, unsigned char out[MH_K * 4])
{
	for (int i = 0; i < MH_K; i++) {
		out[4 * i] = (unsigned char)m->v[i];
		out[4 * i + 1] = (unsigned char)(m->v[i] >> 8);
		out[4 * i + 2] = (unsigned char)(m->v[i] >> 16);
		out[4 * i + 3] = (unsigned char)(m->v[i] >> 24);
	}
}

int minhash_unpack(const unsigned char *in, size_t n, uint32_t shingles,
		   struct minhash *out)
{
	if (n != MH_K * 4)
		return -1;
	for (int i = 0; i < MH_K; i++)
		out->v[i] = (uint32_t)in[4 * i] | (uint32_t)in[4 * i + 1] << 8 |
			    (uint32_t)in[4 * i + 2] << 16 |
			    (uint32_t)in[4 * i + 3] << 24;
	out->n = shingles;
	return 0;
}

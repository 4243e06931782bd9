/*
 * scan.c - run cue lists over a text and keep the matches sorted.
 */
#include "scan.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int hit_cmp(const void *pa, const void *pb)
{
	const struct hit *a = pa, *b = pb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end > b->end ? -1 : 1;
	/* equal spans: the cue defined first wins, deterministically */
	return a->cue < b->cue ? -1 : a->cue > b->cue;
}

void scan_all(struct rx_matcher *m, const struct cues *cs, const char *text,
	      size_t len, struct arena *a, struct hits *out)
{
	struct hit *v = NULL;
	size_t n = 0, alloc = 0;

	out->limit_hits = 0;
	for (size_t i = 0; i < cs->n; i++) {
		size_t from = 0, ms, me;
		int rc;

		while ((rc = rx_find(m, cs->v[i].rx, text, len, from, &ms,
				     &me)) != 0) {
			if (rc < 0) {
				out->limit_hits++;
				break;
			}
			if (me > ms) {
				ALLOC_GROW(v, n + 1, alloc);
				v[n].start = ms;
				v[n].end = me;
				v[n].cue = &cs->v[i];
				n++;
				from = me;
			} else {
				/* empty match: step over one character */
				uint32_t cp;
				int l = ms < len ? utf8_decode(text + ms,
							len - ms, &cp) : 1;

				from = ms + (size_t)(l > 0 ? l : 1);
			}
			if (from >= len)
				break;
		}
	}
	if (n)
		qsort(v, n, sizeof(*v), hit_cmp);
	out->v = arena_alloc(a, (n ? n : 1) * sizeof(*v));
	if (n)
		memcpy(out->v, v, n * sizeof(*v));
	out->n = n;
	free(v);
}

void scan_resolve(struct hits *h)
{
	size_t k = 0, last_end = 0;

	for (size_t i = 0; i < h->n; i++) {
		if (k && h->v[i].start < last_end)
			continue;
		h->v[k++] = h->v[i];
		last_end = h->v[i].end;
	}
	h->n = k;
}

size_t scan_from(const struct hits *h, size_t off)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->v[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

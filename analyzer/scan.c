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

struct scanner *scanner_new(void)
{
	struct scanner *sc = xcalloc(1, sizeof(*sc));

	sc->rx = rx_matcher_new();
	return sc;
}

void scanner_free(struct scanner *sc)
{
	if (!sc)
		return;
	rx_matcher_free(sc->rx);
	hscan_run_release(&sc->hs);
	free(sc);
}

void scan_prepare(struct scanner *sc, const struct hscan *h,
		  const char *text, size_t len)
{
	hscan_scan(&sc->hs, h, text, len);
}

/*
 * The candidates of cue c from the last Vectorscan pass: 1 with them in
 * [*cv, *cv + *nc) when the pass read c on this text, 0 when PCRE2 must
 * look everywhere.  Every match of c starts at a candidate.
 */
static int cands(const struct scanner *sc, const struct cues *cs,
		 const struct cue *c, const char *text, size_t len,
		 const size_t **cv, size_t *nc)
{
	const struct hscan_run *r = &sc->hs;

	if (!r->db || cs->hs != r->db || r->text != text || r->len != len ||
	    !hscan_has(r->db, c->hid))
		return 0;
	*nc = r->first[c->hid + 1] - r->first[c->hid];
	/* none found: no array to point into (an empty text has none) */
	*cv = *nc ? r->start + r->first[c->hid] : NULL;
	return 1;
}

/*
 * The next match of cue c at or after from, as rx_find gives it: with
 * candidates, the first of them >= from where c matches (no match can
 * start elsewhere, so that is the leftmost); *k walks them.
 */
static int next_match(struct scanner *sc, const struct cue *c,
		      const char *text, size_t len, size_t from,
		      const size_t *cv, size_t nc, size_t *k, size_t *ms,
		      size_t *me)
{
	int rc;

	if (!cv)
		return rx_find(sc->rx, c->rx, text, len, from, ms, me);
	for (; *k < nc; ++*k) {
		if (cv[*k] < from)
			continue;
		rc = rx_find_at(sc->rx, c->rx, text, len, cv[*k], ms, me);
		if (rc)
			return rc;
	}
	return 0;
}

void scan_all(struct scanner *sc, const struct cues *cs, const char *text,
	      size_t len, struct arena *a, struct hits *out)
{
	struct hit *v = NULL;
	size_t n = 0, alloc = 0;

	out->limit_hits = 0;
	for (size_t i = 0; i < cs->n; i++) {
		const size_t *cv = NULL;
		size_t from = 0, ms, me, nc = 0, k = 0;
		int rc;

		if (cands(sc, cs, &cs->v[i], text, len, &cv, &nc) && !nc)
			continue;
		while ((rc = next_match(sc, &cs->v[i], text, len, from, cv,
					nc, &k, &ms, &me)) != 0) {
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

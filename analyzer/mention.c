/*
 * mention.c - find the office's mentions: every match of office.yaml's
 * patterns (leftmost-longest), minus the excluded look-alikes, with the
 * country each belongs to and whether it names a person of the office.
 * Only the configured country's office is a mention.
 */
#include "analyze_int.h"

#include <string.h>

/* Tokens around a mention where "former", "employee of" make it staff. */
#define STAFF_BEFORE 3
#define STAFF_AFTER 2

static int overlaps_exclude(const struct hits *ex, size_t s, size_t e)
{
	for (size_t i = 0; i < ex->n; i++)
		if (ex->v[i].start < e && s < ex->v[i].end)
			return 1;
	return 0;
}

/* 2 when a staff cue stands next to the mention, 1 for a prosecutor as a
 * person, 0 for the institution. */
static int staff_level(struct actx *c, const struct hit *h)
{
	const struct doc *d = c->d;
	size_t ti = doc_tok_at(d, h->start), tj = doc_tok_at(d, h->end);
	size_t lo = h->start, hi = h->end;

	/* the token holding the start may begin earlier ("Экс-прокурор") */
	if (ti > 0 && (ti == d->ntok || d->tok[ti].start > h->start))
		lo = d->tok[--ti].start;
	for (size_t n = 0; n < STAFF_BEFORE && ti > 0; n++) {
		if (d->tok[ti].flags & TOK_CLAUSE)
			break;
		lo = d->tok[--ti].start;
	}
	for (size_t n = 0; n < STAFF_AFTER && tj < d->ntok; n++, tj++) {
		if (d->tok[tj].flags & TOK_CLAUSE)
			break;
		hi = d->tok[tj].end;
	}
	for (size_t i = scan_from(&c->staff, lo);
	     i < c->staff.n && c->staff.v[i].start < hi; i++) {
		const struct hit *s = &c->staff.v[i];

		if (s->end <= h->start || s->start >= h->end)
			return 2;
	}
	return h->cue->kind == MK_STAFF;
}

void find_mentions(struct actx *c, struct analysis *out)
{
	struct hits ex;
	size_t k = 0;

	scan_all(c->an->sc, &c->lx->exclude, c->text, c->len, c->a,
		 &ex);
	/* drop look-alikes, then keep the leftmost-longest */
	for (size_t i = 0; i < c->offices.n; i++)
		if (!overlaps_exclude(&ex, c->offices.v[i].start,
				      c->offices.v[i].end))
			c->offices.v[k++] = c->offices.v[i];
	c->offices.n = k;
	scan_resolve(&c->offices);
	out->m = arena_alloc(c->a, (c->offices.n + 1) * sizeof(*out->m));
	out->nm = 0;
	for (size_t i = 0; i < c->offices.n; i++) {
		const struct hit *h = &c->offices.v[i];
		struct mention *m = &out->m[out->nm];

		memset(m, 0, sizeof(*m));
		m->start = h->start;
		m->end = h->end;
		m->cue = h->cue;
		m->country = span_country(c, h->start, h->end);
		m->staff = staff_level(c, h);
		m->in_title = h->start < c->base;
		if (m->country == c->an->own)
			out->nm++;
	}
}

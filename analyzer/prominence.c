/*
 * prominence.c - where and how often the office appears.  Pure
 * punctuation and position, no words, so it holds in every language:
 * the lead is the first paragraph (at most LEAD_BYTES); a quotation is a
 * closing quotation mark and a dash before the mention in its sentence
 * («...», - сообщили в прокуратуре), or a colon and an opening mark after
 * it (Прокуратура: «...»).
 */
#include "prominence.h"

#include <string.h>

#define LEAD_BYTES 400
#define MAIN_ROLE 3	/* named this many times: the main role */

/* Where the sentence around off starts and ends (., !, ? or a line). */
static void sentence(const char *t, size_t len, size_t off, size_t *s,
		     size_t *e)
{
	size_t a = off, b = off;

	while (a > 0 && !strchr(".!?\n", t[a - 1]))
		a--;
	while (b < len && !strchr(".!?\n", t[b]))
		b++;
	*s = a;
	*e = b;
}

static int has(const char *t, size_t s, size_t e, const char *what)
{
	size_t n = strlen(what);

	for (size_t i = s; i + n <= e; i++)
		if (!memcmp(t + i, what, n))
			return 1;
	return 0;
}

static int quoted(const char *t, size_t len, size_t start, size_t end)
{
	size_t s, e;

	sentence(t, len, start, &s, &e);
	/* «...», — said the office: the closing mark before the mention */
	if ((has(t, s, start, "\xc2\xbb") || has(t, s, start, "\xe2\x80\x9d") ||
	     has(t, s, start, "\"")) &&
	    (has(t, s, start, "\xe2\x80\x94") || has(t, s, start, " - ")))
		return 1;
	/* the office: «...»: an opening mark after a colon */
	return has(t, end, e > end + 4 ? end + 4 : e, ":") &&
	       (has(t, end, e, "\xc2\xab") || has(t, end, e, "\xe2\x80\x9c") ||
		has(t, end, e, "\""));
}

void article_prominence(const struct analysis *r, const char *text,
			size_t len, struct prominence *out)
{
	const char *para = memchr(text, '\n', len);
	size_t lead = para ? (size_t)(para - text) : len;

	if (lead > LEAD_BYTES)
		lead = LEAD_BYTES;
	out->quoted = 0;
	for (size_t i = 0; i < r->nm; i++)
		out->quoted |= quoted(text, len, r->m[i].start, r->m[i].end);
	if (r->in_headline)
		out->value = 1.0;
	else if (r->nm && r->m[0].start < lead)
		out->value = 0.8;
	else if (r->nm >= MAIN_ROLE)
		out->value = 0.6;
	else
		out->value = 0.3;
	if (out->quoted)
		out->value = out->value + 0.2 > 1.0 ? 1.0 : out->value + 0.2;
}

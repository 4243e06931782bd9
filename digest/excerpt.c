/*
 * excerpt.c - what a reader is shown of a material: the sentence that
 * names the office, and the words that decided its tonality.  Shared by
 * the digest and the alerts.
 */
#include "excerpt.h"
#include "common/buf.h"
#include "common/json.h"

#include <string.h>

/* The sentence of text that holds byte off: from the end of the
 * previous sentence to the next full stop, at most about 400 bytes. */
const char *excerpt_sentence(struct arena *a, const char *text, size_t len,
			     size_t off)
{
	size_t s = off, e = off;

	if (off >= len)
		return "";
	while (s > 0 && off - s < 300) {
		char c = text[s - 1];

		if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
				  s < len && text[s] == ' '))
			break;
		s--;
	}
	while (e < len && e - off < 300) {
		char c = text[e];

		e++;
		if (c == '\n' || ((c == '.' || c == '!' || c == '?') &&
				  (e == len || text[e] == ' ' ||
				   text[e] == '\n')))
			break;
	}
	/* never cut a UTF-8 sequence */
	while (s < off && ((unsigned char)text[s] & 0xc0) == 0x80)
		s++;
	while (e < len && ((unsigned char)text[e] & 0xc0) == 0x80)
		e++;
	while (s < e && (text[s] == ' ' || text[s] == '\n'))
		s++;
	while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\n'))
		e--;
	return arena_strndup(a, text + s, e - s);
}

/* Add word t (trimmed) to the comma-separated list unless the list
 * holds it already, alone or in a longer phrase. */
static void append_word(struct buf *out, const char *t)
{
	size_t n;

	if (!t)
		return;
	while (*t == ' ')
		t++;
	n = strlen(t);
	while (n && t[n - 1] == ' ')
		n--;
	if (!n || memmem(out->data, out->len, t, n))
		return;
	if (out->len)
		buf_adds(out, ", ");
	buf_add(out, t, n);
}

/* The words that decided the tonality: the evidence pulling its way,
 * strongest first, each once. */
const char *excerpt_words(struct arena *arena, const char *evidence,
			  const char *tonality)
{
	struct arena a = ARENA_INIT;
	struct json *j;
	struct err e;
	struct buf out = BUF_INIT;
	int sign = !strcmp(tonality, "negative") ? -1 :
		   !strcmp(tonality, "positive") ? 1 : 0;
	int used[64] = { 0 };
	const char *res;

	if (json_parse(evidence, strlen(evidence), &a, &j, &e) < 0 ||
	    j->type != JSON_ARR || !sign) {
		arena_release(&a);
		return "";
	}
	for (int k = 0; k < 4; k++) {
		size_t best = j->n;
		double bw = 0;

		for (size_t i = 0; i < j->n && i < 64; i++) {
			const struct json *w = json_get(j->vals[i], "weight");
			double v = w && w->type == JSON_NUM ? w->num * sign : 0;

			if (!used[i] && v > bw) {
				bw = v;
				best = i;
			}
		}
		if (best == j->n)
			break;
		used[best] = 1;
		append_word(&out, json_get_str(j->vals[best], "text"));
	}
	res = arena_strdup(arena, out.data);
	buf_release(&out);
	arena_release(&a);
	return res;
}


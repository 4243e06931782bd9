/*
 * words.c - what a reader is shown of a material besides the sentence
 * that names the office (sentence.c): the words that decided its
 * tonality.  The analyser stores them with its analysis; the digest
 * takes them from the evidence when an analyst changed the tonality or
 * the analysis is older than the stored words, and an alert always
 * (one material).
 */
#include "words.h"
#include "common/buf.h"
#include "common/json.h"

#include <string.h>

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
static const char *words_of(struct arena *arena, const struct json *j,
			    const char *tonality)
{
	struct buf out = BUF_INIT;
	int sign = !strcmp(tonality, "negative") ? -1 :
		   !strcmp(tonality, "positive") ? 1 : 0;
	int used[64] = { 0 };
	const char *res;

	if (!j || j->type != JSON_ARR || !sign)
		return "";
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
	return res;
}

const char *excerpt_words(struct arena *arena, const char *evidence,
			  const char *tonality)
{
	struct arena a = ARENA_INIT;
	struct json *j;
	struct err e;
	const char *res;

	if (json_parse(evidence, strlen(evidence), &a, &j, &e) < 0)
		j = NULL;
	res = words_of(arena, j, tonality);
	arena_release(&a);
	return res;
}

/*
 * lang.c - load shared/languages.yaml, tell a text's language, and answer
 * the rules' questions about grammar words ("is this a preposition of
 * place?", "does this word end in a genitive?").
 */
#include "lang.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

static void wordlist_release(struct wordlist *wl)
{
	for (size_t i = 0; i < wl->n; i++)
		free(wl->v[i]);
	free(wl->v);
	free(wl->prefix);
	memset(wl, 0, sizeof(*wl));
}

static void wordlist_add(struct wordlist *wl, const char *w, size_t n,
			 int prefix)
{
	struct arena a = ARENA_INIT;

	wl->v = xrealloc(wl->v, (wl->n + 1) * sizeof(*wl->v));
	wl->prefix = xrealloc(wl->prefix, wl->n + 1);
	wl->v[wl->n] = xstrdup(text_fold(&a, w, n));
	wl->prefix[wl->n++] = (unsigned char)prefix;
	arena_release(&a);
}

int wordlist_has(const struct wordlist *wl, const char *w)
{
	for (size_t i = 0; i < wl->n; i++) {
		if (wl->prefix[i] ? !strncmp(w, wl->v[i], strlen(wl->v[i])) :
				    !strcmp(w, wl->v[i]))
			return 1;
	}
	return 0;
}

int wordlist_ends(const struct wordlist *wl, const char *w, size_t n,
		  size_t more)
{
	for (size_t i = 0; i < wl->n; i++) {
		size_t m = strlen(wl->v[i]);

		if (n >= m + more && !strcmp(w + n - m, wl->v[i]))
			return 1;
	}
	return 0;
}

/* A list of words into wl (appended: lists are unions). */
static int load_words(struct wordlist *wl, const char *name,
		      const struct yml *y, struct err *e)
{
	if (y->type != YML_SEQ)
		return yml_error(e, name, y, "expected a list of words");
	for (size_t i = 0; i < y->n; i++) {
		const struct yml *w = y->kids[i];
		size_t n;

		if (w->type != YML_SCALAR || !w->str[0])
			return yml_error(e, name, w, "expected a word");
		n = strlen(w->str);
		if (strchr(w->str, ' ') || (n == 1 && w->str[0] == '*'))
			return yml_error(e, name, w, "'%s' is not one word",
					 w->str);
		if (w->str[n - 1] == '*')
			wordlist_add(wl, w->str, n - 1, 1);
		else
			wordlist_add(wl, w->str, n, 0);
	}
	return 0;
}

static int load_letters(struct lang *g, const char *name,
			const struct yml *y, struct err *e)
{
	if (y->type != YML_SEQ)
		return yml_error(e, name, y, "expected a list of letters");
	for (size_t i = 0; i < y->n; i++) {
		const struct yml *w = y->kids[i];
		uint32_t cp;
		int len;

		len = w->type == YML_SCALAR ?
		      utf8_decode(w->str, strlen(w->str), &cp) : -1;
		if (len <= 0 || w->str[len])
			return yml_error(e, name, w, "expected one letter");
		g->letters = xrealloc(g->letters,
				      (g->nletters + 1) * sizeof(*g->letters));
		g->letters[g->nletters++] = text_fold_cp(cp);
	}
	return 0;
}

static int flag(const char *name, const struct yml *y, const char *yes,
		const char *no, int *out, struct err *e)
{
	if (y->type == YML_SCALAR && !strcmp(y->str, yes))
		*out = 1;
	else if (y->type == YML_SCALAR && !strcmp(y->str, no))
		*out = 0;
	else
		return yml_error(e, name, y, "expected '%s' or '%s'", yes, no);
	return 0;
}

/* The keys that tell a language (or its Latin spelling) in a text:
 * letters, words, suffixes, min_score.  1 when k is not one of them. */
static int detect_key(struct lang *g, const char *name, const char *k,
		      const struct yml *v, struct err *e, int *rc)
{
	double score;

	if (!strcmp(k, "letters")) {
		*rc = load_letters(g, name, v, e);
	} else if (!strcmp(k, "words")) {
		*rc = load_words(&g->words, name, v, e);
	} else if (!strcmp(k, "suffixes")) {
		*rc = load_words(&g->suffixes, name, v, e);
	} else if (!strcmp(k, "min_score")) {
		*rc = yml_number(name, v, &score, e);
		if (*rc == 0 && (score < 1 || score > 1000 ||
				 score != (long)score))
			*rc = yml_error(e, name, v, "min_score must be "
					"a whole number from 1");
		g->min_score = *rc == 0 ? (long)score : 0;
	} else {
		return 1;
	}
	return 0;
}

/* "latin": the language written in Latin letters, told by its own
 * letters, words and suffixes reaching min_score. */
static int load_spelling(struct lang *g, const char *name,
			 const struct yml *m, struct err *e)
{
	struct lang *sp;

	if (m->type != YML_MAP)
		return yml_error(e, name, m, "'latin' of language '%s' must "
				 "be a map", g->id);
	sp = g->spelling = xcalloc(1, sizeof(*sp));
	for (size_t i = 0; i < m->n; i++) {
		int rc = 0;

		if (detect_key(sp, name, m->keys[i], m->kids[i], e, &rc))
			return yml_key_error(e, name, m, i, "unrecognized key "
					     "'%s' in 'latin' of language "
					     "'%s'", m->keys[i], g->id);
		if (rc < 0)
			return -1;
	}
	if (!sp->min_score)
		return yml_error(e, name, m, "'latin' of language '%s' needs "
				 "a min_score", g->id);
	return 0;
}

/* One language's map: its own detection data into g, its grammar words
 * into the shared lists of l. */
static int load_lang(struct langs *l, struct lang *g, const char *name,
		     const struct yml *m, struct err *e)
{
	static const char *const keys[] = { "at", "at_endings", "from", "of",
		"origin", "and", "genitive", "locative", "place" };
	struct wordlist *lists[] = { &l->at, &l->at_endings, &l->from, &l->of,
		&l->origin, &l->conj, &l->genitive, &l->locative, &l->place };

	if (m->type != YML_MAP)
		return yml_error(e, name, m, "language '%s' must be a map",
				 g->id);
	for (size_t i = 0; i < m->n; i++) {
		const char *k = m->keys[i];
		const struct yml *v = m->kids[i];
		size_t j;
		int rc = 0;

		for (j = 0; j < ARRAY_SIZE(keys); j++)
			if (!strcmp(k, keys[j]))
				break;
		if (j < ARRAY_SIZE(keys)) {
			rc = load_words(lists[j], name, v, e);
		} else if (!detect_key(g, name, k, v, e, &rc)) {
			;	/* letters, words, suffixes, min_score */
		} else if (!strcmp(k, "latin")) {
			rc = load_spelling(g, name, v, e);
		} else if (!strcmp(k, "country")) {
			if (v->type != YML_SCALAR || !v->str[0])
				rc = yml_error(e, name, v, "expected a "
					       "country id");
			else
				g->country = xstrdup(v->str);
		} else if (!strcmp(k, "script")) {
			rc = flag(name, v, "latin", "cyrillic", &g->latin, e);
		} else if (!strcmp(k, "default")) {
			rc = flag(name, v, "true", "false", &g->fallback, e);
		} else {
			rc = yml_key_error(e, name, m, i, "unrecognized key "
					   "'%s' in language '%s'", k, g->id);
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int langs_load(struct langs *l, const char *name, const struct yml *root,
	       struct err *e)
{
	int defaults = 0;

	if (root->type != YML_MAP || !root->n)
		return yml_error(e, name, root, "expected a map of languages");
	l->v = xcalloc(root->n, sizeof(*l->v));
	for (size_t i = 0; i < root->n; i++) {
		struct lang *g = &l->v[l->n++];

		g->id = xstrdup(root->keys[i]);
		if (load_lang(l, g, name, root->kids[i], e) < 0)
			goto fail;
		defaults += g->fallback;
	}
	if (defaults != 1) {
		yml_error(e, name, root, "exactly one language must have "
			  "'default: true'");
		goto fail;
	}
	return 0;
fail:
	langs_release(l);
	return -1;
}

void langs_release(struct langs *l)
{
	struct wordlist *lists[] = { &l->at, &l->at_endings, &l->from, &l->of,
		&l->origin, &l->conj, &l->genitive, &l->locative, &l->place };

	for (size_t i = 0; i < l->n; i++) {
		struct lang *sp = l->v[i].spelling;

		free(l->v[i].id);
		free(l->v[i].country);
		free(l->v[i].letters);
		wordlist_release(&l->v[i].words);
		wordlist_release(&l->v[i].suffixes);
		if (sp) {
			free(sp->letters);
			wordlist_release(&sp->words);
			wordlist_release(&sp->suffixes);
			free(sp);
		}
	}
	free(l->v);
	for (size_t i = 0; i < ARRAY_SIZE(lists); i++)
		wordlist_release(lists[i]);
	memset(l, 0, sizeof(*l));
}

static int has_letter(const struct lang *g, uint32_t cp)
{
	for (size_t i = 0; i < g->nletters; i++)
		if (g->letters[i] == cp)
			return 1;
	return 0;
}

/* Rule 2 of languages.yaml: do g's letters outnumber every other
 * language's that has some? */
static int letters_win(const struct langs *l, const size_t *letters,
		       size_t gi)
{
	for (size_t j = 0; j < l->n; j++)
		if (j != gi && l->v[j].nletters && letters[gi] <= letters[j])
			return 0;
	return 1;
}

/* Words (2 each) and suffixes (1 each, on words two letters longer) of
 * g in the folded word p of n bytes. */
static size_t word_score(const struct lang *g, const char *p, size_t n)
{
	return 2 * (size_t)wordlist_has(&g->words, p) +
	       (size_t)wordlist_ends(&g->suffixes, p, n, 3);
}

static size_t letter_count(const struct lang *g, const char *p)
{
	size_t n = 0;

	while (*p) {
		uint32_t cp;
		int len = utf8_decode(p, strlen(p), &cp);

		if (len < 0)
			break;
		p += len;
		n += has_letter(g, cp);
	}
	return n;
}

const struct lang *langs_detect(const struct langs *l, const struct doc *d)
{
	size_t cyr = 0, lat = 0, *letters, *score, *latin, best = 0;
	const struct lang *ret = NULL;

	/* three counts per language: its letters, its words and suffixes,
	 * and all three of its Latin spelling */
	letters = xcalloc(3 * l->n + 1, sizeof(*letters));
	score = letters + l->n;
	latin = score + l->n;
	for (size_t i = 0; i < d->ntok; i++) {
		const struct tok *t = &d->tok[i];
		const char *p = t->low;
		size_t n = strlen(p);

		if (t->flags & TOK_CYR)
			cyr++;
		else if (t->flags & TOK_LAT)
			lat++;
		for (size_t k = 0; k < l->n; k++) {
			const struct lang *sp = l->v[k].spelling;

			score[k] += word_score(&l->v[k], p, n);
			letters[k] += letter_count(&l->v[k], p);
			if (sp && (t->flags & TOK_LAT))
				latin[k] += word_score(sp, p, n) +
					    letter_count(sp, p);
		}
	}
	if (!cyr && !lat)
		goto out;
	if (lat > cyr) {
		/* a language's Latin spelling (Uzbek, Kazakh), else the
		 * Latin-script one */
		for (size_t k = 0; k < l->n; k++)
			if (l->v[k].spelling && latin[k] > best &&
			    latin[k] >= (size_t)l->v[k].spelling->min_score) {
				best = latin[k];
				ret = &l->v[k];
			}
		for (size_t k = 0; k < l->n && !ret; k++)
			if (l->v[k].latin)
				ret = &l->v[k];
		if (ret)
			goto out;
	}
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].nletters && !l->v[k].min_score &&
		    letters_win(l, letters, k)) {
			ret = &l->v[k];
			goto out;
		}
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].min_score &&
		    letters[k] + score[k] >= (size_t)l->v[k].min_score) {
			ret = &l->v[k];
			goto out;
		}
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].fallback)
			ret = &l->v[k];
out:
	free(letters);
	return ret;
}

/*
 * lang.h - the languages the analyzer knows (shared/languages.yaml):
 * which one a text is written in, and the small words and endings by
 * which place.c and tone.c tell a place where things happen from a name
 * or someone's origin.  Each list is the union over the languages that
 * give it; the rules that use them stay in C.
 */
#ifndef MM_LANG_H
#define MM_LANG_H

#include "text.h"
#include "common/err.h"
#include "common/yml.h"

#include <stddef.h>
#include <stdint.h>

/* Words, each matched whole or, written "word*", as a prefix. */
struct wordlist {
	char **v;		/* folded, without the "*" */
	unsigned char *prefix;	/* 1: v[i] is a prefix */
	size_t n;
};

struct lang {
	char *id;		/* "ru", "ky", ... */
	char *country;		/* "country": where it is the press's own
				   language ("kk": "kz"), or NULL */
	int latin;		/* "script: latin" */
	int fallback;		/* "default: true" */
	long min_score;		/* 0: its letters alone decide */
	uint32_t *letters;	/* folded code points */
	size_t nletters;
	struct wordlist words, suffixes;
	struct lang *spelling;	/* "latin": how to tell it when written
				   in Latin letters (Uzbek, Kazakh), or
				   NULL */
};

struct langs {
	struct lang *v;
	size_t n;
	struct wordlist at, at_endings, from, of, origin, conj;
	struct wordlist genitive, locative, place;
};

/* Read the languages map root of file name into l (empty before).  -1
 * with "NAME:LINE:COL: cause" in e; l is then released. */
int langs_load(struct langs *l, const char *name, const struct yml *root,
	       struct err *e);
void langs_release(struct langs *l);

/* The language of document d, or NULL when it has no words in Cyrillic
 * or Latin letters. */
const struct lang *langs_detect(const struct langs *l, const struct doc *d);

/* Is w (folded) one of the list's words, or does it start with one of
 * its prefixes? */
int wordlist_has(const struct wordlist *wl, const char *w);
/* Does w (n bytes, folded) end with one of the list's entries and hold
 * at least more bytes before it? */
int wordlist_ends(const struct wordlist *wl, const char *w, size_t n,
		  size_t more);

#endif

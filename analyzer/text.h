/*
 * text.h - an article's text as tokens: words with byte offsets, folded
 * to lower case (ё as е), stemmed with Snowball, grouped into sentences
 * and clauses.  Every later stage (mentions, tonality, violations) works
 * on this one view of the text.
 */
#ifndef MM_TEXT_H
#define MM_TEXT_H

#include "common/arena.h"

#include <stddef.h>
#include <stdint.h>

struct sb_stemmer;

/* Snowball stemmers; not thread-safe, one per analyzer. */
struct stem {
	struct sb_stemmer *ru, *en;
};

void stem_init(struct stem *st);
void stem_release(struct stem *st);
/* Stem of a folded word (lower case UTF-8).  Cyrillic words go to the
 * Russian stemmer, Latin ones to the English one, others are returned
 * as they are.  The result lives in a. */
const char *stem_word(struct stem *st, const char *low, size_t n,
		      struct arena *a);

enum tok_flags {
	TOK_CYR = 1 << 0,	/* has Cyrillic letters */
	TOK_LAT = 1 << 1,	/* has Latin letters */
	TOK_DIGIT = 1 << 2,	/* has digits */
	TOK_CAP = 1 << 3,	/* first letter upper case */
	TOK_ALLCAPS = 1 << 4,	/* every letter upper case, 2+ letters */
	TOK_SENT = 1 << 5,	/* first token of a sentence */
	TOK_CLAUSE = 1 << 6,	/* first token of a clause */
	TOK_QUOTE = 1 << 7,	/* an opening quote right before it */
};

struct tok {
	size_t start, end;	/* byte span in the text */
	const char *low;	/* folded; lives in the document's arena */
	const char *stem;
	unsigned flags;
	int sent, clause;	/* indexes, increasing */
};

struct sent {
	size_t start, end;	/* byte span: first to last token */
	size_t t0, t1;		/* tokens [t0, t1) */
};

struct doc {
	const char *text;	/* borrowed */
	size_t len;
	struct tok *tok;
	size_t ntok, atok;
	struct sent *sent;
	size_t nsent, asent;
	int nclause;
	struct arena *a;	/* strings of this document */
};

#define DOC_INIT { NULL, 0, NULL, 0, 0, NULL, 0, 0, 0, NULL }

/* Split text (valid UTF-8) into tokens and sentences.  The arrays are
 * reused across documents; strings go into a. */
void doc_build(struct doc *d, const char *text, size_t len, struct stem *st,
	       struct arena *a);
void doc_release(struct doc *d);
/* Index of the first token starting at or after byte off (ntok if none). */
size_t doc_tok_at(const struct doc *d, size_t off);
/* Index of the sentence holding byte off (nearest one before it). */
size_t doc_sent_at(const struct doc *d, size_t off);

/* The text with every link-like run (URL, www. or bare domain such as
 * "site.kg/ru", e-mail address, @handle, #hashtag) blanked out with
 * spaces, byte for byte, so offsets stay valid and no cue matches inside
 * one.  Returns s itself when there is none, else a copy in a. */
const char *text_mask_links(struct arena *a, const char *s, size_t n);

/* The text as violation cues see it, byte for byte the same length:
 * quotation marks (" « » “ ” „) blanked out, since news quotes words it
 * does not vouch for ("«продала» двух женщин"), and ё written е, as most
 * outlets do and the patterns are written.  Returns s itself when there
 * is nothing to change, else a copy in a. */
const char *text_unquote(struct arena *a, const char *s, size_t n);

/* Lower-case one code point (Latin, Cyrillic and its Kazakh, Kyrgyz and
 * Uzbek letters); ё becomes е so both spellings match. */
uint32_t text_fold_cp(uint32_t cp);
/* Folded copy of s[0..n) in a (invalid bytes are copied as they are). */
char *text_fold(struct arena *a, const char *s, size_t n);
/* Nonzero for code points that belong inside words. */
int text_is_word_cp(uint32_t cp);

#endif

/*
 * text.c - tokenizer, case folding, sentence and clause splitting, and
 * the Snowball stemmer wrapper.
 */
#include "text.h"
#include "common/buf.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Words that end with a full stop without ending the sentence when a
 * capital follows ("г. Бишкек", "ст. 303", "Mr. Smith"). */
static const char *const abbrevs[] = {
	"г", "гг", "ст", "им", "ул", "пр", "пер", "пос", "с", "обл", "р",
	"д", "кв", "проф", "акад", "т", "тел", "мкр", "ж", "mr", "mrs",
	"ms", "dr", "st", "no", "vs", "jr", "sr",
};

void stem_init(struct stem *st)
{
	st->ru = sb_stemmer_new("russian", NULL);
	st->en = sb_stemmer_new("english", NULL);
	if (!st->ru || !st->en)
		BUG("cannot create the snowball stemmers");
}

void stem_release(struct stem *st)
{
	if (st->ru)
		sb_stemmer_delete(st->ru);
	if (st->en)
		sb_stemmer_delete(st->en);
	st->ru = st->en = NULL;
}

const char *stem_word(struct stem *st, const char *low, size_t n,
		      struct arena *a)
{
	struct sb_stemmer *sb = NULL;
	const sb_symbol *out;
	int cyr = 0, lat = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)low[i];

		if (c == 0xd0 || c == 0xd1)
			cyr = 1;
		else if (c >= 'a' && c <= 'z')
			lat = 1;
	}
	if (cyr && !lat)
		sb = st->ru;
	else if (lat && !cyr)
		sb = st->en;
	if (!sb || n > 200)
		return arena_strndup(a, low, n);
	out = sb_stemmer_stem(sb, (const sb_symbol *)low, (int)n);
	if (!out)
		return arena_strndup(a, low, n);
	return arena_strndup(a, (const char *)out,
			     (size_t)sb_stemmer_length(sb));
}

uint32_t text_fold_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (cp >= 0x410 && cp <= 0x42f)
		return cp + 32;
	if (cp == 0x401 || cp == 0x451)
		return 0x435;			/* Ё ё -> е */
	if (cp >= 0x400 && cp <= 0x40f)
		return cp + 80;
	if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48a && cp <= 0x4bf) ||
	    (cp >= 0x4d0 && cp <= 0x52f))
		return cp | 1;		/* pairs: even upper, odd lower */
	if (cp == 0x4c0)
		return 0x4cf;
	if (cp >= 0x4c1 && cp <= 0x4ce)
		return cp & 1 ? cp + 1 : cp;
	if (cp >= 0xc0 && cp <= 0xde && cp != 0xd7)
		return cp + 32;
	if (cp >= 0x100 && cp <= 0x137)
		return cp | 1;
	if (cp == 0x2bc || cp == 0x2019 || cp == 0x2bb || cp == 0x2018)
		return 0x2bb;			/* Uzbek o' g' spellings */
	return cp;
}

int text_is_word_cp(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		       (cp >= '0' && cp <= '9');
	if (cp >= 0xc0 && cp <= 0x24f)
		return cp != 0xd7 && cp != 0xf7;
	if (cp >= 0x400 && cp <= 0x52f)
		return !(cp >= 0x482 && cp <= 0x489);
	return cp == 0x2bb || cp == 0x2bc || cp == 0x301;
}

char *text_fold(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n * 2 + 1), *p = out;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);

		if (l < 0) {
			*p++ = s[i++];
			continue;
		}
		i += (size_t)l;
		if (cp == 0x301)		/* stress mark */
			continue;
		p += utf8_encode(text_fold_cp(cp), p);
	}
	*p = '\0';
	return out;
}

static int is_upper_cp(uint32_t cp)
{
	return cp != text_fold_cp(cp) || cp == 0x401;
}

/* Decode at i; invalid bytes count as one non-word byte. */
static int cp_at(const char *s, size_t n, size_t i, uint32_t *cp)
{
	int l = utf8_decode(s + i, n - i, cp);

	if (l < 0) {
		*cp = 0xfffd;
		return 1;
	}
	return l;
}

/* A hyphen (or a decimal point between digits) joins two word parts;
 * cp is the character at i, prev the word character before it. */
static int is_joiner(const char *s, size_t n, size_t i, uint32_t cp,
		     uint32_t prev)
{
	uint32_t next;
	size_t after;

	if (cp != '-' && cp != 0x2011 && cp != '.' && cp != ',')
		return 0;
	after = i + (size_t)cp_at(s, n, i, &next);
	if (after >= n)
		return 0;
	cp_at(s, n, after, &next);
	if (!text_is_word_cp(next))
		return 0;
	if (cp == '.' || cp == ',')
		return prev >= '0' && prev <= '9' && next >= '0' &&
		       next <= '9';
	return 1;
}

static int is_abbrev(const char *low)
{
	for (size_t i = 0; i < ARRAY_SIZE(abbrevs); i++)
		if (!strcmp(low, abbrevs[i]))
			return 1;
	return 0;
}

enum gap_flags {
	GAP_NL = 1 << 0,
	GAP_STOP = 1 << 1,	/* . */
	GAP_END = 1 << 2,	/* ! ? … */
	GAP_CLAUSE = 1 << 3,	/* , ; : ( ) dashes */
	GAP_QUOTE = 1 << 4,
};

static unsigned gap_class(uint32_t cp, const char *s, size_t n, size_t i)
{
	switch (cp) {
	case '\n':
	case 0x2029:
		return GAP_NL;
	case '.':
		return GAP_STOP;
	case '!':
	case '?':
	case 0x2026:
		return GAP_END;
	case ',':
	case ';':
	case ':':
	case '(':
	case ')':
	case 0x2013:
	case 0x2014:
		return GAP_CLAUSE;
	case '-':
		/* a spaced hyphen is a dash */
		return i > 0 && s[i - 1] == ' ' && i + 1 < n &&
		       s[i + 1] == ' ' ? GAP_CLAUSE : 0;
	case '"':
	case 0xab:
	case 0xbb:
	case 0x201c:
	case 0x201d:
	case 0x201e:
		return GAP_QUOTE;
	default:
		return 0;
	}
}

/* Is there a sentence boundary between token prev and the next token,
 * given the punctuation in between? */
static int sentence_break(const struct tok *prev, unsigned gap,
			  unsigned next_flags, uint32_t next_first)
{
	int next_low = !(next_flags & TOK_CAP) &&
		       !(next_first >= '0' && next_first <= '9');

	if (!prev)
		return 1;
	if (gap & GAP_NL)
		return 1;
	if (next_low)
		return 0;
	if (gap & GAP_END)
		return 1;
	if (gap & GAP_STOP) {
		if (is_abbrev(prev->low))
			return 0;
		/* an initial: one capital letter */
		if ((prev->flags & TOK_CAP) && strlen(prev->low) <= 2 &&
		    !(prev->flags & TOK_DIGIT) && prev->end - prev->start <= 2)
			return 0;
		return 1;
	}
	return 0;
}

static void add_sentence(struct doc *d, size_t t0, size_t t1)
{
	struct sent *s;

	if (t1 <= t0)
		return;
	ALLOC_GROW(d->sent, d->nsent + 1, d->asent);
	s = &d->sent[d->nsent++];
	s->t0 = t0;
	s->t1 = t1;
	s->start = d->tok[t0].start;
	s->end = d->tok[t1 - 1].end;
}

void doc_build(struct doc *d, const char *text, size_t len, struct stem *st,
	       struct arena *a)
{
	size_t i = 0, sent0 = 0;
	unsigned gap = 0;
	int clause = -1;

	d->text = text;
	d->len = len;
	d->ntok = 0;
	d->nsent = 0;
	d->a = a;
	while (i < len) {
		uint32_t cp, first, prev = 0;
		size_t start = i;
		unsigned flags = 0;
		int letters = 0, uppers = 0;
		struct tok *t;

		i += (size_t)cp_at(text, len, i, &cp);
		if (!text_is_word_cp(cp)) {
			gap |= gap_class(cp, text, len, start);
			continue;
		}
		first = cp;
		for (;;) {
			if (cp >= '0' && cp <= '9')
				flags |= TOK_DIGIT;
			else if (cp < 0x250 && cp != 0x301)
				flags |= TOK_LAT, letters++;
			else if (cp >= 0x400 && cp <= 0x52f)
				flags |= TOK_CYR, letters++;
			if (is_upper_cp(cp))
				uppers++;
			prev = cp;
			if (i >= len)
				break;
			size_t save = i;
			int l = cp_at(text, len, i, &cp);

			if (text_is_word_cp(cp)) {
				i += (size_t)l;
				continue;
			}
			if (is_joiner(text, len, i, cp, prev)) {
				i += (size_t)l;
				i += (size_t)cp_at(text, len, i, &cp);
				continue;
			}
			i = save;
			break;
		}
		if (is_upper_cp(first))
			flags |= TOK_CAP;
		if (letters >= 2 && uppers == letters)
			flags |= TOK_ALLCAPS;
		if (gap & GAP_QUOTE)
			flags |= TOK_QUOTE;
		ALLOC_GROW(d->tok, d->ntok + 1, d->atok);
		t = &d->tok[d->ntok];
		t->start = start;
		t->end = i;
		t->low = text_fold(a, text + start, i - start);
		t->stem = stem_word(st, t->low, strlen(t->low), a);
		if (sentence_break(d->ntok ? t - 1 : NULL, gap, flags, first)) {
			add_sentence(d, sent0, d->ntok);
			sent0 = d->ntok;
			flags |= TOK_SENT;
		}
		if ((flags & TOK_SENT) || (gap & (GAP_CLAUSE | GAP_STOP |
						  GAP_END | GAP_NL)))
			flags |= TOK_CLAUSE;
		if (flags & TOK_CLAUSE)
			clause++;
		t->flags = flags;
		t->sent = (int)d->nsent;
		t->clause = clause;
		d->ntok++;
		gap = 0;
	}
	add_sentence(d, sent0, d->ntok);
	d->nclause = clause + 1;
}

void doc_release(struct doc *d)
{
	free(d->tok);
	free(d->sent);
	d->tok = NULL;
	d->sent = NULL;
	d->ntok = d->atok = d->nsent = d->asent = 0;
}

size_t doc_tok_at(const struct doc *d, size_t off)
{
	size_t lo = 0, hi = d->ntok;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->tok[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t doc_sent_at(const struct doc *d, size_t off)
{
	size_t lo = 0, hi = d->nsent;

	if (!d->nsent)
		return 0;
	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->sent[mid].start <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* ---- links: URLs, domains, e-mail addresses, handles, hashtags ---- */

/* Top-level domains a bare "name.tld" must end with to count as a link:
 * a list, not any letters, so "office.The" (a missing space) stays. */
static const char *const tlds[] = {
	"kg", "ru", "kz", "uz", "tj", "tm", "ua", "by", "am", "az", "ge",
	"su", "com", "org", "net", "info", "gov", "edu", "int", "io", "me",
	"tv", "fm", "media", "news", "asia", "eu", "uk", "us", "de", "fr",
	"cn", "tr", "ae", "pro", "online", "site", "biz", "co", "ly", "gl",
	"рф",
};

static int is_space_at(const char *s, size_t n, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v')
		return 1;
	/* no-break space */
	return c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] == 0xa0;
}

/* Punctuation that wraps a link without belonging to it. */
static int is_wrap(uint32_t cp)
{
	return cp == '.' || cp == ',' || cp == ';' || cp == ':' ||
	       cp == '!' || cp == '?' || cp == '(' || cp == ')' ||
	       cp == '[' || cp == ']' || cp == '<' || cp == '>' ||
	       cp == '"' || cp == '\'' || cp == 0xab || cp == 0xbb ||
	       cp == 0x201c || cp == 0x201d || cp == 0x201e ||
	       cp == 0x2026 || cp == 0x2014 || cp == 0x2013;
}

/* Length of the code point ending at s[end - 1]. */
static size_t cp_before(const char *s, size_t start, size_t end)
{
	size_t k = end - 1;

	while (k > start && ((unsigned char)s[k] & 0xc0) == 0x80)
		k--;
	return end - k;
}

static int has_str(const char *s, size_t n, const char *what)
{
	size_t m = strlen(what);

	for (size_t i = 0; i + m <= n; i++)
		if (!strncasecmp(s + i, what, m))
			return 1;
	return 0;
}

/* Does s[0..n) equal the folded word w, ignoring case? */
static int same_folded(const char *s, size_t n, const char *w)
{
	size_t i = 0, j = 0, m = strlen(w);

	while (i < n && j < m) {
		uint32_t a, b;
		int la = utf8_decode(s + i, n - i, &a);
		int lb = utf8_decode(w + j, m - j, &b);

		if (la < 0 || lb < 0 || text_fold_cp(a) != b)
			return 0;
		i += (size_t)la;
		j += (size_t)lb;
	}
	return i == n && j == m;
}

/* Is [p, q) "host.tld" optionally followed by "/path", ":port" or "?q"?
 * Labels are ASCII letters, digits and hyphens (Cyrillic for .рф). */
static int is_domain(const char *s, size_t p, size_t q)
{
	size_t i = p, label = p, last = p, labels = 0, hostend = q;

	for (size_t k = p; k < q; k++)
		if (s[k] == '/' || s[k] == '?' || s[k] == ':' || s[k] == '#') {
			hostend = k;
			break;
		}
	for (; i <= hostend; i++) {
		unsigned char c = i < hostend ? (unsigned char)s[i] : '.';

		if (c == '.') {
			if (i == label)
				return 0;	/* empty label: "a..b" */
			last = label;
			labels++;
			label = i + 1;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c >= 0x80))
			return 0;
	}
	if (labels < 2)
		return 0;
	for (size_t k = 0; k < ARRAY_SIZE(tlds); k++)
		if (same_folded(s + last, hostend - last, tlds[k]))
			return 1;
	return 0;
}

/* Is the trimmed run [p, q) a link, an address, a handle or a tag? */
static int is_link(const char *s, size_t p, size_t q)
{
	unsigned char c0 = (unsigned char)s[p];

	if (q - p < 2)
		return 0;
	if (c0 == '@' || c0 == '#')
		return 1;
	if (has_str(s + p, q - p, "://") || has_str(s + p, q - p, "www."))
		return 1;
	for (size_t k = p + 1; k + 1 < q; k++)
		if (s[k] == '@')
			return 1;	/* name@host */
	return is_domain(s, p, q);
}

const char *text_mask_links(struct arena *a, const char *s, size_t n)
{
	char *out = NULL;
	size_t i = 0;

	while (i < n) {
		size_t p, q;

		while (i < n && is_space_at(s, n, i))
			i++;
		p = i;
		while (i < n && !is_space_at(s, n, i))
			i++;
		q = i;
		/* wrapping punctuation stays: it may end the sentence */
		while (p < q) {
			uint32_t cp;
			int l = utf8_decode(s + p, q - p, &cp);

			if (l < 0 || !is_wrap(cp))
				break;
			p += (size_t)l;
		}
		while (q > p) {
			size_t l = cp_before(s, p, q);
			uint32_t cp;

			if (utf8_decode(s + q - l, l, &cp) < 0 || !is_wrap(cp))
				break;
			q -= l;
		}
		if (p >= q || !is_link(s, p, q))
			continue;
		if (!out) {
			out = arena_alloc(a, n + 1);
			memcpy(out, s, n);
		}
		memset(out + p, ' ', q - p);
	}
	return out ? out : s;
}

const char *text_unquote(struct arena *a, const char *s, size_t n)
{
	char *out = NULL;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = utf8_decode(s + i, n - i, &cp);

		if (l < 0) {
			i++;
			continue;
		}
		if (cp == '"' || cp == 0xAB || cp == 0xBB || cp == 0x201C ||
		    cp == 0x201D || cp == 0x201E || cp == 0x451 ||
		    cp == 0x401) {
			if (!out) {
				out = arena_alloc(a, n + 1);
				memcpy(out, s, n);
			}
			if (cp == 0x451)	/* ё -> е, both two bytes */
				memcpy(out + i, "\xd0\xb5", 2);
			else if (cp == 0x401)	/* Ё -> Е */
				memcpy(out + i, "\xd0\x95", 2);
			else
				memset(out + i, ' ', (size_t)l);
		}
		i += (size_t)l;
	}
	return out ? out : s;
}

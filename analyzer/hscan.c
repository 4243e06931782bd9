/*
 * hscan.c - the cues of several lists compiled into one Vectorscan
 * database of the literals their matches begin with, and one scan of a
 * text giving each cue the places a match of it may start.
 */
#include "hscan.h"
#include "lex.h"
#include "rx.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <hs.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Case: the literals and the text are both lower-cased, character for
 * character and byte for byte (so offsets hold), by lower() below, and
 * matched as bytes: Vectorscan's own UTF-8 case folding compiles these
 * literals for half a minute.  lower() covers ASCII, Latin-1 and
 * Cyrillic (U+0400-U+052F: Russian, Kyrgyz, Kazakh); a literal is cut
 * before its first other character.  PCRE2 also takes a few characters
 * outside those as the same letter as one inside ("K" U+212A for "k",
 * "ᲀ" U+1C80 for "в"): a text holding one is read by PCRE2 alone.
 */
/* Nesting of groups looked into for literals. */
#define LIT_DEPTH 8
/* Candidates per byte of text past which a scan gives up (PCRE2 then
 * reads every cue): bounds the memory a hostile text can take. */
#define HS_CANDS_PER_BYTE 8

struct hscan {
	hs_database_t *db;
	unsigned char *has;	/* [ncues]: read by the database */
	size_t ncues;
	unsigned *lit_cue;	/* per literal (the database's ids) */
	size_t *lit_len;
	size_t nlits;
};

/* Characters outside lower()'s ranges that PCRE2 may take for one in
 * them (Unicode 14's case sets: Python's re._casefix and str.lower()). */
static const uint32_t foreign_case[] = {
	0x131, 0x178, 0x17f, 0x1c80, 0x1c81, 0x1c82, 0x1c83, 0x1c84, 0x1c85,
	0x1c86, 0x1c87, 0x1c88, 0x1e9e, 0x212a, 0x212b,
};

/* The lower case of cp, of the same UTF-8 length, within lower()'s
 * ranges; other characters are themselves. */
static uint32_t lower_cp(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40f)
		return c + 0x50;
	if (c >= 0x410 && c <= 0x42f)
		return c + 0x20;
	if (c == 0x4c0)
		return 0x4cf;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) ||
	    (c >= 0x4d0 && c <= 0x52f))
		return c | 1;
	if (c >= 0x4c1 && c <= 0x4ce)
		return c & 1 ? c + 1 : c;
	return c;
}

/* Is c in lower()'s ranges? */
static int lower_covers(uint32_t c)
{
	return c < 0x80 || (c >= 0xc0 && c <= 0xff && c != 0xd7 &&
			    c != 0xf7) || (c >= 0x400 && c <= 0x52f);
}

/*
 * Lower-case s[0..n) into out (n bytes, not terminated).  Returns the
 * bytes up to the first character outside lower()'s ranges when stop is
 * set (a literal is cut there), else n; -1 when s holds a character of
 * foreign_case (the text is then PCRE2's alone).
 */
static long lower(const char *s, size_t n, char *out, int stop)
{
	size_t i = 0;

	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		uint32_t c;

		if (b < 0x80) {
			out[i++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
			continue;
		}
		if (b >= 0xc2 && b < 0xe0 && i + 1 < n) {
			c = (uint32_t)(b & 0x1f) << 6 | (s[i + 1] & 0x3f);
			if (stop && !lower_covers(c))
				return (long)i;
			c = lower_cp(c);
			out[i] = (char)(0xc0 | c >> 6);
			out[i + 1] = (char)(0x80 | (c & 0x3f));
			for (size_t k = 0; k < ARRAY_SIZE(foreign_case); k++)
				if (c == foreign_case[k])
					return -1;
			i += 2;
			continue;
		}
		if (stop)
			return (long)i;
		/* three and four bytes: only foreign_case matters */
		if (b == 0xe1 || b == 0xe2) {
			uint32_t cp = i + 2 < n ? (uint32_t)(b & 0x0f) << 12 |
				(uint32_t)(s[i + 1] & 0x3f) << 6 |
				(s[i + 2] & 0x3f) : 0;

			for (size_t k = 0; k < ARRAY_SIZE(foreign_case); k++)
				if (cp == foreign_case[k])
					return -1;
		}
		out[i] = s[i];
		i++;
	}
	return (long)n;
}

/* The literals of one cue. */
struct lits {
	char **v;
	size_t n, alloc;
};

static void lits_clear(struct lits *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	l->n = 0;
}

/* Skip the group opened at s[i]: the index after its ")", or 0. */
static size_t group_end(const char *s, size_t i)
{
	size_t depth = 0, next;

	for (; s[i]; i = next) {
		next = rx_atom_end(s, i);
		if (!next)
			return 0;
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && !--depth)
			return next;
	}
	return 0;
}

/* A quantifier at s[i]: 1 when it lets the atom before it go (*, ?,
 * {0...}), 2 when the atom stays at least once (+, {1...}), else 0. */
static int quant_at(const char *s, size_t i)
{
	if (s[i] == '*' || s[i] == '?' || (s[i] == '{' && s[i + 1] == '0'))
		return 1;
	if (s[i] == '+' || (s[i] == '{' && s[i + 1] >= '1' &&
			    s[i + 1] <= '9'))
		return 2;
	return 0;
}

/* Bytes of the UTF-8 character at s (1 for ASCII or a stray byte). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	for (size_t k = 1; k < n; k++)
		if (((unsigned char)s[k] & 0xc0) != 0x80)
			return 1;
	return n;
}

static int alt_lits(const char *p, size_t i, size_t end, struct lits *out,
		    int depth);

/* A group at p[i] that matches nothing ("(?=...)", "(?<!...)", "(?i)"). */
static int zero_width_group(const char *p, size_t i)
{
	const char *c = p + i;

	if (c[1] != '?')
		return 0;
	if (c[2] == '=' || c[2] == '!' ||
	    (c[2] == '<' && (c[3] == '=' || c[3] == '!')))
		return 1;
	for (c += 2; (*c >= 'a' && *c <= 'z') || *c == '-'; c++)
		;
	return *c == ')';
}

/*
 * Add to out the literal that every match of the branch p[i..end) begins
 * with: its characters up to the first that is not one ("\w", a class,
 * an optional one); assertions (\b, lookarounds) are stepped over, as
 * they match nothing.  A branch that begins with a group gives the
 * literals of the group's branches.  -1 when there is none.
 */
static int branch_lits(const char *p, size_t i, size_t end,
		       struct lits *out, int depth)
{
	struct buf lit = BUF_INIT;
	int rc = 0, q;

	while (i < end) {
		size_t next = rx_atom_end(p, i), ge, inner, cl;
		const char *c = p + i;

		if (!next || next > end) {
			rc = -1;
			goto out;
		}
		if ((c[0] == '\\' && (c[1] == 'b' || c[1] == 'B')) ||
		    c[0] == '^') {
			i = next;
			continue;
		}
		if (c[0] == '(') {
			ge = group_end(p, i);
			if (!ge || ge > end) {
				rc = -1;
				goto out;
			}
			if (zero_width_group(p, i) && !quant_at(p, ge)) {
				i = ge;
				continue;
			}
			if (lit.len)
				break;
			inner = c[1] != '?' ? i + 1 :
				c[2] == ':' ? i + 3 :
				!strncmp(c + 2, "-i:", 3) ? i + 5 :
				!strncmp(c + 2, "i:", 2) ? i + 4 : 0;
			if (!inner || quant_at(p, ge) == 1 ||
			    depth >= LIT_DEPTH)
				rc = -1;
			else
				rc = alt_lits(p, inner, ge - 1, out, depth + 1);
			goto out;
		}
		if (c[0] == '\\') {
			if ((c[1] >= '0' && c[1] <= '9') ||
			    (c[1] >= 'a' && c[1] <= 'z') ||
			    (c[1] >= 'A' && c[1] <= 'Z'))
				break;
			c++;		/* an escaped sign is itself */
			cl = 1;
		} else if (strchr(".[$|)*+?{", c[0])) {
			break;
		} else {
			cl = char_len(c);
			next = i + cl;
		}
		q = quant_at(p, next);
		if (q != 1)
			buf_add(&lit, c, cl);
		if (q)
			break;
		i = next;
	}
	if (!lit.len) {
		rc = -1;
		goto out;
	}
	ALLOC_GROW(out->v, out->n + 1, out->alloc);
	out->v[out->n++] = buf_detach(&lit, NULL);
out:
	buf_release(&lit);
	return rc;
}

/* The literals of every branch of the alternation p[i..end). */
static int alt_lits(const char *p, size_t i, size_t end, struct lits *out,
		    int depth)
{
	size_t from = i, d = 0, next;

	for (;; i = next) {
		if (i == end || (p[i] == '|' && !d)) {
			if (branch_lits(p, from, i, out, depth) < 0)
				return -1;
			if (i == end)
				return 0;
			from = next = i + 1;
			continue;
		}
		next = rx_atom_end(p, i);
		if (!next || next > end)
			return -1;
		if (p[i] == '(')
			d++;
		else if (p[i] == ')')
			d--;
	}
}

/* A literal as the database holds it: lower-cased, cut before its
 * first character lower() does not cover; NULL when nothing is left. */
static char *lit_lower(const char *lit)
{
	size_t n = strlen(lit);
	char *out = xmalloc(n + 1);
	long k = lower(lit, n, out, 1);

	if (k <= 0) {
		free(out);
		return NULL;
	}
	out[k] = '\0';
	return out;
}

/* All literals of cues the database reads, compiled; -1 with the cause
 * in e on failure. */
static int compile(struct hscan *h, struct lits *cl, struct err *e)
{
	hs_compile_error_t *ce = NULL;
	const char **pats;
	unsigned *flags, *ids;
	size_t n = 0;
	int rc = 0;

	for (size_t id = 0; id < h->ncues; id++)
		n += h->has[id] ? cl[id].n : 0;
	if (!n)
		return err_set(e, "no cue begins with a literal");
	pats = xcalloc(n, sizeof(*pats));
	flags = xcalloc(n, sizeof(*flags));
	ids = xcalloc(n, sizeof(*ids));
	h->lit_cue = xcalloc(n, sizeof(*h->lit_cue));
	h->lit_len = xcalloc(n, sizeof(*h->lit_len));
	for (unsigned id = 0; id < h->ncues; id++)
		for (size_t j = 0; h->has[id] && j < cl[id].n; j++) {
			pats[h->nlits] = cl[id].v[j];
			h->lit_len[h->nlits] = strlen(cl[id].v[j]);
			h->lit_cue[h->nlits] = id;
			ids[h->nlits] = (unsigned)h->nlits;
			h->nlits++;
		}
	if (hs_compile_lit_multi(pats, flags, ids, h->lit_len,
				 (unsigned)h->nlits, HS_MODE_BLOCK, NULL,
				 &h->db, &ce) != HS_SUCCESS) {
		rc = err_set(e, "%s", ce->message);
		hs_free_compile_error(ce);
	}
	free(pats);
	free(flags);
	free(ids);
	return rc;
}

struct hscan *hscan_build(struct cues *const *lists, size_t n,
			  struct err *e)
{
	const char *env = getenv("MEDIAMON_NO_HYPERSCAN");
	struct hscan *h;
	struct lits *cl, l = { 0 };
	size_t id = 0;
	int rc;

	e->msg[0] = '\0';
	if ((env && strcmp(env, "0")) || hs_valid_platform() != HS_SUCCESS)
		return NULL;
	h = xcalloc(1, sizeof(*h));
	for (size_t i = 0; i < n; i++)
		h->ncues += lists[i]->n;
	h->has = xcalloc(h->ncues + 1, 1);
	cl = xcalloc(h->ncues + 1, sizeof(*cl));
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < lists[i]->n; j++, id++) {
			const char *src = lists[i]->v[j].src;

			lists[i]->v[j].hid = (unsigned)id;
			lits_clear(&l);
			if (alt_lits(src, 0, strlen(src), &l, 0) < 0)
				continue;
			h->has[id] = 1;
			for (size_t k = 0; k < l.n && h->has[id]; k++) {
				char *low = lit_lower(l.v[k]);

				/* a literal cut to nothing: no filter */
				h->has[id] = low != NULL;
				ALLOC_GROW(cl[id].v, cl[id].n + 1,
					   cl[id].alloc);
				cl[id].v[cl[id].n++] = low;
			}
		}
	}
	lits_clear(&l);
	free(l.v);
	rc = compile(h, cl, e);
	for (id = 0; id < h->ncues; id++) {
		lits_clear(&cl[id]);
		free(cl[id].v);
	}
	free(cl);
	if (rc < 0) {
		hscan_free(h);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		lists[i]->hs = h;
	return h;
}

void hscan_free(struct hscan *h)
{
	if (!h)
		return;
	hs_free_database(h->db);
	free(h->has);
	free(h->lit_cue);
	free(h->lit_len);
	free(h);
}

int hscan_has(const struct hscan *h, unsigned id)
{
	return h && id < h->ncues && h->has[id];
}

void hscan_counts(const struct hscan *h, size_t *read, size_t *all)
{
	*read = *all = 0;
	for (size_t i = 0; h && i < h->ncues; i++)
		*read += h->has[i];
	*all = h ? h->ncues : 0;
}

/* Vectorscan's report: keep the candidate, or stop a runaway scan. */
static int on_match(unsigned id, unsigned long long from,
		    unsigned long long to, unsigned flags, void *ctx)
{
	struct hscan_run *r = ctx;

	(void)from;
	(void)flags;
	if (r->n >= HS_CANDS_PER_BYTE * (r->len + 256))
		return 1;
	ALLOC_GROW(r->start, r->n + 1, r->alloc);
	ALLOC_GROW(r->ids, r->n + 1, r->ids_alloc);
	r->start[r->n] = (size_t)to - r->db->lit_len[id];
	r->ids[r->n++] = r->db->lit_cue[id];
	return 0;
}

static int size_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	return a < b ? -1 : a > b;
}

/* Group the starts by id (counting sort), each group ascending and
 * without repeats (two literals of a cue may start at one place). */
static void group(struct hscan_run *r, size_t ncues)
{
	size_t k = 0;

	ALLOC_GROW(r->first, ncues + 2, r->first_alloc);
	ALLOC_GROW(r->tmp, r->n + 1, r->tmp_alloc);
	memset(r->first, 0, (ncues + 2) * sizeof(*r->first));
	for (size_t i = 0; i < r->n; i++)
		r->first[r->ids[i] + 2]++;
	for (size_t id = 0; id < ncues; id++)
		r->first[id + 2] += r->first[id + 1];
	for (size_t i = 0; i < r->n; i++)
		r->tmp[r->first[r->ids[i] + 1]++] = r->start[i];
	/* first[id] is now where id's starts begin in tmp */
	for (size_t id = 0; id < ncues; id++) {
		size_t *c = r->tmp + r->first[id];
		size_t nc = r->first[id + 1] - r->first[id];

		qsort(c, nc, sizeof(*c), size_cmp);
		r->first[id] = k;
		for (size_t j = 0; j < nc; j++)
			if (!j || c[j] != c[j - 1])
				r->start[k++] = c[j];
	}
	r->first[ncues] = k;
	r->n = k;
}

int hscan_scan(struct hscan_run *r, const struct hscan *h, const char *text,
	       size_t len)
{
	hs_scratch_t *s = r->scratch;

	r->db = NULL;
	r->n = 0;
	if (!h)
		return 0;
	if (len > UINT_MAX)
		return -1;
	/* grown once for each database (the text's and the unquoted
	 * text's), then fit for both: growing costs a copy */
	if (h != r->grown[0] && h != r->grown[1]) {
		if (hs_alloc_scratch(h->db, &s) != HS_SUCCESS)
			return -1;
		r->scratch = s;
		r->grown[r->grown[0] != NULL] = h;
	}
	ALLOC_GROW(r->low, len + 1, r->low_alloc);
	if (lower(text, len, r->low, 0) < 0)
		return -1;
	r->text = text;
	r->len = len;
	r->db = h;	/* on_match reads its literals */
	if (hs_scan(h->db, r->low, (unsigned)len, 0, s, on_match, r) !=
	    HS_SUCCESS) {
		r->db = NULL;
		return -1;
	}
	group(r, h->ncues);
	return 0;
}

void hscan_run_release(struct hscan_run *r)
{
	hs_free_scratch(r->scratch);
	free(r->start);
	free(r->ids);
	free(r->tmp);
	free(r->first);
	free(r->low);
	memset(r, 0, sizeof(*r));
}

/*
 * rx.c - compiled PCRE2 patterns with JIT, and the matcher that holds
 * the match context, match data and JIT stack of one analyzer.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"
#include "common/xalloc.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* Generous for news text, small enough to bound a pathological pattern. */
#define RX_MATCH_LIMIT 1000000
#define RX_DEPTH_LIMIT 10000

struct rx {
	pcre2_code *code;
	int jit;
	char *src;		/* the pattern as compiled */
};

struct rx_matcher {
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	pcre2_match_data *mdata;
};

/* JIT code reads ahead of the subject in ways valgrind reports as
 * uninitialised; the interpreter gives the same answers.  Also
 * MEDIAMON_NO_JIT=1 turns it off. */
static int jit_wanted(void)
{
	const char *env = getenv("MEDIAMON_NO_JIT");

	return !RUNNING_ON_VALGRIND && !(env && strcmp(env, "0"));
}

struct rx *rx_compile(const char *pattern, struct err *e)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *c;
	struct rx *r;

	c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			  PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS |
			  PCRE2_USE_OFFSET_LIMIT, &code, &off,
			  NULL);
	if (!c) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(code, msg, sizeof(msg));
		err_set(e, "bad pattern at offset %zu: %s", (size_t)off,
			(char *)msg);
		return NULL;
	}
	r = xmalloc(sizeof(*r));
	r->code = c;
	r->src = xstrdup(pattern);
	/* JIT is an optimisation: without it (e.g. no executable memory)
	 * the interpreter gives the same answers. */
	r->jit = jit_wanted() && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0;
	return r;
}

const char *rx_source(const struct rx *r)
{
	return r->src;
}

void rx_free(struct rx *r)
{
	if (!r)
		return;
	pcre2_code_free(r->code);
	free(r->src);
	free(r);
}

struct rx_matcher *rx_matcher_new(void)
{
	struct rx_matcher *m = xcalloc(1, sizeof(*m));

	m->mctx = pcre2_match_context_create(NULL);
	if (!m->mctx)
		BUG("cannot create a pcre2 match context");
	pcre2_set_match_limit(m->mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, RX_DEPTH_LIMIT);
	/* without a JIT stack of its own, JIT matching uses 32 KB on the
	 * machine stack, too little for long alternations */
	m->jstack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (m->jstack)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
	m->mdata = pcre2_match_data_create(16, NULL);
	if (!m->mdata)
		BUG("cannot create pcre2 match data");
	return m;
}

void rx_matcher_free(struct rx_matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->mdata);
	pcre2_jit_stack_free(m->jstack);
	pcre2_match_context_free(m->mctx);
	free(m);
}

/* pcre2_match with the matcher's limits, from offset from. */
static int find(struct rx_matcher *m, const struct rx *r, const char *s,
		size_t n, size_t from, uint32_t opts, size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov;
	int rc;

	if (from > n)
		return 0;
	/* The subject was validated as UTF-8 once by the caller. */
	rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, from,
			 PCRE2_NO_UTF_CHECK | opts, m->mdata, m->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0)
		return -1;
	ov = pcre2_get_ovector_pointer(m->mdata);
	*ms = ov[0];
	*me = ov[1];
	return 1;
}

int rx_find(struct rx_matcher *m, const struct rx *r, const char *s,
	    size_t n, size_t from, size_t *ms, size_t *me)
{
	return find(m, r, s, n, from, 0, ms, me);
}

/* PCRE2_ANCHORED at match time would make PCRE2 leave its JIT code for
 * the interpreter; an offset limit at the start offset also allows one
 * start only, and JIT code keeps it (analysis 20% faster). */
int rx_find_at(struct rx_matcher *m, const struct rx *r, const char *s,
	       size_t n, size_t at, size_t *ms, size_t *me)
{
	int rc;

	pcre2_set_offset_limit(m->mctx, at);
	rc = find(m, r, s, n, at, 0, ms, me);
	pcre2_set_offset_limit(m->mctx, PCRE2_UNSET);
	return rc;
}

/* Where the atom at s[i] ends: after an escape's next byte, a character
 * class's "]" or one byte; 0 when the pattern ends inside it. */
size_t rx_atom_end(const char *s, size_t i)
{
	if (s[i] == '\\')
		return s[i + 1] ? i + 2 : 0;
	if (s[i] != '[')
		return i + 1;
	i++;
	if (s[i] == '^')
		i++;
	if (s[i] == ']')	/* a "]" first is a member */
		i++;
	for (; s[i] && s[i] != ']'; i++) {
		if (s[i] == '\\' && s[i + 1]) {
			i++;
		} else if (s[i] == '[' && s[i + 1] == ':') {
			const char *e = strstr(s + i, ":]");	/* [:alpha:] */

			if (!e)
				return 0;
			i = (size_t)(e - s) + 1;
		}
	}
	return s[i] ? i + 1 : 0;
}

/*
 * rx.c - compiled PCRE2 patterns with JIT and one shared match context.
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
};

static pcre2_match_context *mctx;
static pcre2_jit_stack *jstack;
static pcre2_match_data *mdata;
static unsigned long limit_hits;
static int no_jit;

/* The shared context lives as long as the process, like the patterns. */
static void rx_setup(void)
{
	const char *env;

	if (mctx)
		return;
	mctx = pcre2_match_context_create(NULL);
	if (!mctx)
		BUG("cannot create a pcre2 match context");
	pcre2_set_match_limit(mctx, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(mctx, RX_DEPTH_LIMIT);
	jstack = pcre2_jit_stack_create(32 * 1024, 512 * 1024, NULL);
	if (jstack)
		pcre2_jit_stack_assign(mctx, NULL, jstack);
	mdata = pcre2_match_data_create(16, NULL);
	if (!mdata)
		BUG("cannot create pcre2 match data");
	/* JIT code reads ahead of the subject in ways valgrind reports as
	 * uninitialised; the interpreter gives the same answers.  Also
	 * MEDIAMON_NO_JIT=1 turns it off. */
	env = getenv("MEDIAMON_NO_JIT");
	no_jit = RUNNING_ON_VALGRIND || (env && strcmp(env, "0"));
}

struct rx *rx_compile(const char *pattern, struct err *e)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *c;
	struct rx *r;

	rx_setup();
	c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
			  PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &off,
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
	/* JIT is an optimisation: without it (e.g. no executable memory)
	 * the interpreter gives the same answers. */
	r->jit = !no_jit && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0;
	return r;
}

void rx_free(struct rx *r)
{
	if (!r)
		return;
	pcre2_code_free(r->code);
	free(r);
}

int rx_find(const struct rx *r, const char *s, size_t n, size_t from,
	    size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov;
	int rc;

	if (from > n)
		return 0;
	/* The subject was validated as UTF-8 once by the caller. */
	rc = pcre2_match(r->code, (PCRE2_SPTR)s, n, from, PCRE2_NO_UTF_CHECK,
			 mdata, mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		limit_hits++;
		return -1;
	}
	ov = pcre2_get_ovector_pointer(mdata);
	*ms = ov[0];
	*me = ov[1];
	return 1;
}

unsigned long rx_limit_hits(void)
{
	return limit_hits;
}

void rx_cleanup(void)
{
	pcre2_match_data_free(mdata);
	pcre2_jit_stack_free(jstack);
	pcre2_match_context_free(mctx);
	mdata = NULL;
	jstack = NULL;
	mctx = NULL;
}
